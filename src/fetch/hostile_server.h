// Test support: a hostile web site on 127.0.0.1 (docs/security.md). Every page
// misbehaves in one way a real server may — by accident or on purpose — and the
// crawler must survive all of them at once: malformed and gigantic HTML, a gzip
// bomb, an endless chunked body, a body trickled one byte a second, endless
// redirects, lying charsets, binary served as HTML, a spider trap of generated
// URLs, and a robots.txt of a chosen shape. Header-only; link HTTPLIB and zlib.
//
// Handlers that stream forever stop when the client goes away or the site is
// destroyed, so the server's threads are never held after a test.
#pragma once

#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fetch/loopback_server.h"

namespace govscore::fetch_testing {

// A gzip stream that inflates to `decoded` zero-ish bytes ("<p>" then spaces);
// about a thousandth of that on the wire. Built in pieces: never holds the
// decoded size in memory.
inline std::string GzipBomb(size_t decoded) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_RLE);
  std::string block(1 << 20, ' ');
  block.replace(0, 3, "<p>");
  std::string out;
  char buf[1 << 16];
  for (size_t fed = 0; fed < decoded;) {
    const size_t n = std::min(block.size(), decoded - fed);
    fed += n;
    zs.next_in = reinterpret_cast<Bytef*>(block.data());
    zs.avail_in = static_cast<uInt>(n);
    const int flush = fed >= decoded ? Z_FINISH : Z_NO_FLUSH;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, flush);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
  }
  deflateEnd(&zs);
  return out;
}

class HostileSite {
 public:
  // What /robots.txt answers.
  enum class Robots {
    kNone,       // 404
    kHuge,       // 8 MiB of rules and comments
    kBinary,     // random bytes, served as text/plain
    kMalformed,  // broken lines, no colons, giant lines, NULs, BOM, CR-only
    kEndless,    // an endless chunked body
    kTrickle,    // one byte a second
    kRedirectLoop,
    kGzipBomb,
  };

  explicit HostileSite(Robots robots = Robots::kNone) : robots_(robots) {
    httplib::Server& s = server_.server();
    // Slow handlers (trickle, endless bodies) must not starve the others: a
    // thread per connection the crawler may open, and then some.
    s.new_task_queue = [] { return new httplib::ThreadPool(64); };
    (void)Bomb();  // built before serving, not inside a request
    s.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Home(), "text/html; charset=utf-8");
    });
    s.Get("/ok.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><title>正常页面</title></head><body><p>政府信息公开</p>"
          "<a href=\"/ok2.html\">下一页</a></body></html>",
          "text/html; charset=utf-8");
    });
    s.Get("/ok2.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><head><title>第二个正常页面</title></head><body>ok</body></html>",
                      "text/html; charset=utf-8");
    });
    s.Get("/malformed.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Malformed(), "text/html");
    });
    s.Get("/gigantic.html", [this](const httplib::Request&, httplib::Response& res) {
      // 256 MiB announced and streamed as long as the client reads.
      const size_t total = size_t{256} << 20;
      res.set_content_provider(total, "text/html; charset=utf-8",
                               [this](size_t offset, size_t length, httplib::DataSink& sink) {
                                 static const std::string chunk = GiganticChunk();
                                 if (stopping_) return false;
                                 (void)offset;
                                 return sink.write(chunk.data(), std::min(length, chunk.size()));
                               });
    });
    s.Get("/bomb.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      ServeAsIs(res, Bomb(), "text/html; charset=utf-8");
    });
    s.Get("/endless.html", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/html; charset=utf-8",
                                       [this](size_t, httplib::DataSink& sink) {
                                         static const std::string chunk = GiganticChunk();
                                         if (stopping_) return false;
                                         return sink.write(chunk.data(), chunk.size());
                                       });
    });
    s.Get("/trickle.html", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(
          size_t{1000}, "text/html; charset=utf-8",
          [this](size_t, size_t, httplib::DataSink& sink) { return Trickle(sink); });
    });
    s.Get(R"(/redirect/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      const long n = std::stol(req.matches[1].str());
      res.set_redirect("/redirect/" + std::to_string(n + 1), 302);
    });
    // Into the cloud metadata service: the address policy must refuse it.
    s.Get("/to-metadata", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://169.254.169.254/latest/meta-data/", 302);
    });
    s.Get("/loop-a", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop-b", 301);
    });
    s.Get("/loop-b", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop-a", 301);
    });
    // Header says UTF-8, the bytes are GBK (and the page says so too).
    s.Get("/charset-lie.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><meta charset=\"gbk\"><title>\xd5\xfe\xb8\xae</title></head>"
          "<body>\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa</body></html>",
          "text/html; charset=utf-8");
    });
    // A charset nobody knows, in the header and in the page.
    s.Get("/charset-bogus.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><meta charset=\"x-no-such-charset-\xff\xfe\"><title>bogus</title>"
          "</head><body>\xe6\x94\xbf\xe5\xba\x9c \xff\xfe\xfd</body></html>",
          "text/html; charset=\"x-klingon-7\"");
    });
    // Claims UTF-16 but is ASCII with stray high bytes.
    s.Get("/charset-utf16.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><meta charset=\"utf-16\"><title>utf16?</title></head>"
          "<body>\x80\x81\x82 plain</body></html>",
          "text/html; charset=utf-16");
    });
    s.Get("/binary.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(RandomBytes(512 * 1024, 7), "text/html");
    });
    // The trap: each page links to a deeper path, a repeated segment, a new
    // session id and the next day of a calendar, without end.
    s.Get(R"(/trap/.*)", [](const httplib::Request& req, httplib::Response& res) {
      static std::atomic<uint64_t> counter{0};
      const uint64_t n = ++counter;
      std::string page = "<html><head><title>trap</title></head><body>";
      page += "<a href=\"" + req.path + "x" + std::to_string(n) + "/\">deeper</a>";
      page += "<a href=\"" + req.path + "same/\">same</a>";
      page += "<a href=\"/trap/s?sid=" + std::to_string(n * 7919) + "x\">session</a>";
      page += "<a href=\"/trap/cal?date=" + std::to_string(1990 + n % 200) + "-" +
              std::to_string(1 + n % 12) + "-01\">calendar</a>";
      page += "</body></html>";
      res.set_content(page, "text/html; charset=utf-8");
    });
    s.Get("/robots.txt",
          [this](const httplib::Request&, httplib::Response& res) { ServeRobots(res); });
    server_.Start();
  }

  ~HostileSite() {
    stopping_ = true;
    server_.Stop();
  }

  HostileSite(const HostileSite&) = delete;
  HostileSite& operator=(const HostileSite&) = delete;

  std::string Url(std::string_view path) const { return server_.Url(path); }
  int port() const { return server_.port(); }

  // The pages the homepage links to, each hostile in its own way.
  static std::vector<std::string> HostilePaths() {
    return {"/malformed.html", "/gigantic.html",      "/bomb.html",
            "/endless.html",   "/trickle.html",       "/redirect/0",
            "/loop-a",         "/charset-lie.html",   "/charset-bogus.html",
            "/binary.html",    "/charset-utf16.html", "/trap/",
            "/to-metadata"};
  }

 private:
  static std::string Home() {
    std::string page =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>敌意网站</title></head><body>"
        "<a href=\"/ok.html\">正常</a>";
    for (const std::string& path : HostilePaths())
      page += "<a href=\"" + path + "\">" + path + "</a>";
    // Hrefs that are not URLs at all.
    page += "<a href=\"http://[::1\">x</a><a href=\"http://%zz/\">y</a><a href=\"\x01\x02\">z</a>";
    page += "<a href=\"http://" + std::string(5000, 'a') + ".cn/\">long</a>";
    return page + "</body></html>";
  }

  static std::string Malformed() {
    std::string page = "<html><head><title>坏<title><meta charset=><meta http-equiv=refresh ";
    page += "content=\"0;url=javascript:alert(1)\"></head><body>";
    for (int i = 0; i < 20000; ++i) page += "<div><table><tr><td><b><i>";  // never closed
    page += "<a href=\"/ok.html\">back</a><a href='unterminated";
    page += std::string("\0\0\0", 3);
    page += "<!-- comment never closed <script>var a = '</scr' + 'ipt>';";
    for (int i = 0; i < 1000; ++i) page += "<p class=\"" + std::string(1000, 'x') + "\" ";
    page += "&#xFFFFFFFF; &#0; &#55296; &unknown; &amp &lt";
    page +=
        "<a href=\"javascript:void(0)\"><a href=\"mailto:\"><a href=\"//\"><a href=\"http://\">";
    return page;
  }

  static std::string GiganticChunk() {
    std::string chunk;
    while (chunk.size() < 64 * 1024) chunk += "<p>政府信息公开 <a href=\"/ok.html\">链接</a></p>\n";
    return chunk;
  }

  static std::string RandomBytes(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
  }

  // Sends `body` with a Content-Length and without httplib's own compression
  // (which it applies to text types served with set_content).
  static void ServeAsIs(httplib::Response& res, const std::string& body, const char* type) {
    res.set_content_provider(
        body.size(), type, [&body](size_t offset, size_t length, httplib::DataSink& sink) {
          return sink.write(body.data() + offset, std::min(length, body.size() - offset));
        });
  }

  static const std::string& Bomb() {
    static const std::string bomb = GzipBomb(size_t{256} << 20);  // 256 MiB decoded
    return bomb;
  }

  bool Trickle(httplib::DataSink& sink) {
    for (int i = 0; i < 1000 && !stopping_; ++i) {
      if (!sink.write("x", 1)) return false;
      for (int t = 0; t < 10 && !stopping_; ++t)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  void ServeRobots(httplib::Response& res) {
    switch (robots_) {
      case Robots::kNone:
        res.status = 404;
        return;
      case Robots::kHuge: {
        std::string body = "User-agent: *\n";
        while (body.size() < (size_t{8} << 20))
          body += "Disallow: /private/" + std::to_string(body.size()) + "/\n# comment line\n";
        body += "Disallow: /trap/\n";
        res.set_content(body, "text/plain");
        return;
      }
      case Robots::kBinary:
        res.set_content(RandomBytes(256 * 1024, 11), "text/plain");
        return;
      case Robots::kMalformed: {
        std::string body = "\xef\xbb\xbfUser-agent *\nDisallow /x\nUser-agent: govscore\r";
        body += "Disallow: /trap/\rAllow:\n";
        body += std::string("Disallow:\0/nul\n", 15);
        body += "Crawl-delay: 99999999999999999999\nSitemap: ::::\n";
        body += "Disallow: " + std::string(1 << 20, '*') + "\n";
        body += "User-agent: " + std::string(100000, 'g') + "\n";
        body += "Disallow: /$$$[[[(((\n\n\n:::\nAllow: /ok\xff\xfe.html\n";
        // A readable group at the end: garbage before it must not hide it.
        body += "User-agent: *\nDisallow: /nothing-here/\n";
        res.set_content(body, "text/plain");
        return;
      }
      case Robots::kEndless:
        res.set_chunked_content_provider("text/plain", [this](size_t, httplib::DataSink& sink) {
          static const std::string chunk = [] {
            std::string c;
            while (c.size() < 64 * 1024) c += "Disallow: /nothing/\n";
            return c;
          }();
          if (stopping_) return false;
          return sink.write(chunk.data(), chunk.size());
        });
        return;
      case Robots::kTrickle:
        res.set_content_provider(
            size_t{1000}, "text/plain",
            [this](size_t, size_t, httplib::DataSink& sink) { return Trickle(sink); });
        return;
      case Robots::kRedirectLoop:
        res.set_redirect("/robots.txt", 302);
        return;
      case Robots::kGzipBomb:
        res.set_header("Content-Encoding", "gzip");
        ServeAsIs(res, Bomb(), "text/plain");
        return;
    }
  }

  Robots robots_;
  std::atomic<bool> stopping_{false};
  LoopbackServer server_;  // last: stopped before the members above go away
};

}  // namespace govscore::fetch_testing

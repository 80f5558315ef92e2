#include "fetch/fetcher.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "fetch/loopback_server.h"
#include "fetch/test_support.h"

namespace govscore {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Runs every request to completion (at most `limit`) and returns results by tag.
std::map<uint64_t, FetchResult> FetchAll(Fetcher& fetcher,
                                         const std::vector<FetchRequest>& requests,
                                         std::chrono::seconds limit = std::chrono::seconds(20)) {
  for (const FetchRequest& r : requests) fetcher.Enqueue(r);
  std::map<uint64_t, FetchResult> out;
  auto deadline = Clock::now() + limit;
  while (out.size() < requests.size() && Clock::now() < deadline) {
    for (FetchResult& r : fetcher.Wait(milliseconds(200))) out.emplace(r.tag, std::move(r));
  }
  EXPECT_EQ(out.size(), requests.size()) << "fetches did not finish in time";
  EXPECT_EQ(fetcher.Pending(), 0u);
  return out;
}

FetchResult FetchOne(Fetcher& fetcher, const std::string& url,
                     FetchMethod method = FetchMethod::kGet) {
  auto results = FetchAll(fetcher, {{url, method, 1}});
  return results.count(1) ? results[1] : FetchResult{};
}

FetchOptions FastOptions() {
  FetchOptions o;
  o.retry_backoff = milliseconds(10);
  o.timeout_s = 5;
  return o;
}

std::string Gzip(const std::string& data, int window_bits = 15 + 16) {
  return fetch_testing::Deflate(data, window_bits);
}

// A port on 127.0.0.1 where nothing listens.
int ClosedPort() {
  sockaddr_in addr;
  close(fetch_testing::LoopbackSocket(/*backlog=*/-1, &addr));
  return ntohs(addr.sin_port);
}

// A listening socket that never accepts, with its accept queue filled, so new
// connection attempts hang in SYN_SENT until the client gives up.
class BlackHole {
 public:
  BlackHole() {
    sockaddr_in addr;
    listener_ = fetch_testing::LoopbackSocket(/*backlog=*/0, &addr);
    port_ = ntohs(addr.sin_port);
    for (int i = 0; i < 4; ++i) {  // fill the accept queue
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
      fillers_.push_back(fd);
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  ~BlackHole() {
    for (int fd : fillers_) close(fd);
    close(listener_);
  }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

// Accepts connections and closes them at once, whatever is sent.
class Slammer {
 public:
  Slammer() {
    sockaddr_in addr;
    listener_ = fetch_testing::LoopbackSocket(/*backlog=*/16, &addr);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0 || stop_) break;
        ++accepted_;
        close(fd);
      }
    });
  }
  ~Slammer() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    thread_.join();
    close(listener_);
  }
  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

class FetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.server();
    s.Get("/small", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        client_ports_.insert(req.remote_port);
      }
      // A type httplib does not compress: its brotli encoder would dominate.
      res.set_content("<rss><item>x</item></rss>", "application/rss+xml");
    });
    s.Get("/page", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><title>首页</title></html>", "text/html; charset=utf-8");
    });
    s.Get(R"(/r(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      int n = std::stoi(req.matches[1]);
      res.status = n % 2 == 0 ? 301 : 302;
      res.set_header("Location", n == 0 ? "/page" : "/r" + std::to_string(n - 1));
    });
    s.Get("/gate", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Cookie").find("pass=1") != std::string::npos) {
        res.set_content("inside", "text/plain");
        return;
      }
      res.status = 302;
      res.set_header("Location", "/dir/set-cookie");
    });
    s.Get("/dir/set-cookie", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Set-Cookie", "pass=1; Path=/");
      res.set_header("Location", "../gate");  // relative, resolved against this URL
    });
    s.Get("/loop-a", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "/loop-b");
    });
    s.Get("/loop-b", [this](const httplib::Request&, httplib::Response& res) {
      res.status = 307;
      res.set_header("Location", server_.Url("/loop-a"));
    });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("not here", "text/plain");
    });
    s.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("oops", "text/plain");
    });
    s.Get("/flaky", [this](const httplib::Request&, httplib::Response& res) {
      if (flaky_calls_++ < 2) {
        res.status = 503;
        return;
      }
      res.set_content("ok now", "text/plain");
    });
    s.Get("/busy", [this](const httplib::Request&, httplib::Response& res) {
      auto now = Clock::now();
      if (busy_calls_++ == 0) {
        busy_first_ = now;
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      busy_second_ = now;
      res.set_content("served", "text/plain");
    });
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1200));
      res.set_content("late", "text/plain");
    });
    s.Get("/no-head", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "HEAD") {
        ++head_calls_;
        res.status = 405;
        return;
      }
      res.set_content("%PDF-1.4", "application/pdf");
    });
    s.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      // A type httplib does not compress itself, so the encoding is ours.
      res.set_content(Gzip("<rss>gzip 政府</rss>"), "application/rss+xml; charset=utf-8");
      res.set_header("Content-Encoding", "gzip");
    });
    s.Get("/echo-accept-encoding", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("[" + req.get_header_value("Accept-Encoding") + "]", "text/plain");
    });
    s.Get("/deflate-raw", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Gzip("<rss>raw deflate</rss>", -15), "application/rss+xml");
      res.set_header("Content-Encoding", "deflate");
    });
    s.Get("/brotli", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(fetch_testing::BrotliCompress("<rss>brotli</rss>"), "application/rss+xml");
      res.set_header("Content-Encoding", "br");
    });
    s.Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Gzip(std::string(4 << 20, 'a')), "application/rss+xml");
      res.set_header("Content-Encoding", "gzip");
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(300000, 'x'), "application/rss+xml");
    });
    s.Get("/small-binary", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        binary_ports_.insert(req.remote_port);
      }
      res.set_content(std::string(2000, '\2'), "application/pdf");
    });
    s.Get("/binary", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(100000, '\1'), "application/zip");
    });
    s.Get("/gbk", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
          "</head><body>\xD5\xFE\xB8\xAE\xCD\xF8\xD5\xBE \xE9\x46</body></html>",
          "text/html");
    });
    s.Get("/big5", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>\xAC\x46\xA9\xB2\xBA\xF4\xAF\xB8</p>", "text/html; charset=big5");
    });
    s.Get("/real-gb2312", [](const httplib::Request&, httplib::Response& res) {
      std::filesystem::path dir =
          std::filesystem::path(GOVSCORE_SHARED_DIR) / "real-pages" / "www.chinaneast.gov.cn";
      for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".html") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream raw;
        raw << in.rdbuf();
        res.set_content(raw.str(), "text/html");
        return;
      }
      res.status = 404;
    });
    s.Get("/corrupt-gzip", [](const httplib::Request&, httplib::Response& res) {
      std::string z = Gzip(std::string(5000, 'z'));
      z[z.size() / 2] ^= 0x55;
      z[z.size() / 2 + 1] ^= 0x55;
      res.set_content(z, "application/rss+xml");
      res.set_header("Content-Encoding", "gzip");
    });
    s.Get("/busy-date", [this](const httplib::Request&, httplib::Response& res) {
      auto now = Clock::now();
      if (busy_calls_++ == 0) {
        busy_first_ = now;
        res.status = 503;
        char date[64];
        std::time_t when = std::time(nullptr) + 2;
        std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&when));
        res.set_header("Retry-After", date);
        return;
      }
      busy_second_ = now;
      res.set_content("served", "text/plain");
    });
    s.Get("/to-testnet", [this](const httplib::Request&, httplib::Response& res) {
      ++offsite_calls_;
      res.status = 302;
      res.set_header("Location", "http://203.0.113.1/page");  // TEST-NET-3, never contacted
    });
    s.Get("/to-invalid-test", [this](const httplib::Request&, httplib::Response& res) {
      ++offsite_calls_;
      res.status = 301;
      res.set_header("Location", "http://example.invalid.test/page");
    });
    s.Get("/to-invalid", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "http://nonexistent.invalid/page");
    });
    s.Get(R"(/echo/(.*))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.target, "text/plain");
    });
    s.Get("/modified", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      res.set_content("x", "text/plain");
    });
    s.Get(R"(/concurrent/(\d+))", [this](const httplib::Request&, httplib::Response& res) {
      int now = ++in_flight_;
      {
        std::lock_guard<std::mutex> lock(mu_);
        max_in_flight_ = std::max(max_in_flight_, now);
        starts_.push_back(Clock::now());
      }
      std::this_thread::sleep_for(milliseconds(40));
      --in_flight_;
      res.set_content("c", "text/plain");
    });
    server_.Start();
  }

  // `path` fails once asking for a wait of at least one second, then succeeds.
  void ExpectRetryAfterHonoured(const std::string& path) {
    FetchOptions o = FastOptions();
    o.retry_backoff = milliseconds(1);
    Fetcher fetcher(o);
    FetchResult r = FetchOne(fetcher, server_.Url(path));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.attempts, 2);
    EXPECT_GE(busy_second_ - busy_first_, milliseconds(950));
  }

  LoopbackServer server_;
  std::atomic<int> flaky_calls_{0};
  std::atomic<int> busy_calls_{0};
  std::atomic<int> head_calls_{0};
  std::atomic<int> offsite_calls_{0};
  Clock::time_point busy_first_, busy_second_;
  std::atomic<int> in_flight_{0};
  std::mutex mu_;
  int max_in_flight_ = 0;
  std::vector<Clock::time_point> starts_;
  std::set<int> client_ports_;  // one per TCP connection the fetcher opened
  std::set<int> binary_ports_;
};

TEST_F(FetcherTest, PlainGet) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/page"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<html><title>首页</title></html>");
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_EQ(r.charset, "utf-8");
  EXPECT_EQ(r.method_used, "GET");
  EXPECT_EQ(r.final_url, r.url);
  EXPECT_TRUE(r.redirects.empty());
  EXPECT_EQ(r.attempts, 1);
  EXPECT_GT(r.wire_bytes, 0u);
  EXPECT_EQ(r.headers.at("content-type"), "text/html; charset=utf-8");
}

TEST_F(FetcherTest, RedirectChainIsRecordedHopByHop) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/r3"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.final_url, server_.Url("/page"));
  ASSERT_EQ(r.redirects.size(), 4u);
  EXPECT_EQ(r.redirects[0].url, server_.Url("/r3"));
  EXPECT_EQ(r.redirects[0].status, 302);
  EXPECT_EQ(r.redirects[1].url, server_.Url("/r2"));
  EXPECT_EQ(r.redirects[1].status, 301);
  EXPECT_EQ(r.redirects[3].url, server_.Url("/r0"));
  EXPECT_EQ(r.body, "<html><title>首页</title></html>");
}

TEST_F(FetcherTest, RedirectLoopIsDetected) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/loop-a"));
  EXPECT_EQ(r.error, FetchError::kRedirectLoop);
  ASSERT_EQ(r.redirects.size(), 2u);
  EXPECT_EQ(r.redirects[0].url, server_.Url("/loop-a"));
  EXPECT_EQ(r.redirects[1].url, server_.Url("/loop-b"));
  EXPECT_EQ(r.redirects[1].status, 307);
}

TEST_F(FetcherTest, CookieBounceIsNotALoop) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/gate"));
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.body, "inside");
  ASSERT_EQ(r.redirects.size(), 2u);
  EXPECT_EQ(r.redirects[1].url, server_.Url("/dir/set-cookie"));
  EXPECT_EQ(r.final_url, server_.Url("/gate"));
}

TEST_F(FetcherTest, TooManyRedirects) {
  FetchOptions o = FastOptions();
  o.max_redirects = 3;
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/r5"));
  EXPECT_EQ(r.error, FetchError::kTooManyRedirects);
  EXPECT_EQ(r.redirects.size(), 4u);
  // Within the limit the same chain is fine.
  FetchResult ok = FetchOne(fetcher, server_.Url("/r2"));
  EXPECT_EQ(ok.error, FetchError::kNone);
  EXPECT_EQ(ok.redirects.size(), 3u);
}

TEST_F(FetcherTest, ClientAndServerErrors) {
  FetchOptions o = FastOptions();
  o.retries = 1;
  Fetcher fetcher(o);
  auto results = FetchAll(fetcher, {{server_.Url("/missing"), FetchMethod::kGet, 1},
                                    {server_.Url("/broken"), FetchMethod::kGet, 2}});
  EXPECT_EQ(results[1].status, 404);
  EXPECT_EQ(results[1].error, FetchError::kNone);
  EXPECT_EQ(results[1].attempts, 1);  // 404 is not retried
  EXPECT_EQ(results[2].status, 500);
  EXPECT_EQ(results[2].attempts, 2);  // 500 is retried once, then reported
}

TEST_F(FetcherTest, RetriesServiceUnavailableThenSucceeds) {
  FetchOptions o = FastOptions();
  o.retries = 2;
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/flaky"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok now");
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(flaky_calls_.load(), 3);
}

TEST_F(FetcherTest, RetriesStopAtTheLimit) {
  FetchOptions o = FastOptions();
  o.retries = 1;
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/flaky"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.attempts, 2);
}

TEST_F(FetcherTest, TooManyRequestsHonoursRetryAfter) { ExpectRetryAfterHonoured("/busy"); }

TEST_F(FetcherTest, RetryAfterAsHttpDate) {
  // The date has one-second resolution: 2 s ahead means at least 1 s of waiting.
  ExpectRetryAfterHonoured("/busy-date");
}

TEST_F(FetcherTest, RetryAfterIsCapped) {
  FetchOptions o = FastOptions();
  o.max_retry_after = milliseconds(100);
  Fetcher fetcher(o);
  auto start = Clock::now();
  FetchResult r = FetchOne(fetcher, server_.Url("/busy"));
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(Clock::now() - start, milliseconds(900));
}

TEST_F(FetcherTest, SlowServerTimesOutQuickly) {
  FetchOptions o = FastOptions();
  o.timeout_s = 0.3;
  o.retries = 1;
  Fetcher fetcher(o);
  auto start = Clock::now();
  FetchResult r = FetchOne(fetcher, server_.Url("/slow"));
  EXPECT_EQ(r.error, FetchError::kTimeout) << r.error_message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
}

TEST_F(FetcherTest, TimeoutsAreRetriedOnceWhateverTheRetryBudget) {
  FetchOptions o = FastOptions();
  o.timeout_s = 0.25;
  o.retries = 3;  // still used for 5xx, 429 and dropped connections
  o.retry_backoff = milliseconds(10);
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/slow"));
  EXPECT_EQ(r.error, FetchError::kTimeout) << r.error_message;
  EXPECT_EQ(r.attempts, 2);
  // A HEAD check that times out falls back to GET, and that GET is its one retry.
  auto start = Clock::now();
  FetchResult check = FetchOne(fetcher, server_.Url("/slow"), FetchMethod::kCheck);
  EXPECT_EQ(check.error, FetchError::kTimeout) << check.error_message;
  EXPECT_LT(Clock::now() - start, milliseconds(3 * 250));
}

TEST_F(FetcherTest, ConnectTimeout) {
  BlackHole hole;
  FetchOptions o = FastOptions();
  o.connect_timeout_s = 0.3;
  o.timeout_s = 10;
  o.retries = 0;
  Fetcher fetcher(o);
  auto start = Clock::now();
  FetchResult r = FetchOne(fetcher, "http://127.0.0.1:" + std::to_string(hole.port()) + "/");
  EXPECT_EQ(r.error, FetchError::kTimeout) << r.error_message;
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
}

TEST_F(FetcherTest, ClosedConnectionsAreConnectionErrorsAndRetried) {
  Slammer slammer;
  FetchOptions o = FastOptions();
  o.retries = 1;
  Fetcher fetcher(o);
  std::string base = "://127.0.0.1:" + std::to_string(slammer.port()) + "/";
  auto results = FetchAll(
      fetcher, {{"http" + base, FetchMethod::kGet, 1}, {"https" + base, FetchMethod::kGet, 2}});
  EXPECT_EQ(results[1].error, FetchError::kConnection) << results[1].error_message;
  EXPECT_EQ(results[1].attempts, 2);
  EXPECT_EQ(results[2].error, FetchError::kConnection) << results[2].error_message;
  EXPECT_TRUE(results[2].tls_issues.empty());
  EXPECT_GE(slammer.accepted(), 4);
}

TEST_F(FetcherTest, ClosedPortIsRefused) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/x");
  EXPECT_EQ(r.error, FetchError::kRefused) << r.error_message;
  EXPECT_EQ(r.attempts, 1);  // refused is not retried
  EXPECT_EQ(r.status, 0);
}

TEST_F(FetcherTest, ReservedInvalidNamesFailAsDnsWithoutLookup) {
  Fetcher fetcher(FastOptions());
  auto results = FetchAll(fetcher, {{"http://nonexistent.invalid/x", FetchMethod::kGet, 1},
                                    {server_.Url("/to-invalid"), FetchMethod::kCheck, 2}});
  EXPECT_EQ(results[1].error, FetchError::kDns);
  EXPECT_EQ(results[2].error, FetchError::kDns);
  ASSERT_EQ(results[2].redirects.size(), 1u);
  EXPECT_EQ(results[2].final_url, "http://nonexistent.invalid/page");
}

FetchOptions LoopbackOnly(FetchOptions o, std::vector<std::string>* asked) {
  o.host_allowed = [asked](std::string_view host) {
    asked->emplace_back(host);
    return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
  };
  return o;
}

TEST_F(FetcherTest, HostPolicyBlocksRedirectHopsWithoutContactingThem) {
  for (const char* path : {"/to-testnet", "/to-invalid-test"}) {
    SCOPED_TRACE(path);
    offsite_calls_ = 0;
    std::vector<std::string> asked;
    Fetcher fetcher(LoopbackOnly(FastOptions(), &asked));
    FetchResult r = FetchOne(fetcher, server_.Url(path));
    EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_message;
    const std::string host =
        path == std::string("/to-testnet") ? "203.0.113.1" : "example.invalid.test";
    EXPECT_EQ(r.error_message, "blocked by address policy: " + host);
    ASSERT_EQ(r.redirects.size(), 1u);
    EXPECT_EQ(r.redirects[0].url, server_.Url(path));
    EXPECT_EQ(r.final_url, "http://" + host + "/page");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(offsite_calls_.load(), 1);  // the redirecting server saw one request
    EXPECT_EQ(asked, (std::vector<std::string>{"127.0.0.1", host}));
    EXPECT_EQ(fetcher.Pending(), 0u);
  }
}

TEST_F(FetcherTest, HostPolicyBlocksTheFirstRequestAndAllowsLoopback) {
  std::vector<std::string> asked;
  Fetcher fetcher(LoopbackOnly(FastOptions(), &asked));
  auto results = FetchAll(fetcher, {{"http://203.0.113.1:8080/x", FetchMethod::kCheck, 1},
                                    {"http://[2001:db8::1]:81/y", FetchMethod::kGet, 2},
                                    {server_.Url("/r3"), FetchMethod::kGet, 3}});
  EXPECT_EQ(results[1].error, FetchError::kBlocked);
  EXPECT_EQ(results[1].error_message, "blocked by address policy: 203.0.113.1");
  EXPECT_TRUE(results[1].redirects.empty());
  EXPECT_EQ(results[2].error, FetchError::kBlocked);
  EXPECT_EQ(results[2].error_message, "blocked by address policy: [2001:db8::1]");
  EXPECT_EQ(results[3].error, FetchError::kNone) << results[3].error_message;
  EXPECT_EQ(results[3].status, 200);
  EXPECT_EQ(results[3].redirects.size(), 4u);  // loopback hops are allowed
}

TEST_F(FetcherTest, WakeupMakesABlockedWaitReturn) {
  Fetcher fetcher(FastOptions());
  std::thread waker([&] {
    std::this_thread::sleep_for(milliseconds(50));
    fetcher.Wakeup();
  });
  auto start = Clock::now();
  std::vector<FetchResult> got = fetcher.Wait(std::chrono::seconds(5));
  auto took = Clock::now() - start;
  waker.join();
  EXPECT_TRUE(got.empty());
  EXPECT_GE(took, milliseconds(40));  // it did block until the wakeup
  EXPECT_LT(took, std::chrono::seconds(2));
  // The wakeup is consumed: the next Wait blocks for its timeout again.
  start = Clock::now();
  got = fetcher.Wait(milliseconds(100));
  EXPECT_TRUE(got.empty());
  EXPECT_GE(Clock::now() - start, milliseconds(90));
}

TEST_F(FetcherTest, CompressionCanBeTurnedOff) {
  {
    Fetcher fetcher(FastOptions());
    EXPECT_EQ(FetchOne(fetcher, server_.Url("/echo-accept-encoding")).body, "[gzip, deflate, br]");
  }
  FetchOptions o = FastOptions();
  o.compression = false;
  Fetcher fetcher(o);
  EXPECT_EQ(FetchOne(fetcher, server_.Url("/echo-accept-encoding")).body, "[]");
}

TEST_F(FetcherTest, CorruptCompressedBodyIsAnError) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/corrupt-gzip"));
  EXPECT_EQ(r.error, FetchError::kOther);
  EXPECT_EQ(r.error_message, "content decoding failed");
  EXPECT_EQ(r.status, 200);
}

TEST_F(FetcherTest, UnsafeUrlCharactersAreEncodedLikeBrowsersDo) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/echo/政务 公开?q=a b#frag"));
  EXPECT_EQ(r.status, 200) << r.error_message;
  EXPECT_EQ(r.body, "/echo/%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80?q=a%20b");
  EXPECT_EQ(r.url, server_.Url("/echo/政务 公开?q=a b#frag"));  // as requested
}

TEST_F(FetcherTest, InvalidUrls) {
  Fetcher fetcher(FastOptions());
  auto results = FetchAll(fetcher, {{"ftp://127.0.0.1/file", FetchMethod::kGet, 1},
                                    {"not a url", FetchMethod::kGet, 2},
                                    {"http://", FetchMethod::kGet, 3}});
  for (auto& [tag, r] : results) EXPECT_EQ(r.error, FetchError::kInvalidUrl) << tag;
}

TEST_F(FetcherTest, HeadRejectedFallsBackToGet) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/no-head"), FetchMethod::kCheck);
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.method_used, "GET");
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_TRUE(r.body.empty());  // non-text bodies are not kept by default
  EXPECT_EQ(head_calls_.load(), 1);
}

TEST_F(FetcherTest, CheckUsesHeadWhenItWorks) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/page"), FetchMethod::kCheck);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.method_used, "HEAD");
  EXPECT_TRUE(r.body.empty());
  FetchResult head = FetchOne(fetcher, server_.Url("/no-head"), FetchMethod::kHead);
  EXPECT_EQ(head.status, 405);  // plain HEAD does not fall back
  EXPECT_EQ(head.method_used, "HEAD");
}

TEST_F(FetcherTest, ContentEncodingsAreDecoded) {
  Fetcher fetcher(FastOptions());
  auto results = FetchAll(fetcher, {{server_.Url("/gzip"), FetchMethod::kGet, 1},
                                    {server_.Url("/deflate-raw"), FetchMethod::kGet, 2},
                                    {server_.Url("/brotli"), FetchMethod::kGet, 3},
                                    {server_.Url("/page"), FetchMethod::kGet, 4}});
  EXPECT_EQ(results[1].headers["content-encoding"], "gzip");
  EXPECT_EQ(results[1].body, "<rss>gzip 政府</rss>");
  EXPECT_EQ(results[2].body, "<rss>raw deflate</rss>");
  EXPECT_EQ(results[3].body, "<rss>brotli</rss>");
  EXPECT_EQ(results[4].body, "<html><title>首页</title></html>");
}

TEST_F(FetcherTest, DecompressionBombIsCut) {
  FetchOptions o = FastOptions();
  o.max_decoded_bytes = 100000;
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/bomb"));
  EXPECT_EQ(r.error, FetchError::kTooLarge);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body.size(), 100000u);
  EXPECT_EQ(r.status, 200);
}

TEST_F(FetcherTest, BodyOverCapIsTruncated) {
  FetchOptions o = FastOptions();
  o.max_body_bytes = 50000;
  Fetcher fetcher(o);
  FetchResult r = FetchOne(fetcher, server_.Url("/big"));
  EXPECT_EQ(r.error, FetchError::kTooLarge);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body.size(), 50000u);
  EXPECT_LE(r.wire_bytes, 50000u);
  FetchResult small = FetchOne(fetcher, server_.Url("/page"));
  EXPECT_FALSE(small.body_truncated);
}

TEST_F(FetcherTest, NonTextBodiesKeptOnlyWhenAsked) {
  FetchOptions o = FastOptions();
  Fetcher dropping(o);
  FetchResult dropped = FetchOne(dropping, server_.Url("/binary"));
  EXPECT_EQ(dropped.error, FetchError::kNone);
  EXPECT_EQ(dropped.status, 200);
  EXPECT_TRUE(dropped.body.empty());
  o.keep_body_for_non_text = true;
  Fetcher keeping(o);
  FetchResult kept = FetchOne(keeping, server_.Url("/binary"));
  EXPECT_EQ(kept.body, std::string(100000, '\1'));
  EXPECT_TRUE(kept.charset.empty());
  FetchRequest asked{server_.Url("/binary"), FetchMethod::kGet, 1};
  asked.keep_body = true;
  auto per_request = FetchAll(dropping, {asked});
  EXPECT_EQ(per_request[1].body, std::string(100000, '\1'));
}

TEST_F(FetcherTest, SmallUnwantedBodiesAreDrainedToKeepTheConnection) {
  Fetcher fetcher(FastOptions());
  for (int i = 0; i < 3; ++i) {
    FetchResult r = FetchOne(fetcher, server_.Url("/small-binary"));
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.wire_bytes, 2000u);
  }
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(binary_ports_.size(), 1u);
}

TEST_F(FetcherTest, GbkAndBig5PagesBecomeUtf8) {
  Fetcher fetcher(FastOptions());
  auto results = FetchAll(fetcher, {{server_.Url("/gbk"), FetchMethod::kGet, 1},
                                    {server_.Url("/big5"), FetchMethod::kGet, 2},
                                    {server_.Url("/real-gb2312"), FetchMethod::kGet, 3}});
  EXPECT_EQ(results[1].charset, "gb2312");
  EXPECT_NE(results[1].body.find("<body>政府网站 镕</body>"), std::string::npos) << results[1].body;
  EXPECT_EQ(results[2].charset, "big5");
  EXPECT_EQ(results[2].body, "<p>政府網站</p>");
  EXPECT_EQ(results[3].charset, "gb2312");
  EXPECT_NE(results[3].body.find("农机专家李金泽：为农机行业搭建现代化信息平台"),
            std::string::npos);
}

TEST_F(FetcherTest, LastModifiedAndHeaders) {
  Fetcher fetcher(FastOptions());
  FetchResult r = FetchOne(fetcher, server_.Url("/modified"));
  ASSERT_TRUE(r.last_modified.has_value());
  EXPECT_EQ(*r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(r.headers["last-modified"], *r.last_modified);
}

TEST_F(FetcherTest, PerHostConcurrencyIsNeverExceeded) {
  FetchOptions o = FastOptions();
  o.max_per_host = 3;
  o.max_connections = 32;
  Fetcher fetcher(o);
  std::vector<FetchRequest> requests;
  for (uint64_t i = 0; i < 24; ++i)
    requests.push_back({server_.Url("/concurrent/" + std::to_string(i)), FetchMethod::kGet, i});
  auto results = FetchAll(fetcher, requests);
  for (auto& [tag, r] : results) EXPECT_EQ(r.status, 200) << tag;
  EXPECT_LE(max_in_flight_, 3);
  EXPECT_GE(max_in_flight_, 2);  // and it does run in parallel
}

TEST_F(FetcherTest, GlobalConnectionCapApplies) {
  FetchOptions o = FastOptions();
  o.max_per_host = 8;
  o.max_connections = 2;
  Fetcher fetcher(o);
  std::vector<FetchRequest> requests;
  for (uint64_t i = 0; i < 10; ++i)
    requests.push_back({server_.Url("/concurrent/" + std::to_string(i)), FetchMethod::kGet, i});
  FetchAll(fetcher, requests);
  EXPECT_LE(max_in_flight_, 2);
}

TEST_F(FetcherTest, MinimumDelayBetweenStartsToAHost) {
  FetchOptions o = FastOptions();
  o.max_per_host = 4;
  o.min_host_delay = milliseconds(60);
  Fetcher fetcher(o);
  std::vector<FetchRequest> requests;
  for (uint64_t i = 0; i < 6; ++i)
    requests.push_back({server_.Url("/concurrent/" + std::to_string(i)), FetchMethod::kGet, i});
  FetchAll(fetcher, requests);
  std::lock_guard<std::mutex> lock(mu_);
  ASSERT_EQ(starts_.size(), 6u);
  std::sort(starts_.begin(), starts_.end());
  // Handlers may start late under load, which can shorten one gap, but the span
  // from the first start to the last cannot shrink below the sum of the delays
  // (less the first handler's lag).
  EXPECT_GE(starts_.back() - starts_.front(), milliseconds(5 * 60 - 30));
}

TEST_F(FetcherTest, ManyRequestsReuseConnections) {
  FetchOptions o = FastOptions();
  o.max_per_host = 4;
  Fetcher fetcher(o);
  std::vector<FetchRequest> requests;
  for (uint64_t i = 0; i < 2000; ++i)
    requests.push_back({server_.Url("/small?n=" + std::to_string(i)), FetchMethod::kGet, i});
  auto start = Clock::now();
  auto results = FetchAll(fetcher, requests);
  for (auto& [tag, r] : results) ASSERT_EQ(r.status, 200) << tag << " " << r.error_message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_LE(client_ports_.size(), 8u) << "connections are not kept alive";
}

TEST_F(FetcherTest, EnqueueFromAnotherThreadWakesWait) {
  Fetcher fetcher(FastOptions());
  std::thread producer([&] {
    std::this_thread::sleep_for(milliseconds(100));
    fetcher.Enqueue({server_.Url("/page"), FetchMethod::kGet, 7});
  });
  auto start = Clock::now();
  std::vector<FetchResult> got;
  while (got.empty() && Clock::now() - start < std::chrono::seconds(5))
    got = fetcher.Wait(milliseconds(3000));
  producer.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].tag, 7u);
  EXPECT_LT(Clock::now() - start, milliseconds(2500));
}

TEST(FetchErrorTest, Names) {
  EXPECT_STREQ(ToString(FetchError::kRedirectLoop), "redirect_loop");
  EXPECT_STREQ(ToString(FetchError::kTimeout), "timeout");
  EXPECT_STREQ(ToString(FetchError::kNone), "none");
  EXPECT_STREQ(ToString(FetchError::kBlocked), "blocked");
}

}  // namespace
}  // namespace govscore

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "core/error.h"
#include "sample/site.h"

namespace govscore::sample {
namespace {

struct Response {
  long status = 0;
  CURLcode code = CURLE_OK;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

size_t OnBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n ") + 1);
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * n;
}

// One request without following redirects. `gzip` sends Accept-Encoding: gzip
// and leaves the body compressed.
Response Fetch(const std::string& url, const std::string& method = "GET", long timeout_ms = 5000,
               bool gzip = false) {
  Response r;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  struct curl_slist* headers = nullptr;
  if (gzip) headers = curl_slist_append(headers, "Accept-Encoding: gzip");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  r.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return r;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteOptions o;
    o.articles = 200;
    o.as_of = Date::FromYmd(2024, 6, 30);
    site_ = new Site(Site::Generate(o));
  }
  static void TearDownTestSuite() { delete site_; }
  void SetUp() override {
    ServerOptions so;
    so.slow_delay = std::chrono::milliseconds(1500);
    server_ = std::make_unique<Server>(*site_, so);
  }
  std::string Url(const std::string& path) const { return server_->base_url() + path; }

  static Site* site_;
  std::unique_ptr<Server> server_;
};
Site* ServerTest::site_ = nullptr;

TEST_F(ServerTest, ServesHomeAndCountsRequests) {
  EXPECT_GT(server_->port(), 0);
  Response home = Fetch(Url("/"));
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(home.body.find("示例市人民政府"), std::string::npos);
  Fetch(Url("/"));
  EXPECT_EQ(server_->RequestCount("/"), 2);
  EXPECT_EQ(server_->RequestCount("/zwdt/"), 0);
  EXPECT_GE(server_->TotalRequests(), 2);
  EXPECT_EQ(Fetch(Url("/robots.txt")).body, "User-agent: *\nDisallow: /private/\n");
}

TEST_F(ServerTest, GzipWhenAsked) {
  const Response plain = Fetch(Url("/zwdt/"));
  Response gz = Fetch(Url("/zwdt/"), "GET", 5000, true);
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_LT(gz.body.size(), plain.body.size());
}

TEST_F(ServerTest, RedirectsLoopsAndChains) {
  Response r = Fetch(Url("/redirect/moved-1.html"));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.headers["location"], "/redirect/moved-2.html");
  r = Fetch(Url("/redirect/moved-2.html"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.headers["location"], "/zwdt/");
  EXPECT_EQ(Fetch(Url("/redirect/loop-a.html")).headers["location"], "/redirect/loop-b.html");
  EXPECT_EQ(Fetch(Url("/redirect/loop-b.html")).headers["location"], "/redirect/loop-a.html");
  EXPECT_EQ(Fetch(Url("/redirect/chain/1.html")).headers["location"], "/redirect/chain/2.html");
  EXPECT_EQ(Fetch(Url("/redirect/chain/25.html")).headers["location"], "/");
  EXPECT_EQ(Fetch(Url("/redirect/chain/26.html")).status, 404);
}

TEST_F(ServerTest, ErrorStatusesAndRetries) {
  EXPECT_EQ(Fetch(Url("/api/error500")).status, 500);
  EXPECT_EQ(Fetch(Url("/api/unavailable")).status, 503);
  EXPECT_EQ(Fetch(Url("/api/unavailable")).status, 503);
  EXPECT_EQ(Fetch(Url("/flaky/notice.html")).status, 503);
  EXPECT_EQ(Fetch(Url("/flaky/notice.html")).status, 200);
  Response busy = Fetch(Url("/busy/data.html"));
  EXPECT_EQ(busy.status, 429);
  EXPECT_EQ(busy.headers["retry-after"], "1");
  EXPECT_EQ(Fetch(Url("/busy/data.html")).status, 200);
}

TEST_F(ServerTest, SoftAndRealNotFound) {
  const Response soft = Fetch(Url("/content/2019/notice_1234.html"));
  EXPECT_EQ(soft.status, 200);
  EXPECT_NE(soft.body.find("页面不存在"), std::string::npos);
  EXPECT_EQ(Fetch(Url("/content/guide.html")).body.find("页面不存在"), std::string::npos);
  EXPECT_EQ(Fetch(Url("/xxgk/2019/old_notice.html")).status, 404);
  EXPECT_EQ(Fetch(Url("/no/such/page.html")).status, 404);
}

TEST_F(ServerTest, AttachmentsRefuseHead) {
  ASSERT_FALSE(site_->truth().head_refused.empty());
  const std::string path = site_->truth().head_refused.front();
  EXPECT_EQ(Fetch(Url(path), "HEAD").status, 405);
  const Response get = Fetch(Url(path));
  EXPECT_EQ(get.status, 200);
  EXPECT_FALSE(get.body.empty());
  EXPECT_EQ(Fetch(Url("/zwdt/"), "HEAD").status, 200);
}

TEST_F(ServerTest, GbkCharsetInHeaderOrOnlyInMeta) {
  const GroundTruth& t = site_->truth();
  ASSERT_FALSE(t.gbk_meta_only.empty());
  for (const std::string& p : t.gbk_pages) {
    Response r = Fetch(Url(p));
    EXPECT_EQ(r.status, 200);
    const bool meta_only =
        std::find(t.gbk_meta_only.begin(), t.gbk_meta_only.end(), p) != t.gbk_meta_only.end();
    EXPECT_EQ(r.headers["content-type"], meta_only ? "text/html" : "text/html; charset=GBK") << p;
    EXPECT_NE(r.body.find("charset=gbk"), std::string::npos);
  }
}

TEST_F(ServerTest, SpiderTrapsAreEndless) {
  const Response day = Fetch(Url("/calendar/?date=2024-06-30"));
  EXPECT_EQ(day.status, 200);
  EXPECT_NE(day.body.find("href=\"?date=2024-07-01\""), std::string::npos);
  EXPECT_NE(day.body.find("href=\"?date=2024-06-29\""), std::string::npos);
  const Response far = Fetch(Url("/calendar/?date=2099-12-31"));
  EXPECT_NE(far.body.find("href=\"?date=2100-01-01\""), std::string::npos);
  const Response deep = Fetch(Url("/special/special/special/index.html"));
  EXPECT_EQ(deep.status, 200);
  EXPECT_NE(deep.body.find("href=\"special/index.html\""), std::string::npos);
}

TEST_F(ServerTest, SlowPagesTimeOutAndStopIsPrompt) {
  const auto start = std::chrono::steady_clock::now();
  const Response timed_out = Fetch(Url("/slow/report.html"), "GET", 300);
  EXPECT_EQ(timed_out.code, CURLE_OPERATION_TIMEDOUT);
  const Response waited = Fetch(Url("/slow/report.html"), "GET", 5000);
  EXPECT_EQ(waited.status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  // A slow request in flight does not hold up Stop.
  std::thread t([&] { Fetch(Url("/slow/report.html"), "GET", 5000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto stop_start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_start, std::chrono::milliseconds(1000));
  t.join();
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, RefusesABusyPort) {
  ServerOptions so;
  so.port = server_->port();
  EXPECT_THROW(Server(*site_, so), Error);
}

TEST_F(ServerTest, PlantedSiteLinksAnswerAsTheTruthSays) {
  for (const PlantedLink& l : site_->truth().broken_links) {
    if (l.target.rfind("/", 0) != 0 || l.expected == "timeout") continue;
    const Response r = Fetch(Url(l.target));
    if (l.expected == "http_4xx") {
      EXPECT_EQ(r.status / 100, 4) << l.target;
    }
    if (l.expected == "http_5xx") {
      EXPECT_EQ(r.status / 100, 5) << l.target;
    }
    if (l.expected == "soft_404") {
      EXPECT_EQ(r.status, 200) << l.target;
    }
    if (l.expected.find("redirect") != std::string::npos) {
      EXPECT_EQ(r.status / 100, 3) << l.target;
    }
  }
  // The external refused target really refuses on this machine.
  EXPECT_EQ(Fetch("http://127.0.0.1:1/", "GET", 2000).code, CURLE_COULDNT_CONNECT);
}

}  // namespace
}  // namespace govscore::sample

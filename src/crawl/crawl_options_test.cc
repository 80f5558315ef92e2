// Scan options against a small generated site: limits, scope, robots, start
// redirects, an unreachable homepage; and the crawl's small helpers.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <thread>

#include "core/error.h"
#include "crawl/crawler.h"
#include "sample/site.h"

namespace govscore {
namespace {

using sample::Server;
using sample::Site;
using sample::SiteOptions;

class SmallSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteOptions o;
    o.articles = 60;
    o.seed = 3;
    site_ = new Site(Site::Generate(o));
    sample::ServerOptions so;
    so.slow_delay = std::chrono::milliseconds(1500);
    server_ = new Server(*site_, so);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  static ScanOptions Options() {
    ScanOptions o;
    o.start_url = server_->base_url() + "/";
    o.as_of = site_->options().as_of;
    o.timeout_s = 1;
    o.retries = 1;
    o.loopback_only = true;  // real hosts in the footer: never contacted
    return o;
  }
  static bool HasPage(const ScanReport& r, const std::string& needle) {
    return std::any_of(r.pages.begin(), r.pages.end(), [&](const PageRecord& p) {
      return p.url.find(needle) != std::string::npos;
    });
  }
  static Site* site_;
  static Server* server_;
};
Site* SmallSiteTest::site_ = nullptr;
Server* SmallSiteTest::server_ = nullptr;

TEST_F(SmallSiteTest, MaxPages) {
  ScanOptions o = Options();
  o.max_pages = 10;
  const ScanReport r = RunScan(o);
  EXPECT_LE(r.pages.size(), 10u);
  EXPECT_GT(r.summary.page_limit_refusals, 0u);
}

TEST_F(SmallSiteTest, NoExternal) {
  ScanOptions o = Options();
  o.check_external = false;
  const ScanReport r = RunScan(o);
  EXPECT_GT(r.pages.size(), 50u);
  for (const LinkRecord& l : r.links) EXPECT_FALSE(l.external) << l.target;
  ScanOptions with = Options();
  const ScanReport r2 = RunScan(with);
  EXPECT_TRUE(std::any_of(r2.links.begin(), r2.links.end(),
                          [](const LinkRecord& l) { return l.external; }));
}

TEST_F(SmallSiteTest, RobotsRespectedOrIgnored) {
  ScanOptions o = Options();
  const ScanReport respected = RunScan(o);
  EXPECT_FALSE(HasPage(respected, "/private/"));
  ASSERT_EQ(respected.robots.size(), 1u);
  EXPECT_GT(respected.robots[0].refused, 0u);
  o.respect_robots = false;
  const ScanReport ignored = RunScan(o);
  EXPECT_TRUE(HasPage(ignored, "/private/"));
  EXPECT_TRUE(ignored.robots.empty());
}

TEST_F(SmallSiteTest, IncludeLimitsCrawledPages) {
  ScanOptions o = Options();
  o.include = {"/zwdt/"};
  const ScanReport r = RunScan(o);
  ASSERT_FALSE(r.pages.empty());
  EXPECT_EQ(r.pages[0].kind, PageKind::kHome);
  for (size_t i = 1; i < r.pages.size(); ++i) {
    EXPECT_NE(r.pages[i].url.find("/zwdt/"), std::string::npos) << r.pages[i].url;
  }
  EXPECT_TRUE(HasPage(r, "/zwdt/"));
}

TEST_F(SmallSiteTest, DepthLimit) {
  ScanOptions o = Options();
  o.max_depth = 1;
  const ScanReport r = RunScan(o);
  for (const PageRecord& p : r.pages) EXPECT_LE(p.depth, 1) << p.url;
  // Only the articles linked from the homepage or a first list page are in reach.
  const size_t articles = std::count_if(r.pages.begin(), r.pages.end(), [](const PageRecord& p) {
    return p.kind == PageKind::kArticle;
  });
  EXPECT_LT(articles, static_cast<size_t>(site_->truth().articles));
  ASSERT_FALSE(r.traps.empty());
  EXPECT_EQ(r.traps[0].kind, TrapKind::kDepth);
}

TEST_F(SmallSiteTest, ProgressReported) {
  ScanOptions o = Options();
  size_t calls = 0, last_pages = 0;
  bool final_seen = false;
  o.progress_interval_s = 0;
  o.progress = [&](const ScanProgress& p) {
    ++calls;
    EXPECT_GE(p.pages_done, last_pages);
    last_pages = p.pages_done;
    final_seen |= p.final;
  };
  const ScanReport r = RunScan(o);
  EXPECT_GT(calls, 1u);
  EXPECT_TRUE(final_seen);
  EXPECT_EQ(last_pages, r.pages.size());
}

TEST_F(SmallSiteTest, StartRedirectToAnotherHostMovesTheScope) {
  httplib::Server redirector;
  const std::string target = server_->base_url() + "/";
  redirector.Get(
      "/", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(target, 301); });
  const int port = redirector.bind_to_any_port("127.0.0.1");
  std::thread t([&] { redirector.listen_after_bind(); });
  while (!redirector.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ScanOptions o = Options();
  o.start_url = "http://127.0.0.1:" + std::to_string(port) + "/";
  o.max_pages = 20;
  const ScanReport r = RunScan(o);
  redirector.stop();
  t.join();
  EXPECT_EQ(r.site, server_->base_url() + "/");
  EXPECT_GT(r.pages.size(), 5u);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("跳转"), std::string::npos);
}

TEST(ScanTest, UnreachableHomepageIsAFindingNotACrash) {
  ScanOptions o;
  o.start_url = "http://127.0.0.1:1/";
  o.allow_networks = {"127.0.0.0/8"};
  o.timeout_s = 2;
  o.retries = 0;
  const ScanReport r = RunScan(o);
  EXPECT_TRUE(r.pages.empty());
  ASSERT_FALSE(r.links.empty());
  EXPECT_EQ(r.links[0].result, LinkResult::kRefused);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("首页无法访问"), std::string::npos);
}

TEST(ScanTest, InvalidStartUrlAndPatternsAreClearErrors) {
  ScanOptions o;
  o.start_url = "ftp://x.cn/";
  EXPECT_THROW(RunScan(o), Error);
  o.start_url = "http://127.0.0.1:1/";
  o.exclude = {"(bad"};
  EXPECT_THROW(RunScan(o), Error);
}

TEST(CrawlHelpersTest, TextBearingAttachments) {
  for (const char* yes : {"/a/b.pdf", "/a/B.DOCX", "/x.xlsx?v=1", "/x.txt", "/x.csv", "pdf",
                          "text/plain", "application/pdf"}) {
    EXPECT_TRUE(IsTextBearingAttachment(yes)) << yes;
  }
  for (const char* no :
       {"/a/b.doc", "/a/b.xls", "/a.html", "/a/", "/img.png", "image/png", "/pdf/index.html"}) {
    EXPECT_FALSE(IsTextBearingAttachment(no)) << no;
  }
}

TEST(CrawlHelpersTest, LoopbackUrls) {
  for (const char* yes : {"http://127.0.0.1/", "http://127.0.0.1:8080/a", "https://127.1.2.3/",
                          "http://localhost:1/", "http://[::1]:80/", "http://u@127.0.0.1/"}) {
    EXPECT_TRUE(IsLoopbackUrl(yes)) << yes;
  }
  for (const char* no : {"http://128.0.0.1/", "http://127.0.0.1.example.cn/", "http://x.cn/",
                         "http://127.0.0/", "http://[::2]/", "http://10.255.255.53/",
                         "http://localhost.x.cn/", "http://127.0.0.1234/"}) {
    EXPECT_FALSE(IsLoopbackUrl(no)) << no;
  }
}

TEST(ScanTest, LoopbackOnlyRefusesOtherStartHosts) {
  ScanOptions o;
  o.start_url = "http://www.example.gov.cn/";
  o.loopback_only = true;
  EXPECT_THROW(RunScan(o), Error);
}

TEST(CrawlHelpersTest, RobotsProductToken) {
  EXPECT_EQ(RobotsProductToken("govscore/0.1 (+x)"), "govscore");
  EXPECT_EQ(RobotsProductToken("Mozilla/5.0"), "mozilla");
  EXPECT_EQ(RobotsProductToken("MyBot"), "mybot");
}

}  // namespace
}  // namespace govscore

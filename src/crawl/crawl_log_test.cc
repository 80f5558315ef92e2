// Mid-crawl checkpoints (crawl/crawl_log.h): the codec round-trips every
// field, damaged logs are refused, and a crawl resumed from any prefix of an
// earlier crawl's log — also from a log a resumed crawl extended — reports
// exactly what the uninterrupted crawl reported, without fetching again the
// pages the log holds.
#include "crawl/crawl_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <regex>

#include "core/error.h"
#include "crawl/checkpoint_file.h"
#include "crawl/crawler.h"
#include "output/scan_json.h"
#include "sample/site.h"

namespace govscore {
namespace {

using crawl_log::Event;

// A field added to one of these must be added to the codec in crawl_log.cc
// too (or a resumed crawl silently loses it); then update the size here.
TEST(CrawlLog, CodecCoversEveryField) {
  EXPECT_EQ(sizeof(PageSignals), 528u) << "PageSignals changed: update crawl_log.cc";
  EXPECT_EQ(sizeof(PageRecord), 144u) << "PageRecord changed: update crawl_log.cc";
  EXPECT_EQ(sizeof(FooterIdentity), 288u) << "FooterIdentity changed: update crawl_log.cc";
  EXPECT_EQ(sizeof(SearchForm), 96u) << "SearchForm changed: update crawl_log.cc";
  EXPECT_EQ(sizeof(ParsedPage), 1960u) << "ParsedPage changed: update crawl_log.cc";
  EXPECT_EQ(sizeof(ParsedLink), 80u) << "ParsedLink changed: update crawl_log.cc";
}

ParsedPage FullPage() {
  ParsedPage p;
  p.target = 0xfedcba9876543210ULL;
  p.record = {
      "http://a.gov.cn/x", "http://a.gov.cn/y", "标题", "gbk", 200, 3, PageKind::kColumnList, true};
  p.via = {"http://a.gov.cn/x", "http://a.gov.cn/z"};
  p.links.push_back({"http://a.gov.cn/1", 1, true, true, false, false, ""});
  p.links.push_back({"javascript:bad(", 2, false, false, true, true, "bad scheme"});
  p.occurrences = 7;
  p.not_links = 2;
  p.fingerprint = {"t", 1234, 0x8000000000000001ULL, "http://a.gov.cn/y", true};
  p.soft404_text = true;
  p.is_list = true;
  p.column_key = "a.gov.cn/col/";
  p.column_name = "通知公告";
  p.column_type = "list";
  p.items = {{5, Date::FromYmd(2024, 1, 2)}, {6, std::nullopt}};
  p.privacy = {{"mobile", "138****5678", "电话138****5678"}};
  PageFacts home;
  home.footer.site_code = "4501000001";
  home.footer.error_report_site_code = "4501000002";
  home.search = SearchForm{"/search", "get", "q"};
  home.accessibility_toolbar = true;
  home.meta = {{"SiteName", "示例"}, {"ColumnName", "首页"}};
  p.home = home;
  p.privacy_policy_url = "http://a.gov.cn/privacy";
  p.warning = "w";
  PageSignals& s = p.signals;
  s.article = s.policy = s.interpretation = s.reprint_marked = s.sitemap = s.data_page = true;
  s.title = "关于《办法》的解读";
  s.column = "政策解读";
  s.doc_number = "示政发〔2024〕3号";
  s.forms = {"图解"};
  s.related_hrefs = {"http://a.gov.cn/p"};
  s.quoted_titles = {"办法"};
  s.sketch.mins = {1, 2, UINT64_MAX};
  s.sketch.shingles = 99;
  s.source = "新华社";
  s.functions = {{"sitemap", "http://a.gov.cn/map", "网站地图"}};
  s.reports = {{"xxgk_annual", 2023, "2023年报", "http://a.gov.cn/r", Date::FromYmd(2024, 1, 31)}};
  s.sitemap_links = {{"http://a.gov.cn/c", "栏目"}};
  s.external_hosts = {{"www.gov.cn", "http://www.gov.cn/"}};
  s.query_links = {{"http://a.gov.cn/q", "查询"}};
  s.data_files = {"http://a.gov.cn/d.xlsx"};
  s.update_frequency = "每月";
  p.ahead = true;
  return p;
}

TEST(CrawlLog, PageRoundTrips) {
  const ParsedPage p = FullPage();
  const ParsedPage q = crawl_log::DecodePage(crawl_log::EncodePage(p));
  // Encoding is deterministic and complete: equal encodings of both.
  EXPECT_EQ(crawl_log::EncodePage(q), crawl_log::EncodePage(p));
  EXPECT_EQ(q.record.title, "标题");
  EXPECT_EQ(q.record.kind, PageKind::kColumnList);
  ASSERT_EQ(q.links.size(), 2u);
  EXPECT_TRUE(q.links[0].pagination);
  EXPECT_TRUE(q.links[1].invalid);
  EXPECT_EQ(q.links[1].reason, "bad scheme");
  EXPECT_EQ(q.items[0].second, Date::FromYmd(2024, 1, 2));
  EXPECT_FALSE(q.items[1].second);
  ASSERT_TRUE(q.home && q.home->search);
  EXPECT_EQ(q.home->search->query_param, "q");
  EXPECT_EQ(q.home->footer.error_report_site_code, "4501000002");
  EXPECT_EQ(q.home->meta.at("SiteName"), "示例");
  EXPECT_EQ(q.signals.sketch.mins.back(), UINT64_MAX);
  EXPECT_EQ(q.signals.reports[0].date, Date::FromYmd(2024, 1, 31));
  EXPECT_EQ(q.signals.update_frequency, "每月");
  EXPECT_TRUE(q.ahead);
}

TEST(CrawlLog, FetchKeepsBodiesOnlyWhenAsked) {
  FetchResult f;
  f.tag = 42;
  f.url = "http://a.gov.cn/robots.txt";
  f.final_url = "http://a.gov.cn/robots.txt";
  f.status = 200;
  f.redirects = {{"http://a.gov.cn/r", 301}};
  f.error = FetchError::kTooLarge;
  f.error_message = "too large";
  f.content_type = "text/plain";
  f.body = "User-agent: *\nDisallow: /x\n";
  f.tls_issues = {{"expired", "notAfter"}};
  f.wire_bytes = 1 << 20;
  const FetchResult with = crawl_log::DecodeFetch(crawl_log::EncodeFetch(f, true));
  EXPECT_EQ(with.body, f.body);
  EXPECT_EQ(with.tag, 42u);
  EXPECT_EQ(with.error, FetchError::kTooLarge);
  EXPECT_EQ(with.redirects[0].status, 301);
  EXPECT_EQ(with.tls_issues[0].detail, "notAfter");
  EXPECT_EQ(with.wire_bytes, size_t{1} << 20);
  const FetchResult without = crawl_log::DecodeFetch(crawl_log::EncodeFetch(f, false));
  EXPECT_EQ(without.body, std::string(1, '\0'));  // non-empty, not kept
  f.body.clear();
  EXPECT_EQ(crawl_log::DecodeFetch(crawl_log::EncodeFetch(f, false)).body, "");
}

TEST(CrawlLog, BatchesPackAsTextAndDamageIsRefused) {
  crawl_log::Writer w;
  w.Event(Event::kPage, crawl_log::EncodePage(FullPage()));
  w.Event(Event::kRelease, {});
  std::string events = w.bytes();
  for (int i = 0; i < 5; ++i) events += events;  // compressible
  const std::string packed = crawl_log::PackBatch(events);
  EXPECT_TRUE(packed.starts_with("gcl1:"));
  EXPECT_EQ(packed.find('\0'), std::string::npos);
  EXPECT_LT(packed.size(), events.size());
  EXPECT_EQ(crawl_log::UnpackBatch(packed), events);
  EXPECT_EQ(crawl_log::UnpackBatch(crawl_log::PackBatch("")), "");
  EXPECT_THROW(crawl_log::UnpackBatch("gcl0:AAAA"), Error);
  EXPECT_THROW(crawl_log::UnpackBatch(packed.substr(0, packed.size() - 8)), Error);
  std::string flipped = packed;
  flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
  EXPECT_THROW(crawl_log::UnpackBatch(flipped), Error);
  // Truncated events and unknown event types.
  crawl_log::Reader r(std::string_view(events).substr(0, 30));
  EXPECT_THROW(
      {
        while (!r.done()) r.Event();
      },
      Error);
  crawl_log::Reader bad("Z\x01x");
  EXPECT_THROW(bad.Event(), Error);
  EXPECT_THROW(crawl_log::DecodePage("\x05"), Error);
}

// ---------------------------------------------------------------------------
// Resume against a sample site.

// The document without what differs between two crawls of one site: timing,
// fetches made, and the order of lists (parallel fetches).
nlohmann::json Canonical(const ScanReport& report) {
  nlohmann::json j = ScanToJson(report);
  for (const char* k : {"seconds", "pages_per_second", "requests", "bytes"}) j["summary"].erase(k);
  j.erase("started_at");
  // Also timing: curl's timeout messages ("after 1499 milliseconds"), and
  // which URL of a spider trap was refused first.
  for (auto& l : j["links"])
    if (l.contains("detail"))
      l["detail"] = std::regex_replace(l["detail"].get<std::string>(), std::regex("[0-9]+"), "#");
  for (auto& t : j["findings"]["traps"]) t.erase("example");
  // The search probe tries the first crawled articles, and a function entry
  // names the first page found carrying it: crawl order.
  for (const char* k : {"query", "article", "url"}) j["site_facts"]["search_probe"].erase(k);
  for (auto& [key, f] : j["site_facts"]["functions"].items())
    if (f.is_object()) f.erase("page");
  // Two URLs redirecting to one page (an old address and the new one): the
  // first fetched is parsed and names the page, the other is a redirect —
  // which one depends on timing. Pages, sources and hits go by final URL.
  std::map<std::string, std::string> final_of;
  for (auto& page : j["pages"]) {
    if (!page.contains("final_url")) continue;
    final_of[page["url"].get<std::string>()] = page["final_url"].get<std::string>();
    page["url"] = page["final_url"];
    page.erase("final_url");
    page.erase("depth");
  }
  auto by_final = [&](nlohmann::json& v) {
    if (!v.is_string()) return;
    auto it = final_of.find(v.get<std::string>());
    if (it != final_of.end()) v = it->second;
  };
  for (auto& l : j["links"]) by_final(l["source"]);
  for (auto& h : j["privacy"]) by_final(h["url"]);
  std::function<nlohmann::json(nlohmann::json)> sort = [&](nlohmann::json v) {
    if (v.is_object())
      for (auto& [k, x] : v.items()) x = sort(x);
    if (v.is_array()) {
      std::vector<std::string> parts;
      for (auto& x : v) parts.push_back(sort(x).dump());
      std::sort(parts.begin(), parts.end());
      v = nlohmann::json::array();
      for (auto& p : parts) v.push_back(nlohmann::json::parse(p));
    }
    return v;
  };
  return sort(j);
}

// The first difference between two canonical documents, for messages.
std::string FirstDifference(const nlohmann::json& a, const nlohmann::json& b) {
  const nlohmann::json patch = nlohmann::json::diff(a, b);
  std::string out;
  for (size_t i = 0; i < patch.size() && i < 6; ++i) out += patch[i].dump().substr(0, 300) + "\n";
  // A page on one side only shifts every later index: name it, with its depth.
  auto pages = [](const nlohmann::json& doc) {
    std::map<std::string, nlohmann::json> by_url;
    if (doc.contains("pages"))
      for (const auto& p : doc["pages"]) by_url[p.value("url", "")] = p.value("depth", -1);
    return by_url;
  };
  const auto pa = pages(a), pb = pages(b);
  for (const auto& [url, depth] : pa)
    if (!pb.count(url))
      out += "page only in the first: " + url + " depth " + depth.dump() + "\n";
    else if (pb.at(url) != depth)
      out += "page depth " + depth.dump() + " vs " + pb.at(url).dump() + ": " + url + "\n";
  for (const auto& [url, depth] : pb)
    if (!pa.count(url)) out += "page only in the second: " + url + " depth " + depth.dump() + "\n";
  return out;
}

class CrawlResume : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sample::SiteOptions so;
    so.articles = 60;
    so.seed = 7;
    // No spider traps: which trap URLs get in before a defence closes depends
    // on the order pages are parsed, which varies between any two crawls.
    so.traps = false;
    site_ = new sample::Site(sample::Site::Generate(so));
    sample::ServerOptions server;
    server.slow_delay = std::chrono::milliseconds(2500);
    server_ = new sample::Server(*site_, server);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }

  static ScanOptions Options() {
    ScanOptions o;
    o.start_url = server_->base_url() + "/";
    o.as_of = site_->options().as_of;
    o.timeout_s = 1.5;
    o.retries = 1;
    o.concurrency = 8;
    o.per_host = 8;
    o.loopback_only = true;
    o.checkpoint_every_pages = 4;
    o.checkpoint_every_s = 0.05;
    return o;
  }

  struct Run {
    ScanReport report;
    std::vector<std::string> batches;  // what the sink got
    int requests = 0;                  // at the server
  };
  // A crawl (resumed from `log` when not empty) collecting its batches.
  static Run Crawl(const std::vector<std::string>& log) {
    Run run;
    std::mutex mu;
    ScanOptions o = Options();
    o.checkpoint_sink = [&](const std::string& batch, size_t) {
      std::lock_guard<std::mutex> lock(mu);
      run.batches.push_back(batch);
      return true;
    };
    size_t next = 0;
    if (!log.empty()) {
      o.resume_source = [&]() -> std::optional<std::string> {
        if (next >= log.size()) return std::nullopt;
        return log[next++];
      };
    }
    const int before = server_->TotalRequests();
    run.report = RunScan(o);
    run.requests = server_->TotalRequests() - before;
    if (!log.empty()) {
      EXPECT_EQ(next, log.size()) << "not every batch was read";
    }
    return run;
  }

  static sample::Site* site_;
  static sample::Server* server_;
};

sample::Site* CrawlResume::site_ = nullptr;
sample::Server* CrawlResume::server_ = nullptr;

TEST_F(CrawlResume, FromAnyPrefixOfTheLogEqualsTheUninterruptedCrawl) {
  // Warm the site's one-time answers (/flaky/, /busy/), then the reference.
  Crawl({});
  const Run full = Crawl({});
  ASSERT_GT(full.report.pages.size(), 50u);
  ASSERT_GT(full.batches.size(), 6u);
  ASSERT_FALSE(full.report.links.empty());
  ASSERT_GT(full.report.summary.privacy_hits, 0u);
  const nlohmann::json expected = Canonical(full.report);
  const size_t n = full.batches.size();
  for (size_t k : {size_t{1}, n / 4, n / 2, n - 2}) {
    SCOPED_TRACE("resumed after batch " + std::to_string(k) + " of " + std::to_string(n));
    const std::vector<std::string> prefix(full.batches.begin(), full.batches.begin() + k);
    const Run resumed = Crawl(prefix);
    const nlohmann::json got = Canonical(resumed.report);
    EXPECT_TRUE(got == expected) << FirstDifference(expected, got);
    EXPECT_EQ(resumed.report.pages.size(), full.report.pages.size());
    EXPECT_EQ(resumed.report.started_at, full.report.started_at);
    // What the log held was not fetched again.
    EXPECT_LT(resumed.requests, full.requests);
    if (k >= n / 2) {
      EXPECT_LT(resumed.requests, full.requests * 3 / 4);
    }
    if (k == n / 2) {
      // Killed again, mid-way through the resumed crawl: its own batches
      // continue the same log.
      ASSERT_GT(resumed.batches.size(), 2u);
      std::vector<std::string> longer = prefix;
      longer.insert(longer.end(), resumed.batches.begin(),
                    resumed.batches.begin() + static_cast<long>(resumed.batches.size() / 2));
      const Run twice = Crawl(longer);
      const nlohmann::json again = Canonical(twice.report);
      EXPECT_TRUE(again == expected) << FirstDifference(expected, again);
      EXPECT_LE(twice.requests, resumed.requests);
    }
  }
}

// `govscore scan --checkpoint FILE`: the same log, one batch per line; a
// line cut short by a kill is ignored.
TEST_F(CrawlResume, ACheckpointFileResumesAStandaloneScan) {
  const std::string path =
      ::testing::TempDir() + "/govscore-resume-" + std::to_string(::getpid()) + ".log";
  ::unlink(path.c_str());
  ScanOptions o = Options();
  o.checkpoint_every_s = 60;  // batches of 4 pages: the first holds the homepage
  UseCheckpointFile(o, path);
  EXPECT_FALSE(o.resume_source) << "no file yet: nothing to resume";
  const ScanReport full = RunScan(o);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GT(lines.size(), 4u);
  {  // killed after three batches, in the middle of writing the fourth
    std::ofstream out(path, std::ios::trunc);
    for (size_t i = 0; i < 3; ++i) out << lines[i] << "\n";
    out << lines[3].substr(0, lines[3].size() / 2);
  }
  ScanOptions again = Options();
  again.checkpoint_every_s = 60;
  UseCheckpointFile(again, path);
  ASSERT_TRUE(again.resume_source);
  const int before = server_->TotalRequests(), home = server_->RequestCount("/");
  const ScanReport resumed = RunScan(again);
  EXPECT_EQ(server_->RequestCount("/"), home) << "homepage fetched again";
  EXPECT_GT(server_->TotalRequests() - before, 0);
  const nlohmann::json expected = Canonical(full), got = Canonical(resumed);
  EXPECT_TRUE(got == expected) << FirstDifference(expected, got);
  RemoveCheckpointFile(path);
  EXPECT_FALSE(std::ifstream(path).good());
}

TEST_F(CrawlResume, ADamagedLogIsDroppedAndTheCrawlStartsAfresh) {
  const Run full = Crawl({});
  ASSERT_GT(full.batches.size(), 2u);
  std::vector<std::string> log(full.batches.begin(), full.batches.begin() + 2);
  log[1] = log[1].substr(0, log[1].size() / 2);  // torn (a store never does this)
  bool discarded = false;
  ScanOptions o = Options();
  o.checkpoint_sink = [](const std::string&, size_t) { return true; };
  size_t next = 0;
  o.resume_source = [&]() -> std::optional<std::string> {
    if (next >= log.size()) return std::nullopt;
    return log[next++];
  };
  o.checkpoint_discard = [&] { discarded = true; };
  const ScanReport report = RunScan(o);
  EXPECT_TRUE(discarded);
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings.front().find("续扫检查点无法使用"), std::string::npos);
  EXPECT_EQ(report.pages.size(), full.report.pages.size());
}

TEST_F(CrawlResume, ASinkThatFailsEndsTheCheckpointsNotTheCrawl) {
  int calls = 0;
  ScanOptions o = Options();
  o.checkpoint_sink = [&](const std::string&, size_t) {
    ++calls;
    return false;  // e.g. the lease is lost
  };
  const ScanReport report = RunScan(o);
  EXPECT_EQ(calls, 1);
  EXPECT_GT(report.pages.size(), 50u);
}

}  // namespace
}  // namespace govscore

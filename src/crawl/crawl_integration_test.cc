// Scans generated sample sites served on 127.0.0.1 and compares what the scan
// reports with the site's ground truth: every planted defect found with the
// right class, nothing false reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "checks/link_result.h"
#include "crawl/crawler.h"
#include "fetch/fetcher.h"
#include "frontier/url.h"
#include "sample/site.h"

namespace govscore {
namespace {

using sample::GroundTruth;
using sample::Server;
using sample::ServerOptions;
using sample::Site;
using sample::SiteOptions;

struct Scanned {
  ScanReport report;
  std::string base;           // "http://127.0.0.1:port" (or the TLS listener's https://...)
  int tls_home_requests = 0;  // requests for "/" on the site's bad-TLS listener
};

// One scan per site configuration, shared by the tests of a suite. `over_tls`
// starts from the site's bad-TLS listener instead of its plain HTTP one.
Scanned ScanSite(const Site& site, int max_depth = 100, bool over_tls = false,
                 bool insecure_tls = true) {
  ServerOptions so;
  so.slow_delay = std::chrono::milliseconds(3000);
  Server server(site, so);
  const std::string base = over_tls ? server.tls_base_url() : server.base_url();
  ScanOptions o;
  o.start_url = base + "/";
  o.as_of = site.options().as_of;
  o.timeout_s = 1.5;
  o.retries = 1;
  o.concurrency = 8;
  o.per_host = 8;
  o.max_depth = max_depth;
  // Real sites linked from the sample footer are never contacted from tests.
  o.loopback_only = true;
  o.insecure_tls = insecure_tls;
  Scanned s{RunScan(o), base};
  s.tls_home_requests = server.TlsRequestCount("/");
  server.Stop();
  return s;
}

// Fetches `url` once with the crawl's link check (HEAD, then GET).
FetchResult CheckOnce(const std::string& url, bool insecure_tls_fetch) {
  FetchOptions fo;
  fo.insecure_tls_fetch = insecure_tls_fetch;
  fo.retries = 0;
  fo.timeout_s = 10;
  Fetcher fetcher(fo);
  fetcher.Enqueue({url, FetchMethod::kCheck, 1});
  for (int i = 0; i < 100; ++i) {
    std::vector<FetchResult> results = fetcher.Wait(std::chrono::milliseconds(200));
    if (!results.empty()) return std::move(results.front());
  }
  ADD_FAILURE() << "no result for " << url;
  return {};
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> IssueKinds(const FetchResult& r) {
  std::vector<std::string> kinds;
  for (const TlsIssue& issue : r.tls_issues) kinds.push_back(issue.kind);
  return Sorted(kinds);
}

std::string Absolute(const std::string& base, const std::string& target) {
  const std::string url = target.rfind("/", 0) == 0 ? base + target : target;
  const std::optional<Url> u = Url::Parse(url);
  return u ? u->spec() : url;
}

const LinkRecord* FindLink(const ScanReport& r, const std::string& target) {
  for (const LinkRecord& l : r.links) {
    if (l.target == target) return &l;
  }
  return nullptr;
}

class DefectSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteOptions o;
    o.articles = 300;
    o.tls_port = sample::FreeLoopbackPort();  // plant the bad-TLS link too
    site_ = new Site(Site::Generate(o));
    scanned_ = new Scanned(ScanSite(*site_));
  }
  static void TearDownTestSuite() {
    delete scanned_;
    delete site_;
  }
  static const GroundTruth& truth() { return site_->truth(); }
  static const ScanReport& report() { return scanned_->report; }
  static const std::string& base() { return scanned_->base; }
  static Site* site_;
  static Scanned* scanned_;
};
Site* DefectSiteTest::site_ = nullptr;
Scanned* DefectSiteTest::scanned_ = nullptr;

TEST_F(DefectSiteTest, EveryPlantedLinkFoundWithItsClassAndPage) {
  ASSERT_FALSE(truth().broken_links.empty());
  for (const sample::PlantedLink& p : truth().broken_links) {
    const std::string target = p.expected == "invalid_url" ? p.href : Absolute(base(), p.target);
    const LinkRecord* l = FindLink(report(), target);
    ASSERT_NE(l, nullptr) << "planted " << p.expected << " link not reported: " << target << " on "
                          << p.source;
    EXPECT_EQ(LinkResultName(l->result), p.expected) << target << " (" << l->detail << ")";
    const std::string source = Absolute(base(), p.source);
    EXPECT_NE(std::find(l->sources.begin(), l->sources.end(), source), l->sources.end())
        << target << " should be reported on " << source;
  }
}

TEST_F(DefectSiteTest, NothingFalseReported) {
  std::set<std::pair<std::string, std::string>> planted;
  for (const sample::PlantedLink& p : truth().broken_links) {
    planted.emplace(p.expected == "invalid_url" ? p.href : Absolute(base(), p.target), p.expected);
  }
  std::set<std::string> offsite(truth().offsite_hosts.begin(), truth().offsite_hosts.end());
  size_t blocked = 0;
  for (const LinkRecord& l : report().links) {
    if (l.result == LinkResult::kBlocked) {  // not fetched: only the real offsite hosts
      ++blocked;
      const std::optional<Url> u = Url::Parse(l.target);
      ASSERT_TRUE(u);
      EXPECT_TRUE(offsite.count(u->host())) << l.target;
      continue;
    }
    EXPECT_TRUE(planted.count({l.target, std::string(LinkResultName(l.result))}))
        << "not planted: " << LinkResultName(l.result) << " " << l.target << " (" << l.detail
        << ")";
  }
  EXPECT_GT(blocked, 0u);
  size_t planted_broken = 0;
  for (const auto& [target, expected] : planted) planted_broken += expected != "redirect_ok";
  EXPECT_EQ(report().summary.broken_links, planted_broken);
}

TEST_F(DefectSiteTest, TlsLinkIsATlsFindingAndThePageWasStillFetched) {
  ASSERT_GT(truth().tls_port, 0);
  const std::string target = "https://127.0.0.1:" + std::to_string(truth().tls_port) + "/";
  const LinkRecord* l = FindLink(report(), target);
  ASSERT_NE(l, nullptr) << "the bad-TLS link is not reported";
  EXPECT_EQ(l->result, LinkResult::kTls) << l->detail;
  EXPECT_TRUE(l->external);
  // insecure_tls_fetch is on for scans: the page behind the bad certificate
  // answered, and the server saw the request.
  EXPECT_EQ(l->status, 200) << l->detail;
  EXPECT_GE(scanned_->tls_home_requests, 1);
  EXPECT_EQ(l->sources.size(), 2u);
  // The record says why: the issue kinds and the first one's detail.
  for (const std::string& kind : truth().tls_issues) {
    EXPECT_NE(l->detail.find(kind), std::string::npos) << l->detail;
  }
  // TLS problems of an external target are link classes, not site findings.
  EXPECT_TRUE(report().tls.empty()) << report().tls.front().host;
}

// The same target through the Fetcher and ClassifyFetch the crawl uses, with
// insecure fetching allowed and not: a tls link either way; only with it
// allowed is the page fetched.
TEST_F(DefectSiteTest, TlsLinkWithAndWithoutInsecureFetching) {
  // The same site on a TLS port of its own: the suite's scan may leave a
  // connection of the first server's TLS listener open on the planted port.
  SiteOptions o = site_->options();
  o.tls_port = sample::FreeLoopbackPort();
  const Site site = Site::Generate(o);
  Server server(site);
  const std::string url = server.tls_base_url() + "/";
  const std::vector<std::string> expected = Sorted(site.truth().tls_issues);
  ASSERT_EQ(expected, Sorted(truth().tls_issues));

  const FetchResult allowed = CheckOnce(url, /*insecure_tls_fetch=*/true);
  EXPECT_EQ(allowed.error, FetchError::kNone) << allowed.error_message;
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(IssueKinds(allowed), expected);
  EXPECT_EQ(ClassifyFetch(allowed, false, /*external=*/true), LinkResult::kTls);
  EXPECT_EQ(server.TlsRequestCount("/"), 1);  // HEAD answered 200: no GET needed

  const FetchResult refused = CheckOnce(url, /*insecure_tls_fetch=*/false);
  EXPECT_EQ(refused.error, FetchError::kTls);
  EXPECT_EQ(refused.status, 0);
  EXPECT_FALSE(refused.tls_issues.empty());
  EXPECT_EQ(ClassifyFetch(refused, false, /*external=*/true), LinkResult::kTls);
  EXPECT_EQ(server.TlsRequestCount("/"), 1);  // no request got past the handshake
}

// A site whose own address has a bad certificate: the scan records the TLS
// findings for the site and still crawls and parses every page.
TEST(TlsSiteScanTest, BadCertificateOnTheSiteItselfIsAFindingAndTheSiteIsCrawled) {
  SiteOptions o;
  o.articles = 40;
  o.seed = 5;
  o.traps = false;
  o.tls_port = sample::FreeLoopbackPort();
  const Site site = Site::Generate(o);
  const Scanned s = ScanSite(site, 100, /*over_tls=*/true);
  const std::string authority = "127.0.0.1:" + std::to_string(o.tls_port);
  std::vector<std::string> kinds;
  for (const TlsRecord& t : s.report.tls) {
    EXPECT_EQ(t.host, authority);
    kinds.push_back(t.kind);
  }
  EXPECT_EQ(Sorted(kinds), Sorted(site.truth().tls_issues));
  size_t pages = 0;
  for (const PageRecord& p : s.report.pages) {
    EXPECT_EQ(p.url.rfind(s.base + "/", 0), 0u) << p.url;
    pages += !p.soft_404;
  }
  EXPECT_EQ(pages, static_cast<size_t>(site.truth().pages));
  EXPECT_EQ(s.report.footer.site_code, site.truth().footer.site_code);
  // The planted links to the TLS address now point at the site itself: not broken.
  EXPECT_EQ(FindLink(s.report, s.base + "/"), nullptr);

  // --strict-tls: the same findings, but nothing behind the certificate is
  // fetched (a site of its own: a TLS port is not reusable at once).
  o.tls_port = sample::FreeLoopbackPort();
  const Site strict_site = Site::Generate(o);
  const Scanned strict = ScanSite(strict_site, 100, /*over_tls=*/true, /*insecure_tls=*/false);
  std::vector<std::string> strict_kinds;
  for (const TlsRecord& t : strict.report.tls) strict_kinds.push_back(t.kind);
  EXPECT_FALSE(strict_kinds.empty());
  EXPECT_TRUE(strict.report.pages.empty());
  const LinkRecord* home = FindLink(strict.report, strict.base + "/");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->result, LinkResult::kTls);
  EXPECT_EQ(home->status, 0);
  EXPECT_FALSE(strict.report.warnings.empty());
}

TEST_F(DefectSiteTest, ColumnsMatchTruth) {
  for (const sample::PlantedColumn& c : truth().columns) {
    const std::string url = Absolute(base(), c.path);
    auto it = std::find_if(report().columns.begin(), report().columns.end(),
                           [&](const ColumnStats& s) { return s.url == url; });
    std::string found;
    for (const ColumnStats& s : report().columns) found += s.url + " " + s.name + "\n";
    ASSERT_NE(it, report().columns.end()) << "column not found: " << c.name << " " << url << "\n"
                                          << found;
    EXPECT_EQ(it->name, c.name);
    EXPECT_EQ(it->items, c.items) << c.name;
    EXPECT_EQ(it->newest, c.newest) << c.name;
    EXPECT_EQ(it->empty, c.empty) << c.name;
    EXPECT_EQ(it->stale, c.stale) << c.name;
    EXPECT_EQ(it->category, c.category) << c.name;
  }
  EXPECT_EQ(report().columns.size(), truth().columns.size());
}

TEST_F(DefectSiteTest, PrivacyLeaksFoundDecoysNot) {
  std::set<std::tuple<std::string, std::string, std::string>> planted, reported;
  for (const sample::PlantedLeak& l : truth().privacy) {
    planted.emplace(Absolute(base(), l.path), l.kind, l.masked);
  }
  for (const PrivacyRecord& p : report().privacy) reported.emplace(p.url, p.kind, p.masked);
  ASSERT_FALSE(planted.empty());
  for (const auto& p : planted) {
    EXPECT_TRUE(reported.count(p)) << "leak not found: " << std::get<0>(p) << " " << std::get<2>(p);
  }
  for (const auto& r : reported) {
    EXPECT_TRUE(planted.count(r)) << "false leak: " << std::get<0>(r) << " " << std::get<2>(r);
  }
}

TEST_F(DefectSiteTest, GbkPagesDecoded) {
  ASSERT_FALSE(truth().gbk_pages.empty());
  for (const std::string& path : truth().gbk_pages) {
    const std::string url = Absolute(base(), path);
    auto it = std::find_if(report().pages.begin(), report().pages.end(),
                           [&](const PageRecord& p) { return p.url == url; });
    ASSERT_NE(it, report().pages.end()) << url;
    EXPECT_TRUE(it->charset == "gb18030" || it->charset == "gbk" || it->charset == "gb2312")
        << url << " " << it->charset;
    EXPECT_FALSE(it->title.empty()) << url;
    EXPECT_EQ(it->title.find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD in " << it->title;
  }
}

TEST_F(DefectSiteTest, TrapsStoppedRestCrawled) {
  std::set<std::string> kinds;
  for (const Trap& t : report().traps) kinds.insert(std::string(TrapKindName(t.kind)));
  EXPECT_TRUE(kinds.count("calendar")) << "calendar trap not stopped";
  EXPECT_TRUE(kinds.count("repeated_segments")) << "/special/ trap not stopped";
  size_t trap_pages = 0, other_pages = 0;
  for (const PageRecord& p : report().pages) {
    const bool trap =
        std::any_of(truth().trap_prefixes.begin(), truth().trap_prefixes.end(),
                    [&](const std::string& prefix) { return p.url.find(base() + prefix) == 0; });
    (trap ? trap_pages : other_pages)++;
  }
  EXPECT_LT(trap_pages, 200u);
  size_t soft = 0;
  for (const PageRecord& p : report().pages) soft += p.soft_404;
  // Every non-trap page reachable from the homepage was crawled.
  std::string listing;
  for (const PageRecord& p : report().pages) {
    if (p.url.find("/t20") == std::string::npos && p.url.find("/calendar/") == std::string::npos) {
      listing +=
          p.url + " " + std::string(PageKindName(p.kind)) + (p.soft_404 ? " soft404" : "") + "\n";
    }
  }
  EXPECT_EQ(other_pages - soft, static_cast<size_t>(truth().pages)) << listing;
}

TEST_F(DefectSiteTest, FooterFromHomepage) {
  const sample::FooterTruth& f = truth().footer;
  EXPECT_EQ(report().footer.site_code, f.site_code);
  EXPECT_EQ(report().footer.icp, f.icp);
  EXPECT_EQ(report().footer.police_record, f.police_record);
  EXPECT_EQ(report().footer.sponsor, f.sponsor);
  EXPECT_FALSE(report().footer.party_gov_label_href.empty());
  EXPECT_FALSE(report().footer.error_report_href.empty());
}

TEST_F(DefectSiteTest, RobotsRespected) {
  ASSERT_FALSE(report().robots.empty());
  for (const PageRecord& p : report().pages) {
    for (const std::string& d : truth().robots_disallowed) {
      EXPECT_NE(p.url.find(base() + d), 0u) << p.url;
    }
  }
}

TEST(CleanSiteTest, NoDefectsReported) {
  SiteOptions o;
  o.articles = 120;
  o.defects = false;
  o.seed = 7;
  const Site site = Site::Generate(o);
  const Scanned s = ScanSite(site);
  for (const LinkRecord& l : s.report.links) {
    EXPECT_FALSE(IsBroken(l.result)) << LinkResultName(l.result) << " " << l.target;
  }
  EXPECT_EQ(s.report.summary.broken_links, 0u);
  EXPECT_TRUE(s.report.privacy.empty()) << s.report.privacy.front().url;
  EXPECT_EQ(s.report.summary.empty_columns, 0u);
  EXPECT_EQ(s.report.summary.stale_columns, 0u);
}

}  // namespace
}  // namespace govscore

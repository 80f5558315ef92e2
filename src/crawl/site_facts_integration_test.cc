// Scans the sample site built with the issue-7 measure fixtures (passing and
// failing, SiteOptions::measures) and compares the scan's site facts with the
// site's ground truth (GroundTruth::measures): policy ↔ interpretation pairs,
// forms, 照搬原文, 来源, function entries, annual reports, 网站地图, required
// external links. The default site (no fixtures) must report none of the
// planted pairs.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "crawl/crawler.h"
#include "sample/site.h"

namespace govscore {
namespace {

using sample::Server;
using sample::ServerOptions;
using sample::Site;
using sample::SiteOptions;
using Fixtures = SiteOptions::MeasureFixtures;

struct Scanned {
  ScanReport report;
  std::string base;
};

Scanned Scan(const Site& site) {
  ServerOptions so;
  so.slow_delay = std::chrono::milliseconds(3000);
  Server server(site, so);
  ScanOptions o;
  o.start_url = server.base_url() + "/";
  o.as_of = site.options().as_of;
  o.timeout_s = 1.5;
  o.retries = 1;
  o.concurrency = 8;
  o.loopback_only = true;  // www.gov.cn & co. are judged 'blocked', never contacted
  Scanned s{RunScan(o), server.base_url()};
  server.Stop();
  return s;
}

const Site& PassSite() {
  static const Site site = [] {
    SiteOptions o;
    o.articles = 300;
    o.measures = Fixtures::kPass;
    return Site::Generate(o);
  }();
  return site;
}

const Site& FailSite() {
  static const Site site = [] {
    SiteOptions o;
    o.articles = 300;
    o.measures = Fixtures::kFail;
    return Site::Generate(o);
  }();
  return site;
}

const Scanned& PassScan() {
  static const Scanned s = Scan(PassSite());
  return s;
}
const Scanned& FailScan() {
  static const Scanned s = Scan(FailSite());
  return s;
}

std::set<std::string> Paths(const std::vector<std::string>& urls, const std::string& base) {
  std::set<std::string> out;
  for (const std::string& u : urls) out.insert(u.rfind(base, 0) == 0 ? u.substr(base.size()) : u);
  return out;
}

std::set<std::string> Set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

void ExpectPolicyFacts(const Scanned& s, const sample::MeasureTruth& t) {
  const PolicyFacts& p = s.report.site_facts.policy;
  EXPECT_EQ(p.policies, static_cast<size_t>(t.policies));
  EXPECT_EQ(p.interpretations, static_cast<size_t>(t.interpretations));
  EXPECT_EQ(p.policies_with, static_cast<size_t>(t.policies_with_interpretation));
  std::vector<std::string> both, one_way, copied;
  for (const InterpretationPair& x : p.pairs) {
    if (x.links_to_policy && x.policy_links_back) both.push_back(x.interpretation);
    if (x.links_to_policy != x.policy_links_back) one_way.push_back(x.interpretation);
    if (x.copied) copied.push_back(x.interpretation);
  }
  EXPECT_EQ(Paths(both, s.base), Set(t.bidirectional));
  EXPECT_EQ(Paths(one_way, s.base), Set(t.one_way));
  EXPECT_EQ(Paths(copied, s.base), Set(t.copied));
  EXPECT_EQ(Paths(p.unmatched_interpretations, s.base), Set(t.unmatched));
  std::map<std::string, int> forms;
  for (const auto& [form, n] : p.forms) forms[form] = static_cast<int>(n);
  EXPECT_EQ(forms, t.forms);
}

TEST(SiteFactsScan, PassingFixturePolicyInterpretations) {
  ExpectPolicyFacts(PassScan(), PassSite().truth().measures);
  // Every pair is an own text: far from a copy.
  for (const InterpretationPair& x : PassScan().report.site_facts.policy.pairs) {
    EXPECT_LT(x.similarity, 0.3) << x.interpretation;
    EXPECT_EQ(x.matched_by, "link");
  }
}

TEST(SiteFactsScan, FailingFixturePolicyInterpretations) {
  const auto& t = FailSite().truth().measures;
  ASSERT_FALSE(t.copied.empty());
  ASSERT_FALSE(t.one_way.empty());
  ASSERT_FALSE(t.unmatched.empty());
  ExpectPolicyFacts(FailScan(), t);
  for (const InterpretationPair& x : FailScan().report.site_facts.policy.pairs) {
    if (x.copied) {
      EXPECT_GT(x.containment, 0.8) << x.interpretation;
    }
  }
}

TEST(SiteFactsScan, SourcesOnArticles) {
  for (const Scanned* s : {&PassScan(), &FailScan()}) {
    const SourceFacts& src = s->report.site_facts.sources;
    const auto& t = (s == &PassScan() ? PassSite() : FailSite()).truth();
    size_t articles = 0;
    for (const PageRecord& p : s->report.pages)
      articles += p.kind == PageKind::kArticle && !p.soft_404 && p.status == 200;
    EXPECT_EQ(src.articles, articles);
    EXPECT_GE(src.articles, static_cast<size_t>(t.articles));
    const std::set<std::string> measured = Paths(src.without_source, s->base);
    for (const std::string& path : t.measures.without_source)
      EXPECT_TRUE(measured.count(path)) << path;
    // Anything else without 来源 is one of the simple pages, not a news article.
    const std::set<std::string> planted = Set(t.measures.without_source);
    for (const std::string& path : measured) {
      if (planted.count(path)) continue;
      EXPECT_EQ(path.find("/t20"), std::string::npos) << path;
    }
  }
  EXPECT_FALSE(FailSite().truth().measures.without_source.empty());
}

TEST(SiteFactsScan, FunctionsAndDisclosureEntries) {
  const SiteFacts& pass = PassScan().report.site_facts;
  for (const std::string& key : PassSite().truth().measures.functions) {
    auto it = pass.functions.find(key);
    ASSERT_NE(it, pass.functions.end()) << key;
    EXPECT_EQ(it->second.status, "ok") << key << " " << it->second.url;
  }
  const SiteFacts& fail = FailScan().report.site_facts;
  for (const std::string& key : FailSite().truth().measures.broken_functions) {
    auto it = fail.functions.find(key);
    ASSERT_NE(it, fail.functions.end()) << key;
    EXPECT_EQ(it->second.status, "broken") << key;
  }
  for (const char* key : {"smart_qa", "user_space", "xxgk_apply", "xxgk_system"})
    EXPECT_EQ(fail.functions.count(key), 0u) << key;
}

// 征集调查: activities and results on the survey list page; each activity
// older than 2 months is matched with its result on the passing site and
// with none on the failing one.
void ExpectSurveys(const Scanned& s, const sample::MeasureTruth& t) {
  int activities = 0, results = 0;
  std::vector<std::string> unanswered_due;
  const Date as_of = PassSite().options().as_of;
  for (const SurveyFact& v : s.report.site_facts.surveys) {
    if (v.result) {
      ++results;
      continue;
    }
    ++activities;
    ASSERT_TRUE(v.date.has_value()) << v.url;
    if (*v.date < as_of.AddMonths(-2) && v.result_url.empty()) unanswered_due.push_back(v.url);
  }
  EXPECT_EQ(activities, t.survey_activities);
  EXPECT_EQ(results, t.survey_results);
  EXPECT_EQ(Paths(unanswered_due, s.base), Set(t.survey_unanswered));
}

void ExpectTopic(const Scanned& s, const sample::MeasureTruth& t) {
  const TopicFact* topic = nullptr;
  for (const TopicFact& f : s.report.site_facts.topics)
    if (f.name == t.topic) topic = &f;
  ASSERT_NE(topic, nullptr) << t.topic;
  EXPECT_EQ(Set(topic->classes), Set(t.topic_classes));
}

TEST(SiteFactsScan, SurveysWithResults) {
  ASSERT_EQ(PassSite().truth().measures.survey_activities, 4);
  ASSERT_EQ(PassSite().truth().measures.survey_results, 3);
  ExpectSurveys(PassScan(), PassSite().truth().measures);
  ASSERT_EQ(FailSite().truth().measures.survey_unanswered.size(), 3u);
  ExpectSurveys(FailScan(), FailSite().truth().measures);
}

TEST(SiteFactsScan, TopicResourceClasses) {
  ASSERT_EQ(PassSite().truth().measures.topic_classes.size(), 7u);
  ExpectTopic(PassScan(), PassSite().truth().measures);
  ExpectTopic(FailScan(), FailSite().truth().measures);
}

// 网页标签: the failing site's articles without 来源 lack ContentSource (and
// only they); every other column and content page carries its tags.
TEST(SiteFactsScan, PageLabels) {
  for (const Scanned* s : {&PassScan(), &FailScan()}) {
    const SiteFacts& f = s->report.site_facts;
    EXPECT_GT(f.label_column_pages, 10u);
    EXPECT_GT(f.label_content_pages, 100u);
    std::vector<std::string> no_source;
    for (const auto& [url, names] : f.labels_missing) {
      if (std::find(names.begin(), names.end(), "ContentSource") != names.end())
        no_source.push_back(url);
      EXPECT_EQ(names, std::vector<std::string>{"ContentSource"}) << url;
    }
    const sample::MeasureTruth& t =
        s == &PassScan() ? PassSite().truth().measures : FailSite().truth().measures;
    EXPECT_EQ(Paths(no_source, s->base), Set(t.without_source));
    EXPECT_EQ(f.label_pages_ok + f.labels_missing.size(),
              f.label_column_pages + f.label_content_pages);
  }
}

std::optional<Date> ReportDate(const SiteFacts& f, const std::string& kind, int year) {
  std::optional<Date> out;
  for (const ReportFact& r : f.reports)
    if (r.kind == kind && r.year == year && r.date) out = r.date;
  return out;
}

TEST(SiteFactsScan, AnnualReports) {
  const int year = PassSite().options().as_of.year() - 1;
  const auto& pt = PassSite().truth().measures;
  ASSERT_TRUE(pt.annual_report && pt.site_report);
  EXPECT_EQ(ReportDate(PassScan().report.site_facts, "xxgk_annual", year), pt.annual_report);
  EXPECT_EQ(ReportDate(PassScan().report.site_facts, "web_annual", year), pt.site_report);
  const auto& ft = FailSite().truth().measures;
  ASSERT_TRUE(ft.annual_report);
  EXPECT_EQ(ReportDate(FailScan().report.site_facts, "xxgk_annual", year), ft.annual_report);
  EXPECT_GT(*ft.annual_report, Date::FromYmd(year + 1, 3, 31));
  EXPECT_FALSE(ReportDate(FailScan().report.site_facts, "web_annual", year));
}

TEST(SiteFactsScan, Sitemap) {
  for (const Scanned* s : {&PassScan(), &FailScan()}) {
    const auto& t = (s == &PassScan() ? PassSite() : FailSite()).truth().measures;
    const SitemapFacts& m = s->report.site_facts.sitemap;
    EXPECT_EQ(Paths({m.url}, s->base), std::set<std::string>{"/about/sitemap.html"});
    EXPECT_EQ(Paths(m.missing_columns, s->base), Set(t.sitemap_missing));
    EXPECT_EQ(Paths(m.dead_entries, s->base), Set(t.sitemap_dead));
    EXPECT_EQ(Paths(m.extra_entries, s->base), Set(t.sitemap_extra));
    EXPECT_TRUE(m.duplicate_columns.empty());
  }
}

TEST(SiteFactsScan, RequiredExternalHosts) {
  std::set<std::string> pass_hosts, fail_hosts;
  for (const ExternalHost& h : PassScan().report.site_facts.external_hosts)
    pass_hosts.insert(h.host);
  for (const ExternalHost& h : FailScan().report.site_facts.external_hosts)
    fail_hosts.insert(h.host);
  for (const std::string& host : PassSite().truth().measures.external_hosts) {
    EXPECT_TRUE(pass_hosts.count(host)) << host;
    EXPECT_FALSE(fail_hosts.count(host)) << host;
  }
  EXPECT_TRUE(pass_hosts.count("bszs.conac.cn"));  // the footer's 党政机关标识
}

TEST(SiteFactsScan, SearchTitleProbe) {
  ASSERT_TRUE(PassSite().truth().measures.search_works);
  const auto& pass = PassScan().report.site_facts.search_probe;
  ASSERT_TRUE(pass.has_value());
  EXPECT_FALSE(pass->query.empty());
  EXPECT_EQ(pass->status, 200);
  EXPECT_TRUE(pass->found) << pass->url << " " << pass->detail;
  EXPECT_NE(pass->url.find("/search/?q="), std::string::npos);
  ASSERT_FALSE(FailSite().truth().measures.search_works);
  const auto& fail = FailScan().report.site_facts.search_probe;
  ASSERT_TRUE(fail.has_value());
  EXPECT_EQ(fail->status, 200);
  EXPECT_FALSE(fail->found);  // the result page echoes the query but lists nothing
}

// The default site (no fixtures, with defects): its interpretations quote
// titles no policy has and link to none, so none is matched; only the entries
// it really has are found; its search works.
TEST(SiteFactsScan, DefaultSiteHasNoPlantedPairs) {
  SiteOptions o;
  o.articles = 200;
  const Site site = Site::Generate(o);
  ASSERT_FALSE(site.truth().measures.planted);
  const Scanned s = Scan(site);
  const SiteFacts& f = s.report.site_facts;
  int policies = 0, interpretations = 0;
  for (const sample::PlantedColumn& c : site.truth().columns) {
    if (c.slug == "zcwj") policies = c.items;
    if (c.slug == "zcjd") interpretations = c.items;
  }
  EXPECT_EQ(f.policy.policies, static_cast<size_t>(policies));
  EXPECT_EQ(f.policy.interpretations, static_cast<size_t>(interpretations));
  EXPECT_TRUE(f.policy.pairs.empty());
  EXPECT_TRUE(f.surveys.empty());
  EXPECT_TRUE(f.topics.empty());
  EXPECT_EQ(f.policy.unmatched_interpretations.size(), static_cast<size_t>(interpretations));
  for (const char* key : {"smart_qa", "login", "user_space", "survey", "xxgk_apply"})
    EXPECT_EQ(f.functions.count(key), 0u) << key;
  // "网上信访" is a planted link into a redirect loop: found, and judged broken.
  ASSERT_EQ(f.functions.count("consult"), 1u);
  EXPECT_EQ(f.functions.at("consult").text, "网上信访");
  EXPECT_EQ(f.functions.at("consult").status, "broken");
  ASSERT_EQ(f.functions.count("xxgk_guide"), 1u);  // the 网站地图 lists 政府信息公开指南
  EXPECT_EQ(f.functions.at("xxgk_guide").status, "ok");
  ASSERT_EQ(f.functions.count("xxgk_annual"), 1u);  // "2019年信息公开年报", a planted 404
  EXPECT_EQ(f.functions.at("xxgk_annual").status, "broken");
  EXPECT_TRUE(f.sources.without_source.size() < f.sources.articles);
  EXPECT_TRUE(f.sitemap.missing_columns.empty());
  ASSERT_TRUE(f.search_probe.has_value());
  EXPECT_TRUE(f.search_probe->found) << f.search_probe->url;
}

}  // namespace
}  // namespace govscore

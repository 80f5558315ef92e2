// The checklist on generated sample sites served on 127.0.0.1: a real crawl
// with the page observer, then the checklist measures, compared with the
// site's ground truth (stale and empty columns, homepage updates, channels).
#include <gtest/gtest.h>

#include <algorithm>

#include "checklist/checklist_measures.h"
#include "checklist/collector.h"
#include "crawl/crawler.h"
#include "sample/site.h"

namespace govscore::checklist {
namespace {

struct Result {
  ScanReport report;
  ChecklistFindings findings;
  std::vector<scoring::Measure> measures;
  sample::GroundTruth truth;
};

Result ScanSample(bool defects, std::shared_ptr<const DictionaryMatcher> dictionary = nullptr) {
  sample::SiteOptions so;
  so.defects = defects;
  so.articles = 120;
  so.traps = false;
  sample::Site site = sample::Site::Generate(so);
  sample::Server server(site);
  ScanOptions o;
  o.start_url = server.base_url() + "/";
  o.as_of = so.as_of;
  o.timeout_s = 1.5;
  o.retries = 1;
  o.loopback_only = true;
  o.check_external = false;
  ChecklistCollector collector(so.as_of, dictionary);
  o.page_observer = [&](const PageRecord& r, const PageFacts& f) {
    collector.OnPage({r.final_url.empty() ? r.url : r.final_url, r.title, r.depth, r.kind}, f);
  };
  Result res;
  res.report = RunScan(o);
  server.Stop();
  res.findings = collector.Findings();
  ChecklistMeasureOptions mo;
  mo.unit = "s1";
  mo.as_of = so.as_of;
  res.measures = ChecklistMeasures(res.report, res.findings, o.column_rules, mo);
  res.truth = site.truth();
  return res;
}

const scoring::MeasureValue& Value(const Result& r, const std::string& name) {
  for (const scoring::Measure& m : r.measures)
    if (m.name == name) return m.value;
  ADD_FAILURE() << "no measure " << name;
  static scoring::MeasureValue none;
  return none;
}

size_t Expected(const sample::GroundTruth& t, bool (*pred)(const sample::PlantedColumn&)) {
  return static_cast<size_t>(std::count_if(t.columns.begin(), t.columns.end(), pred));
}

TEST(ChecklistSampleScanTest, DefectSiteMatchesTruth) {
  Result r = ScanSample(true);
  const auto& t = r.truth;
  auto stale_news = [](const sample::PlantedColumn& c) { return c.stale && c.category == "动态"; };
  auto stale_top = [](const sample::PlantedColumn& c) {
    return c.stale && (c.category == "通知公告" || c.category == "政策文件");
  };
  auto not_updated = [](const sample::PlantedColumn& c) { return c.stale || c.empty; };
  EXPECT_EQ(Value(r, "columns.stale_news").items.size(), Expected(t, stale_news));
  EXPECT_EQ(Value(r, "columns.stale_notice_policy_top").items.size(), Expected(t, stale_top));
  EXPECT_GE(Expected(t, stale_top), 1u);  // the planted stale 通知公告
  EXPECT_EQ(Value(r, "columns.stale_key_count").number,
            static_cast<double>(Expected(t, stale_news) + Expected(t, stale_top)));
  EXPECT_EQ(Value(r, "columns.not_updated").items.size(), Expected(t, not_updated));
  // The homepage lists the newest 政务动态 items.
  std::optional<Date> newest;
  for (const sample::PlantedColumn& c : t.columns)
    if (c.newest && (!newest || *c.newest > *newest)) newest = c.newest;
  ASSERT_EQ(Value(r, "homepage.newest").type, scoring::MeasureValue::Type::kDate);
  EXPECT_LE(Value(r, "homepage.newest").date, *newest);
  EXPECT_GE(Value(r, "homepage.newest").date, t.as_of.AddDays(-14));
  // 互动交流 is a consultation column.
  EXPECT_TRUE(Value(r, "interaction.channel").flag);
}

TEST(ChecklistSampleScanTest, CleanSiteHasNoStaleOrEmptyColumns) {
  Dictionary d;
  d.entries.push_back({"习近平总书纪", true, "领导人职务", "习近平总书记", "", {}});
  Result r = ScanSample(false, std::make_shared<DictionaryMatcher>(d));
  EXPECT_TRUE(Value(r, "columns.stale_news").items.empty());
  EXPECT_TRUE(Value(r, "columns.stale_notice_policy_top").items.empty());
  EXPECT_TRUE(Value(r, "columns.not_updated").items.empty());
  EXPECT_EQ(Value(r, "columns.stale_key_count").number, 0);
  EXPECT_TRUE(Value(r, "errors.serious").items.empty());  // the sample has no such word
  EXPECT_GT(r.report.pages.size(), 50u);
}

}  // namespace
}  // namespace govscore::checklist

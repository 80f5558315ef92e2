// Scan measures added for issue 7's second round (docs/measures.md §3):
// 征集调查 activities and results, resources per 专题, per-document
// interpretation lists for sampled ratios, the 年度报表 on the homepage, and a
// column the scan does not list when scoring.
#include <gtest/gtest.h>

#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

const Measure* Find(const std::vector<Measure>& ms, const std::string& name) {
  for (const Measure& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<Measure> Map(const char* json) {
  Unit u;
  u.id = "u1";
  u.site = "http://www.a.gov.cn/";
  return MeasuresFromScan(nlohmann::json::parse(json), "t.json", {u});
}

// Four activities: 2024-06-20 (not due), 2024-03-01 and 2024-01-10 with
// results, 2023-10-01 (a 网上调查) without; one result of an unknown activity.
const char kPassing[] = R"({
  "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2024-06-30",
  "pages": [], "links": [], "columns": [{"name": "政务动态", "url": "http://www.a.gov.cn/zwdt/", "items": 3}],
  "site_facts": {
    "policy_interpretation": {"policies": 3, "interpretations": 3, "policies_with_interpretation": 2,
      "pairs": [
        {"interpretation": "http://www.a.gov.cn/i1", "policy": "http://www.a.gov.cn/p1",
         "links_to_policy": true, "policy_links_back": true},
        {"interpretation": "http://www.a.gov.cn/i2", "policy": "http://www.a.gov.cn/p2",
         "links_to_policy": true, "policy_links_back": false}],
      "unmatched_interpretations": ["http://www.a.gov.cn/i3"],
      "policies_without": ["http://www.a.gov.cn/p3"],
      "forms": {"图解": 1, "文字": 2}, "non_text": ["http://www.a.gov.cn/i2"]},
    "reports": [
      {"kind": "web_annual", "year": 2023, "title": "2023年政府网站工作年度报表", "url": "http://www.a.gov.cn/nb/2.html",
       "page": "http://www.a.gov.cn/", "date": "2024-01-25"}],
    "surveys": [
      {"url": "http://www.a.gov.cn/zj/4.html", "title": "关于城区停车收费调整的意见征集", "page": "http://www.a.gov.cn/zj/", "date": "2024-06-20", "result": false, "result_url": ""},
      {"url": "http://www.a.gov.cn/zj/3.html", "title": "关于养老服务规划的意见征集", "page": "http://www.a.gov.cn/zj/", "date": "2024-03-01", "result": false, "result_url": "http://www.a.gov.cn/zj/3r.html"},
      {"url": "http://www.a.gov.cn/zj/3r.html", "title": "养老服务规划意见征集结果反馈", "page": "http://www.a.gov.cn/zj/", "date": "2024-04-10", "result": true, "result_url": ""},
      {"url": "http://www.a.gov.cn/zj/2.html", "title": "关于老旧小区改造的意见征集", "page": "http://www.a.gov.cn/zj/", "date": "2024-01-10", "result": false, "result_url": "http://www.a.gov.cn/zj/2r.html"},
      {"url": "http://www.a.gov.cn/zj/2r.html", "title": "老旧小区改造意见征集结果", "page": "http://www.a.gov.cn/zj/", "date": "2024-02-20", "result": true, "result_url": ""},
      {"url": "http://www.a.gov.cn/zj/1.html", "title": "市民出行方式网上调查", "page": "http://www.a.gov.cn/zj/", "date": "2023-10-01", "result": false, "result_url": ""}],
    "labels": {"column_pages": 2, "content_pages": 3, "pages_ok": 4,
               "missing": [{"url": "http://www.a.gov.cn/zwdt/1.html", "missing": ["ContentSource"]}]},
    "topics": [
      {"name": "优化营商环境", "url": "http://www.a.gov.cn/zt/yhys/", "classes": ["工作背景", "政策依据", "工作进展", "服务", "互动"]},
      {"name": "乡村振兴", "url": "http://www.a.gov.cn/zt/xczx/", "classes": ["工作进展"]}]}})";

TEST(ScanSurveyTopics, SurveysCountActivitiesAndTheirResults) {
  std::vector<Measure> ms = Map(kPassing);
  const Measure* activities = Find(ms, "survey.activities");
  ASSERT_NE(activities, nullptr);
  EXPECT_EQ(activities->value.number, 4);
  EXPECT_EQ(Find(ms, "survey.results")->value.number, 2);
  EXPECT_EQ(Find(ms, "survey.items_1y")->value.number, 4);  // 2023-10-01 > 2023-06-30
  // Due (older than 2 months): 03-01, 01-10, 2023-10-01; answered: 2 of 3.
  EXPECT_NEAR(Find(ms, "survey.results_share")->value.number, 200.0 / 3, 1e-9);
  const Measure* unanswered = Find(ms, "survey.unanswered");
  ASSERT_EQ(unanswered->value.items.size(), 1u);
  EXPECT_EQ(unanswered->value.items[0].id, "http://www.a.gov.cn/zj/1.html");
  EXPECT_EQ(Find(ms, "survey.dates")->value.items.size(), 4u);
  // 民意征集 without the 网上调查.
  EXPECT_EQ(Find(ms, "survey.collection_dates")->value.items.size(), 3u);
  // Counts since a date are derived when scoring.
  std::vector<Measure> derived =
      DeriveDatedMeasures(ms, Date::FromYmd(2024, 1, 1), Date::FromYmd(2024, 6, 30),
                          framework::WorkdayCalendar::Default());
  EXPECT_EQ(Find(derived, "survey.items_since")->value.number, 3);
  EXPECT_EQ(Find(derived, "survey.collection_items_since")->value.number, 3);
}

TEST(ScanSurveyTopics, TopicsCountTheirResourceClasses) {
  std::vector<Measure> ms = Map(kPassing);
  const Measure* resources = Find(ms, "topics.resources");
  ASSERT_NE(resources, nullptr);
  ASSERT_EQ(resources->value.items.size(), 2u);
  EXPECT_EQ(resources->value.items[0].id, "优化营商环境");
  EXPECT_EQ(resources->value.items[0].value, 5);
  EXPECT_EQ(resources->value.items[1].value, 1);
  EXPECT_EQ(Find(ms, "topics.rich")->value.number, 1);
}

TEST(ScanSurveyTopics, InterpretationListsForSampledRatios) {
  std::vector<Measure> ms = Map(kPassing);
  const Measure* policies = Find(ms, "interpretation.policy_items");
  ASSERT_NE(policies, nullptr);
  ASSERT_EQ(policies->value.items.size(), 3u);
  double with = 0;
  for (const ListItem& i : policies->value.items) with += i.value.value_or(0);
  EXPECT_EQ(with, 2);
  const Measure* interps = Find(ms, "interpretation.items");
  ASSERT_EQ(interps->value.items.size(), 3u);
  EXPECT_EQ(interps->value.items[0].value, 1);  // both ways
  EXPECT_EQ(interps->value.items[1].value, 0);  // one way
  EXPECT_EQ(interps->value.items[2].value, 0);  // unmatched
  const Measure* forms = Find(ms, "interpretation.form_items");
  ASSERT_EQ(forms->value.items.size(), 3u);
  EXPECT_EQ(forms->value.items[1].id, "http://www.a.gov.cn/i2");
  EXPECT_EQ(forms->value.items[1].value, 1);
  EXPECT_EQ(forms->value.items[0].value, 0);
}

TEST(ScanSurveyTopics, SiteReportOnTheHomepage) {
  std::vector<Measure> ms = Map(kPassing);
  EXPECT_TRUE(Find(ms, "site_report.homepage")->value.flag);
  EXPECT_EQ(Find(ms, "site_report.published")->value.ToString(), "2024-01-25");
  std::string moved = kPassing;
  const std::string home = R"("page": "http://www.a.gov.cn/", "date": "2024-01-25")";
  moved.replace(moved.find(home), home.size(),
                R"("page": "http://www.a.gov.cn/nb/", "date": "2024-01-25")");
  EXPECT_FALSE(Find(Map(moved.c_str()), "site_report.homepage")->value.flag);
}

TEST(ScanSurveyTopics, PageLabels) {
  std::vector<Measure> ms = Map(kPassing);
  EXPECT_FALSE(Find(ms, "meta.labels_ok")->value.flag);
  EXPECT_EQ(Find(ms, "meta.labels_share")->value.number, 80);
  const Measure* missing = Find(ms, "meta.labels_missing");
  ASSERT_EQ(missing->value.items.size(), 1u);
  EXPECT_EQ(missing->value.items[0].evidence.at(1), "缺少 ContentSource");
  std::string all_ok = kPassing;
  auto replace = [&](const std::string& from, const std::string& to) {
    all_ok.replace(all_ok.find(from), from.size(), to);
  };
  replace(R"("pages_ok": 4)", R"("pages_ok": 5)");
  replace(R"([{"url": "http://www.a.gov.cn/zwdt/1.html", "missing": ["ContentSource"]}])", "[]");
  EXPECT_TRUE(Find(Map(all_ok.c_str()), "meta.labels_ok")->value.flag);
}

// Failing site: no survey page, no topic.
TEST(ScanSurveyTopics, NoSurveysNoTopics) {
  std::vector<Measure> ms = Map(R"({"schema": "govscore.scan/1", "site": "http://www.a.gov.cn/",
    "as_of": "2024-06-30", "pages": [], "links": [], "columns": [],
    "site_facts": {"surveys": [], "topics": []}})");
  EXPECT_EQ(Find(ms, "survey.activities")->value.number, 0);
  EXPECT_EQ(Find(ms, "survey.results")->value.number, 0);
  EXPECT_EQ(Find(ms, "topics.rich")->value.number, 0);
  EXPECT_TRUE(Find(ms, "topics.resources")->value.items.empty());
}

// A column the scan does not list (by name or by category): `exists` is
// false, its other facts are 待评 — the crawl cannot tell how a column it did
// not find is kept (src/scoring/column_match_test.cc has the category cases).
// Without a scan everything stays 待评.
TEST(ScanSurveyTopics, ColumnTheScanDoesNotListIsNotThere) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(
      "schema: govscore.framework/1\nid: t\ntitle: 测试\nas_of: 2024-06-30\nindicators:\n"
      "  - id: a\n    name: 解读\n    weight: 10\n    rule:\n      type: pass_fail\n"
      "      check: {measure: column.政策解读.newest, op: within, value: 6m}\n"
      "  - id: b\n    name: 动态\n    weight: 10\n    rule:\n      type: pass_fail\n"
      "      check: {measure: column.政务动态.items, op: '>=', value: 3}\n"
      "  - id: c\n    name: 互动\n    weight: 10\n    rule:\n      type: pass_fail\n"
      "      check: {measure: column.在线咨询.exists, op: '==', value: true}\n",
      "t.yaml", diags);
  ASSERT_FALSE(diags.has_errors()) << diags.ToString();
  CampaignInputs in;
  in.units.push_back({});
  in.units[0].id = "u1";
  in.units[0].site = "http://www.a.gov.cn/";
  in.measures = Map(kPassing);
  ScoreSheet sheet = ScoreCampaign(fw, in, {});
  const UnitScore& u = sheet.units.at(0);
  EXPECT_EQ(u.pending_points, 10);  // a
  EXPECT_EQ(u.total, 10);           // b; c lost
  in.measures.clear();
  in.measures.push_back({"u1", "column.政务动态.items", MeasureValue::Number(3), {}, "", "", "x"});
  ScoreSheet imported = ScoreCampaign(fw, in, {});
  EXPECT_EQ(imported.units.at(0).pending_points, 20);
}

}  // namespace
}  // namespace govscore::scoring

// The scan document's `site_facts` (docs/scan-output.md) as measures
// (docs/measures.md §3): a passing and a failing site.
#include <gtest/gtest.h>

#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

const Measure* Find(const std::vector<Measure>& ms, const std::string& name) {
  for (const Measure& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

const char kPassing[] = R"({
  "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2024-06-30",
  "pages": [], "links": [],
  "columns": [{"name": "数据发布", "url": "http://www.a.gov.cn/sjfb/", "items": 12, "newest": "2024-05-31"},
              {"name": "统计数据", "url": "http://www.a.gov.cn/tjsj/", "items": 3, "newest": "2024-03-01"},
              {"name": "乡村振兴专题", "url": "http://www.a.gov.cn/zt/xczx/", "items": 5, "newest": "2024-06-01"},
              {"name": "创卫专题", "url": "http://www.a.gov.cn/zt/cw/", "items": 5, "newest": "2023-06-01"}],
  "findings": {"site": {"search": {"action": "/search/", "method": "get", "query_param": "q"},
                        "accessibility_toolbar": true, "privacy_policy": "http://www.a.gov.cn/privacy.html"}},
  "site_facts": {
    "policy_interpretation": {"policies": 4, "interpretations": 3, "policies_with_interpretation": 3,
      "pairs": [
        {"interpretation": "http://www.a.gov.cn/i1", "policy": "http://www.a.gov.cn/p1", "matched_by": "link",
         "links_to_policy": true, "policy_links_back": true, "similarity": 0.1, "containment": 0.2, "copied": false},
        {"interpretation": "http://www.a.gov.cn/i2", "policy": "http://www.a.gov.cn/p2", "matched_by": "link",
         "links_to_policy": true, "policy_links_back": true, "similarity": 0.05, "containment": 0.1, "copied": false},
        {"interpretation": "http://www.a.gov.cn/i3", "policy": "http://www.a.gov.cn/p3", "matched_by": "link",
         "links_to_policy": true, "policy_links_back": true, "similarity": 0.0, "containment": 0.0, "copied": false}],
      "unmatched_interpretations": [], "policies_without": ["http://www.a.gov.cn/p4"],
      "forms": {"图解": 1, "视频": 1, "文字": 1}, "form_examples": {"图解": ["http://www.a.gov.cn/i2"]}},
    "sources": {"articles": 10, "with_source": 10, "reprint_marked": 1, "without_source": []},
    "functions": {
      "smart_qa": {"url": "http://www.a.gov.cn/znwd.html", "text": "智能问答", "page": "http://www.a.gov.cn/", "status": "ok"},
      "consult": {"url": "http://www.a.gov.cn/zxzx.html", "text": "在线咨询", "page": "http://www.a.gov.cn/", "status": "ok"},
      "xxgk_guide": {"url": "http://www.a.gov.cn/guide.html", "text": "政府信息公开指南", "page": "http://www.a.gov.cn/", "status": "ok"},
      "xxgk_system": {"url": "http://www.a.gov.cn/zd.html", "text": "政府信息公开制度", "page": "http://www.a.gov.cn/", "status": "ok"},
      "xxgk_content": {"url": "http://www.a.gov.cn/fdzdgk/", "text": "法定主动公开内容", "page": "http://www.a.gov.cn/", "status": "ok"},
      "xxgk_annual": {"url": "http://www.a.gov.cn/nb/", "text": "政府信息公开年报", "page": "http://www.a.gov.cn/", "status": "ok"},
      "xxgk_apply": {"url": "http://www.a.gov.cn/ysq.html", "text": "依申请公开", "page": "http://www.a.gov.cn/", "status": "ok"}},
    "reports": [
      {"kind": "xxgk_annual", "year": 2023, "title": "2023年政府信息公开工作年度报告", "url": "http://www.a.gov.cn/nb/1.html", "page": "http://www.a.gov.cn/nb/", "date": "2024-01-20"},
      {"kind": "xxgk_annual", "year": 2022, "title": "2022年政府信息公开工作年度报告", "url": "http://www.a.gov.cn/nb/0.html", "page": "http://www.a.gov.cn/nb/", "date": "2023-05-20"},
      {"kind": "web_annual", "year": 2023, "title": "2023年政府网站工作年度报表", "url": "http://www.a.gov.cn/nb/2.html", "page": "http://www.a.gov.cn/nb/", "date": "2024-01-25"}],
    "sitemap": {"url": "http://www.a.gov.cn/map.html", "entries": 9, "missing_columns": [], "dead_entries": [],
                "extra_entries": [], "duplicate_columns": []},
    "data_release": {"pages": 3, "frequencies": [{"page": "http://www.a.gov.cn/sjfb/1.html", "value": "每月"}],
                     "files": [{"url": "http://www.a.gov.cn/sjfb/a.xlsx", "page": "http://www.a.gov.cn/sjfb/1.html", "status": "ok"},
                               {"url": "http://www.a.gov.cn/sjfb/b.csv", "page": "http://www.a.gov.cn/sjfb/1.html", "status": "broken"}]},
    "query_services": [{"text": "社保缴费查询", "url": "http://www.a.gov.cn/q/sb", "page": "http://www.a.gov.cn/", "status": "ok"},
                       {"text": "公积金查询", "url": "http://www.a.gov.cn/q/gjj", "page": "http://www.a.gov.cn/", "status": "broken"},
                       {"text": "不动产登记查询", "url": "http://bdc.example/", "page": "http://www.a.gov.cn/", "status": "unchecked"}],
    "external_hosts": [{"host": "www.gov.cn", "url": "http://www.gov.cn/", "page": "http://www.a.gov.cn/", "links": 3},
                       {"host": "www.hubei.gov.cn", "url": "http://www.hubei.gov.cn/", "page": "http://www.a.gov.cn/", "links": 3}]}})";

const char kFailing[] = R"({
  "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2024-06-30",
  "pages": [], "links": [], "columns": [],
  "findings": {"site": {"search": null, "accessibility_toolbar": false, "privacy_policy": ""}},
  "site_facts": {
    "policy_interpretation": {"policies": 4, "interpretations": 4, "policies_with_interpretation": 2,
      "pairs": [
        {"interpretation": "http://www.a.gov.cn/i1", "policy": "http://www.a.gov.cn/p1", "matched_by": "link",
         "links_to_policy": true, "policy_links_back": false, "similarity": 0.1, "containment": 0.2, "copied": false},
        {"interpretation": "http://www.a.gov.cn/i2", "policy": "http://www.a.gov.cn/p2", "matched_by": "title",
         "links_to_policy": false, "policy_links_back": false, "similarity": 0.9, "containment": 0.95, "copied": true},
        {"interpretation": "http://www.a.gov.cn/i3", "policy": "http://www.a.gov.cn/p2", "matched_by": "link",
         "links_to_policy": true, "policy_links_back": true, "similarity": 0.0, "containment": 0.0, "copied": false}],
      "unmatched_interpretations": ["http://www.a.gov.cn/i4"],
      "policies_without": ["http://www.a.gov.cn/p3", "http://www.a.gov.cn/p4"],
      "forms": {"文字": 4}, "form_examples": {}},
    "sources": {"articles": 10, "with_source": 8, "reprint_marked": 0,
                "without_source": ["http://www.a.gov.cn/a1", "http://www.a.gov.cn/a2"]},
    "functions": {
      "consult": {"url": "http://www.a.gov.cn/old.html", "text": "在线咨询", "page": "http://www.a.gov.cn/", "status": "broken"},
      "xxgk_guide": {"url": "http://www.a.gov.cn/guide/", "text": "信息公开指南", "page": "http://www.a.gov.cn/", "status": "empty"}},
    "reports": [
      {"kind": "xxgk_annual", "year": 2023, "title": "2023年政府信息公开工作年度报告", "url": "http://www.a.gov.cn/nb/1.html", "page": "http://www.a.gov.cn/nb/", "date": "2024-04-20"}],
    "sitemap": {"url": "http://www.a.gov.cn/map.html", "entries": 9,
                "missing_columns": ["http://www.a.gov.cn/sjfb/"], "dead_entries": ["http://www.a.gov.cn/gone/"],
                "extra_entries": [], "duplicate_columns": [{"name": "政务动态", "urls": ["http://www.a.gov.cn/zwdt/", "http://www.a.gov.cn/x/zwdt/"]}]},
    "external_hosts": [{"host": "bszs.conac.cn", "url": "https://bszs.conac.cn/x", "page": "http://www.a.gov.cn/", "links": 3}]}})";

std::vector<Unit> Units() {
  Unit u{"u1", "甲", "市", "", "http://www.a.gov.cn/", {}, {}};
  u.required_links = {"www.gov.cn", "http://www.hubei.gov.cn/"};
  u.convenience = {"社保查询", "住房公积金查询", "不动产登记查询", "驾驶证查询"};
  return {u};
}

TEST(ScanSiteFacts, PassingSite) {
  std::vector<Measure> ms = MeasuresFromScan(nlohmann::json::parse(kPassing), "p.json", Units());
  EXPECT_EQ(Find(ms, "interpretation.count")->value.number, 3);
  EXPECT_EQ(Find(ms, "interpretation.policies")->value.number, 4);
  EXPECT_EQ(Find(ms, "interpretation.linked_share")->value.number, 75);
  EXPECT_EQ(Find(ms, "interpretation.related_share")->value.number, 100);
  EXPECT_EQ(Find(ms, "interpretation.bidirectional_share")->value.number, 100);
  EXPECT_TRUE(Find(ms, "interpretation.copied")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "interpretation.unlinked")->value.IsAbsent());
  EXPECT_EQ(Find(ms, "interpretation.form_kinds")->value.number, 2);
  EXPECT_EQ(Find(ms, "interpretation.form.图解")->value.number, 1);
  EXPECT_EQ(Find(ms, "interpretation.form.图解")->evidence,
            std::vector<std::string>{"http://www.a.gov.cn/i2"});
  EXPECT_EQ(Find(ms, "interpretation.policies_without")->value.items.size(), 1u);
  EXPECT_EQ(Find(ms, "news.source_share")->value.number, 100);
  EXPECT_TRUE(Find(ms, "news.reprint_unmarked")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "function.smart_qa")->value.flag);
  EXPECT_TRUE(Find(ms, "function.consult_form")->value.flag);
  EXPECT_FALSE(Find(ms, "function.user_space")->value.flag);
  EXPECT_TRUE(Find(ms, "function.search")->value.flag);
  EXPECT_TRUE(Find(ms, "accessibility.toolbar")->value.flag);
  EXPECT_TRUE(Find(ms, "privacy.policy")->value.flag);
  EXPECT_TRUE(Find(ms, "disclosure.guide")->value.flag);
  EXPECT_TRUE(Find(ms, "disclosure.apply")->value.flag);
  EXPECT_TRUE(Find(ms, "disclosure.columns_missing")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "disclosure.request_channel")->value.flag);
  EXPECT_EQ(Find(ms, "annual_report.published")->value.date, Date::FromYmd(2024, 1, 20));
  EXPECT_TRUE(Find(ms, "annual_report.on_time")->value.flag);
  EXPECT_TRUE(Find(ms, "annual_report.on_time_march")->value.flag);
  EXPECT_EQ(Find(ms, "site_report.published")->value.date, Date::FromYmd(2024, 1, 25));
  EXPECT_TRUE(Find(ms, "site_report.on_time")->value.flag);
  EXPECT_TRUE(Find(ms, "sitemap.exists")->value.flag);
  EXPECT_TRUE(Find(ms, "sitemap.missing")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "columns.duplicated")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "links.gov_cn")->value.flag);
  EXPECT_TRUE(Find(ms, "links.required_missing")->value.IsAbsent());
  EXPECT_EQ(Find(ms, "links.external_hosts")->value.items.size(), 2u);
  EXPECT_EQ(Find(ms, "data_release.newest")->value.date, Date::FromYmd(2024, 5, 31));
  EXPECT_EQ(Find(ms, "data_release.days_since_update")->value.number, 30);
  EXPECT_EQ(Find(ms, "data_release.items")->value.number, 15);
  EXPECT_EQ(Find(ms, "topics.count")->value.number, 2);
  EXPECT_EQ(Find(ms, "data_release.datasets")->value.number, 1);
  EXPECT_EQ(Find(ms, "data_release.datasets_broken")->value.items.size(), 1u);
  EXPECT_TRUE(Find(ms, "data_release.frequency_stated")->value.flag);
  const MeasureValue& stale = Find(ms, "topics.stale")->value;
  ASSERT_EQ(stale.items.size(), 1u);
  EXPECT_EQ(stale.items[0].id, "创卫专题");
  EXPECT_EQ(Find(ms, "convenience.found")->value.number, 2);  // 社保, 不动产登记
  const MeasureValue& missing = Find(ms, "convenience.missing")->value;
  ASSERT_EQ(missing.items.size(), 2u);
  EXPECT_EQ(missing.items[0].id, "住房公积金查询");  // its link is broken
  EXPECT_EQ(missing.items[0].evidence[0], "http://www.a.gov.cn/q/gjj");
  EXPECT_EQ(missing.items[1].id, "驾驶证查询");
  for (const Measure& m : ms) EXPECT_TRUE(ScanProvides(m.name)) << m.name;
}

TEST(ScanSiteFacts, FailingSite) {
  std::vector<Measure> ms = MeasuresFromScan(nlohmann::json::parse(kFailing), "f.json", Units());
  EXPECT_EQ(Find(ms, "interpretation.linked_share")->value.number, 50);   // p1, p2 of 4
  EXPECT_EQ(Find(ms, "interpretation.related_share")->value.number, 50);  // i1, i3 of 4
  EXPECT_NEAR(Find(ms, "interpretation.bidirectional_share")->value.number, 100.0 / 3, 1e-9);
  const MeasureValue& copied = Find(ms, "interpretation.copied")->value;
  ASSERT_EQ(copied.items.size(), 1u);
  EXPECT_EQ(copied.items[0].id, "http://www.a.gov.cn/i2");
  EXPECT_EQ(copied.items[0].evidence[1], "http://www.a.gov.cn/p2");
  EXPECT_EQ(Find(ms, "interpretation.unlinked")->value.items.size(), 2u);  // i2, i4
  EXPECT_EQ(Find(ms, "interpretation.not_bidirectional")->value.items.size(), 3u);
  EXPECT_EQ(Find(ms, "interpretation.form_kinds")->value.number, 0);
  EXPECT_EQ(Find(ms, "news.source_share")->value.number, 80);
  EXPECT_EQ(Find(ms, "news.reprint_unmarked")->value.items.size(), 2u);
  EXPECT_FALSE(Find(ms, "function.consult_form")->value.flag);  // the entry is a dead link
  EXPECT_FALSE(Find(ms, "function.smart_qa")->value.flag);
  EXPECT_FALSE(Find(ms, "function.search")->value.flag);
  EXPECT_FALSE(Find(ms, "accessibility.toolbar")->value.flag);
  EXPECT_FALSE(Find(ms, "privacy.policy")->value.flag);
  EXPECT_FALSE(Find(ms, "disclosure.guide")->value.flag);  // an empty column
  EXPECT_EQ(Find(ms, "disclosure.columns_missing")->value.items.size(), 5u);
  EXPECT_FALSE(Find(ms, "disclosure.request_channel")->value.flag);
  EXPECT_EQ(Find(ms, "annual_report.published")->value.date, Date::FromYmd(2024, 4, 20));
  EXPECT_FALSE(Find(ms, "annual_report.on_time")->value.flag);
  EXPECT_FALSE(Find(ms, "annual_report.on_time_march")->value.flag);
  EXPECT_TRUE(Find(ms, "site_report.published")->value.IsAbsent());
  EXPECT_FALSE(Find(ms, "site_report.on_time")->value.flag);
  EXPECT_EQ(Find(ms, "sitemap.missing")->value.items.size(), 1u);
  EXPECT_EQ(Find(ms, "sitemap.dead")->value.items.size(), 1u);
  EXPECT_EQ(Find(ms, "columns.duplicated")->value.items.size(), 1u);
  EXPECT_EQ(Find(ms, "columns.duplicated")->value.items[0].evidence.size(), 2u);
  EXPECT_FALSE(Find(ms, "links.gov_cn")->value.flag);
  EXPECT_EQ(Find(ms, "links.required_missing")->value.items.size(), 2u);
  EXPECT_EQ(Find(ms, "data_release.newest"), nullptr);    // no such column
  EXPECT_EQ(Find(ms, "data_release.datasets"), nullptr);  // no data pages crawled
  EXPECT_EQ(Find(ms, "topics.count"), nullptr);           // no columns at all
  EXPECT_EQ(Find(ms, "convenience.found"), nullptr);      // no query_services in the scan
  for (const Measure& m : ms) EXPECT_TRUE(ScanProvides(m.name)) << m.name;
}

TEST(ScanSiteFacts, OlderScansHaveNone) {
  nlohmann::json scan = nlohmann::json::parse(kPassing);
  scan.erase("site_facts");
  std::vector<Measure> ms = MeasuresFromScan(scan, "old.json", Units());
  EXPECT_EQ(Find(ms, "interpretation.count"), nullptr);
  EXPECT_EQ(Find(ms, "function.search"), nullptr);
  // Without a required list the measure is not emitted (待评 unless imported).
  std::vector<Unit> plain = {{"u1", "甲", "市", "", "http://www.a.gov.cn/", {}, {}}};
  ms = MeasuresFromScan(nlohmann::json::parse(kPassing), "p.json", plain);
  EXPECT_EQ(Find(ms, "links.required_missing"), nullptr);
  EXPECT_NE(Find(ms, "links.gov_cn"), nullptr);
}

}  // namespace
}  // namespace govscore::scoring

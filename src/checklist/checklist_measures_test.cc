// The checklist measures from a scan and its page findings, and end to end:
// quarterly gb2019-website results → seed 000's 健康情况 (gx2020-dept).
#include "checklist/checklist_measures.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "checklist/quarterly.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::checklist {
namespace {

Date D(const char* s) { return *Date::Parse(s); }
const std::string kSite = "http://www.example.gov.cn/";

ColumnStats Column(const std::string& name, const std::string& path, std::optional<Date> newest,
                   Date as_of, const ColumnRules& rules, int items = 3) {
  std::vector<std::optional<Date>> dates;
  for (int i = 0; newest && i < items; ++i) dates.push_back(newest->AddDays(-i));
  return ComputeColumnStats(name, kSite + path, "", dates, as_of, rules);
}

// A site that passes every check at `as_of`.
struct Quarter {
  Date as_of;
  ColumnRules rules = ColumnRules::NationalDefaults();
  ScanReport scan;
  ChecklistFindings findings;

  explicit Quarter(Date d) : as_of(d) {
    scan.site = kSite;
    scan.as_of = d;
    PageRecord home;
    home.url = kSite;
    home.kind = PageKind::kHome;
    scan.pages.push_back(home);
    scan.columns = {Column("政务动态", "zwdt/index.html", d.AddDays(-1), d, rules),
                    Column("通知公告", "tzgg/index.html", d.AddDays(-10), d, rules),
                    Column("政策文件", "zcwj/index.html", d.AddDays(-30), d, rules),
                    Column("人事信息", "rsxx/index.html", d.AddDays(-100), d, rules),
                    Column("办件统计", "bjtj/index.html", d.AddDays(-20), d, rules),
                    Column("政务咨询", "zwzx/index.html", d.AddDays(-5), d, rules)};
    findings.homepage_newest = d.AddDays(-1);
    findings.homepage_dated_items = 8;
    findings.consultation_entry = true;
    findings.service_entry = true;
    Message m;
    m.url = kSite + "zwzx/1.html";
    m.asked = d.AddDays(-20);
    m.replied = d.AddDays(-15);
    findings.messages.push_back(m);
    GuideRecord g;
    g.url = kSite + "bszn/1.html";
    g.check.is_guide = true;
    g.check.present = GuideElementClasses();
    findings.guides.push_back(g);
  }
  void AddStaleNews(int n) {
    for (int i = 0; i < n; ++i)
      scan.columns.push_back(Column("部门动态" + std::to_string(i),
                                    "bmdt" + std::to_string(i) + "/", as_of.AddDays(-15), as_of,
                                    rules));
  }
  std::vector<scoring::Measure> Measures(const std::string& unit) const {
    ChecklistMeasureOptions o;
    o.unit = unit;
    o.as_of = as_of;
    std::vector<scoring::Measure> rows = ChecklistMeasures(scan, findings, rules, o);
    // What the scan document itself and the availability probes provide.
    auto add = [&](const char* name, scoring::MeasureValue v) {
      scoring::Measure m;
      m.unit = unit;
      m.name = name;
      m.value = v;
      rows.push_back(m);
    };
    add("columns.empty", scoring::MeasureValue::List({}));
    add("links.broken_homepage", scoring::MeasureValue::List({}));
    add("footer.site_code", scoring::MeasureValue::Text("4500000001"));
    add("footer.party_gov_label", scoring::MeasureValue::Bool(true));
    add("footer.error_report_link", scoring::MeasureValue::Bool(true));
    add("search.title_found", scoring::MeasureValue::Bool(true));
    add("site.availability_failure_ratio", scoring::MeasureValue::Number(0.005));
    return rows;
  }
};

const scoring::Measure* Find(const std::vector<scoring::Measure>& rows, const std::string& name) {
  for (const scoring::Measure& m : rows)
    if (m.name == name) return &m;
  return nullptr;
}

TEST(ChecklistMeasuresTest, CleanSite) {
  Quarter q(D("2024-06-30"));
  std::vector<scoring::Measure> rows = q.Measures("u1");
  EXPECT_EQ(Find(rows, "homepage.newest")->value.date, D("2024-06-29"));
  EXPECT_EQ(Find(rows, "columns.stale_key_count")->value.number, 0);
  EXPECT_TRUE(Find(rows, "interaction.channel")->value.flag);
  EXPECT_TRUE(Find(rows, "service.present")->value.flag);
  EXPECT_EQ(Find(rows, "service.stats_newest")->value.date, D("2024-06-10"));
  EXPECT_EQ(Find(rows, "interaction.newest_reply")->value.date, D("2024-06-15"));
  EXPECT_TRUE(Find(rows, "guide.missing_classes")->value.items.empty());
  EXPECT_TRUE(Find(rows, "errors.serious")->value.items.empty());
}

TEST(ChecklistMeasuresTest, StaleColumnsByCategoryAndLevel) {
  Quarter q(D("2024-06-30"));
  // 通知公告 7 months old (top level) and a sub-column under it; 人事 13 months;
  // 政策解读 years old (no freshness rule); an empty column.
  q.scan.columns.push_back(Column("公示公告", "gsgg/", D("2023-11-29"), q.as_of, q.rules));
  q.scan.columns.push_back(Column("区县通知", "gsgg/qx/", D("2023-11-29"), q.as_of, q.rules));
  q.scan.columns.push_back(Column("任免信息", "rmxx/", D("2023-06-29"), q.as_of, q.rules));
  q.scan.columns.push_back(Column("政策解读", "zcjd/", D("2020-01-01"), q.as_of, q.rules));
  q.scan.columns.push_back(Column("专题专栏", "ztzl/", std::nullopt, q.as_of, q.rules));
  q.AddStaleNews(2);
  std::vector<scoring::Measure> rows = q.Measures("u1");
  EXPECT_EQ(Find(rows, "columns.stale_news")->value.items.size(), 2u);
  ASSERT_EQ(Find(rows, "columns.stale_notice_policy_top")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "columns.stale_notice_policy_top")->value.items[0].id, kSite + "gsgg/");
  EXPECT_EQ(Find(rows, "columns.stale_key_count")->value.number, 3);
  EXPECT_EQ(Find(rows, "columns.stale_personnel_plan")->value.items.size(), 1u);
  // stale: 2 news + 2 notices + 1 personnel; empty: 1 → 6.
  EXPECT_EQ(Find(rows, "columns.not_updated")->value.items.size(), 6u);
  // An override file makes the sub-column first-level too.
  q.rules.overrides.push_back({kSite + "gsgg/qx/", "", "", false, true});
  rows = q.Measures("u1");
  EXPECT_EQ(Find(rows, "columns.stale_key_count")->value.number, 4);
}

TEST(ChecklistMeasuresTest, LinksGuidesMessagesAndDictionaryHits) {
  Quarter q(D("2024-06-30"));
  LinkRecord home_dead{kSite + "dead1", LinkResult::kHttp4xx, 404, "", {}, {kSite}, false};
  LinkRecord form_dead{
      kSite + "files/form.docx", LinkResult::kHttp4xx, 404, "", {}, {kSite + "bszn/1.html"}, false};
  LinkRecord moved{kSite + "old", LinkResult::kRedirectOk, 200, "", {}, {kSite + "a.html"}, false};
  q.scan.links = {home_dead, form_dead, moved};
  q.findings.guides[0].check.missing = {"设定依据", "办理流程"};
  q.findings.guides[0].check.further_missing = {"办件类型"};
  q.findings.guides[0].check.vague = {"其他材料"};
  q.findings.errors.push_back({kSite + "a.html", "习近平总书纪", true, "领导人职务", "习近平总书记",
                               "学习【习近平总书纪】讲话", 12});
  Message late;
  late.url = kSite + "zwzx/2.html";
  late.asked = D("2024-03-01");  // unanswered for 4 months
  q.findings.messages.push_back(late);
  std::vector<scoring::Measure> rows = q.Measures("u1");
  ASSERT_EQ(Find(rows, "links.broken_nonhome")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "links.broken_nonhome")->value.items[0].id, kSite + "files/form.docx");
  ASSERT_EQ(Find(rows, "guide.download_failed")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "guide.missing_classes")->value.items.size(), 2u);
  EXPECT_EQ(Find(rows, "guide.elements_missing")->value.items.size(), 2u);
  EXPECT_EQ(Find(rows, "guide.checked")->value.number, 1);
  EXPECT_EQ(Find(rows, "guide.missing.设定依据")->value.number, 1);
  EXPECT_EQ(Find(rows, "guide.missing.办理流程")->value.number, 1);
  EXPECT_EQ(Find(rows, "guide.missing.办理地点")->value.number, 0);
  EXPECT_EQ(Find(rows, "guide.missing.办件类型")->value.number, 1);
  EXPECT_EQ(Find(rows, "guide.missing.事项编码")->value.number, 0);
  EXPECT_EQ(Find(rows, "guide.vague")->value.items.size(), 1u);
  ASSERT_EQ(Find(rows, "errors.serious")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "errors.serious")->value.items[0].evidence[0], kSite + "a.html");
  EXPECT_EQ(Find(rows, "errors.serious")->value.items[0].evidence[1], "学习【习近平总书纪】讲话");
  ASSERT_EQ(Find(rows, "content.suspect_terms")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "interaction.unanswered_3m")->value.items.size(), 1u);
  EXPECT_EQ(Find(rows, "interaction.overdue")->value.items.size(), 1u);
  nlohmann::json j = MeasuresToJson(rows);
  EXPECT_EQ(j["schema"], "govscore.measures/1");
  EXPECT_EQ(j["measures"].size(), rows.size());
}

// ---- scoring the national checklist and feeding 健康情况 --------------------

framework::Framework LoadShipped(const std::string& id) {
  return framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/" + id +
                                       ".yaml");
}

scoring::Unit MakeUnit(const std::string& id, const std::string& kind) {
  scoring::Unit u;
  u.id = id;
  u.name = "自治区某厅";
  u.kind = kind;
  u.site = kSite;
  u.channels = {"网站"};
  return u;
}

scoring::ScoreSheet ScoreQuarter(const framework::Framework& fw, const Quarter& q) {
  scoring::CampaignInputs in;
  in.units = {MakeUnit("d1", "部门网站")};
  in.measures = q.Measures("d1");
  for (const char* block : {"发布解读", "办事服务", "互动交流", "功能设计"}) {
    scoring::Judgment j;
    j.unit = "d1";
    j.indicator = block;
    j.value = "met";
    in.judgments.push_back(j);
  }
  scoring::ScoreOptions o;
  o.as_of = q.as_of;
  return scoring::ScoreCampaign(fw, in, o);
}

// Checklist item V4-1 at its threshold on a generated site: 4 stale 动态
// columns pass (40 − 4×2 deducted), 5 fail.
TEST(ChecklistScoringTest, FourStaleNewsColumnsPassFiveFail) {
  framework::Framework fw = LoadShipped("gb2019-website");
  Quarter four(D("2024-06-30"));
  four.AddStaleNews(4);
  QuarterlyResult r4 = QuarterlyFromSheet(ScoreQuarter(fw, four), "2024Q2").at(0);
  EXPECT_EQ(r4.verdict, Verdict::kPass) << (r4.reasons.empty() ? "" : r4.reasons[0]);
  EXPECT_DOUBLE_EQ(r4.score, 92);
  Quarter five(D("2024-06-30"));
  five.AddStaleNews(5);
  QuarterlyResult r5 = QuarterlyFromSheet(ScoreQuarter(fw, five), "2024Q2").at(0);
  EXPECT_EQ(r5.verdict, Verdict::kFail);
  ASSERT_EQ(r5.reasons.size(), 1u);
  EXPECT_NE(r5.reasons[0].find("栏目不更新"), std::string::npos) << r5.reasons[0];
}

TEST(ChecklistScoringTest, BelowSixtyIsAReasonedFail) {
  framework::Framework fw = LoadShipped("gb2019-website");
  Quarter q(D("2024-06-30"));
  // No veto, only deductions (defaults):
  //   4 stale top-level notice columns (key count 4 < 5)     −20
  //   3 missing guide classes (< 4)                            −6
  //   10 general errors × 0.5, item cap 5                      −5
  //   newest reply 2024-03-20, before as_of − 2 months         −3
  //   that reply took 13 working days (> 10)                  −0.5
  //   办件统计 newest 2024-03-01, not within 3 months          −2
  //   50 broken links on inner pages × 0.1, item cap 5         −5
  // 100 − 41.5 = 58.5 → 不合格.
  for (int i = 0; i < 4; ++i)
    q.scan.columns.push_back(Column("通知" + std::to_string(i), "tz" + std::to_string(i) + "/",
                                    D("2023-12-01"), q.as_of, q.rules));
  q.findings.guides[0].check.missing = {"设定依据", "办理地点", "办理流程"};
  for (int i = 0; i < 10; ++i)
    q.findings.errors.push_back(
        {kSite + "p.html", "其它材料", false, "", "其他材料", "…", static_cast<size_t>(i)});
  q.findings.messages[0].asked = D("2024-03-01");
  q.findings.messages[0].replied = D("2024-03-20");
  for (ColumnStats& c : q.scan.columns)
    if (c.name == "办件统计") c.newest = D("2024-03-01");
  for (int i = 0; i < 50; ++i)
    q.scan.links.push_back({kSite + "gone" + std::to_string(i),
                            LinkResult::kHttp4xx,
                            404,
                            "",
                            {},
                            {kSite + "a.html"},
                            false});
  QuarterlyResult r = QuarterlyFromSheet(ScoreQuarter(fw, q), "2024Q2").at(0);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_DOUBLE_EQ(r.score, 58.5);
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0], "扣分部分得分 58.5 分，低于60分");
}

// End to end: four quarters of gb2019-website results for one 自治区部门 site
// (pass, veto, serious error, pass) → gx2020-dept 健康情况 = 2 × 2/4 = 1 point.
TEST(ChecklistScoringTest, QuarterlyResultsFeedSeed000Health) {
  framework::Framework checklist = LoadShipped("gb2019-website");
  std::vector<QuarterlyResult> results;
  Quarter q1(D("2020-03-31"));
  Quarter q2(D("2020-06-30"));
  q2.AddStaleNews(5);
  Quarter q3(D("2020-09-30"));
  q3.findings.errors.push_back(
      {kSite + "a.html", "习近平总书纪", true, "领导人职务", "习近平总书记", "…", 3});
  Quarter q4(D("2020-12-31"));
  for (const Quarter* q : {&q1, &q2, &q3, &q4}) {
    scoring::ScoreSheet sheet = ScoreQuarter(checklist, *q);
    for (QuarterlyResult& r : QuarterlyFromSheet(sheet, QuarterOf(q->as_of)))
      results.push_back(std::move(r));
  }
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].period, "2020Q1");
  EXPECT_EQ(results[0].verdict, Verdict::kPass);
  EXPECT_EQ(results[1].verdict, Verdict::kFail);
  EXPECT_EQ(results[2].verdict, Verdict::kFail);
  EXPECT_NE(results[2].reasons.at(0).find("严重表述错误"), std::string::npos);
  EXPECT_EQ(results[3].verdict, Verdict::kPass);

  // Through the file store and back.
  const std::string path =
      (std::filesystem::temp_directory_path() / "checklist_quarterly_test.json").string();
  std::filesystem::remove(path);
  SaveQuarterlyFile(path, results);
  SaveQuarterlyFile(path, {results[3]});  // replaces, does not duplicate
  std::vector<QuarterlyResult> loaded = LoadQuarterlyFile(path);
  std::filesystem::remove(path);
  ASSERT_EQ(loaded.size(), 4u);

  std::vector<scoring::Measure> inspection = InspectionMeasures(loaded);
  ASSERT_EQ(inspection.size(), 8u);  // passed + score per quarter

  framework::Framework gx = LoadShipped("gx2020-dept");
  scoring::CampaignInputs in;
  in.units = {MakeUnit("d1", "自治区部门")};
  in.measures = inspection;
  scoring::ScoreOptions o;
  o.as_of = D("2020-11-30");
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(gx, in, o);
  ASSERT_EQ(sheet.units.size(), 1u);
  const scoring::IndicatorScore* health = nullptr;
  for (const scoring::IndicatorScore& i : sheet.units[0].indicators)
    if (i.id == "健康情况") health = &i;
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(health->status, scoring::ScoreStatus::kScored);
  EXPECT_DOUBLE_EQ(health->points, 1.0);
  EXPECT_DOUBLE_EQ(health->weight, 2.0);
}

}  // namespace
}  // namespace govscore::checklist

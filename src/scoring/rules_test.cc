// One test per rule form of PRODUCT.md (1–17), with the seeds' own numbers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/score_json.h"

namespace govscore::scoring {
namespace {

using framework::Framework;

// A framework from the indicators (and optional extra top-level keys) text.
Framework Fw(const std::string& indicators, const std::string& extra = "") {
  std::string text =
      "schema: govscore.framework/1\nid: t\ntitle: 测试\nobject_kinds: [部门, 市]\n"
      "measures:\n  - {name: import.<栏目>, type: number}\n" +
      extra + "indicators:\n" + indicators;
  framework::Diagnostics diags;
  Framework fw = framework::ParseFramework(text, "t.yaml", diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return fw;
}

Unit U(const std::string& id, const std::string& kind = "部门",
       std::vector<std::string> channels = {}) {
  return Unit{id, "单位" + id, kind, "", "", std::move(channels), {}};
}

Measure M(const std::string& unit, const std::string& name, MeasureValue v,
          const std::string& period = "", const std::string& channel = "") {
  return Measure{unit, name, std::move(v), {}, period, channel, "test"};
}

Judgment J(const std::string& unit, const std::string& indicator, const std::string& criterion,
           const std::string& value, std::optional<double> percent = {},
           std::optional<double> points = {}, std::optional<double> count = {}) {
  Judgment j;
  j.unit = unit;
  j.indicator = indicator;
  j.criterion = criterion;
  j.value = value;
  j.percent = percent;
  j.points = points;
  j.count = count;
  j.source = "judgments:" + indicator;
  return j;
}

Event E(const std::string& unit, const std::string& type, const std::string& level = "",
        std::optional<double> points = {}) {
  Event e;
  e.unit = unit;
  e.type = type;
  e.level = level;
  e.points = points;
  e.source = "events";
  return e;
}

const IndicatorScore* Find(const std::vector<IndicatorScore>& nodes, const std::string& id) {
  for (const IndicatorScore& n : nodes) {
    if (n.id == id) return &n;
    if (const IndicatorScore* f = Find(n.children, id)) return f;
  }
  return nullptr;
}

const IndicatorScore& Node(const ScoreSheet& sheet, const std::string& id, size_t unit = 0) {
  const IndicatorScore* n = Find(sheet.units.at(unit).indicators, id);
  if (!n) throw std::runtime_error("no node " + id);
  return *n;
}

ScoreSheet Score(const Framework& fw, const CampaignInputs& in, ScoreOptions options = {}) {
  return ScoreCampaign(fw, in, options);
}

// Form 1: 30/20/20/30 sub-criteria, met / unmet / partly met / pending.
TEST(RulesTest, Form1CriteriaPercentOfWeight) {
  Framework fw =
      Fw("  - id: 数据发布\n    name: 数据发布\n    weight: 3\n    rule:\n      type: criteria\n"
         "      items:\n        - {id: c1, percent: 30}\n        - {id: c2, percent: 20}\n"
         "        - {id: c3, percent: 20}\n        - {id: c4, percent: 30}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.judgments = {J("a", "数据发布", "c1", "met"), J("a", "数据发布", "c2", "unmet"),
                  J("a", "数据发布", "c3", "", 50)};
  ScoreSheet s = Score(fw, in);
  const IndicatorScore& n = Node(s, "数据发布");
  EXPECT_NEAR(n.points, 0.9 + 0 + 0.3, 1e-9);  // 3×30% + 0 + 3×20%×50%
  EXPECT_NEAR(n.pending, 0.9, 1e-9);           // c4 not judged: 待评, not 0
  EXPECT_EQ(n.status, ScoreStatus::kPartlyPending);
  EXPECT_NEAR(s.units[0].pending_points, 0.9, 1e-9);
  EXPECT_TRUE(s.units[0].provisional);
}

// Form 2: "存在栏目更新不及时…该指标不得分".
TEST(RulesTest, Form2VetoZeroesTheIndicator) {
  Framework fw =
      Fw("  - id: 数据发布\n    name: 数据发布\n    weight: 3\n    veto:\n"
         "      - {id: v1, text: 监测时间点前6个月内未更新, when: {not: {measure: "
         "column.数据发布.newest, "
         "op: within, value: 6m}}}\n    rule: {type: pass_fail}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.measures = {
      M("a", "column.数据发布.newest", MeasureValue::OfDate(*Date::Parse("2023-03-01"))),
      M("b", "column.数据发布.newest", MeasureValue::OfDate(*Date::Parse("2023-08-01")))};
  in.judgments = {J("a", "数据发布", "", "met"), J("b", "数据发布", "", "met")};
  ScoreOptions o;
  o.as_of = Date::Parse("2023-12-12");
  ScoreSheet s = Score(fw, in, o);
  EXPECT_EQ(Node(s, "数据发布", 0).points, 0);  // 2023-03-01 is before 2023-06-12
  EXPECT_THAT(Node(s, "数据发布", 0).reasons[0], ::testing::HasSubstr("否决"));
  EXPECT_EQ(Node(s, "数据发布", 1).points, 3);
}

// Form 3: seed 000 政策文件 "40条以上、33—40条…" and seed 003 "完成率低于10%扣5分…".
TEST(RulesTest, Form3TiersOnCountsAndDeductionTiers) {
  Framework fw =
      Fw("  - id: 政策文件\n    name: 政策文件\n    weight: 3\n    rule:\n      type: tiers\n"
         "      measure: import.docs\n      bands:\n        - {min: 41, percent: 100}\n"
         "        - {min: 33, max: 41, percent: 85}\n        - {min: 25, max: 33, percent: 70}\n"
         "        - {min: 1, max: 25, percent: 40}\n"
         "  - id: A2\n    name: 应用迁移上云\n    weight: 10\n    rule:\n      type: deductions\n"
         "      items:\n        - id: d6\n          tiers:\n            measure: import.cloud\n"
         "            bands:\n              - {max: 10, points: 5}\n"
         "              - {min: 10, max: 30, points: 4}\n              - {min: 30, max: 60, "
         "points: 3}\n"
         "              - {min: 60, max: 80, points: 2}\n              - {min: 80, max: 90, "
         "points: 1}\n"
         "              - {min: 90, max: 100, points: 0.5}\n            else: 0\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.measures = {M("a", "import.docs", MeasureValue::Number(36)),
                 M("a", "import.cloud", MeasureValue::Number(25)),
                 M("b", "import.docs", MeasureValue::Number(0)),
                 M("b", "import.cloud", MeasureValue::Number(100))};
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "政策文件", 0).points, 2.55, 1e-9);  // 3 × 85%
  EXPECT_NEAR(Node(s, "A2", 0).points, 6, 1e-9);           // 25% < 30% → −4
  EXPECT_EQ(Node(s, "政策文件", 1).points, 0);             // 0 documents: else 0
  EXPECT_EQ(Node(s, "A2", 1).points, 10);                  // 100%: nothing deducted
}

// Form 4: seed 000 征集数量 "开展3次以上得50%，每增加一次增加10%".
TEST(RulesTest, Form4IncrementWithFloorAndCap) {
  Framework fw =
      Fw("  - id: 征集数量\n    name: 征集数量\n    weight: 2\n    rule: {type: increment, "
         "measure: import.surveys, from: 3, base: 50, step: 10, max: 100}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b"), U("c"), U("d")};
  double counts[] = {2, 3, 5, 9};
  for (int i = 0; i < 4; ++i)
    in.measures.push_back(M(in.units[i].id, "import.surveys", MeasureValue::Number(counts[i])));
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(Node(s, "征集数量", 0).points, 0);
  EXPECT_NEAR(Node(s, "征集数量", 1).points, 1.0, 1e-9);
  EXPECT_NEAR(Node(s, "征集数量", 2).points, 1.4, 1e-9);
  EXPECT_NEAR(Node(s, "征集数量", 3).points, 2.0, 1e-9);  // 110% capped at 100%
}

// Forms 5, 6, 17: seed 000 附加指标 — 安全事件 "每次2分…累计最高扣5分", 上级表彰 "每次加0.5分，
// 累计最高加2分", and a 国办通报 deduction of 50% of the weight.
TEST(RulesTest, Forms5And6And17OccurrencesWithCaps) {
  Framework fw = Fw(
      "  - id: 附加指标\n    name: 附加指标\n    children:\n"
      "      - id: 加分指标\n        name: 加分指标\n        weight: 2\n        polarity: bonus\n"
      "        children:\n          - id: 上级表彰\n            name: 上级表彰\n            "
      "weight: 2\n"
      "            rule: {type: bonuses, items: [{id: b1, per: {events: {type: 表彰}}, points: "
      "0.5}]}\n"
      "      - id: 扣分指标\n        name: 扣分指标\n        weight: 6\n        polarity: penalty\n"
      "        cap: 6\n        children:\n"
      "          - id: 安全事件\n            name: 安全事件\n            weight: 5\n"
      "            rule: {type: deductions, items: [{id: d1, per: {events: {type: 安全事件}}, "
      "points: 2}]}\n"
      "          - id: 通报\n            name: 通报批评\n            weight: 2\n"
      "            rule: {type: deductions, items: [{id: d1, per: {events: {type: 通报, level: "
      "国办}}, "
      "percent_of_weight: 50}]}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.has_events = true;
  for (int i = 0; i < 5; ++i) in.events.push_back(E("a", "表彰"));
  for (int i = 0; i < 3; ++i) in.events.push_back(E("a", "安全事件"));
  in.events.push_back(E("a", "通报", "国办"));
  in.events.push_back(E("a", "通报", "国办"));
  in.events.push_back(E("b", "表彰"));
  in.events.push_back(E("b", "通报", "省办"));  // not 国办: no deduction
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(Node(s, "上级表彰", 0).points, 2);   // 5 × 0.5 = 2.5 → cap 2
  EXPECT_EQ(Node(s, "安全事件", 0).points, -5);  // 3 × 2 = 6 → cap 5
  EXPECT_EQ(Node(s, "通报", 0).points, -2);      // 2 × 50% × 2
  EXPECT_EQ(Node(s, "扣分指标", 0).points, -6);  // 7 → group cap 6 (form 17)
  EXPECT_EQ(s.units[0].bonus_points, 2);
  EXPECT_EQ(s.units[0].penalty_points, -6);
  EXPECT_EQ(s.units[0].total, -4);
  EXPECT_EQ(s.units[0].max_points, 0);  // no normal part here
  EXPECT_EQ(s.units[1].total, 0.5);
  // The mixed group 附加指标 has no normal weight; it shows what its parts can
  // add (2) and deduct (6) instead of weight 0.
  const scoring::IndicatorScore& extra = Node(s, "附加指标", 0);
  EXPECT_EQ(extra.weight, 0);
  EXPECT_EQ(extra.bonus_max, 2);
  EXPECT_EQ(extra.penalty_max, 6);
  EXPECT_EQ(scoring::ShownWeight(extra), 8);
  EXPECT_EQ(scoring::ShownWeight(Node(s, "扣分指标", 0)), 6);

  // Without an events file bonus and penalty points are pending, but apart from
  // the base points: pending_points never exceeds max_points.
  in.has_events = false;
  in.events.clear();
  ScoreSheet p = Score(fw, in);
  EXPECT_EQ(p.units[0].pending_points, 0);
  EXPECT_EQ(p.units[0].pending_bonus, 2);
  EXPECT_EQ(p.units[0].pending_penalty, 6);
  EXPECT_TRUE(p.units[0].provisional);
  EXPECT_EQ(scoring::PendingSummary(p.units[0]), "加分待评 2 分，扣分待评 6 分");
}

// Base points pending are reported apart from bonus/penalty pending (AR3):
// 10 normal points of which 4 pending, a bonus leaf of 3 pending.
TEST(RulesTest, PendingPointsCountOnlyBasePoints) {
  Framework fw =
      Fw("  - id: 已评\n    name: 已评\n    weight: 6\n    rule: {type: pass_fail}\n"
         "  - id: 未评\n    name: 未评\n    weight: 4\n    rule: {type: pass_fail}\n"
         "  - id: 加分\n    name: 加分\n    weight: 3\n    polarity: bonus\n"
         "    rule: {type: judgment}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.judgments = {J("a", "已评", "", "met")};
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(s.units[0].max_points, 10);
  EXPECT_EQ(s.units[0].pending_points, 4);
  EXPECT_EQ(s.units[0].pending_bonus, 3);
  EXPECT_EQ(s.units[0].pending_penalty, 0);
  EXPECT_EQ(scoring::PendingSummary(s.units[0]), "待评 4 分，加分待评 3 分");
  in.judgments.push_back(J("a", "未评", "", "met"));
  ScoreSheet s2 = Score(fw, in);
  EXPECT_EQ(s2.units[0].pending_points, 0);
  EXPECT_TRUE(s2.units[0].provisional);  // the bonus is still open
}

// Events-based items without any events file are 待评, not 0.
TEST(RulesTest, NoEventsFileMeansPending) {
  Framework fw =
      Fw("  - id: 安全事件\n    name: 安全事件\n    weight: 5\n    polarity: penalty\n"
         "    rule: {type: deductions, items: [{id: d1, per: {events: {type: 安全事件}}, points: "
         "2}]}\n");
  CampaignInputs in;
  in.units = {U("a")};
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(Node(s, "安全事件").status, ScoreStatus::kPending);
  EXPECT_EQ(s.units[0].pending_penalty, 5);  // penalty pending: not base points
  EXPECT_EQ(s.units[0].pending_points, 0);
  EXPECT_TRUE(s.units[0].provisional);
}

// Seed 000 政务动态 "平均每个工作日更新两条以上…每三个工作日更新一条" from a scan's
// per-item dates: 2020-01-01..2020-11-30 has 226 working days; 300 items → 1.327
// per working day → band [1, 2) = 75% of 4 = 3.
TEST(RulesTest, PerWorkdayFromScannedItemDates) {
  Framework fw = Fw(
      "  - id: 政务动态\n    name: 政务动态\n    weight: 4\n    rule: {type: tiers, measure: "
      "column.政务动态.per_workday, bands: [{min: 2, percent: 100}, {min: 1, max: 2, percent: 75}, "
      "{min: 0.5, max: 1, percent: 50}], else: 0}\n",
      "period:\n  from: 2020-01-01\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.measures = {M("a", "column.政务动态.dates",
                   MeasureValue::List({{"2019-12-30", 500, {}}, {"2020-03-02", 300, {}}}))};
  ScoreOptions options;
  options.as_of = Date::Parse("2020-11-30");
  ScoreSheet s = Score(fw, in, options);
  EXPECT_EQ(Node(s, "政务动态", 0).points, 3);
  EXPECT_EQ(Node(s, "政务动态", 1).status, ScoreStatus::kPending);  // no scan: 待评
  options.as_of.reset();  // no 监测时间点: nothing derived, 待评
  EXPECT_EQ(Node(Score(fw, in, options), "政务动态", 0).status, ScoreStatus::kPending);
}

// Form 7: weight × (N − M)/N — seed 002 乡镇平台制度 20 × 4/5.
TEST(RulesTest, Form7Ratio) {
  Framework fw =
      Fw("  - id: 乡镇平台制度\n    name: 乡镇平台制度\n    weight: 20\n    rule: {type: ratio, "
         "total: import.checked, passed: import.ok}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.measures = {M("a", "import.checked", MeasureValue::Number(5)),
                 M("a", "import.ok", MeasureValue::Number(4))};
  EXPECT_NEAR(Node(Score(fw, in), "乡镇平台制度").points, 16, 1e-9);
}

// Form 8: seed 000 健康情况 (2分) = mean of quarterly pass/fail.
TEST(RulesTest, Form8AverageOverQuarters) {
  Framework fw =
      Fw("  - id: 健康情况\n    name: 健康情况\n    weight: 2\n    rule: {type: average, measure: "
         "inspection.passed, periods: [2020Q1, 2020Q2, 2020Q3, 2020Q4]}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  for (const char* q : {"2020Q1", "2020Q2", "2020Q3"})
    in.measures.push_back(M("a", "inspection.passed", MeasureValue::Bool(true), q));
  in.measures.push_back(M("a", "inspection.passed", MeasureValue::Bool(false), "2020Q4"));
  in.measures.push_back(M("b", "inspection.passed", MeasureValue::Bool(true), "2020Q1"));
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "健康情况", 0).points, 1.5, 1e-9);
  EXPECT_NEAR(Node(s, "健康情况", 1).points, 0.5, 1e-9);
  EXPECT_NEAR(Node(s, "健康情况", 1).pending, 1.5, 1e-9);  // three quarters not yet known
}

// Form 9: seed 002 标杆法 — 专栏开设数量 relative to the best unit of the kind, as a
// criteria item of 30% of 8 points.
TEST(RulesTest, Form9BenchmarkAcrossTheCampaign) {
  Framework fw =
      Fw("  - id: 中心工作宣传\n    name: 中心工作宣传\n    weight: 8\n    rule:\n      type: "
         "criteria\n"
         "      items:\n        - {id: c1, percent: 30, rule: {type: benchmark, measure: "
         "import.cols}}\n"
         "        - {id: c2, percent: 70}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b"), U("c"), U("x", "市")};
  double cols[] = {10, 5, 0, 40};
  for (int i = 0; i < 4; ++i)
    in.measures.push_back(M(in.units[i].id, "import.cols", MeasureValue::Number(cols[i])));
  for (const Unit& u : in.units) in.judgments.push_back(J(u.id, "中心工作宣传", "c2", "met"));
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "中心工作宣传", 0).points, 2.4 + 5.6, 1e-9);
  EXPECT_NEAR(Node(s, "中心工作宣传", 1).points, 1.2 + 5.6, 1e-9);  // 5/10 of 2.4
  EXPECT_NEAR(Node(s, "中心工作宣传", 2).points, 5.6, 1e-9);
  EXPECT_NEAR(Node(s, "中心工作宣传", 3).points, 8, 1e-9);  // best of its own kind 市
  EXPECT_EQ(s.units[0].rank, 1);
  EXPECT_EQ(s.units[2].rank, 3);
  EXPECT_EQ(s.units[3].rank, 1);  // ranked within kind
}

// Form 10: seed 001 "在1个工作日内答复…50%，5个工作日内…20%", across the 2024 National Day.
TEST(RulesTest, Form10WorkingDayWindows) {
  Framework fw = Fw(
      "  - id: 在线咨询\n    name: 在线咨询\n    weight: 2\n    rule: {type: response_time, from: "
      "consult.asked, to: consult.replied, windows: [{within: 1, percent: 50}, {within: 5, "
      "percent: 20}], else: 0}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b"), U("c")};
  auto date = [](const char* d) { return MeasureValue::OfDate(*Date::Parse(d)); };
  in.measures = {
      M("a", "consult.asked", date("2024-09-30")),
      M("a", "consult.replied", date("2024-10-08")),  // 1 working day
      M("b", "consult.asked", date("2024-09-27")),
      M("b", "consult.replied", date("2024-10-09")),  // 09-29(Sun, 调休), 09-30, 10-08, 10-09
      M("c", "consult.asked", date("2024-09-27")),
      M("c", "consult.replied", MeasureValue{})};  // never answered
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "在线咨询", 0).points, 1.0, 1e-9);
  EXPECT_NEAR(Node(s, "在线咨询", 1).points, 0.4, 1e-9);
  EXPECT_EQ(Node(s, "在线咨询", 2).points, 0);
}

// Form 11a: seed 000 重点信息 — no task → weight evenly to the other 重点信息 items, and
// with none left to 基本信息.
TEST(RulesTest, Form11RedistributeToSiblingsThenToNamedGroup) {
  std::string na = "        not_applicable: {redistribute: [siblings, 基本信息]}\n";
  Framework fw =
      Fw("  - id: 基本信息\n    name: 基本信息\n    children:\n"
         "      - {id: 机构职能, name: 机构职能, weight: 2, rule: {type: pass_fail}}\n"
         "      - {id: 领导信息, name: 领导信息, weight: 2, rule: {type: pass_fail}}\n"
         "  - id: 重点信息\n    name: 重点信息\n    children:\n"
         "      - id: 重大建设项目\n        name: 重大建设项目\n        weight: 2\n" +
         na +
         "        rule: {type: pass_fail}\n"
         "      - id: 公共资源配置\n        name: 公共资源配置\n        weight: 2\n" +
         na + "        rule: {type: pass_fail}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.na = {{"a", "重大建设项目", "无考核任务", "", "na"},
           {"b", "重大建设项目", "无考核任务", "", "na"},
           {"b", "公共资源配置", "无考核任务", "", "na"}};
  for (const char* u : {"a", "b"})
    for (const char* id : {"机构职能", "领导信息", "重大建设项目", "公共资源配置"})
      in.judgments.push_back(J(u, id, "", "met"));
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(Node(s, "公共资源配置", 0).weight, 4);
  EXPECT_EQ(Node(s, "重大建设项目", 0).status, ScoreStatus::kNotApplicable);
  EXPECT_EQ(Node(s, "机构职能", 0).weight, 2);
  EXPECT_EQ(Node(s, "机构职能", 1).weight, 4);  // 2 + (2+2)/2
  EXPECT_EQ(Node(s, "重点信息", 1).status, ScoreStatus::kNotApplicable);
  EXPECT_EQ(s.units[0].max_points, 8);
  EXPECT_EQ(s.units[1].total, 8);
}

// Forms 11b and 12: seed 003 X = (M − 扣分) × 100/M, Y only when X ≥ 70, bands and lists.
TEST(RulesTest, Forms11And12NormaliseGateBandsLists) {
  Framework fw =
      Fw("  - id: X\n    name: 扣分指标\n    weight: 100\n    not_applicable: normalise\n"
         "    children:\n"
         "      - {id: A1, name: 专网迁移, weight: 10, rule: {type: deductions, items: [{id: d1, "
         "points: 1}]}}\n"
         "      - {id: B1, name: 数据汇聚, weight: 90, rule: {type: deductions, items: [{id: d1, "
         "per: {measure: import.bad}, points: 2}]}}\n"
         "  - id: Y\n    name: 加分指标\n    weight: 50\n"
         "    rule: {type: judgment}\n",
         "result:\n  gates:\n    - {part: Y, when: {part: X, op: \">=\", value: 70}}\n"
         "  bands:\n    - {from: 90, label: 非常高}\n    - {from: 80, label: 高}\n"
         "    - {from: 70, label: 中}\n    - {from: 0, label: 低}\n"
         "  lists:\n    - {name: 红榜, op: \">=\", value: 80}\n    - {name: 黑榜, op: \"<\", "
         "value: 60}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b")};
  in.na = {{"a", "A1", "没有业务专网", "", "na"}};
  in.measures = {M("a", "import.bad", MeasureValue::Number(14)),  // 28 of 90
                 M("b", "import.bad", MeasureValue::Number(1))};
  in.judgments = {J("a", "Y", "", "", {}, 30), J("b", "Y", "", "", {}, 30),
                  J("b", "A1", "d1", "no")};
  ScoreSheet s = Score(fw, in);
  // a: M = 90, X = (90 − 28) × 100/90 = 68.8889 < 70 → Y = 0, band 低, 黑榜? 68.89 ≥ 60: no.
  EXPECT_NEAR(Node(s, "X", 0).points, 62.0 * 100 / 90, 1e-9);
  EXPECT_EQ(Node(s, "Y", 0).points, 0);
  EXPECT_NEAR(s.units[0].total, 68.8889, 1e-4);
  EXPECT_EQ(s.units[0].band, "低");
  EXPECT_TRUE(s.units[0].lists.empty());
  // b: X = 100 − 2 = 98 ≥ 70 → ALL = 98 + 30 = 128, 非常高, 红榜.
  EXPECT_EQ(s.units[1].total, 128);
  EXPECT_EQ(s.units[1].band, "非常高");
  EXPECT_EQ(s.units[1].lists, std::vector<std::string>{"红榜"});
}

// Form 13: seed 002 平台测评70% + 日常工作30% − 第三方评估扣分, 弄虚作假 vetoes the honour.
TEST(RulesTest, Form13CompositeCampaign) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "composite";
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  std::string head = "schema: govscore.framework/1\nobject_kinds: [县市区]\n";
  write("p.yaml", head +
                      "id: p\ntitle: 平台\nindicators:\n  - {id: p1, name: 平台, weight: 100, "
                      "rule: {type: judgment}}\n");
  write("d.yaml", head +
                      "id: d\ntitle: 日常\nindicators:\n  - {id: d1, name: 日常, weight: 100, "
                      "rule: {type: judgment}}\n");
  write("c.yaml",
        head +
            "id: c\ntitle: 总分\ncomposite:\n  parts:\n"
            "    - {framework: p, percent: 70}\n    - {framework: d, percent: 30}\n"
            "  deductions:\n    - {id: t, text: 第三方评估扣分, events: {type: 第三方评估扣分}}\n"
            "  honours:\n    - name: 优秀单位\n      veto:\n"
            "        - {id: v1, text: 考核材料弄虚作假, events: {type: 弄虚作假}}\n");
  Framework fw = framework::LoadValidFramework((dir / "c.yaml").string());
  CampaignInputs in;
  in.units = {U("a", "县市区")};
  in.judgments = {J("a", "p1", "", "", {}, 90), J("a", "d1", "", "", {}, 80)};
  in.has_events = true;
  in.events = {E("a", "第三方评估扣分", "", 1.5), E("a", "弄虚作假")};
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(s.units[0].total, 90 * 0.7 + 80 * 0.3 - 1.5, 1e-9);
  ASSERT_EQ(s.units[0].honours.size(), 1u);
  EXPECT_TRUE(s.units[0].honours[0].vetoed);
  fs::remove_all(dir);
}

// Form 14: seed 004 channel weighting (40/20/40, two channels 65/35, one 100%) and A/B classes.
TEST(RulesTest, Form14ChannelWeightingAndClasses) {
  Framework fw =
      Fw("  - id: 更新\n    name: 信息更新\n    weights: {政务微信: 100, 政务微博: 100, 政务App: "
         "100}\n"
         "    rule: {type: judgment}\n",
         "result:\n  channel_weighting:\n    channels: [政务微信, 政务微博, 政务App]\n"
         "    combinations:\n"
         "      - {present: [政务微信, 政务微博, 政务App], percent: {政务微信: 40, 政务微博: 20, "
         "政务App: 40}}\n"
         "      - {present: [政务微信, 政务微博], percent: {政务微信: 65, 政务微博: 35}}\n"
         "      - {present: [政务微博], percent: {政务微博: 100}}\n");
  CampaignInputs in;
  in.units = {U("a", "部门", {"政务微信", "政务微博", "政务App"}),
              U("b", "部门", {"政务微信", "政务微博"}), U("c", "部门", {"政务微博"})};
  for (const char* u : {"a", "b", "c"}) {
    double pts[] = {80, 60, 90};
    const char* chs[] = {"政务微信", "政务微博", "政务App"};
    for (int i = 0; i < 3; ++i) {
      Judgment j = J(u, "更新", "", "", {}, pts[i]);
      j.channel = chs[i];
      in.judgments.push_back(j);
    }
  }
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(s.units[0].total, 80 * 0.4 + 60 * 0.2 + 90 * 0.4, 1e-9);
  EXPECT_NEAR(s.units[1].total, 80 * 0.65 + 60 * 0.35, 1e-9);
  EXPECT_NEAR(s.units[2].total, 60, 1e-9);

  Framework abc =
      Fw("  - id: A类\n    name: A类\n    weight: 2\n    rule: {type: channels, class: A, over: "
         "[网站, "
         "政务微博], rule: {type: pass_fail}}\n"
         "  - id: B类\n    name: B类\n    weight: 4\n    rule: {type: channels, class: B, over: "
         "[网站, "
         "政务App], weights: {网站: 75, 政务App: 25}, rule: {type: pass_fail}}\n");
  CampaignInputs in2;
  in2.units = {U("a", "部门", {"网站", "政务微博", "政务App"}), U("b", "部门", {"网站"})};
  for (const char* u : {"a", "b"})
    for (const char* id : {"A类", "B类"})
      for (const char* ch : {"网站", "政务微博", "政务App"}) {
        Judgment j = J(u, id, "", std::string(ch) == "政务App" ? "unmet" : "met");
        j.channel = ch;
        in2.judgments.push_back(j);
      }
  in2.judgments.push_back([] {
    Judgment j = J("a", "A类", "", "unmet");
    j.channel = "政务微博";
    return j;
  }());
  in2.judgments.erase(in2.judgments.begin() + 1);  // replace a/A类/政务微博 met by unmet
  ScoreSheet s2 = Score(abc, in2);
  EXPECT_EQ(Node(s2, "A类", 0).points, 0);          // A: must hold on every channel
  EXPECT_NEAR(Node(s2, "B类", 0).points, 3, 1e-9);  // 4 × 75%
  EXPECT_EQ(Node(s2, "A类", 1).points, 2);
  EXPECT_EQ(Node(s2, "B类", 1).points, 4);  // only 网站 exists: renormalised to 100%
}

// Without a channels column the existing channels are unknown: 待评, not 0.
TEST(RulesTest, UnknownChannelsArePending) {
  Framework fw = Fw(
      "  - id: 搜索\n    name: 搜索功能\n    weight: 4\n    rule: {type: channels, class: B, over: "
      "[网站, 政务App], rule: {type: pass_fail}}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.units[0].channels_known = false;
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(Node(s, "搜索").status, ScoreStatus::kPending);
  EXPECT_EQ(s.units[0].pending_points, 4);
  in.units[0].channels_known = true;  // known and empty: 未开设渠道 → 0
  EXPECT_EQ(Node(Score(fw, in), "搜索").status, ScoreStatus::kScored);
}

// Traces and reasons name the channel's measure, not the {channel} template.
TEST(RulesTest, TracesShowTheChannelsMeasureName) {
  Framework fw =
      Fw("  - id: 更新\n    name: 更新频率\n    weight: 4\n    rule: {type: channels, class: B, "
         "over: [政务微博], rule: {type: tiers, measure: 'channel.{channel}.posts_per_day', bands: "
         "[{min: 1, percent: 100}], else: 0}}\n");
  CampaignInputs in;
  in.units = {U("a", "部门", {"政务微博"})};
  in.measures = {M("a", "channel.政务微博.posts_per_day", MeasureValue::Number(0.4))};
  ScoreSheet sheet = Score(fw, in);
  const IndicatorScore& n = Node(sheet, "更新");
  std::string all;
  for (const std::string& t : n.trace) all += t + "\n";
  for (const std::string& r : n.reasons) all += r + "\n";
  EXPECT_NE(all.find("channel.政务微博.posts_per_day = 0.4"), std::string::npos) << all;
  EXPECT_EQ(all.find("{channel}"), std::string::npos) << all;
}

// Channel weighting (seed 004 政务新媒体) without a channels column: the whole
// sheet is 待评 — not 0 and not an error (AR4).
TEST(RulesTest, UnknownChannelsUnderChannelWeightingArePending) {
  Framework fw =
      Fw("  - id: 更新\n    name: 信息更新\n    weights: {政务微信: 60, 政务微博: 100}\n"
         "    rule: {type: judgment}\n"
         "  - id: 互动\n    name: 互动\n    weights: {政务微信: 40}\n    rule: {type: judgment}\n",
         "result:\n  channel_weighting:\n    channels: [政务微信, 政务微博]\n"
         "    combinations:\n"
         "      - {present: [政务微信, 政务微博], percent: {政务微信: 50, 政务微博: 50}}\n"
         "      - {present: [政务微博], percent: {政务微博: 100}}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.units[0].channels_known = false;
  ScoreSheet s = Score(fw, in);
  EXPECT_EQ(s.units[0].total, 0);
  EXPECT_EQ(s.units[0].pending_points, 100);
  EXPECT_EQ(s.units[0].max_points, 100);
  EXPECT_TRUE(s.units[0].provisional);
  EXPECT_EQ(Node(s, "更新").status, ScoreStatus::kPending);
  EXPECT_EQ(Node(s, "更新").pending, 60);
  in.units[0].channels_known = true;  // known and none opened: 0, not pending
  ScoreSheet none = Score(fw, in);
  EXPECT_EQ(none.units[0].pending_points, 0);
  EXPECT_FALSE(none.units[0].provisional);
}

// Form 15: "随机抽查3个（不足3个的则检查全部）" — reproducible and recorded.
TEST(RulesTest, Form15ReproducibleSampling) {
  Framework fw =
      Fw("  - id: 办事指南\n    name: 办事指南\n    weight: 4\n    rule: {type: ratio, total: "
         "{measure: "
         "import.guides, sample: 3, agg: count}, passed: {measure: import.guides, sample: 3, agg: "
         "sum}}\n");
  auto run = [&](uint64_t seed, int n) {
    CampaignInputs in;
    in.units = {U("a")};
    std::vector<ListItem> items;
    for (int i = 0; i < n; ++i)
      items.push_back({"g" + std::to_string(i), i % 2 == 0 ? 1.0 : 0.0, {}});
    in.measures = {M("a", "import.guides", MeasureValue::List(items))};
    ScoreOptions o;
    o.seed = seed;
    return Score(fw, in, o);
  };
  ScoreSheet a = run(7, 7), b = run(7, 7);
  ASSERT_EQ(a.units[0].samples.size(), 1u);  // total and passed share one recorded draw
  EXPECT_EQ(a.units[0].samples[0].chosen.size(), 3u);
  EXPECT_EQ(a.units[0].samples[0].population_size, 7u);
  EXPECT_EQ(a.units[0].samples[0].chosen, b.units[0].samples[0].chosen);
  EXPECT_EQ(ScoreSheetToJson(a).dump(), ScoreSheetToJson(b).dump());
  bool differs = false;
  for (uint64_t seed = 0; seed < 20 && !differs; ++seed)
    differs = run(seed, 7).units[0].samples[0].chosen != a.units[0].samples[0].chosen;
  EXPECT_TRUE(differs) << "the seed must change the draw";
  ScoreSheet few = run(7, 2);  // fewer than 3: check all
  EXPECT_EQ(few.units[0].samples[0].chosen.size(), 2u);
  EXPECT_NEAR(Node(few, "办事指南").points, 2, 1e-9);  // 1 of 2 passed
}

// Form 16: "已按其他指标扣分的，本指标项下不重复扣分".
TEST(RulesTest, Form16NoDoubleDeduction) {
  Framework fw =
      Fw("  - id: 可用性\n    name: 可用性\n    weight: 2\n    rule: {type: deductions, items: "
         "[{id: d1, per: {measure: links.broken_homepage}, points: 0.5}]}\n"
         "  - id: 运维\n    name: 运维保障\n    weight: 3\n    rule: {type: deductions, items: "
         "[{id: d1, per: {measure: links.broken, skip_charged_by: [可用性]}, points: 1}]}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.measures = {
      M("a", "links.broken_homepage", MeasureValue::List({{"http://x/1", 1, {}}})),
      M("a", "links.broken", MeasureValue::List({{"http://x/1", 1, {}}, {"http://x/2", 1, {}}}))};
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "可用性").points, 1.5, 1e-9);
  EXPECT_NEAR(Node(s, "运维").points, 2, 1e-9);  // only http://x/2 is charged here
  EXPECT_EQ(Node(s, "运维").charged, std::vector<std::string>{"http://x/2"});
}

TEST(RulesTest, InputsThatContradictTheFrameworkAreErrors) {
  Framework fw =
      Fw("  - id: a1\n    name: 甲\n    weight: 2\n    not_applicable: forbidden\n"
         "    rule: {type: judgment}\n");
  CampaignInputs in;
  in.units = {U("a")};
  in.judgments = {J("a", "a2", "", "met")};
  EXPECT_THROW(Score(fw, in), Error);  // unknown indicator
  in.judgments = {J("a", "a1", "", "", {}, 3)};
  EXPECT_THROW(Score(fw, in), Error);  // 3 points above the weight 2
  in.judgments.clear();
  in.na = {{"a", "a1", "", "", "na"}};
  EXPECT_THROW(Score(fw, in), Error);  // forbidden
  in.na.clear();
  in.units = {U("a", "省")};
  EXPECT_THROW(Score(fw, in), Error);  // kind not scored by the framework
}

TEST(RulesTest, LeafDeductAndItemVetoAndKinds) {
  Framework fw =
      Fw("  - id: 信息发布\n    name: 信息发布\n    weight: 4\n"
         "    deduct: [{id: x1, text: 每发现一个扣50%, per: {measure: import.bad}, "
         "percent_of_weight: 50}]\n"
         "    rule:\n      type: criteria\n      items:\n"
         "        - {id: c1, percent: 50, veto: [{id: v1, text: 照搬原文}]}\n"
         "        - {id: c2, percent: 50, kinds: [市]}\n");
  CampaignInputs in;
  in.units = {U("a"), U("b", "市")};
  in.measures = {M("a", "import.bad", MeasureValue::Number(1)),
                 M("b", "import.bad", MeasureValue::Number(0))};
  in.judgments = {J("a", "信息发布", "c1", "met"), J("b", "信息发布", "c1", "met"),
                  J("b", "信息发布", "v1", "yes"), J("b", "信息发布", "c2", "met")};
  ScoreSheet s = Score(fw, in);
  EXPECT_NEAR(Node(s, "信息发布", 0).points, 2, 1e-9);  // c1 only (100% for 部门) − 50% of 4
  EXPECT_NEAR(Node(s, "信息发布", 1).points, 2, 1e-9);  // c1 vetoed, c2 met
}

}  // namespace
}  // namespace govscore::scoring

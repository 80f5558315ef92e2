// Assisted coverage at scoring time (docs/scoring.md "Proposals"): a measure
// proposes a value for a judged part, the part stays 待评 until a reviewer
// confirms (`value: confirm`) or overrides it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/score_json.h"

namespace govscore::scoring {
namespace {

using ::testing::HasSubstr;

// Four leaves (weights 10, 10, 10, 8):
//   a: pass_fail judged, proposes met when column.领导信息.exists;
//   b: criteria, c1 judged (50%) proposes from a tiers rule on news.source_share
//      (pending measure), c2 judged without proposal (50%);
//   c: tiers on import.docs, filled by category.政策文件.items_since;
//   d: deductions, d1 judged 2 points per occurrence, proposes the count of links.broken.
const char* kFramework = R"(schema: govscore.framework/1
id: t
title: 测试
object_kinds: [部门]
measures:
  - {name: import.docs, type: number}
indicators:
  - id: a
    name: 领导信息
    weight: 10
    rule: {type: pass_fail}
    coverage: {mark: assisted, measures: ["column.领导信息.exists"], propose: {measure: "column.领导信息.exists", op: "==", value: true}}
  - id: b
    name: 来源
    weight: 10
    rule:
      type: criteria
      items:
        - id: c1
          text: 注明来源
          percent: 50
          coverage:
            mark: assisted
            measures: [news.source_share]
            propose: {type: tiers, measure: news.source_share, bands: [{min: 90, percent: 100}, {min: 50, max: 90, percent: 50}, {max: 50, percent: 0}]}
        - {id: c2, text: 内容质量, percent: 50, coverage: {mark: judgment, why: 需专家审读}}
  - id: c
    name: 政策文件
    weight: 10
    coverage: {mark: assisted, measures: [category.政策文件.items_since], fill: {import.docs: category.政策文件.items_since}}
    rule:
      type: tiers
      measure: import.docs
      bands: [{min: 40, percent: 100}, {min: 20, max: 40, percent: 60}, {max: 20, percent: 0}]
  - id: d
    name: 错链
    weight: 8
    rule:
      type: deductions
      items:
        - {id: d1, text: 每处扣2分, points: 2, coverage: {mark: assisted, measures: [links.broken], propose: {count: links.broken}}}
)";

framework::Framework Load(const char* text = kFramework) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(text, "t.yaml", diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return fw;
}

Unit U(const std::string& id) {
  Unit u;
  u.id = id;
  u.name = "单位" + id;
  u.kind = "部门";
  return u;
}

Measure M(const std::string& unit, const std::string& name, MeasureValue v) {
  Measure m;
  m.unit = unit;
  m.name = name;
  m.value = std::move(v);
  m.evidence = {"http://127.0.0.1/" + name};
  m.source = "test";
  return m;
}

Judgment J(const std::string& unit, const std::string& indicator, const std::string& criterion,
           const std::string& value) {
  Judgment j;
  j.unit = unit;
  j.indicator = indicator;
  j.criterion = criterion;
  j.value = value;
  j.reviewer = "张三";
  j.source = "judgments:" + indicator;
  return j;
}

const IndicatorScore& Node(const UnitScore& u, const std::string& id) {
  for (const IndicatorScore& n : u.indicators)
    if (n.id == id) return n;
  throw std::runtime_error("no node " + id);
}

CampaignInputs WithMeasures(std::vector<Judgment> judgments = {}) {
  CampaignInputs in;
  in.units = {U("u1")};
  in.measures = {
      M("u1", "column.领导信息.exists", MeasureValue::Bool(true)),
      M("u1", "news.source_share", MeasureValue::Number(72)),
      M("u1", "category.政策文件.items_since", MeasureValue::Number(25)),
      M("u1", "links.broken", MeasureValue::List({{"http://x/a", {}, {}}, {"http://x/b", {}, {}}})),
  };
  in.judgments = std::move(judgments);
  return in;
}

TEST(ProposalTest, AssistedPartsStayPendingWithAProposal) {
  UnitScore u = ScoreCampaign(Load(), WithMeasures(), {}).units.at(0);
  const IndicatorScore& a = Node(u, "a");
  EXPECT_EQ(a.status, ScoreStatus::kPending);
  EXPECT_DOUBLE_EQ(a.pending, 10);
  ASSERT_TRUE(a.proposal);
  EXPECT_DOUBLE_EQ(a.proposal->points, 10);
  EXPECT_THAT(a.proposal->items.at(0), HasSubstr("建议 a：met"));
  EXPECT_THAT(a.proposal->items.at(0), HasSubstr("待确认"));
  EXPECT_EQ(a.proposal->evidence,
            std::vector<std::string>{"http://127.0.0.1/column.领导信息.exists"});

  const IndicatorScore& b = Node(u, "b");  // c1: 72% → band 50%: 2.5 of 5; c2 has no proposal
  ASSERT_TRUE(b.proposal);
  EXPECT_DOUBLE_EQ(b.proposal->points, 2.5);
  EXPECT_DOUBLE_EQ(b.proposal->pending, 5);
  EXPECT_DOUBLE_EQ(b.pending, 10);

  const IndicatorScore& c = Node(u, "c");  // import.docs missing; 25 items fill it: 60%
  EXPECT_EQ(c.status, ScoreStatus::kPending);
  ASSERT_TRUE(c.proposal);
  EXPECT_DOUBLE_EQ(c.proposal->points, 6);
  EXPECT_THAT(c.proposal->items.at(0),
              HasSubstr("import.docs 取 category.政策文件.items_since = 25"));

  // A judged item of fixed 2 points leaves 2 of 8 open (6 decided); the
  // proposal counts two broken links × 2 points.
  const IndicatorScore& d = Node(u, "d");
  ASSERT_TRUE(d.proposal);
  EXPECT_DOUBLE_EQ(d.proposal->points, 4);
  EXPECT_DOUBLE_EQ(d.proposal->pending, 0);
  EXPECT_DOUBLE_EQ(d.points, 6);
  EXPECT_DOUBLE_EQ(d.pending, 2);

  EXPECT_DOUBLE_EQ(u.total, 6);  // proposals never count before confirmation
  EXPECT_DOUBLE_EQ(u.pending_points, 32);
  nlohmann::json j = ScoreSheetToJson(ScoreCampaign(Load(), WithMeasures(), {}));
  EXPECT_EQ(j["units"][0]["indicators"][0]["proposal"]["points"], 10);
}

// Each proposed part, as a reviewer would enter it (the platform's 采纳).
TEST(ProposalTest, PartsSayWhatEachPartWouldBeJudged) {
  UnitScore u = ScoreCampaign(Load(), WithMeasures(), {}).units.at(0);
  const std::vector<ProposedPart>& a = Node(u, "a").proposal->parts;
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].criterion, "");
  EXPECT_EQ(a[0].value, "met");
  EXPECT_EQ(a[0].evidence, std::vector<std::string>{"http://127.0.0.1/column.领导信息.exists"});
  EXPECT_FALSE(a[0].basis.empty());
  const std::vector<ProposedPart>& b = Node(u, "b").proposal->parts;
  ASSERT_EQ(b.size(), 1u);  // c2 has no proposal
  EXPECT_EQ(b[0].criterion, "c1");
  EXPECT_EQ(b[0].value, "");
  EXPECT_EQ(b[0].percent, std::optional<double>(50));
  const std::vector<ProposedPart>& d = Node(u, "d").proposal->parts;
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].criterion, "d1");
  EXPECT_EQ(d[0].count, std::optional<double>(2));
  EXPECT_TRUE(Node(u, "c").proposal->parts.empty());  // a fill, not a judged part
  // A judged part proposes nothing any more.
  UnitScore judged =
      ScoreCampaign(Load(), WithMeasures({J("u1", "b", "c1", "unmet")}), {}).units.at(0);
  ASSERT_TRUE(!Node(judged, "b").proposal || Node(judged, "b").proposal->parts.empty());
}

TEST(ProposalTest, ConfirmAcceptsAndJudgmentOverrides) {
  UnitScore u =
      ScoreCampaign(Load(),
                    WithMeasures({J("u1", "a", "", "confirm"), J("u1", "b", "c1", "confirm"),
                                  J("u1", "b", "c2", "met"), J("u1", "c", "", "confirm"),
                                  J("u1", "d", "d1", "no")}),
                    {})
          .units.at(0);
  EXPECT_DOUBLE_EQ(Node(u, "a").points, 10);
  EXPECT_EQ(Node(u, "a").status, ScoreStatus::kScored);
  EXPECT_FALSE(Node(u, "a").proposal);
  EXPECT_DOUBLE_EQ(Node(u, "b").points, 2.5 + 5);
  EXPECT_DOUBLE_EQ(Node(u, "c").points, 6);
  EXPECT_THAT(::testing::PrintToString(Node(u, "a").trace), HasSubstr("张三"));
  EXPECT_DOUBLE_EQ(Node(u, "d").points, 8);  // reviewer overrides: nothing to deduct
  EXPECT_DOUBLE_EQ(u.pending_points, 0);
}

TEST(ProposalTest, NoMeasureNoProposalAndConfirmStaysPending) {
  CampaignInputs in;
  in.units = {U("u1")};
  in.judgments = {J("u1", "a", "", "confirm")};
  UnitScore u = ScoreCampaign(Load(), in, {}).units.at(0);
  // column.领导信息.exists has no row: the condition == true is 待评, nothing to propose.
  EXPECT_EQ(Node(u, "a").status, ScoreStatus::kPending);
  EXPECT_FALSE(Node(u, "b").proposal);
  EXPECT_FALSE(Node(u, "c").proposal);
  EXPECT_EQ(Node(u, "c").status, ScoreStatus::kPending);
}

TEST(ProposalTest, ImportedRowWinsOverTheFill) {
  CampaignInputs in = WithMeasures();
  in.measures.push_back(M("u1", "import.docs", MeasureValue::Number(45)));
  UnitScore u = ScoreCampaign(Load(), in, {}).units.at(0);
  EXPECT_DOUBLE_EQ(Node(u, "c").points, 10);
  EXPECT_FALSE(Node(u, "c").proposal);
}

// A benchmark filled from a scan measure compares with the peers' filled
// values: the best unit's proposal is full marks, not 0 for want of a best.
TEST(ProposalTest, FilledBenchmarkComparesWithThePeersFills) {
  const char* framework = R"(schema: govscore.framework/1
id: t
title: 测试
object_kinds: [部门]
measures:
  - {name: import.guides, type: number}
indicators:
  - id: n
    name: 办事指南发布数量
    weight: 10
    coverage: {mark: assisted, measures: [guide.checked], fill: {import.guides: guide.checked}}
    rule: {type: benchmark, measure: import.guides}
)";
  framework::Framework fw = Load(framework);
  CampaignInputs in;
  in.units = {U("u1"), U("u2")};
  in.measures = {M("u1", "guide.checked", MeasureValue::Number(40)),
                 M("u2", "guide.checked", MeasureValue::Number(20))};
  ScoreSheet sheet = ScoreCampaign(fw, in, {});
  ASSERT_TRUE(Node(sheet.units.at(0), "n").proposal);
  EXPECT_DOUBLE_EQ(Node(sheet.units.at(0), "n").proposal->points, 10);
  ASSERT_TRUE(Node(sheet.units.at(1), "n").proposal);
  EXPECT_DOUBLE_EQ(Node(sheet.units.at(1), "n").proposal->points, 5);
  EXPECT_EQ(Node(sheet.units.at(1), "n").status, ScoreStatus::kPending);
}

// Site measures describe the website: inside a channels rule they propose for
// the 网站 channel only; a {channel} measure proposes for every channel.
TEST(ProposalTest, SiteMeasuresProposeForTheWebsiteChannelOnly) {
  const char* framework = R"(schema: govscore.framework/1
id: t
title: 测试
object_kinds: [部门]
indicators:
  - id: s
    name: 搜索功能
    weight: 10
    coverage: {mark: assisted, measures: [function.search], propose: {measure: function.search, op: "==", value: true}}
    rule: {type: channels, class: B, over: [网站, 政务App], rule: {type: judgment}}
  - id: g
    name: 更新
    weight: 10
    coverage: {mark: assisted, measures: ["channel.{channel}.longest_gap_days"], propose: {measure: "channel.{channel}.longest_gap_days", op: "<=", value: 7}}
    rule: {type: channels, class: B, over: [网站, 政务App], rule: {type: judgment}}
)";
  framework::Framework fw = Load(framework);
  CampaignInputs in;
  in.units = {U("u1")};
  in.units[0].channels = {"网站", "政务App"};
  in.measures = {M("u1", "function.search", MeasureValue::Bool(true))};
  Measure gap = M("u1", "channel.政务App.longest_gap_days", MeasureValue::Number(3));
  gap.channel = "政务App";
  in.measures.push_back(gap);
  UnitScore u = ScoreCampaign(fw, in, {}).units.at(0);
  ASSERT_TRUE(Node(u, "s").proposal);
  ASSERT_EQ(Node(u, "s").proposal->parts.size(), 1u);
  EXPECT_EQ(Node(u, "s").proposal->parts[0].channel, "网站");
  EXPECT_DOUBLE_EQ(Node(u, "s").proposal->points, 5);  // 网站 met, 政务App still 待评
  EXPECT_DOUBLE_EQ(Node(u, "s").proposal->pending, 5);
  ASSERT_TRUE(Node(u, "g").proposal);
  ASSERT_EQ(Node(u, "g").proposal->parts.size(), 1u);
  EXPECT_EQ(Node(u, "g").proposal->parts[0].channel, "政务App");
}

}  // namespace
}  // namespace govscore::scoring

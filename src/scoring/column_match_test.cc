// Columns matched by category when scoring from a scan (issue 7): a framework
// names a column (column.政务动态.*) the site calls otherwise (工作动态); the
// scan classifies its columns into the national categories (checks/columns.h)
// and gives category.<类别>.*; the engine reads a column missing by name
// through its category. A column found neither way is 待评 for every fact but
// `exists` (false: a framework that requires the column still deducts), and
// its trace says the machine could not decide — unlike a column found and
// failed.
#include <gtest/gtest.h>

#include <algorithm>

#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

// 工作动态 (动态) updated every few days, 咨询留言 (互动), 机构概况 (no category).
const char kScan[] = R"({
  "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2024-06-30",
  "pages": [{"url": "http://www.a.gov.cn/", "status": 200}], "links": [],
  "columns": [
    {"name": "工作动态", "url": "http://www.a.gov.cn/gzdt/", "category": "动态", "items": 6,
     "newest": "2024-06-28", "empty": false, "stale": false, "days_since_newest": 2,
     "dates": {"2024-06-28": 2, "2024-06-20": 2, "2024-05-02": 1, "2023-12-30": 1}},
    {"name": "咨询留言", "url": "http://www.a.gov.cn/zxly/", "category": "互动", "items": 2,
     "newest": "2024-06-01", "empty": false, "stale": false, "dates": {"2024-06-01": 2}},
    {"name": "机构概况", "url": "http://www.a.gov.cn/jggk/", "items": 1, "empty": false,
     "stale": false}]})";

const char kFramework[] = R"(schema: govscore.framework/1
id: t
title: 栏目匹配
as_of: 2024-06-30
period: {from: 2024-01-01}
indicators:
  - id: by_category
    name: 政务动态条数
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.政务动态.items, op: '>=', value: 5}
  - id: by_category_derived
    name: 政务动态发布量
    weight: 10
    rule:
      type: tiers
      measure: column.政务动态.items_since
      bands:
        - {min: 5, percent: 100}
      else: 0
  - id: by_category_exists
    name: 在线咨询
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.在线咨询.exists, op: '==', value: true}
  - id: absent_fact
    name: 人事信息更新
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.人事信息.newest, op: within, value: 1y}
  - id: absent_presence
    name: 人事信息有日期
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.人事信息.newest, op: exists}
  - id: absent_required
    name: 人事信息栏目
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.人事信息.exists, op: '==', value: true}
  - id: no_category
    name: 机构职能
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.机构职能.items, op: '>=', value: 1}
  - id: found_failed
    name: 工作动态条数
    weight: 10
    rule:
      type: pass_fail
      check: {measure: column.工作动态.items, op: '>=', value: 10}
)";

const IndicatorScore& Leaf(const UnitScore& u, const std::string& id) {
  auto it = std::find_if(u.indicators.begin(), u.indicators.end(),
                         [&](const IndicatorScore& s) { return s.id == id; });
  if (it == u.indicators.end()) throw std::runtime_error("no indicator " + id);
  return *it;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

class ColumnMatch : public ::testing::Test {
 protected:
  void SetUp() override {
    framework::Diagnostics diags;
    fw_ = framework::ParseFramework(kFramework, "t.yaml", diags);
    ASSERT_FALSE(diags.has_errors()) << diags.ToString();
    Unit u;
    u.id = "u1";
    u.site = "http://www.a.gov.cn/";
    in_.units.push_back(u);
    in_.measures = MeasuresFromScan(nlohmann::json::parse(kScan), "scan.json", in_.units);
    sheet_ = ScoreCampaign(fw_, in_, {});
    ASSERT_EQ(sheet_.units.size(), 1u);
  }
  const UnitScore& unit() const { return sheet_.units[0]; }
  framework::Framework fw_;
  CampaignInputs in_;
  ScoreSheet sheet_;
};

TEST_F(ColumnMatch, AColumnMissingByNameIsReadThroughItsCategory) {
  const IndicatorScore& items = Leaf(unit(), "by_category");
  EXPECT_EQ(items.points, 10) << Joined(items.trace);
  EXPECT_EQ(items.pending, 0);
  EXPECT_NE(Joined(items.trace).find("column.政务动态.items = 6"), std::string::npos)
      << Joined(items.trace);
  EXPECT_NE(Joined(items.trace).find("按栏目类别「动态」取值"), std::string::npos)
      << Joined(items.trace);
  // items_since derived from the category's dates: 5 items dated in 2024.
  const IndicatorScore& since = Leaf(unit(), "by_category_derived");
  EXPECT_EQ(since.points, 10) << Joined(since.trace);
  // 在线咨询 → 互动 (咨询留言).
  EXPECT_EQ(Leaf(unit(), "by_category_exists").points, 10);
}

TEST_F(ColumnMatch, NotFoundIsPendingWithWhyButExistsIsFalse) {
  // 人事信息 → 人事: no such column in the scan. Its date cannot be judged.
  const IndicatorScore& fact = Leaf(unit(), "absent_fact");
  EXPECT_EQ(fact.status, ScoreStatus::kPending);
  EXPECT_EQ(fact.points, 0);
  EXPECT_EQ(fact.pending, 10);
  const std::string why = Joined(fact.trace);
  EXPECT_NE(why.find("缺少测量值 column.人事信息.newest"), std::string::npos) << why;
  EXPECT_NE(why.find("按名称「人事信息」和类别「人事」均未找到该栏目"), std::string::npos) << why;
  EXPECT_NE(why.find("机器无法判断"), std::string::npos) << why;
  // A presence test on such a fact cannot say "not there" either.
  EXPECT_EQ(Leaf(unit(), "absent_presence").pending, 10);
  // The framework asks whether the column exists: it does not — points lost.
  const IndicatorScore& required = Leaf(unit(), "absent_required");
  EXPECT_EQ(required.status, ScoreStatus::kScored);
  EXPECT_EQ(required.points, 0);
  EXPECT_EQ(required.pending, 0);
  EXPECT_NE(Joined(required.trace)
                .find("column.人事信息.exists：扫描所列 3 个栏目中按名称「人事信息」"
                      "和类别「人事」均未找到该栏目"),
            std::string::npos)
      << Joined(required.trace);
  // A name of no category (机构职能): 待评 too, said without a category.
  const IndicatorScore& none = Leaf(unit(), "no_category");
  EXPECT_EQ(none.pending, 10);
  EXPECT_NE(Joined(none.trace).find("按名称「机构职能」均未找到该栏目"), std::string::npos)
      << Joined(none.trace);
}

TEST_F(ColumnMatch, FoundAndFailedIsScoredNotPending) {
  const IndicatorScore& failed = Leaf(unit(), "found_failed");
  EXPECT_EQ(failed.status, ScoreStatus::kScored);
  EXPECT_EQ(failed.points, 0);
  EXPECT_EQ(failed.pending, 0);
  EXPECT_EQ(Joined(failed.trace).find("均未找到"), std::string::npos);
  // Totals: 3 × 10 by category, 10 lost for the missing required column, 10
  // lost for the failed count, 30 待评.
  EXPECT_EQ(unit().total, 30);
  EXPECT_EQ(unit().pending_points, 30);
}

TEST_F(ColumnMatch, ImportsOnlyStayPending) {
  // Without a scan (no site.columns) nothing is inferred: every leaf is 待评
  // but the imported one and the presence test (no row: not there).
  in_.measures.clear();
  in_.measures.push_back(
      {"u1", "column.工作动态.items", MeasureValue::Number(12), {}, "", "", "x"});
  const ScoreSheet sheet = ScoreCampaign(fw_, in_, {});
  EXPECT_EQ(sheet.units[0].total, 10);
  EXPECT_EQ(sheet.units[0].pending_points, 60);
  EXPECT_EQ(Leaf(sheet.units[0], "absent_presence").pending, 0);
}

}  // namespace
}  // namespace govscore::scoring

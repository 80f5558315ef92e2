#include "framework/coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "framework/measure_registry.h"

namespace govscore::framework {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Doc(const std::string& indicators) {
  return "schema: govscore.framework/1\nid: t\ntitle: 测试\nobject_kinds: [市]\n"
         "measures:\n  - {name: import.surveys, type: number}\nindicators:\n" +
         indicators;
}

Diagnostics Check(const std::string& indicators) {
  Diagnostics diags;
  Framework fw = ParseFramework(Doc(indicators), "t.yaml", diags);
  if (!diags.has_errors()) CheckFramework(fw, diags, false);
  return diags;
}

Framework Load(const std::string& indicators) {
  Diagnostics diags;
  Framework fw = ParseFramework(Doc(indicators), "t.yaml", diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return fw;
}

// One leaf of weight 10 with a criteria rule: c1 measured (40%), c2 judged
// with its own assisted mark (30%), c3 judged inheriting the leaf's judgment
// mark (30%); one pass_fail leaf of weight 5 marked assisted; one deductions
// leaf of weight 4 counting 通报 events (judgment by inference).
const char* kMixed = R"(  - id: a
    name: 栏目
    weight: 10
    coverage: {mark: judgment, why: 需要专家比较}
    rule:
      type: criteria
      items:
        - {id: c1, text: 有更新, percent: 40, check: {measure: column.政务动态.newest, op: within, value: 2w}}
        - {id: c2, text: 解读关联, percent: 30, coverage: {mark: assisted, measures: [guide.elements_missing]}}
        - {id: c3, text: 解读质量, percent: 30}
  - id: b
    name: 标识
    weight: 5
    rule: {type: pass_fail}
    coverage: {mark: assisted, measures: [footer.site_code], propose: {measure: footer.site_code, op: exists}}
  - id: d
    name: 通报
    weight: 4
    rule:
      type: deductions
      items:
        - {id: d1, text: 被通报, per: {events: {type: 通报}}, points: 2}
)";

TEST(CoverageTest, RowsMarksAndShares) {
  Framework fw = Load(kMixed);
  CoverageReport r = ComputeCoverage(fw);
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.rows[0].item_id, "c1");
  EXPECT_EQ(r.rows[0].mark, Coverage::Mark::kAuto);
  EXPECT_TRUE(r.rows[0].inferred);
  EXPECT_EQ(r.rows[0].observable, Coverage::Observable::kWebsite);
  EXPECT_DOUBLE_EQ(r.rows[0].weight, 4);
  EXPECT_EQ(r.rows[1].mark, Coverage::Mark::kAssisted);
  EXPECT_EQ(r.rows[1].measures, std::vector<std::string>{"guide.elements_missing"});
  EXPECT_TRUE(r.rows[1].pending_measures.empty());       // produced since issue 5
  EXPECT_EQ(r.rows[2].mark, Coverage::Mark::kJudgment);  // inherits the leaf's mark
  EXPECT_EQ(r.rows[2].why, "需要专家比较");
  EXPECT_EQ(r.rows[3].indicator_id, "b");
  EXPECT_TRUE(r.rows[3].proposes);
  EXPECT_EQ(r.rows[4].mark, Coverage::Mark::kJudgment);  // events: inferred judgment
  EXPECT_THAT(r.rows[4].why, HasSubstr("通报"));
  EXPECT_DOUBLE_EQ(r.total, 19);
  EXPECT_DOUBLE_EQ(r.auto_weight, 4);
  EXPECT_DOUBLE_EQ(r.assisted_weight, 3 + 5);
  EXPECT_DOUBLE_EQ(r.judgment_weight, 3 + 4);
  EXPECT_EQ(r.unmarked_rows, 0);
  // Observable: c1 and c2 (scan measures) and b; not c3 and d1.
  EXPECT_DOUBLE_EQ(r.observable_weight, 12);
  EXPECT_DOUBLE_EQ(r.ObservableCoveredPercent(), 100);
}

TEST(CoverageTest, ViewsShowSharesAndReasons) {
  CoverageReport r = ComputeCoverage(Load(kMixed));
  std::string text = CoverageText(r);
  EXPECT_THAT(text, HasSubstr("自动 21.1%，辅助 42.1%，人工 36.8%"));
  EXPECT_THAT(text, HasSubstr("guide.elements_missing"));
  EXPECT_THAT(text, Not(HasSubstr("guide.elements_missing（待实现）")));
  EXPECT_THAT(text, HasSubstr("其中自动+辅助 100.0%"));
  std::string md = CoverageMarkdown(r);
  EXPECT_THAT(md, HasSubstr("| 栏目 · c3 解读质量 | 3 | judgment | none | 需要专家比较 |"));
  nlohmann::json j = CoverageJson(r);
  EXPECT_EQ(j["rows"].size(), 5u);
  EXPECT_EQ(j["rows"][2]["why"], "需要专家比较");
  EXPECT_NEAR(j["shares"]["auto"].get<double>(), 400.0 / 19, 1e-9);
}

TEST(CoverageTest, UnmarkedJudgedPartIsAWarningAndCounted) {
  const char* leaf = "  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: judgment}\n";
  Diagnostics d = Check(leaf);
  EXPECT_FALSE(d.has_errors()) << d.ToString();
  EXPECT_THAT(d.ToString(), HasSubstr("[a] no coverage mark on judged indicator"));
  CoverageReport r = ComputeCoverage(Load(leaf));
  EXPECT_EQ(r.unmarked_rows, 1);
  EXPECT_THAT(CoverageText(r), HasSubstr("未标注 100.0%（1 项）"));
}

TEST(CoverageTest, CheckRejectsBadMarks) {
  auto leaf = [](const std::string& coverage) {
    return "  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail}\n    coverage: " +
           coverage + "\n";
  };
  EXPECT_THAT(Check(leaf("{mark: judgment}")).ToString(), HasSubstr("needs 'why'"));
  EXPECT_THAT(Check(leaf("{mark: judgment, why: 线下, observable: website}")).ToString(),
              HasSubstr("observable on the website but marked judgment"));
  EXPECT_THAT(Check(leaf("{mark: assisted}")).ToString(), HasSubstr("needs 'measures'"));
  EXPECT_THAT(Check(leaf("{mark: auto, measures: [no.such]}")).ToString(),
              HasSubstr("coverage names unknown measure 'no.such'"));
  EXPECT_THAT(Check(leaf("{mark: auto, measures: [footer.icp], propose: {measure: footer.icp, "
                         "op: exists}}"))
                  .ToString(),
              HasSubstr("belong to an assisted mark"));
  EXPECT_THAT(
      Check(leaf("{mark: assisted, measures: [import.surveys], observable: website}")).ToString(),
      HasSubstr("only imported measures are named"));
  EXPECT_THAT(Check(leaf("maybe")).ToString(), HasSubstr("coverage mark must be auto, assisted"));
  EXPECT_THAT(Check(leaf("{mark: judgment, why: x, extra: 1}")).ToString(),
              HasSubstr("unknown key 'extra' in coverage"));
  Diagnostics group = Check(
      "  - id: g\n    name: 组\n    coverage: {mark: judgment, why: x}\n    children:\n"
      "      - {id: a, name: 甲, weight: 1, rule: {type: pass_fail}, coverage: {mark: judgment, "
      "why: x}}\n");
  EXPECT_THAT(group.ToString(), HasSubstr("coverage belongs on a leaf"));
}

// The five measures that were pending until issue 5 are known (produced by
// checklist scans): no warning, no error.
TEST(CoverageTest, ChecklistMeasuresAreNoLongerPending) {
  for (const char* m : {"content.suspect_terms", "interaction.reply_workdays",
                        "interaction.overdue", "guide.elements_missing", "guide.vague"}) {
    EXPECT_NE(FindKnownMeasure(m), nullptr) << m;
    EXPECT_EQ(FindPendingMeasure(m), nullptr) << m;
    Diagnostics d =
        Check(std::string("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail}\n"
                          "    coverage: {mark: assisted, measures: [") +
              m + "]}\n");
    EXPECT_FALSE(d.has_errors()) << d.ToString();
    EXPECT_THAT(d.ToString(), Not(HasSubstr("pending measure"))) << m;
  }
  Diagnostics unknown = Check(
      "  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail}\n"
      "    coverage: {mark: assisted, measures: [guide.no_such_thing]}\n");
  EXPECT_TRUE(unknown.has_errors()) << unknown.ToString();
}

TEST(CoverageTest, ItemsOfOtherKindsAreLeftOut) {
  Framework fw = Load(R"(  - id: a
    name: 甲
    weight: 10
    coverage: {mark: judgment, why: 线下}
    rule:
      type: criteria
      items:
        - {id: c1, percent: 50}
        - {id: c2, percent: 50, kinds: [县]}
)");
  fw.object_kinds = {"市", "县"};
  CoverageReport r = ComputeCoverage(fw, "市");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(r.rows[0].weight, 10);
}

// The bar of issue 7: every shipped framework marks every judged part, and
// every part observable on the website or in new-media posts is auto or assisted.
TEST(CoverageTest, ShippedFrameworksMeetTheBar) {
  std::string dir = std::string(GOVSCORE_SOURCE_DIR) + "/frameworks";
  int checked = 0;
  for (const CatalogEntry& e : ListFrameworks(dir)) {
    Framework fw = LoadValidFramework(e.path);
    if (fw.composite) continue;
    std::vector<std::string> keys = fw.object_kinds;
    if (fw.result.channel_weighting) keys = fw.result.channel_weighting->channels;
    for (const std::string& kind : keys) {
      CoverageReport r = ComputeCoverage(fw, kind);
      std::string unmarked, silent;
      for (const CoverageRow& row : r.rows) {
        const std::string part =
            " " + row.indicator_id + (row.item_id.empty() ? "" : "/" + row.item_id);
        if (!row.marked) unmarked += part;
        // An assisted part pre-fills a proposal (`propose` / `fill`), or it is no help.
        if (row.mark == Coverage::Mark::kAssisted && !row.proposes) silent += part;
      }
      EXPECT_EQ(r.unmarked_rows, 0) << e.id << " (" << kind << ") unmarked:" << unmarked;
      EXPECT_EQ(silent, "") << e.id << " (" << kind << ") assisted without propose/fill:";
      EXPECT_DOUBLE_EQ(r.ObservableCoveredPercent(), 100) << e.id << " (" << kind << ")";
      EXPECT_GT(r.total, 0) << e.id;
      ++checked;
    }
  }
  EXPECT_GE(checked, 19);
}

// GOVSCORE_UPDATE_COVERAGE_DOC=1 rewrites the file instead (what
// scripts/update-coverage-doc.sh does through `govscore framework coverage`).
TEST(CoverageTest, DocsCoverageMdIsUpToDate) {
  std::string root = GOVSCORE_SOURCE_DIR;
  if (const char* update = std::getenv("GOVSCORE_UPDATE_COVERAGE_DOC"); update && *update == '1') {
    std::ofstream(root + "/docs/coverage.md", std::ios::binary)
        << CoverageDocument(root + "/frameworks");
  }
  std::ifstream in(root + "/docs/coverage.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/coverage.md missing: run scripts/update-coverage-doc.sh";
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_TRUE(file.str() == CoverageDocument(root + "/frameworks"))
      << "docs/coverage.md is out of date: run scripts/update-coverage-doc.sh";
}

}  // namespace
}  // namespace govscore::framework

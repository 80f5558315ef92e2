#include "framework/framework_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"

namespace govscore::framework {
namespace {

using ::testing::HasSubstr;

// A valid header plus `indicators` text.
std::string Doc(const std::string& indicators, const std::string& extra = "") {
  return "schema: govscore.framework/1\nid: t\ntitle: 测试\nobject_kinds: [市]\ntotal: 10\n" +
         extra + "indicators:\n" + indicators;
}

Diagnostics CheckText(const std::string& text) {
  Diagnostics diags;
  Framework fw = ParseFramework(text, "t.yaml", diags);
  if (!diags.has_errors()) CheckFramework(fw, diags);
  return diags;
}

TEST(FrameworkCheckTest, ValidFrameworkHasNoErrors) {
  Diagnostics d =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail}\n"
                    "    coverage: {mark: judgment, why: 线下工作}\n"));
  EXPECT_FALSE(d.has_errors()) << d.ToString();
  EXPECT_EQ(d.warning_count(), 0) << d.ToString();
}

TEST(FrameworkCheckTest, UnknownRuleTypeNamesFileLineAndIndicator) {
  Diagnostics d =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule:\n      type: magic\n"));
  ASSERT_TRUE(d.has_errors());
  EXPECT_THAT(d.ToString(), HasSubstr("t.yaml:11: error: [a] unknown rule type 'magic'"));
}

TEST(FrameworkCheckTest, MissingWeight) {
  Diagnostics d = CheckText(Doc("  - id: a\n    name: 甲\n    rule: {type: pass_fail}\n"));
  EXPECT_THAT(d.ToString(), HasSubstr("[a] missing weight"));
}

TEST(FrameworkCheckTest, TierOverlapAndGap) {
  Diagnostics overlap =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule:\n      type: tiers\n"
                    "      measure: site.pages\n      bands:\n        - {min: 40, percent: 100}\n"
                    "        - {min: 33, max: 41, percent: 80}\n"));
  EXPECT_THAT(overlap.ToString(), HasSubstr("tier bands overlap"));
  Diagnostics gap =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule:\n      type: tiers\n"
                    "      measure: site.pages\n      bands:\n        - {min: 40, percent: 100}\n"
                    "        - {min: 30, max: 39, percent: 80}\n"));
  EXPECT_THAT(gap.ToString(), HasSubstr("gap in tier bands between 39 and 40"));
}

TEST(FrameworkCheckTest, CriteriaPercentsMustSumTo100) {
  Diagnostics d = CheckText(
      Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule:\n      type: criteria\n"
          "      items:\n        - {id: c1, percent: 30}\n        - {id: c2, percent: 60}\n"));
  EXPECT_THAT(d.ToString(), HasSubstr("criteria percents sum to 90, expected 100"));
}

TEST(FrameworkCheckTest, UnknownMeasureParamAndKeys) {
  Diagnostics m =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail, check: "
                    "{measure: no.such, op: exists}}\n"));
  EXPECT_THAT(m.ToString(), HasSubstr("unknown measure 'no.such'"));
  Diagnostics declared =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail, check: "
                    "{measure: import.x, op: exists}}\n",
                    "measures:\n  - {name: import.x, type: bool}\n"));
  EXPECT_FALSE(declared.has_errors()) << declared.ToString();
  Diagnostics p =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: $nope\n    rule: {type: pass_fail}\n"));
  EXPECT_THAT(p.ToString(), HasSubstr("unknown param '$nope'"));
  Diagnostics k =
      CheckText(Doc("  - id: a\n    name: 甲\n    wieght: 10\n    rule: {type: pass_fail}\n"));
  EXPECT_THAT(k.ToString(), HasSubstr("unknown key 'wieght'"));
  Diagnostics data = CheckText(Doc(
      "  - id: a\n    name: 甲\n    weight: 10\n    data: 附录9\n    rule: {type: pass_fail}\n"));
  EXPECT_THAT(data.ToString(), HasSubstr("unknown data key '附录9'"));
}

TEST(FrameworkCheckTest, GroupTotalsDifferingFromChildrenWarn) {
  Diagnostics d =
      CheckText(Doc("  - id: g\n    name: 组\n    weight: 12\n    children:\n"
                    "      - {id: a, name: 甲, weight: 4, rule: {type: pass_fail}}\n"
                    "      - {id: b, name: 乙, weight: 6, rule: {type: pass_fail}}\n"));
  EXPECT_FALSE(d.has_errors()) << d.ToString();
  EXPECT_THAT(d.ToString(), HasSubstr("[g] declared weight 12 (市) differs from the sum of its "
                                      "children 10"));
  EXPECT_THAT(d.ToString(), HasSubstr("declared total 10 (市) differs"));
}

TEST(FrameworkCheckTest, ReferencesAndDuplicates) {
  Diagnostics d = CheckText(Doc(
      "  - id: a\n    name: 甲\n    weight: 5\n    not_applicable: {redistribute: [乙组]}\n"
      "    rule: {type: pass_fail}\n"
      "  - id: a\n    name: 甲\n    weight: 5\n    rule:\n      type: deductions\n      items:\n"
      "        - {id: d1, points: 1, per: {measure: links.broken, skip_charged_by: [zz]}}\n"));
  EXPECT_THAT(d.ToString(), HasSubstr("duplicate indicator id 'a'"));
  EXPECT_THAT(d.ToString(), HasSubstr("redistribute target '乙组'"));
  EXPECT_THAT(d.ToString(), HasSubstr("skip_charged_by names unknown indicator 'zz'"));
}

TEST(FrameworkCheckTest, ConditionsAndWindows) {
  Diagnostics d =
      CheckText(Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail, check: "
                    "{measure: column.人事信息.newest, op: within, value: 6 months}}\n"));
  EXPECT_THAT(d.ToString(), HasSubstr("op 'within' needs a window"));
  Diagnostics ok = CheckText(
      Doc("  - id: a\n    name: 甲\n    weight: 10\n    rule: {type: pass_fail, check: {all: ["
          "{measure: column.人事信息.newest, op: within, value: 10wd}, "
          "{measure: annual_report.published, op: '<=', value: 2021-01-31}]}}\n"));
  EXPECT_FALSE(ok.has_errors()) << ok.ToString();
}

TEST(FrameworkCheckTest, YamlSyntaxErrorHasLine) {
  Diagnostics d = CheckText("schema: govscore.framework/1\nid: [unclosed\n");
  ASSERT_TRUE(d.has_errors());
  EXPECT_THAT(d.ToString(), HasSubstr("t.yaml:"));
  EXPECT_THAT(d.ToString(), HasSubstr("YAML syntax"));
}

// Every shipped framework must pass `framework check` without errors.
TEST(ShippedFrameworksTest, EveryFrameworkChecksClean) {
  std::string dir = std::string(GOVSCORE_SOURCE_DIR) + "/frameworks";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    Diagnostics diags;
    Framework fw = LoadFramework(entry.path().string(), diags);
    if (!diags.has_errors()) CheckFramework(fw, diags);
    EXPECT_FALSE(diags.has_errors()) << diags.ToString();
    EXPECT_EQ(fw.id + ".yaml", entry.path().filename().string())
        << "a framework file is named after its id";
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST(ShippedFrameworksTest, ShowJsonHasTheDocumentedFields) {
  Framework fw = LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/example.yaml");
  nlohmann::json j = FrameworkToJson(fw, "");
  ASSERT_TRUE(j["indicators"].is_array());
  EXPECT_EQ(j["kind"], "部门");
  const nlohmann::json& first = j["indicators"][1];  // 发布解读
  EXPECT_EQ(first["id"], "发布解读");
  EXPECT_EQ(first["weight"], 40);
  EXPECT_EQ(first["children"][0]["children"][0]["rule"], "criteria");
  EXPECT_THROW(FrameworkToJson(fw, "省"), Error);
  std::string text = FrameworkToText(fw, "");
  EXPECT_THAT(text, HasSubstr("基础分合计 100"));
  EXPECT_THAT(text, HasSubstr("加分最高 2"));
}

}  // namespace
}  // namespace govscore::framework

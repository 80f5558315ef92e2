#include "scoring/input_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::scoring {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

framework::Framework Parse(const std::string& text) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(text, "t.yaml", diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return fw;
}

// The CSV `csv` with `fill` applied to every row after the header.
template <typename Fill>
std::string RewriteRows(const std::string& csv, Fill fill) {
  std::vector<std::vector<std::string>> rows = ParseCsv(csv);
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) fill(rows[r]);
    for (size_t c = 0; c < rows[r].size(); ++c) out += (c ? "," : "") + CsvCell(rows[r][c]);
    out += "\n";
  }
  return out;
}

// Answers every judgments row as a reviewer would (column `how` says the form).
std::string FillJudgments(const std::string& csv) {
  return RewriteRows(csv, [](std::vector<std::string>& row) {
    const std::string& how = row[14];
    if (how.rfind("count", 0) == 0) {
      row[7] = "0";
    } else if (how.rfind("points", 0) == 0) {
      row[5] = "100";
    } else if (how.find("yes（否决）") != std::string::npos) {
      row[4] = "no";
    } else {
      row[4] = "met";
    }
  });
}

// Fills measure rows by their `type` column: bools true, dates 2020-11-01,
// texts 是, numbers 3.
std::string FillMeasures(const std::string& csv) {
  return RewriteRows(csv, [](std::vector<std::string>& row) {
    const std::string& type = row[7];
    row[2] = type == "bool" ? "true" : type == "date" ? "2020-11-01" : type == "text" ? "是" : "3";
  });
}

std::string Write(const std::string& name, const std::string& text) {
  fs::path p = fs::path(::testing::TempDir()) / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

const char* kFramework =
    "schema: govscore.framework/1\nid: t\ntitle: 测试\nobject_kinds: [部门]\n"
    "measures:\n  - {name: import.docs, type: number, description: 发文数量}\n"
    "indicators:\n"
    "  - id: 发布\n    name: 信息发布\n    children:\n"
    "      - id: 政策文件\n        name: 政策文件\n        weight: 4\n"
    "        criteria_text: 栏目设置在显著易找位置，发文数量达标。\n"
    "        veto: [{id: v1, text: 弄虚作假}]\n"
    "        rule:\n          type: criteria\n          items:\n"
    "            - {id: c1, text: 栏目设置在显著易找位置。, percent: 50}\n"
    "            - {id: c2, percent: 50, check: {measure: import.docs, op: \">=\", value: 3}}\n"
    "      - id: 检查\n        name: 季度检查\n        weight: 2\n"
    "        rule: {type: average, measure: inspection.passed, periods: [2020Q1, 2020Q2]}\n"
    "  - id: 服务\n    name: 服务\n    weight: 2\n"
    "    rule: {type: channels, class: B, over: [网站, 政务App], rule: {type: pass_fail}}\n"
    "  - id: 评价\n    name: 评价\n    weight: 3\n    rule: {type: judgment}\n"
    "  - id: 安全\n    name: 安全\n    weight: 5\n    polarity: penalty\n"
    "    rule: {type: deductions, items: [{id: d1, per: {events: {type: 安全事件}}, points: 2}, "
    "{id: d2, text: 泄露个人信息, points: 1}]}\n"
    "  - id: 栏目\n    name: 栏目\n    weight: 1\n"
    "    rule: {type: pass_fail, check: {measure: column.政务动态.per_day, op: \">=\", value: "
    "1}}\n";

// The template lists every judged item and every import-only measure: a unit
// whose template is filled in completely (plus the scan measure and an empty
// events file) has nothing pending; unfilled, it loads as no input at all.
TEST(InputTemplateTest, FilledTemplateLeavesNothingPending) {
  framework::Framework fw = Parse(kFramework);
  std::vector<Unit> units = {{"u1", "甲局", "部门", "", "", {"网站", "政务App"}, {}}};
  InputTemplates t = MakeInputTemplates(fw, {}, units);
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,政策文件,c1,,,,,,,,,,甲局,信息发布/政策文件,"
                                         "value: met|unmet 或 percent: 0-100,"
                                         "栏目设置在显著易找位置。\n"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,政策文件,v1,"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,服务,,网站,"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,服务,,政务App,"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,评价,,,"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,安全,d2,"));
  EXPECT_EQ(t.judgment_rows, 6);  // c1, v1, 服务×2, 评价, d2
  EXPECT_THAT(t.measures_csv, HasSubstr("u1,import.docs,,,,,甲局,number,发文数量\n"));
  EXPECT_THAT(t.measures_csv, HasSubstr("u1,inspection.passed,,,2020Q1,"));
  EXPECT_THAT(t.measures_csv, HasSubstr("u1,inspection.passed,,,2020Q2,"));
  EXPECT_THAT(t.measures_csv, Not(HasSubstr("column.政务动态")));  // a scan provides it
  EXPECT_EQ(t.measure_rows, 3);
  EXPECT_THAT(t.readme, HasSubstr("安全事件"));
  EXPECT_THAT(t.readme, Not(HasSubstr("没有 channels 列")));
  EXPECT_EQ(t.events_csv, "unit,type,level,channel,date,count,points,evidence,note\n");
  EXPECT_EQ(t.na_csv, "unit,indicator,reason,evidence\n");

  // Unfilled: loads as no input, everything pending.
  CampaignInputs empty;
  empty.units = units;
  empty.judgments = LoadJudgments(Write("tj0.csv", t.judgments_csv));
  empty.measures = LoadMeasures(Write("tm0.csv", t.measures_csv), units);
  EXPECT_TRUE(empty.judgments.empty());
  EXPECT_TRUE(empty.measures.empty());

  CampaignInputs in;
  in.units = units;
  in.judgments = LoadJudgments(Write("tj.csv", FillJudgments(t.judgments_csv)));
  in.measures = LoadMeasures(Write("tm.csv", FillMeasures(t.measures_csv)), units);
  in.measures.push_back(
      {"u1", "column.政务动态.per_day", MeasureValue::Number(2), {}, "", "", "s"});
  in.events = LoadEvents(Write("te.csv", t.events_csv));
  in.has_events = true;
  ScoreSheet s = ScoreCampaign(fw, in, {});
  const UnitScore& u = s.units[0];
  EXPECT_EQ(u.pending_points, 0);
  EXPECT_EQ(u.pending_penalty, 0);
  EXPECT_FALSE(u.provisional);
  EXPECT_EQ(u.total, 12);  // 4 + 2 + 2 + 3 + 1, no deduction
}

// Every shipped framework: the template's judged rows name indicators and items
// the engine accepts, and answering them leaves less pending than before. The
// measure rows are answered in both runs, so judged parts behind measure-decided
// gates (the checklist's vetoes) are reachable.
TEST(InputTemplateTest, EveryShippedFrameworkGivesAValidTemplate) {
  const std::string dir = std::string(GOVSCORE_SOURCE_DIR) + "/frameworks";
  for (const framework::CatalogEntry& e : framework::ListFrameworks(dir)) {
    SCOPED_TRACE(e.id);
    framework::Framework fw = framework::LoadValidFramework(e.path);
    std::vector<framework::Framework> parts = LoadCompositeParts(fw);
    std::vector<Unit> units;
    std::vector<std::string> kinds = fw.object_kinds;
    if (kinds.empty()) kinds.push_back("单位");
    for (size_t i = 0; i < kinds.size(); ++i)
      units.push_back({"u" + std::to_string(i),
                       "单位" + std::to_string(i),
                       kinds[i],
                       "",
                       "",
                       {"网站", "政务微博", "政务微信", "政务App", "移动客户端"},
                       {}});
    InputTemplates t = MakeInputTemplates(fw, parts, units);
    EXPECT_GT(t.judgment_rows + t.measure_rows, 0);
    CampaignInputs in;
    in.units = units;
    in.measures = LoadMeasures(Write("all-m.csv", FillMeasures(t.measures_csv)), units);
    ScoreOptions options;
    options.as_of = Date::Parse("2020-11-30");
    ScoreSheet before = ScoreCampaign(fw, in, options);
    in.judgments = LoadJudgments(Write("all-j.csv", FillJudgments(t.judgments_csv)));
    ScoreSheet after;
    ASSERT_NO_THROW(after = ScoreCampaign(fw, in, options));
    if (t.judgment_rows == 0) continue;
    for (size_t i = 0; i < units.size(); ++i) {
      const auto pending = [](const UnitScore& u) {
        return u.pending_points + u.pending_bonus + u.pending_penalty;
      };
      // Less pending than before; nothing left when a measure-decided veto
      // already settled the unit (answered measures can trigger one).
      if (pending(before.units[i]) > 0)
        EXPECT_LT(pending(after.units[i]), pending(before.units[i])) << units[i].kind;
      else
        EXPECT_EQ(pending(after.units[i]), 0) << units[i].kind;
    }
  }
}

TEST(InputTemplateTest, WritesFilesAndRejectsWrongKinds) {
  framework::Framework fw = Parse(kFramework);
  std::vector<Unit> units = {{"u1", "甲局", "部门", "", "", {}, {}},
                             {"x", "某市", "设区市", "", "", {}, {}}};
  EXPECT_THROW(MakeInputTemplates(fw, {}, units), Error);
  units[0].channels_known = false;  // no channels column: the readme says to add one
  InputTemplates t = MakeInputTemplates(fw, {}, units, "部门");
  EXPECT_THAT(t.readme, HasSubstr("units.csv 没有 channels 列"));
  EXPECT_THAT(t.judgments_csv, HasSubstr("u1,服务,,政务App,"));
  fs::path dir = fs::path(::testing::TempDir()) / "template_out";
  fs::remove_all(dir);
  WriteInputTemplates(t, dir.string());
  for (const char* f : {"judgments.csv", "measures.csv", "events.csv", "na.csv", "填写说明.txt"})
    EXPECT_TRUE(fs::is_regular_file(dir / f)) << f;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace govscore::scoring

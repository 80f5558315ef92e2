#include "report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::report {
namespace {

using ::testing::HasSubstr;

// The example framework scored for two units from in-memory inputs.
scoring::ScoreSheet ExampleSheet() {
  framework::Framework fw =
      framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/example.yaml");
  scoring::CampaignInputs in;
  in.units = {{"u1", "示例局", "部门", "南宁市", "", {"网站"}, {}},
              {"u2", "示例厅, \"二\"", "部门", "", "", {}, {}}};
  in.measures.push_back(
      {"u1", "import.policy_docs_since", scoring::MeasureValue::Number(36), {}, "", "", "t"});
  in.judgments.push_back([] {
    scoring::Judgment j;
    j.unit = "u1";
    j.indicator = "常态化监管";
    j.points = 4;
    j.note = "缺少年度报告";
    j.source = "t";
    return j;
  }());
  scoring::ScoreOptions options;
  options.as_of = Date::Parse("2020-11-30");
  return scoring::ScoreCampaign(fw, in, options);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ReportTest, CsvHasOneRowPerIndicatorAndQuotesCells) {
  std::string csv = RenderCsv(ExampleSheet());
  EXPECT_THAT(csv, HasSubstr("单位ID,单位名称,类型,指标ID,一级指标"));
  EXPECT_THAT(csv, HasSubstr("u1,示例局,部门,政策文件,,,政策文件,,,10,8,2,0,已评,"));
  EXPECT_THAT(csv, HasSubstr("\"示例厅, \"\"二\"\"\""));
  EXPECT_THAT(csv, HasSubstr("待评"));
}

TEST(ReportTest, HtmlIsChineseEscapedAndShowsPending) {
  std::string html = RenderHtml(ExampleSheet());
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html, HasSubstr("评分表"));
  EXPECT_THAT(html, HasSubstr("示例厅, &quot;二&quot;"));
  EXPECT_THAT(html, HasSubstr("缺少年度报告"));
  EXPECT_THAT(html, HasSubstr("待评"));
}

TEST(ReportTest, EveryFormatIsByteIdenticalAcrossRuns) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "report_test";
  fs::create_directories(dir);
  for (int run = 0; run < 2; ++run) {
    scoring::ScoreSheet sheet = ExampleSheet();
    std::string suffix = std::to_string(run);
    WriteJson(sheet, (dir / ("s" + suffix + ".json")).string());
    WriteCsv(sheet, (dir / ("s" + suffix + ".csv")).string());
    WriteHtml(sheet, (dir / ("s" + suffix + ".html")).string());
    WriteXlsx(sheet, (dir / ("s" + suffix + ".xlsx")).string());
  }
  for (const char* ext : {".json", ".csv", ".html", ".xlsx"}) {
    std::string a = Slurp((dir / (std::string("s0") + ext)).string());
    std::string b = Slurp((dir / (std::string("s1") + ext)).string());
    EXPECT_FALSE(a.empty()) << ext;
    EXPECT_EQ(a, b) << ext << " differs between two runs";
  }
  EXPECT_EQ(Slurp((dir / "s0.xlsx").string()).substr(0, 2), "PK");
  fs::remove_all(dir);
}

// A mixed-polarity group (附加指标: 加分 + 扣分) shows what it can add and deduct,
// not weight 0 (AR5); pending bonus/penalty points are reported apart from
// the base points (AR3).
TEST(ReportTest, MixedPolarityGroupShowsItsMaximaAndPendingIsSplit) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(
      "schema: govscore.framework/1\nid: t\ntitle: 测试\nindicators:\n"
      "  - id: 基础\n    name: 基础\n    weight: 10\n    rule: {type: pass_fail}\n"
      "  - id: 附加指标\n    name: 附加指标\n    children:\n"
      "      - id: 加分指标\n        name: 加分指标\n        weight: 18\n        polarity: bonus\n"
      "        rule: {type: judgment}\n"
      "      - id: 扣分指标\n        name: 扣分指标\n        weight: 12\n        polarity: "
      "penalty\n        rule: {type: judgment}\n",
      "t.yaml", diags);
  ASSERT_FALSE(diags.has_errors()) << diags.ToString();
  scoring::CampaignInputs in;
  in.units = {{"u1", "甲局", "部门", "", "", {}, {}}};
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(fw, in, {});
  const scoring::UnitScore& u = sheet.units[0];
  EXPECT_EQ(u.pending_points, 10);
  EXPECT_EQ(u.pending_bonus, 18);
  EXPECT_EQ(u.pending_penalty, 12);
  std::string csv = RenderCsv(sheet);
  EXPECT_THAT(csv, HasSubstr(",附加指标,,,,,30,0,0,30,待评,,18,12,\n"));
  std::string html = RenderHtml(sheet);
  EXPECT_THAT(html, HasSubstr("30（加分≤18，扣分≤12）"));
  EXPECT_THAT(html, HasSubstr("待评 10 分，加分待评 18 分，扣分待评 12 分"));
}

// An assisted leaf's proposal is shown (建议（待确认）) in csv, html and xlsx;
// leaves without one leave the column empty.
TEST(ReportTest, ProposalsAreShownInCsvHtmlAndXlsx) {
  scoring::ScoreSheet sheet;
  sheet.framework_id = "t";
  sheet.framework_title = "测试";
  scoring::UnitScore u;
  u.unit.id = "u1";
  u.unit.name = "甲局";
  scoring::IndicatorScore leaf;
  leaf.id = "解读";
  leaf.name = "政策解读";
  leaf.weight = 10;
  leaf.pending = 10;
  leaf.status = scoring::ScoreStatus::kPending;
  leaf.proposal = scoring::Proposal{6,
                                    0,
                                    {"建议 c1：met（interpretation.form_kinds = 2），待确认"},
                                    {"http://a.gov.cn/i1", "http://a.gov.cn/i2"},
                                    {}};
  scoring::IndicatorScore plain;
  plain.id = "动态";
  plain.name = "政务动态";
  plain.weight = 5;
  plain.points = 5;
  u.indicators = {leaf, plain};
  sheet.units.push_back(u);
  EXPECT_EQ(ProposalText(plain), "");
  const std::string text = ProposalText(leaf);
  EXPECT_EQ(text,
            "确认后得分 6；建议 c1：met（interpretation.form_kinds = "
            "2），待确认；依据：http://a.gov.cn/i1 "
            "http://a.gov.cn/i2");
  std::string csv = RenderCsv(sheet);
  EXPECT_THAT(csv, HasSubstr(",扣分上限,建议（待确认）\n"));
  EXPECT_THAT(csv, HasSubstr(",待评,,,," + text + "\n"));
  EXPECT_THAT(csv, HasSubstr("u1,甲局,,动态,政务动态,,,,,5,5,0,0,已评,,,,\n"));
  std::string html = RenderHtml(sheet);
  EXPECT_THAT(html, HasSubstr("<th>建议（待确认）</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"small\">确认后得分 6；建议 c1"));
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "report_proposal";
  fs::create_directories(dir);
  WriteXlsx(sheet, (dir / "s.xlsx").string());
  const std::string xlsx = Slurp((dir / "s.xlsx").string());
  EXPECT_EQ(xlsx.substr(0, 2), "PK");
  fs::remove_all(dir);
}

// WriteAll writes the four formats into a directory; a failed xlsx write
// leaves no temporary file.
TEST(ReportTest, WriteAllWritesEveryFormat) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / "report_all";
  fs::remove_all(dir);
  WriteAll(ExampleSheet(), ReportPathsIn(dir.string()));
  for (const char* name : {"score.json", "score.xlsx", "score.csv", "score.html"})
    EXPECT_TRUE(fs::is_regular_file(dir / name)) << name;
  fs::create_directories(dir / "blocked.xlsx" / "inside");
  EXPECT_THROW(WriteXlsx(ExampleSheet(), (dir / "blocked.xlsx").string()), Error);
  EXPECT_FALSE(fs::exists(dir / "blocked.xlsx.tmp"));
  EXPECT_THROW(WriteCsv(ExampleSheet(), (dir / "blocked.xlsx").string()), Error);
  EXPECT_FALSE(fs::exists(dir / "blocked.xlsx.tmp"));
  fs::remove_all(dir);
}

TEST(ReportTest, UnwritablePathIsAnError) {
  EXPECT_THROW(WriteJson(ExampleSheet(), "/nonexistent-dir/x.json"), Error);
  EXPECT_THROW(WriteXlsx(ExampleSheet(), "/nonexistent-dir/x.xlsx"), Error);
}

}  // namespace
}  // namespace govscore::report

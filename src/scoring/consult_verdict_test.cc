// The reviewer's verdict on a simulated consultation (docs/consultations.md:
// consult.accurate, consult.evasive) decides the shipped frameworks' consultation
// indicators: the same answer on time scores when judged accurate and loses the
// part the seed ties to 准确 / 敷衍推诿 when not (issue 5).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::scoring {
namespace {

namespace fs = std::filesystem;

std::string Write(const std::string& name, const std::string& text) {
  fs::path p = fs::path(::testing::TempDir()) / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

const IndicatorScore* FindLeaf(const std::vector<IndicatorScore>& nodes, const std::string& id) {
  for (const IndicatorScore& n : nodes) {
    if (n.id == id) return &n;
    if (const IndicatorScore* c = FindLeaf(n.children, id)) return c;
  }
  return nullptr;
}

struct Case {
  std::string framework;  // file under frameworks/
  std::string kind;       // unit kind
  std::string leaf;       // the consultation indicator
  std::string as_of;
  std::string measures_json;  // extra measure rows ("" = none)
  std::string judgments;      // judgments.yaml rows ("" = none)
};

// Scores one unit "u" with one consultation: asked, replied, 准确 and 敷衍/推诿
// (是/否, "" = not judged). Returns the leaf's score.
IndicatorScore Score(const Case& s, const std::string& asked, const std::string& replied,
                     const std::string& accurate, const std::string& evasive) {
  static int n = 0;
  const std::string tag = std::to_string(++n);
  InputFiles files;
  files.units = Write("units" + tag + ".csv", "id,name,kind,region,site,channels\nu,单位," +
                                                  s.kind + ",地区,http://u.gov.cn/,网站\n");
  files.measures.push_back(
      Write("consult" + tag + ".csv",
            "unit,kind,channel,asked,question,replied,answer,accurate,evasive,reviewer,note\n"
            "u,consult,在线咨询," +
                asked + ",办理居住证需要哪些材料？," + replied + ",请咨询相关部门。," + accurate +
                "," + evasive + ",王审,\n"));
  if (!s.measures_json.empty())
    files.measures.push_back(
        Write("m" + tag + ".json",
              R"({"schema": "govscore.measures/1", "measures": [)" + s.measures_json + "]}"));
  if (!s.judgments.empty()) files.judgments = Write("j" + tag + ".yaml", s.judgments);
  framework::Framework fw = framework::LoadValidFramework(
      (fs::path(GOVSCORE_SOURCE_DIR) / "frameworks" / s.framework).string());
  ScoreOptions options;
  options.as_of = Date::Parse(s.as_of);
  ScoreSheet sheet = ScoreCampaign(fw, LoadCampaignInputs(files), options);
  const IndicatorScore* leaf = FindLeaf(sheet.units.at(0).indicators, s.leaf);
  EXPECT_NE(leaf, nullptr) << s.framework << " " << s.leaf;
  return leaf ? *leaf : IndicatorScore{};
}

bool SaysVeto(const IndicatorScore& leaf, const std::string& text) {
  for (const std::string& r : leaf.reasons)
    if (r.find(text) != std::string::npos) return true;
  for (const std::string& t : leaf.trace)
    if (t.find(text) != std::string::npos) return true;
  return false;
}

// gx2020 city/county 实时互动 (seed 000): 3个工作日内答复且内容准确; v1 答复内容不准确.
TEST(ConsultVerdictTest, Gx2020InaccurateAnswerVetoesRealTimeInteraction) {
  for (const auto& [file, kind] :
       {std::pair{"gx2020-city.yaml", "设区市"}, std::pair{"gx2020-county.yaml", "县（市、区）"}}) {
    Case s{file, kind, "实时互动", "2020-11-30", "", ""};
    // 2020-11-24 (Tue) asked, answered the next day: 1 working day.
    IndicatorScore pass = Score(s, "2020-11-24 09:00", "2020-11-25 10:00", "是", "否");
    EXPECT_DOUBLE_EQ(pass.points, 1) << file;
    EXPECT_DOUBLE_EQ(pass.pending, 0) << file;
    IndicatorScore fail = Score(s, "2020-11-24 09:00", "2020-11-25 10:00", "否", "否");
    EXPECT_DOUBLE_EQ(fail.points, 0) << file;
    EXPECT_DOUBLE_EQ(fail.pending, 0) << file;
    EXPECT_TRUE(SaysVeto(fail, "答复内容不准确")) << file;
    // No verdict yet: scored by the delay alone.
    EXPECT_DOUBLE_EQ(Score(s, "2020-11-24 09:00", "2020-11-25 10:00", "", "").points, 1) << file;
  }
}

// gx2020-dept 办理答复 (seed 000): 5个工作日内答复; v1 推诿、敷衍 — the 敷衍/推诿 verdict.
TEST(ConsultVerdictTest, Gx2020DeptEvasiveAnswerVetoesReplyHandling) {
  Case s{"gx2020-dept.yaml", "自治区部门", "办理答复", "2020-11-30", "", ""};
  EXPECT_DOUBLE_EQ(Score(s, "2020-11-24 09:00", "2020-11-25 10:00", "是", "否").points, 3);
  IndicatorScore fail = Score(s, "2020-11-24 09:00", "2020-11-25 10:00", "是", "是");
  EXPECT_DOUBLE_EQ(fail.points, 0);
  EXPECT_DOUBLE_EQ(fail.pending, 0);
  EXPECT_TRUE(SaysVeto(fail, "推诿、敷衍"));
}

// xn2023 / sz2023 市直部门 在线咨询 (weight 3): c1 50% "1个工作日内答复且准确", c2 25%,
// c3 25%; notes: 超过10个工作日未答复 (v2) or 敷衍塞责 (v3) zero the indicator; an
// inaccurate answer counts as unanswered.
TEST(ConsultVerdictTest, Xn2023AndSz2023DeptInaccurateAnswerCountsAsUnanswered) {
  const std::string measures =
      R"({"unit": "u", "name": "column.在线咨询.items", "value": 12},
         {"unit": "u", "name": "column.在线咨询.newest", "value": "2023-12-20"})";
  const std::string judgments =
      "- {unit: u, indicator: 在线咨询, criterion: c3, value: met, reviewer: 测试评审员, time: "
      "'2023-12-29T10:00+08:00'}\n";
  for (const char* file : {"xn2023-dept.yaml", "sz2023-web-dept.yaml"}) {
    Case s{file, "市直部门", "在线咨询", "2023-12-29", measures, judgments};
    // 2023-12-27 (Wed) asked, answered the next day: 1 working day.
    IndicatorScore pass = Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "是", "否");
    EXPECT_DOUBLE_EQ(pass.points, 3) << file;
    EXPECT_DOUBLE_EQ(pass.pending, 0) << file;
    // Inaccurate: c1 is lost (as unanswered), c2 and c3 stay.
    IndicatorScore inaccurate = Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "否", "否");
    EXPECT_DOUBLE_EQ(inaccurate.points, 1.5) << file;
    EXPECT_DOUBLE_EQ(inaccurate.pending, 0) << file;
    // Inaccurate and asked more than 10 working days before the 监测时间点: as an
    // answer never given, v2 zeroes the indicator.
    IndicatorScore late = Score(s, "2023-11-01 09:00", "2023-11-02 10:00", "否", "否");
    EXPECT_DOUBLE_EQ(late.points, 0) << file;
    EXPECT_TRUE(SaysVeto(late, "模拟用户超过10个工作日未答复")) << file;
    // The same old question answered accurately: only the delay counts (1 working day).
    EXPECT_DOUBLE_EQ(Score(s, "2023-11-01 09:00", "2023-11-02 10:00", "是", "否").points, 3)
        << file;
    // 敷衍/推诿: v3 zeroes the indicator.
    IndicatorScore evasive = Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "是", "是");
    EXPECT_DOUBLE_EQ(evasive.points, 0) << file;
    EXPECT_TRUE(SaysVeto(evasive, "答复内容存在敷衍塞责情况")) << file;
  }
}

// sz2023 县市区 在线咨询 (weight 2): c1 50% "1个工作日内答复且准确"; the rest of the
// criteria is lost in the source (judged).
TEST(ConsultVerdictTest, Sz2023CountyInaccurateAnswerLosesTheFirstItem) {
  Case s{"sz2023-web-county.yaml",
         "县市区",
         "在线咨询",
         "2023-12-29",
         "",
         "- {unit: u, indicator: 在线咨询, criterion: rest, value: met, reviewer: 测试评审员, "
         "time: '2023-12-29T10:00+08:00'}\n"};
  EXPECT_DOUBLE_EQ(Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "是", "否").points, 2);
  EXPECT_DOUBLE_EQ(Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "否", "否").points, 1);
  EXPECT_DOUBLE_EQ(Score(s, "2023-12-27 09:00", "2023-12-28 10:00", "是", "是").points, 1);
}

}  // namespace
}  // namespace govscore::scoring

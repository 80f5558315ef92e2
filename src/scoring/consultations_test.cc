// Simulated consultations and 依申请公开 requests (docs/consultations.md):
// import from CSV and JSON, delays in working days against the official
// calendar, reviewer judgments, and the measures the frameworks read.
#include "scoring/consultations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::scoring {
namespace {

const Measure* Find(const std::vector<Measure>& ms, const std::string& unit,
                    const std::string& name) {
  for (const Measure& m : ms)
    if (m.unit == unit && m.name == name) return &m;
  return nullptr;
}

std::string Write(const std::string& name, const std::string& text) {
  std::filesystem::path p = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

// 2024-09-30 (Mon) asked; 国庆 2024-10-01..07 holiday, 2024-10-12 (Sat) a
// make-up working day (data/calendar). Answered 2024-10-08: one working day.
const char kCsv[] =
    "unit,kind,campaign,channel,asked,question,replied,answer,accurate,evasive,reviewer,note\n"
    "d1,consult,2024Q4,在线咨询,2024-09-30 16:00,办理居住证需要哪些材料？,2024-10-08 "
    "09:30,需要身份证和居住证明。,是,否,王审,\n"
    "d1,consult,2024Q4,领导信箱,2024-10-09 10:00,\"公积金提取，多久到账？\",2024-10-14 "
    "11:00,请咨询相关部门。,否,是,王审,推诿给其他部门\n"
    "d2,consult,2024Q4,在线咨询,2024-10-09,社保卡补办地点？,,,,,,\n"
    "d1,依申请公开,2024Q4,依申请公开平台,2024-09-02,申请公开2023年道路维修合同,2024-10-08,"
    "已公开。,是,否,李审,\n";

TEST(ConsultationsTest, CsvGivesDelaysInWorkingDaysAndJudgments) {
  std::vector<Consultation> cs = LoadConsultations(Write("c.csv", kCsv));
  ASSERT_EQ(cs.size(), 4u);
  const framework::WorkdayCalendar& cal = framework::WorkdayCalendar::Default();
  EXPECT_EQ(ReplyWorkdays(cs[0], cal), 1);  // over 国庆
  // 10-09 (Wed) → 10-14 (Mon): 10, 11, 12 (make-up Saturday), 14 = 4.
  EXPECT_EQ(ReplyWorkdays(cs[1], cal), 4);
  EXPECT_FALSE(ReplyWorkdays(cs[2], cal).has_value());
  EXPECT_EQ(cs[3].kind, "disclosure");

  std::vector<Measure> ms = ConsultationMeasures(cs, cal);
  EXPECT_EQ(Find(ms, "d1", "consult.reply_workdays")->value.number, 4);  // the longest
  EXPECT_TRUE(Find(ms, "d1", "consult.answered")->value.flag);
  EXPECT_EQ(Find(ms, "d1", "consult.asked")->value.ToString(), "2024-09-30");
  EXPECT_EQ(Find(ms, "d1", "consult.replied")->value.ToString(), "2024-10-14");
  EXPECT_FALSE(Find(ms, "d1", "consult.accurate")->value.flag);  // one of two inaccurate
  const Measure* evasive = Find(ms, "d1", "consult.evasive");
  ASSERT_EQ(evasive->value.items.size(), 1u);
  EXPECT_EQ(evasive->value.items[0].id, "2024-10-09 10:00 领导信箱");
  EXPECT_EQ(Find(ms, "d1", "consult.items")->value.items.size(), 2u);
  // Never answered: reply_workdays null ("not there"), answered false.
  EXPECT_EQ(Find(ms, "d2", "consult.reply_workdays")->value.type, MeasureValue::Type::kNull);
  EXPECT_FALSE(Find(ms, "d2", "consult.answered")->value.flag);
  EXPECT_EQ(Find(ms, "d2", "consult.accurate"), nullptr);  // nobody judged it
  // 依申请公开: 2024-09-02 → 2024-10-08 is 21 working days (中秋 09-15..17 off,
  // 09-14 and 09-29 make-up days, 国庆 off): later than 20.
  EXPECT_EQ(Find(ms, "d1", "disclosure_request.reply_workdays")->value.number, 21);
  EXPECT_FALSE(Find(ms, "d1", "disclosure_request.on_time")->value.flag);
}

TEST(ConsultationsTest, JsonIsReadByLoadMeasuresAndScored) {
  const std::string path = Write("c.json", R"({"schema": "govscore.consultations/1",
    "consultations": [
      {"unit": "u1", "kind": "consult", "channel": "在线咨询", "asked": "2024-05-06 10:00",
       "question": "问", "replied": "2024-05-07 09:00", "answer": "答", "accurate": true}]})");
  std::vector<Unit> units(1);
  units[0].id = "u1";
  std::vector<Measure> ms = LoadMeasures(path, units);
  ASSERT_NE(Find(ms, "u1", "consult.reply_workdays"), nullptr);
  EXPECT_EQ(Find(ms, "u1", "consult.reply_workdays")->value.number, 1);
  EXPECT_TRUE(Find(ms, "u1", "consult.accurate")->value.flag);
  // The CSV form through LoadMeasures too.
  std::vector<Measure> from_csv = LoadMeasures(Write("c2.csv", kCsv), units);
  EXPECT_NE(Find(from_csv, "d1", "disclosure_request.on_time"), nullptr);

  // Scored by a working-day window rule (seed 000 在线咨询: 1 working day → 100 %).
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(
      "schema: govscore.framework/1\nid: t\ntitle: 测试\nindicators:\n"
      "  - id: zx\n    name: 在线咨询\n    weight: 10\n    rule:\n      type: response_time\n"
      "      measure: consult.reply_workdays\n      windows:\n"
      "        - {within: 1, percent: 100}\n        - {within: 5, percent: 40}\n      else: 0\n",
      "t.yaml", diags);
  ASSERT_FALSE(diags.has_errors()) << diags.ToString();
  CampaignInputs in;
  in.units = units;
  in.measures = ms;
  EXPECT_EQ(ScoreCampaign(fw, in, {}).units.at(0).total, 10);
}

TEST(ConsultationsTest, BadInputNamesFileAndRow) {
  auto fails = [](const std::string& name, const std::string& text, const std::string& what) {
    try {
      LoadConsultations(Write(name, text));
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& e) {
      const std::string msg = std::string(e.what()) + " @ " + e.where();
      EXPECT_NE(msg.find(what), std::string::npos) << msg;
      EXPECT_NE(e.where().find(name), std::string::npos) << msg;
      if (name.ends_with(".csv")) {
        EXPECT_NE(e.where().find(":2"), std::string::npos) << msg;
      }
    }
  };
  const std::string head = "unit,kind,channel,asked,question,replied,answer,accurate\n";
  fails("b1.csv", head + "d1,投诉,网,2024-05-06,问,,,\n", "kind must be");
  fails("b2.csv", head + "d1,consult,网,2024-13-06,问,,,\n", "asked is not a date");
  fails("b3.csv", head + "d1,consult,网,2024-05-06,问,2024-05-01,答,\n", "before asked");
  fails("b4.csv", head + ",consult,网,2024-05-06,问,,,\n", "unit is missing");
  fails("b5.csv", head + "d1,consult,网,2024-05-06,问,,,是\n", "without an answer");
  fails("b6.csv", head + "d1,consult,网,2024-05-06,问,2024-05-07,答,也许\n", "是/否");
  fails("b7.json", R"({"schema": "govscore.consultations/1", "consultations": [{"unit": 3}]})",
        "must be a string");
}

}  // namespace
}  // namespace govscore::scoring

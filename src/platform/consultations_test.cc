// Consultations in the platform: who may record, judge and read them, the
// working-day delay on the official calendar, and the measures they give
// when the campaign is scored (docs/consultations.md "In the platform").
#include <gmock/gmock.h>
#include <xlsxwriter.h>

#include <functional>

#include "platform/internal.h"
#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class ConsultationsTest : public PlatformTest {
 protected:
  void SetUp() override {
    PlatformTest::SetUp();
    if (HasFatalFailure()) return;  // no store: the base SetUp failed
    const TwoUnits t = CollectingCityCampaign();
    a_ = t.a, b_ = t.b, c_ = t.campaign;
    organiser_ = NewUser("organiser", store::Role::kOrganiser, {});
    reviewer_a_ = NewUser("reviewer-a", store::Role::kReviewer, {a_});
    webmaster_b_ = NewUser("webmaster-b", store::Role::kWebmaster, {b_});
  }
  static ConsultationInput Input(store::Id unit, const std::string& asked,
                                 const std::string& replied, const std::string& kind = "consult") {
    ConsultationInput in;
    in.unit_id = unit;
    in.kind = kind;
    in.channel = "在线咨询";
    in.asked_at = asked;
    in.question = "办理居住证需要哪些材料？";
    in.replied_at = replied;
    if (!replied.empty()) in.answer = "需要身份证和居住证明。";
    return in;
  }
  const scoring::Measure* Find(const scoring::CampaignInputs& in, const std::string& unit,
                               const std::string& name) {
    for (const scoring::Measure& m : in.measures)
      if (m.unit == unit && m.name == name) return &m;
    return nullptr;
  }
  store::Id a_ = 0, b_ = 0, c_ = 0;
  store::Actor organiser_, reviewer_a_, webmaster_b_;
};

TEST_P(ConsultationsTest, DelayIsCountedOnTheOfficialCalendar) {
  // Friday 2024-06-07 → Tuesday 2024-06-11: the weekend and 端午节 (Monday) do not count.
  ConsultationView v = RecordConsultation(*store_, organiser_, c_,
                                          Input(a_, "2024-06-07 10:00", "2024-06-11 09:00"));
  EXPECT_EQ(v.reply_workdays, std::optional<long>(1));
  EXPECT_EQ(v.unit_code, "a");
  EXPECT_EQ(v.record.recorded_by, "organiser");
  // Friday 2024-05-10 → Saturday 2024-05-11, a make-up working day.
  v = RecordConsultation(*store_, organiser_, c_,
                         Input(b_, "2024-05-10", "2024-05-11", "依申请公开"));
  EXPECT_EQ(v.record.kind, "disclosure");
  EXPECT_EQ(v.reply_workdays, std::optional<long>(1));
  v = RecordConsultation(*store_, organiser_, c_, Input(b_, "2024-05-10 09:00", ""));
  EXPECT_FALSE(v.reply_workdays);
}

TEST_P(ConsultationsTest, RolesDecideWhoRecordsJudgesAndReads) {
  const store::Id on_a =
      RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07 10:00", "2024-06-11"))
          .record.id;
  const store::Id on_b =
      RecordConsultation(*store_, admin, c_, Input(b_, "2024-06-07 10:00", "2024-06-12")).record.id;
  // Only organisers and admins record, edit and delete.
  for (const store::Actor* who : {&reviewer_a_, &webmaster_b_}) {
    EXPECT_THROW(RecordConsultation(*store_, *who, c_, Input(a_, "2024-06-07", "")), Forbidden);
    EXPECT_THROW(UpdateConsultation(*store_, *who, on_a, Input(a_, "2024-06-07", "")), Forbidden);
    EXPECT_THROW(DeleteConsultation(*store_, *who, on_a), Forbidden);
  }
  // A reviewer judges the answers of their units only; webmasters never.
  ConsultationView judged = ReviewConsultation(*store_, reviewer_a_, on_a, true, false, "准确");
  EXPECT_EQ(judged.record.accurate, std::optional<bool>(true));
  EXPECT_EQ(judged.record.reviewed_by, "reviewer-a");
  EXPECT_THROW(ReviewConsultation(*store_, reviewer_a_, on_b, true, false, ""), Forbidden);
  EXPECT_THROW(ReviewConsultation(*store_, webmaster_b_, on_b, true, false, ""), Forbidden);
  ReviewConsultation(*store_, organiser_, on_b, false, true, "答非所问，推给其他部门");
  // Webmasters and reviewers read their own units' records.
  auto mine = ListConsultations(*store_, webmaster_b_, c_);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].record.id, on_b);
  EXPECT_EQ(mine[0].record.evasive, std::optional<bool>(true));
  EXPECT_EQ(ListConsultations(*store_, reviewer_a_, c_).size(), 1u);
  EXPECT_EQ(ListConsultations(*store_, organiser_, c_).size(), 2u);
  EXPECT_EQ(ListConsultations(*store_, organiser_, c_, a_).size(), 1u);
  EXPECT_THROW(GetConsultation(*store_, webmaster_b_, on_a), Forbidden);
  EXPECT_EQ(GetConsultation(*store_, webmaster_b_, on_b).record.id, on_b);
  // Every write is in the audit log.
  EXPECT_EQ(store_->ListAudit("consultation").size(), 4u);
}

TEST_P(ConsultationsTest, BadInputAndStatesAreRefused) {
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, Input(a_, "上周五", "")), InvalidInput);
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-11", "2024-06-07")),
               InvalidInput);
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, Input(a_, "", "")), InvalidInput);
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07", "", "信访")),
               InvalidInput);
  ConsultationInput empty = Input(a_, "2024-06-07", "");
  empty.question = "  ";
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, empty), InvalidInput);
  const store::Id other = CityUnit("x");
  EXPECT_THROW(RecordConsultation(*store_, organiser_, c_, Input(other, "2024-06-07", "")),
               NotFound);
  EXPECT_THROW(RecordConsultation(*store_, organiser_, 999, Input(a_, "2024-06-07", "")), NotFound);
  const store::Id open =
      RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07", "")).record.id;
  // No answer: nothing to judge; a judgment needs at least one verdict.
  EXPECT_THROW(ReviewConsultation(*store_, organiser_, open, true, false, ""), InvalidInput);
  UpdateConsultation(*store_, organiser_, open, Input(a_, "2024-06-07", "2024-06-07"));
  EXPECT_THROW(ReviewConsultation(*store_, organiser_, open, std::nullopt, std::nullopt, ""),
               InvalidInput);
  EXPECT_THROW(ReviewConsultation(*store_, organiser_, 999, true, false, ""), NotFound);
  EXPECT_EQ(store_->ListAudit("consultation").size(), 2u);  // create, update
}

// The records become the consult.* / disclosure_request.* measures a file
// import gives, replacing imported rows of the same unit and kind, and the
// seeds' 在线咨询 indicator (gx2020-city 实时互动: within 3 working days) scores them.
TEST_P(ConsultationsTest, RecordsFeedTheConsultIndicators) {
  AddMeasure(a_, c_, "consult.reply_workdays", "9");
  RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07 10:00", "2024-06-11 09:00"));
  RecordConsultation(*store_, organiser_, c_, Input(b_, "2024-06-07 10:00", ""));
  RecordConsultation(*store_, organiser_, c_, Input(b_, "2024-05-10", "2024-05-11", "disclosure"));

  const scoring::CampaignInputs in = CampaignInputsFromStore(*store_, c_);
  int a_rows = 0;
  for (const scoring::Measure& m : in.measures)
    a_rows += m.unit == "a" && m.name == "consult.reply_workdays";
  EXPECT_EQ(a_rows, 1);  // the imported 9 is replaced
  const scoring::Measure* a_days = Find(in, "a", "consult.reply_workdays");
  ASSERT_TRUE(a_days);
  EXPECT_EQ(a_days->value.ToString(), "1");
  EXPECT_THAT(a_days->source, HasSubstr("consultation"));
  const scoring::Measure* b_answered = Find(in, "b", "consult.answered");
  ASSERT_TRUE(b_answered);
  EXPECT_EQ(b_answered->value.ToString(), scoring::MeasureValue::Bool(false).ToString());
  ASSERT_TRUE(Find(in, "b", "disclosure_request.on_time"));

  const scoring::ScoreSheet sheet = ComputeScoreSheet(*store_, c_);
  const scoring::IndicatorScore* a_score =
      FindIndicator(UnitTrace(sheet, "a").indicators, "实时互动");
  const scoring::IndicatorScore* b_score =
      FindIndicator(UnitTrace(sheet, "b").indicators, "实时互动");
  ASSERT_TRUE(a_score && b_score);
  EXPECT_EQ(a_score->status, scoring::ScoreStatus::kScored);
  EXPECT_DOUBLE_EQ(a_score->points, a_score->weight);  // 1 working day ≤ 3
  EXPECT_EQ(b_score->status, scoring::ScoreStatus::kScored);
  EXPECT_DOUBLE_EQ(b_score->points, 0);  // unanswered: the rule's else

  // Published: the records are fixed.
  store_->SetCampaignState(admin, c_, store::CampaignState::kArchived);
  EXPECT_THROW(
      RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07 10:00", "2024-06-11")),
      Conflict);
}

// ---- bulk import of a consultations file ----

std::string ProblemsOf(const std::function<void()>& import) {
  try {
    import();
  } catch (const ImportError& e) {
    std::string out;
    for (const ImportProblem& p : e.problems()) out += p.ToString() + "\n";
    return out;
  }
  return "no ImportError";
}

TEST_P(ConsultationsTest, FileImportCreatesThenUpdatesOrLeavesRecords) {
  const std::string csv =
      "\xEF\xBB\xBFunit,kind,campaign,channel,asked,question,replied,answer,accurate,evasive,"
      "reviewer,note\n"
      "a,consult,2024Q2,在线咨询,2024-06-07 10:00,办理居住证需要哪些材料？,2024-06-11 09:00,"
      "需要身份证和居住证明。,是,否,王审,\n"
      "b,依申请公开,2024Q2,依申请公开平台,2024/5/10,申请公开2023年道路维修合同,,,,,,\n";
  ConsultationImportPreview p = PreviewConsultationImport(*store_, organiser_, c_, csv, "c.csv");
  ASSERT_TRUE(p.ok()) << p.problems.size();
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.created, 2);
  EXPECT_EQ(p.rows[0].line, 2);
  EXPECT_EQ(p.rows[0].unit_name, "a市人民政府");
  EXPECT_EQ(p.rows[0].reply_workdays, std::optional<long>(1));  // 端午节 Monday
  EXPECT_EQ(p.rows[1].record.kind, "disclosure");
  EXPECT_EQ(p.rows[1].record.asked_at, "2024-05-10");               // normalised
  EXPECT_TRUE(ListConsultations(*store_, organiser_, c_).empty());  // a preview writes nothing

  ConsultationImportResult r = ImportConsultations(*store_, organiser_, c_, csv, "c.csv");
  EXPECT_EQ(r.created, 2);
  ASSERT_EQ(r.ids.size(), 2u);
  ConsultationView a = GetConsultation(*store_, organiser_, r.ids[0]);
  EXPECT_EQ(a.record.asked_at, "2024-06-07 10:00");
  EXPECT_EQ(a.record.accurate, std::optional<bool>(true));
  EXPECT_EQ(a.record.evasive, std::optional<bool>(false));
  EXPECT_EQ(a.record.reviewed_by, "organiser");  // the importing user; the file's reviewer noted
  EXPECT_EQ(a.record.review_note, "评判人：王审");
  EXPECT_EQ(a.record.recorded_by, "organiser");
  EXPECT_FALSE(GetConsultation(*store_, organiser_, r.ids[1]).reply_workdays);
  const size_t audited = store_->ListAudit("consultation").size();
  EXPECT_EQ(audited, 3u);  // two creates, one review

  // The same file again changes nothing; a late answer updates its record.
  p = PreviewConsultationImport(*store_, organiser_, c_, csv, "c.csv");
  EXPECT_EQ(p.unchanged, 2);
  EXPECT_EQ(p.created + p.updated, 0);
  EXPECT_EQ(ImportConsultations(*store_, organiser_, c_, csv, "c.csv").unchanged, 2);
  EXPECT_EQ(store_->ListAudit("consultation").size(), audited);
  std::string answered = csv;
  answered.replace(answered.find(",,,,,,\n"), 7, ",2024-06-14,已公开。,,,,\n");
  r = ImportConsultations(*store_, organiser_, c_, answered, "c.csv");
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 1);
  ASSERT_EQ(ListConsultations(*store_, organiser_, c_).size(), 2u);
  const ConsultationView b = GetConsultation(*store_, organiser_, r.ids[1]);
  EXPECT_EQ(b.record.answer, "已公开。");
  EXPECT_EQ(b.reply_workdays, std::optional<long>(25));  // 2024-05-11 was a working day
  // The records score like entered ones.
  ASSERT_TRUE(Find(CampaignInputsFromStore(*store_, c_), "b", "disclosure_request.on_time"));
}

TEST_P(ConsultationsTest, FileImportWithABadRowStoresNothing) {
  const std::string csv =
      "单位编码,类型,渠道,提问时间,咨询内容,答复时间,答复内容,是否准确\n"
      "a,咨询,在线咨询,2024-06-07,问题一,2024-06-11,答复,是\n"
      "x,咨询,在线咨询,2024-06-07,问题二,,,\n"
      "b,信访,在线咨询,上周五,问题三,2024-06-11,答复,\n"
      "b,咨询,在线咨询,2024-06-11,问题四,2024-06-07,答复,\n"
      "b,咨询,在线咨询,2024-06-11,问题五,,,是\n"
      "a,咨询,在线咨询,2024-06-07,问题一,2024-06-12,答复,\n"
      "b,咨询,在线咨询,2024-06-11,,,,也许\n";
  const std::string problems =
      ProblemsOf([&] { ImportConsultations(*store_, organiser_, c_, csv, "c.csv"); });
  EXPECT_THAT(problems, HasSubstr("第 3 行，单位编码 列：评估对象“x”不在本评估任务中"));
  EXPECT_THAT(problems, HasSubstr("第 4 行，类型 列：“信访”应为 consult（模拟咨询）"));
  EXPECT_THAT(problems, HasSubstr("第 4 行，提问时间 列：“上周五”不是日期或时间"));
  EXPECT_THAT(problems, HasSubstr("第 5 行，答复时间 列：答复时间早于提问时间"));
  EXPECT_THAT(problems, HasSubstr("第 6 行，是否准确 列：没有答复时间，不能评判答复"));
  EXPECT_THAT(problems, HasSubstr("第 7 行，咨询内容 列：与第 2 行重复"));
  EXPECT_THAT(problems, HasSubstr("第 8 行，咨询内容 列：不能为空"));
  EXPECT_THAT(problems, HasSubstr("第 8 行，是否准确 列：“也许”应为 是 或 否"));
  EXPECT_TRUE(ListConsultations(*store_, organiser_, c_).empty());
  EXPECT_TRUE(store_->ListAudit("consultation").empty());
  // The preview gives each row its problems; row 2 has none.
  const ConsultationImportPreview p =
      PreviewConsultationImport(*store_, organiser_, c_, csv, "c.csv");
  EXPECT_FALSE(p.ok());
  ASSERT_EQ(p.rows.size(), 7u);
  EXPECT_TRUE(p.rows[0].problems.empty());
  EXPECT_EQ(p.rows[2].problems.size(), 2u);

  EXPECT_THAT(ProblemsOf([&] {
                ImportConsultations(*store_, organiser_, c_, "unit,kind,question,答复人\n",
                                    "c.csv");
              }),
              AllOf(HasSubstr("第 1 行，答复人 列：未知的列"),
                    HasSubstr("第 1 行，提问时间 列：缺少必填列")));
  EXPECT_THAT(ProblemsOf([&] { ImportConsultations(*store_, organiser_, c_, "{]", "c.json"); }),
              HasSubstr("不是有效的 JSON"));
}

TEST_P(ConsultationsTest, FileImportReadsJsonAndXlsx) {
  const std::string json = R"({"schema": "govscore.consultations/1", "consultations": [
      {"unit": "a", "kind": "consult", "asked": "2024-06-07 10:00", "question": "问",
       "replied": "2024-06-07 16:00", "answer": "答", "evasive": true, "note": "推给其他部门"},
      {"unit": "b", "kind": "consult", "asked": "2024-06-07", "question": 3}]})";
  EXPECT_THAT(ProblemsOf([&] { ImportConsultations(*store_, organiser_, c_, json, "c.json"); }),
              HasSubstr("第 2 行，question 列：须为文本"));
  std::string fixed = json;
  fixed.replace(fixed.find("3}"), 1, "\"问\"");
  ConsultationImportResult r = ImportConsultations(*store_, organiser_, c_, fixed, "c.json");
  ASSERT_EQ(r.created, 2);
  const ConsultationView a = GetConsultation(*store_, organiser_, r.ids[0]);
  EXPECT_EQ(a.record.evasive, std::optional<bool>(true));
  EXPECT_FALSE(a.record.accurate);
  EXPECT_EQ(a.reply_workdays, std::optional<long>(0));

  // Excel keeps dates as day numbers: 45450.5 is 2024-06-07 12:00.
  const std::string xlsx = internal::BytesWrittenTo(
      [](const std::string& path) {
        lxw_workbook* wb = workbook_new(path.c_str());
        lxw_worksheet* ws = workbook_add_worksheet(wb, "咨询");
        const char* header[] = {"unit", "kind", "asked", "question", "replied", "answer"};
        for (int c = 0; c < 6; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
        worksheet_write_string(ws, 1, 0, "b", nullptr);
        worksheet_write_string(ws, 1, 1, "依申请公开", nullptr);
        worksheet_write_number(ws, 1, 2, 45450.5, nullptr);
        worksheet_write_string(ws, 1, 3, "申请公开预算", nullptr);
        worksheet_write_string(ws, 1, 4, "2024-06-11", nullptr);
        worksheet_write_string(ws, 1, 5, "已公开", nullptr);
        workbook_close(wb);
      },
      ".xlsx");
  r = ImportConsultations(*store_, organiser_, c_, xlsx, "c.xlsx");
  ASSERT_EQ(r.created, 1);
  const ConsultationView b = GetConsultation(*store_, organiser_, r.ids[0]);
  EXPECT_EQ(b.record.asked_at, "2024-06-07 12:00");
  EXPECT_EQ(b.record.kind, "disclosure");
  EXPECT_EQ(b.reply_workdays, std::optional<long>(1));
}

TEST_P(ConsultationsTest, FileImportIsForOrganisersOfOpenCampaigns) {
  const std::string csv = "unit,kind,asked,question\na,consult,2024-06-07,问\n";
  EXPECT_THROW(ImportConsultations(*store_, reviewer_a_, c_, csv, "c.csv"), Forbidden);
  EXPECT_THROW(PreviewConsultationImport(*store_, webmaster_b_, c_, csv, "c.csv"), Forbidden);
  EXPECT_THROW(ImportConsultations(*store_, organiser_, 999, csv, "c.csv"), NotFound);
  store_->SetCampaignState(admin, c_, store::CampaignState::kArchived);
  EXPECT_THROW(ImportConsultations(*store_, organiser_, c_, csv, "c.csv"), Conflict);
  EXPECT_TRUE(ListConsultations(*store_, organiser_, c_).empty());
}

GOVSCORE_STORE_TEST_SUITE(ConsultationsTest);

}  // namespace
}  // namespace govscore::platform::testing

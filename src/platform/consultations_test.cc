// Consultations in the platform: who may record, judge and read them, the
// working-day delay on the official calendar, and the measures they give
// when the campaign is scored (docs/consultations.md "In the platform").
#include <gmock/gmock.h>

#include <functional>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

class ConsultationsTest : public PlatformTest {
 protected:
  void SetUp() override {
    PlatformTest::SetUp();
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
  store::Measure imported;
  imported.unit_id = a_;
  imported.campaign_id = c_;
  imported.name = "consult.reply_workdays";
  imported.value_json = "9";
  store_->AddMeasures(admin, {imported});
  RecordConsultation(*store_, organiser_, c_, Input(a_, "2024-06-07 10:00", "2024-06-11 09:00"));
  RecordConsultation(*store_, organiser_, c_, Input(b_, "2024-06-07 10:00", ""));
  RecordConsultation(*store_, organiser_, c_, Input(b_, "2024-05-10", "2024-05-11", "disclosure"));

  const scoring::CampaignInputs in = CampaignInputsFromStore(*store_, c_);
  int a_rows = 0;
  for (const scoring::Measure& m : in.measures) a_rows += m.unit == "a" && m.name == imported.name;
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
  std::function<const scoring::IndicatorScore*(const std::vector<scoring::IndicatorScore>&)> find =
      [&](const std::vector<scoring::IndicatorScore>& nodes) -> const scoring::IndicatorScore* {
    for (const scoring::IndicatorScore& n : nodes) {
      if (n.id == "实时互动") return &n;
      if (const scoring::IndicatorScore* f = find(n.children)) return f;
    }
    return nullptr;
  };
  const scoring::IndicatorScore* a_score = find(UnitTrace(sheet, "a").indicators);
  const scoring::IndicatorScore* b_score = find(UnitTrace(sheet, "b").indicators);
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

GOVSCORE_STORE_TEST_SUITE(ConsultationsTest);

}  // namespace
}  // namespace govscore::platform::testing

// Consultations (migration 7): stored per campaign and unit, every write audited,
// a changed answer clears its review.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class ConsultationsTest : public StoreTest {};

Consultation Asked(Id campaign, Id unit, const std::string& kind = "consult") {
  Consultation c;
  c.campaign_id = campaign;
  c.unit_id = unit;
  c.kind = kind;
  c.channel = "在线咨询";
  c.asked_at = "2024-09-30 16:00";
  c.question = "办理居住证需要哪些材料？";
  return c;
}

TEST_P(ConsultationsTest, RecordReviewUpdateDeleteAudited) {
  Id a = MakeUnit("a"), b = MakeUnit("b");
  Id cid = MakeCampaign({a, b});
  const Actor organiser{std::nullopt, "组织者"}, reviewer{std::nullopt, "王审"};

  Consultation c = Asked(cid, a);
  c.replied_at = "2024-10-08 09:30";
  c.answer = "需要身份证和居住证明。";
  const Id id = store_->SaveConsultation(organiser, c);
  store_->SaveConsultation(organiser, Asked(cid, b, "disclosure"));

  auto got = store_->FindConsultation(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->kind, "consult");
  EXPECT_EQ(got->channel, "在线咨询");
  EXPECT_EQ(got->answer, "需要身份证和居住证明。");
  EXPECT_EQ(got->recorded_by, "组织者");
  EXPECT_FALSE(got->accurate);
  EXPECT_FALSE(got->reviewed_at);

  Advance(1000);
  store_->ReviewConsultation(reviewer, id, true, false, "答复准确");
  got = store_->FindConsultation(id);
  EXPECT_EQ(got->accurate, std::optional<bool>(true));
  EXPECT_EQ(got->evasive, std::optional<bool>(false));
  EXPECT_EQ(got->reviewed_by, "王审");
  EXPECT_EQ(got->review_note, "答复准确");
  EXPECT_EQ(got->reviewed_at, std::optional<Millis>(now()));

  // Changing only the channel keeps the review; changing the answer clears it.
  Consultation edit = *got;
  edit.channel = "领导信箱";
  store_->SaveConsultation(organiser, edit);
  EXPECT_EQ(store_->FindConsultation(id)->accurate, std::optional<bool>(true));
  edit.answer = "请到窗口咨询。";
  store_->SaveConsultation(organiser, edit);
  got = store_->FindConsultation(id);
  EXPECT_FALSE(got->accurate);
  EXPECT_FALSE(got->evasive);
  EXPECT_EQ(got->reviewed_by, "");
  EXPECT_EQ(got->channel, "领导信箱");

  auto all = store_->ListConsultations(cid);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].unit_id, a);
  EXPECT_EQ(all[1].kind, "disclosure");
  EXPECT_EQ(store_->ListConsultations(cid, b).size(), 1u);

  // A unit with consultations cannot be deleted.
  EXPECT_THROW(store_->DeleteUnit(admin, b), Error);

  store_->DeleteConsultation(organiser, all[1].id);
  EXPECT_EQ(store_->ListConsultations(cid).size(), 1u);

  auto audit = store_->ListAudit("consultation");
  std::vector<std::string> actions;
  for (const AuditEntry& e : audit) actions.push_back(e.action);
  EXPECT_THAT(actions, ::testing::ElementsAre("consultation.delete", "consultation.update",
                                              "consultation.update", "consultation.review",
                                              "consultation.create", "consultation.create"));
  const auto review = nlohmann::json::parse(audit[3].summary);
  EXPECT_EQ(review["after"]["accurate"], true);
  EXPECT_EQ(review["before"]["accurate"], nullptr);
  const auto cleared = nlohmann::json::parse(audit[1].summary);
  EXPECT_EQ(cleared["before"]["accurate"], true);
  EXPECT_EQ(cleared["after"]["accurate"], nullptr);
}

TEST_P(ConsultationsTest, RefusesBadRows) {
  Id a = MakeUnit("a");
  Id cid = MakeCampaign({a});
  Consultation c = Asked(cid, a, "letter");
  EXPECT_THROW(store_->SaveConsultation(admin, c), Error);
  c = Asked(cid, a);
  c.asked_at.clear();
  EXPECT_THROW(store_->SaveConsultation(admin, c), Error);
  c = Asked(cid, a + 100);  // no such unit
  EXPECT_THROW(store_->SaveConsultation(admin, c), ConstraintError);
  c = Asked(cid, a);
  c.id = 999;
  EXPECT_THROW(store_->SaveConsultation(admin, c), Error);
  EXPECT_THROW(store_->ReviewConsultation(admin, 999, true, false, ""), Error);
  EXPECT_THROW(store_->DeleteConsultation(admin, 999), Error);
  EXPECT_TRUE(store_->ListConsultations(cid).empty());
  EXPECT_TRUE(store_->ListAudit("consultation").empty());
}

GOVSCORE_STORE_TEST_SUITE(ConsultationsTest);

}  // namespace
}  // namespace govscore::store::testing

// 采纳 in the reviewer queue: an assisted part's proposal (docs/scoring.md
// "Proposals") shown with its evidence, submitted as the reviewer's judgment.
#include <gmock/gmock.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

class ProposalsTest : public PlatformTest {
 protected:
  void SetUp() override {
    PlatformTest::SetUp();
    if (HasFatalFailure()) return;  // no store: the base SetUp failed
    const TwoUnits t = CollectingCityCampaign();
    a_ = t.a, b_ = t.b, c_ = t.campaign;
    // gx2020-city 征集渠道功能 c2 proposes "met" when survey.unanswered == 0.
    AddMeasure(a_, c_, "survey.unanswered", "0",
               {"http://127.0.0.1:9/a/zjdc/", "征集活动 3 个，均已公开反馈结果"});
    reviewer_ = NewUser("reviewer-a", store::Role::kReviewer, {a_});
  }
  store::JudgmentKey Key(store::Id unit) const { return {c_, unit, "征集渠道功能", "c2", ""}; }
  std::optional<ReviewItem> Slot(const store::JudgmentKey& key, bool with_proposals = true) {
    for (ReviewItem& item : ReviewQueue(*store_, c_, key.unit_id, false, nullptr, with_proposals))
      if (item.key.indicator_id == key.indicator_id && item.key.criterion == key.criterion)
        return item;
    return std::nullopt;
  }
  store::Id a_ = 0, b_ = 0, c_ = 0;
  store::Actor reviewer_;
};

TEST_P(ProposalsTest, QueueShowsTheProposalWithItsEvidence) {
  const std::optional<ReviewItem> slot = Slot(Key(a_));
  ASSERT_TRUE(slot);
  ASSERT_TRUE(slot->proposal);
  EXPECT_EQ(slot->proposal->value_json, R"({"value":"met"})");
  EXPECT_THAT(slot->proposal->basis, HasSubstr("survey.unanswered"));
  EXPECT_THAT(slot->proposal->evidence, ::testing::Contains("http://127.0.0.1:9/a/zjdc/"));
  EXPECT_GT(slot->proposal->leaf_points, 0);
  // Without the measure (unit b) or without asking: no proposal.
  EXPECT_FALSE(Slot(Key(b_))->proposal);
  EXPECT_FALSE(Slot(Key(a_), false)->proposal);
  // Parts without `propose` never carry one.
  for (const ReviewItem& item : ReviewQueue(*store_, c_, a_, false, nullptr, true))
    if (item.proposal) {
      EXPECT_EQ(item.key.indicator_id + "/" + item.key.criterion, "征集渠道功能/c2");
    }
}

TEST_P(ProposalsTest, AdoptSubmitsTheProposalAsTheReviewersJudgment) {
  const store::JudgmentRevision rev = AdoptProposal(*store_, reviewer_, Key(a_));
  EXPECT_EQ(rev.state, store::JudgmentState::kSubmitted);
  EXPECT_EQ(rev.value_json, R"({"value":"met"})");
  EXPECT_EQ(rev.reviewer, "reviewer-a");
  EXPECT_THAT(rev.note, HasSubstr("采纳系统建议"));
  EXPECT_THAT(rev.note, HasSubstr("均已公开反馈结果"));  // the excerpt
  ASSERT_EQ(rev.evidence.size(), 1u);
  EXPECT_EQ(rev.evidence[0].url, "http://127.0.0.1:9/a/zjdc/");
  // Audited and in the history like any judgment; the slot has no proposal any more.
  EXPECT_EQ(JudgmentHistory(*store_, Key(a_)).size(), 1u);
  EXPECT_EQ(store_->ListAudit("judgment").at(0).action, "judgment.save");
  EXPECT_FALSE(Slot(Key(a_))->proposal);
  EXPECT_THROW(AdoptProposal(*store_, reviewer_, Key(a_)), Conflict);
  // The reviewer may override it with an ordinary judgment (a new revision).
  SubmitJudgment(*store_, reviewer_, Key(a_), R"({"percent":50})", "部分反馈未公开", {});
  EXPECT_EQ(JudgmentHistory(*store_, Key(a_)).size(), 2u);
  // It reaches scoring as a submitted judgment.
  const scoring::CampaignInputs in = CampaignInputsFromStore(*store_, c_);
  ASSERT_EQ(in.judgments.size(), 1u);
  EXPECT_EQ(in.judgments[0].percent, 50);
}

TEST_P(ProposalsTest, AdoptIsRefusedWithoutProposalOrRights) {
  // Unit b has no measure; the reviewer is not assigned b; webmasters never judge.
  EXPECT_THROW(AdoptProposal(*store_, admin, Key(b_)), Conflict);
  EXPECT_THROW(AdoptProposal(*store_, reviewer_, Key(b_)), Forbidden);
  const store::Actor webmaster = NewUser("wm", store::Role::kWebmaster, {a_});
  EXPECT_THROW(AdoptProposal(*store_, webmaster, Key(a_)), Forbidden);
  EXPECT_TRUE(store_->ListAudit("judgment").empty());
}

// A `fill` leaf (example.yaml 办理答复 reads the imported consult.reply_workdays,
// filled from the scanned interaction.reply_workdays) gets a confirmation slot
// while the filled value is proposed; 采纳 submits `confirm` and the score uses it.
TEST_P(ProposalsTest, FillLeafHasAConfirmSlotAndAdoptConfirmsIt) {
  store::Unit dept;
  dept.code = "d1";
  dept.name = "示例部门";
  dept.kind = "部门";
  const store::Id d1 = store_->CreateUnit(admin, dept);
  dept.code = "d2";
  const store::Id d2 = store_->CreateUnit(admin, dept);
  CampaignSpec spec;
  spec.name = "示例评估";
  spec.framework_version_id = RegisterShippedFramework(*store_, admin, "example");
  spec.unit_ids = {d1, d2};
  spec.as_of = *Date::Parse("2020-11-30");
  const store::Id c = CreateCampaign(*store_, admin, spec);
  SetCampaignState(*store_, admin, c, store::CampaignState::kCollecting);
  AddMeasure(d1, c, "interaction.reply_workdays", "2", {"http://127.0.0.1:9/d1/hdjl/"});
  const store::Actor reviewer = NewUser("reviewer-d1", store::Role::kReviewer, {d1});

  auto confirm_slot = [&](store::Id unit, bool with_proposals = true) -> std::optional<ReviewItem> {
    for (ReviewItem& item : ReviewQueue(*store_, c, unit, false, nullptr, with_proposals))
      if (item.input == "confirm") return item;
    return std::nullopt;
  };
  std::optional<ReviewItem> slot = confirm_slot(d1);
  ASSERT_TRUE(slot);
  EXPECT_EQ(slot->key.indicator_id, "办理答复");
  EXPECT_EQ(slot->key.criterion, "");
  ASSERT_TRUE(slot->proposal);
  EXPECT_EQ(slot->proposal->value_json, R"({"value":"confirm"})");
  ASSERT_EQ(slot->proposal->fills.size(), 1u);
  EXPECT_EQ(slot->proposal->fills[0].measure, "consult.reply_workdays");
  EXPECT_EQ(slot->proposal->fills[0].from, "interaction.reply_workdays");
  EXPECT_EQ(slot->proposal->fills[0].value, "2");
  EXPECT_THAT(slot->proposal->evidence, ::testing::Contains("http://127.0.0.1:9/d1/hdjl/"));
  EXPECT_DOUBLE_EQ(slot->proposal->leaf_points, 4);  // within 5 working days: 40 % of 10
  // No filled value (d2), or no proposals asked: no slot; it never blocks publishing.
  EXPECT_FALSE(confirm_slot(d2));
  EXPECT_FALSE(confirm_slot(d1, false));
  auto leaf = [&](const std::string& unit) {
    const scoring::ScoreSheet sheet = ComputeScoreSheet(*store_, c);
    const scoring::IndicatorScore* found =
        FindIndicator(UnitTrace(sheet, unit).indicators, "办理答复");
    if (!found) throw NotFound("办理答复");
    return *found;
  };
  EXPECT_EQ(leaf("d1").status, scoring::ScoreStatus::kPending);

  // Only {"value":"confirm"} fits the slot; 采纳 submits it.
  EXPECT_THROW(SubmitJudgment(*store_, reviewer, slot->key, R"({"value":"met"})", "", {}),
               InvalidInput);
  const store::JudgmentRevision rev = AdoptProposal(*store_, reviewer, slot->key);
  EXPECT_EQ(rev.value_json, R"({"value":"confirm"})");
  EXPECT_EQ(rev.state, store::JudgmentState::kSubmitted);
  EXPECT_THAT(rev.note, HasSubstr("consult.reply_workdays 取 interaction.reply_workdays = 2"));
  ASSERT_EQ(rev.evidence.size(), 1u);
  const scoring::IndicatorScore scored = leaf("d1");
  EXPECT_EQ(scored.status, scoring::ScoreStatus::kScored);
  EXPECT_DOUBLE_EQ(scored.points, 4);
  // The judged slot stays in the queue, without a proposal; adopting again is refused.
  slot = confirm_slot(d1);
  ASSERT_TRUE(slot);
  ASSERT_TRUE(slot->judgment);
  EXPECT_FALSE(slot->proposal);
  EXPECT_THROW(AdoptProposal(*store_, reviewer, slot->key), Conflict);
  EXPECT_THROW(AdoptProposal(*store_, reviewer, {c, d2, "办理答复", "", ""}), Forbidden);
  EXPECT_THROW(AdoptProposal(*store_, admin, {c, d2, "办理答复", "", ""}), Conflict);
}

GOVSCORE_STORE_TEST_SUITE(ProposalsTest);

}  // namespace
}  // namespace govscore::platform::testing

// Reviewer assignments (units and indicators) and units' evidence materials,
// on both backends.
#include <gmock/gmock.h>

#include <fstream>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::ElementsAre;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x');

class AssignmentsTest : public PlatformTest {
 protected:
  void SetUp() override {
    PlatformTest::SetUp();
    if (HasFatalFailure()) return;  // no store: the base SetUp failed
    a_ = CityUnit("a");
    b_ = CityUnit("b");
    c_ = CityCampaign({a_, b_});
    SetCampaignState(*store_, admin, c_, store::CampaignState::kCollecting);
    fw_ = LoadFrameworkVersion(*store_, GetCampaign(*store_, c_).framework_version_id);
  }
  store::Actor User(const std::string& name, store::Role role, std::vector<store::Id> units) {
    const store::Id id = store_->CreateUser(admin, {name, name, "password-123", role, units});
    return {id, name};
  }
  // A first-level indicator whose subtree holds some but not all of a's slots.
  std::string PartialGroup(const std::vector<ReviewItem>& slots) {
    for (const framework::Indicator& top : fw_.indicators) {
      const auto sub = WithDescendants(fw_, {top.id});
      size_t in = 0;
      for (const ReviewItem& s : slots) in += sub.count(s.key.indicator_id);
      if (in > 0 && in < slots.size()) return top.id;
    }
    ADD_FAILURE() << "no first-level indicator splits the queue";
    return {};
  }
  const ReviewItem* Find(const std::vector<ReviewItem>& slots, const std::set<std::string>& sub,
                         bool inside) {
    for (const ReviewItem& s : slots)
      if (s.input == "met" && (sub.count(s.key.indicator_id) > 0) == inside) return &s;
    return nullptr;
  }
  store::Id a_ = 0, b_ = 0, c_ = 0;
  framework::Framework fw_;
};

TEST_P(AssignmentsTest, ReviewerJudgesOnlyAssignedUnits) {
  const store::Actor rev = User("rev", store::Role::kReviewer, {a_});
  const auto mine = ReviewQueue(*store_, c_, std::nullopt, false, &rev);
  ASSERT_FALSE(mine.empty());
  for (const ReviewItem& s : mine) EXPECT_EQ(s.key.unit_id, a_);
  EXPECT_EQ(mine.size(), ReviewQueue(*store_, c_, a_).size());  // no indicator restriction

  const ReviewItem of_b = ReviewQueue(*store_, c_, b_).front();
  EXPECT_THROW(SaveJudgmentDraft(*store_, rev, of_b.key, R"({"value":"met"})", "", {}), Forbidden);
  EXPECT_THROW(RequireMayJudge(*store_, rev, of_b.key), Forbidden);
  EXPECT_NO_THROW(RequireMayJudge(*store_, rev, mine.front().key));
  EXPECT_TRUE(store_->ListJudgments(c_).empty());
}

TEST_P(AssignmentsTest, ReviewerJudgesOnlyAssignedIndicatorsAndTheirChildren) {
  const store::Actor rev = User("rev", store::Role::kReviewer, {a_, b_});
  const auto all_a = ReviewQueue(*store_, c_, a_);
  const std::string group = PartialGroup(all_a);
  const auto sub = WithDescendants(fw_, {group});
  AssignReviewer(*store_, admin, c_, *rev.user_id, std::nullopt, {group});

  const auto mine = ReviewQueue(*store_, c_, a_, false, &rev);
  ASSERT_FALSE(mine.empty());
  EXPECT_LT(mine.size(), all_a.size());
  for (const ReviewItem& s : mine) EXPECT_TRUE(sub.count(s.key.indicator_id)) << s.key.indicator_id;

  const ReviewItem* inside = Find(all_a, sub, true);
  const ReviewItem* outside = Find(all_a, sub, false);
  ASSERT_TRUE(inside && outside);
  EXPECT_NO_THROW(SubmitJudgment(*store_, rev, inside->key, R"({"value":"met"})", "", {}));
  EXPECT_THROW(SubmitJudgment(*store_, rev, outside->key, R"({"value":"met"})", "", {}), Forbidden);
  // Another reviewer without assignments still judges every indicator of a.
  const store::Actor other = User("other", store::Role::kReviewer, {a_});
  EXPECT_EQ(ReviewQueue(*store_, c_, a_, false, &other).size(), all_a.size());
  // An organiser is not restricted.
  const store::Actor org = User("org", store::Role::kOrganiser, {});
  EXPECT_NO_THROW(SubmitJudgment(*store_, org, outside->key, R"({"value":"unmet"})", "", {}));
  EXPECT_EQ(store_->ListJudgments(c_).size(), 2u);
}

TEST_P(AssignmentsTest, SecondReviewIsRestrictedToo) {
  store::Id c2 = CityCampaign({a_}, true);
  SetCampaignState(*store_, admin, c2, store::CampaignState::kCollecting);
  const auto all_a = ReviewQueue(*store_, c2, a_);
  const std::string group = PartialGroup(all_a);
  const auto sub = WithDescendants(fw_, {group});
  const ReviewItem* outside = Find(all_a, sub, false);
  ASSERT_TRUE(outside);
  const store::Actor first = User("first", store::Role::kReviewer, {a_});
  const store::Actor checker = User("checker", store::Role::kReviewer, {a_});
  AssignReviewer(*store_, admin, c2, *checker.user_id, std::nullopt, {group});
  SubmitJudgment(*store_, first, outside->key, R"({"value":"met"})", "", {});
  EXPECT_THROW(CheckJudgment(*store_, checker, outside->key, true, ""), Forbidden);
  EXPECT_EQ(store_->FindJudgment(outside->key)->state, store::JudgmentState::kSubmitted);
}

TEST_P(AssignmentsTest, WebmastersJudgeNothing) {
  const store::Actor web = User("web", store::Role::kWebmaster, {a_});
  EXPECT_THROW(ReviewQueue(*store_, c_, std::nullopt, false, &web), Forbidden);
  const ReviewItem item = ReviewQueue(*store_, c_, a_).front();
  EXPECT_THROW(SaveJudgmentDraft(*store_, web, item.key, R"({"value":"met"})", "", {}), Forbidden);
}

TEST_P(AssignmentsTest, AssignReviewerChecksAndKeepsUnitsOutsideTheCampaign) {
  const store::Id elsewhere = CityUnit("z");
  const store::Actor rev = User("rev", store::Role::kReviewer, {a_, elsewhere});
  const store::Actor web = User("web", store::Role::kWebmaster, {a_});
  const std::string top = fw_.indicators.front().id;
  EXPECT_THROW(AssignReviewer(*store_, admin, c_, *web.user_id, std::nullopt, {top}), InvalidInput);
  EXPECT_THROW(AssignReviewer(*store_, admin, c_, *rev.user_id, std::nullopt, {"no-such"}),
               InvalidInput);
  EXPECT_THROW(
      AssignReviewer(*store_, admin, c_, *rev.user_id, std::vector<store::Id>{elsewhere}, {}),
      InvalidInput);
  EXPECT_THROW(AssignReviewer(*store_, admin, c_, 9999, std::nullopt, {}), NotFound);

  ReviewerAssignment a =
      AssignReviewer(*store_, admin, c_, *rev.user_id, std::vector<store::Id>{b_}, {top});
  EXPECT_THAT(a.unit_ids, ElementsAre(b_));
  EXPECT_THAT(a.indicator_ids, ElementsAre(top));
  // The unit outside the campaign stays the reviewer's.
  EXPECT_THAT(store_->FindUser(*rev.user_id)->unit_ids, ElementsAre(b_, elsewhere));

  auto listed = CampaignReviewers(*store_, c_);
  ASSERT_EQ(listed.size(), 1u);  // reviewers only
  EXPECT_EQ(listed[0].user.username, "rev");
  EXPECT_THAT(listed[0].indicator_ids, ElementsAre(top));

  // Lifting the restriction.
  a = AssignReviewer(*store_, admin, c_, *rev.user_id, std::nullopt, {});
  EXPECT_TRUE(a.indicator_ids.empty());
  EXPECT_THAT(a.unit_ids, ElementsAre(b_));
}

TEST_P(AssignmentsTest, WebmasterUploadsEvidenceForTheirUnitOnly) {
  EvidenceStore files(Scratch() / "uploads");
  const store::Actor web = User("web", store::Role::kWebmaster, {a_});
  const std::string ind = ReviewQueue(*store_, c_, a_).front().key.indicator_id;

  store::EvidenceFile f =
      UploadEvidence(*store_, web, files, {a_, c_, ind, "首页截图"}, kPng, "../../../etc/截图.png");
  EXPECT_EQ(f.file_name, "截图.png");  // only the base name, as metadata
  EXPECT_THAT(f.stored_name, ::testing::MatchesRegex("[0-9a-f]{32}\\.png"));
  EXPECT_EQ(f.uploaded_by, "web");
  EXPECT_EQ(f.indicator_id, ind);
  EXPECT_TRUE(std::filesystem::exists(Scratch() / "uploads" / f.stored_name));
  EXPECT_EQ(files.Read(f.stored_name), kPng);
  EXPECT_FALSE(std::filesystem::exists(Scratch() / "etc"));

  // Another unit, a foreign campaign unit, an unknown indicator, a bad type.
  EXPECT_THROW(UploadEvidence(*store_, web, files, {b_, c_, "", ""}, kPng, "x.png"), Forbidden);
  const store::Id other = CityUnit("o");
  EXPECT_THROW(UploadEvidence(*store_, admin, files, {other, c_, "", ""}, kPng, "x.png"),
               InvalidInput);
  EXPECT_THROW(UploadEvidence(*store_, web, files, {a_, c_, "no-such", ""}, kPng, "x.png"),
               InvalidInput);
  EXPECT_THROW(UploadEvidence(*store_, web, files, {a_, std::nullopt, ind, ""}, kPng, "x.png"),
               InvalidInput);
  EXPECT_THROW(UploadEvidence(*store_, web, files, {a_, c_, "", ""}, "<script>", "x.png"),
               InvalidInput);
  EXPECT_THROW(files.Read("../" + f.stored_name), InvalidInput);

  // Unit-wide material, then the listings a reviewer's workbench uses.
  UploadEvidence(*store_, web, files, {a_, std::nullopt, "", ""}, kPng, "总体.png");
  EXPECT_EQ(UnitEvidence(*store_, a_).size(), 2u);
  EXPECT_EQ(UnitEvidence(*store_, a_, c_, ind).size(), 2u);          // this one + unit-wide
  EXPECT_EQ(UnitEvidence(*store_, a_, c_, "other-ind").size(), 1u);  // unit-wide only
  EXPECT_TRUE(UnitEvidence(*store_, b_).empty());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(Scratch() / "uploads"), {}), 2);

  // A reviewer cites it in a judgment.
  const store::Actor rev = User("rev", store::Role::kReviewer, {a_});
  const ReviewItem item = ReviewQueue(*store_, c_, a_).front();
  const auto r = SubmitJudgment(*store_, rev, item.key,
                                item.input == "met"      ? R"({"value":"met"})"
                                : item.input == "points" ? R"({"points":0})"
                                : item.input == "count"  ? R"({"count":0})"
                                                         : R"({"value":"no"})",
                                "", {AsJudgmentEvidence(f)});
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].stored_name, f.stored_name);
}

GOVSCORE_STORE_TEST_SUITE(AssignmentsTest);

}  // namespace
}  // namespace govscore::platform::testing

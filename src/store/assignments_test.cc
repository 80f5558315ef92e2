// Migration 3 on both backends: reviewers' indicator assignments per campaign
// and units' evidence files.
#include <gmock/gmock.h>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

using ::testing::ElementsAre;

class AssignmentsTest : public StoreTest {
 protected:
  Id MakeReviewer(const std::string& name, std::vector<Id> units) {
    return store_->CreateUser(admin, {name, name, "password-123", Role::kReviewer, units});
  }
};

TEST_P(AssignmentsTest, ReviewerIndicatorsAreReplacedPerCampaignAndAudited) {
  const Id u = MakeUnit("u1");
  const Id c1 = MakeCampaign({u}), c2 = MakeCampaign({u});
  const Id r1 = MakeReviewer("r1", {u}), r2 = MakeReviewer("r2", {u});
  EXPECT_TRUE(store_->ListReviewerIndicators(c1).empty());

  store_->SetReviewerIndicators(admin, c1, r1, {"b", "a", "a"});
  store_->SetReviewerIndicators(admin, c1, r2, {"c"});
  store_->SetReviewerIndicators(admin, c2, r1, {"z"});
  auto list = store_->ListReviewerIndicators(c1);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].user_id, r1);
  EXPECT_THAT(list[0].indicator_ids, ElementsAre("a", "b"));  // duplicates folded, sorted
  EXPECT_EQ(list[1].user_id, r2);
  EXPECT_THAT(list[1].indicator_ids, ElementsAre("c"));

  // Replacing with nothing lifts the restriction for that campaign only.
  store_->SetReviewerIndicators(admin, c1, r1, {});
  list = store_->ListReviewerIndicators(c1);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].user_id, r2);
  EXPECT_THAT(store_->ListReviewerIndicators(c2)[0].indicator_ids, ElementsAre("z"));

  const auto audit = store_->ListAudit("campaign", c1);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "campaign.assign_indicators");
  EXPECT_NE(audit[0].summary.find("\"a\""), std::string::npos);  // before: a, b
}

TEST_P(AssignmentsTest, ReviewerIndicatorsRefuseUnknownCampaignUserOrEmptyId) {
  const Id u = MakeUnit("u1");
  const Id c = MakeCampaign({u});
  const Id r = MakeReviewer("r1", {u});
  EXPECT_THROW(store_->SetReviewerIndicators(admin, c + 100, r, {"a"}), Error);
  EXPECT_THROW(store_->SetReviewerIndicators(admin, c, r + 100, {"a"}), Error);
  EXPECT_THROW(store_->SetReviewerIndicators(admin, c, r, {"a", ""}), Error);
  EXPECT_TRUE(store_->ListReviewerIndicators(c).empty());  // nothing half-written
}

TEST_P(AssignmentsTest, EvidenceFilesAreStoredListedNewestFirstAndUnique) {
  const Id u1 = MakeUnit("u1"), u2 = MakeUnit("u2");
  const Id c = MakeCampaign({u1});
  EvidenceFile f;
  f.stored_name = "0123456789abcdef0123456789abcdef.png";
  f.unit_id = u1;
  f.campaign_id = c;
  f.indicator_id = "ind-1";
  f.file_name = "截图 ../../etc/passwd.png";
  f.content_type = "image/png";
  f.size_bytes = 42;
  f.sha256 = "ab";
  f.note = "首页截图";
  const Actor webmaster{std::nullopt, "webmaster"};
  const Id id1 = store_->AddEvidenceFile(webmaster, f);
  Advance(1000);
  EvidenceFile g = f;
  g.stored_name = "ffffffffffffffffffffffffffffffff.pdf";
  g.campaign_id.reset();
  g.indicator_id.clear();
  const Id id2 = store_->AddEvidenceFile(webmaster, g);
  g.stored_name = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.pdf";
  g.unit_id = u2;
  store_->AddEvidenceFile(webmaster, g);

  auto found = store_->FindEvidenceFile(f.stored_name);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id1);
  EXPECT_EQ(found->file_name, f.file_name);  // stored literally, never a path
  EXPECT_EQ(found->campaign_id, c);
  EXPECT_EQ(found->indicator_id, "ind-1");
  EXPECT_EQ(found->uploaded_by, "webmaster");
  EXPECT_EQ(found->uploaded_at, now() - 1000);
  EXPECT_FALSE(store_->FindEvidenceFile("nope.png"));

  auto all = store_->ListEvidenceFiles(u1);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, id2);  // newest first
  EXPECT_FALSE(all[0].campaign_id);
  auto of_campaign = store_->ListEvidenceFiles(u1, c);
  ASSERT_EQ(of_campaign.size(), 1u);
  EXPECT_EQ(of_campaign[0].id, id1);
  EXPECT_EQ(store_->ListEvidenceFiles(u2).size(), 1u);

  EXPECT_THROW(store_->AddEvidenceFile(webmaster, f), ConstraintError);  // same stored name
  EXPECT_EQ(store_->ListAudit("evidence_file").size(), 3u);
  // A unit with evidence files is not deleted under them.
  EXPECT_THROW(store_->DeleteUnit(admin, u2), ConstraintError);
}

GOVSCORE_STORE_TEST_SUITE(AssignmentsTest);

}  // namespace
}  // namespace govscore::store::testing

// Campaign validation, state rules and progress.
#include <gmock/gmock.h>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using store::CampaignState;
using ::testing::HasSubstr;

class CampaignsTest : public PlatformTest {};

TEST_P(CampaignsTest, CreationValidatesUnitsKindsAndDates) {
  store::Id city = CityUnit("nn");
  store::Id county = MakeUnit("xx");  // kind 县: gx2020-city does not score it
  CampaignSpec spec;
  spec.name = "2024年度";
  spec.framework_version_id = CityFramework();
  spec.as_of = *Date::Parse("2024-06-30");
  spec.unit_ids = {city, county};
  try {
    CreateCampaign(*store_, admin, spec);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr("kind 县"));
  }
  spec.unit_ids = {city, city};
  EXPECT_THROW(CreateCampaign(*store_, admin, spec), InvalidInput);
  spec.unit_ids = {city, 12345};
  EXPECT_THROW(CreateCampaign(*store_, admin, spec), NotFound);
  spec.unit_ids = {city};
  spec.period_from = *Date::Parse("2024-07-01");
  EXPECT_THROW(CreateCampaign(*store_, admin, spec), InvalidInput);  // as_of before period
  spec.period_from = *Date::Parse("2024-01-01");
  spec.name = "  ";
  EXPECT_THROW(CreateCampaign(*store_, admin, spec), InvalidInput);
  spec.name = "2024年度";
  store::Id id = CreateCampaign(*store_, admin, spec);
  EXPECT_EQ(GetCampaign(*store_, id).state, CampaignState::kDraft);
  EXPECT_TRUE(store_->ListCampaigns().size() == 1);
}

TEST_P(CampaignsTest, StateRules) {
  store::Id c = CityCampaign({CityUnit("nn")});
  EXPECT_THROW(SetCampaignState(*store_, admin, c, CampaignState::kReviewing), Conflict);
  EXPECT_THROW(SetCampaignState(*store_, admin, c, CampaignState::kPublished), Conflict);
  EXPECT_THROW(SetCampaignState(*store_, admin, c, CampaignState::kArchived), Conflict);
  // Enqueueing scans starts collection; queued scans block review.
  EXPECT_EQ(EnqueueCampaignScans(*store_, admin, c).size(), 1u);
  EXPECT_EQ(GetCampaign(*store_, c).state, CampaignState::kCollecting);
  EXPECT_TRUE(EnqueueCampaignScans(*store_, admin, c).empty());  // already queued
  try {
    SetCampaignState(*store_, admin, c, CampaignState::kReviewing);
    FAIL();
  } catch (const Conflict& e) {
    EXPECT_THAT(e.what(), HasSubstr("queued or running"));
  }
  // The scan finishes (here: fails), then review may start.
  store::Id scan = store_->ListCampaignScans(c)[0].id;
  store_->FinishScan(admin, scan, store::ScanState::kFailed, std::nullopt, std::nullopt, "x");
  SetCampaignState(*store_, admin, c, CampaignState::kReviewing);
  SetCampaignState(*store_, admin, c, CampaignState::kCollecting);  // back for a rescan
  SetCampaignState(*store_, admin, c, CampaignState::kReviewing);
  EXPECT_THROW(SetCampaignState(*store_, admin, c, CampaignState::kDraft), Conflict);
  // Editing is over once reviewing.
  CampaignSpec spec;
  spec.name = "改名";
  spec.framework_version_id = GetCampaign(*store_, c).framework_version_id;
  spec.unit_ids = GetCampaign(*store_, c).unit_ids;
  spec.as_of = *Date::Parse("2024-06-30");
  EXPECT_THROW(UpdateCampaign(*store_, admin, c, spec), Conflict);
  EXPECT_THROW(SetCampaignState(*store_, admin, 999, CampaignState::kReviewing), NotFound);
}

TEST_P(CampaignsTest, ProgressCountsScansAndJudgmentSlots) {
  store::Id a = CityUnit("a"), b = CityUnit("b");
  store::Id c = CityCampaign({a, b}, /*second_review=*/true);
  CampaignProgress p = GetCampaignProgress(*store_, c);
  EXPECT_EQ(p.units, 2);
  EXPECT_EQ(p.scans_total, 0);
  EXPECT_EQ(p.websites_without_scan, 2);
  EXPECT_GT(p.judgments_total, 0);
  EXPECT_EQ(p.judgments_total % 2, 0);  // same slots for two units of one kind
  EXPECT_EQ(p.judgments_open, p.judgments_total);
  EXPECT_FALSE(p.can_publish);
  EXPECT_FALSE(p.blockers.empty());

  EnqueueCampaignScans(*store_, admin, c);
  p = GetCampaignProgress(*store_, c);
  EXPECT_EQ(p.scans_total, 2);
  EXPECT_EQ(p.scans_queued, 2);
  EXPECT_EQ(p.websites_without_scan, 0);

  // One judgment submitted: waiting for the second check.
  ReviewItem item = ReviewQueue(*store_, c, a)[0];
  const store::Actor reviewer{std::nullopt, "张三"};
  std::string value = item.input == "points"   ? R"({"percent":50})"
                      : item.input == "count"  ? R"({"count":0})"
                      : item.input == "yes_no" ? R"({"value":"no"})"
                                               : R"({"value":"met"})";
  SubmitJudgment(*store_, reviewer, item.key, value, "", {});
  p = GetCampaignProgress(*store_, c);
  EXPECT_EQ(p.judgments_submitted, 1);
  EXPECT_EQ(p.judgments_open, p.judgments_total - 1);
}

GOVSCORE_STORE_TEST_SUITE(CampaignsTest);

}  // namespace
}  // namespace govscore::platform::testing

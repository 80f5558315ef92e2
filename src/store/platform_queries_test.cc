// Store queries added for the platform services (migration 2): bulk unit
// import in one transaction, a campaign's second-review flag, a scan's live
// progress, and a campaign's scans — on both backends.
#include <gmock/gmock.h>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

using ::testing::ElementsAre;

class PlatformQueriesTest : public StoreTest {};

UnitImport Row(const std::string& code, const std::string& parent = {}) {
  UnitImport row;
  row.unit.code = code;
  row.unit.name = "单位" + code;
  row.unit.kind = "县";
  row.unit.websites = {"http://" + code + ".example.gov.cn/"};
  row.parent_code = parent;
  return row;
}

TEST_P(PlatformQueriesTest, ImportUnitsCreatesUpdatesAndResolvesParentsInOrder) {
  Id existing = MakeUnit("b", "旧名称");
  auto ids = store_->ImportUnits(admin, {Row("a"), Row("b", "a"), Row("c", "b")});
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[1], existing);
  auto b = store_->FindUnit(existing);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name, "单位b");
  EXPECT_EQ(b->parent_id, ids[0]);
  EXPECT_EQ(store_->FindUnit(ids[2])->parent_id, ids[1]);
  EXPECT_EQ(store_->ListAudit("unit").size(), 4u);  // MakeUnit + 2 creates + 1 update
}

TEST_P(PlatformQueriesTest, ImportUnitsStoresNothingWhenOneRowFails) {
  MakeUnit("x");
  // "z" names a parent that exists nowhere: the whole import is refused.
  EXPECT_THROW(store_->ImportUnits(admin, {Row("y"), Row("z", "nope")}), Error);
  EXPECT_FALSE(store_->FindUnitByCode("y"));
  EXPECT_EQ(store_->ListUnits().size(), 1u);
}

TEST_P(PlatformQueriesTest, CampaignSecondReviewRoundTrips) {
  Id c = MakeCampaign({MakeUnit("u1")});
  EXPECT_FALSE(store_->FindCampaign(c)->second_review);
  Campaign campaign = *store_->FindCampaign(c);
  campaign.second_review = true;
  store_->UpdateCampaign(admin, campaign);
  EXPECT_TRUE(store_->FindCampaign(c)->second_review);
  EXPECT_TRUE(store_->ListCampaigns()[0].second_review);
}

TEST_P(PlatformQueriesTest, ScanProgressAndCampaignScans) {
  Id u = MakeUnit("u1");
  Id c = MakeCampaign({u});
  Scan s;
  s.unit_id = u;
  s.campaign_id = c;
  s.site_url = "http://u1.example.gov.cn/";
  Id first = store_->CreateScan(admin, s);
  Id second = store_->CreateScan(admin, s);
  MakeScan(u);  // outside the campaign
  EXPECT_FALSE(store_->FindScan(first)->progress_json);
  store_->UpdateScanProgress(first, R"({"pages_done":12})");
  EXPECT_EQ(store_->FindScan(first)->progress_json, R"({"pages_done":12})");
  EXPECT_THROW(store_->UpdateScanProgress(first, "{oops"), Error);
  auto scans = store_->ListCampaignScans(c);
  std::vector<Id> ids;
  for (const Scan& scan : scans) ids.push_back(scan.id);
  EXPECT_THAT(ids, ElementsAre(second, first));
  EXPECT_EQ(scans[1].progress_json, R"({"pages_done":12})");
}

GOVSCORE_STORE_TEST_SUITE(PlatformQueriesTest);

}  // namespace
}  // namespace govscore::store::testing

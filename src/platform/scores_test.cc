// Score sheets from the store, snapshots, ranking, exports, trend.
#include <gmock/gmock.h>

#include "platform/platform_test_support.h"
#include "scoring/score_json.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

class ScoresTest : public PlatformTest {};

TEST_P(ScoresTest, SheetWithoutInputsIsPendingAndExports) {
  store::Id a = CityUnit("a"), b = CityUnit("b");
  store::Id c = CityCampaign({a, b});
  scoring::ScoreSheet sheet = ComputeScoreSheet(*store_, c);
  ASSERT_EQ(sheet.units.size(), 2u);
  EXPECT_EQ(sheet.framework_id, "gx2020-city");
  EXPECT_EQ(sheet.as_of, "2024-06-30");
  for (const auto& u : sheet.units) {
    EXPECT_TRUE(u.provisional);  // nothing scanned or judged: 待评, never 0 or full
    EXPECT_GT(u.pending_points, 0);
  }
  auto rows = Ranking(sheet);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(UnitTrace(sheet, "b").unit.name, "b市人民政府");
  EXPECT_THROW(UnitTrace(sheet, "zz"), NotFound);

  const std::string xlsx = ExportScoreSheet(sheet, ParseExportFormat("xlsx"));
  EXPECT_EQ(xlsx.substr(0, 2), "PK");
  EXPECT_THAT(ExportScoreSheet(sheet, ExportFormat::kCsv), HasSubstr("a市人民政府"));
  EXPECT_THAT(ExportScoreSheet(sheet, ExportFormat::kHtml), HasSubstr("<html"));
  EXPECT_THAT(ExportScoreSheet(sheet, ExportFormat::kJson), HasSubstr("govscore.scoresheet/1"));
  EXPECT_STREQ(FileExtension(ExportFormat::kXlsx), "xlsx");
  EXPECT_THAT(ContentType(ExportFormat::kCsv), HasSubstr("text/csv"));
  EXPECT_THROW(ParseExportFormat("exe"), InvalidInput);

  // Not reviewing, judgments open: publishing is refused with the reasons.
  try {
    PublishCampaign(*store_, admin, c);
    FAIL();
  } catch (const Conflict& e) {
    EXPECT_THAT(e.what(), HasSubstr("人工评分未提交"));
  }
  EXPECT_TRUE(store_->ListScoreSnapshots(c).empty());
}

TEST_P(ScoresTest, EventsInThePeriodCount) {
  store::Id a = CityUnit("a");
  store::Id c = CityCampaign({a});
  store::Event inside;
  inside.unit_id = a;
  inside.type = "表彰";
  inside.level = "国务院办公厅";
  inside.date = *Date::Parse("2024-05-01");
  store_->AddEvent(admin, inside);
  store::Event after = inside;
  after.date = *Date::Parse("2024-07-01");  // after the 监测时间点
  store_->AddEvent(admin, after);
  store::Event other_campaign = inside;
  other_campaign.campaign_id = CityCampaign({a});
  store_->AddEvent(admin, other_campaign);
  auto inputs = CampaignInputsFromStore(*store_, c);
  ASSERT_EQ(inputs.events.size(), 1u);
  EXPECT_EQ(inputs.events[0].date, inside.date);
  EXPECT_TRUE(inputs.has_events);
}

GOVSCORE_STORE_TEST_SUITE(ScoresTest);

}  // namespace
}  // namespace govscore::platform::testing

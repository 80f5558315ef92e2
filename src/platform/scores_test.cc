// Score sheets from the store, snapshots, ranking, exports, trend.
#include <gmock/gmock.h>

#include "checklist/quarterly_store.h"
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

// The units' stored quarterly checklist results (`govscore checklist quarter
// --db`, the 季普查 step) of the campaign's quarters give gx2020-city's 健康情况
// (15 × passed / checked quarters), as `govscore checklist health` would, and
// replace the unit's imported inspection.* rows; a unit with none stays 待评.
TEST_P(ScoresTest, StoredQuarterlyResultsGiveHealth) {
  store::Id a = CityUnit("a"), b = CityUnit("b");
  CampaignSpec spec;
  spec.name = "2020年度评估";
  spec.framework_version_id = CityFramework();
  spec.unit_ids = {a, b};
  spec.period_from = *Date::Parse("2020-01-01");
  spec.period_to = *Date::Parse("2020-12-31");
  spec.as_of = *Date::Parse("2020-12-31");
  const store::Id c = CreateCampaign(*store_, admin, spec);

  checklist::QuarterlyResult failed;
  failed.unit = "a";
  failed.period = "2020Q2";
  failed.framework_id = "gb2019-website";
  failed.as_of = "2020-06-30";
  failed.verdict = checklist::Verdict::kFail;
  failed.score = 52;
  failed.reasons = {"扣分部分得分 52 分，低于60分"};
  checklist::QuarterlyResult later = failed;  // after the period: not read
  later.period = "2021Q1";
  later.as_of = "2021-03-31";
  later.verdict = checklist::Verdict::kPass;
  later.score = 86;
  checklist::SaveQuarterlyResults(*store_, admin, {failed, later});
  // Imported results: 2020Q1 (合格) counts beside the stored 2020Q2; the
  // imported 2020Q2 (合格) is replaced by the stored one (不合格).
  store::Measure q1;
  q1.unit_id = a;
  q1.campaign_id = c;
  q1.name = "inspection.passed";
  q1.period = "2020Q1";
  q1.value_json = "true";
  store::Measure q2 = q1;
  q2.period = "2020Q2";
  store_->AddMeasures(admin, {q1, q2});

  const scoring::CampaignInputs in = CampaignInputsFromStore(*store_, c);
  std::vector<std::string> rows;
  for (const scoring::Measure& m : in.measures)
    if (m.name == "inspection.passed")
      rows.push_back(m.unit + " " + m.period + " " + m.source.substr(0, m.source.find(' ')));
  EXPECT_THAT(rows, ::testing::UnorderedElementsAre("a 2020Q1 measure", "a 2020Q2 quarterly"));

  const scoring::ScoreSheet sheet = ComputeScoreSheet(*store_, c);
  auto health = [&](const std::string& unit) -> const scoring::IndicatorScore& {
    for (const scoring::IndicatorScore& i : UnitTrace(sheet, unit).indicators)
      if (i.id == "健康情况") return i;
    throw NotFound("健康情况");
  };
  EXPECT_EQ(health("a").status, scoring::ScoreStatus::kScored);
  EXPECT_DOUBLE_EQ(health("a").weight, 15);
  EXPECT_DOUBLE_EQ(health("a").points, 7.5);  // 1 of 2 quarters 合格: imported Q1, stored Q2
  EXPECT_EQ(health("b").status, scoring::ScoreStatus::kPending);  // none stored: 待评, not 0
}

GOVSCORE_STORE_TEST_SUITE(ScoresTest);

}  // namespace
}  // namespace govscore::platform::testing

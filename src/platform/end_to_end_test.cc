// The whole platform on one store: demo seed → scans of loopback sample sites
// → score sheet → published snapshot → a webmaster's rectification claims →
// the next scan confirms one fix and reopens the other.
#include <gmock/gmock.h>

#include <set>

#include "platform/platform_test_support.h"
#include "scoring/score_json.h"
#include "worker/worker.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

class EndToEndTest : public PlatformTest {};

std::string AnswerFor(const ReviewItem& item) {
  if (item.input == "points") return R"({"percent":75})";
  if (item.input == "count") return R"({"count":0})";
  if (item.input == "yes_no") return R"({"value":"no"})";
  return R"({"value":"met"})";
}

const store::Finding* BrokenLink(const std::vector<store::Finding>& findings) {
  for (const store::Finding& f : findings)
    if (f.kind == "broken_link" && f.state == store::FindingState::kOpen) return &f;
  return nullptr;
}

// The worker loop's options for the demo's sample sites on 127.0.0.1.
worker::WorkerOptions LoopbackWorker() {
  worker::WorkerOptions o;
  o.name = "test";
  o.run_schedules = false;
  o.scan.loopback_only = true;
  o.scan.timeout_s = 3;
  o.scan.connect_timeout_s = 2;
  o.scan.retries = 1;
  o.scan.parse_threads = 2;
  return o;
}

TEST_P(EndToEndTest, DemoScanScorePublishRectifyRescan) {
  DemoOptions options;
  options.run_jobs = [](store::Store& s) { worker::RunPass(s, nullptr, LoopbackWorker()); };
  options.units = 3;
  options.articles = 24;
  std::vector<std::string> lines;
  options.log = [&](const std::string& line) { lines.push_back(line); };
  DemoResult demo = SeedDemo(*store_, options);
  EXPECT_THROW(SeedDemo(*store_, options), Conflict);  // only on an empty store

  // Users with working printed passwords.
  ASSERT_EQ(demo.users.size(), 5u);
  for (const DemoUser& u : demo.users) {
    EXPECT_TRUE(store_->Authenticate(u.username, u.password)) << u.username;
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.find(u.password) != std::string::npos;
    }));
  }
  const store::User webmaster = *store_->FindUserByName("webmaster");
  EXPECT_EQ(webmaster.unit_ids, std::vector<store::Id>{demo.unit_ids[0]});
  EXPECT_EQ(store_->FindUserByName("webmaster2")->unit_ids,
            std::vector<store::Id>{demo.unit_ids[1]});

  // Scans ran on 127.0.0.1 and the campaign waits for review.
  EXPECT_EQ(GetCampaign(*store_, demo.campaign_id).state, store::CampaignState::kReviewing);
  CampaignProgress progress = GetCampaignProgress(*store_, demo.campaign_id);
  EXPECT_EQ(progress.scans_done, 3);
  // Demo judgments for all but a few slots (left for the reviewer workbench).
  EXPECT_EQ(progress.judgments_open, options.pending_judgments);
  EXPECT_EQ(progress.judgments_checked, demo.judgments_submitted);
  EXPECT_EQ(progress.judgments_total, demo.judgments_submitted + options.pending_judgments);
  EXPECT_GT(demo.judgments_submitted, 100);
  std::set<store::Id> units_with_open;
  for (const ReviewItem& item : ReviewQueue(*store_, demo.campaign_id, std::nullopt, true))
    units_with_open.insert(item.key.unit_id);
  EXPECT_EQ(units_with_open.size(), 3u);  // spread over the units
  EXPECT_FALSE(progress.can_publish);
  EXPECT_THROW(PublishCampaign(*store_, admin, demo.campaign_id), Conflict);

  // A live sheet: the defective site lost points with URLs as evidence.
  scoring::ScoreSheet live = ComputeScoreSheet(*store_, demo.campaign_id);
  ASSERT_EQ(live.units.size(), 3u);
  const scoring::UnitScore& a = UnitTrace(live, "demo-a");
  double lost_with_evidence = 0;
  std::function<void(const std::vector<scoring::IndicatorScore>&)> walk =
      [&](const std::vector<scoring::IndicatorScore>& nodes) {
        for (const auto& n : nodes) {
          if (n.children.empty() && n.lost > 0 && !n.evidence.empty()) lost_with_evidence += n.lost;
          walk(n.children);
        }
      };
  walk(a.indicators);
  EXPECT_GT(lost_with_evidence, 0);
  // Real scores: most points are decided, and the unit with planted defects
  // ranks below the clean 乙市.
  for (const auto& u : live.units) {
    EXPECT_LT(u.pending_points, u.max_points * 0.35) << u.unit.id;
    EXPECT_GT(u.total, u.max_points * 0.3) << u.unit.id;
  }
  EXPECT_LT(a.total, UnitTrace(live, "demo-b").total);

  // The reviewer finishes the queue; then the campaign publishes.
  const store::Actor reviewer{demo.users[2].id, "reviewer"};
  for (const ReviewItem& item : ReviewQueue(*store_, demo.campaign_id, std::nullopt, true))
    SubmitJudgment(*store_, reviewer, item.key, AnswerFor(item), "评审意见", {});
  progress = GetCampaignProgress(*store_, demo.campaign_id);
  EXPECT_TRUE(progress.can_publish) << (progress.blockers.empty() ? "" : progress.blockers[0]);
  const store::Actor organiser{demo.users[1].id, "organiser"};
  store::Id snapshot_id = PublishCampaign(*store_, organiser, demo.campaign_id);
  EXPECT_EQ(GetCampaign(*store_, demo.campaign_id).state, store::CampaignState::kPublished);

  // The published sheet is the snapshot, byte for byte, and stays so.
  CampaignScores published = CurrentScores(*store_, demo.campaign_id);
  ASSERT_TRUE(published.snapshot);
  EXPECT_EQ(published.snapshot->id, snapshot_id);
  EXPECT_EQ(scoring::ScoreSheetToJson(published.sheet),
            nlohmann::json::parse(published.snapshot->sheet_json));
  // Every judgment is in: what stays pending are imported measures (surveys, 新媒体).
  for (const auto& u : published.sheet.units)
    EXPECT_LT(u.pending_points, UnitTrace(live, u.unit.id).pending_points) << u.unit.id;
  auto ranking = Ranking(published.sheet);
  ASSERT_EQ(ranking.size(), 3u);
  EXPECT_EQ(ranking[0].rank, 1);
  EXPECT_GE(ranking[0].total, ranking[2].total);
  const ReviewItem any = ReviewQueue(*store_, demo.campaign_id)[0];
  EXPECT_THROW(SubmitJudgment(*store_, reviewer, any.key, AnswerFor(any), "", {}), Conflict);
  EXPECT_EQ(ExportScoreSheet(published.sheet, ExportFormat::kXlsx).substr(0, 2), "PK");

  // Rectification: the webmaster of 甲市 claims a broken link fixed and fixes
  // the site; a claim on 丙市 (unchanged site) is made by an organiser.
  const store::Id unit_a = demo.unit_ids[0], unit_c = demo.unit_ids[2];
  const auto findings_a = store_->ListFindings(unit_a), findings_c = store_->ListFindings(unit_c);
  const store::Finding* fa = BrokenLink(findings_a);
  const store::Finding* fc_ptr = BrokenLink(findings_c);
  ASSERT_TRUE(fa && fc_ptr);
  // The list names the indicators whose evidence or charged findings carry the
  // finding's URL, with their lost points (here one charged leaf added to a copy).
  scoring::ScoreSheet charged = published.sheet;
  for (auto& u : charged.units)
    if (u.unit.id == "demo-a") {
      scoring::IndicatorScore leaf;
      leaf.id = "测试";
      leaf.name = "链接可用性";
      leaf.lost = 2.5;
      leaf.charged = {fa->url};
      u.indicators.push_back(leaf);
    }
  auto list = RectificationList(*store_, unit_a, &charged, true);
  ASSERT_EQ(list.size(), findings_a.size());
  bool named = false;
  for (const RectificationItem& i : list)
    if (i.finding.id == fa->id) {
      EXPECT_THAT(i.indicators, ::testing::Contains("测试 链接可用性"));
      EXPECT_GE(i.points_lost, 2.5);
      named = true;
    }
  EXPECT_TRUE(named);
  const store::Id fixed_id = fa->id, not_fixed_id = fc_ptr->id;
  const store::Actor wm{webmaster.id, "webmaster"};
  EXPECT_THROW(ClaimFindingFixed(*store_, wm, not_fixed_id, "已修复", unit_a), NotFound);
  EXPECT_THROW(ClaimFindingFixed(*store_, wm, fixed_id, "  ", unit_a), InvalidInput);
  ClaimFindingFixed(*store_, wm, fixed_id, "已替换失效链接", unit_a);
  EXPECT_THROW(ClaimFindingFixed(*store_, wm, fixed_id, "again", unit_a), Conflict);
  ClaimFindingFixed(*store_, organiser, not_fixed_id, "据称已修复");
  demo.sites->RepairSite(0);

  // The next scans (自查, outside the published campaign) decide.
  EnqueueUnitScan(*store_, wm, unit_a, store_->FindUnit(unit_a)->websites[0]);
  EnqueueUnitScan(*store_, organiser, unit_c, store_->FindUnit(unit_c)->websites[0]);
  for (const worker::JobReport& o : worker::RunPass(*store_, nullptr, LoopbackWorker()).jobs) {
    EXPECT_TRUE(o.success) << o.error;
    EXPECT_EQ(o.profile, "full");  // records findings
  }
  EXPECT_EQ(store_->FindFinding(fixed_id)->state, store::FindingState::kConfirmedFixed);
  EXPECT_EQ(store_->FindFinding(not_fixed_id)->state, store::FindingState::kReopened);
  auto history = FindingHistory(*store_, fixed_id);
  ASSERT_EQ(history.size(), 3u);  // opened, claimed, confirmed
  EXPECT_EQ(history[1].note, "已替换失效链接");
  EXPECT_EQ(history[1].to, store::FindingState::kFixedClaimed);
  // The published sheet did not move.
  EXPECT_EQ(store_->ListScoreSnapshots(demo.campaign_id).size(), 1u);
  EXPECT_EQ(CurrentScores(*store_, demo.campaign_id).snapshot->sha256, published.snapshot->sha256);

  // History across campaigns: the published result is the unit's first point.
  auto trend = UnitTrend(*store_, unit_a);
  ASSERT_EQ(trend.size(), 1u);
  EXPECT_DOUBLE_EQ(trend[0].total, UnitTrace(published.sheet, "demo-a").total);
  SetCampaignState(*store_, organiser, demo.campaign_id, store::CampaignState::kArchived);
  EXPECT_EQ(CurrentScores(*store_, demo.campaign_id).snapshot->id, snapshot_id);
}

GOVSCORE_STORE_TEST_SUITE(EndToEndTest);

}  // namespace
}  // namespace govscore::platform::testing

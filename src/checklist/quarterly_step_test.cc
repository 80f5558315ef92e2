// 季普查 end to end, on both store backends, with a controllable clock: a week
// of hourly availability probes (Monitor::Tick) against two generated sites,
// the quarterly schedule firing at the quarter's end and queuing "quarterly"
// scans, a worker-like step running them with the checklist hook and storing
// them (CompleteScanJobWithResults), then the quarterly step storing each
// unit's result — and seed 000's 健康情况 (gx2020-dept) scored from the store.
//
// Availability at its threshold: unit ok has 8 failed probes of 161 (4.97 %),
// unit down 8 of 160 (exactly 5 %: V2 站点无法访问).
#include "checklist/quarterly_step.h"

#include <gtest/gtest.h>

#include "checklist/quarterly_store.h"
#include "checklist/scan.h"
#include "framework/framework_loader.h"
#include "monitor/clock.h"
#include "monitor/monitor.h"
#include "output/scan_json.h"
#include "sample/checklist_site.h"
#include "scoring/engine.h"
#include "store/store_test_support.h"

namespace govscore::checklist {
namespace {

using monitor::kDayMs;
using monitor::kHourMs;
using store::Millis;

class FixtureClock final : public monitor::Clock {
 public:
  explicit FixtureClock(std::shared_ptr<std::atomic<Millis>> t) : t_(std::move(t)) {}
  Millis Now() const override { return t_->load(); }

 private:
  std::shared_ptr<std::atomic<Millis>> t_;
};

const Date kAsOf = Date::FromYmd(2020, 6, 30);

class QuarterlyStepTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    clock_->store(monitor::ChinaMidnight(kAsOf.AddDays(-6)));  // 2020-06-24 00:00 China
    StoreTest::SetUp();
  }
  store::Id Unit(const std::string& code, const std::string& site) {
    store::Unit u;
    u.code = code;
    u.name = "自治区某厅" + code;
    u.kind = "自治区部门";
    u.websites = {site};
    return store_->CreateUnit(admin, u);
  }
  // Runs queued scan jobs as the worker does for "quarterly" (the checklist
  // hook, the document stored with its measures); other profiles are failed.
  int RunQuarterlyJobs() {
    int ran = 0;
    while (auto job = store_->ClaimScanJobPolitely("w1", 10 * 60 * 1000)) {
      auto scan = store_->FindScan(job->scan_id);
      auto unit = store_->FindUnit(scan->unit_id);
      if (job->profile != "quarterly") {
        store_->CompleteScanJob(job->id, "w1", false, "not run in this test");
        store_->ReleaseHostLease(job->host, "w1");
        continue;
      }
      ScanOptions so;
      so.start_url = scan->site_url;
      so.as_of = monitor::ChinaDate(now());
      so.loopback_only = true;
      so.check_external = false;
      so.timeout_s = 2;
      so.retries = 0;
      ChecklistScanHook hook(so, {});
      ScanReport report = RunScan(so);
      nlohmann::json doc = ScanToJson(report);
      hook.Embed(doc, report);
      store::ScanJobResults results;
      results.summary_json = doc["summary"].dump();
      results.document_json = doc.dump();
      EXPECT_TRUE(store_->CompleteScanJobWithResults(job->id, "w1", job->host, admin, results));
      ++ran;
    }
    return ran;
  }
  FixtureClock clock{clock_};
};

TEST_P(QuarterlyStepTest, ProbesAndAQuarterlyScanFeedHealth) {
  sample::ChecklistSiteOptions so;
  so.as_of = kAsOf;
  so.messages = {{Date::FromYmd(2020, 6, 1), Date::FromYmd(2020, 6, 3)}};
  so.guides = {sample::ChecklistGuideSpec{}};
  sample::ChecklistSite site = sample::ChecklistSite::Generate(so);
  sample::StaticSiteServer server_ok(site.files()), server_down(site.files());
  const store::Id ok = Unit("ok", server_ok.base_url() + "/");
  const store::Id down = Unit("down", server_down.base_url() + "/");
  for (store::Id u : {ok, down}) {
    store::MonitorSchedule daily;
    daily.unit_id = u;
    daily.regime = store::Regime::kDaily;
    daily.probes_per_day = 24;
    daily.next_due_at = now();
    store_->SaveSchedule(admin, daily);
    store::MonitorSchedule quarterly;
    quarterly.unit_id = u;
    quarterly.regime = store::Regime::kQuarterly;
    quarterly.next_due_at = monitor::ChinaMidnight(kAsOf);
    store_->SaveSchedule(admin, quarterly);
  }
  monitor::MonitorOptions mo;
  mo.worker = "test";
  mo.probe.timeout_s = 2;
  mo.probe.network.loopback_only = true;
  monitor::Monitor mon(*store_, clock, mo);

  // Hourly ticks from 06-24 00:00 to 06-30 00:00 (145); the last one fires the
  // quarterly schedules.
  int quarterly_fired = 0;
  for (int i = 0; i <= 6 * 24; ++i) {
    if (i > 0) Advance(kHourMs);
    monitor::TickResult t = mon.Tick();
    if (i == 6 * 24) quarterly_fired = t.schedules_fired;
  }
  EXPECT_EQ(quarterly_fired, 4);  // daily and quarterly of both units
  const Millis from = monitor::ChinaMidnight(kAsOf.AddDays(-6));
  const Millis to = monitor::ChinaMidnight(kAsOf.AddDays(1));
  ASSERT_EQ(store_->ListProbes(ok, from, to).size(), 145u);
  ASSERT_EQ(store_->ListProbes(down, from, to).size(), 145u);
  // Outages the probes did not see (e.g. recorded by another worker): 8 failed
  // for both; 8 more good ones for "ok" (161 → 4.97 %), 7 for "down" (160 → 5 %).
  for (int i = 0; i < 16; ++i) {
    const Millis at = from + 30 * 60 * 1000 + i * kHourMs;
    const bool failed = i < 8;
    store_->AddProbe({0, ok, server_ok.base_url() + "/", at, !failed, failed ? 0 : 200, 15000,
                      failed ? "超过15秒未打开 (timeout)" : "", "other"});
    if (i < 15)
      store_->AddProbe({0, down, server_down.base_url() + "/", at, !failed, failed ? 0 : 200, 15000,
                        failed ? "超过15秒未打开 (timeout)" : "", "other"});
  }

  // Nothing to score before the quarterly scans ran.
  const store::Actor actor{std::nullopt, "monitor:test"};
  QuarterlyStepReport none = RunQuarterlyChecklists(*store_, actor);
  EXPECT_TRUE(none.stored.empty());
  EXPECT_TRUE(none.errors.empty()) << none.errors.at(0);

  EXPECT_EQ(RunQuarterlyJobs(), 2);
  server_ok.Stop();
  server_down.Stop();

  QuarterlyStepReport rep = RunQuarterlyChecklists(*store_, actor);
  ASSERT_TRUE(rep.errors.empty()) << rep.errors.at(0);
  ASSERT_EQ(rep.stored.size(), 2u);
  for (const QuarterlyResult& r : rep.stored) {
    EXPECT_EQ(r.period, "2020Q2");
    EXPECT_EQ(r.framework_id, "gb2019-website");
    EXPECT_EQ(r.as_of, "2020-06-30");
    std::string reasons;
    for (const std::string& x : r.reasons) reasons += x + " | ";
    if (r.unit == "ok") {
      EXPECT_EQ(r.verdict, Verdict::kPass) << reasons;
    } else {
      EXPECT_EQ(r.verdict, Verdict::kFail) << reasons;
      ASSERT_FALSE(r.reasons.empty());
      EXPECT_NE(r.reasons[0].find("站点无法访问"), std::string::npos) << reasons;
    }
  }
  // Stored with the scan; a second step stores nothing new.
  std::vector<store::QuarterlyResult> raw = store_->ListQuarterlyResults(ok);
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_TRUE(raw[0].passed);
  EXPECT_TRUE(raw[0].scan_id.has_value());
  EXPECT_TRUE(RunQuarterlyChecklists(*store_, actor).stored.empty());

  // 健康情况 of seed 000 from the stored results: 2 × passed / checked quarters.
  std::vector<QuarterlyResult> stored;
  scoring::CampaignInputs in;
  for (const store::Unit& u : store_->ListUnits()) {
    for (QuarterlyResult& r : LoadQuarterlyResults(*store_, u)) stored.push_back(std::move(r));
    scoring::Unit su;
    su.id = u.code;
    su.name = u.name;
    su.kind = u.kind;
    su.site = u.websites.at(0);
    su.channels = {"网站"};
    in.units.push_back(su);
  }
  in.measures = InspectionMeasures(stored);
  const framework::Framework gx = framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) +
                                                                "/frameworks/gx2020-dept.yaml");
  scoring::ScoreOptions o;
  o.as_of = Date::FromYmd(2020, 11, 30);
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(gx, in, o);
  ASSERT_EQ(sheet.units.size(), 2u);
  for (const scoring::UnitScore& u : sheet.units) {
    const scoring::IndicatorScore* health = nullptr;
    for (const scoring::IndicatorScore& i : u.indicators)
      if (i.id == "健康情况") health = &i;
    ASSERT_NE(health, nullptr);
    EXPECT_EQ(health->status, scoring::ScoreStatus::kScored) << u.unit.id;
    EXPECT_DOUBLE_EQ(health->points, u.unit.id == "ok" ? 2.0 : 0.0) << u.unit.id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, QuarterlyStepTest,
                         ::testing::Values(store::testing::Backend::kSqlite,
                                           store::testing::Backend::kPostgres),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::checklist

// Migration 4: schedules claimed once each, probes, alerts raised once per
// open condition with a webhook outbox, per-host politeness leases across
// connections, the all-or-nothing completion of a scan job, notices,
// quarterly results and nested transactions (savepoints).
#include <gmock/gmock.h>

#include <atomic>
#include <barrier>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class MonitoringStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!HasFatalFailure()) unit_ = MakeUnit("a");
  }
  Id unit_ = 0;
};

TEST_P(MonitoringStoreTest, SchedulesAreValidatedAndUniquePerTargetAndRegime) {
  MonitorSchedule s;
  s.unit_id = unit_;
  s.regime = Regime::kDaily;
  s.next_due_at = now();
  const Id id = store_->SaveSchedule(admin, s);
  EXPECT_EQ(store_->FindSchedule(id)->probes_per_day, 24);
  EXPECT_THROW(store_->SaveSchedule(admin, s), ConstraintError);  // same unit + regime
  MonitorSchedule both = s;
  both.campaign_id = MakeCampaign({unit_});
  EXPECT_THROW(store_->SaveSchedule(admin, both), Error);
  MonitorSchedule bad = s;
  bad.regime = Regime::kWeekly;
  bad.probes_per_day = 0;
  EXPECT_THROW(store_->SaveSchedule(admin, bad), Error);
  MonitorSchedule upd = *store_->FindSchedule(id);
  upd.probes_per_day = 30;
  store_->SaveSchedule(admin, upd);
  EXPECT_EQ(store_->FindSchedule(id)->probes_per_day, 30);
  EXPECT_EQ(store_->ListAudit("monitor_schedule", id).size(), 2u);
  EXPECT_THROW(ParseRegime("hourly"), Error);
}

TEST_P(MonitoringStoreTest, DueSchedulesFireOnceAcrossConcurrentClaimers) {
  constexpr int kUnits = 30;
  for (int i = 0; i < kUnits; ++i) {
    MonitorSchedule s;
    s.unit_id = MakeUnit("u" + std::to_string(i));
    s.regime = Regime::kWeekly;
    s.next_due_at = now() - 1;
    store_->SaveSchedule(admin, s);
  }
  std::vector<Id> fired[2];
  std::barrier start(2);
  auto claim = [&](int w) {
    auto store = Open();
    start.arrive_and_wait();
    for (;;) {
      auto due = store->ClaimDueSchedules(
          4, [&](const MonitorSchedule& s) { return s.next_due_at + 7LL * 86'400'000; });
      if (due.empty()) break;
      for (const auto& s : due) fired[w].push_back(s.id);
    }
  };
  std::thread a(claim, 0), b(claim, 1);
  a.join();
  b.join();
  std::multiset<Id> all(fired[0].begin(), fired[0].end());
  all.insert(fired[1].begin(), fired[1].end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kUnits));
  EXPECT_EQ(std::set<Id>(all.begin(), all.end()).size(), static_cast<size_t>(kUnits));
  for (const auto& s : store_->ListSchedules()) {
    EXPECT_EQ(s.fired_count, 1);
    EXPECT_GT(s.next_due_at, now());
  }
  // Nothing is due again until the clock reaches the next firing.
  EXPECT_TRUE(store_->ClaimDueSchedules(100, [](const MonitorSchedule&) { return 0; }).empty());
  Advance(7LL * 86'400'000);
  EXPECT_EQ(store_->ClaimDueSchedules(100, [](const MonitorSchedule&) { return 0; }).size(),
            static_cast<size_t>(kUnits));
}

TEST_P(MonitoringStoreTest, ProbesAreStoredAndListedByWindow) {
  for (int i = 0; i < 5; ++i)
    store_->AddProbe({0, unit_, "http://a/", now() + i * 1000, i != 2, i != 2 ? 200 : 0, 10,
                      i != 2 ? "" : "timeout after 15 s", "w"});
  auto all = store_->ListProbes(unit_, now(), now() + 5000);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_FALSE(all[2].ok);
  EXPECT_EQ(all[2].error, "timeout after 15 s");
  EXPECT_EQ(store_->ListProbes(unit_, now() + 1000, now() + 3000).size(), 2u);
}

TEST_P(MonitoringStoreTest, AlertRaisedOncePerOpenConditionAndOutbox) {
  auto first = store_->RaiseAlert(admin, unit_, AlertKind::kOutage, "outage", "站点无法访问", "x");
  ASSERT_TRUE(first);
  EXPECT_FALSE(store_->RaiseAlert(admin, unit_, AlertKind::kOutage, "outage", "again", ""));
  EXPECT_EQ(store_->ListAlerts(unit_, true).size(), 1u);
  // The outbox hands each pending alert to one sender and postpones it.
  auto batch = store_->ClaimWebhookDeliveries(10, 60'000);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_TRUE(store_->ClaimWebhookDeliveries(10, 60'000).empty());
  store_->MarkWebhookDelivery(*first, false, "HTTP 500", 2);
  EXPECT_EQ(store_->FindAlert(*first)->webhook_state, "pending");
  Advance(60'000);
  ASSERT_EQ(store_->ClaimWebhookDeliveries(10, 60'000).size(), 1u);
  store_->MarkWebhookDelivery(*first, false, "HTTP 500", 2);
  EXPECT_EQ(store_->FindAlert(*first)->webhook_state, "failed");
  EXPECT_EQ(store_->FindAlert(*first)->webhook_attempts, 2);

  EXPECT_TRUE(store_->ResolveAlert(admin, unit_, "outage"));
  EXPECT_FALSE(store_->ResolveAlert(admin, unit_, "outage"));
  auto second = store_->RaiseAlert(admin, unit_, AlertKind::kOutage, "outage", "又无法访问", "");
  ASSERT_TRUE(second);  // a new outage after the first was resolved
  EXPECT_NE(*second, *first);
  store_->AcknowledgeAlert({std::nullopt, "organiser"}, *second);
  EXPECT_EQ(store_->FindAlert(*second)->acknowledged_by, "organiser");
  EXPECT_EQ(store_->ListAlerts(std::nullopt, false).size(), 2u);
  EXPECT_EQ(store_->ListAlerts(unit_, true).size(), 1u);
}

TEST_P(MonitoringStoreTest, TwoWorkersNeverHoldTheSameHost) {
  // Two jobs on one host, one on another.
  const Id s1 = store_->EnqueueMonitorScan(admin, unit_, "http://one.gov.cn/", "full", {});
  const Id s2 = store_->EnqueueMonitorScan(admin, unit_, "http://ONE.gov.cn/x", "links", {});
  const Id s3 = store_->EnqueueMonitorScan(admin, unit_, "http://two.gov.cn/", "homepage", {});
  auto other = Open();
  auto a = store_->ClaimScanJobPolitely("a", 10'000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->scan_id, s1);
  EXPECT_EQ(a->host, "one.gov.cn");
  auto b = other->ClaimScanJobPolitely("b", 10'000);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->scan_id, s3);  // s2's host is held by a
  EXPECT_EQ(b->profile, "homepage");
  EXPECT_FALSE(other->ClaimScanJobPolitely("b", 10'000));
  EXPECT_EQ(store_->HostLeaseOwner("one.gov.cn"), "a");

  ScanJobResults results;
  results.summary_json = R"({"pages":1})";
  results.document_json = R"({"summary":{"pages":1}})";
  results.measures = {{0, unit_, a->scan_id, {}, "site.pages", "1", "", "", {}}};
  results.record_findings = true;
  results.findings = {{"link:x", "broken_link", "http://one.gov.cn/x", ""}};
  // b cannot complete a's job.
  EXPECT_FALSE(other->CompleteScanJobWithResults(a->id, "b", a->host, admin, results));
  auto update = store_->CompleteScanJobWithResults(a->id, "a", a->host, admin, results);
  ASSERT_TRUE(update);
  EXPECT_EQ(update->opened, 1);
  EXPECT_EQ(store_->FindScan(s1)->state, ScanState::kDone);
  EXPECT_EQ(store_->ListMeasures(unit_, s1).size(), 1u);
  EXPECT_FALSE(store_->HostLeaseOwner("one.gov.cn"));
  // Completed once: a second completion stores nothing more.
  EXPECT_FALSE(store_->CompleteScanJobWithResults(a->id, "a", a->host, admin, results));
  EXPECT_EQ(store_->ListMeasures(unit_, s1).size(), 1u);
  // Now the second job of host one is free for b.
  auto c = other->ClaimScanJobPolitely("b", 10'000);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scan_id, s2);
  // The lease of a dead holder expires and its host is taken over.
  Advance(10'001);
  auto d = store_->ClaimScanJobPolitely("a", 10'000);
  ASSERT_TRUE(d);  // b's job expired: a inherits it together with the host
  EXPECT_EQ(store_->HostLeaseOwner(d->host), "a");
  EXPECT_FALSE(other->HeartbeatScanJobAndHost(c->id, c->host, "b", 10'000));
  EXPECT_EQ(store_->ListProfileScans(unit_, "links", 10).size(), 1u);
  EXPECT_EQ(store_->ListProfileScans(unit_, "", 10).size(), 3u);
  EXPECT_THROW(store_->EnqueueMonitorScan(admin, unit_, "http://x/", "deep", {}), Error);
}

TEST_P(MonitoringStoreTest, ManyClaimersOverFewHostsNeverOverlap) {
  // 3 hosts × 6 jobs; 4 claimers; at no time do two claimers hold one host.
  for (int i = 0; i < 18; ++i)
    store_->EnqueueMonitorScan(admin, unit_, "http://h" + std::to_string(i % 3) + ".gov.cn/p",
                               "full", {});
  std::mutex mu;
  std::map<std::string, std::string> holding;
  int overlaps = 0;
  std::atomic<int> done{0};
  std::barrier start(4);
  auto work = [&](int w) {
    auto store = Open();
    const std::string name = "w" + std::to_string(w);
    start.arrive_and_wait();
    for (int idle = 0; idle < 200 && done < 18;) {
      auto job = store->ClaimScanJobPolitely(name, 600'000);
      if (!job) {
        ++idle;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      {
        std::lock_guard lock(mu);
        if (holding.count(job->host)) ++overlaps;
        holding[job->host] = name;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
      {
        std::lock_guard lock(mu);
        holding.erase(job->host);
        ++done;
      }
      ScanJobResults r;
      r.summary_json = "{}";
      r.document_json = "{}";
      EXPECT_TRUE(store->CompleteScanJobWithResults(job->id, name, job->host, admin, r));
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) threads.emplace_back(work, w);
  for (auto& t : threads) t.join();
  EXPECT_EQ(overlaps, 0);
  EXPECT_EQ(done, 18);
}

TEST_P(MonitoringStoreTest, FailedCompletionLeavesNothingBehind) {
  const Id scan = store_->EnqueueMonitorScan(admin, unit_, "http://one.gov.cn/", "full", {});
  auto job = store_->ClaimScanJobPolitely("a", 10'000);
  ASSERT_TRUE(job);
  ScanJobResults bad;
  bad.summary_json = "{}";
  bad.document_json = "{}";
  bad.measures = {{0, unit_, scan, {}, "site.pages", "1", "", "", {}}};
  bad.record_findings = true;
  bad.findings = {{"", "broken_link", "u", ""}};  // invalid: no key → the whole completion fails
  EXPECT_THROW(store_->CompleteScanJobWithResults(job->id, "a", job->host, admin, bad), Error);
  EXPECT_EQ(store_->FindScan(scan)->state, ScanState::kQueued);
  EXPECT_TRUE(store_->ListMeasures(unit_, scan).empty());
  EXPECT_EQ(store_->FindScanJob(job->id)->state, JobState::kLeased);
  // The store is usable afterwards (the transaction was rolled back whole).
  bad.findings = {};
  EXPECT_TRUE(store_->CompleteScanJobWithResults(job->id, "a", job->host, admin, bad));
  EXPECT_EQ(store_->ListMeasures(unit_, scan).size(), 1u);
}

TEST_P(MonitoringStoreTest, NoticesQuarterlyResultsAndReports) {
  const Id scan = MakeScan(unit_);
  store_->RecordScanFindings(admin, scan, {{"k1", "broken_link", "http://a/x", ""}});
  const Id f = store_->ListFindings(unit_).at(0).id;
  auto n1 = store_->IssueNotice(admin, unit_, *Date::Parse("2023-12-01"), {f});
  auto n2 = store_->IssueNotice(admin, unit_, *Date::Parse("2023-12-15"), {f});
  EXPECT_EQ(n1.number, "整改〔2023〕1号");  // the test clock is in November 2023
  EXPECT_EQ(n2.number, "整改〔2023〕2号");
  EXPECT_EQ(store_->FindNotice(n1.id)->deadline.ToString(), "2023-12-01");
  EXPECT_EQ(store_->ListNotices(unit_).front().id, n2.id);
  const Id other = MakeUnit("b");
  EXPECT_THROW(store_->IssueNotice(admin, other, *Date::Parse("2023-12-01"), {f}), Error);
  EXPECT_THROW(store_->IssueNotice(admin, unit_, *Date::Parse("2023-12-01"), {}), Error);

  QuarterlyResult q;
  q.unit_id = unit_;
  q.quarter = "2023Q4";
  q.framework_id = "gb2019-website";
  q.passed = false;
  q.reasons_json = R"(["站点无法访问"])";
  const Id qid = store_->SaveQuarterlyResult(admin, q);
  q.passed = true;
  q.reasons_json = "[]";
  EXPECT_EQ(store_->SaveQuarterlyResult(admin, q), qid);
  auto qs = store_->ListQuarterlyResults(unit_);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_TRUE(qs[0].passed);
  q.quarter = "2023Q5";
  EXPECT_THROW(store_->SaveQuarterlyResult(admin, q), Error);

  store_->SaveMonitorReport(admin, unit_, "yearly", "2023", R"({"probes":1})");
  store_->SaveMonitorReport(admin, unit_, "yearly", "2023", R"({"probes":2})");
  EXPECT_EQ(store_->FindMonitorReport(unit_, "yearly", "2023"), R"({"probes":2})");
  EXPECT_FALSE(store_->FindMonitorReport(unit_, "yearly", "2022"));
}

GOVSCORE_STORE_TEST_SUITE(MonitoringStoreTest);

}  // namespace
}  // namespace govscore::store::testing

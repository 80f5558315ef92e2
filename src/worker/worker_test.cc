// Workers as separate processes (this test executable re-executed as a
// worker, see WorkerProcess.ProfilesAndName) against both backends: a worker killed with
// SIGKILL in the middle of a crawl, or right after its crawl was
// checkpointed, is replaced after its lease expires, and the result equals an
// uninterrupted scan's — nothing lost, nothing counted twice; two worker
// processes share a queue without running a job twice or crawling one host
// at once.
#include "worker/worker.h"

#include <gmock/gmock.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "checklist/quarterly_store.h"
#include "monitor/clock.h"
#include "sample/checklist_site.h"
#include "sample/site.h"
#include "store/store_test_support.h"

extern char** environ;

namespace govscore::worker {
namespace {

// The worker a child process runs: store URL, name, crash hook and the test
// clock come from the environment.
WorkerOptions ChildOptions(const std::string& name, const std::string& crash_at) {
  WorkerOptions o;
  o.name = name;
  o.lease_ms = 5'000;
  o.heartbeat_s = 0.2;
  o.scan.loopback_only = true;
  o.scan.timeout_s = 3;
  o.scan.connect_timeout_s = 2;
  o.scan.retries = 1;
  o.scan.parse_threads = 1;
  o.scan.host_delay_ms = 15;  // slow enough to be killed mid-crawl
  o.run_schedules = false;
  o.crash_at = crash_at;
  return o;
}

// Runs jobs until the queue stays empty for a second (a spawned worker
// process; see WorkerProcess.ProfilesAndName).
void RunChild(const char* db) {
  const char* name = std::getenv("GOVSCORE_WORKER_CHILD_NAME");
  const char* crash = std::getenv("GOVSCORE_WORKER_CHILD_CRASH");
  const char* now = std::getenv("GOVSCORE_WORKER_CHILD_NOW");
  monitor::ManualClock manual(now ? std::atoll(now) : 0);
  monitor::SystemClock system;
  const monitor::Clock& clock =
      now ? static_cast<const monitor::Clock&>(manual) : static_cast<const monitor::Clock&>(system);
  store::Store::Options so;
  so.clock = clock.AsFunction();
  auto store = store::OpenStore(db, so);
  WorkerOptions o = ChildOptions(name ? name : "child", crash ? crash : "");
  for (int idle = 0; idle < 10;) {
    auto rep = RunOneJob(*store, o);
    if (!rep) {
      ++idle;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    idle = 0;
    std::printf("child %s: job %lld %s %s\n", o.name.c_str(), static_cast<long long>(rep->job_id),
                rep->success ? "done" : "failed", rep->error.c_str());
  }
}

// In a normal run, checks the profiles and the default name. Spawned with
// GOVSCORE_WORKER_CHILD_DB set (SpawnWorker runs this test alone), it is a
// worker process instead.
TEST(WorkerProcess, ProfilesAndName) {
  if (const char* db = std::getenv("GOVSCORE_WORKER_CHILD_DB")) {
    RunChild(db);
    return;
  }
  ScanOptions base;
  base.max_pages = 500;
  const ScanOptions home = ProfileScanOptions(base, "homepage");
  EXPECT_EQ(home.max_pages, 1u);
  EXPECT_FALSE(home.check_external);
  EXPECT_FALSE(home.soft404_probe);
  EXPECT_EQ(ProfileScanOptions(base, "links").max_depth, 1);
  EXPECT_EQ(ProfileScanOptions(base, "full").max_pages, 500u);
  EXPECT_EQ(ProfileScanOptions(base, "quarterly").max_depth, base.max_depth);
  EXPECT_THAT(DefaultWorkerName(), ::testing::EndsWith(":" + std::to_string(getpid())));
}

pid_t SpawnWorker(const std::string& db, const std::string& name, const std::string& crash,
                  std::optional<store::Millis> now) {
  std::vector<std::string> env_strings = {"GOVSCORE_WORKER_CHILD_DB=" + db,
                                          "GOVSCORE_WORKER_CHILD_NAME=" + name,
                                          "GOVSCORE_WORKER_CHILD_CRASH=" + crash};
  if (now) env_strings.push_back("GOVSCORE_WORKER_CHILD_NOW=" + std::to_string(*now));
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("GOVSCORE_WORKER_CHILD", 0) != 0) env_strings.push_back(*e);
  std::vector<char*> env;
  for (auto& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::string self = "/proc/self/exe", filter = "--gtest_filter=WorkerProcess.ProfilesAndName";
  char* argv[] = {self.data(), filter.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, env.data()) != 0) return -1;
  return pid;
}

sample::SiteOptions SmallSite(uint64_t seed) {
  sample::SiteOptions o;
  o.articles = 40;
  o.seed = seed;
  o.as_of = *Date::Parse("2024-06-30");
  o.defects = true;
  o.traps = false;
  return o;
}

sample::ServerOptions QuickServer() {
  sample::ServerOptions o;
  o.slow_delay = std::chrono::milliseconds(3500);
  o.threads = 8;
  return o;
}

class WorkerTest : public store::testing::StoreTest {
 protected:
  store::Id Unit(const std::string& code, const std::string& site) {
    store::Unit u;
    u.code = code;
    u.name = code + "市人民政府";
    u.kind = "设区市";
    u.websites = {site};
    return store_->CreateUnit(admin, u);
  }

  // What a finished scan stored, comparable across scans of the same site.
  struct Stored {
    std::map<std::string, std::string> measures;  // name → value
    size_t measure_rows = 0;
    std::set<std::string> findings;
    int64_t pages = 0;
  };
  // A measure value with every list sorted: the crawl's page order varies
  // between runs (parallel fetches), the set of items does not.
  static std::string Canonical(const std::string& value_json) {
    std::function<nlohmann::json(nlohmann::json)> sort = [&](nlohmann::json j) {
      if (j.is_object())
        for (auto& [k, v] : j.items()) v = sort(v);
      if (j.is_array()) {
        std::vector<std::string> parts;
        for (auto& v : j) parts.push_back(sort(v).dump());
        std::sort(parts.begin(), parts.end());
        j = nlohmann::json::array();
        for (auto& p : parts) j.push_back(nlohmann::json::parse(p));
      }
      return j;
    };
    return sort(nlohmann::json::parse(value_json)).dump();
  }

  Stored Of(store::Id unit, store::Id scan) {
    Stored s;
    for (const auto& m : store_->ListMeasures(unit, scan)) {
      s.measures[m.name] = Canonical(m.value_json);
      ++s.measure_rows;
    }
    for (const auto& f : store_->ListFindings(unit)) s.findings.insert(f.key);
    auto summary = nlohmann::json::parse(store_->FindScan(scan)->summary_json.value_or("{}"));
    s.pages = summary.value("pages", int64_t{0});
    return s;
  }

  // Runs a kill scenario: an uninterrupted reference scan of `site`, then a
  // worker process killed at `crash`, then an heir in this process.
  void KillAndResume(const std::string& crash, bool expect_checkpoint) {
    sample::Site site = sample::Site::Generate(SmallSite(11));
    sample::Server server(site, QuickServer());
    const std::string url = server.base_url() + "/";
    WorkerOptions heir = ChildOptions("heir", "");

    const store::Id ref_unit = Unit("ref", url);
    const store::Id ref_scan = store_->EnqueueMonitorScan(admin, ref_unit, url, "full", {});
    auto ref = RunOneJob(*store_, heir);
    ASSERT_TRUE(ref && ref->success) << (ref ? ref->error : "no job");
    const Stored expected = Of(ref_unit, ref_scan);
    ASSERT_GT(expected.pages, 20);
    ASSERT_GT(expected.measure_rows, 5u);
    ASSERT_FALSE(expected.findings.empty());

    const store::Id unit = Unit("crash", url);
    const store::Id scan = store_->EnqueueMonitorScan(admin, unit, url, "full", {});
    const pid_t pid = SpawnWorker(url_, "doomed", crash, now());
    ASSERT_GT(pid, 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the worker was not killed (status " << status << ")";
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    // Killed: nothing of step 2 is stored; the job is still leased to the dead worker.
    EXPECT_EQ(store_->FindScan(scan)->state, store::ScanState::kRunning);
    EXPECT_TRUE(store_->ListMeasures(unit, scan).empty());
    EXPECT_TRUE(store_->ListFindings(unit).empty());
    const auto cp = store_->LatestCheckpoint(scan);
    EXPECT_EQ(cp.has_value(), expect_checkpoint);
    EXPECT_EQ(store_->HostLeaseOwner(UrlHost(url)), "doomed");
    // The heir gets nothing while the lease lives …
    EXPECT_FALSE(RunOneJob(*store_, heir));
    // … and the job once it expired.
    const int homepage_hits = server.RequestCount("/");
    Advance(6'000);
    auto rep = RunOneJob(*store_, heir);
    ASSERT_TRUE(rep);
    EXPECT_TRUE(rep->success) << rep->error;
    EXPECT_EQ(rep->scan_id, scan);
    EXPECT_EQ(rep->resumed_from_checkpoint, expect_checkpoint);
    if (expect_checkpoint) {
      EXPECT_EQ(server.RequestCount("/"), homepage_hits);  // no second crawl
    }
    EXPECT_EQ(store_->FindScanJob(rep->job_id)->attempts, 2);

    const Stored got = Of(unit, scan);
    EXPECT_EQ(got.pages, expected.pages);
    EXPECT_EQ(got.measure_rows, expected.measure_rows);  // each measure once
    for (const auto& [name, value] : expected.measures) {
      auto it = got.measures.find(name);
      EXPECT_TRUE(it != got.measures.end() && it->second == value)
          << name << ": uninterrupted " << value << " vs resumed "
          << (it == got.measures.end() ? "(missing)" : it->second);
    }
    EXPECT_EQ(got.measures.size(), expected.measures.size());
    EXPECT_EQ(got.findings, expected.findings);
    EXPECT_EQ(store_->FindScan(scan)->state, store::ScanState::kDone);
    EXPECT_FALSE(RunOneJob(*store_, heir));  // nothing left to run twice
  }

  static std::string UrlHost(const std::string& url) { return store::UrlHostKey(url); }
};

TEST_P(WorkerTest, KilledMidCrawlIsRedoneOnceAndMatchesUninterruptedScan) {
  KillAndResume("mid_crawl:3", false);
}

TEST_P(WorkerTest, KilledAfterCheckpointResumesWithoutCrawlingAgain) {
  KillAndResume("after_checkpoint", true);
}

TEST_P(WorkerTest, TwoWorkerProcessesShareTheQueuePolitely) {
  // Three sites, three jobs each (full, links, homepage): nine jobs.
  std::vector<std::unique_ptr<sample::Site>> sites;
  std::vector<std::unique_ptr<sample::Server>> servers;
  std::set<store::Id> scans;
  for (int i = 0; i < 3; ++i) {
    sites.push_back(std::make_unique<sample::Site>(sample::Site::Generate(SmallSite(20 + i))));
    servers.push_back(std::make_unique<sample::Server>(*sites.back(), QuickServer()));
    const std::string url = servers.back()->base_url() + "/";
    const store::Id unit = Unit("s" + std::to_string(i), url);
    for (const char* profile : {"full", "links", "homepage"})
      scans.insert(store_->EnqueueMonitorScan(admin, unit, url, profile, {}));
  }
  // The children use the system clock; so does this check from now on.
  const pid_t a = SpawnWorker(url_, "wa", "", std::nullopt);
  const pid_t b = SpawnWorker(url_, "wb", "", std::nullopt);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  for (pid_t p : {a, b}) {
    int status = 0;
    ASSERT_EQ(waitpid(p, &status, 0), p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  std::map<std::string, int> by_worker;
  for (store::Id s : scans) EXPECT_EQ(store_->FindScan(s)->state, store::ScanState::kDone);
  // Each job claimed once and completed once; per host, the claim→complete
  // intervals never overlap.
  struct Span {
    store::Millis from = 0, to = 0;
    std::string host, worker;
  };
  std::map<store::Id, Span> spans;
  for (const auto& e : store_->ListAudit("scan_job", std::nullopt, 10000)) {
    auto summary = nlohmann::json::parse(e.summary);
    if (e.action == "job.claim") {
      EXPECT_EQ(spans[*e.entity_id].worker, "") << "job claimed twice";
      spans[*e.entity_id].from = e.at;
      spans[*e.entity_id].host = summary["after"].value("host", "");
      spans[*e.entity_id].worker = e.actor;
      ++by_worker[e.actor];
    } else if (e.action == "job.complete") {
      spans[*e.entity_id].to = e.at;
    }
  }
  ASSERT_EQ(spans.size(), 9u);
  EXPECT_EQ(by_worker.size(), 2u) << "both workers should have taken jobs";
  for (const auto& [id, x] : spans)
    for (const auto& [id2, y] : spans)
      if (id < id2 && x.host == y.host) {
        EXPECT_TRUE(x.to <= y.from || y.to <= x.from)
            << "jobs " << id << " and " << id2 << " crawled " << x.host << " at once";
      }
}

// The loop `govscore serve` runs: several threads (one lease owner each) take
// the queued jobs; the first also runs the monitor, on the clock it is given.
TEST_P(WorkerTest, BackgroundWorkerThreadsRunJobsAndTheMonitorOnTheGivenClock) {
  std::vector<std::unique_ptr<sample::Site>> sites;
  std::vector<std::unique_ptr<sample::Server>> servers;
  std::vector<store::Id> units, scans;
  for (int i = 0; i < 2; ++i) {
    sites.push_back(std::make_unique<sample::Site>(sample::Site::Generate(SmallSite(40 + i))));
    servers.push_back(std::make_unique<sample::Server>(*sites.back(), QuickServer()));
    const std::string url = servers.back()->base_url() + "/";
    units.push_back(Unit("bg" + std::to_string(i), url));
    scans.push_back(store_->EnqueueMonitorScan(admin, units.back(), url, "links", {}));
  }
  store::MonitorSchedule daily;
  daily.unit_id = units[0];
  daily.regime = store::Regime::kDaily;
  daily.next_due_at = now();
  store_->SaveSchedule(admin, daily);

  monitor::ManualClock clock(now());
  WorkerOptions o = ChildOptions("bg", "");
  o.run_schedules = true;
  o.monitor.worker = "bg";
  o.monitor.probe.network.loopback_only = true;
  BackgroundWorker bg(url_, o, &clock, 2);
  EXPECT_EQ(bg.threads(), 2);
  bg.Wake();
  auto done = [&] {
    for (store::Id s : scans)
      if (store_->FindScan(s)->state != store::ScanState::kDone) return false;
    return store_->ListProbes(units[0], 0, clock.Now() + 1).size() == 1u;
  };
  for (int i = 0; i < 600 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  bg.Stop();
  ASSERT_TRUE(done());
  const auto probes = store_->ListProbes(units[0], 0, clock.Now() + 1);
  EXPECT_TRUE(probes[0].ok) << probes[0].error;
  EXPECT_EQ(probes[0].at, clock.Now());  // the given clock, not the system's
  EXPECT_EQ(probes[0].worker, "bg");
  std::set<std::string> owners;
  for (const store::AuditEntry& e : store_->ListAudit("scan_job", std::nullopt, 100))
    if (e.action == "job.claim") owners.insert(e.actor);
  for (const std::string& owner : owners) EXPECT_TRUE(owner == "bg" || owner == "bg#2") << owner;
  EXPECT_GE(owners.size(), 1u);
  for (auto& server : servers)
    EXPECT_FALSE(store_->HostLeaseOwner(UrlHost(server->base_url() + "/")));
}

// The store's test clock as a monitor::Clock.
class TestClock final : public monitor::Clock {
 public:
  explicit TestClock(std::shared_ptr<std::atomic<store::Millis>> t) : t_(std::move(t)) {}
  store::Millis Now() const override { return t_->load(); }

 private:
  std::shared_ptr<std::atomic<store::Millis>> t_;
};

// 季普查 unattended, on the store's controllable clock: a quarterly schedule
// fires in the monitor round of a worker pass, the worker runs the queued
// "quarterly" scan with the national checklist (and its error dictionary), and
// stores the unit's quarterly result right after the job — once, however many
// workers pass afterwards. A planted dictionary error makes its unit 不合格
// (严重表述错误); the same site without it does not name one. A quarterly scan whose
// worker did not run the step is caught up by the next monitor round.
TEST_P(WorkerTest, QuarterlyScheduleRunsTheChecklistAndStoresTheResultOnce) {
  const Date as_of = Date::FromYmd(2020, 6, 30);
  *clock_ = monitor::ChinaMidnight(as_of) + 9 * monitor::kHourMs;
  TestClock clock(clock_);
  const std::string term = "国务院办工厅";  // misspelt 国务院办公厅
  sample::ChecklistSiteOptions so;
  so.as_of = as_of;
  so.messages = {{Date::FromYmd(2020, 6, 1), Date::FromYmd(2020, 6, 3)}};
  so.planted_terms = {term};
  sample::StaticSiteServer bad_site(sample::ChecklistSite::Generate(so).files());
  so.planted_terms.clear();
  sample::StaticSiteServer good_site(sample::ChecklistSite::Generate(so).files());
  const store::Id bad = Unit("bad", bad_site.base_url() + "/");
  const store::Id good = Unit("good", good_site.base_url() + "/");
  for (store::Id u : {bad, good}) {
    store::MonitorSchedule q;
    q.unit_id = u;
    q.regime = store::Regime::kQuarterly;
    q.next_due_at = now();
    store_->SaveSchedule(admin, q);
  }
  checklist::Dictionary d;
  d.entries.push_back({term, true, "错别字", "国务院办公厅", "", {}});
  WorkerOptions o = ChildOptions("w1", "");
  o.run_schedules = true;
  o.clock = &clock;
  o.scan.host_delay_ms = 0;
  o.dictionary = std::make_shared<checklist::DictionaryMatcher>(std::move(d));
  o.monitor.worker = "w1";
  o.monitor.probe.network.loopback_only = true;
  o.frameworks_dir = std::string(GOVSCORE_SOURCE_DIR) + "/frameworks";

  monitor::Monitor mon(*store_, clock, o.monitor);
  PassReport pass = RunPass(*store_, &mon, o);
  EXPECT_EQ(pass.monitor.schedules_fired, 2);
  ASSERT_EQ(pass.jobs.size(), 2u);
  for (const JobReport& j : pass.jobs) {
    EXPECT_TRUE(j.success) << j.error;
    EXPECT_EQ(j.profile, "quarterly");
    EXPECT_EQ(j.quarterly_results, 1);
  }
  EXPECT_EQ(pass.quarterly_results, 2);

  std::map<store::Id, checklist::QuarterlyResult> result;
  for (store::Id u : {bad, good}) {
    const store::Unit unit = *store_->FindUnit(u);
    const auto stored = checklist::LoadQuarterlyResults(*store_, unit);
    ASSERT_EQ(stored.size(), 1u) << unit.code;
    result[u] = stored[0];
    EXPECT_EQ(stored[0].period, "2020Q2");  // the clock's date, not the system's
    EXPECT_EQ(stored[0].as_of, "2020-06-30");
    // The stored scan carries the checklist measures, and the platform stores them.
    const auto scans = store_->ListProfileScans(u, "quarterly", 10);
    ASSERT_EQ(scans.size(), 1u);
    const auto doc = nlohmann::json::parse(*store_->FindScan(scans[0].id, true)->document_json);
    ASSERT_TRUE(doc.contains("checklist")) << unit.code;
    EXPECT_EQ(doc["checklist"]["messages"], 1);
    EXPECT_EQ(doc["checklist"]["dictionary_entries"], 1);
    EXPECT_EQ(doc["checklist"]["dictionary_errors"], u == bad ? 1 : 0);
    std::set<std::string> names;
    for (const auto& m : store_->ListMeasures(u, scans[0].id)) names.insert(m.name);
    EXPECT_TRUE(names.count("errors.serious")) << unit.code;
    EXPECT_TRUE(names.count("interaction.reply_workdays")) << unit.code;
  }
  auto named = [](const checklist::QuarterlyResult& r, const std::string& what) {
    for (const std::string& reason : r.reasons)
      if (reason.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_EQ(result[bad].verdict, checklist::Verdict::kFail);
  auto reasons = [](const checklist::QuarterlyResult& r) {
    std::string out;
    for (const std::string& x : r.reasons) out += x + " | ";
    return out;
  };
  EXPECT_TRUE(named(result[bad], "严重表述错误")) << reasons(result[bad]);
  EXPECT_FALSE(named(result[good], "严重表述错误")) << reasons(result[good]);

  // More passes, by this worker and another, later: nothing stored again.
  Advance(o.quarterly_sweep_ms + 1);
  WorkerOptions o2 = o;
  o2.name = o2.monitor.worker = "w2";
  monitor::Monitor mon2(*store_, clock, o2.monitor);
  EXPECT_EQ(RunPass(*store_, &mon2, o2).quarterly_results, 0);
  EXPECT_EQ(RunPass(*store_, &mon, o).quarterly_results, 0);
  int saves = 0;
  for (const auto& e : store_->ListAudit("quarterly_result", std::nullopt, 100))
    if (e.action == "quarterly.save") ++saves;
  EXPECT_EQ(saves, 2);

  // A quarterly scan completed by a worker that did not run the step (killed
  // right after the job): the next monitor round past the sweep interval
  // stores its result.
  WorkerOptions no_step = o;
  no_step.quarterly_step = false;
  no_step.run_schedules = false;
  store_->EnqueueMonitorScan(admin, good, good_site.base_url() + "/", "quarterly", {});
  PassReport jobs_only = RunPass(*store_, nullptr, no_step);
  ASSERT_EQ(jobs_only.jobs.size(), 1u);
  EXPECT_TRUE(jobs_only.jobs[0].success) << jobs_only.jobs[0].error;
  EXPECT_EQ(jobs_only.quarterly_results, 0);
  // The last sweep (w2's) was less than its interval ago: none yet.
  EXPECT_EQ(RunPass(*store_, &mon2, o2).quarterly_results, 0);
  Advance(o.quarterly_sweep_ms + 1);
  EXPECT_EQ(RunPass(*store_, &mon2, o2).quarterly_results, 1);
  const auto again = store_->ListQuarterlyResults(good);
  ASSERT_EQ(again.size(), 1u);  // one per quarter: the newer scan's result replaced it
  EXPECT_EQ(again[0].scan_id, store_->ListProfileScans(good, "quarterly", 1)[0].id);
}

GOVSCORE_STORE_TEST_SUITE(WorkerTest);

}  // namespace
}  // namespace govscore::worker

// Mid-crawl checkpoints on both backends, with real worker processes (this
// test executable re-executed as a worker, see ResumeProcess.Child): a worker
// killed with SIGKILL at an arbitrary moment of its crawl, or inside the
// transaction that stores a checkpoint batch, is replaced after its lease
// expires by one that replays the stored crawl log and crawls on from there.
// The stored scan then equals an uninterrupted scan of the same site —
// document (with the national checklist's measures), measures, findings — and
// what the log held was not fetched again.
#include <gmock/gmock.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "sample/site.h"
#include "store/store_test_support.h"
#include "worker/worker.h"

extern char** environ;

namespace govscore::worker {
namespace {

WorkerOptions Options(const std::string& name) {
  WorkerOptions o;
  o.name = name;
  o.lease_ms = 5'000;
  o.heartbeat_s = 0.2;
  o.scan.loopback_only = true;
  o.scan.timeout_s = 3;
  o.scan.connect_timeout_s = 2;
  o.scan.retries = 1;
  o.scan.parse_threads = 1;
  o.scan.host_delay_ms = 10;  // slow enough to be killed mid-crawl
  o.run_schedules = false;
  o.checkpoint_every_pages = 4;
  // Batches of 4 pages (the first holds the homepage, which the heir must
  // then not fetch again).
  o.checkpoint_every_s = 60;
  return o;
}

// A worker process: runs jobs until the queue stays empty for a second.
// Environment: GOVSCORE_RESUME_CHILD_DB (store URL), _NAME, _NOW (the test
// clock), _CRASH (WorkerOptions::crash_at, or "in_log:N": SIGKILL inside the
// Nth crawl log transaction, before its commit).
TEST(ResumeProcess, Child) {
  const char* db = std::getenv("GOVSCORE_RESUME_CHILD_DB");
  if (!db) return;  // a normal run of the tests: nothing to do here
  const char* name = std::getenv("GOVSCORE_RESUME_CHILD_NAME");
  const std::string crash = std::getenv("GOVSCORE_RESUME_CHILD_CRASH");
  monitor::ManualClock clock(std::atoll(std::getenv("GOVSCORE_RESUME_CHILD_NOW")));
  store::Store::Options so;
  so.clock = clock.AsFunction();
  if (crash.rfind("in_log:", 0) == 0) {
    const int at = std::atoi(crash.c_str() + 7);
    auto calls = std::make_shared<int>(0);
    so.fault_hook = [at, calls](const char* point) {
      if (std::string_view(point) == "crawl_log.insert" && ++*calls == at) raise(SIGKILL);
    };
  }
  auto store = store::OpenStore(db, so);
  WorkerOptions o = Options(name);
  if (crash.rfind("in_log:", 0) != 0) o.crash_at = crash;
  for (int idle = 0; idle < 10;) {
    if (!RunOneJob(*store, o)) {
      ++idle;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

pid_t Spawn(const std::string& db, const std::string& name, const std::string& crash,
            store::Millis now) {
  std::vector<std::string> env_strings = {
      "GOVSCORE_RESUME_CHILD_DB=" + db, "GOVSCORE_RESUME_CHILD_NAME=" + name,
      "GOVSCORE_RESUME_CHILD_CRASH=" + crash, "GOVSCORE_RESUME_CHILD_NOW=" + std::to_string(now)};
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("GOVSCORE_RESUME_CHILD", 0) != 0) env_strings.push_back(*e);
  std::vector<char*> env;
  for (auto& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::string self = "/proc/self/exe", filter = "--gtest_filter=ResumeProcess.Child";
  char* argv[] = {self.data(), filter.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, env.data()) != 0) return -1;
  return pid;
}

// `v` with every array sorted: the crawl's page order varies between runs
// (parallel fetches), the set of items does not.
nlohmann::json Sorted(nlohmann::json v) {
  if (v.is_object())
    for (auto& [k, x] : v.items()) x = Sorted(x);
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (auto& x : v) parts.push_back(Sorted(x).dump());
    std::sort(parts.begin(), parts.end());
    v = nlohmann::json::array();
    for (auto& p : parts) v.push_back(nlohmann::json::parse(p));
  }
  return v;
}

// The stored document without what differs between two crawls of one site:
// timing, fetches made, curl's timeout wording, the first URL a trap refused,
// and the order of lists.
nlohmann::json Canonical(const std::string& document) {
  nlohmann::json j = nlohmann::json::parse(document);
  for (const char* k : {"seconds", "pages_per_second", "requests", "bytes"}) j["summary"].erase(k);
  j.erase("started_at");
  for (auto& l : j["links"])
    if (l.contains("detail"))
      l["detail"] = std::regex_replace(l["detail"].get<std::string>(), std::regex("[0-9]+"), "#");
  for (auto& t : j["findings"]["traps"]) t.erase("example");
  // The search probe tries the first crawled articles, and a function entry
  // names the first page found carrying it: crawl order.
  for (const char* k : {"query", "article", "url"}) j["site_facts"]["search_probe"].erase(k);
  for (auto& [key, f] : j["site_facts"]["functions"].items())
    if (f.is_object()) f.erase("page");
  // Two URLs redirecting to one page (an old address and the new one): the
  // first fetched is parsed and names the page, the other is a redirect —
  // which one depends on timing. Pages, sources and hits go by final URL.
  std::map<std::string, std::string> final_of;
  for (auto& page : j["pages"]) {
    if (!page.contains("final_url")) continue;
    final_of[page["url"].get<std::string>()] = page["final_url"].get<std::string>();
    page["url"] = page["final_url"];
    page.erase("final_url");
    page.erase("depth");
  }
  auto by_final = [&](nlohmann::json& v) {
    if (!v.is_string()) return;
    auto it = final_of.find(v.get<std::string>());
    if (it != final_of.end()) v = it->second;
  };
  for (auto& l : j["links"]) by_final(l["source"]);
  for (auto& h : j["privacy"]) by_final(h["url"]);
  return Sorted(j);
}

// What only one of two sets holds (gtest prints the first 32 elements of each).
std::string Difference(const std::set<std::string>& got, const std::set<std::string>& expected) {
  std::string out;
  for (const std::string& g : got)
    if (!expected.count(g)) out += "\n  resumed only: " + g.substr(0, 600);
  for (const std::string& e : expected)
    if (!got.count(e)) out += "\n  reference only: " + e.substr(0, 600);
  return out;
}

class ResumeTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    sample::SiteOptions so;
    so.articles = 60;
    so.seed = 5;
    so.as_of = *Date::Parse("2024-06-30");
    so.traps = false;
    site_ = std::make_unique<sample::Site>(sample::Site::Generate(so));
    sample::ServerOptions server;
    server.slow_delay = std::chrono::milliseconds(3500);
    server.threads = 8;
    server_ = std::make_unique<sample::Server>(*site_, server);
    url_site_ = server_->base_url() + "/";
  }
  void TearDown() override {
    server_.reset();
    StoreTest::TearDown();
  }

  store::Id Unit(const std::string& code) {
    store::Unit u;
    u.code = code;
    u.name = code + "市人民政府";
    u.kind = "设区市";
    u.websites = {url_site_};
    return store_->CreateUnit(admin, u);
  }

  struct Stored {
    nlohmann::json document;
    std::set<std::string> measures;  // name + canonical value
    std::set<std::string> findings;
  };
  Stored Of(store::Id unit, store::Id scan) {
    Stored s;
    auto found = store_->FindScan(scan, /*with_document=*/true);
    EXPECT_TRUE(found && found->document_json);
    if (found && found->document_json) s.document = Canonical(*found->document_json);
    for (const auto& m : store_->ListMeasures(unit, scan)) {
      s.measures.insert(m.name + "=" + Sorted(nlohmann::json::parse(m.value_json)).dump());
    }
    for (const auto& f : store_->ListFindings(unit)) s.findings.insert(f.key);
    return s;
  }

  // An uninterrupted scan of the site (by a worker in this process).
  void Reference() {
    // Warm the site's one-time answers (/flaky/ 503 once, /busy/ 429 once).
    const store::Id warm = Unit("warm");
    store_->EnqueueMonitorScan(admin, warm, url_site_, "full", {});
    ASSERT_TRUE(RunOneJob(*store_, Options("ref")));
    const store::Id unit = Unit("ref");
    const store::Id scan = store_->EnqueueMonitorScan(admin, unit, url_site_, "full", {});
    const int before = server_->TotalRequests();
    auto rep = RunOneJob(*store_, Options("ref"));
    ASSERT_TRUE(rep && rep->success) << (rep ? rep->error : "no job");
    reference_requests_ = server_->TotalRequests() - before;
    expected_ = Of(unit, scan);
    ASSERT_GT(expected_.document["summary"].value("pages", 0), 60);
    ASSERT_GT(expected_.measures.size(), 5u);
    ASSERT_FALSE(expected_.findings.empty());
    EXPECT_EQ(store_->CrawlLogSize(scan).first, 0) << "the log outlived the scan";
  }

  // Waits for a worker process; true when SIGKILL ended it.
  static bool Killed(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return false;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

  // The heir claims the dead worker's job once its lease expired, resumes
  // the crawl from the log and stores a scan equal to the reference.
  void HeirCompletes(store::Id unit, store::Id scan, int64_t batches) {
    EXPECT_EQ(store_->FindScan(scan)->state, store::ScanState::kRunning);
    EXPECT_TRUE(store_->ListMeasures(unit, scan).empty());
    EXPECT_FALSE(store_->LatestCheckpoint(scan).has_value());
    EXPECT_FALSE(RunOneJob(*store_, Options("heir")));  // the lease still lives
    Advance(6'000);
    const int homepage = server_->RequestCount("/");
    const int before = server_->TotalRequests();
    auto rep = RunOneJob(*store_, Options("heir"));
    ASSERT_TRUE(rep);
    EXPECT_TRUE(rep->success) << rep->error;
    EXPECT_EQ(rep->scan_id, scan);
    EXPECT_FALSE(rep->resumed_from_checkpoint);
    EXPECT_EQ(rep->resumed_log_batches, batches);
    EXPECT_GT(rep->resumed_log_pages, 0);
    // The homepage was in the log: neither resolved nor crawled again.
    EXPECT_EQ(server_->RequestCount("/"), homepage);
    EXPECT_LT(server_->TotalRequests() - before, reference_requests_);
    Stored got = Of(unit, scan);
    // The national checklist's findings of the replayed pages (never parsed
    // again) came back from the journal stored with the log; apart from
    // saying so, the document equals the uninterrupted scan's.
    ASSERT_TRUE(got.document.contains("checklist"));
    EXPECT_GT(got.document["checklist"].value("resumed_pages", 0), 0);
    got.document["checklist"].erase("resumed_pages");
    EXPECT_TRUE(got.document == expected_.document)
        << nlohmann::json::diff(expected_.document, got.document).dump().substr(0, 800);
    EXPECT_EQ(got.measures, expected_.measures) << Difference(got.measures, expected_.measures);
    EXPECT_EQ(got.findings, expected_.findings) << Difference(got.findings, expected_.findings);
    EXPECT_EQ(store_->FindScan(scan)->state, store::ScanState::kDone);
    EXPECT_EQ(store_->CrawlLogSize(scan).first, 0);  // dropped with the job done
    EXPECT_FALSE(RunOneJob(*store_, Options("heir")));
  }

  std::unique_ptr<sample::Site> site_;
  std::unique_ptr<sample::Server> server_;
  std::string url_site_;
  int reference_requests_ = 0;
  Stored expected_;
};

TEST_P(ResumeTest, KilledFromOutsideMidCrawlResumesFromTheStoredLog) {
  Reference();
  if (HasFatalFailure()) return;
  const store::Id unit = Unit("crash");
  const store::Id scan = store_->EnqueueMonitorScan(admin, unit, url_site_, "full", {});
  const pid_t pid = Spawn(url_, "doomed", "", now());
  ASSERT_GT(pid, 0);
  // kill -9 at whatever moment the third batch is seen stored.
  int64_t batches = 0;
  for (int i = 0; i < 3000 && batches < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    batches = store_->CrawlLogSize(scan).first;
  }
  ASSERT_GE(batches, 3) << "no checkpoint batches were stored";
  kill(pid, SIGKILL);
  ASSERT_TRUE(Killed(pid));
  const auto size = store_->CrawlLogSize(scan);
  EXPECT_GE(size.first, 3);
  EXPECT_LT(size.second, expected_.document["summary"].value("pages", 0))
      << "killed too late: the crawl had ended";
  HeirCompletes(unit, scan, size.first);
}

TEST_P(ResumeTest, KilledInsideALogWriteLosesOnlyThatBatchAndResumesTwice) {
  Reference();
  if (HasFatalFailure()) return;
  const store::Id unit = Unit("crash");
  const store::Id scan = store_->EnqueueMonitorScan(admin, unit, url_site_, "full", {});
  // Killed inside the third batch's transaction: two batches stay, whole.
  const pid_t first = Spawn(url_, "doomed", "in_log:3", now());
  ASSERT_GT(first, 0);
  ASSERT_TRUE(Killed(first));
  EXPECT_EQ(store_->CrawlLogSize(scan).first, 2);
  for (const auto& b : store_->ReadCrawlLog(scan, 0, 10)) EXPECT_EQ(b.worker, "doomed");
  // A second worker resumes it and is killed inside its second batch's
  // transaction: its first batch continues the log.
  Advance(6'000);
  const pid_t second = Spawn(url_, "doomed2", "in_log:2", now());
  ASSERT_GT(second, 0);
  ASSERT_TRUE(Killed(second));
  const auto log = store_->ReadCrawlLog(scan, 0, 10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].seq, 3);
  EXPECT_EQ(log[2].worker, "doomed2");
  HeirCompletes(unit, scan, 3);
}

TEST_P(ResumeTest, ALostLeaseStopsTheLog) {
  const store::Id unit = Unit("lease");
  const store::Id scan = store_->EnqueueMonitorScan(admin, unit, url_site_, "full", {});
  auto job = store_->ClaimScanJobPolitely("w1", 5'000);
  ASSERT_TRUE(job);
  EXPECT_TRUE(store_->AppendCrawlLog(job->id, "w1", "gcl1:AAAA", 1));
  EXPECT_FALSE(store_->AppendCrawlLog(job->id, "w2", "gcl1:BBBB", 1));  // not the owner
  Advance(6'000);
  store_->RequeueExpiredLeases();
  EXPECT_FALSE(store_->AppendCrawlLog(job->id, "w1", "gcl1:CCCC", 1));  // lease gone
  const auto log = store_->ReadCrawlLog(scan, 0, 10);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].events, "gcl1:AAAA");
  EXPECT_EQ(store_->ReadCrawlLog(scan, 1, 10).size(), 0u);
  store_->DeleteCrawlLog(scan);
  EXPECT_EQ(store_->CrawlLogSize(scan), std::make_pair(int64_t{0}, int64_t{0}));
}

GOVSCORE_STORE_TEST_SUITE(ResumeTest);

}  // namespace
}  // namespace govscore::worker

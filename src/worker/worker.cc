#include "worker/worker.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "checklist/quarterly_step.h"
#include "checklist/scan.h"
#include "output/scan_json.h"
#include "platform/scan_results.h"

namespace govscore::worker {

std::string DefaultWorkerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  return std::string(host) + ":" + std::to_string(getpid());
}

ScanOptions ProfileScanOptions(const ScanOptions& base, const std::string& profile) {
  ScanOptions so = base;
  if (profile == "links") {
    so.max_depth = 1;
  } else if (profile == "homepage") {
    so.max_pages = 1;
    so.max_depth = 1;
    so.check_external = false;
    so.scan_attachments = false;
    so.soft404_probe = false;
  }
  return so;
}

namespace {

bool Stopping(const WorkerOptions& o) { return o.stop && o.stop(); }

bool ChecklistProfile(const std::string& profile) {
  return profile == "full" || profile == "quarterly";
}

std::string ProgressJson(const ScanProgress& p) {
  return nlohmann::json{{"pages_done", p.pages_done},   {"links_checked", p.links_checked},
                        {"queued", p.queued},           {"in_flight", p.in_flight},
                        {"errors", p.errors},           {"elapsed_s", p.elapsed_s},
                        {"pages_per_s", p.pages_per_s}, {"final", p.final}}
      .dump();
}

int CrashAfterReports(const std::string& crash_at) {
  if (crash_at.rfind("mid_crawl:", 0) != 0) return -1;
  return std::atoi(crash_at.c_str() + 10);
}

int CrashAfterLogBatches(const std::string& crash_at) {
  if (crash_at.rfind("after_log:", 0) != 0) return -1;
  return std::atoi(crash_at.c_str() + 10);
}

// Steps 1 and 2 of a claimed job (see worker.h). Throws on failure.
void RunJob(store::Store& store, const WorkerOptions& options, const store::ScanJob& job,
            const store::Actor& actor, JobReport& rep) {
  auto scan = store.FindScan(job.scan_id);
  if (!scan) throw Error("the job's scan no longer exists", "scan " + std::to_string(job.scan_id));
  auto unit = store.FindUnit(scan->unit_id);
  if (!unit) throw Error("the scan's unit no longer exists", "scan " + std::to_string(scan->id));

  nlohmann::json doc;
  if (auto cp = store.LatestCheckpoint(scan->id)) {
    auto state = nlohmann::json::parse(cp->frontier_state, nullptr, false);
    if (state.is_object() && state.value("phase", "") == "crawled" && state.contains("document")) {
      doc = std::move(state["document"]);
      rep.resumed_from_checkpoint = true;
    }
  }
  if (!rep.resumed_from_checkpoint) {
    store.StartScan(actor, scan->id);
    ScanOptions so = ProfileScanOptions(options.scan, job.profile);
    so.start_url = scan->site_url;
    so.as_of = options.clock ? monitor::ChinaDate(options.clock->Now()) : Date::TodayInChina();
    if (scan->campaign_id)
      if (auto c = store.FindCampaign(*scan->campaign_id)) so.as_of = c->as_of;
    so.progress_interval_s = std::min(so.progress_interval_s, options.heartbeat_s);
    const int crash_after = CrashAfterReports(options.crash_at);
    int reports = 0;
    auto last = std::chrono::steady_clock::now() - std::chrono::hours(1);
    // The crawl log's batches are stored from the crawl's writer thread, the
    // progress from the crawl thread: one store, one at a time.
    std::mutex store_mu;
    if (options.checkpoints) {
      const int crash_after_log = CrashAfterLogBatches(options.crash_at);
      auto stored = std::make_shared<int>(0);
      so.checkpoint_every_pages = options.checkpoint_every_pages;
      so.checkpoint_every_s = options.checkpoint_every_s;
      so.checkpoint_sink = [&store, &store_mu, &options, job, stored, crash_after_log](
                               const std::string& batch, size_t pages) {
        std::lock_guard<std::mutex> lock(store_mu);
        if (!store.AppendCrawlLog(job.id, options.name, batch, static_cast<int64_t>(pages)))
          return false;
        if (crash_after_log >= 0 && ++*stored >= crash_after_log) raise(SIGKILL);  // test hook
        return true;
      };
      const auto size = store.CrawlLogSize(scan->id);
      if (size.first > 0) {
        rep.resumed_log_batches = size.first;
        rep.resumed_log_pages = size.second;
        auto after = std::make_shared<int64_t>(0);
        auto buffer = std::make_shared<std::vector<store::CrawlLogBatch>>();
        const store::Id scan_id = scan->id;
        so.resume_source = [&store, &store_mu, scan_id, after,
                            buffer]() -> std::optional<std::string> {
          if (buffer->empty()) {
            std::lock_guard<std::mutex> lock(store_mu);
            *buffer = store.ReadCrawlLog(scan_id, *after, 16);
            std::reverse(buffer->begin(), buffer->end());
          }
          if (buffer->empty()) return std::nullopt;
          std::string events = std::move(buffer->back().events);
          *after = buffer->back().seq;
          buffer->pop_back();
          return events;
        };
        so.checkpoint_discard = [&store, &store_mu, scan_id, &rep] {
          std::lock_guard<std::mutex> lock(store_mu);
          store.DeleteCrawlLog(scan_id);
          rep.resumed_log_batches = rep.resumed_log_pages = 0;
        };
      }
    }
    // The national checklist reads every parsed page; its findings travel
    // with the crawl log's batches (WrapCheckpoints), so a resumed crawl
    // restores what the replayed pages contributed.
    std::unique_ptr<checklist::ChecklistScanHook> hook;
    if (options.checklist && ChecklistProfile(job.profile)) {
      checklist::ChecklistScanOptions co;
      co.dictionary = options.dictionary;
      hook = std::make_unique<checklist::ChecklistScanHook>(so, co);
      hook->WrapCheckpoints(so);
    }
    so.progress = [&](const ScanProgress& p) {
      if (crash_after >= 0 && ++reports >= crash_after) raise(SIGKILL);  // test hook
      const auto now = std::chrono::steady_clock::now();
      if (!p.final && now - last < std::chrono::duration<double>(options.heartbeat_s)) return;
      last = now;
      std::lock_guard<std::mutex> lock(store_mu);
      store.UpdateScanProgress(scan->id, ProgressJson(p));
      if (!store.HeartbeatScanJobAndHost(job.id, job.host, options.name, options.lease_ms))
        rep.lease_lost = true;
    };
    const ScanReport report = RunScan(so);
    if (rep.lease_lost) return;  // another worker owns the job now; store nothing
    doc = ScanToJson(report);
    if (hook) hook->Embed(doc, report);
    // Step 1: the crawl is not lost any more, whatever happens next.
    if (!store.SaveCheckpoint(job.id, options.name,
                              nlohmann::json{{"phase", "crawled"}, {"document", doc}}.dump(), {})) {
      rep.lease_lost = true;
      return;
    }
    if (options.crash_at == "after_checkpoint") raise(SIGKILL);  // test hook
    store.DeleteCrawlLog(scan->id);  // the document supersedes the crawl log
  }

  // Step 2: everything in one transaction.
  store::ScanJobResults results;
  results.summary_json = doc.value("summary", nlohmann::json::object()).dump();
  results.document_json = doc.dump();
  results.measures = platform::MeasuresOfScan(doc, *unit, scan->id);
  // Only a scan of the whole site may confirm fixes (a homepage or links
  // scan does not see most findings).
  results.record_findings = ChecklistProfile(job.profile) && platform::ScanCoveredSite(doc);
  if (results.record_findings) results.findings = platform::FindingsOfScan(doc);
  auto update = store.CompleteScanJobWithResults(job.id, options.name, job.host, actor, results);
  if (!update) {
    rep.lease_lost = true;
    return;
  }
  rep.measures = static_cast<int>(results.measures.size());
  rep.findings = *update;
}

// 季普查 (checklist/quarterly_step.h). The step of a unit runs under the
// store lease "#quarterly:<unit id>" (never a site host), so two processes
// never score one unit at once; RunUnitQuarterly skips a scan whose result is
// stored, so each quarterly scan's result is stored exactly once.
int QuarterlyStepOfUnit(store::Store& store, const WorkerOptions& options, const store::Unit& unit,
                        std::string* error) {
  const std::string lease = "#quarterly:" + std::to_string(unit.id);
  if (!store.TakeHostLease(lease, options.name, 10 * 60 * 1000)) return 0;
  int stored = 0;
  try {
    checklist::QuarterlyStepOptions qo;
    qo.frameworks_dir = options.frameworks_dir;
    if (checklist::RunUnitQuarterly(store, {std::nullopt, "worker:" + options.name}, unit, qo))
      stored = 1;
  } catch (const std::exception& e) {
    if (error) *error = unit.code + ": " + e.what();
  }
  store.ReleaseHostLease(lease, options.name);
  return stored;
}

}  // namespace

int RunQuarterlyStep(store::Store& store, const WorkerOptions& options,
                     std::vector<std::string>* errors) {
  int stored = 0;
  for (const store::Unit& unit : store.ListUnits()) {
    std::string error;
    stored += QuarterlyStepOfUnit(store, options, unit, &error);
    if (!error.empty() && errors) errors->push_back(std::move(error));
  }
  return stored;
}

std::optional<JobReport> RunOneJob(store::Store& store, const WorkerOptions& options,
                                   monitor::Monitor* monitor) {
  auto job = store.ClaimScanJobPolitely(options.name, options.lease_ms);
  if (!job) return std::nullopt;
  const store::Actor actor{std::nullopt, "worker:" + options.name};
  JobReport rep;
  rep.job_id = job->id;
  rep.scan_id = job->scan_id;
  rep.profile = job->profile;
  rep.host = job->host;
  try {
    RunJob(store, options, *job, actor, rep);
    rep.success = !rep.lease_lost;
  } catch (const std::exception& e) {
    rep.error = e.what();
    try {
      if (!store.CompleteScanJob(job->id, options.name, false, rep.error)) {
        rep.lease_lost = true;
      } else {
        auto after = store.FindScanJob(job->id);
        if (after && after->state == store::JobState::kFailed)
          store.FinishScan(actor, job->scan_id, store::ScanState::kFailed, std::nullopt,
                           std::nullopt, rep.error);
        else
          store.UpdateScanProgress(job->scan_id,
                                   nlohmann::json{{"retrying", true}, {"error", rep.error}}.dump());
      }
      if (!job->host.empty()) store.ReleaseHostLease(job->host, options.name);
    } catch (const std::exception& inner) {
      rep.error += std::string("; then: ") + inner.what();
    }
  }
  if (rep.success && rep.profile == "quarterly" && options.quarterly_step) {
    std::optional<store::Unit> unit;
    if (auto scan = store.FindScan(rep.scan_id)) unit = store.FindUnit(scan->unit_id);
    if (unit) {
      std::string error;
      rep.quarterly_results = QuarterlyStepOfUnit(store, options, *unit, &error);
      if (!error.empty())
        std::fprintf(stderr, "govscore worker %s: 季普查 %s\n", options.name.c_str(),
                     error.c_str());
    }
  }
  if (rep.success && monitor) {
    if (auto scan = store.FindScan(rep.scan_id)) {
      monitor::TickResult ignored;
      try {
        monitor->EvaluateUnit(scan->unit_id, ignored);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "govscore worker %s: alerts of scan %lld: %s\n", options.name.c_str(),
                     static_cast<long long>(rep.scan_id), e.what());
      }
    }
  }
  return rep;
}

PassReport RunPass(store::Store& store, monitor::Monitor* monitor, const WorkerOptions& options) {
  PassReport pass;
  store.RequeueExpiredLeases();
  if (monitor && options.run_schedules) {
    pass.monitor = monitor->Tick();
    // Catch-up of the 季普查 step (a worker killed between a quarterly job and
    // its step): every unit, at most once per quarterly_sweep_ms over all
    // processes (the "#quarterly-sweep" lease is kept until it expires).
    if (options.quarterly_step && !store.HostLeaseOwner("#quarterly-sweep") &&
        store.TakeHostLease("#quarterly-sweep", options.name, options.quarterly_sweep_ms)) {
      std::vector<std::string> errors;
      pass.quarterly_results += RunQuarterlyStep(store, options, &errors);
      for (const std::string& e : errors)
        std::fprintf(stderr, "govscore worker %s: 季普查 %s\n", options.name.c_str(), e.c_str());
    }
  }
  while (!Stopping(options)) {
    auto rep = RunOneJob(store, options, monitor);
    if (!rep) break;
    pass.quarterly_results += rep->quarterly_results;
    pass.jobs.push_back(std::move(*rep));
  }
  return pass;
}

namespace {

void LogPass(const WorkerOptions& options, const PassReport& pass) {
  for (const JobReport& j : pass.jobs)
    std::fprintf(stderr, "govscore worker %s: job %lld scan %lld (%s, %s) %s%s%s\n",
                 options.name.c_str(), static_cast<long long>(j.job_id),
                 static_cast<long long>(j.scan_id), j.profile.c_str(), j.host.c_str(),
                 j.success      ? "done"
                 : j.lease_lost ? "lease lost"
                                : "failed: ",
                 j.success ? "" : j.error.c_str(),
                 j.resumed_from_checkpoint ? " (resumed from checkpoint)" : "");
  if (pass.quarterly_results > 0)
    std::fprintf(stderr, "govscore worker %s: %d 季普查 results stored\n", options.name.c_str(),
                 pass.quarterly_results);
  const auto& m = pass.monitor;
  if (m.schedules_fired || m.alerts_raised || m.webhooks_sent || m.webhooks_failed ||
      m.probes_deferred || m.probes_skipped)
    std::fprintf(stderr,
                 "govscore worker %s: %d schedules fired, %d probes (%d failed, %d waiting for "
                 "a crawled host, %d skipped), %d scans queued, %d alerts raised, %d resolved, "
                 "webhooks %d sent %d failed\n",
                 options.name.c_str(), m.schedules_fired, m.probes, m.probes_failed,
                 m.probes_deferred, m.probes_skipped, m.scans_enqueued, m.alerts_raised,
                 m.alerts_resolved, m.webhooks_sent, m.webhooks_failed);
}

// The loop of RunWorker and BackgroundWorker; `sleep(seconds)` waits (and may
// return early).
int Loop(const std::string& store_url, const WorkerOptions& given, const monitor::Clock& clock,
         const std::function<void(double)>& sleep) {
  WorkerOptions options = given;
  options.clock = &clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<monitor::Monitor> mon;
  int jobs = 0;
  while (!Stopping(options)) {
    bool idle = true;
    try {
      if (!store) {
        store::Store::Options so;
        so.clock = clock.AsFunction();
        store = store::OpenStore(store_url, so);
        mon = std::make_unique<monitor::Monitor>(*store, clock, options.monitor);
      }
      PassReport pass = RunPass(*store, mon.get(), options);
      LogPass(options, pass);
      jobs += static_cast<int>(pass.jobs.size());
      idle = pass.jobs.empty();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "govscore worker %s: %s\n", options.name.c_str(), e.what());
      mon.reset();
      store.reset();  // reconnect on the next pass
    }
    if (idle && !Stopping(options)) sleep(options.poll_s);
  }
  return jobs;
}

}  // namespace

int RunWorker(const std::string& store_url, const WorkerOptions& options,
              const monitor::Clock& clock) {
  return Loop(store_url, options, clock, [&](double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until && !Stopping(options))
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
}

struct BackgroundWorker::Impl {
  std::string store_url;
  WorkerOptions options;
  monitor::SystemClock system_clock;
  const monitor::Clock* clock = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  uint64_t wakes = 0;  // Wake() calls so far; each loop remembers the last it saw
  std::vector<std::thread> threads;
};

BackgroundWorker::BackgroundWorker(std::string store_url, WorkerOptions options,
                                   const monitor::Clock* clock, int threads)
    : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.store_url = std::move(store_url);
  im.options = std::move(options);
  im.clock = clock ? clock : &im.system_clock;
  if (im.options.name.empty()) im.options.name = DefaultWorkerName();
  auto outer_stop = im.options.stop;
  im.options.stop = [&im, outer_stop] {
    std::lock_guard<std::mutex> lock(im.mu);
    return im.stop || (outer_stop && outer_stop());
  };
  for (int i = 0; i < std::max(1, threads); ++i) {
    WorkerOptions o = im.options;
    if (i > 0) {
      o.name += "#" + std::to_string(i + 1);
      o.run_schedules = false;  // one monitor per process is enough (claims are exclusive anyway)
    }
    im.threads.emplace_back([&im, o = std::move(o)] {
      uint64_t seen = 0;
      Loop(im.store_url, o, *im.clock, [&im, &seen](double seconds) {
        std::unique_lock<std::mutex> lock(im.mu);
        im.cv.wait_for(lock, std::chrono::duration<double>(seconds),
                       [&im, &seen] { return im.stop || im.wakes != seen; });
        seen = im.wakes;
      });
    });
  }
}

BackgroundWorker::~BackgroundWorker() { Stop(); }

void BackgroundWorker::Wake() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  ++impl_->wakes;
  impl_->cv.notify_all();
}

int BackgroundWorker::threads() const { return static_cast<int>(impl_->threads.size()); }

void BackgroundWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
    impl_->cv.notify_all();
  }
  for (std::thread& t : impl_->threads)
    if (t.joinable()) t.join();
}

}  // namespace govscore::worker

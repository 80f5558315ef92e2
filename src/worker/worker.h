// A worker (docs/operations.md): claims scan jobs from the store's queue with
// a lease on the job and on the site's host (two workers never crawl one site
// at once), heartbeats both while crawling, and stores the results of a job in
// one transaction; between jobs it runs the monitor (schedules, probes,
// alerts, webhooks). `govscore worker --db postgresql://…` runs this loop in
// its own process, any number of them against one database; `govscore serve`
// runs the same loop in a thread (BackgroundWorker).
//
// Crash safety. A job goes through two committed steps:
//   1. the crawl's document is saved as the job's checkpoint
//      {"phase":"crawled","document":…} (SaveCheckpoint, fenced by the lease);
//   2. document, measures, findings and the job's completion are stored in ONE
//      transaction (Store::CompleteScanJobWithResults).
// A worker killed at any moment (kill -9) leaves either nothing of the job, or
// the checkpoint, or everything. After its lease expires, the next worker
// claims the job: from the checkpoint it goes straight to step 2 (no second
// crawl); without one it crawls again. Either way every result is stored
// exactly once — nothing is double counted.
//
// Mid-crawl checkpoints (crawl/crawl_log.h, migration 5). While crawling, the
// worker appends the crawl's log in batches (Store::AppendCrawlLog, every
// checkpoint_every_pages pages or checkpoint_every_s seconds, fenced by the
// lease). A worker that claims a job killed mid-crawl replays that log and
// crawls on from where it stopped: pages already parsed are not fetched
// again, pages in flight are fetched once more and counted once, and the
// document equals an uninterrupted crawl's. The log is dropped once step 1
// stored the document.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "checklist/dictionary.h"
#include "crawl/crawler.h"
#include "monitor/clock.h"
#include "monitor/monitor.h"
#include "store/store.h"

namespace govscore::worker {

struct WorkerOptions {
  std::string name;  // lease owner; default "<hostname>:<pid>"
  store::Millis lease_ms = 120'000;
  double heartbeat_s = 5;  // lease renewals (and progress writes) while crawling
  // Template of every scan: limits, timeouts, the address policy
  // (allow_networks, loopback_only). start_url and as_of are set per job.
  ScanOptions scan;
  monitor::MonitorOptions monitor;  // its network policy should match scan's
  bool run_schedules = true;        // also run the monitor between jobs
  double poll_s = 2;                // sleep when there is nothing to do
  std::function<bool()> stop;       // polled between jobs and monitor rounds
  // The day of a monitoring scan (its as_of, and so the quarter of a 季普查
  // result) is this clock's China date; nullptr: the system's. RunWorker and
  // BackgroundWorker set it to their clock.
  const monitor::Clock* clock = nullptr;
  // Test hook: "after_checkpoint" kills the process with SIGKILL right after
  // step 1 is committed; "mid_crawl:N" after N progress reports;
  // "after_log:N" right after the Nth crawl log batch is committed.
  std::string crash_at;
  // Mid-crawl checkpoints (see above); false: none (a re-run crawls again).
  bool checkpoints = true;
  size_t checkpoint_every_pages = 200;
  double checkpoint_every_s = 5;
  // The national checklist (checklist/scan.h) on "full" and "quarterly" jobs:
  // their stored document carries checklist.measures (content.suspect_terms,
  // interaction.*, guide.*, errors.* …), which the platform scores. Its
  // findings are checkpointed with the crawl log, so a resumed crawl counts
  // the replayed pages too.
  bool checklist = true;
  // Error dictionary of the checklist (errors.*, content.suspect_terms);
  // null: none (those measures say 未配置词典). `--dictionary FILE`.
  std::shared_ptr<const checklist::DictionaryMatcher> dictionary;
  // 季普查: after each monitor round, and after a "quarterly" job, store the
  // quarterly checklist result of the units with a finished quarterly scan
  // and none yet (checklist/quarterly_step.h). Frameworks from this
  // directory ("" = the default).
  bool quarterly_step = true;
  std::string frameworks_dir;
  // The catch-up over every unit after a monitor round runs at most this
  // often (over all processes sharing the store).
  store::Millis quarterly_sweep_ms = 10 * 60 * 1000;
};

// The name a worker uses when none is given: "<hostname>:<pid>".
std::string DefaultWorkerName();

// ScanOptions of a monitoring profile (full, quarterly: the template;
// links: homepage and the pages it links (max_depth 1); homepage: the
// homepage only, no external links, attachments or soft-404 probe).
ScanOptions ProfileScanOptions(const ScanOptions& base, const std::string& profile);

struct JobReport {
  store::Id job_id = 0, scan_id = 0;
  std::string profile, host;
  bool success = false;
  bool resumed_from_checkpoint = false;  // step 1 was done by an earlier worker
  int64_t resumed_log_batches = 0;       // crawl log batches replayed (mid-crawl resume)
  int64_t resumed_log_pages = 0;         // pages they held (not fetched again)
  bool lease_lost = false;
  std::string error;
  int measures = 0;
  store::FindingsUpdate findings;
  int quarterly_results = 0;  // 季普查 result stored after this (quarterly) job
};

// Claims one job (politely) and runs it; nullopt when none is ready.
std::optional<JobReport> RunOneJob(store::Store& store, const WorkerOptions& options,
                                   monitor::Monitor* monitor = nullptr);

// The 季普查 step over every unit (checklist::RunUnitQuarterly, one unit at a
// time under a store lease): stores the quarterly result of each unit whose
// newest finished quarterly scan has none. Returns how many were stored;
// per-unit errors go to `errors`. RunOneJob runs it for the unit of each
// quarterly job it completes, RunPass (with the monitor) as a catch-up.
int RunQuarterlyStep(store::Store& store, const WorkerOptions& options,
                     std::vector<std::string>* errors = nullptr);

struct PassReport {
  monitor::TickResult monitor;
  int quarterly_results = 0;  // 季普查 results stored by this pass
  std::vector<JobReport> jobs;
};

// One pass: requeue expired leases, a monitor tick (if run_schedules), then
// jobs until none is ready or stop() says so.
PassReport RunPass(store::Store& store, monitor::Monitor* monitor, const WorkerOptions& options);

// Runs passes until stop() says so, sleeping poll_s when a pass did nothing.
// Opens its own store on `store_url` with `clock`; reconnects after errors
// (logged to stderr). Returns the jobs run.
int RunWorker(const std::string& store_url, const WorkerOptions& options,
              const monitor::Clock& clock);

// The worker loop in background threads: `govscore serve` runs the same loop
// as `govscore worker` (job and host leases, heartbeats, re-queue of dead
// jobs, the monitor) on `threads` threads, each with its own store
// connection opened with `clock` (nullptr: the system clock; it must outlive
// the BackgroundWorker). Thread 1 is named options.name and runs the monitor
// (when options.run_schedules); threads 2.. are named "<name>#2" … and run
// jobs only (each thread is one lease owner).
class BackgroundWorker {
 public:
  BackgroundWorker(std::string store_url, WorkerOptions options,
                   const monitor::Clock* clock = nullptr, int threads = 1);
  ~BackgroundWorker();  // Stop()
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;
  void Wake();  // look at the queue now
  void Stop();  // finish the current jobs, end the threads; idempotent
  int threads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govscore::worker

// Scans (监测) of a campaign's unit websites through the store's job queue,
// and the runner that executes them. The runner needs nothing but a Store, so
// it can run in the server process (SQLite: BackgroundRunner) or in separate
// `govscore worker` processes against one PostgreSQL database (RunPendingJobs
// in a loop); leases make a dead worker's job claimable again.
//
// One job:  claim (lease) → StartScan → crawl::RunScan (progress written to the
// scan row, lease heartbeat on every progress report) → FinishScan with the
// govscore.scan/1 document → measures (scoring::MeasuresFromScan) → findings
// (RecordScanFindings, only when the scan covered the site: not cut short by
// max_pages) → CompleteScanJob. Any exception fails the scan with its message;
// the job is retried while attempts remain (store policy).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/date.h"
#include "crawl/crawler.h"
#include "store/store.h"

namespace govscore::platform {

// Creates one queued scan + job for every website of every unit of the
// campaign that has no queued or running scan in it yet, and moves a draft
// campaign to collecting. Refused (Conflict) unless the campaign is draft,
// collecting or reviewing (reviewing moves back to collecting). Returns the
// new scan ids.
std::vector<store::Id> EnqueueCampaignScans(store::Store& store, const store::Actor& actor,
                                            store::Id campaign_id, int64_t priority = 0);

// A scan of one unit website outside any campaign (a webmaster's 自查), or of
// a campaign; the job is queued.
store::Id EnqueueUnitScan(store::Store& store, const store::Actor& actor, store::Id unit_id,
                          const std::string& site_url,
                          std::optional<store::Id> campaign_id = std::nullopt);

struct RunnerOptions {
  std::string worker = "server";  // lease owner and audit actor ("worker:<name>")
  store::Millis lease_ms = 120'000;
  // Template for every scan: limits, timeouts, address policy. start_url and
  // as_of (the campaign's 监测时间点, else today in China) are set per job, and
  // `progress` is replaced by the runner's.
  ScanOptions scan;
  // Polled between progress reports and jobs; true stops after the current job
  // (the crawl itself runs to its end).
  std::function<bool()> stop;
  // Seconds between progress writes to the scan row (and heartbeats).
  double progress_interval_s = 1.0;
};

struct JobOutcome {
  store::Id job_id = 0, scan_id = 0;
  bool success = false;
  std::string error;  // failure message
  int measures = 0;   // measures stored
  bool findings_recorded = false;
  store::FindingsUpdate findings;
  bool lease_lost = false;  // another worker took the job; nothing completed here
};

// Claims one ready job and runs it to the end; nullopt when the queue is empty.
std::optional<JobOutcome> RunOneJob(store::Store& store, const RunnerOptions& options);

// Requeues expired leases, then runs jobs until none is ready or stop() says
// so. Returns the outcomes in order.
std::vector<JobOutcome> RunPendingJobs(store::Store& store, const RunnerOptions& options);

// Live view of one scan (from the scans row; written by the runner).
struct ScanView {
  store::Scan scan;  // without document
  std::string unit_code, unit_name;
  int64_t pages_done = 0, links_checked = 0, queued = 0, errors = 0;
  double elapsed_s = 0;
};
// Newest first; `campaign_id` or every scan of `unit_id` (exactly one given).
std::vector<ScanView> ListCampaignScans(store::Store& store, store::Id campaign_id);
std::vector<ScanView> ListUnitScans(store::Store& store, store::Id unit_id);
ScanView GetScan(store::Store& store, store::Id scan_id);  // NotFound

// The scan's Chinese HTML report (output/scan_html.h), rendered from the stored
// govscore.scan/1 document. NotFound for a missing scan; Conflict while the
// scan has no document yet (queued, running, failed).
std::string ScanReportHtml(store::Store& store, store::Id scan_id);

// The runner as a background thread of the server: opens its own Store on
// `store_url` (a Store is single-threaded), and loops RunPendingJobs, sleeping
// `poll_s` (or until Wake) when the queue is empty. Errors of one pass are
// logged to stderr and the loop goes on.
class BackgroundRunner {
 public:
  BackgroundRunner(std::string store_url, RunnerOptions options,
                   store::Store::Options store_options = {}, double poll_s = 2.0);
  ~BackgroundRunner();  // Stop()
  BackgroundRunner(const BackgroundRunner&) = delete;
  BackgroundRunner& operator=(const BackgroundRunner&) = delete;

  // Makes a sleeping runner look at the queue now (call after enqueueing).
  void Wake();
  // Finishes the current job, then ends the thread. Idempotent.
  void Stop();
  // Jobs finished (successfully or not) since start.
  int jobs_finished() const { return jobs_finished_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> jobs_finished_{0};
};

}  // namespace govscore::platform

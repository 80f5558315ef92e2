#include "platform/scans.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "output/scan_html.h"
#include "output/scan_json.h"
#include "platform/errors.h"
#include "platform/internal.h"
#include "platform/scan_results.h"

namespace govscore::platform {

namespace {

bool UnderWay(store::ScanState s) {
  return s == store::ScanState::kQueued || s == store::ScanState::kRunning;
}

}  // namespace

store::Id EnqueueUnitScan(store::Store& store, const store::Actor& actor, store::Id unit_id,
                          const std::string& site_url, std::optional<store::Id> campaign_id) {
  internal::RequireUnit(store, unit_id);
  if (!internal::IsHttpUrl(site_url)) throw InvalidInput("网站地址不是 http(s) 网址", site_url);
  if (campaign_id) internal::RequireCampaign(store, *campaign_id);
  store::Scan scan;
  scan.unit_id = unit_id;
  scan.campaign_id = campaign_id;
  scan.site_url = site_url;
  const store::Id id = store.CreateScan(actor, scan);
  store.EnqueueScanJob(actor, id);
  return id;
}

std::vector<store::Id> EnqueueCampaignScans(store::Store& store, const store::Actor& actor,
                                            store::Id campaign_id, int64_t priority) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  using State = store::CampaignState;
  if (c.state == State::kPublished || c.state == State::kArchived)
    throw Conflict(std::string("“") + internal::StateLabel(c.state) + "”的评估任务不再采集数据",
                   "campaign " + std::to_string(campaign_id));
  if (c.unit_ids.empty())
    throw Conflict("评估任务没有评估对象", "campaign " + std::to_string(campaign_id));
  std::set<std::pair<store::Id, std::string>> busy;
  for (const store::Scan& s : store.ListCampaignScans(campaign_id))
    if (UnderWay(s.state)) busy.insert({s.unit_id, s.site_url});
  std::vector<store::Id> out;
  for (store::Id unit_id : c.unit_ids) {
    const store::Unit unit = internal::RequireUnit(store, unit_id);
    for (const std::string& site : unit.websites) {
      if (busy.count({unit_id, site})) continue;
      store::Scan scan;
      scan.unit_id = unit_id;
      scan.campaign_id = campaign_id;
      scan.site_url = site;
      const store::Id id = store.CreateScan(actor, scan);
      store.EnqueueScanJob(actor, id, priority);
      out.push_back(id);
    }
  }
  if (c.state != State::kCollecting) store.SetCampaignState(actor, campaign_id, State::kCollecting);
  return out;
}

namespace {

std::string ProgressJson(const ScanProgress& p) {
  return nlohmann::json{{"pages_done", p.pages_done},   {"links_checked", p.links_checked},
                        {"queued", p.queued},           {"in_flight", p.in_flight},
                        {"errors", p.errors},           {"elapsed_s", p.elapsed_s},
                        {"pages_per_s", p.pages_per_s}, {"final", p.final}}
      .dump();
}

// Runs the claimed job's scan and stores its results; throws on failure.
void RunScanJob(store::Store& store, const RunnerOptions& options, const store::ScanJob& job,
                const store::Actor& actor, JobOutcome& outcome) {
  auto scan = store.FindScan(job.scan_id);
  if (!scan) throw Error("the job's scan no longer exists", "scan " + std::to_string(job.scan_id));
  const store::Unit unit = internal::RequireUnit(store, scan->unit_id);
  store.StartScan(actor, scan->id);

  ScanOptions so = options.scan;
  so.start_url = scan->site_url;
  so.as_of = Date::TodayInChina();
  if (scan->campaign_id) so.as_of = internal::RequireCampaign(store, *scan->campaign_id).as_of;
  auto last = std::chrono::steady_clock::now() - std::chrono::hours(1);
  so.progress_interval_s = std::min(so.progress_interval_s, options.progress_interval_s);
  so.progress = [&](const ScanProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (!p.final && now - last < std::chrono::duration<double>(options.progress_interval_s)) return;
    last = now;
    store.UpdateScanProgress(scan->id, ProgressJson(p));
    if (!store.HeartbeatScanJob(job.id, options.worker, options.lease_ms))
      outcome.lease_lost = true;
  };
  const ScanReport report = RunScan(so);
  if (outcome.lease_lost || !store.HeartbeatScanJob(job.id, options.worker, options.lease_ms)) {
    outcome.lease_lost = true;
    return;  // another worker owns the job now; store nothing
  }
  const nlohmann::json doc = ScanToJson(report);
  store.FinishScan(actor, scan->id, store::ScanState::kDone,
                   doc.value("summary", nlohmann::json::object()).dump(), doc.dump(), "");
  const std::vector<store::Measure> measures = MeasuresOfScan(doc, unit, scan->id);
  store.AddMeasures(actor, measures);
  outcome.measures = static_cast<int>(measures.size());
  if (ScanCoveredSite(doc)) {
    outcome.findings = store.RecordScanFindings(actor, scan->id, FindingsOfScan(doc));
    outcome.findings_recorded = true;
  }
}

bool Stopping(const RunnerOptions& o) { return o.stop && o.stop(); }

}  // namespace

std::optional<JobOutcome> RunOneJob(store::Store& store, const RunnerOptions& options) {
  auto job = store.ClaimScanJob(options.worker, options.lease_ms);
  if (!job) return std::nullopt;
  const store::Actor actor{std::nullopt, "worker:" + options.worker};
  JobOutcome outcome;
  outcome.job_id = job->id;
  outcome.scan_id = job->scan_id;
  try {
    RunScanJob(store, options, *job, actor, outcome);
    if (outcome.lease_lost) return outcome;
    outcome.success = true;
    if (!store.CompleteScanJob(job->id, options.worker, true)) outcome.lease_lost = true;
  } catch (const std::exception& e) {
    outcome.error = e.what();
    try {
      if (!store.CompleteScanJob(job->id, options.worker, false, outcome.error)) {
        outcome.lease_lost = true;
        return outcome;
      }
      // Out of attempts: the scan fails with the job's error. Otherwise the
      // scan stays running and the job is retried later (store policy).
      auto after = store.FindScanJob(job->id);
      if (after && after->state == store::JobState::kFailed)
        store.FinishScan(actor, job->scan_id, store::ScanState::kFailed, std::nullopt, std::nullopt,
                         outcome.error);
      else
        store.UpdateScanProgress(
            job->scan_id, nlohmann::json{{"retrying", true}, {"error", outcome.error}}.dump());
    } catch (const std::exception& inner) {
      outcome.error += std::string("; then: ") + inner.what();
    }
  }
  return outcome;
}

std::vector<JobOutcome> RunPendingJobs(store::Store& store, const RunnerOptions& options) {
  std::vector<JobOutcome> out;
  store.RequeueExpiredLeases();
  while (!Stopping(options)) {
    auto outcome = RunOneJob(store, options);
    if (!outcome) break;
    out.push_back(std::move(*outcome));
  }
  return out;
}

namespace {

ScanView View(store::Store& store, store::Scan scan) {
  ScanView v;
  if (auto unit = store.FindUnit(scan.unit_id)) {
    v.unit_code = unit->code;
    v.unit_name = unit->name;
  }
  nlohmann::json progress;
  if (scan.progress_json) progress = nlohmann::json::parse(*scan.progress_json, nullptr, false);
  if (progress.is_object()) {
    v.pages_done = progress.value("pages_done", int64_t{0});
    v.links_checked = progress.value("links_checked", int64_t{0});
    v.queued = progress.value("queued", int64_t{0});
    v.errors = progress.value("errors", int64_t{0});
    v.elapsed_s = progress.value("elapsed_s", 0.0);
  }
  if (scan.state == store::ScanState::kDone && scan.summary_json) {
    // The finished scan's summary is authoritative.
    nlohmann::json summary = nlohmann::json::parse(*scan.summary_json, nullptr, false);
    if (summary.is_object()) {
      v.pages_done = summary.value("pages", v.pages_done);
      v.links_checked = summary.value("links_checked", v.links_checked);
      v.errors = summary.value("broken_links", v.errors);
      v.elapsed_s = summary.value("seconds", v.elapsed_s);
      v.queued = 0;
    }
  }
  v.scan = std::move(scan);
  return v;
}

}  // namespace

std::vector<ScanView> ListCampaignScans(store::Store& store, store::Id campaign_id) {
  internal::RequireCampaign(store, campaign_id);
  std::vector<ScanView> out;
  for (store::Scan& s : store.ListCampaignScans(campaign_id))
    out.push_back(View(store, std::move(s)));
  return out;
}

std::vector<ScanView> ListUnitScans(store::Store& store, store::Id unit_id) {
  internal::RequireUnit(store, unit_id);
  std::vector<ScanView> out;
  for (store::Scan& s : store.ListScans(unit_id)) out.push_back(View(store, std::move(s)));
  return out;
}

ScanView GetScan(store::Store& store, store::Id scan_id) {
  auto scan = store.FindScan(scan_id);
  if (!scan) throw NotFound("没有这个监测（编号 " + std::to_string(scan_id) + "）", "scan");
  return View(store, std::move(*scan));
}

// ---- background runner ----

struct BackgroundRunner::Impl {
  std::string store_url;
  RunnerOptions options;
  store::Store::Options store_options;
  double poll_s = 2;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false, wake = false;
  std::thread thread;
};

BackgroundRunner::BackgroundRunner(std::string store_url, RunnerOptions options,
                                   store::Store::Options store_options, double poll_s)
    : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.store_url = std::move(store_url);
  im.options = std::move(options);
  im.store_options = std::move(store_options);
  im.poll_s = poll_s;
  auto outer_stop = im.options.stop;
  im.options.stop = [this, outer_stop] {
    std::lock_guard<std::mutex> lock(impl_->mu);
    return impl_->stop || (outer_stop && outer_stop());
  };
  im.thread = std::thread([this] {
    Impl& in = *impl_;
    std::unique_ptr<store::Store> store;
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(in.mu);
        if (in.stop) return;
      }
      try {
        if (!store) store = store::OpenStore(in.store_url, in.store_options);
        jobs_finished_ += static_cast<int>(RunPendingJobs(*store, in.options).size());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "govscore runner: %s\n", e.what());
        store.reset();  // reconnect on the next pass
      }
      std::unique_lock<std::mutex> lock(in.mu);
      in.cv.wait_for(lock, std::chrono::duration<double>(in.poll_s),
                     [&] { return in.stop || in.wake; });
      in.wake = false;
    }
  });
}

BackgroundRunner::~BackgroundRunner() { Stop(); }

void BackgroundRunner::Wake() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->wake = true;
  impl_->cv.notify_all();
}

void BackgroundRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
    impl_->cv.notify_all();
  }
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string ScanReportHtml(store::Store& store, store::Id scan_id) {
  auto scan = store.FindScan(scan_id, true);
  if (!scan) throw NotFound("没有这个监测", "scan " + std::to_string(scan_id));
  if (!scan->document_json)
    throw Conflict("该监测尚未完成，还没有报告", "scan " + std::to_string(scan_id));
  const nlohmann::json doc = nlohmann::json::parse(*scan->document_json, nullptr, false);
  if (doc.is_discarded())
    throw Error("stored scan document is not JSON", "scan " + std::to_string(scan_id));
  return RenderScanHtml(ScanFromJson(doc));
}

}  // namespace govscore::platform

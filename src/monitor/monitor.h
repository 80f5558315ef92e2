// The monitor (docs/monitoring.md): fires due schedules of the progressive
// regime, probes homepages for availability, raises and resolves alerts
// (outages, new veto conditions), posts them to a webhook, and writes annual
// reports. It needs only a Store, so it runs inside `govscore serve` (SQLite)
// and in every `govscore worker` (PostgreSQL): schedules are claimed with
// SKIP LOCKED, so each firing happens in exactly one process.
//
// The Store must be opened with the monitor's clock (Store::Options::clock =
// clock.AsFunction()) so that due times, probes and alerts share one time.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "monitor/clock.h"
#include "monitor/network.h"
#include "store/store.h"

namespace govscore::monitor {

struct ProbeOptions {
  // A probe fails when the page has not arrived in this time (national
  // checklist: 15 s).
  double timeout_s = 15;
  int concurrency = 32;  // probes in flight
  NetworkPolicy network;
  std::string user_agent = "govscore/0.1 (+government website evaluation; availability probe)";
};

struct ProbeTarget {
  store::Id unit_id = 0;
  std::string url;
};

// Probes every target once, concurrently: GET, redirects followed, the whole
// page within timeout_s. ok = a 2xx final answer in time. Not stored.
std::vector<store::AvailabilityProbe> RunProbes(const std::vector<ProbeTarget>& targets,
                                                const ProbeOptions& options, const Clock& clock,
                                                const std::string& worker);

// Thresholds of the alert conditions (national checklist, ../shared/REFERENCE.md §1).
struct AlertRules {
  int outage_after = 2;             // consecutive failed probes of a homepage → outage alert
  int unreachable_window_days = 7;  // V2 站点无法访问: probes of the last 7 days …
  double unreachable_ratio = 0.05;  // … failing ≥ 5 % …
  int unreachable_min_probes = 20;  // … counted once there are at least this many probes
  int homepage_stale_days = 14;     // V3 首页不更新: newest homepage item older than this
  int stale_columns = 5;  // V4 栏目不更新: ≥ 5 stale columns in the latest full scan
  int empty_columns = 5;  // V4 空白栏目: ≥ 5 empty columns
};

struct MonitorOptions {
  std::string worker = "monitor";  // recorded with probes; audit actor "monitor:<worker>"
  ProbeOptions probe;
  AlertRules rules;
  // Alerts are POSTed here as JSON (docs/monitoring.md); empty = no webhook
  // (alerts are then marked webhook "none"). The store setting
  // kWebhookSetting, when present, replaces it (every process reads it).
  std::string webhook_url;
  double webhook_timeout_s = 10;
  int webhook_max_attempts = 5;
  Millis webhook_retry_ms = 60'000;
  int claim_limit = 50;  // schedules fired per claim
};

struct TickResult {
  int schedules_fired = 0;
  int probes = 0, probes_failed = 0;
  int scans_enqueued = 0;
  int alerts_raised = 0, alerts_resolved = 0;
  int webhooks_sent = 0, webhooks_failed = 0;
  int reports = 0;
  // Probes of a host another worker holds (crawling it) wait for its lease
  // (deferred) and are dropped when the schedule fires again first (skipped).
  int probes_deferred = 0, probes_skipped = 0;
};

// The store setting that replaces MonitorOptions::webhook_url when present
// (set in the UI; "" = no webhook).
constexpr const char* kWebhookSetting = "alert_webhook";

class Monitor {
 public:
  Monitor(store::Store& store, const Clock& clock, MonitorOptions options);

  // One round: probes deferred earlier whose host is free now, fires every
  // due schedule (claimed so no other process fires it too), evaluates the
  // alert conditions of the units it touched, and delivers pending webhooks.
  // Errors of one schedule are logged and do not stop the others.
  //
  // Politeness: a probe takes the lease of its site host for its duration
  // (Store::TakeHostLease, owner "<worker>/probe"), like a crawl does; a
  // host another worker holds is not probed now but deferred to a later Tick
  // (in this process) until the schedule's next firing.
  TickResult Tick();

  // Evaluates every alert condition of a unit from what is stored (probes,
  // the newest homepage and full scans): raises the new ones, resolves those
  // that no longer hold. Adds to `result`.
  void EvaluateUnit(store::Id unit_id, TickResult& result);

  // Posts pending alerts to the webhook; returns {sent, failed}.
  std::pair<int, int> DeliverWebhooks();

  // The webhook in force: the store setting when present, else the option.
  std::string WebhookUrl();

  // Probes waiting for their host's lease (see Tick).
  size_t deferred_probes() const { return deferred_.size(); }

  const MonitorOptions& options() const { return options_; }

 private:
  struct DeferredProbe {
    ProbeTarget target;
    Millis until = 0;  // dropped when not probed before this time
  };
  void Fire(const store::MonitorSchedule& s, TickResult& result);
  std::vector<store::Id> Targets(const store::MonitorSchedule& s);
  // Probes the targets whose host lease it gets, stores the probes, defers
  // the others until `until`; returns the units probed.
  std::set<store::Id> ProbePolitely(const std::vector<ProbeTarget>& targets, Millis until,
                                    TickResult& result);
  void RetryDeferred(TickResult& result);
  std::string ProbeOwner() const { return options_.worker + "/probe"; }
  std::vector<DeferredProbe> deferred_;

  store::Store& store_;
  const Clock& clock_;
  MonitorOptions options_;
  store::Actor actor_;
};

// Availability measures of a unit from its probes with from <= at < to
// (docs/measures.md): site.availability_probes (number),
// site.availability_failed_probes (list: id = probe time, value = the error,
// evidence = the URL), site.availability_failure_ratio (failed / probes; no
// measure when there were no probes).
std::vector<store::Measure> AvailabilityMeasures(store::Store& store, store::Id unit_id,
                                                 Millis from, Millis to);

// Stores the availability measures of every unit of a campaign for the week
// ending on its 监测时间点 (7 China days, as_of included) as campaign measures,
// replacing nothing (call once per campaign). Returns how many were stored.
int StoreCampaignAvailability(store::Store& store, const store::Actor& actor,
                              store::Id campaign_id);

// The 年报告 of a unit for a calendar year (China time): probes and failure
// ratio, scans by profile, findings opened / confirmed fixed, alerts raised,
// notices issued.
nlohmann::json AnnualReport(store::Store& store, store::Id unit_id, int year);

// The newest dated item on the homepage according to a scan document of the
// "homepage" profile (max over its columns' `newest`); nullopt when none.
std::optional<Date> HomepageNewest(const nlohmann::json& document);

}  // namespace govscore::monitor

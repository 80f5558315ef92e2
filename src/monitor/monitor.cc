#include "monitor/monitor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "fetch/fetcher.h"
#include "monitor/schedule.h"
#include "monitor/webhook.h"

namespace govscore::monitor {

using store::Id;

// ---- probes ----

std::vector<store::AvailabilityProbe> RunProbes(const std::vector<ProbeTarget>& targets,
                                                const ProbeOptions& options, const Clock& clock,
                                                const std::string& worker) {
  std::vector<store::AvailabilityProbe> out(targets.size());
  if (targets.empty()) return out;
  FetchOptions fo;
  fo.max_connections = std::max(1, options.concurrency);
  fo.max_per_host = 1;
  fo.connect_timeout_s = options.timeout_s;
  fo.timeout_s = options.timeout_s;
  fo.retries = 0;
  fo.timeout_retries = 0;
  fo.max_redirects = 5;
  fo.user_agent = options.user_agent;
  fo.address_policy = options.network.Build();
  Fetcher fetcher(fo);
  const Millis started = clock.Now();
  for (size_t i = 0; i < targets.size(); ++i) {
    out[i].unit_id = targets[i].unit_id;
    out[i].url = targets[i].url;
    out[i].at = started;
    out[i].worker = worker;
    fetcher.Enqueue({targets[i].url, FetchMethod::kGet, i, false});
  }
  size_t done = 0;
  while (done < targets.size()) {
    for (const FetchResult& r : fetcher.Wait(std::chrono::milliseconds(500))) {
      store::AvailabilityProbe& p = out.at(r.tag);
      p.status = r.status;
      p.elapsed_ms = static_cast<int64_t>(r.seconds * 1000);
      p.ok = r.error == FetchError::kNone && r.status >= 200 && r.status <= 299;
      if (r.error == FetchError::kTimeout)
        p.error =
            "超过" + std::to_string(static_cast<int>(options.timeout_s)) + "秒未打开 (timeout)";
      else if (r.error != FetchError::kNone)
        p.error = std::string(ToString(r.error)) + ": " + r.error_message;
      else if (!p.ok)
        p.error = "HTTP " + std::to_string(r.status);
      ++done;
    }
  }
  return out;
}

// ---- measures, reports ----

std::vector<store::Measure> AvailabilityMeasures(store::Store& store, Id unit_id, Millis from,
                                                 Millis to) {
  const auto probes = store.ListProbes(unit_id, from, to);
  std::vector<store::Measure> out;
  if (probes.empty()) return out;
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& p : probes)
    if (!p.ok)
      failed.push_back({{"id", ChinaTimeText(p.at)}, {"value", p.error}, {"evidence", {p.url}}});
  const double ratio = static_cast<double>(failed.size()) / static_cast<double>(probes.size());
  const std::string period = ChinaDate(from).ToString() + "/" + ChinaDate(to - 1).ToString();
  auto measure = [&](const std::string& name, nlohmann::json value) {
    store::Measure m;
    m.unit_id = unit_id;
    m.name = name;
    m.value_json = value.dump();
    m.period = period;
    out.push_back(std::move(m));
  };
  measure("site.availability_probes", probes.size());
  measure("site.availability_failed_probes", failed);
  measure("site.availability_failure_ratio", ratio);
  return out;
}

int StoreCampaignAvailability(store::Store& store, const store::Actor& actor, Id campaign_id) {
  auto c = store.FindCampaign(campaign_id);
  if (!c) throw Error("no campaign with id " + std::to_string(campaign_id), "availability");
  const Millis to = ChinaMidnight(c->as_of.AddDays(1));
  const Millis from = to - 7 * kDayMs;
  std::vector<store::Measure> all;
  for (Id unit : c->unit_ids)
    for (store::Measure& m : AvailabilityMeasures(store, unit, from, to)) {
      m.campaign_id = campaign_id;
      all.push_back(std::move(m));
    }
  if (!all.empty()) store.AddMeasures(actor, all);
  return static_cast<int>(all.size());
}

std::optional<Date> HomepageNewest(const nlohmann::json& document) {
  std::optional<Date> newest;
  if (!document.is_object()) return newest;
  for (const auto& c : document.value("columns", nlohmann::json::array())) {
    if (!c.is_object() || !c.contains("newest") || !c["newest"].is_string()) continue;
    auto d = Date::Parse(c["newest"].get<std::string>());
    if (d && (!newest || *newest < *d)) newest = d;
  }
  return newest;
}

nlohmann::json AnnualReport(store::Store& store, Id unit_id, int year) {
  auto unit = store.FindUnit(unit_id);
  if (!unit) throw Error("no unit with id " + std::to_string(unit_id), "annual report");
  const Millis from = ChinaMidnight(Date::FromYmd(year, 1, 1));
  const Millis to = ChinaMidnight(Date::FromYmd(year + 1, 1, 1));
  auto in_year = [&](Millis t) { return t >= from && t < to; };
  const auto probes = store.ListProbes(unit_id, from, to);
  const auto failed = std::count_if(probes.begin(), probes.end(), [](auto& p) { return !p.ok; });
  nlohmann::json scans = nlohmann::json::object();
  for (const char* profile : {"homepage", "links", "full", "quarterly"}) {
    int n = 0;
    for (const store::Scan& s : store.ListProfileScans(unit_id, profile, 100000))
      if (in_year(s.created_at) && s.state == store::ScanState::kDone) ++n;
    scans[profile] = n;
  }
  int opened = 0, fixed = 0;
  for (const store::Finding& f : store.ListFindings(unit_id)) {
    if (in_year(f.first_seen_at)) ++opened;
    for (const auto& t : store.FindingHistory(f.id))
      if (t.to == store::FindingState::kConfirmedFixed && in_year(t.at)) ++fixed;
  }
  int alerts = 0, vetoes = 0;
  for (const store::Alert& a : store.ListAlerts(unit_id, false, 100000))
    if (in_year(a.raised_at)) {
      ++alerts;
      if (a.kind == store::AlertKind::kVeto) ++vetoes;
    }
  int notices = 0;
  for (const auto& n : store.ListNotices(unit_id))
    if (in_year(n.issued_at)) ++notices;
  nlohmann::json quarters = nlohmann::json::array();
  for (const auto& q : store.ListQuarterlyResults(unit_id))
    if (q.quarter.rfind(std::to_string(year), 0) == 0)
      quarters.push_back({{"quarter", q.quarter},
                          {"framework_id", q.framework_id},
                          {"passed", q.passed},
                          {"reasons", nlohmann::json::parse(q.reasons_json, nullptr, false)}});
  return {{"unit", unit->code},
          {"unit_name", unit->name},
          {"year", year},
          {"probes", probes.size()},
          {"probes_failed", failed},
          {"availability_failure_ratio",
           probes.empty() ? nlohmann::json() : nlohmann::json(double(failed) / probes.size())},
          {"scans_done", scans},
          {"findings_opened", opened},
          {"findings_confirmed_fixed", fixed},
          {"alerts", alerts},
          {"veto_alerts", vetoes},
          {"notices", notices},
          {"quarterly_results", quarters}};
}

// ---- the monitor ----

Monitor::Monitor(store::Store& store, const Clock& clock, MonitorOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      actor_{std::nullopt, "monitor:" + options_.worker} {}

std::vector<Id> Monitor::Targets(const store::MonitorSchedule& s) {
  if (s.unit_id) return {*s.unit_id};
  if (auto c = store_.FindCampaign(*s.campaign_id)) return c->unit_ids;
  return {};
}

std::set<Id> Monitor::ProbePolitely(const std::vector<ProbeTarget>& targets, Millis until,
                                    TickResult& result) {
  std::vector<ProbeTarget> now;
  std::set<std::string> leased;
  // The lease covers the whole round: every probe ends within timeout_s.
  const Millis lease_ms = static_cast<Millis>((options_.probe.timeout_s + 30) * 1000);
  for (const ProbeTarget& t : targets) {
    const std::string host = store::UrlHostKey(t.url);
    if (host.empty() || leased.count(host) || store_.TakeHostLease(host, ProbeOwner(), lease_ms)) {
      if (!host.empty()) leased.insert(host);
      now.push_back(t);
    } else {
      deferred_.push_back({t, until});
      ++result.probes_deferred;
    }
  }
  std::set<Id> units;
  try {
    for (const auto& p : RunProbes(now, options_.probe, clock_, options_.worker)) {
      store_.AddProbe(p);
      units.insert(p.unit_id);
      ++result.probes;
      if (!p.ok) ++result.probes_failed;
    }
  } catch (...) {
    for (const std::string& host : leased) store_.ReleaseHostLease(host, ProbeOwner());
    throw;
  }
  for (const std::string& host : leased) store_.ReleaseHostLease(host, ProbeOwner());
  return units;
}

void Monitor::RetryDeferred(TickResult& result) {
  if (deferred_.empty()) return;
  const Millis now = clock_.Now();
  std::vector<ProbeTarget> retry;
  std::vector<Millis> until;
  for (const DeferredProbe& d : deferred_) {
    if (now >= d.until) {
      ++result.probes_skipped;
      std::fprintf(stderr,
                   "govscore monitor %s: probe of %s skipped: its host was crawled by another "
                   "worker until the next firing\n",
                   options_.worker.c_str(), d.target.url.c_str());
      continue;
    }
    retry.push_back(d.target);
    until.push_back(d.until);
  }
  deferred_.clear();
  // Targets deferred again keep their own deadline: probe them one deadline
  // group at a time (usually one).
  std::map<Millis, std::vector<ProbeTarget>> groups;
  for (size_t i = 0; i < retry.size(); ++i) groups[until[i]].push_back(retry[i]);
  const int deferred_before = result.probes_deferred;
  for (const auto& [deadline, targets] : groups)
    for (Id u : ProbePolitely(targets, deadline, result)) EvaluateUnit(u, result);
  // Deferred again is not a new deferral.
  result.probes_deferred = deferred_before;
}

void Monitor::Fire(const store::MonitorSchedule& s, TickResult& result) {
  const std::vector<Id> units = Targets(s);
  if (s.regime == store::Regime::kDaily) {
    std::vector<ProbeTarget> targets;
    for (Id u : units)
      if (auto unit = store_.FindUnit(u))
        for (const std::string& site : unit->websites) targets.push_back({u, site});
    ProbePolitely(targets, NextDue(s, clock_.Now()), result);
  }
  // The homepage scan of 日巡检 once a day (every probes_per_day-th firing,
  // the first included); the other regimes' scans at every firing.
  const std::string profile = ScanProfileOf(s.regime);
  const bool scan_now =
      !profile.empty() && (s.regime != store::Regime::kDaily ||
                           s.fired_count % std::max<int64_t>(1, s.probes_per_day) == 0);
  if (scan_now)
    for (Id u : units)
      if (auto unit = store_.FindUnit(u))
        for (const std::string& site : unit->websites) {
          store_.EnqueueMonitorScan(actor_, u, site, profile, s.id);
          ++result.scans_enqueued;
        }
  if (s.regime == store::Regime::kYearly) {
    // The report covers the year that ended before the firing.
    const int year = ChinaDate(clock_.Now()).year() - 1;
    for (Id u : units) {
      store_.SaveMonitorReport(actor_, u, "yearly", std::to_string(year),
                               AnnualReport(store_, u, year).dump());
      ++result.reports;
    }
  }
  for (Id u : units) EvaluateUnit(u, result);
}

TickResult Monitor::Tick() {
  TickResult result;
  try {
    RetryDeferred(result);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "govscore monitor: deferred probes: %s\n", e.what());
  }
  for (;;) {
    auto due = store_.ClaimDueSchedules(options_.claim_limit,
                                        [this](const auto& s) { return NextDue(s, clock_.Now()); });
    for (const auto& s : due) {
      try {
        Fire(s, result);
        ++result.schedules_fired;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "govscore monitor: schedule %lld: %s\n", static_cast<long long>(s.id),
                     e.what());
      }
    }
    if (static_cast<int>(due.size()) < options_.claim_limit) break;
  }
  auto [sent, failed] = DeliverWebhooks();
  result.webhooks_sent += sent;
  result.webhooks_failed += failed;
  return result;
}

void Monitor::EvaluateUnit(Id unit_id, TickResult& result) {
  auto unit = store_.FindUnit(unit_id);
  if (!unit) return;
  const AlertRules& rules = options_.rules;
  const Millis now = clock_.Now();
  auto set = [&](bool holds, store::AlertKind kind, const std::string& key,
                 const std::string& title, const std::string& detail) {
    if (holds) {
      if (store_.RaiseAlert(actor_, unit_id, kind, key, unit->name + "：" + title, detail))
        ++result.alerts_raised;
    } else if (store_.ResolveAlert(actor_, unit_id, key)) {
      ++result.alerts_resolved;
    }
  };

  // Outage: the last `outage_after` probes of a homepage all failed.
  const Millis window_from = now - rules.unreachable_window_days * kDayMs;
  const auto probes = store_.ListProbes(unit_id, window_from, now + 1);
  std::map<std::string, std::vector<const store::AvailabilityProbe*>> by_url;
  for (const auto& p : probes) by_url[p.url].push_back(&p);
  for (const std::string& site : unit->websites) {
    const auto& list = by_url[site];
    if (list.empty()) continue;
    int tail = 0;
    for (auto it = list.rbegin(); it != list.rend() && !(*it)->ok; ++it) ++tail;
    const bool down = tail >= rules.outage_after;
    const std::string detail = down ? site + " 连续" + std::to_string(tail) +
                                          "次探测失败，最近一次：" + list.back()->error + "（" +
                                          ChinaTimeText(list.back()->at) + "）"
                                    : "";
    set(down, store::AlertKind::kOutage, "outage:" + site, "网站无法访问", detail);
  }

  // V2 站点无法访问 over the window.
  if (static_cast<int>(probes.size()) >= rules.unreachable_min_probes) {
    const auto failed = std::count_if(probes.begin(), probes.end(), [](auto& p) { return !p.ok; });
    const double ratio = double(failed) / double(probes.size());
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", ratio * 100);
    set(ratio >= rules.unreachable_ratio, store::AlertKind::kVeto, "veto:site_unreachable",
        "单项否决：站点无法访问",
        "近" + std::to_string(rules.unreachable_window_days) + "天探测" +
            std::to_string(probes.size()) + "次，失败" + std::to_string(failed) + "次（" + pct +
            "）");
  }

  // V3 首页不更新, from the newest finished homepage scan.
  for (const store::Scan& s : store_.ListProfileScans(unit_id, "homepage", 5)) {
    if (s.state != store::ScanState::kDone) continue;
    auto full = store_.FindScan(s.id, true);
    if (!full || !full->document_json) break;
    const auto doc = nlohmann::json::parse(*full->document_json, nullptr, false);
    const Date as_of = ChinaDate(s.finished_at.value_or(now));
    const auto newest = HomepageNewest(doc);
    const bool stale = !newest || newest->DaysUntil(as_of) > rules.homepage_stale_days;
    set(stale, store::AlertKind::kVeto, "veto:homepage_not_updated", "单项否决：首页不更新",
        newest ? "首页最新信息日期 " + newest->ToString() + "，距 " + as_of.ToString() + " 已" +
                     std::to_string(newest->DaysUntil(as_of)) + "天"
               : "首页未发现带发布日期的信息");
    break;
  }

  // V4 栏目不更新 / 空白栏目, from the newest finished full or quarterly scan.
  const store::Scan* latest = nullptr;
  std::vector<store::Scan> full_scans = store_.ListProfileScans(unit_id, "full", 5);
  for (const auto& s : store_.ListProfileScans(unit_id, "quarterly", 5)) full_scans.push_back(s);
  for (const auto& s : full_scans)
    if (s.state == store::ScanState::kDone && (!latest || s.id > latest->id)) latest = &s;
  if (latest && latest->summary_json) {
    const auto summary = nlohmann::json::parse(*latest->summary_json, nullptr, false);
    if (summary.is_object()) {
      const int stale = summary.value("stale_columns", 0);
      const int empty = summary.value("empty_columns", 0);
      set(stale >= rules.stale_columns, store::AlertKind::kVeto, "veto:columns_not_updated",
          "单项否决：栏目不更新",
          "监测 " + std::to_string(latest->id) + " 发现应更新未更新栏目 " + std::to_string(stale) +
              " 个");
      set(empty >= rules.empty_columns, store::AlertKind::kVeto, "veto:blank_columns",
          "单项否决：空白栏目",
          "监测 " + std::to_string(latest->id) + " 发现空白栏目 " + std::to_string(empty) + " 个");
    }
  }
}

std::string Monitor::WebhookUrl() {
  if (auto setting = store_.FindSetting(kWebhookSetting)) return *setting;
  return options_.webhook_url;
}

std::pair<int, int> Monitor::DeliverWebhooks() {
  int sent = 0, failed = 0;
  const std::string url = WebhookUrl();
  for (;;) {
    auto batch = store_.ClaimWebhookDeliveries(20, options_.webhook_retry_ms);
    if (batch.empty()) break;
    for (const store::Alert& a : batch) {
      if (url.empty()) {
        // No webhook configured: nothing to deliver, ever.
        store_.MarkWebhookDelivery(a.id, false, "no webhook configured", 0);
        continue;
      }
      auto unit = store_.FindUnit(a.unit_id);
      const nlohmann::json body = {
          {"type", "govscore.alert/1"},
          {"id", a.id},
          {"kind", ToString(a.kind)},
          {"key", a.key},
          {"title", a.title},
          {"detail", a.detail},
          {"open", a.open},
          {"raised_at", ChinaTimeText(a.raised_at)},
          {"unit", unit ? unit->code : ""},
          {"unit_name", unit ? unit->name : ""},
      };
      WebhookOptions wo;
      wo.url = url;
      wo.timeout_s = options_.webhook_timeout_s;
      wo.network = options_.probe.network;
      if (auto refused = WebhookRefusal(wo)) {
        // The address policy (or the URL itself) refuses the target: no
        // connection is made, and retrying cannot change that — failed at once.
        store_.MarkWebhookDelivery(a.id, false, *refused, 1);
        ++failed;
        continue;
      }
      const std::string error = PostJson(wo, body);
      store_.MarkWebhookDelivery(a.id, error.empty(), error, options_.webhook_max_attempts);
      (error.empty() ? sent : failed)++;
    }
  }
  return {sent, failed};
}

}  // namespace govscore::monitor

// Continuous monitoring over HTTP (docs/api.md, "Monitoring"): alerts (告警),
// monitoring schedules, availability probes of a unit, 整改通知 (issue, list,
// download as HTML or DOCX) and quarterly results. Handlers check roles and
// units and call src/monitor and the store; no domain logic lives here.
#include "server/routes_monitor.h"

#include <algorithm>
#include <map>

#include "monitor/clock.h"
#include "monitor/monitor.h"
#include "monitor/notice.h"
#include "monitor/schedule.h"
#include "platform/errors.h"

namespace govscore::server {

using nlohmann::json;
using store::Id;
using store::Role;

namespace {

json AlertJson(const store::Alert& a) {
  return {{"id", a.id},
          {"unit_id", a.unit_id},
          {"kind", ToString(a.kind)},
          {"key", a.key},
          {"title", a.title},
          {"detail", a.detail},
          {"open", a.open},
          {"raised_at", a.raised_at},
          {"resolved_at", a.resolved_at ? json(*a.resolved_at) : json()},
          {"acknowledged_by", a.acknowledged_by ? json(*a.acknowledged_by) : json()},
          {"webhook_state", a.webhook_state},
          {"webhook_error", a.webhook_error}};
}

json ScheduleJson(const store::MonitorSchedule& s) {
  return {{"id", s.id},
          {"unit_id", s.unit_id ? json(*s.unit_id) : json()},
          {"campaign_id", s.campaign_id ? json(*s.campaign_id) : json()},
          {"regime", ToString(s.regime)},
          {"regime_name", monitor::RegimeName(s.regime)},
          {"probes_per_day", s.probes_per_day},
          {"enabled", s.enabled},
          {"next_due_at", s.next_due_at},
          {"last_fired_at", s.last_fired_at ? json(*s.last_fired_at) : json()},
          {"fired_count", s.fired_count}};
}

json NoticeJson(const store::RectificationNotice& n) {
  return {{"id", n.id},
          {"unit_id", n.unit_id},
          {"number", n.number},
          {"deadline", n.deadline.ToString()},
          {"finding_ids", n.finding_ids},
          {"issued_by", n.issued_by},
          {"issued_at", n.issued_at},
          {"html_url", "/api/notices/" + std::to_string(n.id) + "/html"},
          {"docx_url", "/api/notices/" + std::to_string(n.id) + "/docx"}};
}

store::Unit RequireVisibleUnit(Ctx& c, Id id) {
  auto u = c.store.FindUnit(id);
  if (!u) throw platform::NotFound("没有这个评估对象", "unit " + std::to_string(id));
  c.RequireUnit(id);
  return *u;
}

// Every role reads alerts: admins and organisers all of them, webmasters
// those of their unit, reviewers those of their assigned units (read only:
// acknowledging is the operators', AckAlert). Newest first, at most 500.
void ListAlerts(Ctx& c) {
  constexpr int kLimit = 500;
  const auto unit = c.QueryId("unit_id");
  if (unit) c.RequireUnit(*unit);
  const bool open_only = c.Query("open") == "1" || c.Query("open") == "true";
  std::vector<store::Alert> alerts;
  if (unit || c.SeesAllUnits()) {
    alerts = c.store.ListAlerts(unit, open_only, kLimit);
  } else {
    // Per own unit: the newest alerts of all units might be other units'.
    for (Id own : c.user().unit_ids)
      for (store::Alert& a : c.store.ListAlerts(own, open_only, kLimit))
        alerts.push_back(std::move(a));
    std::sort(alerts.begin(), alerts.end(), [](const store::Alert& a, const store::Alert& b) {
      return a.raised_at != b.raised_at ? a.raised_at > b.raised_at : a.id > b.id;
    });
    if (alerts.size() > kLimit) alerts.resize(kLimit);
  }
  std::map<Id, std::string> names;
  json out = json::array();
  for (const auto& a : alerts) {
    if (!c.SeesUnit(a.unit_id)) continue;
    auto [it, added] = names.try_emplace(a.unit_id);
    if (added)
      if (auto u = c.store.FindUnit(a.unit_id)) it->second = u->name;
    json j = AlertJson(a);
    j["unit_name"] = it->second;
    out.push_back(std::move(j));
  }
  c.Json({{"alerts", out}});
}

void AckAlert(Ctx& c) {
  // Alerts are the operators' (docs/api.md roles): units only read theirs.
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  auto a = c.store.FindAlert(c.PathId());
  if (!a) throw platform::NotFound("没有这个告警", "alert " + std::to_string(c.PathId()));
  c.RequireUnit(a->unit_id);
  c.store.AcknowledgeAlert(c.actor(), a->id);
  c.Json(AlertJson(*c.store.FindAlert(a->id)));
}

void ListSchedules(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  json out = json::array();
  for (const auto& s : c.store.ListSchedules()) out.push_back(ScheduleJson(s));
  c.Json({{"schedules", out}});
}

store::MonitorSchedule ScheduleFromBody(const json& b, store::MonitorSchedule s) {
  if (b.contains("unit_id") && !b["unit_id"].is_null()) s.unit_id = b["unit_id"].get<Id>();
  if (b.contains("campaign_id") && !b["campaign_id"].is_null())
    s.campaign_id = b["campaign_id"].get<Id>();
  if (b.contains("regime")) s.regime = monitor::ParseRegimeName(b["regime"].get<std::string>());
  if (b.contains("probes_per_day")) s.probes_per_day = b["probes_per_day"].get<int64_t>();
  if (b.contains("enabled")) s.enabled = b["enabled"].get<bool>();
  if (b.contains("start")) {
    auto d = Date::Parse(b["start"].get<std::string>());
    if (!d) throw platform::InvalidInput("start 不是日期 (YYYY-MM-DD)", "start");
    s.next_due_at = monitor::ChinaMidnight(*d);
  }
  return s;
}

void CreateSchedule(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  store::MonitorSchedule s;
  s.next_due_at = c.services.now();
  try {
    s = ScheduleFromBody(c.Body(), s);
  } catch (const json::exception& e) {
    throw platform::InvalidInput(std::string("字段类型不对: ") + e.what(), "schedule");
  }
  if (s.unit_id.has_value() == s.campaign_id.has_value())
    throw platform::InvalidInput("监测计划须指定 unit_id 或 campaign_id 之一", "schedule");
  s.id = c.store.SaveSchedule(c.actor(), s);
  if (c.services.wake_scans) c.services.wake_scans();
  // The schedule as created, not as read back: the scheduler may have fired it
  // since and moved next_due_at on.
  c.Json(ScheduleJson(s), 201);
}

void UpdateSchedule(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  auto s = c.store.FindSchedule(c.PathId());
  if (!s) throw platform::NotFound("没有这个监测计划", "schedule " + std::to_string(c.PathId()));
  store::MonitorSchedule next;
  try {
    next = ScheduleFromBody(c.Body(), *s);
  } catch (const json::exception& e) {
    throw platform::InvalidInput(std::string("字段类型不对: ") + e.what(), "schedule");
  }
  c.store.SaveSchedule(c.actor(), next);
  c.Json(ScheduleJson(*c.store.FindSchedule(s->id)));
}

void DeleteSchedule(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  if (!c.store.FindSchedule(c.PathId()))
    throw platform::NotFound("没有这个监测计划", "schedule " + std::to_string(c.PathId()));
  c.store.DeleteSchedule(c.actor(), c.PathId());
  c.NoContent();
}

void UnitProbes(Ctx& c) {
  const store::Unit unit = RequireVisibleUnit(c, c.PathId());
  const double days = c.QueryNumber("days", 1, 366, 7);
  const monitor::Millis to = c.services.now() + 1;
  const monitor::Millis from = to - static_cast<monitor::Millis>(days * monitor::kDayMs);
  json probes = json::array();
  for (const auto& p : c.store.ListProbes(unit.id, from, to))
    probes.push_back({{"at", p.at},
                      {"url", p.url},
                      {"ok", p.ok},
                      {"status", p.status},
                      {"elapsed_ms", p.elapsed_ms},
                      {"error", p.error}});
  json measures = json::object();
  for (const auto& m : monitor::AvailabilityMeasures(c.store, unit.id, from, to))
    measures[m.name] = json::parse(m.value_json);
  c.Json({{"unit_id", unit.id}, {"probes", probes}, {"measures", measures}});
}

// Availability of every visible unit over the last `days` (default 7): probes,
// failed probes, failure ratio (null without probes), the newest probe.
void Availability(Ctx& c) {
  const double days = c.QueryNumber("days", 1, 366, 7);
  const monitor::Millis to = c.services.now() + 1;
  const monitor::Millis from = to - static_cast<monitor::Millis>(days * monitor::kDayMs);
  json out = json::array();
  for (const store::Unit& u : c.store.ListUnits()) {
    if (!c.SeesUnit(u.id)) continue;
    const auto probes = c.store.ListProbes(u.id, from, to);
    int64_t failed = 0;
    for (const auto& p : probes) failed += p.ok ? 0 : 1;
    json last = json();
    if (!probes.empty())
      last = {{"at", probes.back().at}, {"ok", probes.back().ok}, {"error", probes.back().error}};
    out.push_back(
        {{"unit_id", u.id},
         {"code", u.code},
         {"name", u.name},
         {"probes", probes.size()},
         {"failed", failed},
         {"failure_ratio", probes.empty() ? json() : json(double(failed) / probes.size())},
         {"last", last}});
  }
  c.Json({{"days", days}, {"units", out}});
}

json WebhookJson(Ctx& c) {
  const auto setting = c.store.FindSetting(monitor::kWebhookSetting);
  const std::string& configured = c.config.alert_webhook;
  const std::string url = setting ? *setting : configured;
  return {{"url", url},
          {"source", setting              ? "setting"
                     : configured.empty() ? "none"
                                          : "config"},
          {"config_url", configured}};
}

void GetWebhook(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  c.Json(WebhookJson(c));
}

void PutWebhook(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const json b = c.Body();
  if (!b.contains("url") || !b["url"].is_string())
    throw platform::InvalidInput("url 须为字符串（空字符串表示不推送）", "url");
  const std::string url = b["url"].get<std::string>();
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  if (!url.empty() &&
      (!http || url.size() > 2000 || url.find_first_of(" \t\r\n") != std::string::npos))
    throw platform::InvalidInput("告警推送地址须为 http:// 或 https:// 网址", "url");
  c.store.SaveSetting(c.actor(), monitor::kWebhookSetting, url);
  c.Json(WebhookJson(c));
}

void IssueNotice(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const store::Unit unit = RequireVisibleUnit(c, c.PathId());
  const json b = c.Body();
  auto deadline = Date::Parse(b.value("deadline", ""));
  if (!deadline) throw platform::InvalidInput("deadline 须为日期 YYYY-MM-DD", "deadline");
  try {
    c.Json(NoticeJson(monitor::IssueUnitNotice(c.store, c.actor(), unit.id, *deadline,
                                               monitor::ChinaDate(c.services.now()))),
           201);
  } catch (const platform::InvalidInput&) {
    throw;
  } catch (const store::ConstraintError&) {
    throw;
  } catch (const Error& e) {
    throw platform::InvalidInput(e.what(), "notice");
  }
}

void ListNotices(Ctx& c) {
  const store::Unit unit = RequireVisibleUnit(c, c.PathId());
  json out = json::array();
  for (const auto& n : c.store.ListNotices(unit.id)) out.push_back(NoticeJson(n));
  c.Json({{"notices", out}});
}

void DownloadNotice(Ctx& c, bool docx) {
  auto n = c.store.FindNotice(c.PathId());
  if (!n) throw platform::NotFound("没有这个整改通知", "notice " + std::to_string(c.PathId()));
  c.RequireUnit(n->unit_id);
  const monitor::NoticeDocument doc = monitor::LoadNotice(c.store, n->id, c.Query("issuer"));
  const std::string name = "notice-" + std::to_string(n->id) + (docx ? ".docx" : ".html");
  c.res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  if (docx)
    c.res.set_content(monitor::RenderNoticeDocx(doc),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  else
    c.res.set_content(monitor::RenderNoticeHtml(doc), "text/html; charset=utf-8");
}

void QuarterlyResults(Ctx& c) {
  const store::Unit unit = RequireVisibleUnit(c, c.PathId());
  json out = json::array();
  for (const auto& q : c.store.ListQuarterlyResults(unit.id))
    out.push_back({{"quarter", q.quarter},
                   {"framework_id", q.framework_id},
                   {"passed", q.passed},
                   {"reasons", json::parse(q.reasons_json, nullptr, false)},
                   {"scan_id", q.scan_id ? json(*q.scan_id) : json()},
                   {"updated_at", q.updated_at}});
  c.Json({{"unit_id", unit.id}, {"results", out}});
}

}  // namespace

void RegisterMonitorRoutes(Api& api) {
  api.Get("/api/alerts", ListAlerts);
  api.Post(R"(/api/alerts/(\d+)/ack)", AckAlert);
  api.Get("/api/schedules", ListSchedules);
  api.Post("/api/schedules", CreateSchedule);
  api.Patch(R"(/api/schedules/(\d+))", UpdateSchedule);
  api.Delete(R"(/api/schedules/(\d+))", DeleteSchedule);
  api.Get(R"(/api/units/(\d+)/probes)", UnitProbes);
  api.Post(R"(/api/units/(\d+)/notices)", IssueNotice);
  api.Get(R"(/api/units/(\d+)/notices)", ListNotices);
  api.Get(R"(/api/notices/(\d+)/html)", [](Ctx& c) { DownloadNotice(c, false); });
  api.Get(R"(/api/notices/(\d+)/docx)", [](Ctx& c) { DownloadNotice(c, true); });
  api.Get(R"(/api/units/(\d+)/quarterly)", QuarterlyResults);
  api.Get("/api/availability", Availability);
  api.Get("/api/settings/webhook", GetWebhook);
  api.Put("/api/settings/webhook", PutWebhook);
}

}  // namespace govscore::server

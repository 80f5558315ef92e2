// Monitoring (migration 4): schedules of the progressive regime, availability
// probes, alerts with their webhook outbox, politeness leases per site host,
// the all-or-nothing completion of a scan job, 整改通知, quarterly checklist
// results and periodic reports. docs/storage.md ("Migration 4") and
// docs/monitoring.md describe the tables and their use.
#include <algorithm>
#include <cctype>

#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kRegimes[] = {"daily", "weekly", "monthly", "quarterly", "yearly"};
constexpr const char* kAlertKinds[] = {"outage", "veto"};
constexpr const char* kProfiles[] = {"full", "homepage", "links", "quarterly"};

constexpr const char* kScheduleCols =
    "SELECT id, campaign_id, unit_id, regime, probes_per_day, enabled, next_due_at, "
    "last_fired_at, fired_count FROM monitor_schedules ";

constexpr const char* kAlertCols =
    "SELECT id, unit_id, kind, alert_key, title, detail, state, raised_at, resolved_at, "
    "acknowledged_by, webhook_state, webhook_attempts, webhook_error FROM alerts ";

constexpr const char* kNoticeCols =
    "SELECT id, unit_id, number, deadline, finding_ids, issued_by, issued_at "
    "FROM rectification_notices ";

constexpr const char* kQuarterlyCols =
    "SELECT id, unit_id, quarter, framework_id, passed, reasons_json, result_json, scan_id, "
    "created_at, updated_at FROM quarterly_results ";

MonitorSchedule LoadSchedule(const Row& r) {
  MonitorSchedule s;
  s.id = r.Int(0);
  s.campaign_id = r.OptInt(1);
  s.unit_id = r.OptInt(2);
  s.regime = ParseRegime(r.Text(3));
  s.probes_per_day = r.Int(4);
  s.enabled = r.Int(5) != 0;
  s.next_due_at = r.Int(6);
  s.last_fired_at = r.OptInt(7);
  s.fired_count = r.Int(8);
  return s;
}

Alert LoadAlert(const Row& r) {
  Alert a;
  a.id = r.Int(0);
  a.unit_id = r.Int(1);
  a.kind = r.Text(2) == "veto" ? AlertKind::kVeto : AlertKind::kOutage;
  a.key = r.Text(3);
  a.title = r.Text(4);
  a.detail = r.Text(5);
  a.open = r.Text(6) == "open";
  a.raised_at = r.Int(7);
  a.resolved_at = r.OptInt(8);
  a.acknowledged_by = r.OptText(9);
  a.webhook_state = r.Text(10);
  a.webhook_attempts = r.Int(11);
  a.webhook_error = r.Text(12);
  return a;
}

RectificationNotice LoadNotice(const Row& r) {
  RectificationNotice n;
  n.id = r.Int(0);
  n.unit_id = r.Int(1);
  n.number = r.Text(2);
  auto d = Date::Parse(r.Text(3));
  Require(d.has_value(), "bad stored deadline '" + r.Text(3) + "'", "notice " + r.Text(0));
  n.deadline = *d;
  for (const auto& id : nlohmann::json::parse(r.Text(4))) n.finding_ids.push_back(id.get<Id>());
  n.issued_by = r.Text(5);
  n.issued_at = r.Int(6);
  return n;
}

QuarterlyResult LoadQuarterly(const Row& r) {
  QuarterlyResult q;
  q.id = r.Int(0);
  q.unit_id = r.Int(1);
  q.quarter = r.Text(2);
  q.framework_id = r.Text(3);
  q.passed = r.Int(4) != 0;
  q.reasons_json = r.Text(5);
  q.result_json = r.Text(6);
  q.scan_id = r.OptInt(7);
  q.created_at = r.Int(8);
  q.updated_at = r.Int(9);
  return q;
}

nlohmann::json ScheduleJson(const MonitorSchedule& s) {
  return {{"campaign_id", s.campaign_id ? nlohmann::json(*s.campaign_id) : nlohmann::json()},
          {"unit_id", s.unit_id ? nlohmann::json(*s.unit_id) : nlohmann::json()},
          {"regime", ToString(s.regime)},
          {"probes_per_day", s.probes_per_day},
          {"enabled", s.enabled},
          {"next_due_at", s.next_due_at}};
}

// Civil date in China (UTC+8, no DST) of a time in milliseconds.
Date ChinaDate(Millis ms) {
  const Millis shifted = ms + 8LL * 3600 * 1000;
  long days = static_cast<long>(shifted / 86'400'000);
  if (shifted % 86'400'000 < 0) --days;
  return Date::FromDayNumber(days);
}

}  // namespace

const char* ToString(Regime r) { return kRegimes[static_cast<int>(r)]; }
const char* ToString(AlertKind k) { return kAlertKinds[static_cast<int>(k)]; }

Regime ParseRegime(const std::string& s) {
  for (size_t i = 0; i < std::size(kRegimes); ++i)
    if (s == kRegimes[i]) return static_cast<Regime>(i);
  throw Error("unknown monitoring regime '" + s + "' (daily, weekly, monthly, quarterly, yearly)",
              "schedule");
}

std::string UrlHostKey(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string host = url.substr(start, end - start);
  if (const size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

// ---- schedules ----

Id SqlStore::SaveSchedule(const Actor& actor, const MonitorSchedule& s) {
  const std::string where = "schedule " + std::to_string(s.id);
  Require(s.campaign_id.has_value() != s.unit_id.has_value(),
          "a schedule is for exactly one campaign or one unit", where);
  Require(
      s.probes_per_day >= 1 && s.probes_per_day <= 1440,
      "probes_per_day must be between 1 and 1440 (got " + std::to_string(s.probes_per_day) + ")",
      where);
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = s.id;
  if (id == 0) {
    id = InsertReturningId(
        "INSERT INTO monitor_schedules (campaign_id, unit_id, regime, probes_per_day, enabled, "
        "next_due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {s.campaign_id, s.unit_id, ToString(s.regime), s.probes_per_day, s.enabled, s.next_due_at,
         now, now});
    Audit(actor, "schedule.create", "monitor_schedule", id, nullptr, ScheduleJson(s));
  } else {
    Rows r = db_->Query(std::string(kScheduleCols) + "WHERE id = ?" + db_->RowLockClause(), {id});
    Require(!r.empty(), "no schedule with id " + std::to_string(id), where);
    db_->Query(
        "UPDATE monitor_schedules SET campaign_id = ?, unit_id = ?, regime = ?, probes_per_day = "
        "?, enabled = ?, next_due_at = ?, updated_at = ? WHERE id = ?",
        {s.campaign_id, s.unit_id, ToString(s.regime), s.probes_per_day, s.enabled, s.next_due_at,
         now, id});
    Audit(actor, "schedule.update", "monitor_schedule", id, ScheduleJson(LoadSchedule(r[0])),
          ScheduleJson(s));
  }
  tx.Commit();
  return id;
}

void SqlStore::DeleteSchedule(const Actor& actor, Id id) {
  Transaction tx(*db_);
  Rows r = db_->Query(std::string(kScheduleCols) + "WHERE id = ?", {id});
  Require(!r.empty(), "no schedule with id " + std::to_string(id), "schedule");
  db_->Query("DELETE FROM monitor_schedules WHERE id = ?", {id});
  Audit(actor, "schedule.delete", "monitor_schedule", id, ScheduleJson(LoadSchedule(r[0])),
        nullptr);
  tx.Commit();
}

std::optional<MonitorSchedule> SqlStore::FindSchedule(Id id) {
  Rows r = db_->Query(std::string(kScheduleCols) + "WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return LoadSchedule(r[0]);
}

std::vector<MonitorSchedule> SqlStore::ListSchedules() {
  std::vector<MonitorSchedule> out;
  for (const Row& r : db_->Query(std::string(kScheduleCols) + "ORDER BY id"))
    out.push_back(LoadSchedule(r));
  return out;
}

std::vector<MonitorSchedule> SqlStore::ClaimDueSchedules(
    int limit, const std::function<Millis(const MonitorSchedule&)>& next_due) {
  Require(limit > 0, "limit must be positive", "schedules");
  Transaction tx(*db_);
  const Millis now = Now();
  Rows r = db_->Query(std::string(kScheduleCols) +
                          "WHERE enabled = 1 AND next_due_at <= ? ORDER BY next_due_at, id "
                          "LIMIT ?" +
                          db_->ClaimLockClause(),
                      {now, limit});
  std::vector<MonitorSchedule> out;
  for (const Row& row : r) {
    MonitorSchedule s = LoadSchedule(row);
    Millis next = next_due(s);
    // A schedule always moves forward, whatever the rule says.
    if (next <= now) next = now + 1;
    db_->Query(
        "UPDATE monitor_schedules SET next_due_at = ?, last_fired_at = ?, fired_count = "
        "fired_count + 1, updated_at = ? WHERE id = ?",
        {next, now, now, s.id});
    out.push_back(std::move(s));
  }
  tx.Commit();
  return out;
}

// ---- probes ----

Id SqlStore::AddProbe(const AvailabilityProbe& p) {
  Require(!p.url.empty(), "probe without URL", "unit " + std::to_string(p.unit_id));
  return InsertReturningId(
      "INSERT INTO availability_probes (unit_id, url, at, ok, status, elapsed_ms, error, worker) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {p.unit_id, p.url, p.at, p.ok, p.status, p.elapsed_ms, p.error, p.worker});
}

std::vector<AvailabilityProbe> SqlStore::ListProbes(Id unit_id, Millis from, Millis to) {
  std::vector<AvailabilityProbe> out;
  for (const Row& r :
       db_->Query("SELECT id, unit_id, url, at, ok, status, elapsed_ms, error, worker FROM "
                  "availability_probes WHERE unit_id = ? AND at >= ? AND at < ? ORDER BY at, id",
                  {unit_id, from, to}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4) != 0, r.Int(5), r.Int(6),
                   r.Text(7), r.Text(8)});
  return out;
}

// ---- alerts ----

std::optional<Id> SqlStore::RaiseAlert(const Actor& actor, Id unit_id, AlertKind kind,
                                       const std::string& key, const std::string& title,
                                       const std::string& detail) {
  Require(!key.empty(), "alert without key", "unit " + std::to_string(unit_id));
  Transaction tx(*db_);
  const Millis now = Now();
  // The partial unique index allows one open alert per (unit, key); a second
  // raise (even a concurrent one) inserts nothing.
  Rows r = db_->Query(
      "INSERT INTO alerts (unit_id, kind, alert_key, title, detail, state, raised_at, "
      "webhook_state, webhook_next_at) VALUES (?, ?, ?, ?, ?, 'open', ?, 'pending', ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {unit_id, ToString(kind), key, title, detail, now, now});
  if (r.empty()) {
    tx.Commit();
    return std::nullopt;
  }
  const Id id = r[0].Int(0);
  Audit(actor, "alert.raise", "alert", id, nullptr,
        {{"unit_id", unit_id}, {"kind", ToString(kind)}, {"key", key}, {"title", title}});
  tx.Commit();
  return id;
}

bool SqlStore::ResolveAlert(const Actor& actor, Id unit_id, const std::string& key) {
  Transaction tx(*db_);
  Rows r = db_->Query(
      "UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE unit_id = ? AND alert_key = ? "
      "AND state = 'open' RETURNING id",
      {Now(), unit_id, key});
  for (const Row& row : r)
    Audit(actor, "alert.resolve", "alert", row.Int(0), {{"state", "open"}},
          {{"state", "resolved"}});
  tx.Commit();
  return !r.empty();
}

void SqlStore::AcknowledgeAlert(const Actor& actor, Id alert_id) {
  Transaction tx(*db_);
  db_->Query("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
             {actor.name, Now(), alert_id});
  Require(db_->Changes() == 1, "no alert with id " + std::to_string(alert_id), "alert");
  Audit(actor, "alert.acknowledge", "alert", alert_id, nullptr, {{"by", actor.name}});
  tx.Commit();
}

std::optional<Alert> SqlStore::FindAlert(Id id) {
  Rows r = db_->Query(std::string(kAlertCols) + "WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return LoadAlert(r[0]);
}

std::vector<Alert> SqlStore::ListAlerts(std::optional<Id> unit_id, bool open_only, int limit) {
  std::string sql = std::string(kAlertCols) + "WHERE (? = 0 OR unit_id = ?)";
  if (open_only) sql += " AND state = 'open'";
  sql += " ORDER BY id DESC LIMIT ?";
  std::vector<Alert> out;
  for (const Row& r :
       db_->Query(sql, {unit_id.has_value(), unit_id.value_or(0), std::max(limit, 1)}))
    out.push_back(LoadAlert(r));
  return out;
}

std::vector<Alert> SqlStore::ClaimWebhookDeliveries(int limit, Millis retry_ms) {
  Transaction tx(*db_);
  const Millis now = Now();
  Rows r = db_->Query(std::string(kAlertCols) +
                          "WHERE webhook_state = 'pending' AND webhook_next_at <= ? ORDER BY id "
                          "LIMIT ?" +
                          db_->ClaimLockClause(),
                      {now, std::max(limit, 1)});
  std::vector<Alert> out;
  for (const Row& row : r) {
    out.push_back(LoadAlert(row));
    db_->Query("UPDATE alerts SET webhook_next_at = ? WHERE id = ?",
               {now + retry_ms, out.back().id});
  }
  tx.Commit();
  return out;
}

void SqlStore::MarkWebhookDelivery(Id alert_id, bool ok, const std::string& error,
                                   int max_attempts) {
  db_->Query(
      "UPDATE alerts SET webhook_attempts = webhook_attempts + 1, webhook_error = ?, "
      "webhook_state = CASE WHEN ? = 1 THEN 'sent' WHEN ? <= 0 THEN 'none' WHEN webhook_attempts + "
      "1 "
      ">= ? THEN 'failed' ELSE 'pending' END WHERE id = ?",
      {error, ok, max_attempts, max_attempts, alert_id});
}

// ---- monitoring scans and politeness ----

Id SqlStore::EnqueueMonitorScan(const Actor& actor, Id unit_id, const std::string& site_url,
                                const std::string& profile, std::optional<Id> schedule_id,
                                int64_t priority) {
  Require(std::find(std::begin(kProfiles), std::end(kProfiles), profile) != std::end(kProfiles),
          "unknown scan profile '" + profile + "' (full, homepage, links, quarterly)",
          "unit " + std::to_string(unit_id));
  Transaction tx(*db_);
  Scan scan;
  scan.unit_id = unit_id;
  scan.site_url = site_url;
  const Id scan_id = CreateScan(actor, scan);  // nested: a savepoint
  const Millis now = Now();
  const Id job_id = InsertReturningId(
      "INSERT INTO scan_jobs (scan_id, state, priority, attempts, max_attempts, available_at, "
      "created_at, updated_at, profile, schedule_id) VALUES (?, 'queued', ?, 0, 3, ?, ?, ?, ?, ?)",
      {scan_id, priority, now, now, now, profile, schedule_id});
  Audit(actor, "job.enqueue", "scan_job", job_id, nullptr,
        {{"scan_id", scan_id}, {"priority", priority}, {"profile", profile}});
  tx.Commit();
  return scan_id;
}

std::optional<ScanJob> SqlStore::ClaimScanJobPolitely(const std::string& worker, Millis lease_ms) {
  Require(!worker.empty(), "worker name must not be empty", "job queue");
  Require(lease_ms > 0, "lease must be positive", "worker " + worker);
  Transaction tx(*db_);
  const Millis now = Now();
  // A few candidates, so that jobs of a busy host do not block the others.
  Rows pick = db_->Query(
      std::string("SELECT j.id, j.lease_owner, (SELECT s.site_url FROM scans s WHERE s.id = "
                  "j.scan_id) FROM scan_jobs j WHERE (j.state = 'queued' AND j.available_at <= "
                  "?) OR (j.state = 'leased' AND j.lease_expires_at <= ? AND j.attempts < "
                  "j.max_attempts) ORDER BY j.priority DESC, j.id LIMIT 32") +
          db_->ClaimLockClause(),
      {now, now});
  for (const Row& cand : pick) {
    const std::string host = UrlHostKey(cand.Text(2));
    if (!host.empty()) {
      // A host another worker holds is skipped without touching its row.
      if (!db_->Query("SELECT 1 FROM host_leases WHERE host = ? AND expires_at > ? AND owner <> ?",
                      {host, now, worker})
               .empty())
        continue;
      // Takes the host when free, expired, or already ours. On PostgreSQL a
      // concurrent claimer of the same host waits here for our commit, then
      // finds the lease live and takes nothing.
      db_->Query(
          "INSERT INTO host_leases (host, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (host) "
          "DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at WHERE "
          "host_leases.expires_at <= ? OR host_leases.owner = ?",
          {host, worker, now + lease_ms, now, worker});
      if (db_->Changes() != 1) continue;
    }
    const Id id = cand.Int(0);
    Rows r = db_->Query(
        "UPDATE scan_jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?, "
        "attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING id, scan_id, state, "
        "priority, attempts, max_attempts, lease_owner, lease_expires_at, last_error, profile, "
        "schedule_id",
        {worker, now + lease_ms, now, id});
    ScanJob job = LoadJob(r.at(0));
    job.host = host;
    nlohmann::json before = {{"state", cand.IsNull(1) ? "queued" : "leased"}};
    if (!cand.IsNull(1)) before["expired_owner"] = cand.Text(1);
    Audit({std::nullopt, worker}, "job.claim", "scan_job", id, before,
          {{"state", "leased"}, {"owner", worker}, {"attempt", job.attempts}, {"host", host}});
    tx.Commit();
    return job;
  }
  tx.Commit();
  return std::nullopt;
}

bool SqlStore::HeartbeatScanJobAndHost(Id job_id, const std::string& host,
                                       const std::string& worker, Millis lease_ms) {
  Transaction tx(*db_);
  const bool held = HeartbeatScanJob(job_id, worker, lease_ms);
  if (held && !host.empty())
    db_->Query("UPDATE host_leases SET expires_at = ? WHERE host = ? AND owner = ?",
               {Now() + lease_ms, host, worker});
  tx.Commit();
  return held;
}

void SqlStore::ReleaseHostLease(const std::string& host, const std::string& worker) {
  db_->Query("DELETE FROM host_leases WHERE host = ? AND owner = ?", {host, worker});
}

bool SqlStore::TakeHostLease(const std::string& host, const std::string& owner, Millis lease_ms) {
  Require(!host.empty() && !owner.empty(), "host and owner must not be empty", "host lease");
  Require(lease_ms > 0, "lease must be positive", "host lease " + host);
  const Millis now = Now();
  db_->Query(
      "INSERT INTO host_leases (host, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (host) "
      "DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at WHERE "
      "host_leases.expires_at <= ? OR host_leases.owner = ?",
      {host, owner, now + lease_ms, now, owner});
  return db_->Changes() == 1;
}

std::optional<std::string> SqlStore::HostLeaseOwner(const std::string& host) {
  Rows r =
      db_->Query("SELECT owner FROM host_leases WHERE host = ? AND expires_at > ?", {host, Now()});
  if (r.empty()) return std::nullopt;
  return r[0].Text(0);
}

std::optional<FindingsUpdate> SqlStore::CompleteScanJobWithResults(Id job_id,
                                                                   const std::string& worker,
                                                                   const std::string& host,
                                                                   const Actor& actor,
                                                                   const ScanJobResults& results) {
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT scan_id, state, lease_owner, attempts FROM scan_jobs WHERE id = ?" +
                          std::string(db_->RowLockClause()),
                      {job_id});
  Require(!r.empty(), "no job with id " + std::to_string(job_id), "job queue");
  if (r[0].Text(1) != "leased" || r[0].OptText(2) != worker) {
    tx.Commit();
    return std::nullopt;
  }
  const Id scan_id = r[0].Int(0);
  // Each call below is a savepoint of this one transaction.
  FinishScan(actor, scan_id, ScanState::kDone, results.summary_json, results.document_json, "");
  AddMeasures(actor, results.measures);
  FindingsUpdate update;
  if (results.record_findings) update = RecordScanFindings(actor, scan_id, results.findings);
  const Millis now = Now();
  db_->Query(
      "UPDATE scan_jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, "
      "available_at = ?, last_error = '', updated_at = ? WHERE id = ?",
      {now, now, job_id});
  Audit({std::nullopt, worker}, "job.complete", "scan_job", job_id,
        {{"state", "leased"}, {"attempts", r[0].Int(3)}}, {{"state", "done"}});
  if (!host.empty())
    db_->Query("DELETE FROM host_leases WHERE host = ? AND owner = ?", {host, worker});
  tx.Commit();
  return update;
}

std::vector<Scan> SqlStore::ListProfileScans(Id unit_id, const std::string& profile, int limit) {
  std::vector<Scan> out;
  for (const Row& r : db_->Query(
           "SELECT s.id FROM scans s JOIN scan_jobs j ON j.scan_id = s.id WHERE s.unit_id = ? "
           "AND (? = '' OR j.profile = ?) ORDER BY s.id DESC LIMIT ?",
           {unit_id, profile, profile, std::max(limit, 1)}))
    if (auto s = FindScan(r.Int(0), false)) out.push_back(std::move(*s));
  return out;
}

// ---- notices, quarterly results, reports ----

RectificationNotice SqlStore::IssueNotice(const Actor& actor, Id unit_id, const Date& deadline,
                                          const std::vector<Id>& finding_ids) {
  const std::string where = "unit " + std::to_string(unit_id);
  Require(!finding_ids.empty(), "a rectification notice needs at least one finding", where);
  Transaction tx(*db_);
  for (Id f : finding_ids) {
    Rows fr = db_->Query("SELECT unit_id FROM findings WHERE id = ?", {f});
    Require(!fr.empty() && fr[0].Int(0) == unit_id,
            "finding " + std::to_string(f) + " is not a finding of this unit", where);
  }
  const Millis now = Now();
  const std::string prefix = "整改〔" + std::to_string(ChinaDate(now).year()) + "〕";
  RectificationNotice n;
  n.unit_id = unit_id;
  n.deadline = deadline;
  n.finding_ids = finding_ids;
  n.issued_by = actor.name;
  n.issued_at = now;
  // The number is the year's count + 1. Two transactions issuing at once (on
  // PostgreSQL) count the same rows; the UNIQUE number makes the later insert
  // wait for the earlier commit and fail, and it takes the next number then
  // (each try in a savepoint, so the transaction stays usable).
  int64_t next = 0;
  for (int attempt = 0;; ++attempt) {
    Rows count = db_->Query("SELECT COUNT(*) FROM rectification_notices WHERE number LIKE ?",
                            {prefix + "%"});
    next = std::max(next + 1, count[0].Int(0) + 1);
    n.number = prefix + std::to_string(next) + "号";
    Transaction attempt_tx(*db_);
    try {
      n.id = InsertReturningId(
          "INSERT INTO rectification_notices (unit_id, number, deadline, finding_ids, issued_by, "
          "issued_at) VALUES (?, ?, ?, ?, ?, ?)",
          {unit_id, n.number, deadline.ToString(), nlohmann::json(finding_ids).dump(), actor.name,
           now});
      attempt_tx.Commit();
      break;
    } catch (const ConstraintError&) {
      if (attempt >= 50) throw;
      // attempt_tx rolls back to its savepoint; count again.
    }
  }
  Audit(actor, "notice.issue", "rectification_notice", n.id, nullptr,
        {{"unit_id", unit_id},
         {"number", n.number},
         {"deadline", deadline.ToString()},
         {"findings", finding_ids}});
  tx.Commit();
  return n;
}

std::optional<RectificationNotice> SqlStore::FindNotice(Id id) {
  Rows r = db_->Query(std::string(kNoticeCols) + "WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return LoadNotice(r[0]);
}

std::vector<RectificationNotice> SqlStore::ListNotices(Id unit_id) {
  std::vector<RectificationNotice> out;
  for (const Row& r :
       db_->Query(std::string(kNoticeCols) + "WHERE unit_id = ? ORDER BY id DESC", {unit_id}))
    out.push_back(LoadNotice(r));
  return out;
}

Id SqlStore::SaveQuarterlyResult(const Actor& actor, const QuarterlyResult& q) {
  const std::string where = "unit " + std::to_string(q.unit_id) + " quarter " + q.quarter;
  Require(
      q.quarter.size() == 6 && q.quarter[4] == 'Q' && q.quarter[5] >= '1' && q.quarter[5] <= '4',
      "quarter must look like 2026Q4 (got '" + q.quarter + "')", where);
  Require(!q.framework_id.empty(), "quarterly result without framework", where);
  for (const std::string* j : {&q.reasons_json, &q.result_json})
    Require(nlohmann::json::accept(*j), "not JSON: " + j->substr(0, 80), where);
  Transaction tx(*db_);
  const Millis now = Now();
  Rows r = db_->Query(std::string(kQuarterlyCols) +
                          "WHERE unit_id = ? AND quarter = ? AND framework_id = ?" +
                          db_->RowLockClause(),
                      {q.unit_id, q.quarter, q.framework_id});
  const nlohmann::json after = {{"quarter", q.quarter},
                                {"framework_id", q.framework_id},
                                {"passed", q.passed},
                                {"reasons", nlohmann::json::parse(q.reasons_json)}};
  Id id;
  if (r.empty()) {
    id = InsertReturningId(
        "INSERT INTO quarterly_results (unit_id, quarter, framework_id, passed, reasons_json, "
        "result_json, scan_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {q.unit_id, q.quarter, q.framework_id, q.passed, q.reasons_json, q.result_json, q.scan_id,
         now, now});
    Audit(actor, "quarterly.save", "quarterly_result", id, nullptr, after);
  } else {
    const QuarterlyResult old = LoadQuarterly(r[0]);
    id = old.id;
    db_->Query(
        "UPDATE quarterly_results SET passed = ?, reasons_json = ?, result_json = ?, scan_id = ?, "
        "updated_at = ? WHERE id = ?",
        {q.passed, q.reasons_json, q.result_json, q.scan_id, now, id});
    Audit(actor, "quarterly.save", "quarterly_result", id,
          {{"passed", old.passed}, {"reasons", nlohmann::json::parse(old.reasons_json)}}, after);
  }
  tx.Commit();
  return id;
}

std::vector<QuarterlyResult> SqlStore::ListQuarterlyResults(Id unit_id) {
  std::vector<QuarterlyResult> out;
  for (const Row& r :
       db_->Query(std::string(kQuarterlyCols) + "WHERE unit_id = ? ORDER BY quarter, framework_id",
                  {unit_id}))
    out.push_back(LoadQuarterly(r));
  return out;
}

void SqlStore::SaveMonitorReport(const Actor& actor, Id unit_id, const std::string& kind,
                                 const std::string& period, const std::string& report_json) {
  Require(nlohmann::json::accept(report_json), "report is not JSON",
          "unit " + std::to_string(unit_id) + " " + kind + " " + period);
  Transaction tx(*db_);
  db_->Query("DELETE FROM monitor_reports WHERE unit_id = ? AND kind = ? AND period = ?",
             {unit_id, kind, period});
  const Id id = InsertReturningId(
      "INSERT INTO monitor_reports (unit_id, kind, period, report_json, created_at) VALUES (?, ?, "
      "?, ?, ?)",
      {unit_id, kind, period, report_json, Now()});
  Audit(actor, "report.save", "monitor_report", id, nullptr,
        {{"unit_id", unit_id}, {"kind", kind}, {"period", period}});
  tx.Commit();
}

std::optional<std::string> SqlStore::FindMonitorReport(Id unit_id, const std::string& kind,
                                                       const std::string& period) {
  Rows r = db_->Query(
      "SELECT report_json FROM monitor_reports WHERE unit_id = ? AND kind = ? AND period = ?",
      {unit_id, kind, period});
  if (r.empty()) return std::nullopt;
  return r[0].Text(0);
}

}  // namespace govscore::store

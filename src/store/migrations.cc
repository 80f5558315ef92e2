#include "store/migrations.h"

#include <set>
#include <string>

namespace govscore::store {
namespace {

// SQL is written once for both backends. Tokens expanded per dialect:
//   {id}  an auto-assigned 64-bit primary key
struct Migration {
  int version;
  const char* name;
  const char* common;
  const char* sqlite_only;
  const char* postgres_only;
};

// Times are BIGINT milliseconds since the Unix epoch (UTC); civil dates are TEXT
// YYYY-MM-DD; JSON documents are TEXT. Flags are BIGINT 0/1.
constexpr Migration kMigrations[] = {
    {1, "initial schema",
     R"sql(
CREATE TABLE users (
  id {id},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','organiser','reviewer','webmaster')),
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE units (
  id {id},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  parent_id BIGINT REFERENCES units(id) ON DELETE RESTRICT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE TABLE unit_websites (
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  url TEXT NOT NULL,
  PRIMARY KEY (unit_id, position)
);
CREATE INDEX unit_websites_url ON unit_websites(url);
CREATE TABLE unit_accounts (
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (unit_id, position)
);
CREATE TABLE user_units (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, unit_id)
);
CREATE TABLE sessions (
  id {id},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE framework_versions (
  id {id},
  framework_id TEXT NOT NULL,
  version TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  yaml_text TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (framework_id, version)
);
CREATE TABLE campaigns (
  id {id},
  name TEXT NOT NULL,
  framework_version_id BIGINT NOT NULL REFERENCES framework_versions(id) ON DELETE RESTRICT,
  period_from TEXT,
  period_to TEXT,
  as_of TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft','collecting','reviewing','published','archived')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE campaign_units (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  PRIMARY KEY (campaign_id, unit_id)
);
CREATE TABLE scans (
  id {id},
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE RESTRICT,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  site_url TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  summary_json TEXT,
  document_json TEXT,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scans_unit ON scans(unit_id, id);
CREATE INDEX scans_campaign ON scans(campaign_id);
CREATE TABLE scan_jobs (
  id {id},
  scan_id BIGINT NOT NULL UNIQUE REFERENCES scans(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('queued','leased','done','failed')),
  priority BIGINT NOT NULL DEFAULT 0,
  attempts BIGINT NOT NULL DEFAULT 0,
  max_attempts BIGINT NOT NULL DEFAULT 3,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  available_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scan_jobs_ready ON scan_jobs(state, priority, id);
CREATE TABLE scan_checkpoints (
  scan_id BIGINT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  pages_done BIGINT NOT NULL,
  frontier_state TEXT NOT NULL,
  worker TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scan_id, seq)
);
CREATE TABLE scan_pages (
  scan_id BIGINT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  status BIGINT NOT NULL,
  record_json TEXT NOT NULL DEFAULT '{}',
  checkpoint_seq BIGINT NOT NULL,
  PRIMARY KEY (scan_id, url)
);
CREATE TABLE measures (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  scan_id BIGINT REFERENCES scans(id) ON DELETE CASCADE,
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value_json TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL DEFAULT '',
  evidence_json TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE INDEX measures_unit ON measures(unit_id, name);
CREATE INDEX measures_scan ON measures(scan_id);
CREATE TABLE findings (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  finding_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('open','fixed_claimed','confirmed_fixed','reopened')),
  first_seen_scan_id BIGINT NOT NULL REFERENCES scans(id),
  last_seen_scan_id BIGINT NOT NULL REFERENCES scans(id),
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (unit_id, finding_key)
);
CREATE INDEX findings_unit_state ON findings(unit_id, state);
CREATE TABLE finding_transitions (
  id {id},
  finding_id BIGINT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL,
  scan_id BIGINT REFERENCES scans(id),
  actor TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX finding_transitions_finding ON finding_transitions(finding_id, id);
CREATE TABLE judgments (
  id {id},
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  indicator_id TEXT NOT NULL,
  criterion TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  current_revision BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft','submitted','checked')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (campaign_id, unit_id, indicator_id, criterion, channel)
);
CREATE TABLE judgment_revisions (
  id {id},
  judgment_id BIGINT NOT NULL REFERENCES judgments(id) ON DELETE RESTRICT,
  revision BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft','submitted','checked')),
  value_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  reviewer_user_id BIGINT REFERENCES users(id),
  reviewer TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (judgment_id, revision)
);
CREATE TABLE judgment_evidence (
  id {id},
  revision_id BIGINT NOT NULL REFERENCES judgment_revisions(id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('url','file')),
  url TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  stored_name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  size_bytes BIGINT NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX judgment_evidence_revision ON judgment_evidence(revision_id);
CREATE TABLE events (
  id {id},
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  event_date TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 1,
  points DOUBLE PRECISION,
  evidence TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX events_unit ON events(unit_id);
CREATE TABLE score_snapshots (
  id {id},
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
  sheet_json TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at BIGINT NOT NULL
);
CREATE INDEX score_snapshots_campaign ON score_snapshots(campaign_id, id);
CREATE TABLE audit_log (
  id {id},
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  summary TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
)sql",
     // Append-only tables refuse UPDATE and DELETE.
     R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER judgment_revisions_no_update BEFORE UPDATE ON judgment_revisions
BEGIN SELECT RAISE(ABORT, 'judgment_revisions is append-only'); END;
CREATE TRIGGER judgment_revisions_no_delete BEFORE DELETE ON judgment_revisions
BEGIN SELECT RAISE(ABORT, 'judgment_revisions is append-only'); END;
)sql",
     R"sql(
CREATE FUNCTION govscore_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION govscore_append_only();
CREATE TRIGGER judgment_revisions_append_only BEFORE UPDATE OR DELETE ON judgment_revisions
  FOR EACH ROW EXECUTE FUNCTION govscore_append_only();
)sql"},
    {2, "campaign second review, scan progress",
     R"sql(
ALTER TABLE campaigns ADD COLUMN second_review BIGINT NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN progress_json TEXT;
)sql",
     nullptr, nullptr},
    {3, "reviewer indicator assignments, unit evidence files",
     R"sql(
CREATE TABLE reviewer_indicators (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  indicator_id TEXT NOT NULL,
  PRIMARY KEY (campaign_id, user_id, indicator_id)
);
CREATE TABLE evidence_files (
  id {id},
  stored_name TEXT NOT NULL UNIQUE,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE RESTRICT,
  indicator_id TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  uploaded_by TEXT NOT NULL,
  uploaded_by_user_id BIGINT REFERENCES users(id),
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX evidence_files_unit ON evidence_files(unit_id, id);
)sql",
     nullptr, nullptr},
    {4, "monitoring schedules, probes, alerts, host leases, notices, quarterly results",
     R"sql(
CREATE TABLE monitor_schedules (
  id {id},
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id BIGINT REFERENCES units(id) ON DELETE CASCADE,
  regime TEXT NOT NULL CHECK (regime IN ('daily','weekly','monthly','quarterly','yearly')),
  probes_per_day BIGINT NOT NULL DEFAULT 24 CHECK (probes_per_day BETWEEN 1 AND 1440),
  enabled BIGINT NOT NULL DEFAULT 1,
  next_due_at BIGINT NOT NULL,
  last_fired_at BIGINT,
  fired_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((campaign_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX monitor_schedules_unit ON monitor_schedules(unit_id, regime)
  WHERE unit_id IS NOT NULL;
CREATE UNIQUE INDEX monitor_schedules_campaign ON monitor_schedules(campaign_id, regime)
  WHERE campaign_id IS NOT NULL;
CREATE INDEX monitor_schedules_due ON monitor_schedules(enabled, next_due_at);
CREATE TABLE availability_probes (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  at BIGINT NOT NULL,
  ok BIGINT NOT NULL,
  status BIGINT NOT NULL DEFAULT 0,
  elapsed_ms BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  worker TEXT NOT NULL DEFAULT ''
);
CREATE INDEX availability_probes_unit ON availability_probes(unit_id, at);
CREATE TABLE alerts (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('outage','veto')),
  alert_key TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('open','resolved')),
  raised_at BIGINT NOT NULL,
  resolved_at BIGINT,
  acknowledged_by TEXT,
  acknowledged_at BIGINT,
  webhook_state TEXT NOT NULL DEFAULT 'pending'
    CHECK (webhook_state IN ('pending','sent','failed','none')),
  webhook_attempts BIGINT NOT NULL DEFAULT 0,
  webhook_next_at BIGINT NOT NULL DEFAULT 0,
  webhook_error TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX alerts_open_key ON alerts(unit_id, alert_key) WHERE state = 'open';
CREATE INDEX alerts_webhook ON alerts(webhook_state, webhook_next_at);
CREATE TABLE host_leases (
  host TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
ALTER TABLE scan_jobs ADD COLUMN profile TEXT NOT NULL DEFAULT 'full';
ALTER TABLE scan_jobs ADD COLUMN schedule_id BIGINT;
CREATE TABLE rectification_notices (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  number TEXT NOT NULL UNIQUE,
  deadline TEXT NOT NULL,
  finding_ids TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at BIGINT NOT NULL
);
CREATE INDEX rectification_notices_unit ON rectification_notices(unit_id, id);
CREATE TABLE quarterly_results (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  quarter TEXT NOT NULL,
  framework_id TEXT NOT NULL,
  passed BIGINT NOT NULL,
  reasons_json TEXT NOT NULL DEFAULT '[]',
  result_json TEXT NOT NULL DEFAULT '{}',
  scan_id BIGINT REFERENCES scans(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (unit_id, quarter, framework_id)
);
CREATE TABLE monitor_reports (
  id {id},
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  report_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (unit_id, kind, period)
);
)sql",
     nullptr, nullptr},
    {5, "mid-crawl checkpoints: the crawl log of a scan",
     R"sql(
CREATE TABLE scan_crawl_log (
  scan_id BIGINT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  events TEXT NOT NULL,
  pages BIGINT NOT NULL,
  worker TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scan_id, seq)
);
)sql",
     nullptr, nullptr},
    {6, "settings of the installation (alert webhook set in the UI)",
     R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
)sql",
     nullptr, nullptr},
    {7, "simulated consultations and 依申请公开 requests of a campaign",
     R"sql(
CREATE TABLE consultations (
  id {id},
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('consult','disclosure')),
  channel TEXT NOT NULL DEFAULT '',
  asked_at TEXT NOT NULL,
  question TEXT NOT NULL,
  replied_at TEXT NOT NULL DEFAULT '',
  answer TEXT NOT NULL DEFAULT '',
  accurate BIGINT,
  evasive BIGINT,
  review_note TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_by_user_id BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  recorded_by TEXT NOT NULL,
  recorded_by_user_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX consultations_campaign ON consultations(campaign_id, unit_id, id);
)sql",
     nullptr, nullptr},
};

std::string Expand(const char* sql, Dialect d) {
  std::string out = sql;
  const std::string id = d == Dialect::kSqlite
                             ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (size_t p; (p = out.find("{id}")) != std::string::npos;) out.replace(p, 4, id);
  return out;
}

// Key of the PostgreSQL advisory lock that serialises migrations ("govscore").
constexpr int64_t kMigrationLockKey = 0x676f7673636f7265;

}  // namespace

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

int KnownMigrationCount() { return static_cast<int>(std::size(kMigrations)); }

int ApplyMigrations(Connection& db, int64_t now_ms) {
  Transaction tx(db);
  if (db.dialect() == Dialect::kPostgres)
    db.Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey});
  db.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  std::set<int64_t> applied;
  for (const Row& r : db.Query("SELECT version FROM schema_migrations")) applied.insert(r.Int(0));
  if (!applied.empty() && *applied.rbegin() > LatestSchemaVersion())
    throw Error("database schema version " + std::to_string(*applied.rbegin()) +
                    " is newer than this govscore understands (" +
                    std::to_string(LatestSchemaVersion()) + "); upgrade govscore",
                "schema_migrations");
  int count = 0;
  for (const Migration& m : kMigrations) {
    if (applied.count(m.version)) continue;
    db.ExecScript(Expand(m.common, db.dialect()));
    const char* own = db.dialect() == Dialect::kSqlite ? m.sqlite_only : m.postgres_only;
    if (own && *own) db.ExecScript(Expand(own, db.dialect()));
    db.Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
             {m.version, m.name, now_ms});
    ++count;
  }
  tx.Commit();
  return count;
}

}  // namespace govscore::store

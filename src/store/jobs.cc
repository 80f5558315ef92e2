// The scan job queue shared by workers (issue 6) and per-scan checkpoints.
// A job is queued → leased (by one worker, until lease_expires_at, extended by
// heartbeats) → done, or back to queued on failure / expiry until max_attempts,
// then failed. Claims lock rows with FOR UPDATE SKIP LOCKED on PostgreSQL; on
// SQLite the claim's IMMEDIATE transaction is the only writer at that moment.
#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kJobCols =
    "SELECT id, scan_id, state, priority, attempts, max_attempts, lease_owner, lease_expires_at, "
    "last_error, profile, schedule_id FROM scan_jobs ";

// Delay before a failed job is retried, times the attempts made so far.
constexpr Millis kRetryDelayMs = 30'000;

}  // namespace

ScanJob LoadJob(const Row& r) {
  ScanJob j;
  j.id = r.Int(0);
  j.scan_id = r.Int(1);
  j.state = ParseJobState(r.Text(2));
  j.priority = r.Int(3);
  j.attempts = r.Int(4);
  j.max_attempts = r.Int(5);
  j.lease_owner = r.OptText(6);
  j.lease_expires_at = r.OptInt(7);
  j.last_error = r.Text(8);
  j.profile = r.Text(9);
  j.schedule_id = r.OptInt(10);
  return j;
}

Id SqlStore::EnqueueScanJob(const Actor& actor, Id scan_id, int64_t priority,
                            int64_t max_attempts) {
  Require(max_attempts >= 1, "max_attempts must be at least 1", "scan " + std::to_string(scan_id));
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = InsertReturningId(
      "INSERT INTO scan_jobs (scan_id, state, priority, attempts, max_attempts, available_at, "
      "created_at, updated_at) VALUES (?, 'queued', ?, 0, ?, ?, ?, ?)",
      {scan_id, priority, max_attempts, now, now, now});
  Audit(actor, "job.enqueue", "scan_job", id, nullptr,
        {{"scan_id", scan_id}, {"priority", priority}, {"max_attempts", max_attempts}});
  tx.Commit();
  return id;
}

std::optional<ScanJob> SqlStore::ClaimScanJob(const std::string& worker, Millis lease_ms) {
  Require(!worker.empty(), "worker name must not be empty", "job queue");
  Require(lease_ms > 0, "lease must be positive", "worker " + worker);
  Transaction tx(*db_);
  const Millis now = Now();
  Rows pick = db_->Query(
      std::string("SELECT id, lease_owner FROM scan_jobs WHERE (state = 'queued' AND "
                  "available_at <= ?) OR (state = 'leased' AND lease_expires_at <= ? AND "
                  "attempts < max_attempts) ORDER BY priority DESC, id LIMIT 1") +
          db_->ClaimLockClause(),
      {now, now});
  if (pick.empty()) {
    tx.Commit();
    return std::nullopt;
  }
  const Id id = pick[0].Int(0);
  Rows r = db_->Query(
      "UPDATE scan_jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?, "
      "attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING id, scan_id, state, "
      "priority, attempts, max_attempts, lease_owner, lease_expires_at, last_error, profile, "
      "schedule_id",
      {worker, now + lease_ms, now, id});
  ScanJob job = LoadJob(r.at(0));
  nlohmann::json before = {{"state", pick[0].IsNull(1) ? "queued" : "leased"}};
  if (!pick[0].IsNull(1)) before["expired_owner"] = pick[0].Text(1);
  Audit({std::nullopt, worker}, "job.claim", "scan_job", id, before,
        {{"state", "leased"}, {"owner", worker}, {"attempt", job.attempts}});
  tx.Commit();
  return job;
}

bool SqlStore::HeartbeatScanJob(Id job_id, const std::string& worker, Millis lease_ms) {
  Require(lease_ms > 0, "lease must be positive", "worker " + worker);
  const Millis now = Now();
  db_->Query(
      "UPDATE scan_jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND "
      "state = 'leased' AND lease_owner = ?",
      {now + lease_ms, now, job_id, worker});
  return db_->Changes() == 1;
}

bool SqlStore::CompleteScanJob(Id job_id, const std::string& worker, bool success,
                               const std::string& error) {
  Transaction tx(*db_);
  Rows r = db_->Query(std::string(kJobCols) + "WHERE id = ?" + db_->RowLockClause(), {job_id});
  Require(!r.empty(), "no job with id " + std::to_string(job_id), "job queue");
  ScanJob job = LoadJob(r[0]);
  if (job.state != JobState::kLeased || job.lease_owner != worker) {
    tx.Commit();
    return false;
  }
  const Millis now = Now();
  const char* next = success ? "done" : job.attempts >= job.max_attempts ? "failed" : "queued";
  // A failed run waits before its retry, longer after each attempt, so a site
  // that is down is not hammered.
  const Millis retry_at = now + kRetryDelayMs * job.attempts;
  db_->Query(
      "UPDATE scan_jobs SET state = ?, lease_owner = NULL, lease_expires_at = NULL, "
      "available_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
      {next, success ? now : retry_at, error, now, job_id});
  Audit({std::nullopt, worker}, "job.complete", "scan_job", job_id,
        {{"state", "leased"}, {"attempts", job.attempts}}, {{"state", next}, {"error", error}});
  tx.Commit();
  return true;
}

int SqlStore::RequeueExpiredLeases() {
  Transaction tx(*db_);
  const Millis now = Now();
  Rows r = db_->Query(
      "UPDATE scan_jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' "
      "ELSE 'queued' END, last_error = 'lease of ' || lease_owner || ' expired', "
      "lease_owner = NULL, lease_expires_at = NULL, available_at = ?, updated_at = ? "
      "WHERE state = 'leased' AND lease_expires_at <= ? RETURNING id, state",
      {now, now, now});
  if (!r.empty()) {
    nlohmann::json jobs = nlohmann::json::array();
    for (const Row& row : r) jobs.push_back({{"id", row.Int(0)}, {"state", row.Text(1)}});
    Audit({std::nullopt, "system"}, "job.requeue_expired", "scan_job", std::nullopt, nullptr,
          {{"jobs", jobs}});
  }
  tx.Commit();
  return static_cast<int>(r.size());
}

std::optional<ScanJob> SqlStore::FindScanJob(Id job_id) {
  Rows r = db_->Query(std::string(kJobCols) + "WHERE id = ?", {job_id});
  if (r.empty()) return std::nullopt;
  return LoadJob(r[0]);
}

std::optional<Id> SqlStore::LockLeasedJobScan(Id job_id, const std::string& worker) {
  // Holding the job row lock fences out a worker that lost its lease.
  Rows job = db_->Query(std::string("SELECT scan_id FROM scan_jobs WHERE id = ? AND state = "
                                    "'leased' AND lease_owner = ?") +
                            db_->RowLockClause(),
                        {job_id, worker});
  if (job.empty()) return std::nullopt;
  return job[0].Int(0);
}

bool SqlStore::SaveCheckpoint(Id job_id, const std::string& worker,
                              const std::string& frontier_state,
                              const std::vector<CheckpointPage>& pages) {
  Transaction tx(*db_);
  const std::optional<Id> scan_id_or = LockLeasedJobScan(job_id, worker);
  if (!scan_id_or) {
    tx.Commit();
    return false;
  }
  const Id scan_id = *scan_id_or;
  Rows last = db_->Query("SELECT MAX(seq) FROM scan_checkpoints WHERE scan_id = ?", {scan_id});
  const int64_t seq = (last.empty() || last[0].IsNull(0) ? 0 : last[0].Int(0)) + 1;
  for (const CheckpointPage& p : pages) {
    Require(!p.url.empty(), "checkpoint page without URL", "scan " + std::to_string(scan_id));
    db_->Query(
        "INSERT INTO scan_pages (scan_id, url, status, record_json, checkpoint_seq) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (scan_id, url) DO NOTHING",
        {scan_id, p.url, p.status, p.record_json, seq});
  }
  Rows done = db_->Query("SELECT COUNT(*) FROM scan_pages WHERE scan_id = ?", {scan_id});
  db_->Query(
      "INSERT INTO scan_checkpoints (scan_id, seq, pages_done, frontier_state, worker, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {scan_id, seq, done[0].Int(0), frontier_state, worker, Now()});
  tx.Commit();
  return true;
}

std::optional<Checkpoint> SqlStore::LatestCheckpoint(Id scan_id) {
  Rows r = db_->Query(
      "SELECT seq, pages_done, frontier_state, worker, created_at FROM scan_checkpoints "
      "WHERE scan_id = ? ORDER BY seq DESC LIMIT 1",
      {scan_id});
  if (r.empty()) return std::nullopt;
  return Checkpoint{r[0].Int(0), r[0].Int(1), r[0].Text(2), r[0].Text(3), r[0].Int(4)};
}

std::vector<CheckpointPage> SqlStore::ScanPages(Id scan_id) {
  std::vector<CheckpointPage> out;
  for (const Row& r :
       db_->Query("SELECT url, status, record_json FROM scan_pages WHERE scan_id = ? ORDER BY url",
                  {scan_id}))
    out.push_back({r.Text(0), r.Int(1), r.Text(2)});
  return out;
}

}  // namespace govscore::store

#include "store/sql_store.h"

#include <chrono>

#include "store/migrations.h"

namespace govscore::store {
namespace {

template <typename E, size_t N>
E ParseEnum(const std::string& s, const char* const (&names)[N], const char* what) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  throw Error(std::string("unknown ") + what + " '" + s + "' in the database", "store");
}

constexpr const char* kCampaignStates[] = {"draft", "collecting", "reviewing", "published",
                                           "archived"};
constexpr const char* kScanStates[] = {"queued", "running", "done", "failed", "cancelled"};
constexpr const char* kFindingStates[] = {"open", "fixed_claimed", "confirmed_fixed", "reopened"};
constexpr const char* kJudgmentStates[] = {"draft", "submitted", "checked"};
constexpr const char* kRoles[] = {"admin", "organiser", "reviewer", "webmaster"};
constexpr const char* kJobStates[] = {"queued", "leased", "done", "failed"};

Millis SystemClock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

const char* ToString(CampaignState s) { return kCampaignStates[static_cast<int>(s)]; }
const char* ToString(ScanState s) { return kScanStates[static_cast<int>(s)]; }
const char* ToString(FindingState s) { return kFindingStates[static_cast<int>(s)]; }
const char* ToString(JudgmentState s) { return kJudgmentStates[static_cast<int>(s)]; }
const char* ToString(Role r) { return kRoles[static_cast<int>(r)]; }
const char* ToString(JobState s) { return kJobStates[static_cast<int>(s)]; }

CampaignState ParseCampaignState(const std::string& s) {
  return ParseEnum<CampaignState>(s, kCampaignStates, "campaign state");
}
ScanState ParseScanState(const std::string& s) {
  return ParseEnum<ScanState>(s, kScanStates, "scan state");
}
FindingState ParseFindingState(const std::string& s) {
  return ParseEnum<FindingState>(s, kFindingStates, "finding state");
}
JudgmentState ParseJudgmentState(const std::string& s) {
  return ParseEnum<JudgmentState>(s, kJudgmentStates, "judgment state");
}
Role ParseRole(const std::string& s) { return ParseEnum<Role>(s, kRoles, "role"); }
JobState ParseJobState(const std::string& s) {
  return ParseEnum<JobState>(s, kJobStates, "job state");
}

void Require(bool condition, const std::string& what, const std::string& where) {
  if (!condition) throw Error(what, where);
}

SqlStore::SqlStore(std::unique_ptr<Connection> db, Options options)
    : db_(std::move(db)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemClock;
  ApplyMigrations(*db_, Now());
}

int SqlStore::schema_version() {
  Rows r = db_->Query("SELECT MAX(version) FROM schema_migrations");
  return r.empty() || r[0].IsNull(0) ? 0 : static_cast<int>(r[0].Int(0));
}

void SqlStore::Audit(const Actor& actor, const std::string& action, const std::string& entity,
                     std::optional<Id> entity_id, const nlohmann::json& before,
                     const nlohmann::json& after) {
  nlohmann::json summary = {{"before", before}, {"after", after}};
  db_->Query(
      "INSERT INTO audit_log (at, actor_user_id, actor, action, entity, entity_id, summary) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {Now(), actor.user_id, actor.name, action, entity, entity_id, summary.dump()});
}

Id SqlStore::InsertReturningId(const std::string& sql, const Params& params) {
  Rows r = db_->Query(sql + " RETURNING id", params);
  Require(r.size() == 1, "INSERT returned no id", sql);
  return r[0].Int(0);
}

void SqlStore::InTransaction(const std::function<void()>& body) {
  Transaction tx(*db_);
  body();
  tx.Commit();
}

std::vector<AuditEntry> SqlStore::ListAudit(const std::string& entity, std::optional<Id> entity_id,
                                            int limit) {
  static const std::string kCols =
      "SELECT id, at, actor_user_id, actor, action, entity, entity_id, summary FROM audit_log ";
  Rows rows;
  if (entity.empty())
    rows = db_->Query(kCols + "ORDER BY id DESC LIMIT ?", {limit});
  else if (!entity_id)
    rows = db_->Query(kCols + "WHERE entity = ? ORDER BY id DESC LIMIT ?", {entity, limit});
  else
    rows = db_->Query(kCols + "WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?",
                      {entity, *entity_id, limit});
  std::vector<AuditEntry> out;
  for (const Row& r : rows)
    out.push_back(
        {r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.OptInt(6), r.Text(7)});
  return out;
}

std::unique_ptr<Store> OpenStore(const std::string& url, Store::Options options) {
  std::unique_ptr<Connection> db;
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    db = OpenPostgres(url);
  } else {
    std::string path = url;
    if (StartsWith(url, "sqlite://"))
      path = url.substr(9);
    else if (StartsWith(url, "sqlite:"))
      path = url.substr(7);
    else if (url.find("://") != std::string::npos)
      throw Error("unknown database URL scheme (use sqlite:///path.db or postgresql://…)", url);
    if (path.empty()) throw Error("empty SQLite path in database URL", url);
    db = OpenSqlite(path, options.busy_timeout_ms);
  }
  return std::make_unique<SqlStore>(std::move(db), std::move(options));
}

}  // namespace govscore::store

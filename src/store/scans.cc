// Scans (监测) and the measures (测量值) they and imports produce.
#include "store/sql_store.h"

namespace govscore::store {
namespace {

Scan LoadScan(const Row& r, bool with_document) {
  Scan s;
  s.id = r.Int(0);
  s.campaign_id = r.OptInt(1);
  s.unit_id = r.Int(2);
  s.site_url = r.Text(3);
  s.state = ParseScanState(r.Text(4));
  s.created_at = r.Int(5);
  s.started_at = r.OptInt(6);
  s.finished_at = r.OptInt(7);
  s.summary_json = r.OptText(8);
  s.error = r.Text(9);
  s.progress_json = r.OptText(10);
  if (with_document) s.document_json = r.OptText(11);
  return s;
}

constexpr const char* kScanCols =
    "SELECT id, campaign_id, unit_id, site_url, state, created_at, started_at, finished_at, "
    "summary_json, error, progress_json ";

}  // namespace

Id SqlStore::CreateScan(const Actor& actor, const Scan& scan) {
  Require(!scan.site_url.empty(), "scan without site URL", "unit " + std::to_string(scan.unit_id));
  Transaction tx(*db_);
  Id id = InsertReturningId(
      "INSERT INTO scans (campaign_id, unit_id, site_url, state, created_at) "
      "VALUES (?, ?, ?, 'queued', ?)",
      {scan.campaign_id, scan.unit_id, scan.site_url, Now()});
  Audit(actor, "scan.create", "scan", id, nullptr,
        {{"unit_id", scan.unit_id},
         {"site_url", scan.site_url},
         {"campaign_id", scan.campaign_id ? nlohmann::json(*scan.campaign_id) : nlohmann::json()}});
  tx.Commit();
  return id;
}

void SqlStore::StartScan(const Actor& actor, Id scan_id) {
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT state FROM scans WHERE id = ?", {scan_id});
  Require(!r.empty(), "no scan with id " + std::to_string(scan_id), "scan");
  const std::string before = r[0].Text(0);
  Require(before == "queued" || before == "running", "scan is " + before + ", cannot start it",
          "scan " + std::to_string(scan_id));
  // A resumed scan keeps its first start time.
  db_->Query(
      "UPDATE scans SET state = 'running', started_at = COALESCE(started_at, ?) WHERE id = ?",
      {Now(), scan_id});
  Audit(actor, "scan.start", "scan", scan_id, {{"state", before}}, {{"state", "running"}});
  tx.Commit();
}

void SqlStore::FinishScan(const Actor& actor, Id scan_id, ScanState state,
                          const std::optional<std::string>& summary_json,
                          const std::optional<std::string>& document_json,
                          const std::string& error) {
  Require(
      state == ScanState::kDone || state == ScanState::kFailed || state == ScanState::kCancelled,
      "a scan finishes as done, failed or cancelled", "scan " + std::to_string(scan_id));
  for (const auto* doc : {&summary_json, &document_json})
    if (*doc && !nlohmann::json::accept(**doc))
      throw Error("scan summary/document is not valid JSON", "scan " + std::to_string(scan_id));
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT state FROM scans WHERE id = ?", {scan_id});
  Require(!r.empty(), "no scan with id " + std::to_string(scan_id), "scan");
  db_->Query(
      "UPDATE scans SET state = ?, finished_at = ?, summary_json = ?, document_json = ?, "
      "error = ? WHERE id = ?",
      {ToString(state), Now(), summary_json, document_json, error, scan_id});
  nlohmann::json after = {{"state", ToString(state)}, {"error", error}};
  if (summary_json) after["summary"] = nlohmann::json::parse(*summary_json);
  if (document_json) after["document_bytes"] = document_json->size();
  Audit(actor, "scan.finish", "scan", scan_id, {{"state", r[0].Text(0)}}, after);
  tx.Commit();
}

std::optional<Scan> SqlStore::FindScan(Id id, bool with_document) {
  Rows r = db_->Query(std::string(kScanCols) + (with_document ? ", document_json " : "") +
                          "FROM scans WHERE id = ?",
                      {id});
  if (r.empty()) return std::nullopt;
  return LoadScan(r[0], with_document);
}

std::vector<Scan> SqlStore::ListScans(Id unit_id) {
  std::vector<Scan> out;
  for (const Row& r : db_->Query(
           std::string(kScanCols) + "FROM scans WHERE unit_id = ? ORDER BY id DESC", {unit_id}))
    out.push_back(LoadScan(r, false));
  return out;
}

std::vector<Scan> SqlStore::ListCampaignScans(Id campaign_id) {
  std::vector<Scan> out;
  for (const Row& r :
       db_->Query(std::string(kScanCols) + "FROM scans WHERE campaign_id = ? ORDER BY id DESC",
                  {campaign_id}))
    out.push_back(LoadScan(r, false));
  return out;
}

void SqlStore::UpdateScanProgress(Id scan_id, const std::string& progress_json) {
  Require(nlohmann::json::accept(progress_json), "scan progress is not valid JSON",
          "scan " + std::to_string(scan_id));
  db_->Query("UPDATE scans SET progress_json = ? WHERE id = ?", {progress_json, scan_id});
}

// ---- measures ----

std::vector<Id> SqlStore::AddMeasures(const Actor& actor, const std::vector<Measure>& measures) {
  std::vector<Id> ids;
  if (measures.empty()) return ids;
  Transaction tx(*db_);
  const Millis now = Now();
  nlohmann::json names = nlohmann::json::array();
  for (const Measure& m : measures) {
    Require(!m.name.empty(), "measure without name", "unit " + std::to_string(m.unit_id));
    Require(nlohmann::json::accept(m.value_json), "measure value is not valid JSON",
            "measure " + m.name);
    ids.push_back(InsertReturningId(
        "INSERT INTO measures (unit_id, scan_id, campaign_id, name, value_json, channel, period, "
        "evidence_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {m.unit_id, m.scan_id, m.campaign_id, m.name, m.value_json, m.channel, m.period,
         nlohmann::json(m.evidence).dump(), now}));
    names.push_back({{"unit_id", m.unit_id}, {"name", m.name}});
  }
  Audit(actor, "measures.add", "measure", ids.front(), nullptr,
        {{"count", ids.size()}, {"first_id", ids.front()}, {"measures", names}});
  tx.Commit();
  return ids;
}

std::vector<Measure> SqlStore::ListMeasures(Id unit_id, std::optional<Id> scan_id) {
  static const std::string kCols =
      "SELECT id, unit_id, scan_id, campaign_id, name, value_json, channel, period, evidence_json "
      "FROM measures WHERE unit_id = ? ";
  Rows rows = scan_id ? db_->Query(kCols + "AND scan_id = ? ORDER BY id", {unit_id, *scan_id})
                      : db_->Query(kCols + "ORDER BY id", {unit_id});
  std::vector<Measure> out;
  for (const Row& r : rows) {
    Measure m;
    m.id = r.Int(0);
    m.unit_id = r.Int(1);
    m.scan_id = r.OptInt(2);
    m.campaign_id = r.OptInt(3);
    m.name = r.Text(4);
    m.value_json = r.Text(5);
    m.channel = r.Text(6);
    m.period = r.Text(7);
    m.evidence = nlohmann::json::parse(r.Text(8)).get<std::vector<std::string>>();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace govscore::store

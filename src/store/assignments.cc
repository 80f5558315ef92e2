// Migration 3: reviewers' indicator assignments per campaign, and the evidence
// files (佐证材料) uploaded for units.
#include <algorithm>
#include <map>
#include <set>

#include "store/sql_store.h"

namespace govscore::store {

void SqlStore::SetReviewerIndicators(const Actor& actor, Id campaign_id, Id user_id,
                                     const std::vector<std::string>& indicator_ids) {
  const std::string where = "campaign " + std::to_string(campaign_id);
  std::set<std::string> wanted;
  for (const std::string& id : indicator_ids) {
    Require(!id.empty(), "empty indicator id in an assignment", where);
    wanted.insert(id);
  }
  Transaction tx(*db_);
  Require(!db_->Query("SELECT id FROM campaigns WHERE id = ?", {campaign_id}).empty(),
          "no such campaign", where);
  Require(!db_->Query("SELECT id FROM users WHERE id = ?", {user_id}).empty(), "no such user",
          "user " + std::to_string(user_id));
  nlohmann::json before = nlohmann::json::array();
  for (const Row& r : db_->Query(
           "SELECT indicator_id FROM reviewer_indicators WHERE campaign_id = ? AND user_id = ? "
           "ORDER BY indicator_id",
           {campaign_id, user_id}))
    before.push_back(r.Text(0));
  db_->Query("DELETE FROM reviewer_indicators WHERE campaign_id = ? AND user_id = ?",
             {campaign_id, user_id});
  nlohmann::json after = nlohmann::json::array();
  for (const std::string& id : wanted) {
    db_->Query(
        "INSERT INTO reviewer_indicators (campaign_id, user_id, indicator_id) VALUES (?, ?, ?)",
        {campaign_id, user_id, id});
    after.push_back(id);
  }
  Audit(actor, "campaign.assign_indicators", "campaign", campaign_id,
        {{"user_id", user_id}, {"indicator_ids", before}},
        {{"user_id", user_id}, {"indicator_ids", after}});
  tx.Commit();
}

std::vector<ReviewerIndicators> SqlStore::ListReviewerIndicators(Id campaign_id) {
  std::vector<ReviewerIndicators> out;
  for (const Row& r :
       db_->Query("SELECT user_id, indicator_id FROM reviewer_indicators WHERE campaign_id = ? "
                  "ORDER BY user_id, indicator_id",
                  {campaign_id})) {
    if (out.empty() || out.back().user_id != r.Int(0)) out.push_back({r.Int(0), {}});
    out.back().indicator_ids.push_back(r.Text(1));
  }
  return out;
}

namespace {

constexpr const char* kEvidenceFileCols =
    "SELECT id, stored_name, unit_id, campaign_id, indicator_id, file_name, content_type, "
    "size_bytes, sha256, note, uploaded_by, uploaded_by_user_id, uploaded_at FROM evidence_files ";

EvidenceFile EvidenceFileFromRow(const Row& r) {
  EvidenceFile f;
  f.id = r.Int(0);
  f.stored_name = r.Text(1);
  f.unit_id = r.Int(2);
  f.campaign_id = r.OptInt(3);
  f.indicator_id = r.Text(4);
  f.file_name = r.Text(5);
  f.content_type = r.Text(6);
  f.size_bytes = r.Int(7);
  f.sha256 = r.Text(8);
  f.note = r.Text(9);
  f.uploaded_by = r.Text(10);
  f.uploaded_by_user_id = r.OptInt(11);
  f.uploaded_at = r.Int(12);
  return f;
}

}  // namespace

Id SqlStore::AddEvidenceFile(const Actor& actor, const EvidenceFile& f) {
  const std::string where = "evidence " + f.stored_name;
  Require(!f.stored_name.empty(), "evidence file without stored name", "evidence");
  Require(!f.file_name.empty(), "evidence file without its uploaded name", where);
  Transaction tx(*db_);
  const Millis now = Now();
  const Id id = InsertReturningId(
      "INSERT INTO evidence_files (stored_name, unit_id, campaign_id, indicator_id, file_name, "
      "content_type, size_bytes, sha256, note, uploaded_by, uploaded_by_user_id, uploaded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {f.stored_name, f.unit_id, f.campaign_id, f.indicator_id, f.file_name, f.content_type,
       f.size_bytes, f.sha256, f.note, actor.name, actor.user_id, now});
  Audit(actor, "evidence.upload", "evidence_file", id, nullptr,
        {{"stored_name", f.stored_name},
         {"unit_id", f.unit_id},
         {"campaign_id", f.campaign_id ? nlohmann::json(*f.campaign_id) : nlohmann::json()},
         {"indicator_id", f.indicator_id},
         {"file_name", f.file_name},
         {"size_bytes", f.size_bytes},
         {"sha256", f.sha256}});
  tx.Commit();
  return id;
}

std::optional<EvidenceFile> SqlStore::FindEvidenceFile(const std::string& stored_name) {
  Rows r = db_->Query(std::string(kEvidenceFileCols) + "WHERE stored_name = ?", {stored_name});
  if (r.empty()) return std::nullopt;
  return EvidenceFileFromRow(r[0]);
}

std::vector<EvidenceFile> SqlStore::ListEvidenceFiles(Id unit_id, std::optional<Id> campaign_id) {
  Rows rows =
      campaign_id
          ? db_->Query(std::string(kEvidenceFileCols) +
                           "WHERE unit_id = ? AND campaign_id = ? ORDER BY id DESC",
                       {unit_id, *campaign_id})
          : db_->Query(std::string(kEvidenceFileCols) + "WHERE unit_id = ? ORDER BY id DESC",
                       {unit_id});
  std::vector<EvidenceFile> out;
  for (const Row& r : rows) out.push_back(EvidenceFileFromRow(r));
  return out;
}

}  // namespace govscore::store

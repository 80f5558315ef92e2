// Consultations (migration 7): simulated user consultations and 依申请公开
// requests of a campaign, their answers and a reviewer's judgment of them.
#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kConsultationCols =
    "SELECT id, campaign_id, unit_id, kind, channel, asked_at, question, replied_at, answer, "
    "accurate, evasive, review_note, reviewed_by, reviewed_by_user_id, reviewed_at, recorded_by, "
    "recorded_by_user_id, created_at, updated_at FROM consultations ";

std::optional<bool> OptBool(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i) != 0;
}

Consultation LoadConsultation(const Row& r) {
  Consultation c;
  c.id = r.Int(0);
  c.campaign_id = r.Int(1);
  c.unit_id = r.Int(2);
  c.kind = r.Text(3);
  c.channel = r.Text(4);
  c.asked_at = r.Text(5);
  c.question = r.Text(6);
  c.replied_at = r.Text(7);
  c.answer = r.Text(8);
  c.accurate = OptBool(r, 9);
  c.evasive = OptBool(r, 10);
  c.review_note = r.Text(11);
  c.reviewed_by = r.Text(12);
  c.reviewed_by_user_id = r.OptInt(13);
  c.reviewed_at = r.OptInt(14);
  c.recorded_by = r.Text(15);
  c.recorded_by_user_id = r.OptInt(16);
  c.created_at = r.Int(17);
  c.updated_at = r.Int(18);
  return c;
}

nlohmann::json OptJson(const std::optional<bool>& b) {
  return b ? nlohmann::json(*b) : nlohmann::json(nullptr);
}

// What the audit row says about a consultation.
nlohmann::json ToJson(const Consultation& c) {
  return {{"campaign_id", c.campaign_id},
          {"unit_id", c.unit_id},
          {"kind", c.kind},
          {"channel", c.channel},
          {"asked_at", c.asked_at},
          {"question", c.question},
          {"replied_at", c.replied_at},
          {"answer", c.answer},
          {"accurate", OptJson(c.accurate)},
          {"evasive", OptJson(c.evasive)},
          {"review_note", c.review_note}};
}

std::string Where(Id id) { return "consultation " + std::to_string(id); }

}  // namespace

Id SqlStore::SaveConsultation(const Actor& actor, const Consultation& c) {
  const std::string where = c.id ? Where(c.id) : "consultation";
  Require(c.kind == "consult" || c.kind == "disclosure",
          "kind must be consult or disclosure (got '" + c.kind + "')", where);
  Require(!c.asked_at.empty(), "a consultation needs the time it was asked", where);
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = c.id;
  if (id == 0) {
    id = InsertReturningId(
        "INSERT INTO consultations (campaign_id, unit_id, kind, channel, asked_at, question, "
        "replied_at, answer, recorded_by, recorded_by_user_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {c.campaign_id, c.unit_id, c.kind, c.channel, c.asked_at, c.question, c.replied_at,
         c.answer, actor.name, actor.user_id, now, now});
    Consultation stored = c;
    stored.accurate = stored.evasive = std::nullopt;
    stored.review_note.clear();
    Audit(actor, "consultation.create", "consultation", id, nullptr, ToJson(stored));
  } else {
    Rows r =
        db_->Query(std::string(kConsultationCols) + "WHERE id = ?" + db_->RowLockClause(), {id});
    Require(!r.empty(), "no consultation with id " + std::to_string(id), where);
    const Consultation old = LoadConsultation(r[0]);
    Consultation after = c;
    const bool answer_changed = old.replied_at != c.replied_at || old.answer != c.answer;
    after.accurate = answer_changed ? std::nullopt : old.accurate;
    after.evasive = answer_changed ? std::nullopt : old.evasive;
    after.review_note = answer_changed ? std::string() : old.review_note;
    db_->Query(
        "UPDATE consultations SET campaign_id = ?, unit_id = ?, kind = ?, channel = ?, "
        "asked_at = ?, question = ?, replied_at = ?, answer = ?, updated_at = ? WHERE id = ?",
        {c.campaign_id, c.unit_id, c.kind, c.channel, c.asked_at, c.question, c.replied_at,
         c.answer, now, id});
    if (answer_changed)
      db_->Query(
          "UPDATE consultations SET accurate = NULL, evasive = NULL, review_note = '', "
          "reviewed_by = '', reviewed_by_user_id = NULL, reviewed_at = NULL WHERE id = ?",
          {id});
    Audit(actor, "consultation.update", "consultation", id, ToJson(old), ToJson(after));
  }
  tx.Commit();
  return id;
}

void SqlStore::ReviewConsultation(const Actor& actor, Id id, std::optional<bool> accurate,
                                  std::optional<bool> evasive, const std::string& note) {
  Transaction tx(*db_);
  Rows r = db_->Query(std::string(kConsultationCols) + "WHERE id = ?" + db_->RowLockClause(), {id});
  Require(!r.empty(), "no consultation with id " + std::to_string(id), Where(id));
  const Consultation old = LoadConsultation(r[0]);
  db_->Query(
      "UPDATE consultations SET accurate = ?, evasive = ?, review_note = ?, reviewed_by = ?, "
      "reviewed_by_user_id = ?, reviewed_at = ?, updated_at = ? WHERE id = ?",
      {accurate, evasive, note, actor.name, actor.user_id, Now(), Now(), id});
  Audit(actor, "consultation.review", "consultation", id,
        {{"accurate", OptJson(old.accurate)},
         {"evasive", OptJson(old.evasive)},
         {"review_note", old.review_note},
         {"reviewed_by", old.reviewed_by}},
        {{"accurate", OptJson(accurate)}, {"evasive", OptJson(evasive)}, {"review_note", note}});
  tx.Commit();
}

void SqlStore::DeleteConsultation(const Actor& actor, Id id) {
  Transaction tx(*db_);
  Rows r = db_->Query(std::string(kConsultationCols) + "WHERE id = ?", {id});
  Require(!r.empty(), "no consultation with id " + std::to_string(id), Where(id));
  db_->Query("DELETE FROM consultations WHERE id = ?", {id});
  Audit(actor, "consultation.delete", "consultation", id, ToJson(LoadConsultation(r[0])), nullptr);
  tx.Commit();
}

std::optional<Consultation> SqlStore::FindConsultation(Id id) {
  Rows r = db_->Query(std::string(kConsultationCols) + "WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  return LoadConsultation(r[0]);
}

std::vector<Consultation> SqlStore::ListConsultations(Id campaign_id, std::optional<Id> unit_id) {
  Rows rows = unit_id ? db_->Query(std::string(kConsultationCols) +
                                       "WHERE campaign_id = ? AND unit_id = ? ORDER BY unit_id, id",
                                   {campaign_id, *unit_id})
                      : db_->Query(std::string(kConsultationCols) +
                                       "WHERE campaign_id = ? ORDER BY unit_id, id",
                                   {campaign_id});
  std::vector<Consultation> out;
  for (const Row& r : rows) out.push_back(LoadConsultation(r));
  return out;
}

}  // namespace govscore::store

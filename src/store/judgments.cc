// Judgments (人工评分): one row per (campaign, unit, indicator, criterion,
// channel) pointing at its current revision; revisions and their evidence are
// append-only (database triggers refuse UPDATE and DELETE of revisions).
#include <unordered_map>

#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kRevisionCols =
    "SELECT id, judgment_id, revision, state, value_json, note, reviewer, reviewer_user_id, "
    "created_at FROM judgment_revisions ";

constexpr const char* kEvidenceCols =
    "SELECT revision_id, kind, url, file_name, stored_name, content_type, size_bytes, sha256 "
    "FROM judgment_evidence ";

// A revision from the columns of kRevisionCols starting at `at`.
JudgmentRevision RevisionFromRow(const Row& r, size_t at) {
  JudgmentRevision rev;
  rev.id = r.Int(at);
  rev.judgment_id = r.Int(at + 1);
  rev.revision = r.Int(at + 2);
  rev.state = ParseJudgmentState(r.Text(at + 3));
  rev.value_json = r.Text(at + 4);
  rev.note = r.Text(at + 5);
  rev.reviewer = r.Text(at + 6);
  rev.reviewer_user_id = r.OptInt(at + 7);
  rev.created_at = r.Int(at + 8);
  return rev;
}

// Appends each row of kEvidenceCols to the revision it belongs to.
void AttachEvidence(const Rows& rows, std::vector<JudgmentRevision>& revisions) {
  std::unordered_map<Id, JudgmentRevision*> by_id;
  for (auto& rev : revisions) by_id[rev.id] = &rev;
  for (const Row& e : rows) {
    auto it = by_id.find(e.Int(0));
    if (it == by_id.end()) continue;
    JudgmentEvidence ev;
    ev.kind = e.Text(1) == "url" ? JudgmentEvidence::Kind::kUrl : JudgmentEvidence::Kind::kFile;
    ev.url = e.Text(2);
    ev.file_name = e.Text(3);
    ev.stored_name = e.Text(4);
    ev.content_type = e.Text(5);
    ev.size_bytes = e.Int(6);
    ev.sha256 = e.Text(7);
    it->second->evidence.push_back(std::move(ev));
  }
}

void Validate(const JudgmentKey& key, const std::string& value_json,
              const std::vector<JudgmentEvidence>& evidence) {
  const std::string where = "judgment " + key.indicator_id;
  Require(!key.indicator_id.empty(), "judgment without indicator id", "judgment");
  auto value = nlohmann::json::parse(value_json, nullptr, false);
  Require(!value.is_discarded() && value.is_object(), "judgment value must be a JSON object",
          where);
  for (const auto& e : evidence) {
    if (e.kind == JudgmentEvidence::Kind::kUrl)
      Require(!e.url.empty(), "URL evidence without URL", where);
    else
      Require(!e.file_name.empty() && !e.stored_name.empty(),
              "file evidence needs its uploaded and stored names", where);
  }
}

}  // namespace

JudgmentRevision SqlStore::SaveJudgment(const Actor& actor, const JudgmentKey& key,
                                        JudgmentState state, const std::string& value_json,
                                        const std::string& note,
                                        const std::vector<JudgmentEvidence>& evidence) {
  Validate(key, value_json, evidence);
  Transaction tx(*db_);
  const Millis now = Now();
  // The UPDATE takes the judgment's row lock, so concurrent saves number their
  // revisions one after the other.
  Rows bumped = db_->Query(
      "UPDATE judgments SET current_revision = current_revision + 1, state = ?, updated_at = ? "
      "WHERE campaign_id = ? AND unit_id = ? AND indicator_id = ? AND criterion = ? AND "
      "channel = ? RETURNING id, current_revision",
      {ToString(state), now, key.campaign_id, key.unit_id, key.indicator_id, key.criterion,
       key.channel});
  JudgmentRevision rev;
  nlohmann::json before = nullptr;
  if (bumped.empty()) {
    rev.judgment_id = InsertReturningId(
        "INSERT INTO judgments (campaign_id, unit_id, indicator_id, criterion, channel, "
        "current_revision, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
        {key.campaign_id, key.unit_id, key.indicator_id, key.criterion, key.channel,
         ToString(state), now, now});
    rev.revision = 1;
  } else {
    rev.judgment_id = bumped[0].Int(0);
    rev.revision = bumped[0].Int(1);
    Rows prev = db_->Query(
        "SELECT state, value_json, note FROM judgment_revisions WHERE judgment_id = ? AND "
        "revision = ?",
        {rev.judgment_id, rev.revision - 1});
    if (!prev.empty())
      before = {{"revision", rev.revision - 1},
                {"state", prev[0].Text(0)},
                {"value", nlohmann::json::parse(prev[0].Text(1))},
                {"note", prev[0].Text(2)}};
  }
  rev.state = state;
  rev.value_json = value_json;
  rev.note = note;
  rev.reviewer = actor.name;
  rev.reviewer_user_id = actor.user_id;
  rev.created_at = now;
  rev.evidence = evidence;
  rev.id = InsertReturningId(
      "INSERT INTO judgment_revisions (judgment_id, revision, state, value_json, note, "
      "reviewer_user_id, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {rev.judgment_id, rev.revision, ToString(state), value_json, note, actor.user_id, actor.name,
       now});
  nlohmann::json files = nlohmann::json::array();
  for (const auto& e : evidence) {
    const bool url = e.kind == JudgmentEvidence::Kind::kUrl;
    db_->Query(
        "INSERT INTO judgment_evidence (revision_id, kind, url, file_name, stored_name, "
        "content_type, size_bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {rev.id, url ? "url" : "file", e.url, e.file_name, e.stored_name, e.content_type,
         e.size_bytes, e.sha256, now});
    files.push_back(url ? e.url : e.file_name);
  }
  Audit(actor, "judgment.save", "judgment", rev.judgment_id, before,
        {{"revision", rev.revision},
         {"campaign_id", key.campaign_id},
         {"unit_id", key.unit_id},
         {"indicator_id", key.indicator_id},
         {"criterion", key.criterion},
         {"channel", key.channel},
         {"state", ToString(state)},
         {"value", nlohmann::json::parse(value_json)},
         {"note", note},
         {"evidence", files}});
  tx.Commit();
  return rev;
}

std::vector<JudgmentRevision> SqlStore::LoadRevisions(const Rows& rows) {
  std::vector<JudgmentRevision> out;
  for (const Row& r : rows) {
    out.push_back(RevisionFromRow(r, 0));
    AttachEvidence(db_->Query(std::string(kEvidenceCols) + "WHERE revision_id = ? ORDER BY id",
                              {out.back().id}),
                   out);
  }
  return out;
}

std::vector<JudgmentRevision> SqlStore::JudgmentRevisions(Id judgment_id) {
  return LoadRevisions(db_->Query(
      std::string(kRevisionCols) + "WHERE judgment_id = ? ORDER BY revision", {judgment_id}));
}

std::vector<Judgment> SqlStore::ListJudgments(Id campaign_id) {
  // Three queries for the whole campaign: judgments joined with their current
  // revision, then the evidence of those revisions.
  std::vector<Judgment> out;
  std::vector<JudgmentRevision> current;
  for (const Row& r : db_->Query(
           "SELECT j.id, j.campaign_id, j.unit_id, j.indicator_id, j.criterion, j.channel, "
           "j.state, r.id, r.judgment_id, r.revision, r.state, r.value_json, r.note, r.reviewer, "
           "r.reviewer_user_id, r.created_at FROM judgments j JOIN judgment_revisions r ON "
           "r.judgment_id = j.id AND r.revision = j.current_revision WHERE j.campaign_id = ? "
           "ORDER BY j.unit_id, j.indicator_id, j.criterion, j.channel",
           {campaign_id})) {
    Judgment j;
    j.id = r.Int(0);
    j.key = {r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5)};
    j.state = ParseJudgmentState(r.Text(6));
    out.push_back(std::move(j));
    current.push_back(RevisionFromRow(r, 7));
  }
  AttachEvidence(db_->Query("SELECT e.revision_id, e.kind, e.url, e.file_name, e.stored_name, "
                            "e.content_type, e.size_bytes, e.sha256 FROM judgment_evidence e JOIN "
                            "judgment_revisions r ON r.id = e.revision_id JOIN judgments j ON "
                            "j.id = r.judgment_id AND r.revision = j.current_revision "
                            "WHERE j.campaign_id = ? ORDER BY e.id",
                            {campaign_id}),
                 current);
  for (size_t i = 0; i < out.size(); ++i) out[i].current = std::move(current[i]);
  return out;
}

std::optional<Judgment> SqlStore::FindJudgment(const JudgmentKey& key) {
  Rows r = db_->Query(
      "SELECT id, current_revision, state FROM judgments WHERE campaign_id = ? AND unit_id = ? "
      "AND indicator_id = ? AND criterion = ? AND channel = ?",
      {key.campaign_id, key.unit_id, key.indicator_id, key.criterion, key.channel});
  if (r.empty()) return std::nullopt;
  Judgment j;
  j.id = r[0].Int(0);
  j.key = key;
  j.state = ParseJudgmentState(r[0].Text(2));
  auto revs = LoadRevisions(db_->Query(
      std::string(kRevisionCols) + "WHERE judgment_id = ? AND revision = ?", {j.id, r[0].Int(1)}));
  Require(!revs.empty(), "judgment without its current revision",
          "judgment " + std::to_string(j.id));
  j.current = std::move(revs[0]);
  return j;
}

}  // namespace govscore::store

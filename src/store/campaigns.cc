// Framework versions, campaigns (评估任务) with their units, events, and
// published score snapshots.
#include "store/password.h"
#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kCampaignCols =
    "SELECT id, name, framework_version_id, period_from, period_to, as_of, state, second_review "
    "FROM campaigns ";

Date ParseStoredDate(const std::string& s) {
  auto d = Date::Parse(s);
  if (!d) throw Error("malformed date '" + s + "' in the database", "store");
  return *d;
}

std::optional<std::string> DateText(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToString();
}

nlohmann::json ToJson(const Campaign& c) {
  return {{"name", c.name},
          {"framework_version_id", c.framework_version_id},
          {"period_from", c.period_from ? c.period_from->ToString() : ""},
          {"period_to", c.period_to ? c.period_to->ToString() : ""},
          {"as_of", c.as_of.ToString()},
          {"state", ToString(c.state)},
          {"second_review", c.second_review},
          {"unit_ids", c.unit_ids}};
}

void Validate(const Campaign& c) {
  Require(!c.name.empty(), "campaign name must not be empty", "campaign");
  if (c.period_from && c.period_to)
    Require(*c.period_from <= *c.period_to, "campaign period ends before it starts",
            "campaign " + c.name);
}

}  // namespace

// ---- framework versions ----

Id SqlStore::AddFrameworkVersion(const Actor& actor, const FrameworkVersion& fv) {
  Require(!fv.framework_id.empty() && !fv.version.empty(),
          "framework id and version must not be empty", "framework");
  Require(!fv.yaml_text.empty(), "framework text must not be empty",
          "framework " + fv.framework_id);
  const std::string hash = Sha256Hex(fv.yaml_text);
  Transaction tx(*db_);
  Rows existing =
      db_->Query("SELECT id, sha256 FROM framework_versions WHERE framework_id = ? AND version = ?",
                 {fv.framework_id, fv.version});
  if (!existing.empty()) {
    if (existing[0].Text(1) != hash)
      throw ConstraintError("framework version already stored with different text",
                            "framework " + fv.framework_id + " " + fv.version);
    return existing[0].Int(0);  // same text: nothing written
  }
  Id id = InsertReturningId(
      "INSERT INTO framework_versions (framework_id, version, title, yaml_text, sha256, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {fv.framework_id, fv.version, fv.title, fv.yaml_text, hash, Now()});
  Audit(actor, "framework_version.add", "framework_version", id, nullptr,
        {{"framework_id", fv.framework_id},
         {"version", fv.version},
         {"title", fv.title},
         {"sha256", hash}});
  tx.Commit();
  return id;
}

std::optional<FrameworkVersion> SqlStore::FindFrameworkVersion(Id id) {
  Rows r = db_->Query(
      "SELECT id, framework_id, version, title, yaml_text, sha256, created_at "
      "FROM framework_versions WHERE id = ?",
      {id});
  if (r.empty()) return std::nullopt;
  return FrameworkVersion{r[0].Int(0),  r[0].Text(1), r[0].Text(2), r[0].Text(3),
                          r[0].Text(4), r[0].Text(5), r[0].Int(6)};
}

std::vector<FrameworkVersion> SqlStore::ListFrameworkVersions() {
  std::vector<FrameworkVersion> out;
  for (const Row& r : db_->Query(
           "SELECT id, framework_id, version, title, sha256, created_at FROM framework_versions "
           "ORDER BY framework_id, version"))
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), "", r.Text(4), r.Int(5)});
  return out;
}

// ---- campaigns ----

std::vector<Campaign> SqlStore::LoadCampaigns(const Rows& rows) {
  std::vector<Campaign> out;
  for (const Row& r : rows) {
    Campaign c;
    c.id = r.Int(0);
    c.name = r.Text(1);
    c.framework_version_id = r.Int(2);
    if (!r.IsNull(3)) c.period_from = ParseStoredDate(r.Text(3));
    if (!r.IsNull(4)) c.period_to = ParseStoredDate(r.Text(4));
    c.as_of = ParseStoredDate(r.Text(5));
    c.state = ParseCampaignState(r.Text(6));
    c.second_review = r.Int(7) != 0;
    for (const Row& u : db_->Query(
             "SELECT unit_id FROM campaign_units WHERE campaign_id = ? ORDER BY unit_id", {c.id}))
      c.unit_ids.push_back(u.Int(0));
    out.push_back(std::move(c));
  }
  return out;
}

Id SqlStore::CreateCampaign(const Actor& actor, const Campaign& c) {
  Validate(c);
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = InsertReturningId(
      "INSERT INTO campaigns (name, framework_version_id, period_from, period_to, as_of, state, "
      "second_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.name, c.framework_version_id, DateText(c.period_from), DateText(c.period_to),
       c.as_of.ToString(), ToString(c.state), int64_t{c.second_review}, now, now});
  for (Id unit : c.unit_ids)
    db_->Query("INSERT INTO campaign_units (campaign_id, unit_id) VALUES (?, ?)", {id, unit});
  Audit(actor, "campaign.create", "campaign", id, nullptr, ToJson(c));
  tx.Commit();
  return id;
}

void SqlStore::UpdateCampaign(const Actor& actor, const Campaign& c) {
  Validate(c);
  Transaction tx(*db_);
  auto before = LoadCampaigns(db_->Query(std::string(kCampaignCols) + "WHERE id = ?", {c.id}));
  Require(!before.empty(), "no campaign with id " + std::to_string(c.id), "campaign");
  db_->Query(
      "UPDATE campaigns SET name = ?, framework_version_id = ?, period_from = ?, period_to = ?, "
      "as_of = ?, second_review = ?, updated_at = ? WHERE id = ?",
      {c.name, c.framework_version_id, DateText(c.period_from), DateText(c.period_to),
       c.as_of.ToString(), int64_t{c.second_review}, Now(), c.id});
  db_->Query("DELETE FROM campaign_units WHERE campaign_id = ?", {c.id});
  for (Id unit : c.unit_ids)
    db_->Query("INSERT INTO campaign_units (campaign_id, unit_id) VALUES (?, ?)", {c.id, unit});
  Campaign after = c;
  after.state = before[0].state;
  Audit(actor, "campaign.update", "campaign", c.id, ToJson(before[0]), ToJson(after));
  tx.Commit();
}

void SqlStore::SetCampaignState(const Actor& actor, Id id, CampaignState state) {
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT state FROM campaigns WHERE id = ?", {id});
  Require(!r.empty(), "no campaign with id " + std::to_string(id), "campaign");
  db_->Query("UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?",
             {ToString(state), Now(), id});
  Audit(actor, "campaign.state", "campaign", id, {{"state", r[0].Text(0)}},
        {{"state", ToString(state)}});
  tx.Commit();
}

std::optional<Campaign> SqlStore::FindCampaign(Id id) {
  auto cs = LoadCampaigns(db_->Query(std::string(kCampaignCols) + "WHERE id = ?", {id}));
  if (cs.empty()) return std::nullopt;
  return std::move(cs[0]);
}

std::vector<Campaign> SqlStore::ListCampaigns() {
  return LoadCampaigns(db_->Query(std::string(kCampaignCols) + "ORDER BY id"));
}

// ---- events ----

Id SqlStore::AddEvent(const Actor& actor, const Event& e) {
  Require(!e.type.empty(), "event type must not be empty", "event");
  Require(e.count >= 1, "event count must be at least 1", "event " + e.type);
  Transaction tx(*db_);
  Id id = InsertReturningId(
      "INSERT INTO events (campaign_id, unit_id, type, level, channel, event_date, count, points, "
      "evidence, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.campaign_id, e.unit_id, e.type, e.level, e.channel, e.date.ToString(), e.count, e.points,
       e.evidence, e.note, Now()});
  Audit(actor, "event.add", "event", id, nullptr,
        {{"unit_id", e.unit_id},
         {"type", e.type},
         {"level", e.level},
         {"date", e.date.ToString()},
         {"count", e.count},
         {"points", e.points ? nlohmann::json(*e.points) : nlohmann::json()}});
  tx.Commit();
  return id;
}

std::vector<Event> SqlStore::ListEvents(Id unit_id) {
  std::vector<Event> out;
  for (const Row& r : db_->Query(
           "SELECT id, campaign_id, unit_id, type, level, channel, event_date, count, points, "
           "evidence, note FROM events WHERE unit_id = ? ORDER BY event_date, id",
           {unit_id})) {
    Event e;
    e.id = r.Int(0);
    e.campaign_id = r.OptInt(1);
    e.unit_id = r.Int(2);
    e.type = r.Text(3);
    e.level = r.Text(4);
    e.channel = r.Text(5);
    e.date = ParseStoredDate(r.Text(6));
    e.count = r.Int(7);
    if (!r.IsNull(8)) e.points = r.Real(8);
    e.evidence = r.Text(9);
    e.note = r.Text(10);
    out.push_back(std::move(e));
  }
  return out;
}

// ---- score snapshots ----

Id SqlStore::PublishScoreSnapshot(const Actor& actor, Id campaign_id,
                                  const std::string& sheet_json) {
  Require(!sheet_json.empty(), "score sheet must not be empty",
          "campaign " + std::to_string(campaign_id));
  const std::string hash = Sha256Hex(sheet_json);
  Transaction tx(*db_);
  Id id = InsertReturningId(
      "INSERT INTO score_snapshots (campaign_id, sheet_json, sha256, published_by, published_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {campaign_id, sheet_json, hash, actor.name, Now()});
  Audit(actor, "score_snapshot.publish", "campaign", campaign_id, nullptr,
        {{"snapshot_id", id}, {"sha256", hash}});
  tx.Commit();
  return id;
}

std::vector<ScoreSnapshot> SqlStore::ListScoreSnapshots(Id campaign_id) {
  std::vector<ScoreSnapshot> out;
  for (const Row& r :
       db_->Query("SELECT id, campaign_id, sheet_json, sha256, published_by, published_at "
                  "FROM score_snapshots WHERE campaign_id = ? ORDER BY id",
                  {campaign_id}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)});
  return out;
}

std::optional<ScoreSnapshot> SqlStore::LatestScoreSnapshot(Id campaign_id) {
  Rows r = db_->Query(
      "SELECT id, campaign_id, sheet_json, sha256, published_by, published_at "
      "FROM score_snapshots WHERE campaign_id = ? ORDER BY id DESC LIMIT 1",
      {campaign_id});
  if (r.empty()) return std::nullopt;
  return ScoreSnapshot{r[0].Int(0),  r[0].Int(1),  r[0].Text(2),
                       r[0].Text(3), r[0].Text(4), r[0].Int(5)};
}

}  // namespace govscore::store

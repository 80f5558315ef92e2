#include "server/json_views.h"

#include "server/api.h"

namespace govscore::server {

using nlohmann::json;

namespace {
json OptDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
template <class T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
}  // namespace

json UserJson(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", store::ToString(u.role)},
          {"disabled", u.disabled},
          {"unit_ids", u.unit_ids}};
}

json UnitJson(const store::Unit& u) {
  json accounts = json::array();
  for (const auto& a : u.accounts)
    accounts.push_back({{"channel", a.channel}, {"name", a.name}, {"url", a.url}});
  return {{"id", u.id},
          {"code", u.code},
          {"name", u.name},
          {"kind", u.kind},
          {"region", u.region},
          {"parent_id", Opt(u.parent_id)},
          {"websites", u.websites},
          {"accounts", accounts}};
}

json FrameworkVersionJson(const store::FrameworkVersion& v) {
  return {{"id", v.id},           {"framework_id", v.framework_id},
          {"version", v.version}, {"title", v.title},
          {"sha256", v.sha256},   {"created_at", v.created_at}};
}

json CampaignJson(const store::Campaign& c, const store::FrameworkVersion* fv) {
  json j = {{"id", c.id},
            {"name", c.name},
            {"framework_version_id", c.framework_version_id},
            {"framework", nullptr},
            {"period_from", OptDate(c.period_from)},
            {"period_to", OptDate(c.period_to)},
            {"as_of", c.as_of.ToString()},
            {"state", store::ToString(c.state)},
            {"unit_ids", c.unit_ids}};
  if (fv)
    j["framework"] = {
        {"framework_id", fv->framework_id}, {"version", fv->version}, {"title", fv->title}};
  return j;
}

json ScanJson(const store::Scan& s) {
  json summary = nullptr;
  if (s.summary_json) {
    summary = json::parse(*s.summary_json, nullptr, false);
    if (summary.is_discarded()) summary = nullptr;
  }
  return {{"id", s.id},
          {"unit_id", s.unit_id},
          {"campaign_id", Opt(s.campaign_id)},
          {"site_url", s.site_url},
          {"state", store::ToString(s.state)},
          {"created_at", s.created_at},
          {"started_at", Opt(s.started_at)},
          {"finished_at", Opt(s.finished_at)},
          {"error", s.error},
          {"summary", summary}};
}

json FindingJson(const store::Finding& f) {
  return {{"id", f.id},
          {"unit_id", f.unit_id},
          {"key", f.key},
          {"kind", f.kind},
          {"url", f.url},
          {"detail", f.detail},
          {"state", store::ToString(f.state)},
          {"first_seen_scan_id", f.first_seen_scan_id},
          {"first_seen_at", f.first_seen_at},
          {"last_seen_scan_id", f.last_seen_scan_id},
          {"last_seen_at", f.last_seen_at},
          {"points", nullptr}};
}

json TransitionJson(const store::FindingTransition& t) {
  return {{"from", t.from ? json(store::ToString(*t.from)) : json(nullptr)},
          {"to", store::ToString(t.to)},
          {"scan_id", Opt(t.scan_id)},
          {"actor", t.actor},
          {"note", t.note},
          {"at", t.at}};
}

json EvidenceJson(const store::JudgmentEvidence& e) {
  if (e.kind == store::JudgmentEvidence::Kind::kUrl) return {{"kind", "url"}, {"url", e.url}};
  return {{"kind", "file"},
          {"file_id", e.stored_name},
          {"file_name", e.file_name},
          {"content_type", e.content_type},
          {"size_bytes", e.size_bytes},
          {"sha256", e.sha256}};
}

json RevisionJson(const store::JudgmentKey& key, const store::JudgmentRevision& r) {
  json evidence = json::array();
  for (const auto& e : r.evidence) evidence.push_back(EvidenceJson(e));
  json value = json::parse(r.value_json, nullptr, false);
  if (value.is_discarded()) value = nullptr;
  return {{"id", r.judgment_id},
          {"campaign_id", key.campaign_id},
          {"unit_id", key.unit_id},
          {"indicator_id", key.indicator_id},
          {"criterion", key.criterion},
          {"channel", key.channel},
          {"state", store::ToString(r.state)},
          {"revision", r.revision},
          {"value", value},
          {"note", r.note},
          {"reviewer", r.reviewer},
          {"reviewer_user_id", Opt(r.reviewer_user_id)},
          {"created_at", r.created_at},
          {"evidence", evidence}};
}

json AuditJson(const store::AuditEntry& a) {
  json summary = json::parse(a.summary, nullptr, false);
  if (summary.is_discarded()) summary = a.summary;
  return {{"id", a.id},
          {"at", a.at},
          {"actor_user_id", Opt(a.actor_user_id)},
          {"actor", a.actor},
          {"action", a.action},
          {"entity", a.entity},
          {"entity_id", Opt(a.entity_id)},
          {"summary", summary}};
}

json EventJson(const store::Event& e) {
  return {{"id", e.id},
          {"campaign_id", Opt(e.campaign_id)},
          {"unit_id", e.unit_id},
          {"type", e.type},
          {"level", e.level},
          {"channel", e.channel},
          {"date", e.date.ToString()},
          {"count", e.count},
          {"points", Opt(e.points)},
          {"evidence", e.evidence},
          {"note", e.note}};
}

std::string RequiredString(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) throw BadRequest("缺少字段", key);
  if (!it->is_string()) throw BadRequest("须为字符串", key);
  return it->get<std::string>();
}

std::string OptionalString(const json& j, const std::string& key, const std::string& fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_string()) throw BadRequest("须为字符串", key);
  return it->get<std::string>();
}

std::optional<store::Id> OptionalId(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<int64_t>() <= 0) throw BadRequest("须为正整数编号", key);
  return it->get<store::Id>();
}

store::Id RequiredId(const json& j, const std::string& key) {
  auto id = OptionalId(j, key);
  if (!id) throw BadRequest("缺少字段", key);
  return *id;
}

std::vector<store::Id> IdList(const json& j, const std::string& key) {
  std::vector<store::Id> ids;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return ids;
  if (!it->is_array()) throw BadRequest("须为编号数组", key);
  for (const auto& v : *it) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) throw BadRequest("须为编号数组", key);
    ids.push_back(v.get<store::Id>());
  }
  return ids;
}

std::optional<Date> OptionalDate(const json& j, const std::string& key) {
  const std::string s = OptionalString(j, key);
  if (s.empty()) return std::nullopt;
  auto d = Date::Parse(s);
  if (!d) throw BadRequest("日期须为 YYYY-MM-DD", key);
  return d;
}

Date RequiredDate(const json& j, const std::string& key) {
  auto d = OptionalDate(j, key);
  if (!d) throw BadRequest("缺少日期", key);
  return *d;
}

std::optional<bool> OptionalBool(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) throw BadRequest("须为 true 或 false", key);
  return it->get<bool>();
}

store::Unit UnitFromJson(const json& j) {
  store::Unit u;
  u.code = RequiredString(j, "code");
  u.name = RequiredString(j, "name");
  u.kind = RequiredString(j, "kind");
  u.region = OptionalString(j, "region");
  u.parent_id = OptionalId(j, "parent_id");
  if (u.code.empty() || u.code.size() > 64) throw BadRequest("编码须为 1–64 个字符", "code");
  if (u.name.empty()) throw BadRequest("名称不能为空", "name");
  if (auto it = j.find("websites"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw BadRequest("须为网址数组", "websites");
    for (const auto& w : *it) {
      if (!w.is_string()) throw BadRequest("须为网址数组", "websites");
      const std::string url = w.get<std::string>();
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw BadRequest("网址须以 http:// 或 https:// 开头", "websites");
      u.websites.push_back(url);
    }
  }
  if (auto it = j.find("accounts"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw BadRequest("须为账号数组", "accounts");
    for (const auto& a : *it) {
      if (!a.is_object()) throw BadRequest("须为账号对象", "accounts");
      u.accounts.push_back(
          {RequiredString(a, "channel"), OptionalString(a, "name"), OptionalString(a, "url")});
    }
  }
  return u;
}

store::Role ParseRole(const std::string& s) {
  for (store::Role r : {store::Role::kAdmin, store::Role::kOrganiser, store::Role::kReviewer,
                        store::Role::kWebmaster})
    if (s == store::ToString(r)) return r;
  throw BadRequest("未知角色（admin, organiser, reviewer, webmaster）", "role");
}

store::CampaignState ParseCampaignState(const std::string& s) {
  for (store::CampaignState c : {store::CampaignState::kDraft, store::CampaignState::kCollecting,
                                 store::CampaignState::kReviewing, store::CampaignState::kPublished,
                                 store::CampaignState::kArchived})
    if (s == store::ToString(c)) return c;
  throw BadRequest("未知状态", "state");
}

}  // namespace govscore::server

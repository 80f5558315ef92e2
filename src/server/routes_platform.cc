// Campaigns, scans, the reviewer workbench, evidence, scores, findings and
// exports (docs/api.md). Every handler checks the role and the unit, then calls
// a platform service (src/platform) and shapes its answer as JSON; no domain
// logic lives here.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "platform/platform.h"
#include "scoring/score_json.h"
#include "server/api.h"
#include "server/frameworks_view.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Id;
using store::Role;

store::Unit GetUnit(Ctx& c, Id id);  // routes_units.cc

namespace {

bool CampaignVisible(const Ctx& c, const store::Campaign& camp) {
  if (c.SeesAllUnits()) return true;
  for (Id u : camp.unit_ids)
    if (c.SeesUnit(u)) return true;
  return false;
}

}  // namespace

// ---- access (routes.h) ----

store::Campaign GetCampaign(Ctx& c, Id id) {
  store::Campaign camp = platform::GetCampaign(c.store, id);
  if (!CampaignVisible(c, camp))
    throw Forbidden("无权访问该评估任务", "campaign " + std::to_string(id));
  return camp;
}

void RequireCampaignUnit(const Ctx& c, const store::Campaign& camp, Id unit_id) {
  c.RequireUnit(unit_id);
  if (std::find(camp.unit_ids.begin(), camp.unit_ids.end(), unit_id) == camp.unit_ids.end())
    throw NotFound("该评估任务不包含这个评估对象", "unit " + std::to_string(unit_id));
}

namespace {

namespace fs = std::filesystem;

json CampaignOut(Ctx& c, const store::Campaign& camp) {
  auto fv = c.store.FindFrameworkVersion(camp.framework_version_id);
  json j = CampaignJson(camp, fv ? &*fv : nullptr);
  j["second_review"] = camp.second_review;
  return j;
}

platform::CampaignSpec SpecFromJson(const json& body) {
  platform::CampaignSpec s;
  s.name = RequiredString(body, "name");
  s.framework_version_id = RequiredId(body, "framework_version_id");
  s.unit_ids = IdList(body, "unit_ids");
  s.period_from = OptionalDate(body, "period_from");
  s.period_to = OptionalDate(body, "period_to");
  s.as_of = RequiredDate(body, "as_of");
  s.second_review = OptionalBool(body, "second_review").value_or(false);
  return s;
}

// ---- scans ----

json ScanViewJson(const platform::ScanView& v) {
  json j = ScanJson(v.scan);
  j["unit_code"] = v.unit_code;
  j["unit_name"] = v.unit_name;
  j["pages_done"] = v.pages_done;
  j["links_checked"] = v.links_checked;
  j["queued"] = v.queued;
  j["errors"] = v.errors;
  j["elapsed_s"] = v.elapsed_s;
  return j;
}

json ProgressJson(store::Store& store, const store::Campaign& camp,
                  const std::function<bool(Id)>& sees_unit) {
  const platform::CampaignProgress p = platform::GetCampaignProgress(store, camp.id);
  std::map<Id, json> units;
  for (Id u : camp.unit_ids) {
    if (!sees_unit(u)) continue;
    auto unit = store.FindUnit(u);
    units[u] = {{"unit_id", u},
                {"name", unit ? unit->name : ""},
                {"scan_state", nullptr},
                {"pages_done", 0},
                {"judgments_pending", 0}};
  }
  // Scans come newest first: the first seen per unit is its current one.
  for (const platform::ScanView& v : platform::ListCampaignScans(store, camp.id)) {
    auto it = units.find(v.scan.unit_id);
    if (it == units.end() || !it->second["scan_state"].is_null()) continue;
    it->second["scan_state"] = store::ToString(v.scan.state);
    it->second["pages_done"] = v.pages_done;
  }
  for (const platform::ReviewItem& item : platform::ReviewQueue(store, camp.id, {}, true)) {
    auto it = units.find(item.key.unit_id);
    if (it != units.end())
      it->second["judgments_pending"] = it->second["judgments_pending"].get<int>() + 1;
  }
  json unit_list = json::array();
  for (auto& [id, u] : units) unit_list.push_back(u);
  const int scans_cancelled =
      p.scans_total - p.scans_queued - p.scans_running - p.scans_done - p.scans_failed;
  return {{"campaign_id", camp.id},
          {"state", store::ToString(p.state)},
          {"scans",
           {{"total", p.scans_total},
            {"queued", p.scans_queued},
            {"running", p.scans_running},
            {"done", p.scans_done},
            {"failed", p.scans_failed},
            {"cancelled", std::max(0, scans_cancelled)},
            {"websites_without_scan", p.websites_without_scan}}},
          {"judgments",
           {{"total", p.judgments_total},
            {"pending", p.judgments_open},
            {"open", p.judgments_open},
            {"submitted", p.judgments_submitted},
            {"checked", p.judgments_checked}}},
          {"can_publish", p.can_publish},
          {"blockers", p.blockers},
          {"units", unit_list},
          {"updated_at", std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()}};
}

// Server-Sent Events: the campaign's Progress at once and on every change.
void ProgressStream(Ctx& c) {
  const store::Campaign camp = GetCampaign(c, c.PathId());
  struct State {
    std::string last;
    int idle_s = 0, quiet_s = 0;
    bool sent_any = false;
  };
  auto state = std::make_shared<State>();
  Services* services = &c.services;
  const store::User user = c.user();
  const bool all = c.SeesAllUnits();
  std::set<Id> own(user.unit_ids.begin(), user.unit_ids.end());
  c.res.set_header("Cache-Control", "no-store");
  c.res.set_header("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
  c.res.set_chunked_content_provider(
      "text/event-stream", [services, camp, state, all, own](size_t, httplib::DataSink& sink) {
        if (services->stopping.load()) {
          sink.done();
          return true;
        }
        if (state->sent_any) std::this_thread::sleep_for(std::chrono::seconds(1));
        // A client that hung up (a closed tab, a reader that only wanted the
        // status) frees its server thread within a second, not at the next
        // failed write — up to 15 s later, with every thread of the pool
        // possibly held that way (is_writable peeks at the socket).
        if (sink.is_writable && !sink.is_writable()) return false;
        std::string data;
        bool active = false;
        try {
          auto lease = services->pool.Borrow();
          const json p = ProgressJson(*lease, camp, [&](Id u) { return all || own.count(u) > 0; });
          active = p["scans"]["queued"].get<int>() + p["scans"]["running"].get<int>() > 0;
          json compare = p;
          compare.erase("updated_at");
          data = compare.dump();
          if (data != state->last) {
            state->last = data;
            const std::string ev = "event: progress\ndata: " + p.dump() + "\n\n";
            if (!sink.write(ev.data(), ev.size())) return false;
            state->idle_s = 0;
          } else if (++state->idle_s >= 15) {
            state->idle_s = 0;
            const std::string ka = ": keepalive\n\n";
            if (!sink.write(ka.data(), ka.size())) return false;
          }
        } catch (const std::exception& e) {
          spdlog::warn("progress stream of campaign {}: {}", camp.id, e.what());
          sink.done();
          return true;
        }
        state->sent_any = true;
        state->quiet_s = active ? 0 : state->quiet_s + 1;
        if (state->quiet_s > 5) sink.done();
        return true;
      });
}

// ---- evidence files (佐证材料) ----

bool ValidStoredName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.')) return false;
  return name.find("..") == std::string::npos && name[0] != '.';
}

json EvidenceFileJson(const store::EvidenceFile& f) {
  json j = EvidenceJson(platform::AsJudgmentEvidence(f));
  j["unit_id"] = f.unit_id;
  j["campaign_id"] = f.campaign_id ? json(*f.campaign_id) : json(nullptr);
  j["indicator_id"] = f.indicator_id;
  j["note"] = f.note;
  j["uploaded_by"] = f.uploaded_by;
  j["uploaded_at"] = f.uploaded_at;
  return j;
}

void UploadEvidence(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer, Role::kWebmaster});
  if (!c.req.is_multipart_form_data()) throw BadRequest("须以 multipart/form-data 上传", "file");
  if (!c.req.has_file("file")) throw BadRequest("缺少上传文件", "file");
  auto field = [&](const std::string& k) {
    return c.req.has_file(k) ? c.req.get_file_value(k).content : std::string();
  };
  auto id_field = [&](const std::string& k, bool required) -> std::optional<Id> {
    const std::string text = field(k);
    if (text.empty() && !required) return std::nullopt;
    try {
      size_t used = 0;
      const Id id = std::stoll(text, &used);
      if (used == text.size() && id > 0) return id;
    } catch (const std::exception&) {
    }
    throw BadRequest("编号无效", k);
  };
  platform::EvidenceTarget target;
  target.unit_id = *id_field("unit_id", true);
  GetUnit(c, target.unit_id);  // exists and is the user's
  target.campaign_id = id_field("campaign_id", false);
  if (target.campaign_id)
    RequireCampaignUnit(c, GetCampaign(c, *target.campaign_id), target.unit_id);
  target.indicator_id = field("indicator_id");
  target.note = field("note");
  const auto file = c.req.get_file_value("file");
  if (file.content.size() > static_cast<size_t>(c.config.upload_limit_mb) * 1024 * 1024)
    throw ApiError(413, "too_large", "文件超过上传大小限制", "file");
  if (file.content.empty()) throw BadRequest("文件为空", "file");
  // The uploaded name is metadata only; its directory part is dropped.
  std::string name = fs::path(file.filename).filename().string();
  if (name.empty() || name == "." || name == "..") name = "upload";
  try {
    const store::EvidenceFile f = platform::UploadEvidence(c.store, c.actor(), *c.services.evidence,
                                                           target, file.content, name);
    c.Json(EvidenceFileJson(f), 201);
  } catch (const platform::UnsupportedFileType&) {
    throw ApiError(415, "unsupported_type", "不支持的文件类型（仅图片、PDF、OFD、Office 文档）",
                   name);
  }
}

void DownloadEvidence(Ctx& c) {
  const std::string id = c.req.matches[1];
  if (!ValidStoredName(id)) throw NotFound("没有这个文件", id);
  auto meta = c.store.FindEvidenceFile(id);
  if (meta) {
    c.RequireUnit(meta->unit_id);
  } else if (!c.SeesAllUnits()) {
    throw Forbidden("无权下载该文件", id);
  }
  const std::string bytes = c.services.evidence->Read(id);
  const std::string type = meta ? meta->content_type : "application/octet-stream";
  // RFC 5987 name for non-ASCII file names.
  std::string encoded;
  const std::string name = meta ? meta->file_name : id;
  for (unsigned char ch : name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_')
      encoded += static_cast<char>(ch);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  c.res.set_header("Content-Disposition",
                   "attachment; filename=\"" + id + "\"; filename*=UTF-8''" + encoded);
  c.res.set_content(bytes, type);
}

std::vector<store::JudgmentEvidence> EvidenceFromJson(Ctx& c, const json& body, Id unit_id) {
  std::vector<store::JudgmentEvidence> out;
  auto it = body.find("evidence");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) throw BadRequest("须为数组", "evidence");
  for (const json& e : *it) {
    if (!e.is_object()) throw BadRequest("须为对象数组", "evidence");
    const std::string kind = OptionalString(e, "kind", "url");
    if (kind == "url") {
      out.push_back(platform::UrlEvidence(RequiredString(e, "url")));
    } else if (kind == "file") {
      const std::string id = RequiredString(e, "file_id");
      auto meta = ValidStoredName(id) ? c.store.FindEvidenceFile(id) : std::nullopt;
      if (!meta) throw BadRequest("没有这个上传文件", "evidence.file_id");
      if (meta->unit_id != unit_id) throw Forbidden("文件属于其他评估对象", "evidence.file_id");
      out.push_back(platform::AsJudgmentEvidence(*meta));
    } else {
      throw BadRequest("kind 须为 url 或 file", "evidence.kind");
    }
  }
  return out;
}

// ---- workbench ----

store::JudgmentKey KeyFromJson(const json& j, Id campaign_id) {
  store::JudgmentKey k;
  k.campaign_id = campaign_id;
  k.unit_id = RequiredId(j, "unit_id");
  k.indicator_id = RequiredString(j, "indicator_id");
  k.criterion = OptionalString(j, "criterion");
  k.channel = OptionalString(j, "channel");
  return k;
}

json JudgmentOut(const store::Judgment& j) {
  json out = RevisionJson(j.key, j.current);
  out["id"] = j.id;
  out["state"] = store::ToString(j.state);
  return out;
}

json ProposalJson(const platform::ReviewProposal& p) {
  json fills = json::array();
  for (const auto& f : p.fills)
    fills.push_back({{"measure", f.measure}, {"from", f.from}, {"value", f.value}});
  return {{"value", json::parse(p.value_json)},
          {"basis", p.basis},
          {"evidence", p.evidence},
          {"leaf_points", p.leaf_points},
          {"fills", fills}};
}

json QueueItemJson(const platform::ReviewItem& it) {
  return {{"unit_id", it.key.unit_id},
          {"unit_code", it.unit_code},
          {"unit_name", it.unit_name},
          {"unit_kind", it.unit_kind},
          {"indicator_id", it.key.indicator_id},
          {"indicator_name", it.indicator_name},
          {"path", it.path},
          {"criterion", it.key.criterion},
          {"criterion_text", it.criterion_text},
          {"channel", it.key.channel},
          {"description", it.description},
          {"criteria_text", it.criteria_text},
          {"input", it.input},
          {"min", it.input == "points" ? json(0) : json(nullptr)},
          {"max", it.max_points ? json(*it.max_points) : json(nullptr)},
          {"step", nullptr},
          {"weight", it.weight},
          {"judgment", it.judgment ? JudgmentOut(*it.judgment) : json(nullptr)},
          {"proposal", it.proposal ? ProposalJson(*it.proposal) : json(nullptr)}};
}

json ReviewerJson(const platform::ReviewerAssignment& a) {
  return {{"user", UserJson(a.user)}, {"unit_ids", a.unit_ids}, {"indicator_ids", a.indicator_ids}};
}

// "pending" is work a reviewer owes (what progress counts); an unjudged fill
// confirmation is only on offer: "proposed".
std::string QueueState(const platform::ReviewItem& it) {
  if (it.judgment) return store::ToString(it.judgment->state);
  return it.input == "confirm" ? "proposed" : "pending";
}

void Queue(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  const auto unit = c.QueryId("unit_id");
  if (unit) RequireCampaignUnit(c, camp, *unit);
  const std::string state = c.Query("state");
  json items = json::array();
  const store::Actor actor = c.actor();
  for (const platform::ReviewItem& it :
       platform::ReviewQueue(c.store, camp.id, unit, false, &actor, /*with_proposals=*/true)) {
    if (!c.SeesUnit(it.key.unit_id)) continue;
    if (!state.empty() && QueueState(it) != state) continue;
    items.push_back(QueueItemJson(it));
  }
  c.Json({{"items", items}});
}

void GetJudgment(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  store::JudgmentKey key;
  key.campaign_id = camp.id;
  const auto unit = c.QueryId("unit_id");
  if (!unit) throw BadRequest("缺少参数", "unit_id");
  key.unit_id = *unit;
  key.indicator_id = c.Query("indicator_id");
  if (key.indicator_id.empty()) throw BadRequest("缺少参数", "indicator_id");
  key.criterion = c.Query("criterion");
  key.channel = c.Query("channel");
  RequireCampaignUnit(c, camp, key.unit_id);
  platform::RequireMayJudge(c.store, c.actor(), key);
  auto j = c.store.FindJudgment(key);
  json revisions = json::array();
  if (j)
    for (const auto& r : platform::JudgmentHistory(c.store, key))
      revisions.push_back(RevisionJson(key, r));
  c.Json({{"judgment", j ? JudgmentOut(*j) : json(nullptr)}, {"revisions", revisions}});
}

// A judgment write: reviewer-side role, the campaign, the body and the key of
// a unit the user may judge.
struct JudgmentRequest {
  json body;
  store::JudgmentKey key;
};
JudgmentRequest ReadJudgmentRequest(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  JudgmentRequest r{c.Body(), {}};
  r.key = KeyFromJson(r.body, camp.id);
  RequireCampaignUnit(c, camp, r.key.unit_id);
  platform::RequireMayJudge(c.store, c.actor(), r.key);  // assigned units and indicators only
  return r;
}

void SaveJudgment(Ctx& c) {
  const auto [body, key] = ReadJudgmentRequest(c);
  auto value = body.find("value");
  if (value == body.end() || !value->is_object()) throw BadRequest("缺少评分值", "value");
  const std::string note = OptionalString(body, "note");
  const auto evidence = EvidenceFromJson(c, body, key.unit_id);
  const std::string state = OptionalString(body, "state", "draft");
  store::JudgmentRevision rev;
  if (state == "draft")
    rev = platform::SaveJudgmentDraft(c.store, c.actor(), key, value->dump(), note, evidence);
  else if (state == "submitted")
    rev = platform::SubmitJudgment(c.store, c.actor(), key, value->dump(), note, evidence);
  else
    throw BadRequest("state 须为 draft 或 submitted", "state");
  c.Json(RevisionJson(key, rev));
}

// 采纳: the slot's proposal submitted as the user's judgment.
void AdoptProposal(Ctx& c) {
  const auto [body, key] = ReadJudgmentRequest(c);
  c.Json(RevisionJson(key, platform::AdoptProposal(c.store, c.actor(), key)));
}

void CheckJudgment(Ctx& c) {
  const auto [body, key] = ReadJudgmentRequest(c);
  const auto agree = OptionalBool(body, "agree");
  if (!agree) throw BadRequest("缺少字段", "agree");
  const store::JudgmentRevision rev =
      platform::CheckJudgment(c.store, c.actor(), key, *agree, OptionalString(body, "note"));
  c.Json(RevisionJson(key, rev));
}

// ---- scores ----

// The campaign's current scores; webmasters only see published ones.
platform::CampaignScores Scores(Ctx& c, const store::Campaign& camp) {
  platform::CampaignScores s = platform::CurrentScores(c.store, camp.id);
  if (!s.snapshot && c.role() == Role::kWebmaster)
    throw NotFound("评估结果尚未发布", "campaign " + std::to_string(camp.id));
  return s;
}

// A reviewer assigned some indicators of the campaign (评审分工) sees only
// those in score trees and exports: other indicators are dropped, and a group
// keeps only the children that lead to an assigned one (totals stay: the
// reviewer may read their units' scores).
void LimitToReviewerIndicators(Ctx& c, const store::Campaign& camp, scoring::ScoreSheet& sheet) {
  if (c.role() != Role::kReviewer) return;
  const platform::JudgeScope scope = platform::ScopeFor(c.store, c.actor(), camp.id);
  if (!scope.indicators) return;
  std::function<bool(scoring::IndicatorScore&)> keep = [&](scoring::IndicatorScore& ind) {
    if (scope.indicators->count(ind.id)) return true;
    std::erase_if(ind.children, [&](scoring::IndicatorScore& child) { return !keep(child); });
    return !ind.children.empty();
  };
  for (scoring::UnitScore& u : sheet.units) {
    std::erase_if(u.indicators, [&](scoring::IndicatorScore& ind) { return !keep(ind); });
    std::erase_if(u.samples, [&](const scoring::SampleRecord& r) {
      return !scope.indicators->count(r.indicator);
    });
  }
}

std::map<std::string, Id> UnitIdsByCode(Ctx& c) {
  std::map<std::string, Id> ids;
  for (const store::Unit& u : c.store.ListUnits()) ids[u.code] = u.id;
  return ids;
}

void RankingRoute(Ctx& c) {
  const store::Campaign camp = GetCampaign(c, c.PathId());
  platform::CampaignScores s = Scores(c, camp);
  if (c.role() == Role::kReviewer && !s.snapshot) {
    // Before publishing a reviewer sees the live scores of their units only
    // (as in their exports); the published ranking is everyone's.
    std::set<std::string> own;
    for (Id id : c.user().unit_ids)
      if (auto u = c.store.FindUnit(id)) own.insert(u->code);
    std::erase_if(s.sheet.units,
                  [&](const scoring::UnitScore& u) { return !own.count(u.unit.id); });
  }
  const auto ids = UnitIdsByCode(c);
  const std::string kind = c.Query("kind");
  json units = json::array(), lists = json::object(), bands = json::array();
  const framework::Framework fw =
      platform::LoadFrameworkVersion(c.store, camp.framework_version_id);
  for (const auto& b : fw.result.bands) bands.push_back({{"from", b.from}, {"label", b.label}});
  for (const auto& l : fw.result.lists) lists[l.name] = json::array();
  std::map<std::string, std::optional<double>> scaled;
  for (const scoring::UnitScore& u : s.sheet.units) scaled[u.unit.id] = u.scaled_total;
  for (const platform::RankingRow& r : platform::Ranking(s.sheet)) {
    if (!kind.empty() && r.kind != kind) continue;
    auto id = ids.find(r.unit_code);
    const json unit_id = id == ids.end() ? json(nullptr) : json(id->second);
    units.push_back(
        {{"unit_id", unit_id},
         {"code", r.unit_code},
         {"name", r.unit_name},
         {"kind", r.kind},
         {"region", r.region},
         {"rank", r.rank},
         {"total", r.total},
         {"max_points", r.max_points},
         {"scaled_total", scaled[r.unit_code] ? json(*scaled[r.unit_code]) : json(nullptr)},
         {"band", r.band},
         {"lists", r.lists},
         {"provisional", r.provisional},
         {"pending_points", r.pending_points}});
    for (const std::string& l : r.lists) lists[l].push_back(unit_id);
  }
  c.Json({{"campaign_id", camp.id},
          {"published", s.snapshot.has_value()},
          {"snapshot_id", s.snapshot ? json(s.snapshot->id) : json(nullptr)},
          {"as_of", camp.as_of.ToString()},
          {"framework", {{"id", fw.id}, {"title", fw.title}}},
          {"bands", bands},
          {"units", units},
          {"lists", lists}});
}

std::vector<const scoring::UnitScore*> UnitsOfKind(const scoring::ScoreSheet& sheet,
                                                   const std::string& kind) {
  std::vector<const scoring::UnitScore*> out;
  for (const auto& u : sheet.units)
    if (kind.empty() || u.unit.kind == kind) out.push_back(&u);
  return out;
}

void DistributionRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  const platform::CampaignScores s = Scores(c, camp);
  const double bin = c.QueryNumber("bin", 1, 100, 10);
  const auto units = UnitsOfKind(s.sheet, c.Query("kind"));
  std::vector<double> totals;
  double top = 100;
  std::map<std::string, int> band_counts;
  for (const auto* u : units) {
    totals.push_back(u->total);
    top = std::max({top, u->total, u->max_points});
    band_counts[u->band]++;
  }
  json bins = json::array();
  const int n = static_cast<int>(std::ceil(top / bin));
  for (int i = 0; i < n; ++i) {
    const double from = i * bin, to = (i + 1) * bin;
    int count = 0;
    for (double t : totals)
      if ((t >= from && t < to) || (i == n - 1 && t >= to) || (i == 0 && t < 0)) ++count;
    bins.push_back({{"from", from}, {"to", to}, {"count", count}});
  }
  json bands = json::array();
  for (const auto& [label, count] : band_counts)
    bands.push_back({{"label", label}, {"count", count}});
  json stats = {{"count", totals.size()},
                {"mean", nullptr},
                {"median", nullptr},
                {"min", nullptr},
                {"max", nullptr}};
  if (!totals.empty()) {
    std::sort(totals.begin(), totals.end());
    double sum = 0;
    for (double t : totals) sum += t;
    const size_t k = totals.size();
    stats["mean"] = std::round(sum / k * 100) / 100;
    stats["median"] = k % 2 ? totals[k / 2] : (totals[k / 2 - 1] + totals[k / 2]) / 2;
    stats["min"] = totals.front();
    stats["max"] = totals.back();
  }
  c.Json(
      {{"published", s.snapshot.has_value()}, {"bins", bins}, {"bands", bands}, {"stats", stats}});
}

void GroupsRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  const platform::CampaignScores s = Scores(c, camp);
  struct Acc {
    std::string name;
    double weight = 0, sum = 0, lost = 0, min = 0, max = 0;
    int n = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, Acc> acc;
  for (const auto* u : UnitsOfKind(s.sheet, c.Query("kind"))) {
    for (const scoring::IndicatorScore& ind : u->indicators) {
      auto [it, fresh] = acc.try_emplace(ind.id);
      Acc& a = it->second;
      if (fresh) {
        order.push_back(ind.id);
        a.name = ind.name;
        a.min = a.max = ind.points;
      }
      a.weight += ind.weight;
      a.sum += ind.points;
      a.lost += ind.lost;
      a.min = std::min(a.min, ind.points);
      a.max = std::max(a.max, ind.points);
      ++a.n;
    }
  }
  auto r2 = [](double v) { return std::round(v * 100) / 100; };
  json groups = json::array();
  for (const std::string& id : order) {
    const Acc& a = acc[id];
    groups.push_back({{"indicator_id", id},
                      {"name", a.name},
                      {"weight", r2(a.weight / a.n)},
                      {"mean", r2(a.sum / a.n)},
                      {"min", a.min},
                      {"max", a.max},
                      {"mean_lost", r2(a.lost / a.n)},
                      {"units", a.n}});
  }
  c.Json({{"published", s.snapshot.has_value()}, {"groups", groups}});
}

json RectificationJson(const platform::RectificationItem& it, bool with_points) {
  json f = FindingJson(it.finding);
  f["points"] = with_points ? json(it.points_lost) : json(nullptr);
  f["indicators"] = it.indicators;
  return f;
}

void UnitScoreRoute(Ctx& c) {
  const store::Campaign camp = GetCampaign(c, c.PathId(1));
  const Id unit_id = c.PathId(2);
  RequireCampaignUnit(c, camp, unit_id);
  const store::Unit unit = GetUnit(c, unit_id);
  platform::CampaignScores s = Scores(c, camp);
  platform::UnitTrace(s.sheet, unit.code);  // NotFound when the sheet lacks the unit
  LimitToReviewerIndicators(c, camp, s.sheet);
  const json sheet = scoring::ScoreSheetToJson(s.sheet);
  json out;
  for (const json& u : sheet["units"])
    if (u.value("id", "") == unit.code) out = u;
  out["unit_id"] = unit_id;
  out["campaign_id"] = camp.id;
  out["published"] = s.snapshot.has_value();
  json findings = json::array();
  for (const auto& it : platform::RectificationList(c.store, unit_id, &s.sheet, true))
    findings.push_back(RectificationJson(it, true));
  out["findings"] = findings;
  c.Json(out);
}

void ExportRoute(Ctx& c) {
  const store::Campaign camp = GetCampaign(c, c.PathId());
  const auto unit_id = c.QueryId("unit_id");
  if (!unit_id) c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
  if (unit_id) RequireCampaignUnit(c, camp, *unit_id);
  const platform::ExportFormat fmt = platform::ParseExportFormat(c.Query("format"));
  platform::CampaignScores s = Scores(c, camp);
  std::string name = "campaign-" + std::to_string(camp.id);
  if (unit_id) {
    const store::Unit unit = GetUnit(c, *unit_id);
    std::erase_if(s.sheet.units,
                  [&](const scoring::UnitScore& u) { return u.unit.id != unit.code; });
    if (s.sheet.units.empty()) throw NotFound("评分表中没有这个评估对象", unit.code);
    name += "-unit-" + std::to_string(*unit_id);
  } else if (c.role() == Role::kReviewer) {
    // A reviewer's campaign-wide export still shows only their units.
    std::set<std::string> own;
    for (Id id : c.user().unit_ids)
      if (auto u = c.store.FindUnit(id)) own.insert(u->code);
    std::erase_if(s.sheet.units,
                  [&](const scoring::UnitScore& u) { return !own.count(u.unit.id); });
  }
  LimitToReviewerIndicators(c, camp, s.sheet);
  const std::string bytes = platform::ExportScoreSheet(s.sheet, fmt);
  const std::string file = name + "." + platform::FileExtension(fmt);
  c.res.set_header("Content-Disposition",
                   std::string(fmt == platform::ExportFormat::kHtml ? "inline" : "attachment") +
                       "; filename=\"" + file + "\"");
  c.res.set_content(bytes, platform::ContentType(fmt));
}

// ---- findings ----

store::Finding GetFinding(Ctx& c, Id id) {
  auto f = c.store.FindFinding(id);
  if (!f) throw NotFound("没有这个问题", "finding " + std::to_string(id));
  c.RequireUnit(f->unit_id);
  return *f;
}

json FindingWithHistory(Ctx& c, const store::Finding& f) {
  json j = FindingJson(f);
  json history = json::array();
  for (const auto& t : platform::FindingHistory(c.store, f.id))
    history.push_back(TransitionJson(t));
  j["history"] = history;
  return j;
}

// ---- units (platform parts) ----

}  // namespace

ImportUpload ReadImportUpload(Ctx& c, const std::vector<std::string>& extensions,
                              const std::string& accepted) {
  if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
    throw BadRequest("缺少上传文件", "file");
  const auto file = c.req.get_file_value("file");
  ImportUpload out;
  out.name = fs::path(file.filename).filename().string();
  const std::string ext = fs::path(out.name).extension().string();
  if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end())
    throw ApiError(415, "unsupported_type", accepted, out.name);
  const bool zip = file.content.rfind("PK\x03\x04", 0) == 0;
  if ((ext == ".xlsx") != zip)
    throw ApiError(415, "unsupported_type", "文件内容与扩展名不符", out.name);
  out.content = file.content;
  out.dry_run = (c.req.has_file("dry_run") && c.req.get_file_value("dry_run").content == "1") ||
                c.Query("dry_run") == "1";
  return out;
}

namespace {

void ImportUnitsRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const ImportUpload file = ReadImportUpload(c, {".xlsx", ".csv"}, "请上传 .xlsx 或 .csv 文件");
  const std::string& name = file.name;
  if (file.dry_run) {
    const platform::UnitImportPreview p = platform::PreviewUnitImport(c.store, file.content, name);
    json rows = json::array(), details = json::array();
    for (const platform::UnitImportRow& r : p.rows) {
      json problems = json::array();
      for (const auto& pr : r.problems) problems.push_back(ImportProblemJson(pr));
      json unit = UnitJson(r.unit);
      unit.erase("id");
      unit.erase("parent_id");
      rows.push_back({{"line", r.line},
                      {"action", r.update ? "update" : "create"},
                      {"unit", unit},
                      {"parent_code", r.parent_code},
                      {"problems", problems}});
    }
    for (const auto& pr : p.problems) details.push_back(ImportProblemJson(pr));
    c.Json({{"dry_run", true},
            {"ok", p.ok()},
            {"created", p.created},
            {"updated", p.updated},
            {"rows", rows},
            {"details", details}});
    return;
  }
  const platform::UnitImportResult r =
      platform::ImportUnits(c.store, c.actor(), file.content, name);
  json units = json::array();
  for (Id id : r.unit_ids)
    if (auto u = c.store.FindUnit(id)) units.push_back(UnitJson(*u));
  c.Json({{"created", r.created}, {"updated", r.updated}, {"units", units}});
}

void ExportUnitsRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const std::string format = c.Query("format").empty() ? "csv" : c.Query("format");
  if (format == "csv") {
    c.res.set_header("Content-Disposition", "attachment; filename=\"units.csv\"");
    c.res.set_content(platform::ExportUnitsCsv(c.store), "text/csv; charset=utf-8");
  } else if (format == "xlsx") {
    c.res.set_header("Content-Disposition", "attachment; filename=\"units.xlsx\"");
    c.res.set_content(platform::ExportUnitsXlsx(c.store),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  } else {
    throw BadRequest("format 须为 csv 或 xlsx", "format");
  }
}

void RegisterFrameworkRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const UploadedYaml y = ReadFrameworkUpload(c);
  std::set<Id> before;
  for (const auto& v : c.store.ListFrameworkVersions()) before.insert(v.id);
  Id id = 0;
  if (!y.shipped.empty()) {
    id = platform::RegisterShippedFramework(c.store, c.actor(), y.shipped,
                                            c.services.frameworks_dir);
  } else {
    const platform::FrameworkRegistration r =
        platform::RegisterFramework(c.store, c.actor(), y.text, y.file_name);
    if (!r.ok) {
      ApiError e(422, "invalid", "指标体系文件有错误", y.file_name);
      e.details = DiagnosticsJson(r.diagnostics);
      throw e;
    }
    id = r.framework_version_id;
  }
  c.Json(FrameworkVersionJson(GetFrameworkVersion(c, id)), before.count(id) ? 200 : 201);
}

}  // namespace

void RegisterPlatformRoutes(Api& api) {
  // Units (platform parts).
  api.Post("/api/units/import", ImportUnitsRoute);
  api.Get("/api/units/export", ExportUnitsRoute);
  api.Get(R"(/api/units/(\d+)/scans)", [](Ctx& c) {
    GetUnit(c, c.PathId());
    json scans = json::array();
    for (const auto& v : platform::ListUnitScans(c.store, c.PathId()))
      scans.push_back(ScanViewJson(v));
    c.Json({{"scans", scans}});
  });
  api.Get(R"(/api/units/(\d+)/findings)", [](Ctx& c) {
    const Id unit_id = c.PathId();
    GetUnit(c, unit_id);
    const std::string state = c.Query("state");
    json findings = json::array();
    for (const auto& it : platform::RectificationList(c.store, unit_id)) {
      if (!state.empty() && store::ToString(it.finding.state) != state) continue;
      findings.push_back(RectificationJson(it, false));
    }
    c.Json({{"findings", findings}});
  });
  api.Get(R"(/api/units/(\d+)/trend)", [](Ctx& c) {
    GetUnit(c, c.PathId());
    json trend = json::array();
    std::map<Id, std::string> names;
    for (const auto& p : platform::UnitTrend(c.store, c.PathId()))
      trend.push_back({{"campaign_id", p.campaign_id},
                       {"campaign_name", p.campaign_name},
                       {"as_of", p.as_of.ToString()},
                       {"total", p.total},
                       {"max_points", p.max_points},
                       {"band", p.band},
                       {"rank", p.rank},
                       {"published", true}});
    c.Json({{"trend", trend}});
  });
  api.Get(R"(/api/units/(\d+)/evidence)", [](Ctx& c) {
    const Id unit_id = c.PathId();
    GetUnit(c, unit_id);
    json out = json::array();
    for (const store::EvidenceFile& f : platform::UnitEvidence(
             c.store, unit_id, c.QueryId("campaign_id"), c.Query("indicator_id")))
      out.push_back(EvidenceFileJson(f));
    c.Json({{"evidence", out}});
  });

  // Frameworks: registration.
  api.Post("/api/frameworks", RegisterFrameworkRoute);

  // Campaigns.
  api.Get("/api/campaigns", [](Ctx& c) {
    json out = json::array();
    for (const store::Campaign& camp : c.store.ListCampaigns())
      if (CampaignVisible(c, camp)) out.push_back(CampaignOut(c, camp));
    c.Json({{"campaigns", out}});
  });
  api.Post("/api/campaigns", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const Id id = platform::CreateCampaign(c.store, c.actor(), SpecFromJson(c.Body()));
    c.Json(CampaignOut(c, platform::GetCampaign(c.store, id)), 201);
  });
  api.Get(R"(/api/campaigns/(\d+))",
          [](Ctx& c) { c.Json(CampaignOut(c, GetCampaign(c, c.PathId()))); });
  api.Put(R"(/api/campaigns/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const Id id = c.PathId();
    platform::UpdateCampaign(c.store, c.actor(), id, SpecFromJson(c.Body()));
    c.Json(CampaignOut(c, platform::GetCampaign(c.store, id)));
  });
  api.Post(R"(/api/campaigns/(\d+)/state)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const Id id = c.PathId();
    const store::CampaignState to = ParseCampaignState(RequiredString(c.Body(), "state"));
    if (to == store::CampaignState::kPublished)
      platform::PublishCampaign(c.store, c.actor(), id);
    else
      platform::SetCampaignState(c.store, c.actor(), id, to);
    c.Json(CampaignOut(c, platform::GetCampaign(c.store, id)));
  });
  api.Post(R"(/api/campaigns/(\d+)/scans)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId());
    const json body = c.req.body.empty() ? json::object() : c.Body();
    const std::vector<Id> only = IdList(body, "unit_ids");
    std::vector<Id> scan_ids;
    if (only.empty()) {
      scan_ids = platform::EnqueueCampaignScans(c.store, c.actor(), camp.id);
    } else {
      for (Id u : only) {
        RequireCampaignUnit(c, camp, u);
        for (const std::string& site : GetUnit(c, u).websites)
          scan_ids.push_back(platform::EnqueueUnitScan(c.store, c.actor(), u, site, camp.id));
      }
    }
    if (c.services.wake_scans) c.services.wake_scans();
    json scans = json::array();
    for (Id id : scan_ids) scans.push_back(ScanViewJson(platform::GetScan(c.store, id)));
    c.Json({{"scans", scans}}, 202);
  });
  api.Get(R"(/api/campaigns/(\d+)/scans)", [](Ctx& c) {
    const store::Campaign camp = GetCampaign(c, c.PathId());
    json scans = json::array();
    for (const auto& v : platform::ListCampaignScans(c.store, camp.id))
      if (c.SeesUnit(v.scan.unit_id)) scans.push_back(ScanViewJson(v));
    c.Json({{"scans", scans}});
  });
  api.Get(R"(/api/campaigns/(\d+)/progress)", [](Ctx& c) {
    const store::Campaign camp = GetCampaign(c, c.PathId());
    c.Json(ProgressJson(c.store, camp, [&](Id u) { return c.SeesUnit(u); }));
  });
  api.Get(R"(/api/campaigns/(\d+)/progress/stream)", ProgressStream);
  api.Post(R"(/api/campaigns/(\d+)/publish)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const Id id = GetCampaign(c, c.PathId()).id;
    platform::PublishCampaign(c.store, c.actor(), id);
    auto snap = c.store.LatestScoreSnapshot(id);
    c.Json({{"snapshot",
             {{"id", snap->id},
              {"campaign_id", snap->campaign_id},
              {"sha256", snap->sha256},
              {"published_by", snap->published_by},
              {"published_at", snap->published_at}}}},
           201);
  });
  api.Get(R"(/api/campaigns/(\d+)/snapshots)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const Id id = GetCampaign(c, c.PathId()).id;
    json out = json::array();
    for (const auto& s : c.store.ListScoreSnapshots(id))
      out.push_back({{"id", s.id},
                     {"campaign_id", s.campaign_id},
                     {"sha256", s.sha256},
                     {"published_by", s.published_by},
                     {"published_at", s.published_at}});
    c.Json({{"snapshots", out}});
  });
  api.Post(R"(/api/campaigns/(\d+)/events)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId());
    const json body = c.Body();
    store::Event e;
    e.campaign_id = camp.id;
    e.unit_id = RequiredId(body, "unit_id");
    RequireCampaignUnit(c, camp, e.unit_id);
    e.type = RequiredString(body, "type");
    e.level = OptionalString(body, "level");
    e.channel = OptionalString(body, "channel");
    e.date = RequiredDate(body, "date");
    if (auto it = body.find("count"); it != body.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 1)
        throw BadRequest("须为正整数", "count");
      e.count = it->get<int64_t>();
    }
    if (auto it = body.find("points"); it != body.end() && !it->is_null()) {
      if (!it->is_number()) throw BadRequest("须为数字", "points");
      e.points = it->get<double>();
    }
    e.evidence = OptionalString(body, "evidence");
    e.note = OptionalString(body, "note");
    e.id = c.store.AddEvent(c.actor(), e);
    c.Json(EventJson(e), 201);
  });
  api.Get(R"(/api/campaigns/(\d+)/events)", [](Ctx& c) {
    const store::Campaign camp = GetCampaign(c, c.PathId());
    const auto only = c.QueryId("unit_id");
    json out = json::array();
    for (Id u : camp.unit_ids) {
      if ((only && u != *only) || !c.SeesUnit(u)) continue;
      for (const store::Event& e : c.store.ListEvents(u))
        if (e.campaign_id == camp.id) out.push_back(EventJson(e));
    }
    c.Json({{"events", out}});
  });

  // Reviewer assignments (units and indicators) of a campaign.
  api.Get(R"(/api/campaigns/(\d+)/reviewers)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId());
    json out = json::array();
    for (const platform::ReviewerAssignment& a : platform::CampaignReviewers(c.store, camp.id))
      out.push_back(ReviewerJson(a));
    c.Json({{"reviewers", out}});
  });
  api.Put(R"(/api/campaigns/(\d+)/reviewers/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId(1));
    const json body = c.Body();
    std::optional<std::vector<Id>> units;
    if (body.contains("unit_ids") && !body["unit_ids"].is_null()) units = IdList(body, "unit_ids");
    std::vector<std::string> indicators;
    if (auto it = body.find("indicator_ids"); it != body.end() && !it->is_null()) {
      if (!it->is_array()) throw BadRequest("须为字符串数组", "indicator_ids");
      for (const json& v : *it) {
        if (!v.is_string() || v.get<std::string>().empty())
          throw BadRequest("须为字符串数组", "indicator_ids");
        indicators.push_back(v.get<std::string>());
      }
    }
    c.Json(ReviewerJson(
        platform::AssignReviewer(c.store, c.actor(), camp.id, c.PathId(2), units, indicators)));
  });

  // Workbench and evidence.
  api.Get(R"(/api/campaigns/(\d+)/queue)", Queue);
  api.Get(R"(/api/campaigns/(\d+)/judgment)", GetJudgment);
  api.Post(R"(/api/campaigns/(\d+)/judgments)", SaveJudgment);
  api.Post(R"(/api/campaigns/(\d+)/judgments/check)", CheckJudgment);
  api.Post(R"(/api/campaigns/(\d+)/judgments/adopt)", AdoptProposal);
  api.Post("/api/evidence", UploadEvidence);
  api.Get(R"(/api/evidence/([A-Za-z0-9._-]+))", DownloadEvidence);

  // Scores and exports.
  api.Get(R"(/api/campaigns/(\d+)/ranking)", RankingRoute);
  api.Get(R"(/api/campaigns/(\d+)/distribution)", DistributionRoute);
  api.Get(R"(/api/campaigns/(\d+)/groups)", GroupsRoute);
  api.Get(R"(/api/campaigns/(\d+)/units/(\d+)/score)", UnitScoreRoute);
  api.Get(R"(/api/campaigns/(\d+)/export)", ExportRoute);

  // Scans and findings.
  api.Get(R"(/api/scans/(\d+))", [](Ctx& c) {
    const platform::ScanView v = platform::GetScan(c.store, c.PathId());
    c.RequireUnit(v.scan.unit_id);
    c.Json(ScanViewJson(v));
  });
  api.Get(R"(/api/scans/(\d+)/report)", [](Ctx& c) {
    c.RequireUnit(platform::GetScan(c.store, c.PathId()).scan.unit_id);
    c.res.set_header("Content-Disposition",
                     "inline; filename=\"scan-" + std::to_string(c.PathId()) + ".html\"");
    c.res.set_content(platform::ScanReportHtml(c.store, c.PathId()), "text/html; charset=utf-8");
  });
  api.Get(R"(/api/findings/(\d+))",
          [](Ctx& c) { c.Json(FindingWithHistory(c, GetFinding(c, c.PathId()))); });
  api.Post(R"(/api/findings/(\d+)/claim-fixed)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kWebmaster});
    const store::Finding f = GetFinding(c, c.PathId());
    const std::string note = RequiredString(c.Body(), "note");
    platform::ClaimFindingFixed(c.store, c.actor(), f.id, note,
                                c.SeesAllUnits() ? std::nullopt : std::optional<Id>(f.unit_id));
    c.Json(FindingWithHistory(c, GetFinding(c, f.id)));
  });

  RegisterConsultationRoutes(api);
  RegisterPostRoutes(api);
}

}  // namespace govscore::server

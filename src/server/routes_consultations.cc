// Simulated user consultations and 依申请公开 requests of a campaign
// (docs/api.md "Consultations"): organisers record them, reviewers of the
// unit judge the answers, webmasters read their own unit's. The role and unit
// checks are the platform service's (platform/consultations.h); the campaign's
// visibility is checked here first.
#include "platform/platform.h"
#include "server/api.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Id;
using store::Role;

namespace {

json ConsultationJson(const platform::ConsultationView& v) {
  const store::Consultation& r = v.record;
  auto opt_bool = [](const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); };
  return {{"id", r.id},
          {"campaign_id", r.campaign_id},
          {"unit_id", r.unit_id},
          {"unit_code", v.unit_code},
          {"unit_name", v.unit_name},
          {"kind", r.kind},
          {"channel", r.channel},
          {"asked_at", r.asked_at},
          {"question", r.question},
          {"replied_at", r.replied_at},
          {"answer", r.answer},
          {"reply_workdays", v.reply_workdays ? json(*v.reply_workdays) : json(nullptr)},
          {"accurate", opt_bool(r.accurate)},
          {"evasive", opt_bool(r.evasive)},
          {"review_note", r.review_note},
          {"reviewed_by", r.reviewed_by},
          {"reviewed_at", r.reviewed_at ? json(*r.reviewed_at) : json(nullptr)},
          {"recorded_by", r.recorded_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

platform::ConsultationInput InputFromJson(const json& body) {
  platform::ConsultationInput in;
  in.unit_id = RequiredId(body, "unit_id");
  in.kind = OptionalString(body, "kind", "consult");
  in.channel = OptionalString(body, "channel");
  in.asked_at = RequiredString(body, "asked_at");
  in.question = RequiredString(body, "question");
  in.replied_at = OptionalString(body, "replied_at");
  in.answer = OptionalString(body, "answer");
  return in;
}

// The consultation after checking that the user may see its campaign.
platform::ConsultationView Visible(Ctx& c, Id id) {
  platform::ConsultationView v = platform::GetConsultation(c.store, c.actor(), id);
  GetCampaign(c, v.record.campaign_id);
  return v;
}

json ImportRowJson(const platform::ConsultationImportRow& r) {
  json j = ConsultationJson({r.record, r.unit_code, r.unit_name, r.reply_workdays});
  for (const char* unused :
       {"reviewed_by", "reviewed_at", "recorded_by", "created_at", "updated_at"})
    j.erase(unused);
  j["id"] = r.record.id ? json(r.record.id) : json(nullptr);
  j["unit_id"] = r.record.unit_id ? json(r.record.unit_id) : json(nullptr);
  json problems = json::array();
  for (const platform::ImportProblem& p : r.problems) problems.push_back(ImportProblemJson(p));
  using Action = platform::ConsultationImportRow::Action;
  return {{"line", r.line},
          {"action", r.action == Action::kCreate   ? "create"
                     : r.action == Action::kUpdate ? "update"
                                                   : "unchanged"},
          {"consultation", j},
          {"problems", problems}};
}

// POST /api/campaigns/{id}/consultations/import: a consultations file into
// the campaign's records (docs/consultations.md "Import"), or its preview.
void ImportRoute(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  const store::Campaign camp = GetCampaign(c, c.PathId());
  const ImportUpload file =
      ReadImportUpload(c, {".csv", ".xlsx", ".json"}, "请上传 .csv、.xlsx 或 .json 文件");
  if (file.dry_run) {
    const platform::ConsultationImportPreview p =
        platform::PreviewConsultationImport(c.store, c.actor(), camp.id, file.content, file.name);
    json rows = json::array(), details = json::array();
    for (const auto& r : p.rows) rows.push_back(ImportRowJson(r));
    for (const auto& pr : p.problems) details.push_back(ImportProblemJson(pr));
    c.Json({{"dry_run", true},
            {"ok", p.ok()},
            {"created", p.created},
            {"updated", p.updated},
            {"unchanged", p.unchanged},
            {"rows", rows},
            {"details", details}});
    return;
  }
  const platform::ConsultationImportResult r =
      platform::ImportConsultations(c.store, c.actor(), camp.id, file.content, file.name);
  json list = json::array();
  for (Id id : r.ids)
    list.push_back(ConsultationJson(platform::GetConsultation(c.store, c.actor(), id)));
  c.Json({{"created", r.created},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"consultations", list}});
}

}  // namespace

void RegisterConsultationRoutes(Api& api) {
  api.Post(R"(/api/campaigns/(\d+)/consultations/import)", ImportRoute);
  api.Get(R"(/api/campaigns/(\d+)/consultations)", [](Ctx& c) {
    const store::Campaign camp = GetCampaign(c, c.PathId());
    const auto unit = c.QueryId("unit_id");
    if (unit) RequireCampaignUnit(c, camp, *unit);
    json out = json::array();
    for (const platform::ConsultationView& v :
         platform::ListConsultations(c.store, c.actor(), camp.id, unit))
      out.push_back(ConsultationJson(v));
    c.Json({{"consultations", out}});
  });
  api.Post(R"(/api/campaigns/(\d+)/consultations)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId());
    c.Json(ConsultationJson(
               platform::RecordConsultation(c.store, c.actor(), camp.id, InputFromJson(c.Body()))),
           201);
  });
  api.Get(R"(/api/consultations/(\d+))",
          [](Ctx& c) { c.Json(ConsultationJson(Visible(c, c.PathId()))); });
  api.Put(R"(/api/consultations/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    Visible(c, c.PathId());
    c.Json(ConsultationJson(
        platform::UpdateConsultation(c.store, c.actor(), c.PathId(), InputFromJson(c.Body()))));
  });
  api.Delete(R"(/api/consultations/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    Visible(c, c.PathId());
    platform::DeleteConsultation(c.store, c.actor(), c.PathId());
    c.NoContent();
  });
  api.Post(R"(/api/consultations/(\d+)/review)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser, Role::kReviewer});
    Visible(c, c.PathId());
    const json body = c.Body();
    c.Json(ConsultationJson(
        platform::ReviewConsultation(c.store, c.actor(), c.PathId(), OptionalBool(body, "accurate"),
                                     OptionalBool(body, "evasive"), OptionalString(body, "note"))));
  });
}

}  // namespace govscore::server

// Frameworks (指标体系): shipped files and stored versions as trees with
// weights and texts, and validation of an uploaded file with line numbers.
// Registering a version goes through the platform (routes_platform.cc).
#include <filesystem>

#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "server/api.h"
#include "server/frameworks_view.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Role;

json DiagnosticsJson(const std::vector<framework::Diagnostic>& diags) {
  json out = json::array();
  for (const framework::Diagnostic& d : diags) {
    const char* severity = d.severity == framework::Diagnostic::Severity::kError     ? "error"
                           : d.severity == framework::Diagnostic::Severity::kWarning ? "warning"
                                                                                     : "note";
    out.push_back({{"line", d.where.line},
                   {"column", 0},
                   {"severity", severity},
                   {"message", d.message},
                   {"where", d.where.ToString()},
                   {"indicator", d.indicator}});
  }
  return out;
}

namespace {

json NodeJson(const framework::Indicator& ind, const std::string& kind) {
  std::optional<double> declared = ind.DeclaredWeight(kind);
  json j = {{"id", ind.id},
            {"name", ind.name},
            {"level", ind.level},
            {"weight", ind.WeightFor(kind)},
            {"declared_weight", declared ? json(*declared) : json(nullptr)},
            {"polarity", framework::PolarityName(ind.polarity)},
            {"description", ind.description},
            {"criteria_text", ind.criteria_text},
            {"assumption", ind.assumption},
            {"line", ind.where.line},
            {"rule", ind.rule ? json(ind.rule->type) : json(nullptr)},
            {"children", json::array()}};
  for (const framework::Indicator& child : ind.children)
    if (child.ExistsFor(kind)) j["children"].push_back(NodeJson(child, kind));
  return j;
}

// The uploaded YAML of a validate/register request: multipart `file`, or JSON
// {"yaml", "file_name"}.
UploadedYaml ReadYaml(Ctx& c) {
  UploadedYaml y;
  if (c.req.is_multipart_form_data()) {
    if (!c.req.has_file("file")) throw BadRequest("缺少上传文件", "file");
    const auto f = c.req.get_file_value("file");
    y.text = f.content;
    y.file_name = std::filesystem::path(f.filename).filename().string();
  } else {
    const json body = c.Body();
    y.text = OptionalString(body, "yaml");
    y.file_name =
        std::filesystem::path(OptionalString(body, "file_name", "upload.yaml")).filename().string();
    y.shipped = OptionalString(body, "shipped");
    if (y.text.empty() && y.shipped.empty()) throw BadRequest("缺少字段", "yaml");
  }
  if (y.file_name.empty()) y.file_name = "upload.yaml";
  if (y.shipped.empty()) {
    const std::string ext = std::filesystem::path(y.file_name).extension().string();
    if (ext != ".yaml" && ext != ".yml")
      throw ApiError(415, "unsupported_type", "指标体系文件须为 .yaml 或 .yml", y.file_name);
    if (y.text.size() > 4 * 1024 * 1024) throw ApiError(413, "too_large", "文件过大", y.file_name);
    if (y.text.find('\0') != std::string::npos)
      throw ApiError(415, "unsupported_type", "不是文本文件", y.file_name);
  }
  return y;
}

void ValidateFramework(Ctx& c) {
  c.RequireRole({Role::kAdmin, Role::kOrganiser});
  UploadedYaml y = ReadYaml(c);
  if (!y.shipped.empty()) throw BadRequest("validate 需要上传文件", "shipped");
  framework::Diagnostics diags;
  const framework::Framework fw = framework::ParseFramework(y.text, y.file_name, diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  c.Json({{"valid", !diags.has_errors()},
          {"id", fw.id},
          {"title", fw.title},
          {"details", DiagnosticsJson(diags.all())}});
}

}  // namespace

json FrameworkTreeJson(const framework::Framework& fw, const std::string& kind_in) {
  if (!kind_in.empty()) {
    bool known = false;
    for (const auto& k : fw.object_kinds) known = known || k == kind_in;
    if (fw.result.channel_weighting)
      for (const auto& ch : fw.result.channel_weighting->channels) known = known || ch == kind_in;
    if (!known) throw BadRequest("该指标体系没有这个评估对象类型", "kind");
  }
  const std::string kind = kind_in.empty() ? fw.DefaultKind() : kind_in;
  json bands = json::array(), lists = json::array(), indicators = json::array();
  for (const auto& b : fw.result.bands) bands.push_back({{"from", b.from}, {"label", b.label}});
  for (const auto& l : fw.result.lists)
    lists.push_back({{"name", l.name}, {"op", l.op}, {"value", l.value}});
  for (const auto& ind : fw.indicators)
    if (ind.ExistsFor(kind)) indicators.push_back(NodeJson(ind, kind));
  return {{"id", fw.id},
          {"title", fw.title},
          {"year", fw.year},
          {"object_kinds", fw.object_kinds},
          {"kind", kind},
          {"total", fw.total ? json(*fw.total) : json(nullptr)},
          {"source", fw.source},
          {"assumptions", fw.assumptions},
          {"bands", bands},
          {"lists", lists},
          {"indicators", indicators}};
}

framework::Framework ParseStoredFramework(const store::FrameworkVersion& v) {
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(v.yaml_text, v.framework_id + ".yaml", diags);
  if (diags.has_errors()) {
    ApiError e(422, "invalid", "存储的指标体系无法解析", v.framework_id);
    e.details = DiagnosticsJson(diags.all());
    throw e;
  }
  return fw;
}

store::FrameworkVersion GetFrameworkVersion(Ctx& c, store::Id id) {
  auto v = c.store.FindFrameworkVersion(id);
  if (!v) throw NotFound("没有这个指标体系版本", "framework_version " + std::to_string(id));
  return *v;
}

UploadedYaml ReadFrameworkUpload(Ctx& c) { return ReadYaml(c); }

void RegisterFrameworkRoutes(Api& api) {
  api.Get("/api/frameworks", [](Ctx& c) {
    json shipped = json::array(), versions = json::array();
    for (const auto& e : framework::ListFrameworks(c.services.frameworks_dir))
      shipped.push_back({{"id", e.id},
                         {"title", e.title},
                         {"valid", e.valid},
                         {"file", std::filesystem::path(e.path).filename().string()}});
    for (const auto& v : c.store.ListFrameworkVersions())
      versions.push_back(FrameworkVersionJson(v));
    c.Json({{"shipped", shipped}, {"versions", versions}});
  });
  api.Get(R"(/api/frameworks/shipped/([A-Za-z0-9_.-]+))", [](Ctx& c) {
    const std::string id = c.req.matches[1];
    for (const auto& e : framework::ListFrameworks(c.services.frameworks_dir)) {
      if (e.id != id) continue;
      c.Json(FrameworkTreeJson(framework::LoadValidFramework(e.path), c.Query("kind")));
      return;
    }
    throw NotFound("没有这个内置指标体系", id);
  });
  api.Get(R"(/api/framework-versions/(\d+))", [](Ctx& c) {
    const store::FrameworkVersion v = GetFrameworkVersion(c, c.PathId());
    json j = FrameworkTreeJson(ParseStoredFramework(v), c.Query("kind"));
    j["version"] = FrameworkVersionJson(v);
    c.Json(j);
  });
  api.Get(R"(/api/framework-versions/(\d+)/yaml)", [](Ctx& c) {
    const store::FrameworkVersion v = GetFrameworkVersion(c, c.PathId());
    c.res.set_content(v.yaml_text, "text/yaml; charset=utf-8");
  });
  api.Post("/api/frameworks/validate", ValidateFramework);
}

}  // namespace govscore::server

#include "platform/frameworks.h"

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "platform/errors.h"
#include "store/password.h"

namespace govscore::platform {

FrameworkRegistration RegisterFramework(store::Store& store, const store::Actor& actor,
                                        const std::string& yaml_text, const std::string& file_name,
                                        const std::string& version) {
  FrameworkRegistration out;
  framework::Diagnostics diags;
  framework::Framework fw = framework::ParseFramework(yaml_text, file_name, diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  if (!diags.has_errors() && fw.composite)
    diags.Error({file_name, 1}, "",
                "composite frameworks combine campaigns; register each part and create a campaign "
                "per part");
  if (!diags.has_errors() && fw.id.empty()) diags.Error({file_name, 1}, "", "framework without id");
  out.diagnostics = diags.all();
  out.framework_id = fw.id;
  out.title = fw.title;
  if (diags.has_errors()) return out;
  out.version = version;
  if (out.version.empty()) {
    const std::string hash = store::Sha256Hex(yaml_text).substr(0, 12);
    out.version = fw.year > 0 ? std::to_string(fw.year) + "-" + hash : hash;
  }
  store::FrameworkVersion fv;
  fv.framework_id = fw.id;
  fv.version = out.version;
  fv.title = fw.title;
  fv.yaml_text = yaml_text;
  out.framework_version_id = store.AddFrameworkVersion(actor, fv);
  out.ok = true;
  return out;
}

std::vector<framework::CatalogEntry> ShippedFrameworks(const std::string& dir) {
  return framework::ListFrameworks(framework::FrameworksDir(dir));
}

store::Id RegisterShippedFramework(store::Store& store, const store::Actor& actor,
                                   const std::string& id, const std::string& dir) {
  const std::string path = framework::FrameworksDir(dir) + "/" + id + ".yaml";
  if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos)
    throw InvalidInput("不是有效的指标体系编号", id);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NotFound("没有这个内置指标体系", id);
  std::ostringstream text;
  text << in.rdbuf();
  FrameworkRegistration r = RegisterFramework(store, actor, text.str(), id + ".yaml");
  if (!r.ok) {
    std::string msg = "内置指标体系文件有错误";
    for (const auto& d : r.diagnostics)
      if (d.severity == framework::Diagnostic::Severity::kError) msg += "\n" + d.ToString();
    throw InvalidInput(msg, id);
  }
  return r.framework_version_id;
}

framework::Framework LoadFrameworkVersion(store::Store& store, store::Id framework_version_id) {
  auto fv = store.FindFrameworkVersion(framework_version_id);
  if (!fv)
    throw NotFound("没有这个指标体系版本（" + std::to_string(framework_version_id) + "）",
                   "framework");
  // A stored version never changes (same id and text, sha256 checked): parsed
  // frameworks are kept per text hash, so a request or a demo seeding hundreds
  // of judgments parses the YAML once.
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const framework::Framework>> parsed;
  const std::string key = std::to_string(fv->id) + ":" + fv->sha256;
  {
    std::lock_guard lock(mu);
    if (auto it = parsed.find(key); it != parsed.end()) return *it->second;
  }
  framework::Diagnostics diags;
  const std::string file = fv->framework_id + "@" + fv->version + ".yaml";
  framework::Framework fw = framework::ParseFramework(fv->yaml_text, file, diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  if (diags.has_errors())
    throw InvalidInput("已登记的指标体系无法通过校验：\n" + diags.ToString(), file);
  std::lock_guard lock(mu);
  if (parsed.size() >= 32) parsed.clear();
  parsed[key] = std::make_shared<const framework::Framework>(fw);
  return fw;
}

namespace {

void AddTexts(const framework::Framework& fw, nlohmann::json& node) {
  if (node.contains("id") && node["id"].is_string()) {
    if (const framework::Indicator* ind = fw.Find(node["id"].get<std::string>())) {
      node["description"] = ind->description;
      node["criteria_text"] = ind->criteria_text;
    }
  }
  for (const char* key : {"children", "indicators"})
    if (node.contains(key) && node[key].is_array())
      for (nlohmann::json& child : node[key]) AddTexts(fw, child);
}

}  // namespace

nlohmann::json FrameworkVersionTree(store::Store& store, store::Id framework_version_id,
                                    const std::string& kind) {
  const framework::Framework fw = LoadFrameworkVersion(store, framework_version_id);
  nlohmann::json tree;
  try {
    tree = framework::FrameworkToJson(fw, kind);
  } catch (const Error& e) {
    throw InvalidInput(e.what(), "kind");
  }
  AddTexts(fw, tree);
  tree["framework_version_id"] = framework_version_id;
  return tree;
}

}  // namespace govscore::platform

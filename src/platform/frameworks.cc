#include "platform/frameworks.h"

#include <fstream>
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
    throw InvalidInput("not a framework id", id);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NotFound("no shipped framework with this id", id);
  std::ostringstream text;
  text << in.rdbuf();
  FrameworkRegistration r = RegisterFramework(store, actor, text.str(), id + ".yaml");
  if (!r.ok) {
    std::string msg = "shipped framework has errors";
    for (const auto& d : r.diagnostics)
      if (d.severity == framework::Diagnostic::Severity::kError) msg += "\n" + d.ToString();
    throw InvalidInput(msg, id);
  }
  return r.framework_version_id;
}

framework::Framework LoadFrameworkVersion(store::Store& store, store::Id framework_version_id) {
  auto fv = store.FindFrameworkVersion(framework_version_id);
  if (!fv)
    throw NotFound("no framework version with id " + std::to_string(framework_version_id),
                   "framework");
  framework::Diagnostics diags;
  const std::string file = fv->framework_id + "@" + fv->version + ".yaml";
  framework::Framework fw = framework::ParseFramework(fv->yaml_text, file, diags);
  if (!diags.has_errors()) framework::CheckFramework(fw, diags);
  if (diags.has_errors())
    throw InvalidInput("stored framework no longer validates:\n" + diags.ToString(), file);
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

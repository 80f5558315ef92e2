#include "checklist/column_overrides.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace govscore::checklist {

void ParseColumnOverrides(std::string_view text, const std::string& where, ColumnRules& rules) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(std::string("YAML: ") + e.what(), where);
  }
  if (!root.IsMap() || !root["schema"] ||
      root["schema"].as<std::string>() != "govscore.column-categories/1")
    throw Error("schema must be govscore.column-categories/1", where);
  const YAML::Node columns = root["columns"];
  if (!columns || !columns.IsSequence()) throw Error("'columns' must be a list", where);
  for (const YAML::Node& n : columns) {
    const std::string at = where + ":" + std::to_string(n.Mark().line + 1);
    if (!n.IsMap()) throw Error("entry must be a map", at);
    ColumnOverride o;
    try {
      for (const auto& kv : n) {
        const std::string key = kv.first.as<std::string>();
        if (key == "url")
          o.url_prefix = kv.second.as<std::string>();
        else if (key == "name")
          o.name = kv.second.as<std::string>();
        else if (key == "category")
          o.category = kv.second.IsNull() ? "" : kv.second.as<std::string>();
        else if (key == "top")
          o.top = kv.second.as<bool>();
        else
          throw Error("unknown key '" + key + "' (url, name, category, top)", at);
      }
    } catch (const YAML::Exception& e) {
      throw Error(std::string("bad entry: ") + e.what(), at);
    }
    if (o.url_prefix.empty() && o.name.empty()) throw Error("entry needs url or name", at);
    if (!n["category"] && !o.top) throw Error("entry needs category or top", at);
    if (n["category"] && !o.category.empty() && !rules.Find(o.category)) {
      std::string known;
      for (const ColumnCategory& c : rules.categories) known += " " + c.name;
      throw Error("unknown category '" + o.category + "' (known:" + known + ", or \"\")", at);
    }
    o.sets_category = static_cast<bool>(n["category"]);
    rules.overrides.push_back(std::move(o));
  }
}

void LoadColumnOverrides(const std::string& path, ColumnRules& rules) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read column categories file", path);
  std::ostringstream s;
  s << in.rdbuf();
  ParseColumnOverrides(s.str(), path, rules);
}

}  // namespace govscore::checklist

// The shipped frameworks directory and the views `framework list` and
// `framework show` print: the tree with weights and totals per object kind, as
// text or as the JSON documented in docs/framework-format.md §10.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "framework/framework.h"

namespace govscore::framework {

// The frameworks directory: `explicit_dir` when given, else $GOVSCORE_FRAMEWORKS,
// else <source dir>/frameworks.
std::string FrameworksDir(const std::string& explicit_dir = {});

struct CatalogEntry {
  std::string id;
  std::string title;
  std::string path;
  bool valid = true;  // false when the file has errors (title then holds the first)
};

// Every *.yaml in `dir`, sorted by id.
std::vector<CatalogEntry> ListFrameworks(const std::string& dir);

// Resolves "ID or FILE": an existing path is used as is; otherwise <dir>/<ID>.yaml.
// Throws govscore::Error when neither exists.
std::string ResolveFramework(const std::string& id_or_file, const std::string& dir);

// The tree for `kind` ("" = the default kind; an unknown kind throws
// govscore::Error) as JSON: every node has id, name,
// level, weight, declared_weight, polarity, children; leaves add rule.
nlohmann::json FrameworkToJson(const Framework& fw, const std::string& kind);

// The tree as indented text with weights and totals (Chinese labels).
std::string FrameworkToText(const Framework& fw, const std::string& kind);

}  // namespace govscore::framework

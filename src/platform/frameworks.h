// Framework versions (指标体系): registering an uploaded or shipped YAML file as
// a stored, immutable version, and reading stored versions back.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "framework/diagnostics.h"
#include "framework/framework.h"
#include "framework/framework_catalog.h"
#include "store/store.h"

namespace govscore::platform {

struct FrameworkRegistration {
  bool ok = false;  // false: nothing stored; `diagnostics` holds the errors
  store::Id framework_version_id = 0;
  std::string framework_id, version, title;
  // Every error and warning with file:line (the file name is `file_name`).
  std::vector<framework::Diagnostic> diagnostics;
};

// Parses and checks `yaml_text` (framework_loader + framework_check). With no
// error it is stored as version `version` of its framework id (default: the
// file's `year`, else the first 12 hex digits of its SHA-256). Registering the
// same text again returns the stored version; different text under an existing
// (id, version) throws store::ConstraintError. Composite frameworks are
// refused (InvalidInput): campaigns score one framework.
FrameworkRegistration RegisterFramework(store::Store& store, const store::Actor& actor,
                                        const std::string& yaml_text, const std::string& file_name,
                                        const std::string& version = {});

// The shipped frameworks (frameworks/ or $GOVSCORE_FRAMEWORKS; `dir` overrides).
std::vector<framework::CatalogEntry> ShippedFrameworks(const std::string& dir = {});

// Registers shipped framework `id` (RegisterFramework of its file); throws
// NotFound for an unknown id and InvalidInput when it has errors.
store::Id RegisterShippedFramework(store::Store& store, const store::Actor& actor,
                                   const std::string& id, const std::string& dir = {});

// The stored version parsed again. Throws NotFound / InvalidInput.
framework::Framework LoadFrameworkVersion(store::Store& store, store::Id framework_version_id);

// The tree of a stored version for `kind` ("" = default kind) as in
// `framework show --json`, each node also with `description` (指标说明) and
// `criteria_text` (评分细则).
nlohmann::json FrameworkVersionTree(store::Store& store, store::Id framework_version_id,
                                    const std::string& kind = {});

}  // namespace govscore::platform

// Framework trees and diagnostics as the JSON of docs/api.md, shared by the
// framework routes and the platform routes (registration).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "framework/diagnostics.h"
#include "framework/framework.h"
#include "server/api.h"

namespace govscore::server {

// FrameworkTree of docs/api.md for `kind` ("" = the framework's default kind).
nlohmann::json FrameworkTreeJson(const framework::Framework& fw, const std::string& kind);
// Diagnostics as the `details` of a 422 answer.
nlohmann::json DiagnosticsJson(const std::vector<framework::Diagnostic>& diags);
// Parses a stored version's text again (422 if it no longer parses).
framework::Framework ParseStoredFramework(const store::FrameworkVersion& v);
store::FrameworkVersion GetFrameworkVersion(Ctx& c, store::Id id);

struct UploadedYaml {
  std::string text, file_name, shipped;  // shipped: an id instead of a text
};
// Reads multipart `file` or JSON {"yaml","file_name"} / {"shipped"}; 415 for
// a name that is not .yaml/.yml or a binary file, 413 above 4 MiB.
UploadedYaml ReadFrameworkUpload(Ctx& c);

}  // namespace govscore::server

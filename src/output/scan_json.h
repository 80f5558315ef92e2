// The govscore.scan/1 document (docs/scan-output.md): what a scan found, as
// JSON. Fields may be added in later versions of the schema; none is renamed.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "crawl/scan_report.h"

namespace govscore {

inline constexpr const char* kScanSchema = "govscore.scan/1";

nlohmann::json ScanToJson(const ScanReport& report);

// Writes ScanToJson(report) to `path` (2-space indented UTF-8). Throws Error
// naming the path when it cannot be written.
void WriteScanJson(const ScanReport& report, const std::filesystem::path& path);

// The inverse of ScanToJson: the ScanReport a govscore.scan/1 document
// describes (as stored by the platform, or written by WriteScanJson), so the
// HTML report can be rendered from a stored document. ScanToJson(
// ScanFromJson(j)) == j for every document ScanToJson wrote. Fields a later
// schema version adds are ignored; a missing or mistyped field of this version
// throws Error naming it ("scan document: pages[3].kind").
ScanReport ScanFromJson(const nlohmann::json& document);

}  // namespace govscore

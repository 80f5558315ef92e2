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

}  // namespace govscore

// The scan report a webmaster can act on: one self-contained HTML file in
// Simplified Chinese (no external CSS, scripts or images). Broken links grouped
// by kind with the pages that carry them, the columns table with empty and
// stale columns marked, the footer checklist, personal data leaks (masked),
// spider traps and other findings.
#pragma once

#include <filesystem>
#include <string>

#include "core/text_file.h"  // WriteTextFile
#include "crawl/scan_report.h"

namespace govscore {

std::string RenderScanHtml(const ScanReport& report);

// Throws Error naming the path when it cannot be written.
void WriteScanHtml(const ScanReport& report, const std::filesystem::path& path);

}  // namespace govscore

// Plain-text (Chinese) renderings of a scan for terminals: the one-line
// progress display and the closing summary. Shared by `govscore scan` and
// `govscore demo`.
#pragma once

#include <string>

#include "crawl/crawler.h"
#include "crawl/scan_report.h"

namespace govscore {

// One line, no newline: pages done, links checked, queue, problems, rate, time.
std::string FormatScanProgress(const ScanProgress& progress);

// The readable summary printed when a scan ends: pages and rate, broken links
// by class, empty and stale columns, the footer checklist, personal data leaks
// and spider traps. Ends with a newline.
std::string FormatScanSummary(const ScanReport& report);

}  // namespace govscore

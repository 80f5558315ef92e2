// Maps a govscore.scan/1 document (the scan engine's output) to the measure
// names of docs/measures.md §1, so frameworks read scans by name only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scoring/inputs.h"

namespace govscore::scoring {

// `unit_id` names the unit; when empty the unit whose `site` has the scan's host
// is used (error when none or several match). `path` is used in messages.
std::vector<Measure> MeasuresFromScan(const nlohmann::json& scan, const std::string& path,
                                      const std::vector<Unit>& units,
                                      const std::string& unit_id = {});

// "http://www.a.gov.cn:80/x" → "www.a.gov.cn"; lower-cased.
std::string HostOf(const std::string& url);

}  // namespace govscore::scoring

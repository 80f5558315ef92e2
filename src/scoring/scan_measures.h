// Maps a govscore.scan/1 document (the scan engine's output) to the measure
// names of docs/measures.md §1, so frameworks read scans by name only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/date.h"
#include "framework/calendar.h"
#include "scoring/inputs.h"

namespace govscore::scoring {

// `unit_id` names the unit; when empty the unit whose `site` has the scan's host
// is used (error when none or several match). `path` is used in messages.
std::vector<Measure> MeasuresFromScan(const nlohmann::json& scan, const std::string& path,
                                      const std::vector<Unit>& units,
                                      const std::string& unit_id = {});

// Measures derived from per-item dates. For every `column.<栏目>.dates` or
// `category.<类别>.dates` list (items: id = YYYY-MM-DD, value = items on that
// date; MeasuresFromScan emits them from the scan's column `dates`), adds
// `<prefix>.items_since` (items dated in [from, as_of]), `<prefix>.per_day`
// (items_since / calendar days in [from, as_of]) and `<prefix>.per_workday`
// (items_since / working days in [from, as_of] per `calendar`) — unless the
// unit already has a measure of that name (imports win). Returns only the new
// measures.
std::vector<Measure> DeriveDatedMeasures(const std::vector<Measure>& measures, Date from,
                                         Date as_of, const framework::WorkdayCalendar& calendar);

// Whether a scan document (MeasuresFromScan, then DeriveDatedMeasures) can give
// a measure of this name; the others must be imported.
bool ScanProvides(const std::string& measure_name);

// "http://www.a.gov.cn:80/x" → "www.a.gov.cn"; lower-cased.
std::string HostOf(const std::string& url);

}  // namespace govscore::scoring

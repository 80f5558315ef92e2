// What the runner stores from a finished scan document: measures (named as in
// docs/measures.md, through scoring::MeasuresFromScan) and the findings of a
// rectification list. Internal to src/platform; separate from the runner so
// the derivation can be tested on a document alone.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scoring/inputs.h"
#include "store/store.h"

namespace govscore::platform {

// A measure value as stored (store::Measure::value_json): number, bool,
// "YYYY-MM-DD", text, null, or a list [{"id","value","evidence"}]; and back.
nlohmann::json MeasureValueToJson(const scoring::MeasureValue& v);
scoring::MeasureValue MeasureValueFromJson(const nlohmann::json& j);

// The measures of scan `scan_id` of `unit` from its document.
std::vector<store::Measure> MeasuresOfScan(const nlohmann::json& document, const store::Unit& unit,
                                           store::Id scan_id);

// The defects of the document, one per key: broken links (key "link:" +
// target), empty and stale columns ("column_empty:" / "column_stale:" + URL),
// personal data ("privacy:" + kind + ":" + URL + ":" + masked value).
std::vector<store::ObservedFinding> FindingsOfScan(const nlohmann::json& document);

// Whether the scan saw the whole site (no page refused by the page limit), so
// findings it did not see may be taken as fixed.
bool ScanCoveredSite(const nlohmann::json& document);

// The unit as the scoring engine names it (id = code; site = first website;
// channels from internal::UnitChannels).
scoring::Unit ScoringUnit(const store::Unit& unit);

}  // namespace govscore::platform

// Quarterly checklist results in the platform store (migration 4's
// quarterly_results, src/store: SaveQuarterlyResult / ListQuarterlyResults).
// The store keeps `passed` and the reasons; the whole checklist result (verdict
// including 待定, score, as_of) travels in result_json so that it reads back
// unchanged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checklist/quarterly.h"
#include "store/store.h"

namespace govscore::checklist {

store::QuarterlyResult ToStoreResult(const QuarterlyResult& r, store::Id unit_id,
                                     std::optional<store::Id> scan_id = std::nullopt);
// `unit_code` is the units.csv id of the store unit (store::Unit::code).
QuarterlyResult FromStoreResult(const store::QuarterlyResult& r, const std::string& unit_code);

// Saves every result whose unit code is in the store; throws govscore::Error
// naming the unit when one is not. Returns the stored ids.
std::vector<store::Id> SaveQuarterlyResults(store::Store& store, const store::Actor& actor,
                                            const std::vector<QuarterlyResult>& results);
// The unit's stored results as checklist results (by quarter).
std::vector<QuarterlyResult> LoadQuarterlyResults(store::Store& store, const store::Unit& unit);

}  // namespace govscore::checklist

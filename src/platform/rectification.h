// 整改 (rectification): a unit's findings as a rectification list with the
// points each costs, a webmaster's claim that a finding is fixed, and the
// finding's history. The next scan of the unit confirms the fix (the defect is
// gone) or reopens the finding (store::RecordScanFindings).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scoring/score_sheet.h"
#include "store/store.h"

namespace govscore::platform {

struct RectificationItem {
  store::Finding finding;
  // Indicators of the sheet whose evidence or charged findings name the
  // finding's URL, and the points they lost (an indicator's whole loss, not
  // split between findings).
  std::vector<std::string> indicators;
  double points_lost = 0;
};

// The unit's findings: open, reopened and fix-claimed first, then confirmed
// fixed (unless `open_only`), each by first seen. With `sheet`, indicators and
// points are filled from that sheet's entry of the unit.
std::vector<RectificationItem> RectificationList(store::Store& store, store::Id unit_id,
                                                 const scoring::ScoreSheet* sheet = nullptr,
                                                 bool open_only = false);

// The webmaster's claim: `note` (what was done) must not be empty
// (InvalidInput); only open or reopened findings (Conflict); NotFound for an
// unknown id. When `unit_id` is given the finding must belong to that unit
// (NotFound otherwise), so a caller can scope a webmaster to their unit.
void ClaimFindingFixed(store::Store& store, const store::Actor& actor, store::Id finding_id,
                       const std::string& note, std::optional<store::Id> unit_id = std::nullopt);

// Oldest first.
std::vector<store::FindingTransition> FindingHistory(store::Store& store, store::Id finding_id);

}  // namespace govscore::platform

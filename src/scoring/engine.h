// The scoring engine: a framework plus campaign inputs → a score sheet per
// unit (docs/scoring.md). Campaign-wide rules (标杆法, ranking) see every unit
// of the run. Missing inputs make indicators 待评 (pending), never 0 or full.
// The result depends only on the inputs and options: no clock, no randomness
// except the recorded sampling seed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "framework/calendar.h"
#include "framework/framework.h"
#include "scoring/inputs.h"
#include "scoring/score_sheet.h"

namespace govscore::scoring {

struct ScoreOptions {
  std::optional<Date> as_of;  // 监测时间点; default: the framework's as_of
  uint64_t seed = 0;          // sampling seed, written into the sheet
  std::string kind;           // score only units of this kind ("" = all)
  // Working-day calendar; nullptr = WorkdayCalendar::Default().
  const framework::WorkdayCalendar* calendar = nullptr;
  // Where composite parts are looked up; "" = the composite file's directory.
  std::string frameworks_dir;
};

// Scores every unit of `inputs` (of `options.kind` when given). Throws
// govscore::Error when the inputs contradict the framework: a unit kind the
// framework does not score, a judgment/na/measure row for an unknown unit, a
// judgment for an unknown indicator or criterion, points above a weight, an na
// declaration for a `forbidden` indicator.
// The part frameworks of a composite framework (empty for others), looked up as
// <dir>/<part>.yaml with dir = `frameworks_dir`, else the composite file's folder.
// Throws govscore::Error when a part is missing or invalid.
std::vector<framework::Framework> LoadCompositeParts(const framework::Framework& fw,
                                                     const std::string& frameworks_dir = {});

ScoreSheet ScoreCampaign(const framework::Framework& fw, const CampaignInputs& inputs,
                         const ScoreOptions& options);

}  // namespace govscore::scoring

// Scores of a campaign: the score sheet computed from the store with the
// scoring engine, publication as an immutable snapshot, ranking, a unit's
// trace, exports, and a unit's history across campaigns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scoring/inputs.h"
#include "scoring/score_sheet.h"
#include "store/store.h"

namespace govscore::platform {

// The engine's inputs from the store: units (id = unit code, site = first
// website, channels = 网站 when it has a website plus its accounts' channels),
// the measures of each unit's newest successful scan of the campaign (per
// website) plus the campaign's imported measures, submitted judgments (checked
// ones under second review), 不适用 declarations, and the units' events dated
// within the campaign (or tied to it), and the measures of the campaign's
// recorded consultations (platform/consultations.h), which replace imported
// consult.* / disclosure_request.* rows of the same unit.
scoring::CampaignInputs CampaignInputsFromStore(store::Store& store, store::Id campaign_id);

// Scores the campaign now (scoring::ScoreCampaign with the campaign's as_of;
// pending inputs are 待评). Throws InvalidInput when the engine refuses the inputs.
scoring::ScoreSheet ComputeScoreSheet(store::Store& store, store::Id campaign_id);

struct CampaignScores {
  scoring::ScoreSheet sheet;
  std::optional<store::ScoreSnapshot> snapshot;  // set when the sheet is the published one
};
// Published or archived campaigns: the newest snapshot (never recomputed);
// others: computed now.
CampaignScores CurrentScores(store::Store& store, store::Id campaign_id);

// Publishes: checks the rules of campaigns.h (Conflict with the blockers
// otherwise), computes the sheet, stores it as a snapshot (sheet JSON =
// scoring::ScoreSheetToJson) and moves the campaign to published. Returns the
// snapshot id.
store::Id PublishCampaign(store::Store& store, const store::Actor& actor, store::Id campaign_id);

// A snapshot's sheet parsed back from its JSON (scoring::ScoreSheetFromJson).
scoring::ScoreSheet SheetFromSnapshot(const store::ScoreSnapshot& snapshot);

struct RankingRow {
  int rank = 0;  // 0 = not ranked
  std::string unit_code, unit_name, kind, region;
  double total = 0, max_points = 0, pending_points = 0;
  bool provisional = false;
  std::string band;
  std::vector<std::string> lists;  // 红榜 / 黑榜 …
};
// Units in rank order (unranked last, by code).
std::vector<RankingRow> Ranking(const scoring::ScoreSheet& sheet);

// The unit's score with its indicator tree and trace; NotFound when the sheet
// has no such unit code.
const scoring::UnitScore& UnitTrace(const scoring::ScoreSheet& sheet, const std::string& unit_code);

enum class ExportFormat { kXlsx, kCsv, kHtml, kJson };
// The sheet as the bytes of a download (src/report writers).
std::string ExportScoreSheet(const scoring::ScoreSheet& sheet, ExportFormat format);
// "xlsx" → kXlsx …; InvalidInput otherwise.
ExportFormat ParseExportFormat(const std::string& name);
const char* ContentType(ExportFormat format);
const char* FileExtension(ExportFormat format);  // "xlsx", "csv", "html", "json"

// A unit's result in every published campaign, oldest as-of first (趋势).
struct TrendPoint {
  store::Id campaign_id = 0;
  std::string campaign_name;
  Date as_of;
  double total = 0, max_points = 0;
  int rank = 0;
  std::string band;
};
std::vector<TrendPoint> UnitTrend(store::Store& store, store::Id unit_id);

}  // namespace govscore::platform

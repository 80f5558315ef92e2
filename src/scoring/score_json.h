// The score sheet as JSON (schema govscore.scoresheet/1, docs/scoring.md).
// Object keys are sorted and numbers are the 4-decimal rounded values, so the
// same sheet always serialises to the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "scoring/score_sheet.h"

namespace govscore::scoring {

nlohmann::json ScoreSheetToJson(const ScoreSheet& sheet);

// The inverse of ScoreSheetToJson (published snapshots are stored as JSON and
// exported again from it): ScoreSheetToJson(ScoreSheetFromJson(j)) == j for
// every sheet ScoreSheetToJson wrote (framework_path is not in the JSON and
// stays empty). Throws Error naming the field ("score sheet: units[2].total")
// for a document that is not govscore.scoresheet/1 or has a mistyped field.
ScoreSheet ScoreSheetFromJson(const nlohmann::json& sheet);

// Compares `actual` with `expected` as golden tests do: every key present in
// `expected` must be in `actual` with an equal value (numbers within 5e-4);
// arrays must have the same length; keys trace, evidence, reasons, notes,
// assumption and assumptions are not compared. Returns "" when equal, else the
// first difference with its JSON path.
std::string CompareGolden(const nlohmann::json& expected, const nlohmann::json& actual,
                          const std::string& path = "$");

}  // namespace govscore::scoring

// Skeleton input files for a framework and a set of units, so that an evaluator
// sees exactly what to fill (`govscore framework template`, docs/scoring.md
// "Input templates"): judgments.csv with one row per unit and judged item,
// measures.csv with one row per unit and measure a scan does not provide,
// events.csv and na.csv with their headers, and 填写说明.txt. Rows left
// unanswered load as nothing (the item stays 待评), so a half-filled template
// scores.
#pragma once

#include <string>
#include <vector>

#include "framework/framework.h"
#include "scoring/inputs.h"

namespace govscore::scoring {

struct InputTemplates {
  std::string judgments_csv;
  std::string measures_csv;
  std::string events_csv;
  std::string na_csv;
  std::string readme;  // Chinese: what to fill, event types read, indicators that may be n/a
  int judgment_rows = 0;
  int measure_rows = 0;
};

// Templates for `units` (only those of `kind` when given). `parts` are the
// parts of a composite framework (LoadCompositeParts), else empty. Throws
// govscore::Error when a unit's kind is not scored by the framework.
InputTemplates MakeInputTemplates(const framework::Framework& fw,
                                  const std::vector<framework::Framework>& parts,
                                  const std::vector<Unit>& units, const std::string& kind = {});

// Writes judgments.csv, measures.csv, events.csv, na.csv and 填写说明.txt into
// `dir` (created; UTF-8 with BOM so that Excel opens them). Existing files are
// replaced.
void WriteInputTemplates(const InputTemplates& t, const std::string& dir);

}  // namespace govscore::scoring

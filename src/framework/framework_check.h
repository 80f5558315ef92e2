// Semantic validation of a parsed framework (docs/framework-format.md): ids,
// weights, tier tables, percentages, measure names, references between
// indicators, result and composite sections. Errors make a framework unusable
// for scoring; warnings point at inconsistencies the seeds themselves contain
// (group headings that disagree with their items) and must be explained by an
// `assumption`.
#pragma once

#include "framework/diagnostics.h"
#include "framework/framework.h"

namespace govscore::framework {

// Appends errors and warnings to `diags`; with `show_assumptions` every
// assumption (framework-level and per indicator) is added as a note.
void CheckFramework(const Framework& fw, Diagnostics& diags, bool show_assumptions = false);

}  // namespace govscore::framework

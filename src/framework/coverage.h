// Coverage of a framework (issue 7, docs/framework-format.md §12): for every
// leaf indicator, criteria item and deduction/bonus item, whether a measure
// decides it (auto), a measure pre-fills a proposal a reviewer confirms
// (assisted) or only a person can decide it (judgment), and where it can be
// observed. `govscore framework coverage` prints it; docs/coverage.md holds it
// for every shipped framework. Nothing is evaluated: the marks come from the
// file (explicit `coverage:`) or from the rule (measured parts are auto,
// event-counted parts are judgment).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "framework/diagnostics.h"
#include "framework/framework.h"

namespace govscore::framework {

const char* CoverageMarkName(Coverage::Mark m);      // auto | assisted | judgment
const char* CoverageMarkLabel(Coverage::Mark m);     // 自动 | 辅助 | 人工
const char* ObservableName(Coverage::Observable o);  // website | newmedia | none

// One row of the coverage table: a leaf, or one item of a leaf.
struct CoverageRow {
  std::string indicator_id;
  std::string item_id;    // criteria / deduction / bonus item id; "" = the leaf itself
  std::string path;       // names from the top level down, joined by " / "
  std::string name;       // leaf name, or item text
  double weight = 0;      // share of the leaf weight this row stands for
  bool marked = false;    // false: a judged part without a `coverage:` mark
  bool inferred = false;  // mark derived from the rule (no `coverage:` written)
  Coverage::Mark mark = Coverage::Mark::kJudgment;
  Coverage::Observable observable = Coverage::Observable::kNone;  // resolved
  std::vector<std::string> measures;                              // auto/assisted
  std::vector<std::string> pending_measures;  // of `measures`: not produced by any scan yet
  std::string why;                            // judgment
  bool proposes = false;                      // assisted with a `propose` / `fill`
  Location where;
};

struct CoverageReport {
  std::string framework_id;
  std::string title;
  std::string kind;  // the weight column used
  std::vector<CoverageRow> rows;
  double total = 0;  // sum of row weights (every leaf, any polarity)
  double auto_weight = 0, assisted_weight = 0, judgment_weight = 0, unmarked_weight = 0;
  double observable_weight = 0;          // rows observable on the website or new media
  double observable_covered_weight = 0;  // of those: auto or assisted
  int unmarked_rows = 0;
  // Percent helpers (0 when the denominator is 0; observable: 100 when none).
  double AutoPercent() const;
  double AssistedPercent() const;
  double JudgmentPercent() const;
  double ObservableCoveredPercent() const;
};

// The table for `kind` ("" = the framework's default kind). Composite
// frameworks have no rows (their parts carry the marks).
CoverageReport ComputeCoverage(const Framework& fw, const std::string& kind = {});

// Validates every `coverage:` mark of `fw` (called by CheckFramework): judgment
// needs `why` and must not be observable; auto/assisted need measures that are
// known (a pending measure is a warning); `propose`/`fill` only on assisted;
// an observable part decided only by imported measures is an error; a judged
// part without a mark is a warning.
void CheckCoverage(const Framework& fw, Diagnostics& diags);

// Views: aligned text table with the shares; JSON (rows + shares); one
// Markdown section (docs/coverage.md).
std::string CoverageText(const CoverageReport& r);
nlohmann::json CoverageJson(const CoverageReport& r);
std::string CoverageMarkdown(const CoverageReport& r);

// docs/coverage.md: an introduction, one summary line per framework of
// `frameworks_dir` (shares per weight column) and a section per framework.
// Deterministic (sorted by id); the test coverage_test compares it with the file.
std::string CoverageDocument(const std::string& frameworks_dir);

}  // namespace govscore::framework

// The measure names documented in docs/measures.md, which frameworks may use
// without declaring them. A pattern segment "<栏目>" or "{channel}" matches any
// single dot-separated segment.
#pragma once

#include <string>
#include <vector>

namespace govscore::framework {

struct KnownMeasure {
  std::string pattern;  // e.g. "column.<栏目>.newest"
  std::string type;     // number | bool | date | text | list
};

// Every documented measure, in the order of docs/measures.md.
const std::vector<KnownMeasure>& KnownMeasures();

// The documented entry matching `name`, or nullptr.
const KnownMeasure* FindKnownMeasure(const std::string& name);

// Measures the shipped frameworks' coverage marks name that no scan produces
// yet (issue 7, .coord/measures-needed.md). `framework check` warns about them
// ("pending measure") instead of failing; scoring treats them as any missing
// measure (待评). An implemented measure moves to KnownMeasures().
const std::vector<KnownMeasure>& PendingMeasures();

// The pending entry matching `name`, or nullptr.
const KnownMeasure* FindPendingMeasure(const std::string& name);

// Where a measure's value comes from, judged by its name: kScan (a crawl of
// the unit's site), kNewMedia (`channel.*`: computed from exported post lists)
// or kImport (typed in or imported by an office: `import.*`, inspections,
// satisfaction surveys, consultation dates).
enum class MeasureSource { kScan, kNewMedia, kImport };
MeasureSource SourceOfMeasure(const std::string& name);

// Whether `name` matches `pattern` segment by segment.
bool MeasureNameMatches(const std::string& pattern, const std::string& name);

}  // namespace govscore::framework

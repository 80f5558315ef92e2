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

// Whether `name` matches `pattern` segment by segment.
bool MeasureNameMatches(const std::string& pattern, const std::string& name);

}  // namespace govscore::framework

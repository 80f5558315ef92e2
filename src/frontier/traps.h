// Spider-trap defences: they stop a trap without stopping the crawl. Each
// defence refuses only the URLs that match the trap's pattern, and every trap
// that fired is recorded with its pattern, an example URL and how many URLs it
// stopped, so the report can say where the site generates endless links.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "frontier/url.h"

namespace govscore {

enum class TrapKind {
  kDepth,             // more than max_depth links from the homepage
  kRepeatedSegments,  // /a/b/a/b/..., /news/news/news/...
  kQueryExplosion,    // too many query variants of one path
  kCalendar,          // date/year/month links without end
};
// "depth" | "repeated_segments" | "query_explosion" | "calendar"
std::string_view TrapKindName(TrapKind kind);

struct TrapOptions {
  int max_depth = 100;  // links from the homepage; 0 = no limit
  // A block of segments repeated back to back (a single segment: 3 times; a
  // longer block: twice), or one segment occurring more than this in a path.
  int max_segment_occurrences = 3;
  // Distinct queries of one path with one set of parameter names, when some
  // value is not a plain number (ids and page numbers are not limited here).
  int max_query_variants = 100;
  // Distinct sets of parameter names for one path.
  int max_query_name_sets = 16;
  int max_query_params = 12;      // parameters in one query
  size_t max_query_length = 400;  // bytes in one query
  // Distinct date variants of one date-bearing URL pattern (path with its date
  // parts blanked, plus parameter names).
  int max_calendar_variants = 60;
  // Dates outside [min_year, as_of year + 1] are calendar pages without content.
  int min_year = 1990;
  Date as_of = Date::TodayInChina();
};

struct Trap {
  TrapKind kind;
  std::string pattern;   // what the trap's URLs share, e.g. "127.0.0.1:8080/cal.php?month&year"
  std::string example;   // the first URL refused
  uint64_t stopped = 0;  // URLs refused under this pattern
};

class TrapGuard {
 public:
  explicit TrapGuard(TrapOptions options);

  // Decides whether a new (never seen) page URL at `depth` may be crawled; on
  // refusal returns the trap kind and records it. Counts what it accepts, so
  // call it once per distinct URL.
  std::optional<TrapKind> Check(const Url& url, int depth);

  // Traps that fired, in the order they first fired.
  const std::vector<Trap>& traps() const { return traps_; }

 private:
  std::optional<TrapKind> Refuse(TrapKind kind, const std::string& pattern, const Url& url);

  TrapOptions options_;
  // Counters keyed by a hash of a pattern.
  std::unordered_map<uint64_t, uint32_t> query_variants_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> name_sets_;  // path -> name-set hashes
  std::unordered_map<uint64_t, uint32_t> calendar_variants_;
  std::unordered_map<uint64_t, uint32_t> fired_;  // (kind, pattern) hash -> index in traps_
  std::vector<Trap> traps_;
};

}  // namespace govscore

#include "frontier/traps.h"

#include <algorithm>

namespace govscore {
namespace {

struct Param {
  std::string_view name, value;
};

std::vector<Param> SplitQuery(std::string_view query) {
  std::vector<Param> out;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      out.push_back(eq == std::string_view::npos ? Param{part, {}}
                                                 : Param{part.substr(0, eq), part.substr(eq + 1)});
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool AllDigits(std::string_view s, size_t min_len = 1, size_t max_len = 20) {
  if (s.size() < min_len || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsDateParamName(std::string_view name) {
  static const char* const kNames[] = {"year", "month", "day", "date", "y",    "m",       "d",
                                       "yr",   "mon",   "ym",  "ymd",  "yyyy", "mm",      "dd",
                                       "nian", "yue",   "ri",  "riqi", "cal",  "calendar"};
  const std::string lower = Lower(name);
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](const char* n) { return lower == n; });
}

// A year at the start of a date written with separators: 2024-05, 2024/05/01,
// 2024.5.1, 2024_05. Returns 0 when `s` is not such a date.
int YearOfSeparatedDate(std::string_view s) {
  if (s.size() < 6 || s.size() > 10 || !AllDigits(s.substr(0, 4))) return 0;
  const char sep = s[4];
  if (sep != '-' && sep != '/' && sep != '.' && sep != '_') return 0;
  for (char c : s.substr(5)) {
    if (!(c >= '0' && c <= '9') && c != sep) return 0;
  }
  const int year = ToInt(s.substr(0, 4));
  return year >= 1000 ? year : 0;
}

// Year-like value (4 digits, 1000..2999), else 0.
int PlainYear(std::string_view s) {
  if (!AllDigits(s, 4, 4)) return 0;
  const int y = ToInt(s);
  return y >= 1000 && y <= 2999 ? y : 0;
}

}  // namespace

std::string_view TrapKindName(TrapKind kind) {
  switch (kind) {
    case TrapKind::kDepth:
      return "depth";
    case TrapKind::kRepeatedSegments:
      return "repeated_segments";
    case TrapKind::kQueryExplosion:
      return "query_explosion";
    case TrapKind::kCalendar:
      return "calendar";
  }
  return "unknown";
}

TrapGuard::TrapGuard(TrapOptions options) : options_(options) {}

std::optional<TrapKind> TrapGuard::Refuse(TrapKind kind, const std::string& pattern,
                                          const Url& url) {
  const uint64_t key = HashBytes(std::string(TrapKindName(kind)) + "\n" + pattern);
  auto [it, inserted] = fired_.try_emplace(key, static_cast<uint32_t>(traps_.size()));
  if (inserted) traps_.push_back(Trap{kind, pattern, url.spec(), 0});
  ++traps_[it->second].stopped;
  return kind;
}

std::optional<TrapKind> TrapGuard::Check(const Url& url, int depth) {
  const std::string site = url.authority();
  if (options_.max_depth > 0 && depth > options_.max_depth) {
    return Refuse(TrapKind::kDepth, site + " depth>" + std::to_string(options_.max_depth), url);
  }

  // Repeated path segments.
  const std::vector<std::string_view> segs = SplitPath(url.path());
  const size_t n = segs.size();
  for (size_t len = 1; len <= n / 2; ++len) {
    const size_t need = len == 1 ? 3 : 2;  // back-to-back repetitions that make a trap
    for (size_t start = 0; start + len * need <= n; ++start) {
      size_t reps = 1;
      while (start + len * (reps + 1) <= n &&
             std::equal(segs.begin() + start, segs.begin() + start + len,
                        segs.begin() + start + len * reps)) {
        ++reps;
      }
      if (reps >= need) {
        std::string block;
        for (size_t i = start; i < start + len; ++i) block += "/" + std::string(segs[i]);
        return Refuse(TrapKind::kRepeatedSegments,
                      site + " (" + block + ")×" + std::to_string(reps), url);
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const auto occurrences = std::count(segs.begin(), segs.end(), segs[i]);
    if (occurrences > options_.max_segment_occurrences) {
      return Refuse(TrapKind::kRepeatedSegments,
                    site + " /" + std::string(segs[i]) + " ×" + std::to_string(occurrences), url);
    }
  }

  // Calendar-style links: blank the date parts of the path and query.
  std::vector<Param> params = SplitQuery(url.query());
  std::string date_pattern;
  bool dated = false;
  int year = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view s = segs[i];
    int y = YearOfSeparatedDate(s);
    if (y == 0 && PlainYear(s) != 0 && i + 1 < n && AllDigits(segs[i + 1], 1, 2) &&
        ToInt(segs[i + 1]) >= 1 && ToInt(segs[i + 1]) <= 12) {
      y = PlainYear(s);
    }
    if (y != 0) {
      dated = true;
      year = y;
      date_pattern += "/{date}";
    } else if (dated && i > 0 && AllDigits(s, 1, 2) &&
               (PlainYear(segs[i - 1]) != 0 || date_pattern.ends_with("{date}"))) {
      date_pattern += "/{date}";  // month or day after the year
    } else {
      date_pattern += "/" + std::string(s);
    }
  }
  std::vector<std::string> names;
  names.reserve(params.size());
  for (const Param& p : params) {
    int y = YearOfSeparatedDate(p.value);
    if (y == 0 && IsDateParamName(p.name) && AllDigits(p.value, 1, 8)) {
      dated = true;
      if (p.value.size() >= 4) y = PlainYear(p.value.substr(0, 4));
    }
    if (y != 0) {
      dated = true;
      year = y;
    }
    names.emplace_back(p.name);
  }
  std::sort(names.begin(), names.end());
  std::string name_list;
  for (const std::string& name : names) name_list += (name_list.empty() ? "" : "&") + name;

  if (dated) {
    const std::string pattern = site + date_pattern + (names.empty() ? "" : "?" + name_list);
    if (year != 0 && (year < options_.min_year || year > options_.as_of.year() + 1)) {
      return Refuse(TrapKind::kCalendar, pattern, url);
    }
    if (++calendar_variants_[HashBytes(pattern)] >
        static_cast<uint32_t>(options_.max_calendar_variants)) {
      return Refuse(TrapKind::kCalendar, pattern, url);
    }
  }

  // Query explosion.
  if (!params.empty()) {
    const std::string path_key = site + url.path();
    if (url.query().size() > options_.max_query_length ||
        params.size() > static_cast<size_t>(options_.max_query_params) ||
        std::adjacent_find(names.begin(), names.end()) != names.end()) {
      return Refuse(TrapKind::kQueryExplosion, path_key + "?(long or repeated parameters)", url);
    }
    const uint64_t name_set = HashBytes(name_list);
    std::vector<uint64_t>& sets = name_sets_[HashBytes(path_key)];
    if (std::find(sets.begin(), sets.end(), name_set) == sets.end()) {
      if (sets.size() >= static_cast<size_t>(options_.max_query_name_sets)) {
        return Refuse(TrapKind::kQueryExplosion, path_key + "?(many parameter combinations)", url);
      }
      sets.push_back(name_set);
    }
    const bool numeric = std::all_of(params.begin(), params.end(), [](const Param& p) {
      return p.value.empty() || AllDigits(p.value, 1, 12);
    });
    if (!numeric) {
      const std::string pattern = path_key + "?" + name_list;
      if (++query_variants_[HashBytes(pattern)] >
          static_cast<uint32_t>(options_.max_query_variants)) {
        return Refuse(TrapKind::kQueryExplosion, pattern, url);
      }
    }
  }
  return std::nullopt;
}

}  // namespace govscore

// Publication dates in the forms Chinese government pages use, interpreted
// against the as-of date (监测时间点):
//   full:      2024-05-01  2024-5-1  2024/05/01  2024.05.01  2024年5月1日 (号)
//              optionally followed by a time ("2024-05-01 09:30") which is ignored;
//   month-day: 05-01  [05-01]  05/01  5月1日 — no year on the page. Resolved to
//              the year hint (a year heading on the page) when given, else to the
//              latest such date not after as_of (12-31 seen on 2025-01-05 is 2024-12-31).
// Impossible dates (2024-02-30, month 13) are rejected, as are years outside
// 1949 .. as_of.year + 1 for full dates.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govscore {

struct DateMatch {
  Date date;
  size_t begin = 0;  // byte range of the date text in the searched string
  size_t end = 0;
  bool has_year = false;
};

struct DateScanOptions {
  Date as_of;
  std::optional<int> year_hint;  // year heading under which month-day dates sit
  bool allow_month_day = false;  // accept forms without a year (list cells, not prose)
};

// Every date in `text`, left to right, non-overlapping.
std::vector<DateMatch> FindDates(std::string_view text, const DateScanOptions& options);
// The first date in `text`, if any.
std::optional<DateMatch> FindFirstDate(std::string_view text, const DateScanOptions& options);
// `text` (trimmed, optional surrounding [] 【】 () （）) is exactly one date,
// optionally followed by a time. Month-day forms are accepted.
std::optional<Date> ParseDate(std::string_view text, Date as_of,
                              std::optional<int> year_hint = std::nullopt);
// The month-day rule above; nullopt for an impossible month/day.
std::optional<Date> ResolveMonthDay(int month, int day, Date as_of,
                                    std::optional<int> year_hint = std::nullopt);

}  // namespace govscore

// libFuzzer target: date recognition in Chinese page text (FindDates,
// ParseDate, FindFirstDate). Properties: match ranges lie inside the text, in
// order and without overlap; every date is a valid civil date.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const govscore::Date as_of = govscore::Date::FromYmd(2024, 6, 30);
  for (int mode = 0; mode < 2; ++mode) {
    govscore::DateScanOptions options;
    options.as_of = as_of;
    options.allow_month_day = mode == 1;
    if (mode == 1) options.year_hint = 2023;
    size_t last_end = 0;
    for (const govscore::DateMatch& m : govscore::FindDates(text, options)) {
      if (m.begin > m.end || m.end > text.size() || m.begin < last_end) std::abort();
      last_end = m.end;
      const govscore::Date d = m.date;
      if (!govscore::Date::IsValidYmd(d.year(), d.month(), d.day())) std::abort();
    }
    (void)govscore::FindFirstDate(text, options);
  }
  if (const std::optional<govscore::Date> d = govscore::ParseDate(text, as_of)) {
    if (!govscore::Date::IsValidYmd(d->year(), d->month(), d->day())) std::abort();
  }
  return 0;
}

#include "monitor/schedule.h"

#include "core/error.h"

namespace govscore::monitor {

Millis ProbeInterval(const store::MonitorSchedule& s) {
  const int64_t n = s.probes_per_day < 1 ? 1 : s.probes_per_day;
  return kDayMs / n;
}

namespace {

// Adds calendar months in China time, keeping the time of day.
Millis AddChinaMonths(Millis t, int months) {
  const Date d = ChinaDate(t);
  const Millis time_of_day = t - ChinaMidnight(d);
  return ChinaMidnight(d.AddMonths(months)) + time_of_day;
}

}  // namespace

Millis NextDue(const store::MonitorSchedule& s, Millis now) {
  using store::Regime;
  Millis next = s.next_due_at;
  switch (s.regime) {
    case Regime::kDaily:
    case Regime::kWeekly: {
      const Millis period = s.regime == Regime::kDaily ? ProbeInterval(s) : 7 * kDayMs;
      next += period;
      if (next <= now) next += ((now - next) / period + 1) * period;
      return next;
    }
    case Regime::kMonthly:
    case Regime::kQuarterly:
    case Regime::kYearly: {
      const int months = s.regime == Regime::kMonthly ? 1 : s.regime == Regime::kQuarterly ? 3 : 12;
      for (int k = 1;; ++k) {
        next = AddChinaMonths(s.next_due_at, months * k);
        if (next > now) return next;
      }
    }
  }
  return now + kDayMs;
}

std::string ScanProfileOf(store::Regime r) {
  switch (r) {
    case store::Regime::kDaily:
      return "homepage";
    case store::Regime::kWeekly:
      return "links";
    case store::Regime::kMonthly:
      return "full";
    case store::Regime::kQuarterly:
      return "quarterly";
    case store::Regime::kYearly:
      return "";
  }
  return "";
}

const char* RegimeName(store::Regime r) {
  static const char* const kNames[] = {"日巡检", "周检测", "月监测", "季普查", "年报告"};
  return kNames[static_cast<int>(r)];
}

store::Regime ParseRegimeName(const std::string& s) {
  for (int i = 0; i < 5; ++i) {
    const auto r = static_cast<store::Regime>(i);
    if (s == RegimeName(r) || s == store::ToString(r)) return r;
  }
  throw Error(
      "unknown monitoring regime '" + s +
          "' (daily/日巡检, weekly/周检测, monthly/月监测, quarterly/季普查, yearly/年报告)",
      "schedule");
}

}  // namespace govscore::monitor

#include "monitor/clock.h"

#include <chrono>
#include <cstdio>

namespace govscore::monitor {

Millis SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
constexpr Millis kChinaOffsetMs = 8 * kHourMs;

Millis FloorDiv(Millis a, Millis b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

Date ChinaDate(Millis t) {
  return Date::FromDayNumber(static_cast<long>(FloorDiv(t + kChinaOffsetMs, kDayMs)));
}

Millis ChinaMidnight(const Date& d) {
  return static_cast<Millis>(d.day_number()) * kDayMs - kChinaOffsetMs;
}

std::string ChinaTimeText(Millis t) {
  const Millis local = t + kChinaOffsetMs;
  const Millis in_day = local - FloorDiv(local, kDayMs) * kDayMs;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(in_day / kHourMs),
                static_cast<int>(in_day / kMinuteMs % 60), static_cast<int>(in_day / 1000 % 60));
  return ChinaDate(t).ToString() + buf;
}

}  // namespace govscore::monitor

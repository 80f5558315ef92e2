// Time for the monitor: an interface so that tests drive schedules, probes and
// alerts through days and months without waiting (ManualClock), and the
// conversions between store times (milliseconds since the Unix epoch, UTC)
// and civil dates in China (UTC+8, no daylight saving).
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "core/date.h"
#include "store/store.h"

namespace govscore::monitor {

using store::Millis;

constexpr Millis kMinuteMs = 60'000;
constexpr Millis kHourMs = 60 * kMinuteMs;
constexpr Millis kDayMs = 24 * kHourMs;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis Now() const = 0;
  // The clock as Store::Options::clock wants it. The function refers to this
  // clock, which must outlive every store using it.
  std::function<Millis()> AsFunction() const {
    return [this] { return Now(); };
  }
};

// The system clock.
class SystemClock final : public Clock {
 public:
  Millis Now() const override;
};

// A clock that moves only when told; thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : now_(start) {}
  Millis Now() const override { return now_.load(); }
  void Set(Millis t) { now_.store(t); }
  void Advance(Millis d) { now_.fetch_add(d); }

 private:
  std::atomic<Millis> now_;
};

// The civil date in China of a time.
Date ChinaDate(Millis t);
// 00:00 China time of `d`, as store time.
Millis ChinaMidnight(const Date& d);
// "2026-11-23 08:15:02" in China time (for people: notices, webhooks, reports).
std::string ChinaTimeText(Millis t);

}  // namespace govscore::monitor

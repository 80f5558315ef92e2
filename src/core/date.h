// Civil dates (proleptic Gregorian, no time zone) as used by the indicator
// systems: 监测时间点, publication dates, deadlines. A Date is a day number, so
// differences and comparisons are plain integer arithmetic.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace govscore {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;
  // Requires a valid civil date (see IsValidYmd).
  static Date FromYmd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD"; nullopt when malformed or not a real day.
  static std::optional<Date> Parse(std::string_view text);
  static Date FromDayNumber(long days) { return Date(days); }
  // Today in China Standard Time (UTC+8), the time zone every seed assumes.
  static Date TodayInChina();

  static bool IsValidYmd(int year, int month, int day);
  static int DaysInMonth(int year, int month);

  int year() const;
  int month() const;
  int day() const;
  // 1 = Monday ... 7 = Sunday.
  int iso_weekday() const;
  long day_number() const { return days_; }

  Date AddDays(long n) const { return Date(days_ + n); }
  // Same day n months later, clamped to the month's last day (2024-03-31 -1m -> 2024-02-29).
  Date AddMonths(int n) const;
  Date AddYears(int n) const { return AddMonths(12 * n); }
  long DaysUntil(Date later) const { return later.days_ - days_; }

  std::string ToString() const;  // "YYYY-MM-DD"
  auto operator<=>(const Date&) const = default;

 private:
  explicit constexpr Date(long days) : days_(days) {}
  long days_ = 0;
};

}  // namespace govscore

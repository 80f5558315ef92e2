#include "core/date.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

TEST(DateTest, RoundTripsThroughText) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2);
  EXPECT_EQ(d->day(), 29);
  EXPECT_EQ(d->ToString(), "2024-02-29");
}

TEST(DateTest, RejectsImpossibleDays) {
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2023-13-01"));
  EXPECT_FALSE(Date::Parse("2023-1-01"));
  EXPECT_FALSE(Date::Parse("abcd-ef-gh"));
}

TEST(DateTest, WeekdaysMatchTheCalendar) {
  EXPECT_EQ(Date::FromYmd(2024, 10, 1).iso_weekday(), 2);  // Tuesday
  EXPECT_EQ(Date::FromYmd(2023, 1, 1).iso_weekday(), 7);   // Sunday
  EXPECT_EQ(Date::FromYmd(1969, 12, 31).iso_weekday(), 3);
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date::FromYmd(2024, 3, 31).AddMonths(-1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromYmd(2024, 8, 31).AddMonths(-6).ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromYmd(2024, 1, 15).AddYears(-1).ToString(), "2023-01-15");
}

TEST(DateTest, DifferencesAreDayCounts) {
  const Date a = Date::FromYmd(2023, 12, 25), b = Date::FromYmd(2024, 1, 8);
  EXPECT_EQ(a.DaysUntil(b), 14);
  EXPECT_LT(a, b);
}

}  // namespace
}  // namespace govscore

#include "framework/calendar.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/error.h"

namespace govscore::framework {
namespace {

Date D(const char* text) { return *Date::Parse(text); }

const WorkdayCalendar& Cal() { return WorkdayCalendar::Default(); }

TEST(CalendarTest, MakeUpWorkdays2024) {
  EXPECT_TRUE(Cal().IsWorkday(D("2024-02-04")));  // Sunday, 调休上班
  EXPECT_TRUE(Cal().IsWorkday(D("2024-02-18")));
  EXPECT_TRUE(Cal().IsWorkday(D("2024-09-29")));
  EXPECT_TRUE(Cal().IsWorkday(D("2024-10-12")));
  EXPECT_TRUE(Cal().IsWorkday(D("2024-02-09")));  // 除夕: staff encouraged to rest, not a holiday
}

TEST(CalendarTest, NationalDay2024IsOff) {
  for (Date d = D("2024-10-01"); d <= D("2024-10-07"); d = d.AddDays(1))
    EXPECT_FALSE(Cal().IsWorkday(d)) << d.ToString();
  EXPECT_TRUE(Cal().IsWorkday(D("2024-10-08")));
}

TEST(CalendarTest, PlainWeekendsAndWeekdays) {
  EXPECT_FALSE(Cal().IsWorkday(D("2024-03-02")));  // Saturday
  EXPECT_TRUE(Cal().IsWorkday(D("2024-03-04")));   // Monday
}

TEST(CalendarTest, AddWorkdaysAcrossSpringFestival2025) {
  // REFERENCE.md §4 sanity checks.
  EXPECT_EQ(Cal().AddWorkdays(D("2025-01-24"), 1), D("2025-01-26"));
  EXPECT_EQ(Cal().AddWorkdays(D("2025-01-26"), 1), D("2025-01-27"));
  EXPECT_EQ(Cal().AddWorkdays(D("2025-01-27"), 1), D("2025-02-05"));
  EXPECT_EQ(Cal().AddWorkdays(D("2025-01-27"), 0), D("2025-01-27"));
  EXPECT_EQ(Cal().SubtractWorkdays(D("2025-02-05"), 1), D("2025-01-27"));
}

TEST(CalendarTest, WorkdaysBetween) {
  // Asked Friday 2024-09-27, answered Monday 2024-09-30: Sunday 09-29 is a working day.
  EXPECT_EQ(Cal().WorkdaysBetween(D("2024-09-27"), D("2024-09-30")), 2);
  // Asked 2024-09-30, answered 2024-10-08: the National Day week is off.
  EXPECT_EQ(Cal().WorkdaysBetween(D("2024-09-30"), D("2024-10-08")), 1);
  EXPECT_EQ(Cal().WorkdaysBetween(D("2024-10-08"), D("2024-09-30")), -1);
  EXPECT_EQ(Cal().WorkdaysBetween(D("2024-10-08"), D("2024-10-08")), 0);
}

TEST(CalendarTest, YearTotals) {
  // Totals computed in REFERENCE.md §4 from the notices.
  EXPECT_EQ(Cal().WorkdaysInYear(2023), 249);
  EXPECT_EQ(Cal().WorkdaysInYear(2024), 251);
  EXPECT_EQ(Cal().WorkdaysInYear(2025), 248);
  EXPECT_EQ(Cal().WorkdaysInYear(2026), 248);
  for (int year = 2019; year <= 2026; ++year) EXPECT_TRUE(Cal().Covers(year)) << year;
  EXPECT_FALSE(Cal().Covers(2018));
}

TEST(CalendarTest, CrossYearHolidayAndCovidExtension) {
  EXPECT_FALSE(Cal().IsWorkday(D("2018-12-31")));  // 2019 元旦 block
  EXPECT_TRUE(Cal().IsWorkday(D("2018-12-29")));   // Saturday made a working day
  EXPECT_FALSE(Cal().IsWorkday(D("2020-02-01")));  // make-up day cancelled by the extension
  EXPECT_FALSE(Cal().IsWorkday(D("2020-01-31")));
  EXPECT_TRUE(Cal().IsWorkday(D("2020-02-03")));
}

TEST(CalendarTest, UserFileExtendsAndBadFilesFail) {
  std::string path = ::testing::TempDir() + "/cal_extra.yaml";
  {
    std::ofstream out(path);
    out << "schema: govscore.calendar/1\nyears:\n  - year: 2027\n    holidays:\n"
           "      - {name: 元旦, from: 2027-01-01, to: 2027-01-01}\n    workdays: []\n";
  }
  WorkdayCalendar cal = Cal();
  EXPECT_TRUE(cal.IsWorkday(D("2027-01-01")));
  cal.Merge(WorkdayCalendar::LoadFile(path));
  EXPECT_FALSE(cal.IsWorkday(D("2027-01-01")));
  EXPECT_TRUE(cal.Covers(2027));
  {
    std::ofstream out(path);
    out << "schema: govscore.calendar/1\nyears:\n  - year: 2027\n    workdays: [2027-01-04]\n";
  }
  EXPECT_THROW(WorkdayCalendar::LoadFile(path), Error);  // a Monday is no make-up day
  EXPECT_THROW(WorkdayCalendar::LoadFile(path + ".missing"), Error);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace govscore::framework

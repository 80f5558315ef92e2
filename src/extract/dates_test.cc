#include "extract/dates.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d); }

TEST(ParseDate, FullForms) {
  Date as_of = D(2024, 6, 30);
  EXPECT_EQ(ParseDate("2024-05-01", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024-5-1", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024/05/01", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024.05.01", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024年5月1日", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024 年 05 月 01 日", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("2024年5月1号", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("  2024-05-01 09:30 ", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("[2024-05-01]", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("（2024-05-01）", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("【2024-05-01】", as_of), D(2024, 5, 1));
}

TEST(ParseDate, RejectsImpossibleAndMalformed) {
  Date as_of = D(2024, 6, 30);
  EXPECT_FALSE(ParseDate("2024-02-30", as_of));
  EXPECT_FALSE(ParseDate("2023-02-29", as_of));
  EXPECT_TRUE(ParseDate("2024-02-29", as_of));
  EXPECT_FALSE(ParseDate("2024-13-01", as_of));
  EXPECT_FALSE(ParseDate("2024-00-10", as_of));
  EXPECT_FALSE(ParseDate("2024-05-00", as_of));
  EXPECT_FALSE(ParseDate("1800-05-01", as_of));
  EXPECT_FALSE(ParseDate("2030-05-01", as_of));  // beyond as_of.year + 1
  EXPECT_FALSE(ParseDate("2024-05/01", as_of));  // mixed separators
  EXPECT_FALSE(ParseDate("2024年5月", as_of));
  EXPECT_FALSE(ParseDate("20240501", as_of));
  EXPECT_FALSE(ParseDate("2024-05-01 x", as_of));
  EXPECT_FALSE(ParseDate("", as_of));
  EXPECT_FALSE(ParseDate("13-45", as_of));
  EXPECT_FALSE(ParseDate("02-30", as_of));
}

TEST(ParseDate, MonthDayResolvesToLatestNotAfterAsOf) {
  Date as_of = D(2025, 1, 5);
  EXPECT_EQ(ParseDate("12-31", as_of), D(2024, 12, 31));
  EXPECT_EQ(ParseDate("[01-05]", as_of), D(2025, 1, 5));
  EXPECT_EQ(ParseDate("01-06", as_of), D(2024, 1, 6));
  EXPECT_EQ(ParseDate("5月1日", as_of), D(2024, 5, 1));
  EXPECT_EQ(ParseDate("12/31", as_of), D(2024, 12, 31));
  // Feb 29 goes back to the last leap year.
  EXPECT_EQ(ParseDate("02-29", D(2027, 3, 1)), D(2024, 2, 29));
  // A year heading wins over the as-of rule.
  EXPECT_EQ(ParseDate("12-31", as_of, 2019), D(2019, 12, 31));
  EXPECT_FALSE(ParseDate("02-29", as_of, 2023));
}

TEST(FindDates, InTextWithContext) {
  DateScanOptions o{D(2024, 6, 30), std::nullopt, false};
  auto all = FindDates("发布日期：2024-05-01 09:30 来源：本网 更新 2024年6月2日", o);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].date, D(2024, 5, 1));
  EXPECT_EQ(all[1].date, D(2024, 6, 2));
  // Month-day forms only when allowed.
  EXPECT_TRUE(FindDates("通知 05-01", o).empty());
  o.allow_month_day = true;
  auto md = FindDates("通知 05-01", o);
  ASSERT_EQ(md.size(), 1u);
  EXPECT_EQ(md[0].date, D(2024, 5, 1));
  EXPECT_FALSE(md[0].has_year);
}

TEST(FindDates, IgnoresCodesAndLongRuns) {
  DateScanOptions o{D(2024, 6, 30), std::nullopt, true};
  EXPECT_TRUE(FindDates("电话 0478-8655532", o).empty());
  EXPECT_TRUE(FindDates("编号 A2024-05-01", o).empty());
  EXPECT_TRUE(FindDates("ZC130800202101632", o).empty());
  EXPECT_TRUE(FindDates("2024-05-01-3", o).empty());
  EXPECT_TRUE(FindDates("12-05-01", o).empty());
  EXPECT_TRUE(FindDates("1-10月", o).empty());
}

TEST(ResolveMonthDay, Bounds) {
  EXPECT_FALSE(ResolveMonthDay(0, 1, D(2024, 1, 1)));
  EXPECT_FALSE(ResolveMonthDay(4, 31, D(2024, 1, 1)));
  EXPECT_EQ(ResolveMonthDay(1, 1, D(2024, 1, 1)), D(2024, 1, 1));
  EXPECT_EQ(ResolveMonthDay(1, 2, D(2024, 1, 1)), D(2023, 1, 2));
}

}  // namespace
}  // namespace govscore

#include "checks/columns.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace govscore {
namespace {

const Date kAsOf = Date::FromYmd(2024, 6, 30);
const ColumnRules kRules = ColumnRules::NationalDefaults();

ColumnStats Stats(const std::string& name, std::vector<std::optional<Date>> dates) {
  return ComputeColumnStats(name, "http://x.cn/c/", "", dates, kAsOf, kRules);
}

TEST(ColumnsTest, Categories) {
  EXPECT_EQ(kRules.Categorize("政务动态")->name, "动态");
  EXPECT_EQ(kRules.Categorize("今日要闻")->name, "动态");
  EXPECT_EQ(kRules.Categorize("通知公告")->name, "通知公告");
  EXPECT_EQ(kRules.Categorize("政策文件")->name, "政策文件");
  EXPECT_EQ(kRules.Categorize("人事信息")->name, "人事");
  EXPECT_EQ(kRules.Categorize("规划计划")->name, "规划计划");
  EXPECT_EQ(kRules.Categorize("发展规划")->name, "规划计划");
  EXPECT_EQ(kRules.Categorize("领导信息"), nullptr);
  EXPECT_EQ(kRules.Categorize("其他", "通知公告")->name, "通知公告");
}

TEST(ColumnsTest, DynamicsAroundTwoWeeks) {
  // 14 days before as_of is still fresh; 15 days is stale.
  EXPECT_FALSE(Stats("政务动态", {kAsOf.AddDays(-14)}).stale);
  EXPECT_TRUE(Stats("政务动态", {kAsOf.AddDays(-15)}).stale);
  EXPECT_FALSE(Stats("政务动态", {kAsOf}).stale);
}

TEST(ColumnsTest, NoticesAroundSixMonths) {
  EXPECT_FALSE(Stats("通知公告", {Date::FromYmd(2023, 12, 30)}).stale);
  EXPECT_TRUE(Stats("通知公告", {Date::FromYmd(2023, 12, 29)}).stale);
  // Month-end clamping: 2024-08-31 minus 6 months is 2024-02-29.
  const ColumnStats s = ComputeColumnStats("政策文件", "u", "", {Date::FromYmd(2024, 2, 29)},
                                           Date::FromYmd(2024, 8, 31), kRules);
  EXPECT_FALSE(s.stale);
  EXPECT_TRUE(ComputeColumnStats("政策文件", "u", "", {Date::FromYmd(2024, 2, 28)},
                                 Date::FromYmd(2024, 8, 31), kRules)
                  .stale);
}

TEST(ColumnsTest, PersonnelAroundOneYear) {
  EXPECT_FALSE(Stats("人事信息", {Date::FromYmd(2023, 6, 30)}).stale);
  EXPECT_TRUE(Stats("人事信息", {Date::FromYmd(2023, 6, 29)}).stale);
}

TEST(ColumnsTest, EmptyIsNotStaleAndUncategorisedNeverStale) {
  const ColumnStats empty = Stats("通知公告", {});
  EXPECT_TRUE(empty.empty);
  EXPECT_FALSE(empty.stale);
  EXPECT_EQ(empty.items, 0);
  EXPECT_FALSE(empty.newest);
  EXPECT_FALSE(Stats("领导信息", {Date::FromYmd(2001, 1, 1)}).stale);
  // Items but none dated: stale when a limit applies (no evidence of updates).
  EXPECT_TRUE(Stats("政务动态", {std::nullopt}).stale);
}

TEST(ColumnsTest, WindowsNewestIntervalFuture) {
  const ColumnStats s =
      Stats("政务动态", {kAsOf.AddDays(-1), kAsOf.AddDays(-10), kAsOf.AddDays(-20),
                         kAsOf.AddMonths(-7), kAsOf.AddYears(-2), std::nullopt, kAsOf.AddDays(3)});
  EXPECT_EQ(s.items, 7);
  EXPECT_EQ(s.undated, 1);
  EXPECT_EQ(s.within_14_days, 2);
  EXPECT_EQ(s.within_6_months, 3);
  EXPECT_EQ(s.within_1_year, 4);
  EXPECT_EQ(s.newest, kAsOf.AddDays(-1));
  EXPECT_EQ(s.oldest, kAsOf.AddYears(-2));
  EXPECT_EQ(s.days_since_newest, 1);
  ASSERT_TRUE(s.mean_interval_days);
  EXPECT_DOUBLE_EQ(*s.mean_interval_days, 730.0 / 4.0);  // 2022-06-30 .. 2024-06-29
  EXPECT_EQ(s.category, "动态");
  EXPECT_EQ(s.limit, "14天");
}

// Per-item dates for rules that count since a date or per (working) day: the
// dated items not after as_of, by date; and the items of the as_of year.
TEST(ColumnsTest, ItemDatesAndThisYear) {
  const Date d1 = Date::FromYmd(2024, 6, 28), d2 = Date::FromYmd(2024, 1, 1),
             d3 = Date::FromYmd(2023, 12, 31);
  const ColumnStats s = Stats("政务动态", {d1, d1, d2, d3, std::nullopt, kAsOf.AddDays(1)});
  EXPECT_EQ(s.items_this_year, 3);  // 2024-06-28 ×2, 2024-01-01; not 2023-12-31
  ASSERT_EQ(s.item_dates.size(), 3u);
  EXPECT_EQ(s.item_dates.at(d1), 2);
  EXPECT_EQ(s.item_dates.at(d2), 1);
  EXPECT_EQ(s.item_dates.at(d3), 1);
  EXPECT_FALSE(s.item_dates.count(kAsOf.AddDays(1)));  // after as_of: not a dated item
}

TEST(ColumnsTest, ConfigurableLimits) {
  ColumnRules rules = ColumnRules::NationalDefaults();
  rules.SetLimit("动态", "1w");
  EXPECT_TRUE(ComputeColumnStats("政务动态", "u", "", {kAsOf.AddDays(-8)}, kAsOf, rules).stale);
  rules.SetLimit("通知公告", "1y");
  EXPECT_EQ(rules.Categorize("通知公告")->limit.ToString(), "1年");
  EXPECT_THROW(rules.SetLimit("未知", "1y"), Error);
  EXPECT_THROW(rules.SetLimit("动态", "x"), Error);
  EXPECT_THROW(rules.SetLimit("动态", "12q"), Error);
}

}  // namespace
}  // namespace govscore

#include "frontier/traps.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

Url U(const std::string& s) { return *Url::Parse(s); }

TrapOptions Options() {
  TrapOptions o;
  o.as_of = Date::FromYmd(2024, 6, 30);
  return o;
}

TEST(TrapsTest, DepthLimit) {
  TrapOptions o = Options();
  o.max_depth = 3;
  TrapGuard g(o);
  EXPECT_FALSE(g.Check(U("http://x.cn/a"), 3));
  EXPECT_EQ(g.Check(U("http://x.cn/b"), 4), TrapKind::kDepth);
  ASSERT_EQ(g.traps().size(), 1u);
  EXPECT_EQ(g.traps()[0].example, "http://x.cn/b");
}

TEST(TrapsTest, RepeatedSegments) {
  TrapGuard g(Options());
  EXPECT_FALSE(g.Check(U("http://x.cn/a/b/c.html"), 1));
  EXPECT_FALSE(g.Check(U("http://x.cn/2024/05/05/a.html"), 1));
  EXPECT_FALSE(g.Check(U("http://x.cn/news/news/a.html"), 1));  // twice is common enough
  EXPECT_EQ(g.Check(U("http://x.cn/news/news/news/a.html"), 1), TrapKind::kRepeatedSegments);
  EXPECT_EQ(g.Check(U("http://x.cn/a/b/a/b/c.html"), 1), TrapKind::kRepeatedSegments);
  EXPECT_EQ(g.Check(U("http://x.cn/x/a/b/c/a/b/c/"), 1), TrapKind::kRepeatedSegments);
  EXPECT_EQ(g.Check(U("http://x.cn/a/x/a/y/a/z/a/"), 1), TrapKind::kRepeatedSegments);
  // Other URLs of the site still pass.
  EXPECT_FALSE(g.Check(U("http://x.cn/zwgk/index.html"), 1));
  EXPECT_GE(g.traps().size(), 1u);
  EXPECT_EQ(g.traps()[0].kind, TrapKind::kRepeatedSegments);
}

TEST(TrapsTest, QueryExplosionStopsOnlyThatPath) {
  TrapOptions o = Options();
  o.max_query_variants = 10;
  TrapGuard g(o);
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    if (g.Check(U("http://x.cn/list.jsp?sort=t" + std::to_string(i) + "x"), 2)) ++refused;
  }
  EXPECT_EQ(refused, 20);
  ASSERT_EQ(g.traps().size(), 1u);
  EXPECT_EQ(g.traps()[0].kind, TrapKind::kQueryExplosion);
  EXPECT_EQ(g.traps()[0].stopped, 20u);
  EXPECT_EQ(g.traps()[0].example, "http://x.cn/list.jsp?sort=t10x");
  // Numeric ids and page numbers are not an explosion.
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(g.Check(U("http://x.cn/content.jsp?id=" + std::to_string(i)), 2));
  }
  EXPECT_FALSE(g.Check(U("http://x.cn/other.jsp?sort=a"), 2));
}

TEST(TrapsTest, QueryNameCombinationsAndLongQueries) {
  TrapOptions o = Options();
  o.max_query_name_sets = 4;
  TrapGuard g(o);
  const char* names[] = {"a", "b", "c", "d", "e", "f"};
  int refused = 0;
  for (const char* n : names) {
    if (g.Check(U(std::string("http://x.cn/s?") + n + "=1"), 2)) ++refused;
  }
  EXPECT_EQ(refused, 2);
  EXPECT_EQ(g.Check(U("http://x.cn/t?a=1&a=1"), 2), TrapKind::kQueryExplosion);
  EXPECT_EQ(g.Check(U("http://x.cn/u?q=" + std::string(500, 'x')), 2), TrapKind::kQueryExplosion);
}

TEST(TrapsTest, CalendarOutOfRangeYear) {
  TrapGuard g(Options());
  EXPECT_FALSE(g.Check(U("http://x.cn/cal.php?year=2024&month=6"), 2));
  EXPECT_FALSE(g.Check(U("http://x.cn/cal.php?year=2025&month=1"), 2));
  EXPECT_EQ(g.Check(U("http://x.cn/cal.php?year=2026&month=1"), 2), TrapKind::kCalendar);
  EXPECT_EQ(g.Check(U("http://x.cn/cal.php?year=1980&month=1"), 2), TrapKind::kCalendar);
  EXPECT_EQ(g.Check(U("http://x.cn/events/2031/02/"), 2), TrapKind::kCalendar);
  EXPECT_EQ(g.Check(U("http://x.cn/day?date=2099-01-01"), 2), TrapKind::kCalendar);
  EXPECT_EQ(g.traps()[0].kind, TrapKind::kCalendar);
  EXPECT_EQ(g.traps()[0].example, "http://x.cn/cal.php?year=2026&month=1");
}

TEST(TrapsTest, CalendarVariantLimit) {
  TrapOptions o = Options();
  o.max_calendar_variants = 24;
  TrapGuard g(o);
  int accepted = 0;
  for (int y = 2024; y >= 2000; --y) {
    for (int m = 12; m >= 1; --m) {
      if (!g.Check(U("http://x.cn/cal?y=" + std::to_string(y) + "&m=" + std::to_string(m)), 3)) {
        ++accepted;
      }
    }
  }
  EXPECT_EQ(accepted, 24);
  // Dated article URLs are each their own pattern: never a calendar.
  for (int i = 0; i < 200; ++i) {
    EXPECT_FALSE(g.Check(U("http://x.cn/art/2024/5/" + std::to_string(i % 28 + 1) + "/art_" +
                           std::to_string(i) + ".html"),
                         3));
  }
}

}  // namespace
}  // namespace govscore

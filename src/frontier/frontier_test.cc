#include "frontier/frontier.h"

#include <gtest/gtest.h>

#include "frontier/seen_set.h"

namespace govscore {
namespace {

Url U(const std::string& s) { return *Url::Parse(s); }

FrontierOptions NoRobots() {
  FrontierOptions o;
  o.respect_robots = false;
  o.traps.as_of = Date::FromYmd(2024, 6, 30);
  return o;
}

TEST(SeenSetTest, InsertContainsGrow) {
  SeenSet s;
  for (uint64_t i = 1; i <= 100000; ++i) EXPECT_TRUE(s.Insert(HashBytes(std::to_string(i))));
  for (uint64_t i = 1; i <= 100000; ++i) EXPECT_FALSE(s.Insert(HashBytes(std::to_string(i))));
  EXPECT_EQ(s.size(), 100000u);
  EXPECT_TRUE(s.Contains(HashBytes("500")));
  EXPECT_FALSE(s.Contains(HashBytes("x500")));
  EXPECT_LE(s.memory_bytes(), 4u << 20);  // 8 bytes a slot, at most 4 slots a URL
}

TEST(FrontierTest, BreadthFirstAndDedup) {
  Frontier f(U("http://x.cn/"), NoRobots());
  EXPECT_EQ(f.Offer(U("http://x.cn/"), 0, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/#x"), 0, true), Admission::kSeen);
  EXPECT_EQ(f.Offer(U("http://x.cn/a"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/b"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/logo.png"), 1, false), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://gov.cn/"), 1, true), Admission::kQueued);
  std::vector<std::string> pages, checks;
  while (auto e = f.Next()) (e->page ? pages : checks).push_back(e->url);
  EXPECT_EQ(pages, (std::vector<std::string>{"http://x.cn/", "http://x.cn/a", "http://x.cn/b"}));
  EXPECT_EQ(checks, (std::vector<std::string>{"http://x.cn/logo.png", "http://gov.cn/"}));
  EXPECT_EQ(f.pages_admitted(), 3u);
}

TEST(FrontierTest, StartIsAPageWhateverInclude) {
  FrontierOptions o = NoRobots();
  o.scope.include = {"/zwgk/"};
  Frontier f(U("http://x.cn/"), o);
  EXPECT_EQ(f.OfferStart(U("http://x.cn/")), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/xwdt/a.html"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/zwgk/a.html"), 1, true), Admission::kQueued);
  auto e = f.Next();
  EXPECT_TRUE(e->page);
  e = f.Next();  // the not-included page is a link check
  EXPECT_EQ(e->url, "http://x.cn/xwdt/a.html");
  EXPECT_FALSE(e->page);
  EXPECT_TRUE(f.Next()->page);
}

TEST(FrontierTest, PriorityPagesFirst) {
  Frontier f(U("http://x.cn/"), NoRobots());
  f.Offer(U("http://x.cn/a1.html"), 2, true);
  f.Offer(U("http://x.cn/a2.html"), 2, true);
  f.Offer(U("http://x.cn/list/index_2.html"), 1, true, true);
  f.Offer(U("http://x.cn/img.png"), 2, false, true);  // priority only matters for pages
  EXPECT_EQ(f.Next()->url, "http://x.cn/list/index_2.html");
  EXPECT_EQ(f.Next()->url, "http://x.cn/a1.html");
  EXPECT_EQ(f.Next()->url, "http://x.cn/img.png");
  EXPECT_EQ(f.Next()->url, "http://x.cn/a2.html");
}

TEST(FrontierTest, ExternalOffExcludedAndPageLimit) {
  FrontierOptions o = NoRobots();
  o.check_external = false;
  o.max_pages = 2;
  o.scope.exclude = {"/private/"};
  Frontier f(U("http://x.cn/"), o);
  EXPECT_EQ(f.Offer(U("http://gov.cn/"), 1, true), Admission::kExternalOff);
  EXPECT_EQ(f.Offer(U("http://x.cn/private/a"), 1, true), Admission::kExcluded);
  EXPECT_EQ(f.Offer(U("http://x.cn/"), 0, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/1"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/2"), 1, true), Admission::kPageLimit);
  EXPECT_EQ(f.Offer(U("http://x.cn/2.pdf"), 1, false), Admission::kQueued);  // checks are not pages
  EXPECT_EQ(f.page_limit_refusals(), 1u);
}

TEST(FrontierTest, TrapStopsTrapNotCrawl) {
  FrontierOptions o = NoRobots();
  Frontier f(U("http://x.cn/"), o);
  int trapped = 0, queued = 0;
  for (int y = 2024; y < 2100; ++y) {
    Admission a = f.Offer(U("http://x.cn/cal.php?year=" + std::to_string(y)), 3, true);
    (a == Admission::kTrap ? trapped : queued)++;
  }
  EXPECT_EQ(queued, 2);  // 2024 and 2025 (as_of year + 1)
  EXPECT_EQ(trapped, 74);
  EXPECT_EQ(f.Offer(U("http://x.cn/news/a.html"), 3, true), Admission::kQueued);
  ASSERT_EQ(f.traps().size(), 1u);
  EXPECT_EQ(f.traps()[0].stopped, 74u);
}

TEST(FrontierTest, RobotsParkThenRelease) {
  FrontierOptions o = NoRobots();
  o.respect_robots = true;
  Frontier f(U("http://x.cn/"), o);
  EXPECT_EQ(f.Offer(U("http://x.cn/"), 0, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://x.cn/admin/a"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.Offer(U("http://gov.cn/"), 1, true), Admission::kQueued);
  EXPECT_EQ(f.parked(), 2u);
  const auto requests = f.TakeRobotsRequests();
  ASSERT_EQ(requests, std::vector<std::string>{"x.cn"});
  EXPECT_TRUE(f.TakeRobotsRequests().empty());
  auto e = f.Next();  // external check needs no robots
  ASSERT_TRUE(e);
  EXPECT_EQ(e->url, "http://gov.cn/");
  EXPECT_FALSE(f.Next());
  f.SetRobots("x.cn", RobotsRules::Parse("User-agent: *\nDisallow: /admin/\n", "govscore"));
  e = f.Next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->url, "http://x.cn/");
  EXPECT_FALSE(f.Next());
  EXPECT_EQ(f.robots_refusals(), 1u);
  EXPECT_EQ(f.Offer(U("http://x.cn/admin/b"), 1, true), Admission::kRobots);
  EXPECT_EQ(f.robots_refusals(), 2u);
  EXPECT_FALSE(f.Next());
}

}  // namespace
}  // namespace govscore

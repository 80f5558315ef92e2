#include "frontier/robots.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

TEST(RobotsTest, StarGroupAndLongestMatch) {
  const auto r = RobotsRules::Parse(
      "# comment\n"
      "User-agent: *\n"
      "Disallow: /admin/\n"
      "Allow: /admin/public/\n"
      "Disallow: /*.php$\n"
      "Disallow: /search?\n"
      "Crawl-delay: 2\n"
      "Sitemap: http://x.cn/sitemap.xml\n",
      "govscore");
  EXPECT_TRUE(r.Allowed("/"));
  EXPECT_FALSE(r.Allowed("/admin/x.html"));
  EXPECT_TRUE(r.Allowed("/admin/public/x.html"));
  EXPECT_FALSE(r.Allowed("/a/b.php"));
  EXPECT_TRUE(r.Allowed("/a/b.php?x=1"));
  EXPECT_FALSE(r.Allowed("/search?q=1"));
  EXPECT_TRUE(r.Allowed("/search.html"));
  EXPECT_TRUE(r.Allowed("/robots.txt"));
  EXPECT_EQ(r.crawl_delay_s(), 2.0);
  ASSERT_EQ(r.sitemaps().size(), 1u);
}

TEST(RobotsTest, OwnGroupWins) {
  const std::string text =
      "User-agent: Googlebot\nDisallow: /\n\n"
      "User-agent: *\nDisallow: /private\n\n"
      "User-agent: GovScore\nUser-agent: other\nDisallow: /nogov\n";
  const auto r = RobotsRules::Parse(text, "govscore");
  EXPECT_TRUE(r.Allowed("/private/a"));
  EXPECT_FALSE(r.Allowed("/nogov/a"));
  const auto star = RobotsRules::Parse(text, "somebot");
  EXPECT_FALSE(star.Allowed("/private/a"));
  EXPECT_TRUE(star.Allowed("/nogov/a"));
}

TEST(RobotsTest, EmptyDisallowAndGarbage) {
  EXPECT_TRUE(RobotsRules::Parse("User-agent: *\nDisallow:\n", "govscore").Allowed("/x"));
  EXPECT_TRUE(RobotsRules::Parse("<html>not robots</html>\n\x01\xff", "govscore").Allowed("/x"));
  EXPECT_TRUE(RobotsRules::Parse("", "govscore").Allowed("/x"));
  EXPECT_FALSE(RobotsRules::Parse("User-agent: *\r\nDisallow: /\r\n", "govscore").Allowed("/x"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/x"));
  EXPECT_TRUE(RobotsRules().Allowed("/x"));
}

TEST(RobotsTest, Wildcards) {
  const auto r = RobotsRules::Parse("User-agent: *\nDisallow: /*/print/*.html\n", "govscore");
  EXPECT_FALSE(r.Allowed("/news/print/a.html"));
  EXPECT_TRUE(r.Allowed("/news/a.html"));
}

}  // namespace
}  // namespace govscore

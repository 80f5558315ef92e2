#include "frontier/url.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

struct NormCase {
  const char* in;
  const char* out;
};

TEST(UrlTest, NormalisationTable) {
  const NormCase cases[] = {
      {"HTTP://WWW.Example.GOV.cn:80/a/b/../c/./d.html#frag",
       "http://www.example.gov.cn/a/c/d.html"},
      {"https://x.gov.cn:443", "https://x.gov.cn/"},
      {"http://x.gov.cn:8080/", "http://x.gov.cn:8080/"},
      {"https://x.gov.cn:80/", "https://x.gov.cn:80/"},
      {"http://x.gov.cn/%7euser/%2fa%41", "http://x.gov.cn/~user/%2FaA"},
      {"http://x.gov.cn/a b", "http://x.gov.cn/a%20b"},
      {"http://x.gov.cn/新闻/列表.html",
       "http://x.gov.cn/%E6%96%B0%E9%97%BB/%E5%88%97%E8%A1%A8.html"},
      {"http://x.gov.cn/a?b=%e4%b8%ad&c", "http://x.gov.cn/a?b=%E4%B8%AD&c"},
      {"http://x.gov.cn/100%", "http://x.gov.cn/100%25"},
      {"http://例子.政务/路", "http://例子.政务/%E8%B7%AF"},
      {"  http://x.gov.cn/\n\ta.html  ", "http://x.gov.cn/a.html"},
      {"http://X.GOV.CN./", "http://x.gov.cn/"},
      {"http://127.0.0.1:8080/a/../../b", "http://127.0.0.1:8080/b"},
  };
  for (const NormCase& c : cases) {
    std::string reason;
    const auto url = Url::Parse(c.in, &reason);
    ASSERT_TRUE(url.has_value()) << c.in << ": " << reason;
    EXPECT_EQ(url->spec(), c.out) << c.in;
  }
}

TEST(UrlTest, Parts) {
  const auto url = Url::Parse("http://Www.X.gov.cn:8080/p/q.html?a=1#z");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme(), "http");
  EXPECT_EQ(url->host(), "www.x.gov.cn");
  EXPECT_EQ(url->port(), 8080);
  EXPECT_EQ(url->authority(), "www.x.gov.cn:8080");
  EXPECT_EQ(url->path(), "/p/q.html");
  EXPECT_EQ(url->query(), "a=1");
  EXPECT_EQ(url->path_and_query(), "/p/q.html?a=1");
  EXPECT_EQ(url->hash(), Url::Parse("HTTP://www.x.gov.cn:8080/p/./q.html?a=1")->hash());
  EXPECT_NE(url->hash(), Url::Parse("http://www.x.gov.cn:8080/p/q.html?a=2")->hash());
}

TEST(UrlTest, RejectsWithReason) {
  const char* bad[] = {"ftp://x.gov.cn/", "mailto:a@b.cn", "http://", "http://[bad/",
                       "http://a b.cn/", "http://x.cn:99999/", "/relative/only", "",
                       // more digits than an int holds (the fuzzer's find: UB in the fast path)
                       "http://127.0.0.1:8080777777/other.html",
                       "http://x.cn:99999999999999999999/"};
  for (const char* b : bad) {
    std::string reason;
    EXPECT_FALSE(Url::Parse(b, &reason).has_value()) << b;
    EXPECT_FALSE(reason.empty()) << b;
  }
}

TEST(UrlTest, ResolveHref) {
  const Url page = *Url::Parse("http://www.x.gov.cn/zwgk/tzgg/index.html?p=1");
  struct Case {
    const char* base;
    const char* href;
    const char* out;
  } cases[] = {
      {"", "t20240501_1.html", "http://www.x.gov.cn/zwgk/tzgg/t20240501_1.html"},
      {"", "../../index.html", "http://www.x.gov.cn/index.html"},
      {"", "/a/b.html#top", "http://www.x.gov.cn/a/b.html"},
      {"", "?p=2", "http://www.x.gov.cn/zwgk/tzgg/index.html?p=2"},
      {"", "//cdn.x.gov.cn/a.js", "http://cdn.x.gov.cn/a.js"},
      {"", "https://other.cn", "https://other.cn/"},
      {"", "  ./list_2.html ", "http://www.x.gov.cn/zwgk/tzgg/list_2.html"},
      {"", "http:rel.html", "http://www.x.gov.cn/zwgk/tzgg/rel.html"},
      {"", "..\\up.html", "http://www.x.gov.cn/zwgk/up.html"},
      {"", "附件/文件.pdf",
       "http://www.x.gov.cn/zwgk/tzgg/%E9%99%84%E4%BB%B6/%E6%96%87%E4%BB%B6.pdf"},
      {"/base/dir/", "x.html", "http://www.x.gov.cn/base/dir/x.html"},
      {"http://static.x.gov.cn/s/", "img/a.png", "http://static.x.gov.cn/s/img/a.png"},
      {"../", "y.html", "http://www.x.gov.cn/zwgk/y.html"},
      {"javascript:void(0)", "z.html", "http://www.x.gov.cn/zwgk/tzgg/z.html"},
  };
  for (const Case& c : cases) {
    const ResolvedHref r = ResolveHref(page, c.base, c.href);
    ASSERT_EQ(r.kind, HrefKind::kUrl) << c.href << " " << r.reason;
    EXPECT_EQ(r.url->spec(), c.out) << c.base << " + " << c.href;
  }
}

TEST(UrlTest, ResolveNotALinkAndInvalid) {
  const Url page = *Url::Parse("http://www.x.gov.cn/a/");
  const char* not_links[] = {"mailto:ban@x.gov.cn",
                             "javascript:void(0);",
                             "tel:12345",
                             "JavaScript:;",
                             "#",
                             "#top",
                             "",
                             "   ",
                             "data:image/png;base64,xx",
                             "ftp://ftp.x.gov.cn/"};
  for (const char* h : not_links) {
    const ResolvedHref r = ResolveHref(page, "", h);
    EXPECT_EQ(r.kind, HrefKind::kNotALink) << h;
    EXPECT_FALSE(r.reason.empty());
  }
  EXPECT_EQ(ResolveHref(page, "", "mailto:x@y").reason, "mailto: link");
  const char* invalid[] = {"http://[bad", "http://a b.cn/", "http://x.cn:70000/", "https://"};
  for (const char* h : invalid) {
    const ResolvedHref r = ResolveHref(page, "", h);
    EXPECT_EQ(r.kind, HrefKind::kInvalidUrl) << h;
    EXPECT_FALSE(r.reason.empty()) << h;
  }
}

TEST(UrlTest, KeyFoldsDirectoryIndex) {
  EXPECT_EQ(Url::Parse("http://x.cn/zwdt/index.html")->key(),
            Url::Parse("http://x.cn/zwdt/")->key());
  EXPECT_EQ(Url::Parse("http://x.cn/index.htm")->key(), Url::Parse("http://x.cn")->key());
  EXPECT_NE(Url::Parse("http://x.cn/zwdt/index_1.html")->key(),
            Url::Parse("http://x.cn/zwdt/")->key());
  EXPECT_NE(Url::Parse("http://x.cn/a/index.html?p=2")->key(),
            Url::Parse("http://x.cn/a/?p=2")->key());
  EXPECT_NE(Url::Parse("http://x.cn/myindex.html")->key(), Url::Parse("http://x.cn/")->key());
  EXPECT_EQ(Url::Parse("http://x.cn/a.html")->key(), Url::Parse("http://x.cn/a.html")->hash());
}

TEST(UrlTest, HashNeverZero) {
  EXPECT_NE(HashBytes(""), 0u);
  EXPECT_NE(HashBytes("a"), HashBytes("b"));
}

}  // namespace
}  // namespace govscore

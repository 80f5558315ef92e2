#include "frontier/href_cache.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

// The cache must answer exactly like ResolveHref, whatever page and href.
TEST(HrefCacheTest, AgreesWithResolveHref) {
  const char* pages[] = {"http://x.cn/", "http://x.cn/zwgk/tzgg/index.html?p=1",
                         "http://x.cn/zwgk/tzgg/202405/t1.html", "https://y.cn:8443/a/b/"};
  const char* bases[] = {"", "/base/", "http://cdn.x.cn/s/", "../"};
  const char* hrefs[] = {"a.html",
                         "../b.html",
                         "/c/d.html",
                         "?page=2",
                         "",
                         "#top",
                         "//cdn.x.cn/x.js",
                         "http://z.cn/",
                         "mailto:a@b.cn",
                         "http://[bad",
                         " spaced.html ",
                         "附件.pdf",
                         "./index_1.html",
                         "javascript:void(0)",
                         "../../../../up.html"};
  for (size_t capacity : {size_t{5}, size_t{1000}}) {  // 5: exercises the clearing
    HrefCache cache(capacity);
    for (int round = 0; round < 2; ++round) {
      for (const char* p : pages) {
        for (const char* b : bases) {
          const Url page = *Url::Parse(p);
          cache.SetPage(page, b);
          for (const char* h : hrefs) {
            const ResolvedHref want = ResolveHref(page, b, h);
            const CachedHref& got = cache.Resolve(h);
            ASSERT_EQ(got.kind, want.kind) << p << " " << b << " " << h;
            if (want.url) {
              EXPECT_EQ(got.spec, want.url->spec()) << p << " " << b << " " << h;
              EXPECT_EQ(got.key, want.url->key());
              EXPECT_EQ(got.path, want.url->path());
            } else {
              EXPECT_EQ(got.reason, want.reason);
            }
          }
        }
      }
    }
    if (capacity > 100) {
      EXPECT_GT(cache.hits(), cache.misses());
    }
  }
}

TEST(HrefCacheTest, HitsAcrossPagesOfOneDirectory) {
  HrefCache cache;
  cache.SetPage(*Url::Parse("http://x.cn/zwdt/t1.html"), "");
  cache.Resolve("/index.html");
  cache.Resolve("t2.html");
  cache.SetPage(*Url::Parse("http://x.cn/zwdt/t3.html"), "");
  EXPECT_EQ(cache.Resolve("/index.html").spec, "http://x.cn/index.html");
  EXPECT_EQ(cache.Resolve("t2.html").spec, "http://x.cn/zwdt/t2.html");
  EXPECT_EQ(cache.hits(), 2u);
  cache.SetPage(*Url::Parse("http://x.cn/other/t3.html"), "");
  EXPECT_EQ(cache.Resolve("t2.html").spec, "http://x.cn/other/t2.html");
  EXPECT_EQ(cache.Resolve("/index.html").spec, "http://x.cn/index.html");
  EXPECT_EQ(cache.hits(), 3u);
}

}  // namespace
}  // namespace govscore

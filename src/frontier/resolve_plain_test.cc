// Property test: Url::ResolvePlain (the pure C++ fast path of ResolveHref) gives
// exactly what libcurl's URL API gives for the same reference, over many
// generated references and bases; and references it declines still resolve.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <random>

#include "frontier/url.h"

namespace govscore {
namespace {

// The general resolver, independently of ResolveHref: curl resolves the
// reference against the base, Url::Parse normalises the result.
std::optional<Url> CurlResolve(const Url& base, const std::string& href) {
  CURLU* u = curl_url();
  std::optional<Url> out;
  if (curl_url_set(u, CURLUPART_URL, base.spec().c_str(), 0) == CURLUE_OK &&
      curl_url_set(u, CURLUPART_URL, href.c_str(), 0) == CURLUE_OK) {
    char* s = nullptr;
    if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK && s != nullptr) {
      out = Url::Parse(s);
      curl_free(s);
    }
  }
  curl_url_cleanup(u);
  return out;
}

std::string RandomRef(std::mt19937& rng) {
  static const char* const kSegments[] = {
      ".",      "..",     "a",      "b.html", "index.html", "t20240101_1.html", "P0201.pdf",
      "",       "zwgk",   "x-y_z~", "c;d",    "e=f",        "g:h",              "@i",
      "j!k$l",  "(m)",    "n*o+p",  "q,r",    "'s'",        "2024",             ".hidden",
      "..x",    "x..",    "...",    "Dir",    "UPPER.HTM",  "a.b.c"};
  static const char* const kQueries[] = {"",        "?",          "?x=1",    "?a=b&c=d",
                                         "?p=../x", "?q=/./a/..", "?x=1?y", "?k=a:b@c"};
  std::uniform_int_distribution<int> segs(0, 5), pick_seg(0, std::size(kSegments) - 1),
      pick_q(0, std::size(kQueries) - 1), coin(0, 3);
  std::string ref;
  const int lead = coin(rng);
  if (lead == 0) ref = "/";
  if (lead == 1) ref = "./";
  if (lead == 2) ref = "../";
  const int n = segs(rng);
  for (int i = 0; i < n; ++i) {
    if (i > 0) ref += '/';
    ref += kSegments[pick_seg(rng)];
  }
  if (coin(rng) == 0) ref += '/';
  ref += kQueries[pick_q(rng)];
  return ref;
}

TEST(ResolvePlainTest, AgreesWithCurlOnGeneratedReferences) {
  const char* const kBases[] = {"http://127.0.0.1:8080/",
                                "http://www.example.gov.cn/zwgk/tzgg/index.html",
                                "https://x.gov.cn/a/b/c/t20240101_1.html?x=1",
                                "http://x.gov.cn/a/b/",
                                "http://x.gov.cn/a/b?q=/c/d",
                                "http://[::1]:9000/dir/page.html",
                                "https://x.gov.cn:8443/deep/er/than/that/"};
  std::mt19937 rng(20261123);
  size_t plain = 0, compared = 0;
  for (const char* b : kBases) {
    const Url base = *Url::Parse(b);
    for (int i = 0; i < 4000; ++i) {
      const std::string ref = RandomRef(rng);
      const std::optional<Url> fast = base.ResolvePlain(ref);
      if (!fast) continue;
      ++plain;
      const std::optional<Url> slow = CurlResolve(base, ref);
      ASSERT_TRUE(slow.has_value()) << b << " + " << ref;
      ++compared;
      EXPECT_EQ(fast->spec(), slow->spec()) << b << " + " << ref;
      EXPECT_EQ(fast->path(), slow->path()) << b << " + " << ref;
      EXPECT_EQ(fast->query(), slow->query()) << b << " + " << ref;
      EXPECT_EQ(fast->key(), slow->key()) << b << " + " << ref;
      EXPECT_EQ(fast->authority(), slow->authority()) << b << " + " << ref;
    }
  }
  // Most generated references are plain; the comparison is not vacuous.
  EXPECT_GT(compared, 10000u);
  EXPECT_EQ(plain, compared);
}

TEST(ResolvePlainTest, DeclinesWhatNeedsTheGeneralResolver) {
  const Url base = *Url::Parse("http://x.gov.cn/a/b.html");
  for (const char* ref : {"", "//y.cn/a", "http://y.cn/", "mailto:a@b.cn", "a b.html", "a%20b",
                          "a\\b.html", "a#frag", "#top", "新闻.html", "g:h/x", "a\"b"}) {
    EXPECT_FALSE(base.ResolvePlain(ref).has_value()) << ref;
  }
  // ResolveHref still resolves them (through libcurl).
  EXPECT_EQ(ResolveHref(base, {}, "a b.html").url->spec(), "http://x.gov.cn/a/a%20b.html");
  EXPECT_EQ(ResolveHref(base, {}, "a\\b.html").url->spec(), "http://x.gov.cn/a/a/b.html");
  EXPECT_EQ(ResolveHref(base, {}, "//y.cn/a").url->spec(), "http://y.cn/a");
  // And the fast path is what ResolveHref uses for plain references.
  EXPECT_EQ(ResolveHref(base, {}, "../c/./d.html?x=1").url->spec(), "http://x.gov.cn/c/d.html?x=1");
  EXPECT_EQ(ResolveHref(base, "/z/", "e.html").url->spec(), "http://x.gov.cn/z/e.html");
}

}  // namespace
}  // namespace govscore

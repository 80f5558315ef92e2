// Inputs found by fuzz/url_fuzzer (docs/security.md): each once broke a
// property of Url::Parse; kept here so they stay fixed.
#include <gtest/gtest.h>

#include "frontier/url.h"

namespace govscore {
namespace {

// The normal form is a fixed point: parsing a spec gives it back.
TEST(UrlFuzzRegressionsTest, NumericHostFormsAreNormalisedOnce) {
  struct Case {
    const char* input;
    const char* spec;
  };
  for (const Case& c :
       {Case{"http://127.0./a b/\xe4\xb8\xad.pdf", "http://127.0.0.0/a%20b/%E4%B8%AD.pdf"},
        Case{"https:///%311110", "https://0.0.43.102/"}, Case{"http://1./", "http://0.0.0.1/"},
        Case{"http://1.2.3./x", "http://1.2.0.3/x"},
        Case{"http://127.0.0.1./", "http://127.0.0.1/"}, Case{"http://cafe./", "http://cafe/"},
        Case{"http://www.gov.cn./", "http://www.gov.cn/"}}) {
    SCOPED_TRACE(c.input);
    const std::optional<Url> u = Url::Parse(c.input);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->spec(), c.spec);
    const std::optional<Url> again = Url::Parse(u->spec());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->spec(), u->spec());
    EXPECT_EQ(again->hash(), u->hash());
  }
}

// Percent-encoded dots decode into dot segments after libcurl removed them:
// they are removed too ("/%2e/a" is "/a", as in browsers).
TEST(UrlFuzzRegressionsTest, EncodedDotSegmentsAreRemoved) {
  struct Case {
    const char* input;
    const char* spec;
  };
  for (const Case& c : {Case{"https://WWW.Exkmpc/%2e/a/b", "https://www.exkmpc/a/b"},
                        Case{"http://x.cn/a/%2e%2e/b", "http://x.cn/b"},
                        Case{"http://x.cn/a/b/%2E%2e", "http://x.cn/a/"},
                        Case{"http://x.cn/a/.%2e/.%2E/c?x=1", "http://x.cn/c?x=1"}}) {
    const std::optional<Url> u = Url::Parse(c.input);
    ASSERT_TRUE(u.has_value()) << c.input;
    EXPECT_EQ(u->spec(), c.spec);
    EXPECT_EQ(Url::Parse(u->spec())->spec(), u->spec());
  }
}

// Hosts with control bytes or DEL are malformed (they used to pass once and
// then fail to parse from their own spec).
TEST(UrlFuzzRegressionsTest, ControlBytesInHostsAreMalformed) {
  for (const char* input : {"http:/\x01"
                            "4-8s.gol%o:a@b-fiqs8s.g\x7fv./",
                            "http://a\x7f"
                            "b.cn/",
                            "https://3%2520", "http://a%25b.cn/"}) {
    std::string reason;
    EXPECT_FALSE(Url::Parse(input, &reason).has_value()) << input;
  }
}

}  // namespace
}  // namespace govscore

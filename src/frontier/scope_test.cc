#include "frontier/scope.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace govscore {
namespace {

Url U(const char* s) { return *Url::Parse(s); }

TEST(ScopeTest, SameHostOnlyByDefault) {
  Scope scope(U("http://www.x.gov.cn/"), {});
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/a.html")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("https://WWW.X.GOV.CN/a.html")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://zwgk.x.gov.cn/a.html")), ScopeVerdict::kExternal);
  EXPECT_EQ(scope.Classify(U("http://www.gov.cn/")), ScopeVerdict::kExternal);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn:8080/")), ScopeVerdict::kExternal);
}

TEST(ScopeTest, SubdomainsWhenAsked) {
  ScopeOptions o;
  o.subdomains = true;
  Scope scope(U("http://www.x.gov.cn/"), o);
  EXPECT_EQ(scope.Classify(U("http://zwgk.x.gov.cn/a.html")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://x.gov.cn/")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://a.b.x.gov.cn/")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://evilx.gov.cn/")), ScopeVerdict::kExternal);
  EXPECT_EQ(scope.Classify(U("http://y.gov.cn/")), ScopeVerdict::kExternal);
}

TEST(ScopeTest, PortMatters) {
  Scope scope(U("http://127.0.0.1:8080/"), {});
  EXPECT_EQ(scope.Classify(U("http://127.0.0.1:8080/x")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://127.0.0.1:8081/x")), ScopeVerdict::kExternal);
}

TEST(ScopeTest, IncludeAndExclude) {
  ScopeOptions o;
  o.include = {"/zwgk/", "/index\\.html$"};
  o.exclude = {"logout", "\\.php\\?sid="};
  Scope scope(U("http://www.x.gov.cn/index.html"), o);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/zwgk/a.html")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/index.html")), ScopeVerdict::kSite);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/xwdt/a.html")), ScopeVerdict::kCheckOnly);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/zwgk/logout")), ScopeVerdict::kExcluded);
  EXPECT_EQ(scope.Classify(U("http://www.gov.cn/logout")), ScopeVerdict::kExcluded);
  EXPECT_EQ(scope.Classify(U("http://www.x.gov.cn/a.php?sid=1")), ScopeVerdict::kExcluded);
  EXPECT_EQ(scope.Classify(U("http://other.cn/zwgk/")), ScopeVerdict::kExternal);
}

TEST(ScopeTest, InvalidPatternIsAClearError) {
  ScopeOptions o;
  o.exclude = {"(unclosed"};
  try {
    Scope scope(U("http://www.x.gov.cn/"), o);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--exclude (unclosed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace govscore

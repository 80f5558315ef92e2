#include "checks/link_result.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

FetchResult Answer(int status, int hops = 0) {
  FetchResult r;
  r.url = "http://x.cn/a";
  r.final_url = r.url;
  r.status = status;
  for (int i = 0; i < hops; ++i) r.redirects.push_back({"http://x.cn/r" + std::to_string(i), 302});
  return r;
}

FetchResult Failure(FetchError e) {
  FetchResult r = Answer(0);
  r.error = e;
  return r;
}

TEST(LinkResultTest, ByStatus) {
  EXPECT_EQ(ClassifyFetch(Answer(200), false, false), LinkResult::kOk);
  EXPECT_EQ(ClassifyFetch(Answer(204), false, false), LinkResult::kOk);
  EXPECT_EQ(ClassifyFetch(Answer(200, 2), false, false), LinkResult::kRedirectOk);
  EXPECT_EQ(ClassifyFetch(Answer(404), false, false), LinkResult::kHttp4xx);
  EXPECT_EQ(ClassifyFetch(Answer(403, 1), false, false), LinkResult::kHttp4xx);
  EXPECT_EQ(ClassifyFetch(Answer(429), false, false), LinkResult::kHttp4xx);
  EXPECT_EQ(ClassifyFetch(Answer(500), false, false), LinkResult::kHttp5xx);
  EXPECT_EQ(ClassifyFetch(Answer(503), false, false), LinkResult::kHttp5xx);
  EXPECT_EQ(ClassifyFetch(Answer(304), false, false), LinkResult::kOtherStatus);
  EXPECT_EQ(ClassifyFetch(Answer(0), false, false), LinkResult::kNetworkError);
}

TEST(LinkResultTest, Soft404OnlyFor2xx) {
  EXPECT_EQ(ClassifyFetch(Answer(200), true, false), LinkResult::kSoft404);
  EXPECT_EQ(ClassifyFetch(Answer(200, 1), true, false), LinkResult::kSoft404);
  EXPECT_EQ(ClassifyFetch(Answer(404), true, false), LinkResult::kHttp4xx);
}

TEST(LinkResultTest, ByError) {
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kTimeout), false, false), LinkResult::kTimeout);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kDns), false, true), LinkResult::kDns);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kRefused), false, true), LinkResult::kRefused);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kTls), false, true), LinkResult::kTls);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kRedirectLoop), false, false),
            LinkResult::kRedirectLoop);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kTooManyRedirects), false, false),
            LinkResult::kTooManyRedirects);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kInvalidUrl), false, false), LinkResult::kInvalidUrl);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kBlocked), false, true), LinkResult::kBlocked);
  EXPECT_EQ(ClassifyFetch(Failure(FetchError::kConnection), false, false),
            LinkResult::kNetworkError);
  FetchResult big = Answer(200);
  big.error = FetchError::kTooLarge;
  EXPECT_EQ(ClassifyFetch(big, false, false), LinkResult::kOk);
}

TEST(LinkResultTest, TlsIssuesBreakExternalLinksOnly) {
  FetchResult r = Answer(200);
  r.tls_issues.push_back({"expired", "certificate has expired"});
  EXPECT_EQ(ClassifyFetch(r, false, true), LinkResult::kTls);
  EXPECT_EQ(ClassifyFetch(r, false, false), LinkResult::kOk);
}

TEST(LinkResultTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(LinkResult::kBlocked); ++i) {
    const auto r = static_cast<LinkResult>(i);
    EXPECT_EQ(LinkResultFromName(LinkResultName(r)), r);
    EXPECT_NE(LinkResultLabel(r), "未知");
  }
  EXPECT_EQ(LinkResultName(LinkResult::kSoft404), "soft_404");
  EXPECT_FALSE(LinkResultFromName("nonsense"));
  EXPECT_FALSE(IsBroken(LinkResult::kRedirectOk));
  EXPECT_TRUE(IsBroken(LinkResult::kSoft404));
  EXPECT_FALSE(IsBroken(LinkResult::kBlocked));
}

}  // namespace
}  // namespace govscore

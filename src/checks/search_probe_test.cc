#include "checks/search_probe.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

const std::vector<std::pair<std::string, std::string>> kArticles = {
    {"http://a.gov.cn/x.html", "新闻_示例市"},  // too short to search
    {"http://a.gov.cn/zcwj/202401/t20240101_5.html",
     "关于印发示例市营商环境实施方案的通知_示例市人民政府"}};

TEST(SearchProbe, Titles) {
  EXPECT_EQ(SearchableTitle("关于做好防汛工作的通知_示例市人民政府"), "关于做好防汛工作的通知");
  EXPECT_EQ(SearchableTitle("  防汛工作通知 | 示例市"), "防汛工作通知");
  EXPECT_EQ(SearchableTitle("首页_x"), "");
}

TEST(SearchProbe, FoundByLinkOrAnchorText) {
  std::string asked;
  auto fetch = [&](const std::string& url) {
    asked = url;
    return std::make_pair(200, std::string("<p>您搜索的是：关于印发示例市营商环境实施方案的通知</p>"
                                           "<a href=\"/zcwj/202401/t20240101_5.html\">…</a>"));
  };
  auto p = ProbeSearch("http://a.gov.cn/", "/search/", "get", "q", kArticles, fetch);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->query, "关于印发示例市营商环境实施方案的通知");
  EXPECT_EQ(p->article, kArticles[1].first);
  EXPECT_EQ(asked.rfind("http://a.gov.cn/search/?q=%E5%85%B3", 0), 0u) << asked;
  EXPECT_TRUE(p->found);
  // An action with a query already gets '&'.
  p = ProbeSearch("http://a.gov.cn/", "/s.jsp?site=1", "get", "kw", kArticles, fetch);
  EXPECT_EQ(asked.rfind("http://a.gov.cn/s.jsp?site=1&kw=", 0), 0u) << asked;
  auto anchor = [](const std::string&) {
    return std::make_pair(
        200, std::string("<a href=\"/r?id=9\">关于印发示例市营商环境实施方案的通知</a>"));
  };
  EXPECT_TRUE(ProbeSearch("http://a.gov.cn/", "", "get", "q", kArticles, anchor)->found);
}

TEST(SearchProbe, EchoOnlyErrorsAndUnprobedForms) {
  auto echo = [](const std::string&) {
    return std::make_pair(200,
                          std::string("未找到与“关于印发示例市营商环境实施方案的通知”相关的结果"));
  };
  auto p = ProbeSearch("http://a.gov.cn/", "/search/", "get", "q", kArticles, echo);
  EXPECT_FALSE(p->found);
  EXPECT_FALSE(p->detail.empty());
  auto down = [](const std::string&) { return std::make_pair(0, std::string()); };
  p = ProbeSearch("http://a.gov.cn/", "/search/", "get", "q", kArticles, down);
  EXPECT_FALSE(p->found);
  EXPECT_EQ(p->status, 0);
  int calls = 0;
  auto counted = [&](const std::string&) {
    ++calls;
    return std::make_pair(200, std::string());
  };
  p = ProbeSearch("http://a.gov.cn/", "/search/", "script", "", kArticles, counted);
  EXPECT_TRUE(p->url.empty());
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(ProbeSearch("http://a.gov.cn/", "/search/", "get", "q", {}, counted));
}

TEST(SearchProbe, PrefersPublishedArticles) {
  std::string asked;
  auto fetch = [&](const std::string& url) {
    asked = url;
    return std::make_pair(200, std::string());
  };
  auto p = ProbeSearch(
      "http://a.gov.cn/", "/search/", "get", "q",
      {{"http://a.gov.cn/about/privacy.html", "隐私政策声明_示例市"},
       {"http://a.gov.cn/zwdt/202405/t20240501_7.html", "示例市召开防汛工作会议_示例市"}},
      fetch);
  EXPECT_EQ(p->article, "http://a.gov.cn/zwdt/202405/t20240501_7.html");
  p = ProbeSearch("http://a.gov.cn/", "/search/", "get", "q",
                  {{"http://a.gov.cn/about/privacy.html", "隐私政策声明_示例市"}}, fetch);
  EXPECT_EQ(p->article, "http://a.gov.cn/about/privacy.html");  // nothing better
}

}  // namespace
}  // namespace govscore

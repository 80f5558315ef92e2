#include "checks/site_facts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace govscore {
namespace {

const char kPolicyText[] =
    "各县市区人民政府，市政府各部门：现将示例市优化营商环境实施方案印发给你们，请结合实际认真贯彻执"
    "行。"
    "一、总体要求。坚持以市场主体需求为导向，深化放管服改革。二、重点任务。压减审批时限，推行一网通"
    "办。";
const char kOwnText[] =
    "为便于社会公众准确理解实施方案，现解读如下。出台背景：落实上级决策部署。创新亮点：建立跨部门协"
    "同机制，"
    "实行清单化管理和闭环式督办，适用于本市行政区域内的企业和个人。";

PolicyArticle Policy(const std::string& url, const std::string& title, const std::string& number,
                     std::vector<std::string> related = {}) {
  PolicyArticle a;
  a.url = url;
  a.title = title;
  a.doc_number = number;
  a.policy = true;
  a.related = std::move(related);
  a.sketch = SketchText(kPolicyText);
  return a;
}

PolicyArticle Interp(const std::string& url, const std::string& title,
                     std::vector<std::string> related = {}, bool copy = false) {
  PolicyArticle a;
  a.url = url;
  a.title = title;
  a.interpretation = true;
  a.forms = {"文字"};
  a.related = std::move(related);
  for (size_t p = 0; (p = title.find("《", p)) != std::string::npos;) {
    size_t e = title.find("》", p);
    a.quoted_titles.push_back(title.substr(p + 3, e - p - 3));
    p = e;
  }
  a.sketch = SketchText(copy ? std::string(kPolicyText) + "解读" : kOwnText);
  return a;
}

TEST(MatchInterpretations, LinksNumbersTitlesAndCopies) {
  std::vector<PolicyArticle> v = {
      Policy("http://a/p1", "示例市优化营商环境实施方案", "示政规〔2024〕1号", {"http://a/i1"}),
      Policy("http://a/p2", "示例市养老服务条例", "示政规〔2024〕2号"),
      Policy("http://a/p3", "示例市公共交通管理办法", "示政规〔2024〕3号", {"http://a/i3"}),
      Policy("http://a/p4", "示例市无人问津办法", "示政规〔2024〕4号"),
      Interp("http://a/i1", "《示例市优化营商环境实施方案》解读", {"http://a/p1"}),
      Interp("http://a/i2", "《示例市养老服务条例》解读"),
      Interp("http://a/i3", "公共交通管理办法问答"),
      Interp("http://a/i4", "关于某事的解读"),
      Interp("http://a/i5", "《示例市优化营商环境实施方案》图文解读", {"http://a/p1"}, true),
  };
  v[7].doc_number = "";  // nothing to match
  PolicyFacts f = MatchInterpretations(v);
  EXPECT_EQ(f.policies, 4u);
  EXPECT_EQ(f.interpretations, 5u);
  ASSERT_EQ(f.pairs.size(), 4u);
  EXPECT_EQ(f.pairs[0].policy, "http://a/p1");
  EXPECT_EQ(f.pairs[0].matched_by, "link");
  EXPECT_TRUE(f.pairs[0].links_to_policy);
  EXPECT_TRUE(f.pairs[0].policy_links_back);
  EXPECT_FALSE(f.pairs[0].copied);
  EXPECT_EQ(f.pairs[1].policy, "http://a/p2");
  EXPECT_EQ(f.pairs[1].matched_by, "title");
  EXPECT_FALSE(f.pairs[1].links_to_policy);
  EXPECT_EQ(f.pairs[2].policy, "http://a/p3");
  EXPECT_EQ(f.pairs[2].matched_by, "back_link");
  EXPECT_TRUE(f.pairs[2].policy_links_back);
  EXPECT_FALSE(f.pairs[2].links_to_policy);
  EXPECT_EQ(f.pairs[3].interpretation, "http://a/i5");
  EXPECT_TRUE(f.pairs[3].copied);
  EXPECT_FALSE(f.pairs[3].policy_links_back);  // p1 links to i1 only
  EXPECT_EQ(f.unmatched_interpretations, std::vector<std::string>{"http://a/i4"});
  EXPECT_EQ(f.policies_with, 3u);
  EXPECT_EQ(f.policies_without, std::vector<std::string>{"http://a/p4"});
  EXPECT_EQ(f.forms["文字"], 5u);
}

TEST(MatchInterpretations, DocNumberInTheInterpretation) {
  std::vector<PolicyArticle> v = {Policy("http://a/p", "某办法", "鄂政发〔2023〕7号"),
                                  Interp("http://a/i", "政策问答")};
  v[1].doc_number = "鄂政发(2023)7号";  // other brackets, same number
  PolicyFacts f = MatchInterpretations(v);
  ASSERT_EQ(f.pairs.size(), 1u);
  EXPECT_EQ(f.pairs[0].matched_by, "doc_number");
}

TEST(SiteFactsCollector, SitemapFunctionsHosts) {
  SiteFactsCollector c("www.a.gov.cn");
  PageSignals home;
  home.functions = {{"consult", "http://www.a.gov.cn/old/zxzx.html", "在线咨询"},
                    {"survey", "http://www.a.gov.cn/zjdc/", "征集调查"},
                    {"smart_qa", "http://www.a.gov.cn/znwd.html", "智能问答"},
                    {"open_data", "http://data.a.gov.cn/", "数据开放"}};
  home.external_hosts = {{"www.gov.cn", "http://www.gov.cn/"}, {"www.a.gov.cn", "http://x"}};
  c.AddPage("http://www.a.gov.cn/", home);
  PageSignals map;
  map.sitemap = true;
  map.sitemap_links = {{"http://www.a.gov.cn/zwdt/", "政务动态"},
                       {"http://www.a.gov.cn/gone.html", "旧栏目"},
                       {"http://www.a.gov.cn/private/", "内部"},
                       {"http://www.a.gov.cn/zwdt/", "政务动态"}};
  map.external_hosts = {{"www.gov.cn", "http://www.gov.cn/"}};
  c.AddPage("http://www.a.gov.cn/sitemap.html", map);
  std::vector<ColumnStats> columns(3);
  columns[0].name = "政务动态";
  columns[0].url = "http://www.a.gov.cn/zwdt/";
  columns[1].name = "征集调查";
  columns[1].url = "http://www.a.gov.cn/zjdc/";
  columns[1].empty = true;
  columns[2].name = "政务动态";
  columns[2].url = "http://www.a.gov.cn/xwzx/zwdt/";
  SiteFacts f = c.Finish(
      columns,
      {"http://www.a.gov.cn/", "http://www.a.gov.cn/znwd.html", "http://www.a.gov.cn/sitemap.html"},
      {"http://www.a.gov.cn/old/zxzx.html", "http://www.a.gov.cn/gone.html"});
  EXPECT_EQ(f.functions["consult"].status, "broken");
  EXPECT_EQ(f.functions["survey"].status, "empty");
  EXPECT_EQ(f.functions["smart_qa"].status, "ok");
  EXPECT_EQ(f.functions["open_data"].status, "unchecked");
  EXPECT_EQ(f.sitemap.url, "http://www.a.gov.cn/sitemap.html");
  EXPECT_EQ(f.sitemap.entries, 3u);
  EXPECT_EQ(f.sitemap.dead_entries, std::vector<std::string>{"http://www.a.gov.cn/gone.html"});
  EXPECT_EQ(f.sitemap.extra_entries, std::vector<std::string>{"http://www.a.gov.cn/private/"});
  EXPECT_EQ(
      f.sitemap.missing_columns,
      (std::vector<std::string>{"http://www.a.gov.cn/zjdc/", "http://www.a.gov.cn/xwzx/zwdt/"}));
  ASSERT_EQ(f.sitemap.duplicate_columns.size(), 1u);
  EXPECT_EQ(f.sitemap.duplicate_columns[0].first, "政务动态");
  ASSERT_EQ(f.external_hosts.size(), 1u);
  EXPECT_EQ(f.external_hosts[0].host, "www.gov.cn");
  EXPECT_EQ(f.external_hosts[0].links, 2u);
  EXPECT_EQ(f.external_hosts[0].page, "http://www.a.gov.cn/");
}

TEST(SiteFactsCollector, DataReleaseFiles) {
  SiteFactsCollector c("www.a.gov.cn");
  PageSignals page;
  page.data_page = true;
  page.data_files = {"http://www.a.gov.cn/sjfb/1.xlsx", "http://www.a.gov.cn/sjfb/2.csv"};
  page.update_frequency = "每季度";
  c.AddPage("http://www.a.gov.cn/sjfb/t1.html", page);
  page.update_frequency.clear();
  c.AddPage("http://www.a.gov.cn/sjfb/t2.html", page);  // same files again
  SiteFacts f = c.Finish({}, {}, {"http://www.a.gov.cn/sjfb/2.csv"});
  EXPECT_EQ(f.data_pages, 2u);
  ASSERT_EQ(f.data_files.size(), 2u);
  EXPECT_EQ(f.data_files[0].status, "ok");
  EXPECT_EQ(f.data_files[1].status, "broken");
  EXPECT_EQ(f.data_files[1].page, "http://www.a.gov.cn/sjfb/t1.html");
  ASSERT_EQ(f.data_frequencies.size(), 1u);
  EXPECT_EQ(f.data_frequencies[0].second, "每季度");
}

TEST(SiteFactsCollector, NoSitemapNoArticles) {
  SiteFactsCollector c("www.a.gov.cn");
  SiteFacts f = c.Finish({}, {}, {});
  EXPECT_TRUE(f.sitemap.url.empty());
  EXPECT_EQ(f.sources.articles, 0u);
  EXPECT_EQ(f.policy.policies, 0u);
}

}  // namespace
}  // namespace govscore

namespace govscore {

// A function named on several pages keeps the shallowest page, then the least
// URL, whatever order the pages were parsed in (resumed scans parse in
// another order than uninterrupted ones).
TEST(SiteFactsCollector, FunctionPageDoesNotDependOnParseOrder) {
  auto signals = [](const std::string& href) {
    PageSignals s;
    s.functions = {{"consult", href, "在线咨询"}};
    return s;
  };
  const std::vector<std::tuple<std::string, int, std::string>> pages = {
      {"http://www.a.gov.cn/b/1.html", 2, "http://www.a.gov.cn/zxzx/b"},
      {"http://www.a.gov.cn/a/2.html", 2, "http://www.a.gov.cn/zxzx/a"},
      {"http://www.a.gov.cn/c/", 1, "http://www.a.gov.cn/zxzx/c"},
      {"http://www.a.gov.cn/a/1.html", 2, "http://www.a.gov.cn/zxzx/d"}};
  for (bool reverse : {false, true}) {
    SiteFactsCollector c("www.a.gov.cn");
    auto order = pages;
    if (reverse) std::reverse(order.begin(), order.end());
    for (const auto& [page, depth, href] : order) c.AddPage(page, signals(href), depth);
    const SiteFacts f = c.Finish({}, {}, {});
    ASSERT_EQ(f.functions.count("consult"), 1u);
    EXPECT_EQ(f.functions.at("consult").page, "http://www.a.gov.cn/c/") << reverse;
    EXPECT_EQ(f.functions.at("consult").url, "http://www.a.gov.cn/zxzx/c") << reverse;
  }
}

}  // namespace govscore

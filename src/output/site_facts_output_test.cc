// `site_facts` in the scan JSON and the HTML report's section 六.
#include <gtest/gtest.h>

#include "output/scan_html.h"
#include "output/scan_json.h"

namespace govscore {
namespace {

ScanReport Report() {
  ScanReport r;
  r.site = "http://www.a.gov.cn/";
  r.as_of = Date::FromYmd(2024, 6, 30);
  SiteFacts& f = r.site_facts;
  f.policy.policies = 2;
  f.policy.interpretations = 1;
  f.policy.policies_with = 1;
  InterpretationPair pair;
  pair.interpretation = "http://www.a.gov.cn/i1";
  pair.policy = "http://www.a.gov.cn/p1";
  pair.matched_by = "link";
  pair.links_to_policy = true;
  pair.similarity = 0.91234;
  pair.copied = true;
  f.policy.pairs.push_back(pair);
  f.policy.policies_without = {"http://www.a.gov.cn/p2"};
  f.policy.forms = {{"文字", 1}};
  f.sources.articles = 3;
  f.sources.with_source = 2;
  f.sources.without_source = {"http://www.a.gov.cn/a<3>"};
  f.functions["consult"] = {"http://www.a.gov.cn/zx", "在线咨询", "http://www.a.gov.cn/", "broken"};
  f.reports.push_back({"xxgk_annual", 2023, "2023年政府信息公开工作年度报告",
                       "http://www.a.gov.cn/nb", "http://www.a.gov.cn/",
                       Date::FromYmd(2024, 4, 1)});
  f.sitemap.url = "http://www.a.gov.cn/map.html";
  f.sitemap.entries = 5;
  f.sitemap.missing_columns = {"http://www.a.gov.cn/sjfb/"};
  f.external_hosts.push_back({"www.gov.cn", "http://www.gov.cn/", "http://www.a.gov.cn/", 2});
  f.search_probe =
      SearchProbe{"标题", "http://www.a.gov.cn/a1",    "http://www.a.gov.cn/s?q=x", 200,
                  false,  "检索结果第一页未出现该标题"};
  f.ipv6.checked = true;
  f.ipv6.site_aaaa = true;
  f.ipv6.links = 10;
  f.ipv6.links_reachable = 8;
  f.ipv6.homepage = {"http://www.a.gov.cn/", 0, "::1", true, 200, ""};
  f.ipv6.targets.push_back({"http://www.a.gov.cn/zwdt/", 1, "", false, 0, "无AAAA记录"});
  f.policy.non_text = {"http://www.a.gov.cn/i1"};
  f.policy.form_examples["文字"] = {"http://www.a.gov.cn/i1"};
  f.data_pages = 1;
  f.data_files.push_back(
      {"http://www.a.gov.cn/sjfb/a.xlsx", "", "http://www.a.gov.cn/sjfb/", "ok"});
  f.data_frequencies.emplace_back("http://www.a.gov.cn/sjfb/", "每月");
  f.query_services.push_back({"http://www.a.gov.cn/q", "社保查询", "http://www.a.gov.cn/", "ok"});
  f.sitemap.duplicate_columns.emplace_back(
      "通知公告", std::vector<std::string>{"http://www.a.gov.cn/a/", "http://www.a.gov.cn/b/"});
  f.surveys.push_back({"http://www.a.gov.cn/zj/1.html", "关于停车收费的意见征集",
                       "http://www.a.gov.cn/zj/", Date::FromYmd(2024, 3, 1), false,
                       "http://www.a.gov.cn/zj/2.html"});
  f.surveys.push_back({"http://www.a.gov.cn/zj/2.html", "停车收费意见征集结果反馈",
                       "http://www.a.gov.cn/zj/", Date::FromYmd(2024, 4, 1), true, ""});
  f.topics.push_back({"优化营商环境", "http://www.a.gov.cn/zt/", {"政策依据", "服务"}});
  return r;
}

// A stored scan is read back with its site facts (the platform renders its
// report from the stored document).
TEST(SiteFactsOutput, ReadBackIsTheInverse) {
  nlohmann::json j = ScanToJson(Report());
  EXPECT_EQ(j["site_facts"]["surveys"][0]["result_url"], "http://www.a.gov.cn/zj/2.html");
  EXPECT_EQ(j["site_facts"]["topics"][0]["classes"][1], "服务");
  ScanReport back = ScanFromJson(j);
  EXPECT_EQ(back.site_facts.surveys.size(), 2u);
  EXPECT_EQ(back.site_facts.topics.at(0).name, "优化营商环境");
  EXPECT_EQ(ScanToJson(back).dump(), j.dump());
  // Older documents without the newer keys still load.
  j["site_facts"].erase("surveys");
  j["site_facts"].erase("topics");
  EXPECT_TRUE(ScanFromJson(j).site_facts.surveys.empty());
}

TEST(SiteFactsOutput, Json) {
  nlohmann::json j = ScanToJson(Report());
  const nlohmann::json& f = j.at("site_facts");
  EXPECT_EQ(f["policy_interpretation"]["pairs"][0]["similarity"], 0.9123);
  EXPECT_TRUE(f["policy_interpretation"]["pairs"][0]["copied"].get<bool>());
  EXPECT_EQ(f["sources"]["without_source"].size(), 1u);
  EXPECT_EQ(f["functions"]["consult"]["status"], "broken");
  EXPECT_EQ(f["reports"][0]["date"], "2024-04-01");
  EXPECT_EQ(f["sitemap"]["missing_columns"][0], "http://www.a.gov.cn/sjfb/");
  EXPECT_EQ(f["external_hosts"][0]["host"], "www.gov.cn");
  EXPECT_FALSE(f["search_probe"]["found"].get<bool>());
  EXPECT_EQ(f["ipv6"]["links_reachable"], 8);
  // Without facts the keys are still there, empty.
  nlohmann::json empty = ScanToJson(ScanReport{});
  EXPECT_TRUE(empty["site_facts"]["search_probe"].is_null());
  EXPECT_TRUE(empty["site_facts"]["ipv6"].is_null());
  EXPECT_TRUE(empty["site_facts"]["sitemap"]["url"].is_null());
}

TEST(SiteFactsOutput, HtmlSection) {
  std::string h = RenderScanHtml(Report());
  EXPECT_NE(h.find("六、政务公开与网站功能"), std::string::npos);
  EXPECT_NE(h.find("解读未照搬原文"), std::string::npos);
  EXPECT_NE(h.find("2023年度政府信息公开工作年度报告"), std::string::npos);
  EXPECT_NE(h.find("链接失效"), std::string::npos);
  EXPECT_NE(h.find("8 / 10"), std::string::npos);
  EXPECT_EQ(h.find("a<3>"), std::string::npos);  // escaped
  EXPECT_NE(h.find("a&lt;3&gt;"), std::string::npos);
}

}  // namespace
}  // namespace govscore

#include "extract/signals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <string_view>

#include "extract/text.h"

namespace govscore {
namespace {

PageFacts Extract(const std::string& html, const std::string& url = "http://www.a.gov.cn/x/") {
  ExtractOptions o;
  o.as_of = Date::FromYmd(2024, 6, 30);
  o.keep_text = true;
  return ExtractPage(html, url, o);
}

// FindDocNumber as it scanned forward from each opener (before it looked back
// from each 号): the reference for the differential test below.
std::string ForwardFindDocNumber(std::string_view t, size_t window = 4000) {
  auto is_han = [](char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
  };
  t = t.substr(0, std::min(window, t.size()));
  static const std::string_view kOpen[] = {"〔", "[", "（", "(", "【"};
  static const std::string_view kClose[] = {"〕", "]", "）", ")", "】"};
  for (size_t pos = 0; pos < t.size(); ++pos) {
    for (size_t b = 0; b < std::size(kOpen); ++b) {
      if (t.compare(pos, kOpen[b].size(), kOpen[b]) != 0) continue;
      size_t y = pos + kOpen[b].size();
      if (y + 4 > t.size()) continue;
      bool digits = true;
      for (size_t k = 0; k < 4; ++k) digits &= std::isdigit(static_cast<unsigned char>(t[y + k]));
      if (!digits) continue;
      size_t c = y + 4;
      if (t.compare(c, kClose[b].size(), kClose[b]) != 0) continue;
      size_t n = c + kClose[b].size();
      size_t d = n;
      while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
      if (d == n || d - n > 5 || t.compare(d, 3, "号") != 0) continue;
      size_t start = pos;
      int han = 0;
      while (start > 0 && han < 10) {
        size_t prev = text::BackCodePoints(t, start, 1);
        size_t p = prev;
        if (!is_han(text::DecodeUtf8(t, &p))) break;
        start = prev;
        ++han;
      }
      if (han == 0) continue;
      std::string_view issuer = t.substr(start, pos - start);
      for (std::string_view stop : {"根据", "按照", "依据", "依照", "印发", "转发", "关于", "的",
                                    "和", "及", "与", "见", "即", "是", "为", "对"}) {
        size_t at = issuer.rfind(stop);
        if (at != std::string_view::npos && at + stop.size() < issuer.size())
          issuer.remove_prefix(at + stop.size());
      }
      return std::string(issuer) + std::string(t.substr(pos, d + 3 - pos));
    }
  }
  return {};
}

TEST(Signals, DocNumberAgreesWithTheForwardScan) {
  std::mt19937 rng(3);
  auto pick = [&](std::initializer_list<std::string_view> options) {
    return std::string(*(options.begin() + rng() % options.size()));
  };
  auto number = [&](int digits) {
    std::string s;
    for (int i = 0; i < digits; ++i) s += static_cast<char>('0' + rng() % 10);
    return s;
  };
  int found = 0;
  for (int round = 0; round < 40000; ++round) {
    // One to three near-文号: an issuer, an opener, 3-5 digits, a closer (not
    // always the matching one), 0-7 digits, 号 or not, and filler between.
    std::string t;
    const int segments = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < segments; ++i) {
      t += pick({"", "国发", "示政办", "根据鄂政", "的", "a", "，", "。", "2", "\xe5"});
      const size_t b = rng() % 5;
      static const std::string_view kOpen[] = {"〔", "[", "（", "(", "【"};
      static const std::string_view kClose[] = {"〕", "]", "）", ")", "】"};
      t += std::string(kOpen[rng() % 7 == 0 ? rng() % 5 : b]);
      t += number(rng() % 5 == 0 ? 3 + static_cast<int>(rng() % 3) : 4);
      t += std::string(kClose[rng() % 7 == 0 ? rng() % 5 : b]);
      t += number(static_cast<int>(rng() % 8));
      t += pick({"号", "号", "号", "", "条", "号文"});
    }
    const size_t window = rng() % 4 == 0 ? rng() % (t.size() + 1) : 4000;
    const std::string want = ForwardFindDocNumber(t, window);
    found += !want.empty();
    ASSERT_EQ(FindDocNumber(t, window), want) << t << " window " << window;
  }
  EXPECT_GT(found, 5000) << "the generated texts hold too few 文号 to compare";
}

TEST(DocNumber, Forms) {
  EXPECT_EQ(FindDocNumber("根据国办秘函〔2019〕19号文件"), "国办秘函〔2019〕19号");
  EXPECT_EQ(FindDocNumber("示政规[2024]3号 关于"), "示政规[2024]3号");
  EXPECT_EQ(FindDocNumber("鄂政办发（2023）12号"), "鄂政办发（2023）12号");
  EXPECT_EQ(FindDocNumber("按照《通知》（示政发〔2024〕5号）要求"), "示政发〔2024〕5号");
  EXPECT_EQ(FindDocNumber("现印发的示政办发〔2024〕6号文件"), "示政办发〔2024〕6号");
  EXPECT_EQ(FindDocNumber("第（2023）12条"), "");  // no 号
  EXPECT_EQ(FindDocNumber("〔2023〕12号"), "");    // no issuer
  EXPECT_EQ(FindDocNumber("共计（2023）个"), "");
  EXPECT_EQ(FindDocNumber(std::string(5000, 'a') + "国发〔2024〕1号", 4000), "");
}

TEST(Sketch, IdenticalDisjointAndContained) {
  const std::string a =
      "为便于社会公众准确理解文件，现就有关内容解读如下。出台背景是落实上级决策部署。"
      "主要内容分为总体要求、重点任务和保障措施三个部分。";
  const std::string b =
      "要坚持依法行政，严格规范公正文明执法，不断提升治理能力和水平，服务人民群众。";
  TextSketch sa = SketchText(a), sb = SketchText(b), sab = SketchText(a + b);
  EXPECT_GT(sa.shingles, 40u);
  EXPECT_DOUBLE_EQ(SketchJaccard(sa, sa), 1.0);
  EXPECT_LT(SketchJaccard(sa, sb), 0.05);
  EXPECT_GT(SketchContainment(sa, sab), 0.85);  // a is inside a+b
  EXPECT_LT(SketchContainment(sab, sa), 0.75);
  EXPECT_EQ(SketchJaccard(SketchText(""), sa), 0);
  // Punctuation and spaces do not matter.
  EXPECT_DOUBLE_EQ(
      SketchJaccard(SketchText("主要内容 分为：总体要求"), SketchText("主要内容分为总体要求")),
      1.0);
}

TEST(Signals, PolicyArticle) {
  PageFacts f = Extract(R"(<html><head><title>关于印发示例市营商环境实施方案的通知_示例市</title>
<meta name="ColumnName" content="政策文件"><meta name="ArticleTitle" content="关于印发示例市营商环境实施方案的通知"></head><body>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zcjd/">政策解读</a></li></ul>
<div class="article"><h1>关于印发示例市营商环境实施方案的通知</h1>
<div>发布日期：2024-05-01 来源：市政府办公室</div>
<p>示政规〔2024〕3号</p><p>各县（市、区）人民政府，市政府各部门：现将实施方案印发给你们，请认真贯彻执行。</p>
<p>相关解读：<a href="/zcjd/202405/t20240502_9.html">《示例市营商环境实施方案》政策解读</a></p>
<p>上一篇：<a href="/zcwj/1.html">上一篇文章标题</a></p></div></body></html>)",
                        "http://www.a.gov.cn/zcwj/202405/t20240501_8.html");
  ASSERT_EQ(f.kind, PageKind::kArticle);
  PageSignals s = ExtractSignals(f);
  EXPECT_TRUE(s.article);
  EXPECT_TRUE(s.policy);
  EXPECT_FALSE(s.interpretation);
  EXPECT_EQ(s.doc_number, "示政规〔2024〕3号");
  EXPECT_EQ(s.column, "政策文件");
  EXPECT_EQ(s.source, "市政府办公室");
  EXPECT_NE(
      std::find(s.related_hrefs.begin(), s.related_hrefs.end(), "/zcjd/202405/t20240502_9.html"),
      s.related_hrefs.end());
  // Nav links are not content links.
  EXPECT_EQ(std::find(s.related_hrefs.begin(), s.related_hrefs.end(), "/zcjd/"),
            s.related_hrefs.end());
  EXPECT_GT(s.sketch.shingles, 10u);
  EXPECT_TRUE(s.forms.empty());
}

TEST(Signals, InterpretationForms) {
  auto page = [](const std::string& title, const std::string& extra) {
    return "<html><head><title>" + title + "</title><meta name=\"ArticleTitle\" content=\"" +
           title + "\"><meta name=\"ColumnName\" content=\"政策解读\"></head><body><h1>" + title +
           "</h1><div>发布日期：2024-05-02 来源：市发改委</div><p>为便于公众理解，现解读如下。"
           "这是一段足够长的解读正文，用来形成文本指纹。</p>" +
           extra + "</body></html>";
  };
  PageSignals s = ExtractSignals(
      Extract(page("图解：《示例市营商环境实施方案》", ""), "http://www.a.gov.cn/zcjd/1.html"));
  EXPECT_TRUE(s.interpretation);
  EXPECT_FALSE(s.policy);
  EXPECT_EQ(s.forms, std::vector<std::string>{"图解"});
  EXPECT_EQ(s.quoted_titles, std::vector<std::string>{"示例市营商环境实施方案"});
  s = ExtractSignals(
      Extract(page("《示例市营商环境实施方案》政策解读", "<video src=\"/media/jd.mp4\"></video>"),
              "http://www.a.gov.cn/zcjd/2.html"));
  EXPECT_EQ(s.forms, std::vector<std::string>{"视频"});
  s = ExtractSignals(Extract(page("《示例市营商环境实施方案》新闻发布会答记者问", ""),
                             "http://www.a.gov.cn/zcjd/3.html"));
  EXPECT_EQ(s.forms, std::vector<std::string>{"发布会"});
  s = ExtractSignals(
      Extract(page("《示例市营商环境实施方案》解读", ""), "http://www.a.gov.cn/zcjd/4.html"));
  EXPECT_EQ(s.forms, std::vector<std::string>{"文字"});
}

TEST(Signals, FunctionsSitemapAndReports) {
  PageFacts f = Extract(R"(<html><head><title>网站地图_示例市</title></head><body>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li></ul>
<div class="location">当前位置：<a href="/">首页</a> &gt; 网站地图</div>
<div class="map"><a href="/zwdt/">政务动态</a> <a href="/zcwj/">政策文件</a>
<a href="/hdjl/znwd.html">智能问答</a> <a href="/xxgk/ysqgk.html">依申请公开</a>
<a href="http://www.gov.cn/">中国政府网</a></div>
<ul class="list"><li><a href="/tzgg/1.html">示例市人民政府2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>
<li><a href="/tzgg/2.html">示例市人民政府门户网站2023年政府网站工作年度报表</a><span>2024-01-25</span></li>
<li><a href="/tzgg/3.html">关于做好防汛工作的通知全文发布</a><span>2024-01-26</span></li></ul>
<div class="footer"><a href="/about/sitemap.html">网站地图</a></div></body></html>)",
                        "http://www.a.gov.cn/about/sitemap.html");
  PageSignals s = ExtractSignals(f);
  EXPECT_TRUE(s.sitemap);
  std::vector<std::string> hrefs;
  for (const auto& [href, text] : s.sitemap_links) hrefs.push_back(href);
  EXPECT_NE(std::find(hrefs.begin(), hrefs.end(), "/zcwj/"), hrefs.end());
  EXPECT_EQ(std::find(hrefs.begin(), hrefs.end(), "/about/sitemap.html"), hrefs.end());  // footer
  std::map<std::string, std::string> functions;
  for (const FunctionAnchor& a : s.functions) functions[a.key] = a.href;
  EXPECT_EQ(functions["smart_qa"], "/hdjl/znwd.html");
  EXPECT_EQ(functions["xxgk_apply"], "/xxgk/ysqgk.html");
  EXPECT_EQ(functions["sitemap"], "/about/sitemap.html");
  EXPECT_EQ(functions.count("consult"), 0u);
  ASSERT_EQ(s.reports.size(), 2u);
  EXPECT_EQ(s.reports[0].kind, "xxgk_annual");
  EXPECT_EQ(s.reports[0].year, 2023);
  EXPECT_EQ(s.reports[0].date, Date::FromYmd(2024, 1, 20));
  EXPECT_EQ(s.reports[1].kind, "web_annual");
  EXPECT_EQ(s.reports[1].date, Date::FromYmd(2024, 1, 25));

  ResolveSignals(s, f, "www.a.gov.cn", [](std::string_view h) -> std::string {
    if (h.starts_with("http")) return std::string(h);
    if (h.starts_with("/")) return "http://www.a.gov.cn" + std::string(h);
    return "";
  });
  ASSERT_EQ(s.external_hosts.size(), 1u);
  EXPECT_EQ(s.external_hosts[0].first, "www.gov.cn");
  EXPECT_EQ(s.reports[0].href, "http://www.a.gov.cn/tzgg/1.html");
}

TEST(Signals, DataReleasePage) {
  PageFacts f = Extract(R"(<html><head><title>2024年1-5月全市规模以上工业数据_示例市</title>
<meta name="ColumnName" content="数据发布"></head><body><h1>2024年1-5月全市规模以上工业数据</h1>
<div>发布日期：2024-06-20 来源：市统计局</div><p>数据说明：更新频率：每月　发布机构：市统计局</p>
<p>附件：<a href="./P020240620_1.xlsx">工业数据.xlsx</a> <a href="./P020240620_2.csv">工业数据.csv</a></p>
</body></html>)",
                        "http://www.a.gov.cn/sjfb/202406/t20240620_3.html");
  PageSignals s = ExtractSignals(f);
  EXPECT_TRUE(s.data_page);
  EXPECT_EQ(s.data_files, (std::vector<std::string>{"./P020240620_1.xlsx", "./P020240620_2.csv"}));
  EXPECT_EQ(s.update_frequency, "每月");
  PageSignals other = ExtractSignals(Extract(
      "<html><head><title>通知</title></head><body><a href=\"a.xlsx\">表格</a></body></html>"));
  EXPECT_FALSE(other.data_page);
  EXPECT_TRUE(other.data_files.empty());
}

TEST(Signals, SurveyPageItems) {
  PageFacts f = Extract(R"(<html><head><title>征集调查_示例市</title>
<meta name="SiteName" content="示例市"><meta name="SiteDomain" content="www.a.gov.cn">
<meta name="SiteIDCode" content="4201000001"><meta name="ColumnName" content="征集调查">
<meta name="ColumnDescription" content="征集调查"><meta name="ColumnKeywords" content="征集">
<meta name="ColumnType" content="征集调查"></head><body><div class="list"><ul>
<li><a href="/zj/4.html">关于城区停车收费调整的意见征集</a><span>2024-06-20</span></li>
<li><a href="/zj/3r.html">养老服务规划意见征集结果反馈</a><span>2024-04-10</span></li>
<li><a href="/zj/3.html">关于养老服务规划的意见征集</a><span>2024-03-01</span></li>
<li><a href="/zj/1.html">市民出行方式网上调查</a><span>2023-10-01</span></li>
<li><a href="/zj/0.html">关于公园开放时间的意见征集</a><span>2023-09-01</span></li>
</ul></div></body></html>)",
                        "http://www.a.gov.cn/zj/");
  PageSignals s = ExtractSignals(f);
  ASSERT_EQ(s.survey_items.size(), 5u);
  EXPECT_EQ(s.survey_items[1].href, "/zj/3r.html");
  EXPECT_TRUE(s.survey_items[1].result);
  EXPECT_FALSE(s.survey_items[2].result);
  EXPECT_EQ(s.survey_items[2].date, Date::FromYmd(2024, 3, 1));
  EXPECT_EQ(SurveySubject(s.survey_items[1].title), SurveySubject(s.survey_items[2].title));
  EXPECT_EQ(SurveySubject("关于意见征集"), "");  // nothing left to match on
  // A column page with every site and column tag.
  EXPECT_TRUE(s.labels_checked);
  EXPECT_TRUE(s.labels_column_page);
  EXPECT_TRUE(s.labels_missing.empty());
  // Not a survey page: its items are not survey items.
  PageFacts news = Extract(R"(<html><head><title>政务动态</title>
<meta name="ColumnName" content="政务动态"></head><body><ul>
<li><a href="/a/1.html">关于养老服务规划的意见征集</a><span>2024-06-20</span></li>
<li><a href="/a/2.html">市政府召开常务会议</a><span>2024-06-19</span></li>
<li><a href="/a/3.html">市领导调研乡村振兴</a><span>2024-06-18</span></li>
<li><a href="/a/4.html">全市安全生产会议召开</a><span>2024-06-17</span></li>
<li><a href="/a/5.html">示例市召开防汛会议</a><span>2024-06-16</span></li>
</ul></body></html>)");
  PageSignals n = ExtractSignals(news);
  EXPECT_TRUE(n.survey_items.empty());
  EXPECT_TRUE(n.labels_checked);
  EXPECT_EQ(n.labels_missing,
            (std::vector<std::string>{"SiteName", "SiteDomain", "SiteIDCode", "ColumnDescription",
                                      "ColumnKeywords", "ColumnType"}));
}

TEST(Signals, TopicPageClasses) {
  PageFacts f = Extract(R"(<html><head><title>优化营商环境</title></head><body>
<div class="location">当前位置：<a href="/">首页</a> &gt; 专题专栏 &gt; 优化营商环境</div>
<div class="content"><ul><li><a href="/a/">工作背景</a></li><li><a href="/b/">政策依据</a></li>
<li><a href="/c/">办事服务</a></li><li><a href="/d/">互动交流</a></li></ul></div></body></html>)",
                        "http://www.a.gov.cn/zt/yhys/");
  PageSignals s = ExtractSignals(f);
  EXPECT_EQ(s.topic, "优化营商环境");
  const auto& classes = TopicResourceClasses();
  std::vector<std::string> found;
  for (size_t k = 0; k < classes.size(); ++k)
    if (s.topic_classes & (1u << k)) found.push_back(classes[k].first);
  EXPECT_EQ(found, (std::vector<std::string>{"工作背景", "政策依据", "服务", "互动"}));
  // The 专题专栏 index itself is not a topic.
  PageSignals index = ExtractSignals(Extract(R"(<html><head><title>专题专栏</title></head><body>
<div class="location">当前位置：<a href="/">首页</a> &gt; 专题专栏</div></body></html>)"));
  EXPECT_EQ(index.topic, "");
}

TEST(Signals, UrlHost) {
  EXPECT_EQ(UrlHost("http://WWW.Gov.CN:8080/x?y"), "www.gov.cn");
  EXPECT_EQ(UrlHost("https://u@a.b/"), "a.b");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "[::1]");
  EXPECT_EQ(UrlHost("/relative"), "");
}

}  // namespace
}  // namespace govscore

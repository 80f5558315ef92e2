#include "extract/page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace govscore {
namespace {

using ::testing::ElementsAre;

const Date kAsOf = Date::FromYmd(2024, 6, 30);

PageFacts Extract(std::string_view html,
                  std::string_view url = "https://www.example.gov.cn/a/b.html") {
  ExtractOptions o;
  o.as_of = kAsOf;
  o.keep_text = true;
  return ExtractPage(html, url, o);
}

std::vector<std::string> HrefsOf(const PageFacts& f, LinkSource source) {
  std::vector<std::string> out;
  for (const RawLink& l : f.links)
    if (l.source == source) out.push_back(l.href);
  return out;
}

TEST(ExtractPage, EveryLinkSource) {
  auto f = Extract(R"h(<html><head>
    <base href="https://www.example.gov.cn/zwgk/">
    <meta http-equiv="Refresh" content="5; URL='/moved.html'">
    <link rel="stylesheet" href="/css/a.css"><link rel="icon" href="/favicon.ico">
    <script src="/js/a.js"></script>
    <script>if (x) { window.location.href = '/redirect-a.html'; }
      location.replace("/redirect-b.html"); var u = location.href; top.location = "/redirect-c.html";</script>
    </head><body>
    <a href=" /page&amp;1.html ">第一&nbsp;页</a>
    <a href="">empty</a><a>no href</a>
    <map><area href="/area.html" alt="区域"></map>
    <img src="/img/a.png" srcset="/img/a-1x.png 1x, /img/a-2x.png 2x,/img/a,3x.png 3x">
    <picture><source srcset="/img/b.webp"></picture>
    <iframe src="/frame/in.html"></iframe>
    <frameset><frame src="/frame/f.html"></frameset>
    <form action="/search.jsp"><input name="q"></form>
    <embed src="/media/a.swf"><object data="/media/b.pdf"></object>
    <video src="/v.mp4" poster="/poster.jpg"></video>
    <input type="image" src="/btn.gif">
    <a href="/files/report.PDF?x=1">年报</a><a href="/files/list.xlsx">名单</a>
    <a href="/files/a.wps">wps</a><a href="/files/a.ofd#p">ofd</a><a href="/dir.pdf/page.html">not</a>
    <a href="/img.html"><img src="/i.png" alt="图片新闻"></a>
    </body></html>)h");
  EXPECT_EQ(f.base_href, "https://www.example.gov.cn/zwgk/");
  EXPECT_THAT(HrefsOf(f, LinkSource::kMetaRefresh), ElementsAre("/moved.html"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kStylesheet), ElementsAre("/css/a.css"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kLinkOther), ElementsAre("/favicon.ico"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kScript), ElementsAre("/js/a.js"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kScriptRedirect),
              ElementsAre("/redirect-a.html", "/redirect-c.html", "/redirect-b.html"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kArea), ElementsAre("/area.html"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kImg),
              ElementsAre("/img/a.png", "/v.mp4", "/poster.jpg", "/btn.gif", "/i.png"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kSrcset),
              ElementsAre("/img/a-1x.png", "/img/a-2x.png", "/img/a,3x.png", "/img/b.webp"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kIframe), ElementsAre("/frame/in.html"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kFrame), ElementsAre("/frame/f.html"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kForm), ElementsAre("/search.jsp"));
  EXPECT_THAT(HrefsOf(f, LinkSource::kEmbed), ElementsAre("/media/a.swf", "/media/b.pdf"));
  auto anchors = HrefsOf(f, LinkSource::kAnchor);
  ASSERT_FALSE(anchors.empty());
  EXPECT_EQ(anchors[0], "/page&1.html");  // entity decoded, trimmed; empty hrefs dropped
  EXPECT_EQ(f.links[0].source, LinkSource::kMetaRefresh);
  std::vector<std::string> attachments;
  for (const RawLink& l : f.attachments) attachments.push_back(l.href);
  EXPECT_THAT(attachments, ElementsAre("/media/b.pdf", "/files/report.PDF?x=1", "/files/list.xlsx",
                                       "/files/a.wps", "/files/a.ofd#p"));
  // Anchor texts: collapsed; image links use alt.
  for (const RawLink& l : f.links) {
    if (l.href == "/page&1.html") {
      EXPECT_EQ(l.text, "第一 页");
    }
    if (l.href == "/img.html") {
      EXPECT_EQ(l.text, "图片新闻");
    }
  }
}

TEST(ExtractPage, AttachmentExtensions) {
  for (auto h : {"a.pdf", "a.doc", "a.docx", "a.xls", "a.xlsx", "a.ppt", "a.pptx", "a.wps", "a.et",
                 "a.ofd", "a.zip", "a.rar", "a.7z", "a.txt", "a.csv", "/x/A.DOCX?v=2"})
    EXPECT_TRUE(IsAttachmentHref(h)) << h;
  for (auto h : {"a.html", "a.shtml", "/pdf/", "a.pdf.html", "/a.jsp?file=a.pdf", ""})
    EXPECT_FALSE(IsAttachmentHref(h)) << h;
}

TEST(ExtractPage, MetaLabelsCanonicalised) {
  auto f = Extract(
      R"h(<head><meta name="sitename" content="某市人民政府"><meta name="SiteIDCode" content="4401000059">
    <meta name="keywords" content="a b"><meta NAME="description" content=" 摘要  文本 ">
    <meta name="ArticleTitle" content="关于<b>某事</b>的通知"><meta name="pubdate" content="2024-05-01 09:30">
    <meta name="contentSource" content="市政府办公室"><meta name="other" content="x"></head>)h");
  EXPECT_EQ(f.meta["SiteName"], "某市人民政府");
  EXPECT_EQ(f.meta["SiteIDCode"], "4401000059");
  EXPECT_EQ(f.meta["Keywords"], "a b");
  EXPECT_EQ(f.meta["Description"], "摘要 文本");
  EXPECT_EQ(f.meta["PubDate"], "2024-05-01 09:30");
  EXPECT_EQ(f.meta["ContentSource"], "市政府办公室");
  EXPECT_EQ(f.meta.count("other"), 0u);
}

TEST(ExtractPage, FooterVariants) {
  auto f = Extract(R"h(<body><div class="content"><p>正文，主办单位：某协会。</p></div>
    <div id="footer"><p>主办单位：广西壮族自治区人民政府办公厅&nbsp;&nbsp;承办单位：广西壮族自治区信息中心</p>
    <p>联系电话：0771-2801234 <a href="https://beian.miit.gov.cn/">桂ICP备05005236号-1</a></p>
    <p><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=45010302000123">桂公网安备 45010302000123号</a>
    网站标识码：4500000001</p>
    <span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=0ADCC2E0BA270DA2E053012819ACECB2"><img src="red.png"></a></span>
    <script id="_jiucuo_" sitecode="4500000001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
    <a href="/ysbh.html">隐私政策</a></div></body>)h");
  EXPECT_EQ(f.footer.sponsor, "广西壮族自治区人民政府办公厅");
  EXPECT_EQ(f.footer.organizer, "广西壮族自治区信息中心");
  EXPECT_EQ(f.footer.contact, "0771-2801234");
  EXPECT_EQ(f.footer.icp, "桂ICP备05005236号-1");
  EXPECT_EQ(f.footer.police_record, "桂公网安备 45010302000123号");
  EXPECT_EQ(f.footer.site_code, "4500000001");
  EXPECT_EQ(f.footer.party_gov_label_href,
            "https://bszs.conac.cn/sitename?method=show&id=0ADCC2E0BA270DA2E053012819ACECB2");
  EXPECT_EQ(f.footer.error_report_href, "https://zfwzgl.www.gov.cn/exposure/jiucuo.js");
  EXPECT_EQ(f.footer.error_report_site_code, "4500000001");
  EXPECT_EQ(f.privacy_policy_href, "/ysbh.html");
  bool footer_link = false;
  for (const RawLink& l : f.links)
    if (l.href == "/ysbh.html") footer_link = l.in_footer;
  EXPECT_TRUE(footer_link);
}

TEST(ExtractPage, FooterWithoutFooterElement) {
  auto f = Extract(R"h(<body><div>政务动态</div><table><tr><td>
    版权所有：某县人民政府 主办：某县人民政府办公室 网站标识码:4509000001 桂ICP备12345678号
    <a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4509000001&amp;url=http%3A%2F%2Fx">我为政府网站找错</a>
    </td></tr></table></body>)h");
  EXPECT_EQ(f.footer.sponsor, "某县人民政府办公室");
  EXPECT_EQ(f.footer.site_code, "4509000001");
  EXPECT_EQ(f.footer.icp, "桂ICP备12345678号");
  EXPECT_EQ(f.footer.error_report_site_code, "4509000001");
  EXPECT_EQ(f.footer.party_gov_label_href, "");
}

std::string ListPage(const std::string& rows, const std::string& extra = "") {
  return "<html><head><title>通知公告_某市人民政府</title></head><body>"
         "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a "
         "href=\"/zwgk/\">政务公开</a></li></ul></div>"
         "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a "
         "href=\"/zwgk/\">政务公开</a> &gt; <a href=\"./\">通知公告</a></div>"
         "<ul class=\"list\">" +
         rows + "</ul>" + extra + "</body></html>";
}

TEST(ExtractPage, ListPageWithEachDateForm) {
  std::string rows =
      "<li><a href=\"./202405/t20240501_1.html\" "
      "title=\"关于开展2024年度安全生产检查工作的通知（完整标题）\">"
      "关于开展2024年度安全生产检查工作的...</a><span>2024-05-01</span></li>"
      "<li><a "
      "href=\"./202404/t20240402_2.html\">关于公布第二批名单的公告</a><span>2024年4月2日</span></"
      "li>"
      "<li><a "
      "href=\"./202403/t20240303_3.html\">某某工作会议召开情况</a><span>2024/03/03</span></li>"
      "<li><a href=\"./202402/t20240204_4.html\">春节期间值班安排</a><span>2024.02.04</span></li>"
      "<li><a href=\"./202312/t20231231_5.html\">年终工作总结报告</a><span>[12-31]</span></li>"
      "<li><a href=\"./202406/t20240601_6.html\">六月份工作安排通知</a> 06-01</li>";
  auto f =
      Extract(ListPage(rows,
                       "<div class=\"page\"><a href=\"index_1.html\">下一页</a>"
                       "<a href=\"index_1.html\">2</a><a href=\"index_9.html\">尾页</a></div>"),
              "https://www.example.gov.cn/zwgk/tzgg/index.html");
  EXPECT_EQ(f.kind, PageKind::kColumnList);
  ASSERT_EQ(f.items.size(), 6u);
  EXPECT_EQ(f.items[0].title, "关于开展2024年度安全生产检查工作的通知（完整标题）");
  EXPECT_EQ(f.items[0].href, "./202405/t20240501_1.html");
  EXPECT_EQ(f.items[0].date, Date::FromYmd(2024, 5, 1));
  EXPECT_EQ(f.items[0].date_text, "2024-05-01");
  EXPECT_EQ(f.items[1].date, Date::FromYmd(2024, 4, 2));
  EXPECT_EQ(f.items[2].date, Date::FromYmd(2024, 3, 3));
  EXPECT_EQ(f.items[3].date, Date::FromYmd(2024, 2, 4));
  EXPECT_EQ(f.items[4].date, Date::FromYmd(2023, 12, 31));  // month-day before as_of
  EXPECT_EQ(f.items[4].date_text, "12-31");
  EXPECT_EQ(f.items[5].date, Date::FromYmd(2024, 6, 1));
  EXPECT_THAT(f.pagination_hrefs, ElementsAre("index_1.html", "index_9.html"));
  EXPECT_THAT(f.breadcrumb, ElementsAre("首页", "政务公开", "通知公告"));
  ASSERT_EQ(f.nav.size(), 2u);
  EXPECT_EQ(f.nav[0].text, "首页");
}

TEST(ExtractPage, MonthDayUnderYearHeading) {
  std::string html =
      "<body><h3>2019</h3><ul>"
      "<li><a href=\"a1.html\">二〇一九年第一条新闻</a><span>12-30</span></li>"
      "<li><a href=\"a2.html\">二〇一九年第二条新闻</a><span>11-02</span></li>"
      "<li><a href=\"a3.html\">二〇一九年第三条新闻</a><span>02-28</span></li></ul>"
      "<h3>2018年</h3><table><tr><td><a "
      "href=\"b1.html\">二〇一八年的新闻一</a></td><td>05-01</td></tr>"
      "<tr><td><a href=\"b2.html\">二〇一八年的新闻二</a></td><td>04-01</td></tr>"
      "<tr><td><a href=\"b3.html\">二〇一八年的新闻三</a></td><td>03-01</td></tr></table></body>";
  auto f = Extract(html);
  ASSERT_EQ(f.items.size(), 6u);
  EXPECT_EQ(f.items[0].date, Date::FromYmd(2019, 12, 30));
  EXPECT_EQ(f.items[2].date, Date::FromYmd(2019, 2, 28));
  EXPECT_EQ(f.items[3].date, Date::FromYmd(2018, 5, 1));
  EXPECT_EQ(f.items[5].href, "b3.html");
}

TEST(ExtractPage, PaginationPatternsAndScripts) {
  std::string rows;
  for (int k = 1; k <= 5; ++k)
    rows += "<li><a href=\"a" + std::to_string(k) + ".html\">第" + std::to_string(k) +
            "条测试新闻标题</a><span>2024-05-0" + std::to_string(k) + "</span></li>";
  auto f = Extract(ListPage(rows,
                            "<div><a href=\"page_2.html\">2</a><a href=\"list.jsp?pageNo=3\">3</a>"
                            "<a href=\"javascript:void(0)\">下一页</a>"
                            "<script>createPageHTML(3, 0, \"index\", \"shtml\");</script></div>"));
  EXPECT_THAT(f.pagination_hrefs,
              ElementsAre("page_2.html", "list.jsp?pageNo=3", "index_1.shtml", "index_2.shtml"));
}

TEST(ExtractPage, ArticlePage) {
  auto f =
      Extract(R"h(<html><head><title>关于做好2024年防汛工作的通知_某市人民政府</title></head><body>
    <div class="crumb">您的位置：首页 &gt; 政务公开 &gt; 通知公告</div>
    <h1 class="title">关于做好2024年防汛工作的通知</h1>
    <div class="info">发布时间：2024-05-20 10:00 &nbsp; 信息来源：市应急管理局 &nbsp; 浏览次数：12</div>
    <div class="TRS_Editor"><p>)h" +
                  std::string(300, 'x') + R"h(</p><p>联系人：王五，电话13812345678。</p></div>
    <a href="/files/附件1.docx">附件1</a></body></html>)h",
              "https://www.example.gov.cn/zwgk/tzgg/202405/t20240520_1.html");
  EXPECT_EQ(f.kind, PageKind::kArticle);
  EXPECT_EQ(f.article_title, "关于做好2024年防汛工作的通知");
  EXPECT_EQ(f.article_date, Date::FromYmd(2024, 5, 20));
  EXPECT_EQ(f.article_source, "市应急管理局");
  ASSERT_EQ(f.attachments.size(), 1u);
  EXPECT_EQ(f.attachments[0].text, "附件1");
  ASSERT_EQ(f.privacy.size(), 1u);
  EXPECT_EQ(f.privacy[0].masked, "138****5678");
  EXPECT_THAT(f.breadcrumb, ElementsAre("首页", "政务公开", "通知公告"));
}

TEST(ExtractPage, HomePage) {
  std::string nav;
  for (auto n : {"首页", "政务公开", "政务服务", "政民互动", "走进某市"})
    nav += std::string("<li><a href=\"/") + n + "/\">" + n + "</a></li>";
  std::string html = "<html><body><ul id=\"menu\">" + nav + "</ul>";
  for (int k = 0; k < 20; ++k) html += "<a href=\"/x" + std::to_string(k) + ".html\">链接</a>";
  html += "</body></html>";
  EXPECT_EQ(Extract(html, "https://www.example.gov.cn/").kind, PageKind::kHome);
  EXPECT_EQ(Extract(html, "https://www.example.gov.cn/index.html").kind, PageKind::kHome);
  EXPECT_NE(Extract(html, "https://www.example.gov.cn/zwgk/index.html").kind, PageKind::kHome);
  // Navigation found from the leading list of short links when there is no nav class.
  std::string plain =
      "<html><body><ul>" + nav + "</ul><p>" + std::string(100, 'y') + "</p></body></html>";
  EXPECT_EQ(Extract(plain).nav.size(), 5u);
}

TEST(ExtractPage, SearchForms) {
  auto a = Extract(
      R"h(<form action="/search/s" method="GET" id="searchForm"><input type="text" name="searchWord"><input type="submit" value="搜索"></form>)h");
  ASSERT_TRUE(a.search);
  EXPECT_EQ(a.search->action, "/search/s");
  EXPECT_EQ(a.search->method, "get");
  EXPECT_EQ(a.search->query_param, "searchWord");
  auto b = Extract(
      R"h(<form action="/login" method="post"><input name="user"><input type="password" name="p"></form>
    <form action="https://search.example.gov.cn/jrobot/search.do" method="post"><input type="hidden" name="webid" value="1"><input name="q" placeholder="请输入关键字"></form>)h");
  ASSERT_TRUE(b.search);
  EXPECT_EQ(b.search->method, "post");
  EXPECT_EQ(b.search->query_param, "q");
  auto c = Extract(
      R"h(<div><input id="keyword" placeholder="搜索"><button onclick="doSearch()">搜</button></div>)h");
  ASSERT_TRUE(c.search);
  EXPECT_EQ(c.search->method, "script");
  EXPECT_EQ(c.search->query_param, "keyword");
  EXPECT_FALSE(Extract("<form action=\"/login\"><input name=\"user\"></form>").search);
}

TEST(ExtractPage, AccessibilityToolbar) {
  EXPECT_TRUE(Extract("<a href=\"javascript:;\" onclick=\"aria.start()\">无障碍</a>")
                  .accessibility_toolbar);
  EXPECT_TRUE(Extract("<span>长者模式</span>").accessibility_toolbar);
  EXPECT_TRUE(Extract("<li><a href=\"/old/\">适老化版</a></li>").accessibility_toolbar);
  EXPECT_TRUE(Extract("<a href=\"/care/\">关怀版</a>").accessibility_toolbar);
  EXPECT_TRUE(Extract("<script src=\"https://jhelper.example.gov.cn/publicJS/1.js\"></script>")
                  .accessibility_toolbar);
  EXPECT_FALSE(
      Extract(
          "<p>本文介绍了无障碍环境建设条例的主要内容以及各部门推进无障碍设施改造的工作安排。</p>")
          .accessibility_toolbar);
}

TEST(ExtractPage, PrivacyPolicyLink) {
  EXPECT_EQ(Extract("<a href=\"/yszc.html\">隐私政策</a>").privacy_policy_href, "/yszc.html");
  EXPECT_EQ(Extract("<a href=\"/yssm.html\">隐私声明</a>").privacy_policy_href, "/yssm.html");
  EXPECT_EQ(Extract("<a href=\"/x.html\">关于我们</a>").privacy_policy_href, "");
}

TEST(ExtractPage, Soft404Text) {
  EXPECT_TRUE(Extract("<title>404 Not Found</title><h1>Not Found</h1>").soft404_text);
  EXPECT_TRUE(Extract("<title>提示</title><p>抱歉，您访问的页面不存在或已删除！</p>").soft404_text);
  EXPECT_FALSE(Extract("<title>通知</title><p>共有404人参加考试。</p>").soft404_text);
}

TEST(ExtractPage, OtherKindAndWarnings) {
  auto f = Extract("<p>短</p>");
  EXPECT_EQ(f.kind, PageKind::kOther);
  auto g = Extract(std::string("<p>bad \xFF\xFE utf8</p>"));
  EXPECT_FALSE(g.warnings.empty());
  EXPECT_NE(g.text.find("bad"), std::string::npos);
  auto h = Extract("");
  EXPECT_TRUE(h.links.empty());
}

TEST(ExtractPage, LinkCap) {
  std::string html;
  for (int k = 0; k < 50; ++k) html += "<a href=\"/" + std::to_string(k) + "\">x</a>";
  ExtractOptions o;
  o.as_of = kAsOf;
  o.max_links = 10;
  auto f = ExtractPage(html, "https://www.example.gov.cn/a.html", o);
  EXPECT_EQ(f.links.size(), 10u);
  EXPECT_FALSE(f.warnings.empty());
  EXPECT_TRUE(f.text.empty());  // keep_text off
}

TEST(ExtractPage, MetaCharsetDoesNotSwitchDecoding) {
  // UTF-8 bytes that declare gb2312 (the fetch stage already converted them).
  auto f = Extract(
      "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>中文标题</title></head><body><p charset=\"gb2312\">正文</p></body>");
  EXPECT_EQ(f.title, "中文标题");
  EXPECT_NE(f.text.find("正文"), std::string::npos);
}

}  // namespace
}  // namespace govscore

namespace govscore {
namespace {

TEST(ExtractPage, ShortListPages) {
  const std::string head =
      "<html><head><meta name=\"ColumnName\" "
      "content=\"人事信息\"><title>人事信息</title></head><body>";
  // The last page of a column: two items, pagination back to earlier pages.
  auto last =
      Extract(head +
                  "<ul class=\"list-items\"><li><a "
                  "href=\"a1.html\">任免通知第一则</a><span>2024-05-01</span></li>"
                  "<li><a href=\"a2.html\">任免通知第二则</a><span>2024-04-01</span></li></ul>"
                  "<div class=\"pagination\"><a href=\"index.html\">首页</a> <a "
                  "href=\"index.html\">上一页</a></div></body></html>",
              "https://www.example.gov.cn/rsxx/index_1.html");
  EXPECT_EQ(last.kind, PageKind::kColumnList);
  EXPECT_EQ(last.items.size(), 2u);
  // A column with one item and no pagination: the column label makes it a list.
  auto one =
      Extract(head +
                  "<ul><li><a "
                  "href=\"a1.html\">任免通知第一则</a><span>[05-01]</span></li></ul></body></html>",
              "https://www.example.gov.cn/rsxx/");
  EXPECT_EQ(one.kind, PageKind::kColumnList);
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].date, Date::FromYmd(2024, 5, 1));
  // An empty column.
  auto empty = Extract(head +
                           "<div class=\"list\"><h2>人事信息</h2><p "
                           "class=\"empty\">暂无信息</p></div></body></html>",
                       "https://www.example.gov.cn/rsxx/");
  EXPECT_EQ(empty.kind, PageKind::kColumnList);
  EXPECT_TRUE(empty.items.empty());
  // Year headings split one list into several <ul>s: they still form one group.
  auto split = Extract(
      head +
          "<div class=\"list\"><ul class=\"list-items\"></ul><h3 class=\"year\">2024年</h3>"
          "<ul class=\"list-items\"><li><a "
          "href=\"a.html\">二〇二四年的通知</a><span>01-02</span></li></ul>"
          "<h3 class=\"year\">2023年</h3><ul class=\"list-items\">"
          "<li><a href=\"b.html\">二〇二三年的通知一</a><span>12-30</span></li>"
          "<li><a "
          "href=\"c.html\">二〇二三年的通知二</a><span>11-30</span></li></ul></div></body></html>",
      "https://www.example.gov.cn/rsxx/");
  ASSERT_EQ(split.items.size(), 3u);
  EXPECT_EQ(split.items[0].date, Date::FromYmd(2024, 1, 2));
  EXPECT_EQ(split.items[1].date, Date::FromYmd(2023, 12, 30));
  // An article with one dated related link is no list and has no items.
  auto article = Extract(
      "<html><head><meta name=\"ArticleTitle\" content=\"某通知\"><meta name=\"ColumnName\" "
      "content=\"通知公告\"></head><body>"
      "<h1>某通知</h1><p>发布日期：2024-05-01</p><p>" +
      std::string(700, 'z') +
      "</p>"
      "<ul><li><a "
      "href=\"r.html\">相关解读文章标题</a><span>2024-05-02</span></li></ul></body></html>");
  EXPECT_EQ(article.kind, PageKind::kArticle);
  EXPECT_TRUE(article.items.empty());
}

}  // namespace
}  // namespace govscore

namespace govscore {
namespace {

TEST(ExtractPage, RowShapes) {
  // Whole row is one link with the date inside it.
  auto a = Extract(
      "<div class=\"news\">"
      "<a class=\"row\" href=\"n1.html\"><span>市政府常务会议召开</span><em>2024-05-03</em></a>"
      "<a class=\"row\" href=\"n2.html\"><span>全市防汛工作部署会</span><em>2024-05-02</em></a>"
      "<a class=\"row\" "
      "href=\"n3.html\"><span>重点项目集中开工仪式</span><em>2024-05-01</em></a></div>");
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_EQ(a.items[0].title, "市政府常务会议召开");
  EXPECT_EQ(a.items[0].date, Date::FromYmd(2024, 5, 3));
  // A category link beside the title: the longer anchor is the item.
  auto b = Extract(
      "<ul><li><a href=\"/tzgg/\">[通知公告]</a><a "
      "href=\"t1.html\">关于开展安全检查的通知</a><span>2024-05-03</span></li>"
      "<li><a href=\"/zcwj/\">[政策文件]</a><a "
      "href=\"t2.html\">某市促进消费的若干措施</a><span>2024-05-02</span></li>"
      "<li><a href=\"/tzgg/\">[通知公告]</a><a "
      "href=\"t3.html\">关于调整办公时间的公告</a><span>2024-05-01</span></li></ul>");
  ASSERT_EQ(b.items.size(), 3u);
  EXPECT_EQ(b.items[1].href, "t2.html");
  // Items inside a tab wrapper <li>: each div.item is a row, not the wrapper.
  auto c = Extract(
      "<ul class=\"tabs\"><li class=\"tab\">"
      "<div class=\"item\"><a href=\"x1.html\">第一条政务动态标题</a><span>2024-05-03</span></div>"
      "<div class=\"item\"><a href=\"x2.html\">第二条政务动态标题</a><span>2024-05-02</span></div>"
      "<div class=\"item\"><a href=\"x3.html\">第三条政务动态标题</a><span>2024-05-01</span></div>"
      "</li></ul>");
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.items[2].date, Date::FromYmd(2024, 5, 1));
}

}  // namespace
}  // namespace govscore

#include "extract/columns.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

using V = std::vector<std::string>;

TEST(Breadcrumb, LabelAndSplit) {
  std::string_view t = "xx 当前位置：首页 > 政务公开 > 通知公告";
  size_t end = FindBreadcrumbLabel(t);
  ASSERT_NE(end, std::string_view::npos);
  EXPECT_EQ(SplitBreadcrumb(t.substr(end)), (V{"首页", "政务公开", "通知公告"}));
  EXPECT_NE(FindBreadcrumbLabel("您现在所在的位置: 首页"), std::string_view::npos);
  EXPECT_NE(FindBreadcrumbLabel("当前位置 首页"), std::string_view::npos);
  EXPECT_EQ(FindBreadcrumbLabel("地理位置优越"), std::string_view::npos);
  EXPECT_EQ(FindBreadcrumbLabel("项目位置：某路12号"), std::string_view::npos);
  EXPECT_NE(FindBreadcrumbLabel("您当前所在位置：首页"), std::string_view::npos);
  EXPECT_EQ(SplitBreadcrumb(" 首页 ｜ 新华社记者看东北 ｜ 人物专访"),
            (V{"首页", "新华社记者看东北", "人物专访"}));
  EXPECT_EQ(SplitBreadcrumb("首页 / 要闻动态 / 今日关注"), (V{"首页", "要闻动态", "今日关注"}));
  EXPECT_EQ(SplitBreadcrumb("首页 » 新闻 » 图片"), (V{"首页", "新闻", "图片"}));
  EXPECT_EQ(SplitBreadcrumb("首页 政务信息 行政处罚"), (V{"首页", "政务信息", "行政处罚"}));
  EXPECT_EQ(SplitBreadcrumb("首页>通知 正文开始很长"), (V{"首页", "通知"}));
  EXPECT_EQ(SplitBreadcrumb("$pageHelpBean.getColumnNavPath(\" > \",true)"), V{});
}

TEST(Pagination, TextsAndHrefs) {
  for (auto t : {"下一页", "上一页", "尾页", "末页", "第3页", " 下一页 >", ">>", "»", "Next"})
    EXPECT_TRUE(IsPaginationText(t)) << t;
  for (auto t : {"首页", "通知公告", "3", ""}) EXPECT_FALSE(IsPaginationText(t)) << t;
  for (auto h : {"index_1.html", "page_2.html", "list_3.shtml", "/zwgk/tzgg/index_12.html",
                 "list.jsp?page=2", "/news?pageNo=3&size=20", "more.aspx?currentPage=4"})
    EXPECT_TRUE(IsPaginationHref(h)) << h;
  for (auto h : {"index.html", "/zwgk/", "a.html?id=3", "page.html", "detail_2023.pdf"})
    EXPECT_FALSE(IsPaginationHref(h)) << h;
}

TEST(Columns, DirOfPath) {
  EXPECT_EQ(ColumnDirOfPath("/zwgk/tzgg/index_2.html"), "/zwgk/tzgg/");
  EXPECT_EQ(ColumnDirOfPath("/zwgk/tzgg/202405/t20240501_12.html"), "/zwgk/tzgg/");
  EXPECT_EQ(ColumnDirOfPath("/art/2016/11/22/art_1621004_30332664.html"), "/art/");
  EXPECT_EQ(ColumnDirOfPath("/col/col1621004/index.html?uid=1"), "/col/col1621004/");
  EXPECT_EQ(ColumnDirOfPath("/"), "/");
  EXPECT_EQ(ColumnDirOfPath("relative/x.html"), "/");
}

TEST(Columns, ScriptPagination) {
  EXPECT_EQ(ScriptPaginationHrefs("createPageHTML(4, 0, \"index\", \"html\");"),
            (V{"index_1.html", "index_2.html", "index_3.html"}));
  EXPECT_EQ(ScriptPaginationHrefs("$('.p').pagination({totalPage: 3, callBack: function (i) { "
                                  "location.href='index_'+i+'.html'; }});"),
            (V{"index_2.html", "index_3.html"}));
  EXPECT_EQ(ScriptPaginationHrefs("createPageHTML(100000, 0, \"index\", \"html\");", 5).size(), 5u);
  EXPECT_TRUE(ScriptPaginationHrefs("var a = 1;").empty());
}

}  // namespace
}  // namespace govscore

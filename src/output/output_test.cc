#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "output/scan_html.h"
#include "output/scan_json.h"

namespace govscore {
namespace {

ScanReport Sample() {
  ScanReport r;
  r.site = "http://x.gov.cn/";
  r.as_of = Date::FromYmd(2024, 6, 30);
  r.started_at = "2024-06-30T01:00:00Z";
  r.pages.push_back(
      {"http://x.gov.cn/", "", "示例市人民政府", "utf-8", 200, 0, PageKind::kHome, false});
  r.pages.push_back({"http://x.gov.cn/a.html", "", "<script>x</script>", "gb18030", 200, 1,
                     PageKind::kArticle, false});
  LinkRecord broken;
  broken.target = "http://x.gov.cn/gone.html";
  broken.result = LinkResult::kHttp4xx;
  broken.status = 404;
  broken.sources = {"http://x.gov.cn/", "http://x.gov.cn/a.html"};
  r.links.push_back(broken);
  LinkRecord moved;
  moved.target = "http://x.gov.cn/old/";
  moved.result = LinkResult::kRedirectOk;
  moved.status = 200;
  moved.via = {"http://x.gov.cn/old/"};
  moved.sources = {"http://x.gov.cn/"};
  r.links.push_back(moved);
  r.columns.push_back(ComputeColumnStats("通知公告", "http://x.gov.cn/tzgg/", "",
                                         {Date::FromYmd(2023, 1, 1)}, r.as_of,
                                         ColumnRules::NationalDefaults()));
  r.columns.push_back(ComputeColumnStats("规划计划", "http://x.gov.cn/ghjh/", "", {}, r.as_of,
                                         ColumnRules::NationalDefaults()));
  r.footer.site_code = "4201000088";
  r.footer.icp = "鄂ICP备12345678号-1";
  r.privacy.push_back({"http://x.gov.cn/a.html", "id_number", "420102********1234",
                       "身份证：420102********1234", false});
  r.traps.push_back(
      {TrapKind::kCalendar, "x.gov.cn/cal/?date", "http://x.gov.cn/cal/?date=2026-01-01", 12});
  r.summary.pages = 2;
  r.summary.broken_links = 1;
  r.summary.stale_columns = 1;
  r.summary.empty_columns = 1;
  return r;
}

TEST(ScanJsonTest, ContractFields) {
  const nlohmann::json j = ScanToJson(Sample());
  EXPECT_EQ(j["schema"], "govscore.scan/1");
  EXPECT_EQ(j["site"], "http://x.gov.cn/");
  EXPECT_EQ(j["as_of"], "2024-06-30");
  ASSERT_EQ(j["pages"].size(), 2u);
  for (const char* k : {"url", "status", "kind", "charset", "title", "depth"}) {
    EXPECT_TRUE(j["pages"][0].contains(k)) << k;
  }
  EXPECT_EQ(j["pages"][0]["kind"], "home");
  EXPECT_EQ(j["pages"][1]["charset"], "gb18030");
  // One entry per page carrying the link.
  ASSERT_EQ(j["links"].size(), 3u);
  for (const char* k : {"source", "target", "result", "status"})
    EXPECT_TRUE(j["links"][0].contains(k)) << k;
  EXPECT_EQ(j["links"][0]["result"], "http_4xx");
  EXPECT_EQ(j["links"][0]["source"], "http://x.gov.cn/");
  EXPECT_EQ(j["links"][1]["source"], "http://x.gov.cn/a.html");
  EXPECT_EQ(j["links"][2]["result"], "redirect_ok");
  EXPECT_EQ(j["links"][2]["broken"], false);
  ASSERT_EQ(j["columns"].size(), 2u);
  for (const char* k : {"name", "url", "items", "newest", "empty", "stale"}) {
    EXPECT_TRUE(j["columns"][0].contains(k)) << k;
  }
  EXPECT_EQ(j["columns"][0]["newest"], "2023-01-01");
  EXPECT_EQ(j["columns"][0]["stale"], true);
  EXPECT_TRUE(j["columns"][1]["newest"].is_null());
  EXPECT_EQ(j["columns"][1]["empty"], true);
  // Per-item dates (date → count) and the items of the as_of year.
  EXPECT_EQ(j["columns"][0]["dates"], nlohmann::json({{"2023-01-01", 1}}));
  EXPECT_TRUE(j["columns"][1]["dates"].is_object());
  EXPECT_TRUE(j["columns"][1]["dates"].empty());
  EXPECT_EQ(j["columns"][0]["items_this_year"], 0);  // 2023 item, as_of 2024
  for (const char* k :
       {"site_code", "icp", "police_record", "sponsor", "error_report_link", "party_gov_label"}) {
    EXPECT_TRUE(j["footer"].contains(k)) << k;
  }
  EXPECT_EQ(j["footer"]["site_code"], "4201000088");
  ASSERT_EQ(j["privacy"].size(), 1u);
  EXPECT_EQ(j["privacy"][0]["masked"], "420102********1234");
  EXPECT_EQ(j["summary"]["broken_links"], 1);
  EXPECT_EQ(j["findings"]["traps"][0]["kind"], "calendar");
}

TEST(ScanJsonTest, ReaderIsTheInverseOfTheWriter) {
  ScanReport r = Sample();
  r.user_agent = "govscore/0.1";
  r.pages[1].final_url = "http://x.gov.cn/a2.html";
  r.pages[1].soft_404 = true;
  r.links[0].detail = "Not Found";
  r.links[0].external = true;
  LinkRecord start;  // the start URL itself: no source page
  start.target = "http://x.gov.cn/";
  start.result = LinkResult::kRedirectOk;
  start.status = 200;
  r.links.push_back(start);
  r.search = SearchForm{"/search", "get", "q"};
  r.accessibility_toolbar = true;
  r.privacy_policy_url = "http://x.gov.cn/privacy.html";
  r.home_meta = {{"SiteName", "示例市"}};
  r.tls.push_back({"x.gov.cn", "expired", "证书已过期"});
  r.robots.push_back({"x.gov.cn", 200, true, 3, 2, {"http://x.gov.cn/admin/"}});
  r.warnings = {"首页跳转到其他站点"};
  r.summary.by_result = {{"http_4xx", 1}, {"redirect_ok", 2}};
  r.summary.bytes = 1ull << 40;
  r.summary.seconds = 1.5;
  const nlohmann::json j = ScanToJson(r);
  const ScanReport back = ScanFromJson(j);
  EXPECT_EQ(ScanToJson(back), j);
  EXPECT_EQ(back.links.size(), r.links.size());  // per-source entries folded back
  EXPECT_EQ(back.links[0].sources, r.links[0].sources);
  EXPECT_TRUE(back.links[2].sources.empty());
  EXPECT_EQ(back.columns[0].item_dates, r.columns[0].item_dates);
  // The HTML report renders the same from the stored document.
  EXPECT_EQ(RenderScanHtml(back), RenderScanHtml(r));

  // A file written by the streaming writer reads back the same.
  const auto path = std::filesystem::temp_directory_path() / "govscore_scan_roundtrip.json";
  WriteScanJson(r, path);
  std::ifstream in(path);
  EXPECT_EQ(ScanToJson(ScanFromJson(nlohmann::json::parse(in))), j);
  std::filesystem::remove(path);
}

// The page lines are serialised by hand (speed): every string form must give
// the document ScanToJson builds — quotes, backslashes, control characters,
// DEL, non-ASCII and invalid UTF-8 (replaced as nlohmann replaces it).
TEST(ScanJsonTest, StreamedPageLinesEqualTheDocumentForAnyString) {
  ScanReport r;
  const std::vector<std::string> strings = {"",
                                            "plain",
                                            "引号\"与\\反斜杠",
                                            std::string("ctl\x01\x02\b\t\n\f\r\x1f\x7f end"),
                                            "http://x.gov.cn/a?b=\"c\"&d=<e>",
                                            std::string("bad \xff\xfe utf8 \xe6\x94"),
                                            "标题/斜杠 \u2028 行分隔"};
  int depth = 0;
  for (const std::string& s : strings) {
    PageRecord p;
    p.url = "http://x.gov.cn/" + std::to_string(depth) + s;
    p.title = s;
    p.charset = s.empty() ? "" : "utf-8";
    p.final_url = depth % 2 ? s : "";
    p.soft_404 = depth % 3 == 0;
    p.status = depth % 2 ? 200 : -1;
    p.depth = depth++;
    p.kind = PageKind::kArticle;
    r.pages.push_back(p);
  }
  const auto path = std::filesystem::temp_directory_path() / "govscore_scan_strings.json";
  WriteScanJson(r, path);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  // Invalid UTF-8 is replaced on the way out, so compare with the document
  // as nlohmann itself writes it.
  const nlohmann::json doc = ScanToJson(r);
  const nlohmann::json written =
      nlohmann::json::parse(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  EXPECT_TRUE(nlohmann::json::parse(ss.str()) == written);
  // Each page line is byte-identical to nlohmann's own dump of that page.
  for (const nlohmann::json& page : doc["pages"]) {
    const std::string line = page.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    EXPECT_NE(ss.str().find(line), std::string::npos) << line;
  }
}

TEST(ScanJsonTest, ReaderNamesTheBadField) {
  nlohmann::json j = ScanToJson(Sample());
  j["pages"][1]["kind"] = "blog";
  try {
    ScanFromJson(j);
    ADD_FAILURE() << "accepted an unknown page kind";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pages[1].kind"), std::string::npos) << e.what();
  }
  j = ScanToJson(Sample());
  j.erase("summary");
  EXPECT_THROW(ScanFromJson(j), Error);
  j = ScanToJson(Sample());
  j["schema"] = "govscore.scan/9";
  EXPECT_THROW(ScanFromJson(j), Error);
  EXPECT_THROW(ScanFromJson(nlohmann::json::array()), Error);
  j = ScanToJson(Sample());
  j["links"][0]["status"] = "404";
  EXPECT_THROW(ScanFromJson(j), Error);
}

TEST(ScanHtmlTest, ActionableChineseSelfContained) {
  const std::string h = RenderScanHtml(Sample());
  EXPECT_NE(h.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(h.find("链接问题"), std::string::npos);
  EXPECT_NE(h.find("http://x.gov.cn/gone.html"), std::string::npos);
  EXPECT_NE(h.find("空白栏目"), std::string::npos);
  EXPECT_NE(h.find("未按时更新"), std::string::npos);
  EXPECT_NE(h.find("网站标识码"), std::string::npos);
  EXPECT_NE(h.find("4201000088"), std::string::npos);
  EXPECT_NE(h.find("✘ 缺少"), std::string::npos);  // police record missing
  EXPECT_NE(h.find("420102********1234"), std::string::npos);
  EXPECT_NE(h.find("日历无限翻页"), std::string::npos);
  EXPECT_EQ(h.find("<script"), std::string::npos);  // page titles are escaped; no scripts
  EXPECT_EQ(h.find("<link "), std::string::npos);   // no external stylesheets
  EXPECT_EQ(h.find("src=\"http"), std::string::npos);
}

TEST(OutputFilesTest, WritesAndReportsBadPaths) {
  const auto dir = std::filesystem::temp_directory_path() / "govscore_output_test";
  std::filesystem::create_directories(dir);
  WriteScanJson(Sample(), dir / "scan.json");
  std::ifstream in(dir / "scan.json");
  std::stringstream ss;
  ss << in.rdbuf();
  // The streamed file holds exactly the document ScanToJson builds.
  EXPECT_EQ(nlohmann::json::parse(ss.str()), ScanToJson(Sample()));
  ScanReport empty;
  WriteScanJson(empty, dir / "empty.json");
  std::ifstream in2(dir / "empty.json");
  std::stringstream ss2;
  ss2 << in2.rdbuf();
  EXPECT_EQ(nlohmann::json::parse(ss2.str()), ScanToJson(empty));
  try {
    WriteScanHtml(Sample(), "/nonexistent-dir/x/report.html");
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/report.html"), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace govscore

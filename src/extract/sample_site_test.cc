// Extraction against the project's own generated government site (src/sample):
// every static HTML page of a generated site is extracted and compared with the
// site's ground truth — footer identity, search form, privacy link, columns
// (items and newest date over all list pages), personal data and decoys.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <map>
#include <set>

#include "extract/columns.h"
#include "extract/page.h"
#include "sample/site.h"

namespace govscore {
namespace {

std::string ToUtf8(const std::string& bytes, const std::string& charset) {
  if (charset.empty() || charset == "utf-8") return bytes;
  UErrorCode status = U_ZERO_ERROR;
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", "GB18030", out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

struct ColumnSeen {
  int items = 0;
  std::optional<Date> newest;
  int list_pages = 0;
};

TEST(SampleSite, ExtractionMatchesGroundTruth) {
  sample::SiteOptions so;
  so.articles = 300;
  so.seed = 7;
  const sample::Site site = sample::Site::Generate(so);
  const sample::GroundTruth& truth = site.truth();
  ExtractOptions o;
  o.as_of = truth.as_of;

  std::map<std::string, ColumnSeen> columns;  // by column dir
  std::set<std::string> leaks_found;          // path + masked
  std::set<std::string> gbk(truth.gbk_pages.begin(), truth.gbk_pages.end());
  int html_pages = 0;
  for (const std::string& path : site.StaticPaths()) {
    std::optional<sample::Resource> r = site.Render(path);
    ASSERT_TRUE(r) << path;
    if (r->content_type != "text/html") continue;
    ++html_pages;
    std::string charset = r->charset;
    if (gbk.count(path)) charset = "gbk";
    PageFacts f =
        ExtractPage(ToUtf8(r->body, charset), "http://" + truth.footer.site_domain + path, o);
    SCOPED_TRACE(path);
    // Footer identity on every page.
    EXPECT_EQ(f.footer.site_code, truth.footer.site_code);
    EXPECT_EQ(f.footer.icp, truth.footer.icp);
    EXPECT_EQ(f.footer.police_record, truth.footer.police_record);
    EXPECT_EQ(f.footer.sponsor, truth.footer.sponsor);
    EXPECT_EQ(f.footer.contact, truth.footer.phone);
    EXPECT_EQ(f.footer.party_gov_label_href, truth.footer.party_gov_label);
    EXPECT_EQ(f.footer.error_report_href, truth.footer.error_report_link);
    EXPECT_EQ(f.footer.error_report_site_code, truth.footer.site_code);
    ASSERT_TRUE(f.search);
    EXPECT_EQ(f.search->action, truth.footer.search_action);
    EXPECT_EQ(f.search->query_param, truth.footer.search_param);
    EXPECT_EQ(f.privacy_policy_href, truth.footer.privacy_link);
    EXPECT_TRUE(f.accessibility_toolbar);
    if (path == "/" || path == "/index.html") {
      EXPECT_EQ(f.kind, PageKind::kHome);
    }
    for (const PrivacyHit& h : f.privacy) leaks_found.insert(path + " " + h.masked);
    if (f.kind == PageKind::kColumnList) {
      ColumnSeen& c = columns[ColumnDirOfPath(path)];
      ++c.list_pages;
      c.items += static_cast<int>(f.items.size());
      for (const ListItem& item : f.items) {
        ASSERT_TRUE(item.date) << item.title;
        if (!c.newest || *item.date > *c.newest) c.newest = item.date;
      }
    }
  }
  EXPECT_GT(html_pages, 300);
  // The generated site exercises every list date form, an empty column and page leaks.
  std::set<std::string> forms;
  bool empty_column = false;
  for (const sample::PlantedColumn& col : truth.columns) {
    forms.insert(col.date_form);
    empty_column |= col.empty;
  }
  EXPECT_EQ(forms, (std::set<std::string>{"cn", "iso", "md", "slash", "year_heading"}));
  EXPECT_TRUE(empty_column);
  EXPECT_GT(leaks_found.size(), 0u);

  for (const sample::PlantedColumn& col : truth.columns) {
    SCOPED_TRACE(col.name + " " + col.path + " " + col.date_form);
    auto it = columns.find(col.path);
    ASSERT_NE(it, columns.end()) << "no list page recognised";
    EXPECT_EQ(it->second.list_pages, col.list_pages);
    EXPECT_EQ(it->second.items, col.items);
    EXPECT_EQ(it->second.newest, col.newest);
  }
  for (const sample::PlantedLeak& leak : truth.privacy) {
    if (leak.attachment) continue;
    EXPECT_TRUE(leaks_found.count(leak.path + " " + leak.masked))
        << leak.path << " " << leak.masked;
  }
  size_t page_leaks = 0;
  for (const sample::PlantedLeak& leak : truth.privacy) page_leaks += leak.attachment ? 0 : 1;
  EXPECT_EQ(leaks_found.size(), page_leaks) << "decoys reported as personal data";
}

}  // namespace
}  // namespace govscore

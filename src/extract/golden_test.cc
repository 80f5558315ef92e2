// Golden expectations for the real government pages in ../shared/real-pages:
// tests/golden/extract/<site>/<file>.json holds the page URL, the as-of date, the
// charset of the bytes and the expected key facts ("expect"). Every real page
// must have a golden file; only the keys present under "expect" are compared.
// Set GOVSCORE_GOLDEN_DUMP=<dir> to write what the extractor produced (for review,
// never to overwrite the goldens blindly).
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extract/page.h"

namespace govscore {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Gb18030ToUtf8(const std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", "GB18030", out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(n));
  return out;
}

json FactsJson(const PageFacts& f) {
  json j;
  j["kind"] = std::string(PageKindName(f.kind));
  j["title"] = f.title;
  j["base_href"] = f.base_href;
  j["meta"] = f.meta;
  j["article_title"] = f.article_title;
  j["article_date"] = f.article_date ? f.article_date->ToString() : "";
  j["article_source"] = f.article_source;
  j["footer"] = {{"site_code", f.footer.site_code},
                 {"icp", f.footer.icp},
                 {"police_record", f.footer.police_record},
                 {"sponsor", f.footer.sponsor},
                 {"organizer", f.footer.organizer},
                 {"contact", f.footer.contact},
                 {"party_gov_label_href", f.footer.party_gov_label_href},
                 {"error_report_href", f.footer.error_report_href},
                 {"error_report_site_code", f.footer.error_report_site_code}};
  j["link_count"] = f.links.size();
  json by_source = json::object();
  for (const RawLink& l : f.links) {
    std::string k(LinkSourceName(l.source));
    by_source[k] = by_source.value(k, 0) + 1;
  }
  j["link_count_by_source"] = by_source;
  j["nav_count"] = f.nav.size();
  json att = json::array();
  for (const RawLink& l : f.attachments) att.push_back(l.href);
  j["attachments"] = att;
  j["breadcrumb"] = f.breadcrumb;
  j["item_count"] = f.items.size();
  json items = json::array();
  for (size_t k = 0; k < f.items.size() && k < 3; ++k)
    items.push_back({{"title", f.items[k].title},
                     {"href", f.items[k].href},
                     {"date", f.items[k].date ? f.items[k].date->ToString() : ""}});
  j["first_items"] = items;
  j["pagination_count"] = f.pagination_hrefs.size();
  json pages = json::array();
  for (size_t k = 0; k < f.pagination_hrefs.size() && k < 3; ++k)
    pages.push_back(f.pagination_hrefs[k]);
  j["first_pagination_hrefs"] = pages;
  j["search"] = f.search ? json{{"action", f.search->action},
                                {"method", f.search->method},
                                {"query_param", f.search->query_param}}
                         : json(nullptr);
  j["accessibility_toolbar"] = f.accessibility_toolbar;
  j["privacy_policy_href"] = f.privacy_policy_href;
  json privacy = json::array();
  for (const PrivacyHit& h : f.privacy) privacy.push_back({{"kind", h.kind}, {"masked", h.masked}});
  j["privacy"] = privacy;
  j["soft404_text"] = f.soft404_text;
  return j;
}

TEST(Golden, EveryRealPageMatchesItsExpectation) {
  fs::path pages = fs::path(GOVSCORE_SHARED_DIR) / "real-pages";
  fs::path goldens = fs::path(GOVSCORE_SOURCE_DIR) / "tests/golden/extract";
  ASSERT_TRUE(fs::exists(pages)) << pages;
  const char* dump = std::getenv("GOVSCORE_GOLDEN_DUMP");
  int checked = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(pages))
    if (e.path().extension() == ".html") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& page : files) {
    std::string site = page.parent_path().filename().string();
    fs::path golden = goldens / site / (page.filename().string() + ".json");
    SCOPED_TRACE(golden.string());
    ASSERT_TRUE(fs::exists(golden)) << "missing golden file for " << page;
    json g = json::parse(ReadFile(golden));
    std::string bytes = ReadFile(page);
    std::string charset = g.value("charset", "utf-8");
    if (charset != "utf-8") bytes = Gb18030ToUtf8(bytes);
    ExtractOptions options;
    auto as_of = Date::Parse(g.at("as_of").get<std::string>());
    ASSERT_TRUE(as_of);
    options.as_of = *as_of;
    PageFacts facts = ExtractPage(bytes, g.at("url").get<std::string>(), options);
    json actual = FactsJson(facts);
    if (dump != nullptr) {
      fs::create_directories(fs::path(dump) / site);
      std::ofstream(fs::path(dump) / site / (page.filename().string() + ".json"))
          << actual.dump(2) << "\n";
    }
    const json& expect = g.at("expect");
    for (auto it = expect.begin(); it != expect.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << "unknown key " << it.key();
      EXPECT_EQ(actual[it.key()], it.value())
          << site << "/" << page.filename().string() << " key " << it.key();
    }
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace govscore

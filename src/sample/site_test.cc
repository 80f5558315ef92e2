#include "sample/site.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.h"
#include "sample/pages.h"
#include "sample/text.h"

namespace govscore::sample {
namespace {

SiteOptions Options(int articles, bool defects = true) {
  SiteOptions o;
  o.articles = articles;
  o.defects = defects;
  o.as_of = Date::FromYmd(2024, 6, 30);
  return o;
}

std::string Body(const Site& site, const std::string& path) {
  auto r = site.Render(path);
  EXPECT_TRUE(r.has_value()) << path;
  return r ? r->body : "";
}

std::string FromGbk(const std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open("GBK", &status);
  std::u16string wide(bytes.size() + 1, u'\0');
  const int32_t n = ucnv_toUChars(conv, wide.data(), static_cast<int32_t>(wide.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  ucnv_close(conv);
  EXPECT_FALSE(U_FAILURE(status));
  std::string out(static_cast<size_t>(n) * 3 + 1, '\0');
  int32_t len = 0;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len, wide.data(), n, &status);
  out.resize(static_cast<size_t>(len));
  return out;
}

bool ValidId(const std::string& id) {
  if (id.size() != 18) return false;
  for (int i = 0; i < 17; ++i) {
    if (!isdigit(static_cast<unsigned char>(id[static_cast<size_t>(i)]))) return false;
  }
  const int month = std::stoi(id.substr(10, 2));
  const int day = std::stoi(id.substr(12, 2));
  return IdCheckCharacter(id.substr(0, 17)) == id[17] && month >= 1 && month <= 12 && day >= 1 &&
         day <= 31;
}

TEST(SiteTest, SizesAreHonoured) {
  for (int n : {0, 1, 57, 300, 2001}) {
    const Site site = Site::Generate(Options(n));
    const GroundTruth& t = site.truth();
    int items = 0, list_pages = 0;
    for (const PlantedColumn& c : t.columns) {
      items += c.items;
      list_pages += c.list_pages;
      EXPECT_EQ(c.list_pages, std::max(1, (c.items + 19) / 20)) << c.name;
    }
    EXPECT_EQ(items, n);
    EXPECT_EQ(t.articles, n);
    int article_paths = 0;
    const std::regex article(R"(^/[a-z]+/\d{6}/t\d{8}_\d+\.html$)");
    for (const std::string& p : site.StaticPaths()) article_paths += std::regex_match(p, article);
    EXPECT_EQ(article_paths, n);
    EXPECT_EQ(t.pages, 1 + list_pages + n + 6);
  }
}

TEST(SiteTest, RejectsNegativeSize) { EXPECT_THROW(Site::Generate(Options(-1)), Error); }

TEST(SiteTest, DeterministicFromSeed) {
  const Site a = Site::Generate(Options(200));
  const Site b = Site::Generate(Options(200));
  EXPECT_EQ(a.truth().ToJson(), b.truth().ToJson());
  EXPECT_EQ(a.StaticPaths(), b.StaticPaths());
  for (const std::string& p : a.StaticPaths()) ASSERT_EQ(Body(a, p), Body(b, p)) << p;
  SiteOptions other = Options(200);
  other.seed = 2;
  const Site c = Site::Generate(other);
  EXPECT_NE(Body(a, "/index.html"), Body(c, "/index.html"));
}

TEST(SiteTest, ColumnsMatchListPages) {
  const Site site = Site::Generate(Options(700));
  const std::regex item(R"(<li><a href="\./\d{6}/t(\d{8})_\d+\.html")");
  for (const PlantedColumn& c : site.truth().columns) {
    int found = 0;
    std::string first_page;
    for (int p = 0; p < c.list_pages; ++p) {
      const std::string body =
          Body(site, c.path + (p == 0 ? "index.html" : "index_" + std::to_string(p) + ".html"));
      if (p == 0) first_page = body;
      found += static_cast<int>(std::distance(std::sregex_iterator(body.begin(), body.end(), item),
                                              std::sregex_iterator()));
      if (p + 1 < c.list_pages) {
        EXPECT_NE(body.find("下一页"), std::string::npos);
      }
      if (p + 1 < c.list_pages) {
        EXPECT_NE(body.find("尾页"), std::string::npos);
      }
    }
    EXPECT_EQ(found, c.items) << c.name;
    EXPECT_NE(first_page.find("<meta name=\"ColumnName\" content=\"" + c.name + "\">"),
              std::string::npos);
    if (c.empty) {
      EXPECT_NE(first_page.find("暂无信息"), std::string::npos);
      EXPECT_FALSE(c.newest.has_value());
    } else {
      ASSERT_TRUE(c.newest.has_value());
      EXPECT_NE(first_page.find(FormatListDate(*c.newest, c.date_form)), std::string::npos)
          << c.name;
      EXPECT_LE(*c.newest, site.truth().as_of);
      EXPECT_LE(*c.oldest, *c.newest);
    }
  }
}

TEST(SiteTest, DateFormsAppearAsWritten) {
  const Site site = Site::Generate(Options(400));
  std::map<std::string, std::string> first;
  for (const PlantedColumn& c : site.truth().columns) first[c.slug] = Body(site, c.path);
  EXPECT_TRUE(std::regex_search(first["zwdt"], std::regex(R"(>20\d\d-\d\d-\d\d</span>)")));
  EXPECT_TRUE(
      std::regex_search(first["tzgg"], std::regex(R"(>20\d\d年\d{1,2}月\d{1,2}日</span>)")));
  EXPECT_TRUE(std::regex_search(first["zcjd"], std::regex(R"(>20\d\d/\d\d/\d\d</span>)")));
  EXPECT_TRUE(std::regex_search(first["rsxx"], std::regex(R"(>\[\d\d-\d\d\]</span>)")));
  EXPECT_TRUE(std::regex_search(first["sjfb"], std::regex(R"(<h3 class="year">20\d\d年</h3>)")));
  // [MM-DD] items are all within the year before as_of, so the year is unambiguous.
  for (const PlantedColumn& c : site.truth().columns) {
    if (c.date_form == "md" && c.oldest) {
      EXPECT_GT(*c.oldest, site.truth().as_of.AddYears(-1));
    }
  }
}

TEST(SiteTest, OneEmptyAndOneStaleColumnOnlyWithDefects) {
  const Site bad = Site::Generate(Options(500));
  std::set<std::string> empty, stale;
  for (const PlantedColumn& c : bad.truth().columns) {
    if (c.empty) empty.insert(c.slug);
    if (c.stale) stale.insert(c.slug);
  }
  EXPECT_EQ(empty, std::set<std::string>{"ghjh"});
  EXPECT_EQ(stale, std::set<std::string>{"tzgg"});
  const auto& tzgg = bad.truth().columns[1];
  EXPECT_LT(*tzgg.newest, bad.truth().as_of.AddMonths(-6));
  const Site clean = Site::Generate(Options(500, false));
  for (const PlantedColumn& c : clean.truth().columns) {
    EXPECT_FALSE(c.empty) << c.name;
    EXPECT_FALSE(c.stale) << c.name;
    // Fresh columns are far from every limit: newest within 2 days.
    EXPECT_GE(*c.newest, clean.truth().as_of.AddDays(-2));
  }
  EXPECT_EQ(clean.truth().broken_links.size(), 2u);  // only redirect_ok links
  for (const auto& l : clean.truth().broken_links) EXPECT_EQ(l.expected, "redirect_ok");
  EXPECT_TRUE(clean.truth().privacy.empty());
  EXPECT_FALSE(clean.truth().decoys.empty());
}

TEST(SiteTest, EveryLinkClassIsPlantedOnItsSourcePage) {
  const Site site = Site::Generate(Options(300));
  std::set<std::string> classes;
  for (const PlantedLink& l : site.truth().broken_links) {
    classes.insert(l.expected);
    std::string escaped = std::regex_replace(l.href, std::regex("&"), "&amp;");
    EXPECT_NE(Body(site, l.source).find("href=\"" + escaped + "\""), std::string::npos)
        << l.source << " " << l.href;
    if (l.target.rfind("/", 0) == 0) {
      const Reply r = site.Answer("GET", l.target, "", 1);
      if (l.expected == "http_4xx") {
        EXPECT_EQ(r.status / 100, 4) << l.target;
        EXPECT_FALSE(site.Render(l.target).has_value());
      } else if (l.expected == "http_5xx") {
        EXPECT_EQ(r.status / 100, 5) << l.target;
      } else if (l.expected == "timeout") {
        EXPECT_TRUE(r.slow);
      } else if (l.expected == "soft_404") {
        EXPECT_EQ(r.status, 200);
        EXPECT_NE(r.body.find("页面不存在"), std::string::npos);
      } else {
        // Follow the redirect chain.
        std::string at = l.target;
        int hops = 0;
        std::set<std::string> seen;
        bool loop = false;
        Reply cur = r;
        while (cur.status / 100 == 3 && hops < 40) {
          if (!seen.insert(at).second) {
            loop = true;
            break;
          }
          at = cur.location;
          cur = site.Answer("GET", at, "", 1);
          ++hops;
        }
        if (l.expected == "redirect_loop") {
          EXPECT_TRUE(loop) << l.target;
        }
        if (l.expected == "too_many_redirects") {
          EXPECT_FALSE(loop);
          EXPECT_GT(hops, 20);
          EXPECT_EQ(cur.status, 200);
        }
        if (l.expected == "redirect_ok") {
          EXPECT_FALSE(loop);
          EXPECT_LE(hops, 3);
          EXPECT_GE(hops, 1);
          EXPECT_EQ(cur.status, 200);
        }
      }
    } else if (l.expected == "refused") {
      EXPECT_EQ(l.target.rfind("http://127.0.0.1:1/", 0), 0u);
    } else if (l.expected == "dns") {
      EXPECT_NE(l.target.find(".invalid/"), std::string::npos);
    } else {
      EXPECT_EQ(l.expected, "invalid_url") << l.target;
    }
  }
  EXPECT_EQ(classes, (std::set<std::string>{"http_4xx", "http_5xx", "timeout", "dns", "refused",
                                            "redirect_loop", "too_many_redirects", "soft_404",
                                            "invalid_url", "redirect_ok"}));
}

TEST(SiteTest, NoOtherLinkIsBroken) {
  // Every same-site href on every static page resolves to a 200 answer unless
  // the truth lists it; offsite links only go to the documented hosts.
  const Site site = Site::Generate(Options(120));
  std::set<std::pair<std::string, std::string>> planted;
  for (const PlantedLink& l : site.truth().broken_links) planted.insert({l.source, l.href});
  const std::regex href(R"((?:href|src)="([^"]*)\")");
  int checked = 0;
  for (const std::string& path : site.StaticPaths()) {
    const auto r = site.Render(path);
    if (r->content_type != "text/html" || r->charset != "utf-8") continue;
    const std::string source = path == "/index.html" ? "/" : path;
    for (auto it = std::sregex_iterator(r->body.begin(), r->body.end(), href);
         it != std::sregex_iterator(); ++it) {
      std::string h = std::regex_replace((*it)[1].str(), std::regex("&amp;"), "&");
      if (planted.count({source, h})) continue;
      if (h.find("://") != std::string::npos) {
        bool offsite = false;
        for (const auto& host : site.truth().offsite_hosts)
          offsite |= h.find("//" + host + "/") != std::string::npos;
        EXPECT_TRUE(offsite) << path << " " << h;
        continue;
      }
      std::string target = h;
      std::string query;
      if (auto q = target.find('?'); q != std::string::npos) {
        query = target.substr(q + 1);
        target = target.substr(0, q);
      }
      if (target.empty()) target = path;  // "?date=..."
      if (target[0] != '/') {
        std::string dir = path.substr(0, path.rfind('/') + 1);
        if (target.rfind("./", 0) == 0) target = target.substr(2);
        target = dir + target;
      }
      Reply reply = site.Answer("GET", target, query, 2);
      int hops = 0;
      while (reply.status / 100 == 3 && hops++ < 5)
        reply = site.Answer("GET", reply.location, "", 2);
      EXPECT_EQ(reply.status, 200) << path << " -> " << h;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(SiteTest, EveryAbsoluteUrlIsLoopbackInvalidOrDeclaredOffsite) {
  // Nothing in the site may lead a checker off the machine unannounced.
  const Site site = Site::Generate(Options(150));
  std::set<std::string> allowed(site.truth().offsite_hosts.begin(),
                                site.truth().offsite_hosts.end());
  allowed.insert("127.0.0.1");
  allowed.insert("exa mple.gov.cn");  // invalid_url: never fetchable
  const std::regex url(R"(https?(?:://|%3A%2F%2F)([^/:"%<]+))");
  std::set<std::string> hosts;
  for (const std::string& path : site.StaticPaths()) {
    const auto r = site.Render(path);
    if (r->charset != "utf-8") continue;
    for (auto it = std::sregex_iterator(r->body.begin(), r->body.end(), url);
         it != std::sregex_iterator(); ++it) {
      hosts.insert((*it)[1].str());
    }
  }
  EXPECT_GE(hosts.size(), 5u);
  for (const std::string& h : hosts) {
    const bool invalid = h.size() > 8 && h.ends_with(".invalid");
    EXPECT_TRUE(invalid || allowed.count(h)) << h;
  }
}

TEST(SiteTest, PrivacyLeaksAndDecoys) {
  const Site site = Site::Generate(Options(300));
  const GroundTruth& t = site.truth();
  int ids = 0, mobiles = 0, in_attachments = 0;
  std::set<std::string> exts;
  for (const PlantedLeak& l : t.privacy) {
    EXPECT_NE(Body(site, l.path).find(l.value), std::string::npos) << l.path;
    if (l.kind == "id_number") {
      ++ids;
      EXPECT_TRUE(ValidId(l.value)) << l.value;
      EXPECT_EQ(l.masked, l.value.substr(0, 6) + "********" + l.value.substr(14));
    } else {
      ++mobiles;
      EXPECT_TRUE(std::regex_match(l.value, std::regex("1[3-9]\\d{9}")));
      EXPECT_EQ(l.masked, l.value.substr(0, 3) + "****" + l.value.substr(7));
    }
    if (l.attachment) {
      ++in_attachments;
      exts.insert(l.path.substr(l.path.rfind('.') + 1));
    }
  }
  EXPECT_EQ(ids, 7);
  EXPECT_EQ(mobiles, 7);
  EXPECT_EQ(in_attachments, 10);
  EXPECT_EQ(exts, (std::set<std::string>{"txt", "csv"}));
  std::set<std::string> whys;
  for (const PlantedDecoy& d : t.decoys) {
    whys.insert(d.why);
    EXPECT_NE(Body(site, d.path).find(d.text), std::string::npos) << d.path;
    const std::smatch m = [&] {
      std::smatch s;
      std::regex_search(d.text, s, std::regex(R"(\d{17}[\dX])"));
      return s;
    }();
    if (d.why == "id_bad_checksum" || d.why == "id_bad_birthdate") {
      ASSERT_FALSE(m.empty());
      EXPECT_FALSE(ValidId(m.str()));
    }
  }
  EXPECT_EQ(whys, (std::set<std::string>{"already_masked", "id_bad_checksum", "id_bad_birthdate",
                                         "not_mobile", "order_number"}));
}

TEST(SiteTest, GbkPagesAreEncodedAndDeclared) {
  const Site site = Site::Generate(Options(300));
  const GroundTruth& t = site.truth();
  ASSERT_GE(t.gbk_pages.size(), 10u);
  ASSERT_FALSE(t.gbk_meta_only.empty());
  EXPECT_LT(t.gbk_meta_only.size(), t.gbk_pages.size());
  for (const std::string& p : t.gbk_pages) {
    const auto r = site.Render(p);
    const bool meta_only =
        std::find(t.gbk_meta_only.begin(), t.gbk_meta_only.end(), p) != t.gbk_meta_only.end();
    EXPECT_EQ(r->charset, meta_only ? "" : "GBK");
    EXPECT_EQ(r->body.find("示例市人民政府"), std::string::npos);  // not UTF-8
    const std::string utf8 = FromGbk(r->body);
    EXPECT_NE(utf8.find("charset=gbk"), std::string::npos);
    EXPECT_NE(utf8.find("<meta name=\"SiteName\" content=\"示例市人民政府\">"), std::string::npos);
    EXPECT_NE(utf8.find("发布日期："), std::string::npos);
  }
  SiteOptions no_gbk = Options(300);
  no_gbk.gbk_pages = false;
  EXPECT_TRUE(Site::Generate(no_gbk).truth().gbk_pages.empty());
}

TEST(SiteTest, FooterAndMetaLabels) {
  const Site site = Site::Generate(Options(50));
  const FooterTruth& f = site.truth().footer;
  EXPECT_TRUE(std::regex_match(f.site_code, std::regex(R"(\d{10})")));
  EXPECT_TRUE(std::regex_match(f.police_code, std::regex(R"(\d{14})")));
  EXPECT_NE(f.error_report_link.find("site_code=" + f.site_code), std::string::npos);
  const std::string home = Body(site, "/");
  for (const std::string& s : {f.site_code, f.icp, f.police_record, f.sponsor, f.phone,
                               f.privacy_link, f.accessibility_link}) {
    EXPECT_NE(home.find(s), std::string::npos) << s;
  }
  EXPECT_NE(home.find("action=\"" + f.search_action + "\""), std::string::npos);
  EXPECT_NE(home.find("name=\"" + f.search_param + "\""), std::string::npos);
  EXPECT_NE(home.find(std::regex_replace(f.party_gov_label, std::regex("&"), "&amp;")),
            std::string::npos);
  EXPECT_NE(home.find("我为政府网站找错"), std::string::npos);
  EXPECT_NE(home.find("<meta name=\"SiteIDCode\" content=\"" + f.site_code + "\">"),
            std::string::npos);
  // An article carries the content labels.
  for (const std::string& p : site.StaticPaths()) {
    if (!std::regex_match(p, std::regex(R"(^/zwdt/\d{6}/t\d{8}_\d+\.html$)"))) continue;
    const std::string body = Body(site, p);
    EXPECT_TRUE(std::regex_search(
        body, std::regex(R"(<meta name="PubDate" content="\d{4}-\d\d-\d\d \d\d:\d\d">)")));
    EXPECT_NE(body.find("<meta name=\"ArticleTitle\""), std::string::npos);
    EXPECT_NE(body.find("<meta name=\"ContentSource\""), std::string::npos);
    EXPECT_NE(body.find("发布日期："), std::string::npos);
    EXPECT_NE(body.find("来源："), std::string::npos);
    break;
  }
}

TEST(SiteTest, AttachmentsHaveRealFormats) {
  const Site site = Site::Generate(Options(600));
  std::set<std::string> seen;
  for (const std::string& p : site.truth().head_refused) {
    const std::string ext = p.substr(p.rfind('.') + 1);
    const std::string body = Body(site, p);
    seen.insert(ext);
    if (ext == "pdf") {
      EXPECT_EQ(body.rfind("%PDF-", 0), 0u);
      EXPECT_NE(body.find("%%EOF"), std::string::npos);
    }
    if (ext == "docx") {
      EXPECT_EQ(body.rfind("PK\x03\x04", 0), 0u);
      EXPECT_NE(body.find("word/document.xml"), std::string::npos);
    }
    if (ext == "xlsx") {
      EXPECT_NE(body.find("xl/worksheets/sheet1.xml"), std::string::npos);
    }
    EXPECT_EQ(site.Answer("HEAD", p, "", 1).status, 405);
    EXPECT_EQ(site.Answer("GET", p, "", 1).status, 200);
  }
  EXPECT_EQ(static_cast<int>(site.truth().head_refused.size()), site.truth().attachments);
  EXPECT_GE(seen.size(), 5u);
}

TEST(SiteTest, WriteToProducesFilesTruthAndNginxConfig) {
  const Site site = Site::Generate(Options(80));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("govscore-sample-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  site.WriteTo(dir, 18080);
  for (const std::string& p : site.StaticPaths()) {
    ASSERT_TRUE(std::filesystem::exists(dir / "www" / p.substr(1))) << p;
  }
  std::ifstream in(dir / "truth.json");
  EXPECT_EQ(nlohmann::json::parse(in), site.truth().ToJson());
  std::ifstream conf_in(dir / "nginx-site.conf");
  std::stringstream conf;
  conf << conf_in.rdbuf();
  EXPECT_NE(conf.str().find("listen 127.0.0.1:18080;"), std::string::npos);
  EXPECT_NE(
      conf.str().find("location = /redirect/loop-a.html { return 302 /redirect/loop-b.html; }"),
      std::string::npos);
  EXPECT_NE(conf.str().find("location = " + site.truth().gbk_pages[0]), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "behaviours.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "www/_nginx/soft404.html"));
  std::filesystem::remove_all(dir);
  EXPECT_THROW(site.WriteTo("/proc/govscore-cannot-write"), Error);
}

TEST(TextTest, IdNumbers) {
  Rng rng(7);
  for (int i = 0; i < 200; ++i) {
    EXPECT_TRUE(ValidId(IdNumber(rng)));
    EXPECT_FALSE(ValidId(IdNumber(rng, false, true)));
    EXPECT_FALSE(ValidId(IdNumber(rng, true, false)));
  }
  // GB 11643 example: 11010519491231002X.
  EXPECT_EQ(IdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
}

}  // namespace
}  // namespace govscore::sample

// Site-level facts for the issue-7 measures, gathered over a scan from the
// per-page PageSignals (extract/signals.h) and judged at its end:
// 政策解读 ↔ 政策文件 pairs (links both ways, 文号/title matches, forms, 照搬原文),
// 来源 on articles, function entries, 政府信息公开 entries, annual reports,
// 网站地图 against the real column tree, external hosts linked to.
// docs/scan-output.md (`site_facts`) and docs/measures.md §3 describe the output.
//
// The crawl thread owns a SiteFactsCollector: Add… calls in crawl order, then
// Finish once with what the scan knows about columns, pages and broken links.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checks/columns.h"
#include "checks/ipv6.h"
#include "checks/search_probe.h"
#include "core/date.h"
#include "extract/signals.h"

namespace govscore {

// A policy or interpretation article; URLs are absolute, normal form.
struct PolicyArticle {
  std::string url;
  std::string title;
  std::string column;
  std::string doc_number;
  bool policy = false;
  bool interpretation = false;
  std::vector<std::string> forms;          // interpretation forms (图解 视频 发布会 文字)
  std::vector<std::string> related;        // resolved content anchors
  std::vector<std::string> quoted_titles;  // 《…》 in the title
  TextSketch sketch;
};

// One interpretation matched with the policy it explains.
struct InterpretationPair {
  std::string interpretation;      // URL
  std::string policy;              // URL
  std::string matched_by;          // "link" (the interpretation links to it), "back_link" (only the
                                   // policy links to the interpretation), "doc_number", "title"
  bool links_to_policy = false;    // the interpretation page links to the policy page
  bool policy_links_back = false;  // the policy page links to the interpretation page
  double similarity = 0;           // estimated Jaccard of the body texts' 5-gram shingles
  double containment = 0;  // estimated share of the interpretation's shingles found in the policy
  bool copied = false;     // 照搬原文: similarity >= 0.6 or containment >= 0.8
};

struct PolicyFacts {
  size_t policies = 0;
  size_t interpretations = 0;
  std::vector<InterpretationPair> pairs;
  std::vector<std::string> unmatched_interpretations;  // no policy found for them
  std::vector<std::string> policies_without;  // policies no interpretation refers to (cap 500)
  size_t policies_with = 0;                   // policies with at least one interpretation
  std::map<std::string, size_t> forms;        // form → interpretations
  std::map<std::string, std::vector<std::string>> form_examples;  // form → up to 5 URLs
  // Interpretations in a form other than 文字 (图解, 视频 or 发布会), cap 500.
  std::vector<std::string> non_text;
};

// One 征集调查 list item (activity or result), by URL.
struct SurveyFact {
  std::string url, title, page;
  std::optional<Date> date;
  bool result = false;
  std::string result_url;  // activities: the matching result ("" when none)
};

// A 专题 and the resource classes (TopicResourceClasses names) its pages name.
struct TopicFact {
  std::string name;
  std::string url;  // first page of it crawled
  std::vector<std::string> classes;
};

struct SourceFacts {
  size_t articles = 0;                      // article pages crawled
  size_t with_source = 0;                   // with a 来源 (label or ContentSource meta)
  size_t reprint_marked = 0;                // saying 转载/转自
  std::vector<std::string> without_source;  // URLs, cap 200
};

struct FunctionEntry {
  std::string url;   // resolved target of the first anchor naming it
  std::string text;  // the anchor text
  std::string page;  // the page carrying it: the shallowest, then the least URL
  // After Finish: "ok" (crawled 2xx or a non-empty column), "empty" (an empty
  // column), "broken" (a broken link), "unchecked" (not crawled, e.g. off-site).
  std::string status;
  int depth = 0;  // the page's depth (not written out)
};

struct ReportFact {
  std::string kind;  // xxgk_annual | web_annual
  int year = 0;
  std::string title, url, page;
  std::optional<Date> date;
};

struct SitemapFacts {
  std::string url;  // the 网站地图 page; empty when none was crawled
  size_t entries = 0;
  std::vector<std::string> missing_columns;  // column URLs (crawled) absent from the map
  std::vector<std::string> dead_entries;     // map entries that are broken links
  std::vector<std::string> extra_entries;    // map entries neither a column nor a crawled page
  std::vector<std::pair<std::string, std::vector<std::string>>>
      duplicate_columns;  // column name → its URLs (2 or more)
};

struct ExternalHost {
  std::string host;
  std::string url;   // first URL seen on it
  std::string page;  // the page carrying it: the shallowest, then the least URL
  size_t links = 0;  // pages × links to the host (occurrences)
};

struct SiteFacts {
  PolicyFacts policy;
  SourceFacts sources;
  std::map<std::string, FunctionEntry> functions;  // key (FunctionKeys) → entry
  std::vector<ReportFact> reports;
  SitemapFacts sitemap;
  std::vector<ExternalHost> external_hosts;  // by host name
  // The site-search title probe (checks/search_probe.h); set by the crawl
  // after Finish when the site has a search form and an article.
  std::optional<SearchProbe> search_probe;
  // Query services (anchors saying 查询), by anchor text, first 500 texts;
  // status as for functions.
  std::vector<FunctionEntry> query_services;
  // IPv6 support (checks/ipv6.h); `checked` false unless ScanOptions::ipv6_check.
  Ipv6Report ipv6;
  // Data release pages: how many were crawled, their attachment files (status
  // as for functions; first 500) and the update frequencies they state (page → value).
  size_t data_pages = 0;
  std::vector<FunctionEntry> data_files;  // text = "" ; url = the file; page = first page
  std::vector<std::pair<std::string, std::string>> data_frequencies;  // first 50
  // 征集调查 items (activities and results, first 500 by URL); after Finish each
  // activity carries the result whose subject (SurveySubject) matches its own.
  std::vector<SurveyFact> surveys;
  // 专题 found by breadcrumb or column label, by name (first 200).
  std::vector<TopicFact> topics;
  // 网页标签: column and article pages checked, those carrying every required
  // tag, and the others (URL → missing tag names; first 200).
  size_t label_column_pages = 0, label_content_pages = 0, label_pages_ok = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> labels_missing;
};

class SiteFactsCollector {
 public:
  // `site_host`: host of the scanned site (links to other hosts are external).
  explicit SiteFactsCollector(std::string site_host);

  // One parsed page whose signals went through ResolveSignals (hrefs are
  // absolute URLs in normal form).
  // `depth`: the page's crawl depth. Of the pages naming a function, the
  // shallowest (then the least URL) is kept, whatever order they come in.
  void AddPage(const std::string& page_url, const PageSignals& s, int depth = 0);

  // Judges what was gathered. `crawled`: URLs of 2xx pages (not soft-404);
  // `broken`: broken link targets; `columns`: the scan's columns.
  SiteFacts Finish(const std::vector<ColumnStats>& columns, const std::set<std::string>& crawled,
                   const std::set<std::string>& broken);

 private:
  void AddExternalHosts(const PageSignals& s, const std::string& page_url);

  std::string site_host_;
  std::vector<PolicyArticle> articles_;
  SiteFacts facts_;
  std::vector<std::pair<std::string, std::string>> sitemap_links_;  // url, text
  std::map<std::string, ExternalHost> hosts_;
  std::map<std::string, FunctionEntry> query_services_;             // by anchor text
  std::map<std::string, FunctionEntry> data_files_;                 // by URL
  std::map<std::string, SurveyFact> surveys_;                       // by URL
  std::map<std::string, std::pair<std::string, uint32_t>> topics_;  // name → (url, classes)
};

// Matches interpretations to policies and fills PolicyFacts (exposed for tests).
PolicyFacts MatchInterpretations(const std::vector<PolicyArticle>& articles);

}  // namespace govscore

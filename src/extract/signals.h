// Per-page facts for the issue-7 measures (政策解读 ↔ 政策文件, 来源, functions
// present, 网站地图, 政府信息公开 entries, annual reports), computed from the
// PageFacts that ExtractPage already produced: no further pass over the DOM,
// only over the collected links, items, title and (for policy and
// interpretation articles) the visible text. Thread-safe, never throws.
// docs/measures.md §3 says how each fact becomes a measure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "extract/page.h"

namespace govscore {

// One anchor whose text names a site function or a 政府信息公开 entry.
struct FunctionAnchor {
  std::string key;   // see FunctionKeys(): "sitemap", "smart_qa", "xxgk_guide", ...
  std::string href;  // raw, as written
  std::string text;  // anchor text
};

// A title naming an annual report, from a list item or the article itself.
struct ReportMention {
  std::string
      kind;  // "xxgk_annual" (政府信息公开工作年度报告) | "web_annual" (政府网站工作年度报表)
  int year = 0;  // the reported year (the 2023 report is published in 2024)
  std::string title;
  std::string href;  // raw; empty for the page itself
  std::optional<Date> date;
};

// Bottom-k sketch of a text's character 5-gram shingles (Han, letters and
// digits only; punctuation and spaces dropped): the k smallest distinct
// 64-bit shingle hashes, ascending, and the number of distinct shingles.
struct TextSketch {
  std::vector<uint64_t> mins;
  uint32_t shingles = 0;
};
constexpr size_t kSketchSize = 128;
TextSketch SketchText(std::string_view utf8);
// Estimated Jaccard similarity of the two shingle sets (0 when either is empty).
double SketchJaccard(const TextSketch& a, const TextSketch& b);
// Estimated share of `a`'s shingles that also occur in `b` (containment of a in b).
double SketchContainment(const TextSketch& a, const TextSketch& b);

struct PageSignals {
  // --- article role (kind == kArticle only) ---
  bool article = false;
  bool policy = false;          // a policy document (政策文件 column, or carries a 文号)
  bool interpretation = false;  // a 政策解读 (column or title says 解读/图解/答记者问 ...)
  std::string title;            // article title (else <title>)
  std::string column;           // ColumnName label, else the breadcrumb's last column entry
  std::string doc_number;       // 文号 as written, e.g. "示政发〔2024〕3号"; "" when none
  // Interpretation forms: any of "图解", "视频", "发布会"; "文字" when none of them.
  std::vector<std::string> forms;
  // Content anchors (not nav/footer/attachment, text >= 2 characters), raw,
  // for policy and interpretation articles only; capped at 40.
  std::vector<std::string> related_hrefs;
  // Quoted titles 《…》 in the article title (what an interpretation explains).
  std::vector<std::string> quoted_titles;
  TextSketch sketch;  // body text, policy and interpretation articles only
  // 来源 (article_source) and whether the page says it is reprinted (转载/转自).
  std::string source;
  bool reprint_marked = false;

  // --- any page ---
  std::vector<FunctionAnchor> functions;  // first anchor per key on this page
  std::vector<ReportMention> reports;
  // The page is a 网站地图 (title or the last breadcrumb entry says so): its
  // content anchors (outside nav and footer), raw href and text.
  bool sitemap = false;
  std::vector<std::pair<std::string, std::string>> sitemap_links;
  // Hosts other than the page's own linked by anchors, with the first URL
  // seen on each (filled by ResolveSignals).
  std::vector<std::pair<std::string, std::string>> external_hosts;
  // Anchors whose text names a query service (contains 查询, at most 20
  // characters): raw href and text, for the 便民查询 catalogues.
  std::vector<std::pair<std::string, std::string>> query_links;
  // Data release pages (数据发布/统计数据/统计信息/数据开放/统计公报 in the column
  // label, the breadcrumb or the title): their attachment links (raw hrefs,
  // capped at 100) and a stated update frequency ("更新频率：每月" → "每月").
  bool data_page = false;
  std::vector<std::string> data_files;
  std::string update_frequency;
  // 征集调查 pages (征集/调查 in the column label, the breadcrumb or the
  // title): their dated list items (raw href, capped at 100), each either an
  // activity or a result (结果/反馈/采纳/答复/回应/汇总 in its title).
  struct SurveyItem {
    std::string href;
    std::string title;
    std::optional<Date> date;
    bool result = false;
  };
  std::vector<SurveyItem> survey_items;
  // 专题专栏 pages: the topic this page belongs to (the breadcrumb entry after
  // the one saying 专题, else a column label or title saying 专题 other than
  // 专题专栏 itself) and the resource classes its content anchors and list items
  // name (bits of TopicResourceClasses()). Empty topic: not a topic page.
  std::string topic;
  uint32_t topic_classes = 0;
  // 网页标签 (REFERENCE.md §2.5): column list pages must carry the site and
  // column <meta> tags, article pages the site and content tags.
  // labels_checked: the page is one of those; labels_missing: the required
  // names it lacks (or has empty).
  bool labels_checked = false;
  bool labels_column_page = false;
  std::vector<std::string> labels_missing;
};

// The resource classes seed 001 counts per 专题 (工作背景, 政策依据, 工作进展,
// 工作成果, 服务, 知识, 互动), in bit order, with the words that name them.
const std::vector<std::pair<std::string, std::vector<std::string>>>& TopicResourceClasses();

// The survey activity's subject for matching it with its result: the title
// without boilerplate (关于, 征求, 意见, 结果, 反馈, 的 …); "" when too short.
std::string SurveySubject(std::string_view title);

// The function keys and the anchor texts that name them (docs/measures.md §3).
const std::vector<std::pair<std::string, std::vector<std::string>>>& FunctionKeys();

// 文号 in `text` ("国办发〔2019〕19号", "示政规[2024]3号", "X政办发（2023）12号"): the
// first one within the first `window` bytes; "" when none.
std::string FindDocNumber(std::string_view text, size_t window = 4000);

// The signals of one page. `f.text` must be filled (ExtractOptions::keep_text)
// for the sketch and 转载 marks; without it those stay empty.
PageSignals ExtractSignals(const PageFacts& f);

// Replaces every raw href in `s` (functions, reports, sitemap links, related
// hrefs) by `resolve(href)`: the absolute URL in normal form, or "" when the
// href is not a link (such entries are dropped). Fills s.external_hosts from
// the anchors of `f` whose resolved host differs from `page_host`.
void ResolveSignals(PageSignals& s, const PageFacts& f, std::string_view page_host,
                    const std::function<std::string(std::string_view)>& resolve);

// The host of an absolute URL, lower case, without port ("" when none).
std::string UrlHost(std::string_view url);

}  // namespace govscore

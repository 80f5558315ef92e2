// The extract stage: one fetched page (UTF-8 HTML and the URL it was fetched
// from) in, the facts the checks and the crawl need out. Extraction never
// fetches, never resolves URLs (the frontier does that, using base_href and the
// page URL) and never throws for bad markup: whatever the input, ExtractPage
// returns, recording recoverable problems in PageFacts::warnings. All functions
// here are thread-safe: crawl workers call them concurrently (PDF text
// extraction is serialized internally because poppler keeps global state).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace govscore {

// Where a link was found. The frontier decides which sources it follows (pages)
// and which it only checks (images, scripts, stylesheets, attachments).
enum class LinkSource {
  kAnchor,          // <a href>
  kArea,            // <area href>
  kImg,             // <img src>, <input type=image src>, <video/audio/source src>
  kSrcset,          // one candidate of <img/source srcset>
  kScript,          // <script src>
  kStylesheet,      // <link rel=stylesheet href>
  kLinkOther,       // any other <link href> (icon, alternate, canonical, ...)
  kIframe,          // <iframe src>
  kFrame,           // <frame src>
  kMetaRefresh,     // <meta http-equiv=refresh content="0;url=...">
  kScriptRedirect,  // inline script: location.href='...', window.location=...,
                    // location.replace(...)
  kForm,            // <form action> (search forms and others)
  kEmbed,           // <embed src>, <object data>
};

// Stable lower-case name for output ("anchor", "img", "meta_refresh", ...).
std::string_view LinkSourceName(LinkSource source);

struct RawLink {
  std::string href;  // as written in the page, entities decoded, whitespace trimmed
  LinkSource source = LinkSource::kAnchor;
  std::string text;  // anchor text (or alt/title when the anchor has no text), collapsed
  // True when the path ends in an attachment extension (see IsAttachmentHref).
  bool is_attachment = false;
  bool in_nav = false;     // inside the page's navigation menu
  bool in_footer = false;  // inside the footer (底部功能区)
};

// True when the path of `href` (query and fragment ignored) ends in a document
// or archive extension, case-insensitively: pdf doc docx xls xlsx ppt pptx wps
// et dps ofd txt csv rtf zip rar 7z gz tar tgz bz2 xz ceb caj odt ods odp apk exe dmg.
bool IsAttachmentHref(std::string_view href);

enum class PageKind { kHome, kColumnList, kArticle, kOther };
std::string_view PageKindName(PageKind kind);  // "home" | "list" | "article" | "other"

// One entry of a column list page.
struct ListItem {
  std::string title;
  std::string href;  // raw, like RawLink::href
  std::optional<Date> date;
  std::string date_text;  // the date as written on the page ("2024-05-01", "[05-01]")
};

// 底部功能区 identity items, values exactly as shown on the page (whitespace
// inside a value collapsed to one space). Empty when absent.
struct FooterIdentity {
  std::string site_code;      // 网站标识码: 10 digits or bm + 8 digits
  std::string icp;            // ICP备案号, e.g. "桂ICP备05005236号-1"
  std::string police_record;  // 公安机关备案号, e.g. "桂公网安备 45010302000123号"
  std::string sponsor;        // 主办单位
  std::string organizer;      // 承办单位
  std::string contact;        // 联系方式 / 电话 / 邮箱 text
  // 党政机关网站标识: href of the bszs.conac.cn link, or src of the dcs.conac.cn script.
  std::string party_gov_label_href;
  // 我为政府网站找错: href of the zfwzgl.www.gov.cn/exposure/jiucuo link, or src of jiucuo.js.
  std::string error_report_href;
  std::string error_report_site_code;  // site_code= of that link, or sitecode attribute
};

struct SearchForm {
  std::string action;  // raw action attribute (may be empty = the page itself)
  std::string method;  // "get" or "post" (default "get"); "script" for a form-less JS search box
  std::string query_param;  // name of the text input that carries the query
};

// One piece of personal data found in text. Only masked forms leave this stage.
struct PrivacyHit {
  std::string kind;     // "id_number" | "mobile"
  std::string masked;   // "450102********1234" (ID: first 6, last 4) / "138****5678"
  std::string context;  // up to ~20 characters either side, with every hit masked
};

struct PageFacts {
  std::string title;      // <title>, collapsed
  std::string base_href;  // <base href>, raw; empty when absent
  // <meta name=... content=...> for the government label set and the common
  // ones: SiteName SiteDomain SiteIDCode ColumnName ColumnDescription
  // ColumnKeywords ColumnType ArticleTitle PubDate ContentSource Keywords
  // Author Description Image Url. Keys keep the canonical spelling above
  // whatever case the page used (keywords -> Keywords, description -> Description).
  std::map<std::string, std::string> meta;

  PageKind kind = PageKind::kOther;
  std::vector<RawLink> links;  // every link, in document order, capped at max_links
  std::vector<RawLink> nav;    // column navigation links (also in `links`)
  std::vector<std::string> breadcrumb;  // 当前位置 trail texts, e.g. {"首页","政务公开","通知公告"}

  // Dated rows of repeated structures (lists, home-page boxes); filled for any kind.
  std::vector<ListItem> items;
  std::vector<std::string> pagination_hrefs;  // 下一页 / 尾页 / page_2.html ... (raw)

  // Article facts, filled only when kind == kArticle (docs/extraction.md).
  std::string article_title;         // meta ArticleTitle, else the heading repeating <title>
  std::optional<Date> article_date;  // labelled date (发布日期...), else meta PubDate
  std::string article_source;  // 来源 label, else meta ContentSource, e.g. "宜春市统计局"
  std::vector<RawLink> attachments;  // attachment links (also in `links`)

  FooterIdentity footer;
  std::optional<SearchForm> search;  // method "script" when only a JS-driven search box exists
  bool accessibility_toolbar = false;  // 无障碍 / 长者模式 / 适老化 / 关怀版 entry present
  std::string privacy_policy_href;    // 隐私政策 / 隐私声明 link, raw
  std::vector<PrivacyHit> privacy;    // personal data in the visible text
  std::string text;                   // visible text, collapsed; only with keep_text
  bool soft404_text = false;          // text says the page does not exist
  std::vector<std::string> warnings;  // recoverable problems (malformed markup, caps hit)
};

struct ExtractOptions {
  Date as_of;              // 监测时间点: resolves month-day dates, bounds plausible dates
  bool keep_text = false;  // fill PageFacts::text
  size_t max_links = 20000;
  // The caller vouches that the page is valid UTF-8 (a Fetcher text body is:
  // FetchResult::body), so ExtractPage need not check it again.
  bool valid_utf8 = false;
};

// Never throws for any input bytes; invalid UTF-8 is tolerated.
PageFacts ExtractPage(std::string_view html_utf8, std::string_view page_url,
                      const ExtractOptions& options);

// Text of a text-bearing attachment, for FindPersonalData. `kind` is a file
// name, an extension or a content type; supported: txt, csv (UTF-8, UTF-16 with
// BOM, else GB18030), html, pdf (poppler), docx, xlsx, ofd (zip + XML), and best
// effort for legacy doc/xls/wps/et (printable runs). The bytes decide when they
// are clearly another type (%PDF, zip, OLE). Throws Error naming the kind and the problem for
// unsupported or corrupt input. Output is capped at max_chars bytes.
std::string ExtractAttachmentText(std::string_view bytes, std::string_view kind,
                                  size_t max_chars = 8 << 20);

// The cells of the first worksheet of an xlsx workbook as rows (row 1 first;
// rows and cells missing in the file are empty strings; shared and inline
// strings resolved, numbers as written). `where` names the file in errors.
// Throws Error for a corrupt or non-xlsx file or more than `max_cells` cells.
std::vector<std::vector<std::string>> ReadXlsxRows(std::string_view bytes, std::string_view where,
                                                   size_t max_cells = 1'000'000);

// Resident ID numbers (valid ISO 7064 MOD 11-2 check digit, plausible birth date
// in 1900..as_of, region first digit 1-8) and mainland mobile numbers
// (1[3-9] + 9 digits, not inside a longer digit run) in `utf8_text`.
std::vector<PrivacyHit> FindPersonalData(std::string_view utf8_text, Date as_of);

}  // namespace govscore

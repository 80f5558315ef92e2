// ExtractPage: one libxml2 HTML parse (chosen by bench/html_parsers.cc, see
// docs/extraction.md) driving a walk by SAX events — no tree is built — that
// collects links, meta labels, visible text with element offsets, then
// text-level passes (footer, dates, breadcrumb, privacy) over what the walk
// collected. The walk sees exactly the tree libxml2's DOM builder would have
// built from the same events (see Walker).
#include "extract/page.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <malloc.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <unordered_map>

#include "extract/columns.h"
#include "extract/dates.h"
#include "extract/footer.h"
#include "extract/labels.h"
#include "extract/literal_set.h"
#include "extract/text.h"

namespace govscore {
namespace {

enum class Tag : uint8_t {
  kOther,
  kA,
  kArea,
  kImg,
  kScript,
  kStyle,
  kLink,
  kIframe,
  kFrame,
  kMeta,
  kBase,
  kTitle,
  kForm,
  kInput,
  kEmbed,
  kObject,
  kSource,
  kVideo,
  kAudio,
  kLi,
  kTr,
  kTd,
  kDd,
  kDt,
  kP,
  kDiv,
  kUl,
  kOl,
  kTable,
  kHeading,
  kNav,
  kFooter,
  kHead,
  kSkipText,  // noscript, template, select, textarea, option
  kButton,
  kSpan,
  kBlock,  // other elements that break text into blocks
  kBr,
};

Tag TagOf(const char* name) {
  static const std::unordered_map<std::string_view, Tag> kTags = {
      {"a", Tag::kA},
      {"area", Tag::kArea},
      {"img", Tag::kImg},
      {"script", Tag::kScript},
      {"style", Tag::kStyle},
      {"link", Tag::kLink},
      {"iframe", Tag::kIframe},
      {"frame", Tag::kFrame},
      {"meta", Tag::kMeta},
      {"base", Tag::kBase},
      {"title", Tag::kTitle},
      {"form", Tag::kForm},
      {"input", Tag::kInput},
      {"embed", Tag::kEmbed},
      {"object", Tag::kObject},
      {"source", Tag::kSource},
      {"video", Tag::kVideo},
      {"audio", Tag::kAudio},
      {"li", Tag::kLi},
      {"tr", Tag::kTr},
      {"td", Tag::kTd},
      {"th", Tag::kTd},
      {"dd", Tag::kDd},
      {"dt", Tag::kDt},
      {"p", Tag::kP},
      {"div", Tag::kDiv},
      {"ul", Tag::kUl},
      {"ol", Tag::kOl},
      {"table", Tag::kTable},
      {"h1", Tag::kHeading},
      {"h2", Tag::kHeading},
      {"h3", Tag::kHeading},
      {"h4", Tag::kHeading},
      {"h5", Tag::kHeading},
      {"h6", Tag::kHeading},
      {"nav", Tag::kNav},
      {"footer", Tag::kFooter},
      {"head", Tag::kHead},
      {"noscript", Tag::kSkipText},
      {"template", Tag::kSkipText},
      {"select", Tag::kSkipText},
      {"textarea", Tag::kSkipText},
      {"option", Tag::kSkipText},
      {"button", Tag::kButton},
      {"span", Tag::kSpan},
      {"br", Tag::kBr},
      {"section", Tag::kBlock},
      {"article", Tag::kBlock},
      {"header", Tag::kBlock},
      {"main", Tag::kBlock},
      {"dl", Tag::kBlock},
      {"blockquote", Tag::kBlock},
      {"pre", Tag::kBlock},
      {"hr", Tag::kBlock},
      {"tbody", Tag::kBlock},
      {"thead", Tag::kBlock},
      {"center", Tag::kBlock},
      {"body", Tag::kBlock},
      {"html", Tag::kBlock},
      {"aside", Tag::kBlock},
  };
  // Called for every element: a 256-slot table by length and first and last
  // letter, each slot a short list, instead of hashing every name.
  struct Entry {
    std::string_view name;
    Tag tag;
  };
  static const auto* kSlots = [] {
    auto* slots = new std::array<std::vector<Entry>, 256>();
    for (const auto& [n, t] : kTags)
      (*slots)[(n.size() * 31 + static_cast<unsigned char>(n.front()) * 7 +
                static_cast<unsigned char>(n.back())) &
               255]
          .push_back({n, t});
    return slots;
  }();
  if (name == nullptr || *name == '\0') return Tag::kOther;
  const std::string_view n(name);
  for (const Entry& e : (*kSlots)[(n.size() * 31 + static_cast<unsigned char>(n.front()) * 7 +
                                   static_cast<unsigned char>(n.back())) &
                                  255])
    if (e.name == n) return e.tag;
  return Tag::kOther;
}

bool IsBlock(Tag t) {
  switch (t) {
    case Tag::kLi:
    case Tag::kTr:
    case Tag::kTd:
    case Tag::kDd:
    case Tag::kDt:
    case Tag::kP:
    case Tag::kDiv:
    case Tag::kUl:
    case Tag::kOl:
    case Tag::kTable:
    case Tag::kHeading:
    case Tag::kNav:
    case Tag::kFooter:
    case Tag::kBlock:
    case Tag::kBr:
    case Tag::kForm:
    case Tag::kTitle:
      return true;
    default:
      return false;
  }
}

// Attributes of a SAX start tag: name/value pairs, NULL-terminated; the
// parser has lower-cased the names, decoded the values and dropped repeats.
using Attrs = const xmlChar**;

// The value of `name`: a null view (data() == nullptr) when absent, "" when
// the attribute has no value.
std::string_view AttrView(Attrs atts, const char* name) {
  if (atts == nullptr) return {};
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (std::strcmp(reinterpret_cast<const char*>(atts[i]), name) == 0) {
      return atts[i + 1] == nullptr ? std::string_view("")
                                    : std::string_view(reinterpret_cast<const char*>(atts[i + 1]));
    }
  }
  return {};
}

// Attribute values may carry runs of white space (multi-line attributes).
std::string CleanHref(std::string_view v) {
  std::string_view t = text::TrimAscii(v);
  if (text::FindFirstOf(t, "\n\r\t") == std::string_view::npos) return std::string(t);
  std::string out;
  out.reserve(t.size());
  for (char c : t)
    if (c != '\n' && c != '\r' && c != '\t') out.push_back(c);
  return out;
}

bool TokenHas(std::string_view classes, std::initializer_list<std::string_view> keys) {
  if (classes.empty()) return false;
  for (auto k : keys)
    if (text::IContains(classes, k)) return true;
  return false;
}

// What an element's id or class says about it, read case-insensitively in
// one pass (called for every element).
struct ClassHints {
  bool nav = false;     // "nav", "menu", "daohang"
  bool footer = false;  // "foot", "copyright", "banquan", "dibu"; "bottom" but not "margin-bottom"
};

ClassHints HintsOf(std::string_view v) {
  ClassHints h;
  auto at = [&](size_t i, std::string_view word) {
    return text::IEquals(v.substr(i, word.size()), word);
  };
  size_t bottom = std::string_view::npos;  // the first "bottom"
  for (size_t i = 0; i < v.size(); ++i) {
    switch (v[i] | 0x20) {  // ASCII letters lower-cased; no other byte becomes one
      case 'f':
        h.footer |= at(i, "foot");
        break;
      case 'c':
        h.footer |= at(i, "copyright");
        break;
      case 'b':
        if (at(i, "banquan"))
          h.footer = true;
        else if (bottom == std::string_view::npos && at(i, "bottom"))
          bottom = i;
        break;
      case 'd':
        h.footer |= at(i, "dibu");
        h.nav |= at(i, "daohang");
        break;
      case 'n':
        h.nav |= at(i, "nav");
        break;
      case 'm':
        h.nav |= at(i, "menu");
        break;
      default:
        break;
    }
  }
  // "bottom", "page-bottom", "bottom_box", but not "margin-bottom" utility classes.
  if (!h.footer && bottom != std::string_view::npos) {
    const char before = bottom == 0 ? ' ' : v[bottom - 1];
    h.footer = before == ' ' || before == '_' ||
               (before == '-' && !text::IContains(v, "margin-bottom") &&
                !text::IContains(v, "padding-bottom") && !text::IContains(v, "border-bottom"));
  }
  return h;
}

// Canonical spelling of the meta names we keep.
std::string_view CanonicalMeta(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "SiteName",       "SiteDomain", "SiteIDCode",   "ColumnName", "ColumnDescription",
      "ColumnKeywords", "ColumnType", "ArticleTitle", "PubDate",    "ContentSource",
      "Keywords",       "Author",     "Description",  "Image",      "Url"};
  for (auto n : kNames)
    if (text::IEquals(n, name)) return n;
  return {};
}

// A span of Walker::attrs_ (attribute values kept for the passes after the walk).
struct Span {
  uint32_t begin = 0, size = 0;
};

struct Elem {
  const char* name = "";  // libxml2's interned name: lives as long as the parser context
  int parent = -1;
  Tag tag = Tag::kOther;
  uint32_t begin = 0;  // text range in Walker::text_
  uint32_t end = 0;
  int link = -1;  // index into links for a/area
  bool in_nav = false;
  bool in_footer = false;
  bool nav_container = false;     // this element opens a navigation region
  bool footer_container = false;  // this element opens a footer region
  Span cls, id, title;            // class, id; title of a/area
};

struct FormState {
  int elem = -1;
  SearchForm form;
  bool searchy = false;
  bool has_text_input = false;
};

// The walk, driven by libxml2's SAX events (Parse). libxml2 builds its DOM from
// the same events, so the walk reproduces what a walk over that tree saw, with
// the tree builder's few decisions made here too:
// - an element after the root element has closed becomes the root's last
//   child when the root was the document's first node, else a top-level
//   sibling (so the root's end is deferred to the end of the document);
// - a prefixed element name ("o:p") names the element by its local part;
// - text outside any element is dropped (white space is kept everywhere else:
//   the parser keeps blanks, so areBlanks' look at the tree changes nothing);
// - nesting deeper than libxml2's 256 open nodes stops the parse there.
class Walker {
 public:
  Walker(PageFacts* facts, const ExtractOptions& options) : f_(facts), options_(options) {}

  // Parses `html` (UTF-8) with `ctxt`, walking as it goes. False when the
  // parser could not be set up.
  bool Parse(htmlParserCtxtPtr ctxt, std::string_view html);

  std::string_view Attr(Span s) const { return std::string_view(attrs_).substr(s.begin, s.size); }

  std::string text_;  // visible text: inline white space collapsed, '\n' between blocks
  std::vector<Elem> elems_;
  std::vector<int> link_elem_;  // for each link: element index (-1 when not an element link)
  std::string footer_text_;
  std::vector<std::pair<int, int>> year_headings_;  // (elem index, year)
  std::vector<std::string> scripts_;  // inline scripts that matter (redirects, paging)
  size_t paragraph_bytes_ = 0;        // text in <p> outside nav/footer
  bool links_capped_ = false;
  std::string attrs_;  // attribute values kept (Elem::cls, id, title)

 private:
  static void SaxStart(void* self, const xmlChar* name, const xmlChar** atts);
  static void SaxEnd(void* self, const xmlChar* name);
  static void SaxCharacters(void* self, const xmlChar* ch, int len);
  static void SaxCdata(void* self, const xmlChar* ch, int len);
  static void SaxComment(void* self, const xmlChar* value);
  static void SaxPi(void* self, const xmlChar* target, const xmlChar* data);
  static void SaxDoctype(void* self, const xmlChar* name, const xmlChar* external_id,
                         const xmlChar* system_id);
  template <class F>
  static void Guard(void* self, F&& f);

  void Doctype();

  void StartElement(const char* name, Attrs atts);
  void EndElement();
  void Characters(std::string_view s);  // text or CDATA
  // Content of a child that is not an element (text, CDATA, comment, PI) as
  // the tree's node would hold it: the title and inline scripts read it.
  void ChildContent(std::string_view s);
  // A comment, PI or doctype outside any element.
  void TopLevelNode();
  Span Keep(std::string_view v);

  void Enter(const char* name, Attrs atts);
  void Exit(int index);
  void AppendText(std::string_view s);
  void Break();
  void AddLink(std::string_view href, LinkSource source, int elem);
  void AddSrcset(std::string_view srcset, int elem);
  void OnMeta(Attrs atts);
  void OnScript(Attrs atts, int elem);
  void OnScriptBody(int elem);
  void OnInput(Attrs atts);

  PageFacts* f_;
  const ExtractOptions& options_;
  std::vector<int> open_;
  int skip_text_ = 0;
  int nav_depth_ = 0;
  int footer_depth_ = 0;
  int footer_top_ = -1;
  bool seen_title_ = false;
  std::vector<FormState> forms_;

  htmlParserCtxtPtr ctxt_ = nullptr;
  int dom_open_ = 0;          // elements open in the parser (the deferred root not counted)
  bool doc_started_ = false;  // the document has a first node
  bool root_first_ = false;   // ... and it is the root element
  bool doctype_seen_ = false;
  bool halted_ = false;
  int root_ = -1;
  int title_elem_ = -1;   // the first <title>: its text children make the title
  int script_elem_ = -1;  // an inline <script> being read
  std::string title_buf_, script_buf_;
  std::unordered_map<int, std::string> img_alt_;  // a/area elem -> first img child's alt
  std::exception_ptr error_;                      // thrown by a callback (see Guard)
};

Span Walker::Keep(std::string_view v) {
  if (v.empty()) return {};
  Span s{static_cast<uint32_t>(attrs_.size()), static_cast<uint32_t>(v.size())};
  attrs_.append(v);
  return s;
}

// Exceptions must not cross libxml2's C frames: the first one stops the parse
// and is rethrown by Parse.
template <class F>
void Walker::Guard(void* self, F&& f) {
  Walker* w = static_cast<Walker*>(self);
  if (w->error_) return;
  try {
    f(w);
  } catch (...) {
    w->error_ = std::current_exception();
    w->halted_ = true;
    xmlStopParser(w->ctxt_);
  }
}

void Walker::SaxStart(void* self, const xmlChar* name, const xmlChar** atts) {
  Guard(self, [&](Walker* w) { w->StartElement(reinterpret_cast<const char*>(name), atts); });
}
void Walker::SaxEnd(void* self, const xmlChar*) {
  Guard(self, [&](Walker* w) { w->EndElement(); });
}
void Walker::SaxCharacters(void* self, const xmlChar* ch, int len) {
  Guard(self, [&](Walker* w) {
    w->Characters(std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
  });
}
void Walker::SaxCdata(void* self, const xmlChar* ch, int len) {
  Guard(self, [&](Walker* w) {
    w->Characters(std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
  });
}
void Walker::SaxComment(void* self, const xmlChar* value) {
  Guard(self, [&](Walker* w) {
    if (w->halted_) return;
    if (w->dom_open_ == 0) return w->TopLevelNode();
    if (value != nullptr) w->ChildContent(reinterpret_cast<const char*>(value));
  });
}
void Walker::SaxPi(void* self, const xmlChar*, const xmlChar* data) {
  Guard(self, [&](Walker* w) {
    if (w->halted_) return;
    if (w->dom_open_ == 0) return w->TopLevelNode();
    if (data != nullptr) w->ChildContent(reinterpret_cast<const char*>(data));
  });
}
void Walker::SaxDoctype(void* self, const xmlChar*, const xmlChar*, const xmlChar*) {
  Guard(self, [&](Walker* w) { w->Doctype(); });
}
void Walker::Doctype() {
  if (halted_ || doctype_seen_) return;  // the tree keeps the first doctype only
  doctype_seen_ = true;
  // The tree puts the doctype first: later top-level elements are siblings.
  doc_started_ = true;
  if (root_first_) {
    root_first_ = false;
    if (dom_open_ == 0 && !open_.empty()) {  // the root's deferred end
      Exit(open_.back());
      open_.pop_back();
    }
  }
}

void Walker::TopLevelNode() {
  if (!doc_started_) {
    doc_started_ = true;
    root_first_ = false;
  }
}

void Walker::ChildContent(std::string_view s) {
  if (open_.empty()) return;
  if (open_.back() == title_elem_) title_buf_.append(s);
  if (open_.back() == script_elem_) script_buf_.append(s);
}

void Walker::StartElement(const char* name, Attrs atts) {
  if (halted_) return;
  if (dom_open_ > 256) {  // libxml2's tree builder stops at this depth (nodePush)
    halted_ = true;
    xmlStopParser(ctxt_);
    return;
  }
  if (dom_open_ == 0 && !doc_started_) {
    doc_started_ = true;
    root_first_ = true;
    root_ = static_cast<int>(elems_.size());
  }
  ++dom_open_;
  // The tree builder splits a prefixed name ("o:p" from Word HTML) and names
  // the element by its local part ("p"), unless the colon leads or ends it.
  if (const char* colon = std::strchr(name, ':');
      colon != nullptr && colon != name && colon[1] != '\0') {
    name = colon + 1;
  }
  Enter(name, atts);
}

void Walker::EndElement() {
  if (dom_open_ == 0 || open_.empty()) return;
  --dom_open_;
  const int index = open_.back();
  if (dom_open_ == 0 && index == root_ && root_first_) return;  // deferred: see the class comment
  Exit(index);
  open_.pop_back();
}

void Walker::Characters(std::string_view s) {
  if (halted_ || dom_open_ == 0 || open_.empty()) return;  // the tree drops text outside elements
  ChildContent(s);
  if (skip_text_ == 0) AppendText(s);
}

bool Walker::Parse(htmlParserCtxtPtr ctxt, std::string_view html) {
  ctxt_ = ctxt;
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = SaxStart;
  sax.endElement = SaxEnd;
  sax.characters = SaxCharacters;
  sax.cdataBlock = SaxCdata;
  sax.comment = SaxComment;
  sax.processingInstruction = SaxPi;
  sax.internalSubset = SaxDoctype;
  // No startDocument: no tree. No ignorableWhitespace: what libxml2 itself
  // finds ignorable is dropped, as its tree builder drops it.
  sax.initialized = 1;  // SAX1 callbacks, as the HTML parser calls them
  // The context is reused per thread; its own handler comes back afterwards.
  struct Restore {
    htmlParserCtxtPtr ctxt;
    htmlSAXHandlerPtr sax;
    void* user;
    ~Restore() {
      ctxt->sax = sax;
      ctxt->userData = user;
    }
  } restore{ctxt, ctxt->sax, ctxt->userData};
  ctxt->sax = &sax;
  ctxt->userData = this;
  htmlDocPtr doc =
      htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  if (doc != nullptr) xmlFreeDoc(doc);  // none is built without startDocument
  while (!open_.empty()) {              // the deferred root, and whatever a halt left open
    Exit(open_.back());
    open_.pop_back();
  }
  ctxt_ = nullptr;
  if (error_) std::rethrow_exception(error_);
  return true;
}

void Walker::Break() {
  if (!text_.empty() && text_.back() == ' ') text_.pop_back();
  if (!text_.empty() && text_.back() != '\n') text_.push_back('\n');
}

void Walker::AppendText(std::string_view s) { text::AppendCollapsed(s, &text_); }

void Walker::AddLink(std::string_view raw, LinkSource source, int elem) {
  std::string href = CleanHref(raw);
  if (href.empty()) return;
  if (f_->links.size() >= options_.max_links) {
    links_capped_ = true;
    return;
  }
  RawLink link;
  link.href = std::move(href);
  link.source = source;
  link.is_attachment = IsAttachmentHref(link.href);
  link.in_footer = footer_depth_ > 0;
  link.in_nav = nav_depth_ > 0 && !link.in_footer;  // footer link rows are no column menu
  f_->links.push_back(std::move(link));
  link_elem_.push_back(elem);
}

void Walker::AddSrcset(std::string_view s, int elem) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ',' || static_cast<unsigned char>(s[i]) <= ' ')) ++i;
    size_t b = i;
    while (i < s.size() && static_cast<unsigned char>(s[i]) > ' ') ++i;
    std::string_view url = s.substr(b, i - b);
    while (!url.empty() && url.back() == ',') url.remove_suffix(1);
    if (!url.empty()) AddLink(url, LinkSource::kSrcset, elem);
    // Skip the descriptor up to the next comma outside parentheses.
    int paren = 0;
    bool ended_with_comma = !s.substr(b, i - b).empty() && s[i - 1] == ',';
    if (ended_with_comma) continue;
    while (i < s.size()) {
      if (s[i] == '(') ++paren;
      if (s[i] == ')' && paren > 0) --paren;
      if (s[i] == ',' && paren == 0) break;
      ++i;
    }
  }
}

void Walker::OnMeta(Attrs atts) {
  std::string_view content = AttrView(atts, "content");
  std::string_view equiv = AttrView(atts, "http-equiv");
  if (text::IEquals(equiv, "refresh")) {
    std::string c = text::AsciiLower(content);
    size_t p = c.find("url");
    if (p != std::string::npos) {
      size_t i = p + 3;
      while (i < c.size() && c[i] == ' ') ++i;
      if (i < c.size() && c[i] == '=') {
        ++i;
        std::string_view v = text::TrimAscii(content.substr(i));
        if (!v.empty() && (v.front() == '\'' || v.front() == '"')) {
          char q = v.front();
          v.remove_prefix(1);
          size_t e = v.find(q);
          if (e != std::string_view::npos) v = v.substr(0, e);
        }
        AddLink(v, LinkSource::kMetaRefresh, -1);
      }
    }
    return;
  }
  std::string_view name = AttrView(atts, "name");
  if (name.empty()) return;
  std::string_view canonical = CanonicalMeta(text::TrimAscii(name));
  if (canonical.empty() || content.data() == nullptr) return;
  std::string key(canonical);
  if (f_->meta.count(key) == 0) f_->meta[key] = text::Collapse(content);
}

// Inline script redirects: location.href='x', window.location = "x",
// location.replace('x'), location.assign('x'), top.location='x'.
void Walker::OnScript(Attrs atts, int elem) {
  std::string_view src = AttrView(atts, "src");
  if (!src.empty()) {
    AddLink(src, LinkSource::kScript, elem);
    NoteFooterLink(CleanHref(src), {}, true, AttrView(atts, "sitecode"), &f_->footer);
    std::string lower = text::AsciiLower(src);
    if (lower.find("jhelper") != std::string::npos || lower.find("cniil") != std::string::npos ||
        lower.find("/wza") != std::string::npos || lower.find("wza.js") != std::string::npos ||
        lower.find("assist") != std::string::npos || lower.find("ariajs") != std::string::npos)
      f_->accessibility_toolbar = true;
    return;
  }
  // Inline: the body arrives as the element's content (OnScriptBody at its end).
  script_elem_ = elem;
  script_buf_.clear();
}

void Walker::OnScriptBody(int elem) {
  if (script_elem_ != elem) return;
  script_elem_ = -1;
  std::string body;
  body.swap(script_buf_);
  if (body.empty()) return;
  if (body.find("location") != std::string::npos) {
    static const re2::RE2 kAssign(
        R"re((?:^|[^\w.])(?:(?:window|document|top|self|parent)\.)?location(?:\.href)?\s*=\s*(['"])([^'"\n]*)['"]\s*(?:[;\n}]|$))re");
    static const re2::RE2 kCall(
        R"re(location\.(?:replace|assign)\(\s*(['"])([^'"\n]*)['"]\s*\))re");
    re2::StringPiece input(body);
    std::string quote, target;
    while (re2::RE2::FindAndConsume(&input, kAssign, &quote, &target))
      AddLink(target, LinkSource::kScriptRedirect, elem);
    input = re2::StringPiece(body);
    while (re2::RE2::FindAndConsume(&input, kCall, &quote, &target))
      AddLink(target, LinkSource::kScriptRedirect, elem);
  }
  if (body.find("createPageHTML") != std::string::npos || body.find("_'+") != std::string::npos ||
      body.find("_\"+") != std::string::npos || body.find("_' +") != std::string::npos)
    scripts_.push_back(std::move(body));
}

void Walker::OnInput(Attrs atts) {
  std::string type = text::AsciiLower(AttrView(atts, "type"));
  std::string_view name = AttrView(atts, "name");
  std::string_view id = AttrView(atts, "id");
  std::string_view placeholder = AttrView(atts, "placeholder");
  std::string_view value = AttrView(atts, "value");
  if (type == "image") AddLink(AttrView(atts, "src"), LinkSource::kImg, -1);
  bool texty = type.empty() || type == "text" || type == "search";
  bool search_hint = TokenHas(name, {"search", "keyword", "sword", "query", "wd", "kw", "q"}) ||
                     TokenHas(id, {"search", "keyword", "sword", "query"}) ||
                     placeholder.find("搜索") != std::string_view::npos ||
                     placeholder.find("检索") != std::string_view::npos ||
                     placeholder.find("关键") != std::string_view::npos ||
                     value.find("搜索") != std::string_view::npos ||
                     value.find("检索") != std::string_view::npos;
  if (!forms_.empty()) {
    FormState& form = forms_.back();
    if (texty && !form.has_text_input) {
      form.has_text_input = true;
      form.form.query_param = std::string(name.empty() ? id : name);
    }
    if (search_hint) form.searchy = true;
    return;
  }
  if (texty && search_hint && !f_->search) {
    SearchForm sf;
    sf.method = "script";
    sf.query_param = std::string(name.empty() ? id : name);
    f_->search = sf;
  }
}

void Walker::Enter(const char* name, Attrs atts) {
  Tag tag = TagOf(name);
  int index = static_cast<int>(elems_.size());
  Elem e;
  e.name = name;
  e.parent = open_.empty() ? -1 : open_.back();
  e.tag = tag;
  std::string_view id, cls;  // null views when absent, as AttrView gives
  if (atts != nullptr) {
    for (int i = 0; atts[i] != nullptr; i += 2) {
      const char* key = reinterpret_cast<const char*>(atts[i]);
      std::string_view* slot = std::strcmp(key, "id") == 0      ? &id
                               : std::strcmp(key, "class") == 0 ? &cls
                                                                : nullptr;
      if (slot == nullptr || slot->data() != nullptr) continue;
      *slot = atts[i + 1] == nullptr ? std::string_view("")
                                     : std::string_view(reinterpret_cast<const char*>(atts[i + 1]));
    }
  }
  e.id = Keep(id);
  e.cls = Keep(cls);
  if (tag == Tag::kA || tag == Tag::kArea) e.title = Keep(AttrView(atts, "title"));
  // Image links take their text from the first image child with an alt.
  if (tag == Tag::kImg && e.parent >= 0 && elems_[e.parent].link >= 0 &&
      img_alt_.count(e.parent) == 0) {
    std::string alt = text::Collapse(AttrView(atts, "alt"));
    if (!alt.empty()) img_alt_.emplace(e.parent, std::move(alt));
  }
  const ClassHints id_hints = HintsOf(id), cls_hints = HintsOf(cls);
  e.nav_container =
      tag == Tag::kNav || (tag != Tag::kA && tag != Tag::kLi && (id_hints.nav || cls_hints.nav));
  e.footer_container = tag == Tag::kFooter || id_hints.footer || cls_hints.footer;
  if (e.nav_container) ++nav_depth_;
  if (e.footer_container) {
    if (footer_depth_ == 0) footer_top_ = index;
    ++footer_depth_;
  }
  e.in_footer = footer_depth_ > 0;
  e.in_nav = nav_depth_ > 0 && !e.in_footer;
  if (IsBlock(tag)) Break();
  e.begin = static_cast<uint32_t>(text_.size());
  elems_.push_back(e);
  open_.push_back(index);
  if (tag == Tag::kSkipText || tag == Tag::kScript || tag == Tag::kStyle || tag == Tag::kHead)
    ++skip_text_;

  switch (tag) {
    case Tag::kA:
    case Tag::kArea: {
      std::string_view href = AttrView(atts, "href");
      if (href.data() != nullptr) {
        size_t before = f_->links.size();
        AddLink(href, tag == Tag::kA ? LinkSource::kAnchor : LinkSource::kArea, index);
        if (f_->links.size() > before) elems_[index].link = static_cast<int>(before);
      }
      break;
    }
    case Tag::kImg:
      AddLink(AttrView(atts, "src"), LinkSource::kImg, index);
      AddSrcset(AttrView(atts, "srcset"), index);
      break;
    case Tag::kSource:
    case Tag::kVideo:
    case Tag::kAudio:
      AddLink(AttrView(atts, "src"), LinkSource::kImg, index);
      AddLink(AttrView(atts, "poster"), LinkSource::kImg, index);
      AddSrcset(AttrView(atts, "srcset"), index);
      break;
    case Tag::kScript:
      OnScript(atts, index);
      break;
    case Tag::kLink: {
      std::string rel = text::AsciiLower(AttrView(atts, "rel"));
      AddLink(AttrView(atts, "href"),
              rel.find("stylesheet") != std::string::npos ? LinkSource::kStylesheet
                                                          : LinkSource::kLinkOther,
              index);
      break;
    }
    case Tag::kIframe:
      AddLink(AttrView(atts, "src"), LinkSource::kIframe, index);
      break;
    case Tag::kFrame:
      AddLink(AttrView(atts, "src"), LinkSource::kFrame, index);
      break;
    case Tag::kEmbed:
      AddLink(AttrView(atts, "src"), LinkSource::kEmbed, index);
      break;
    case Tag::kObject:
      AddLink(AttrView(atts, "data"), LinkSource::kEmbed, index);
      break;
    case Tag::kMeta:
      OnMeta(atts);
      break;
    case Tag::kBase:
      if (f_->base_href.empty()) f_->base_href = CleanHref(AttrView(atts, "href"));
      break;
    case Tag::kTitle:
      if (!seen_title_) {  // its text children arrive before its end (Exit)
        seen_title_ = true;
        title_elem_ = index;
        title_buf_.clear();
      }
      break;
    case Tag::kForm: {
      std::string_view action = AttrView(atts, "action");
      AddLink(action, LinkSource::kForm, index);
      FormState fs;
      fs.elem = index;
      fs.form.action = CleanHref(action);
      std::string method = text::AsciiLower(text::TrimAscii(AttrView(atts, "method")));
      fs.form.method = method == "post" ? "post" : "get";
      fs.searchy = TokenHas(action, {"search", "sous", "jiansuo", "query", "find", "jsearch"}) ||
                   TokenHas(id, {"search", "sous", "jiansuo"}) ||
                   TokenHas(cls, {"search", "sous", "jiansuo"}) ||
                   TokenHas(AttrView(atts, "name"), {"search", "sous", "jiansuo"});
      forms_.push_back(fs);
      break;
    }
    case Tag::kInput:
      OnInput(atts);
      break;
    default:
      break;
  }
}

void Walker::Exit(int index) {
  Elem& e = elems_[index];
  Tag tag = e.tag;
  e.end = static_cast<uint32_t>(text_.size());
  if (index == title_elem_) {
    f_->title = text::Collapse(title_buf_);
    title_elem_ = -1;
  }
  if (tag == Tag::kScript) OnScriptBody(index);
  if (tag == Tag::kSkipText || tag == Tag::kScript || tag == Tag::kStyle || tag == Tag::kHead)
    --skip_text_;
  if (e.nav_container) --nav_depth_;
  if (e.footer_container) {
    --footer_depth_;
    if (footer_depth_ == 0 && footer_top_ == index) {
      footer_text_.append(text_, e.begin, e.end - e.begin);
      footer_text_.push_back('\n');
    }
  }
  std::string_view own(text_.data() + e.begin, e.end - e.begin);
  own = text::TrimAscii(own);
  if (e.link >= 0) {
    RawLink& link = f_->links[e.link];
    link.text = text::Collapse(own);
    if (link.text.empty()) {
      // Image links: use the image's alt or the anchor's title.
      std::string_view title = Attr(e.title);
      if (!title.empty()) link.text = text::Collapse(title);
      if (link.text.empty()) {
        auto alt = img_alt_.find(index);
        if (alt != img_alt_.end()) link.text = alt->second;
      }
    }
    NoteFooterLink(link.href, link.text, false, {}, &f_->footer);
    if (link.text.size() <= 48 && link.text.find("隐私") != std::string::npos &&
        f_->privacy_policy_href.empty())
      f_->privacy_policy_href = link.href;
  }
  // Accessibility / elderly-mode entries are short controls.
  if (!f_->accessibility_toolbar && own.size() <= 36 &&
      (tag == Tag::kA || tag == Tag::kButton || tag == Tag::kSpan || tag == Tag::kLi ||
       tag == Tag::kDiv)) {
    for (std::string_view k : {"无障碍", "长者", "适老", "关怀版", "关爱版", "老年模式", "大字版"})
      if (own.find(k) != std::string_view::npos) f_->accessibility_toolbar = true;
  }
  if (tag == Tag::kP && !e.in_nav && !e.in_footer) paragraph_bytes_ += own.size();
  if ((tag == Tag::kHeading || tag == Tag::kDiv || tag == Tag::kSpan || tag == Tag::kDt ||
       tag == Tag::kLi || tag == Tag::kTd || tag == Tag::kP) &&
      own.size() >= 4 && own.size() <= 7) {
    // Year headings: "2024" or "2024年".
    if (own.size() == 4 || own.substr(4) == "年") {
      int y = 0;
      bool digits = true;
      for (char c : own.substr(0, 4)) {
        if (c < '0' || c > '9') digits = false;
        y = y * 10 + (c - '0');
      }
      if (digits && y >= 1990 && y <= options_.as_of.year() + 1)
        year_headings_.push_back({index, y});
    }
  }
  if (tag == Tag::kForm && !forms_.empty() && forms_.back().elem == index) {
    FormState fs = forms_.back();
    forms_.pop_back();
    if (!fs.searchy && fs.has_text_input) {
      // A form whose only text field sits beside 搜索/检索 text.
      if (own.find("搜索") != std::string_view::npos || own.find("检索") != std::string_view::npos)
        fs.searchy = true;
    }
    if (fs.searchy && fs.has_text_input && (!f_->search || f_->search->method == "script"))
      f_->search = fs.form;
  }
  if (IsBlock(tag)) Break();
}

// ---- passes over the walk's results ----

bool IsRootPath(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return true;
  std::string_view path = rest.substr(slash);
  size_t q = path.find_first_of("?#");
  path = path.substr(0, q);
  if (path == "/" || path.empty()) return true;
  static const re2::RE2 kIndex(
      R"((?i)^/(?:index|default|main|home|portal)\.(?:s?html?|jsp|php|aspx?|do)$)");
  return re2::RE2::FullMatch(path, kIndex);
}

std::string StripTags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<')
      in_tag = true;
    else if (c == '>' && in_tag)
      in_tag = false;
    else if (!in_tag)
      out.push_back(c);
  }
  return text::Collapse(out);
}

// The date right after a label ("发布日期：2024-05-01", "时间 2024-05-01"), the
// labels tried in priority order; *found_label tells whether one matched.
std::optional<Date> FindLabelledDate(std::string_view text, Date as_of, bool* found_label) {
  static constexpr std::string_view kLabels[] = {"发布日期", "发布时间", "发表时间",
                                                 "发文日期", "成文日期", "生成日期",
                                                 "更新时间", "日期",     "时间"};
  DateScanOptions o{as_of, std::nullopt, false};
  for (std::string_view label : kLabels) {
    for (size_t pos = text.find(label); pos != std::string_view::npos;
         pos = text.find(label, pos + 1)) {
      if (label.size() == 6 && pos > 0) {
        // Bare 日期/时间 only when not part of a longer label (截止日期, 办理时间).
        size_t k = text::BackCodePoints(text, pos, 1);
        char32_t prev = text::DecodeUtf8(text, &k);
        if (prev >= 0x4E00 && prev <= 0x9FFF) continue;
      }
      size_t i = labels::SkipColon(text, pos + label.size());
      auto m = FindFirstDate(text.substr(i, 40), o);
      if (m && m->begin <= 2) {
        *found_label = true;
        return m->date;
      }
    }
  }
  return std::nullopt;
}

// The first "来源：value" (信息来源, 文章来源... included) that is not a quoted
// reprint notice, a template placeholder or an empty field.
std::string FindSource(std::string_view text) {
  static constexpr std::string_view kStops[] = {"作者",     "编辑", "发布", "时间", "日期",
                                                "浏览",     "点击", "字号", "【",   "[",
                                                "责任编辑", "访问", "阅读"};
  for (size_t pos = govscore::text::Find(text, "来源"); pos != std::string_view::npos;
       pos = govscore::text::Find(text, "来源", pos + 1)) {
    size_t start = pos;
    if (pos >= 6) {
      std::string_view prev = text.substr(pos - 6, 6);
      if (prev == "资料" || prev == "资金" || prev == "数据" || prev == "单一" || prev == "注明")
        continue;
      if (prev == "信息" || prev == "文章" || prev == "稿件" || prev == "新闻") start = pos - 6;
    }
    if (start >= 3) {
      std::string_view q = text.substr(start - 3, 3);
      if (q == "“" || q == "「" || q == "『") continue;
    }
    if (!labels::HasColon(text, pos + 6)) continue;
    size_t i = labels::SkipColon(text, pos + 6);
    std::string v = labels::CutValue(text, i, kStops);
    if (v.empty() || v.find("{{") != std::string::npos || v.find("：") != std::string::npos ||
        v.find(':') != std::string::npos || text::CodePointCount(v) > 30)
      continue;
    return v;
  }
  return {};
}

// An empty column's list page: "暂无信息" and the like.
bool SaysEmpty(std::string_view text) {
  for (std::string_view p :
       {"暂无信息", "暂无数据", "暂无内容", "暂无相关信息", "暂无记录", "没有相关信息"})
    if (text.find(p) != std::string_view::npos) return true;
  return false;
}

std::string NoSpaces(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = text::DecodeUtf8(s, &i);
    if (!text::IsSpace(cp)) out.append(s.data() + start, i - start);
  }
  return out;
}

bool IsArticleTitleCandidate(std::string_view cls, std::string_view id) {
  return TokenHas(cls, {"title", "tit", "bt", "biaoti", "headline"}) ||
         TokenHas(id, {"title", "tit", "biaoti"});
}

}  // namespace

std::string_view LinkSourceName(LinkSource source) {
  switch (source) {
    case LinkSource::kAnchor:
      return "anchor";
    case LinkSource::kArea:
      return "area";
    case LinkSource::kImg:
      return "img";
    case LinkSource::kSrcset:
      return "srcset";
    case LinkSource::kScript:
      return "script";
    case LinkSource::kStylesheet:
      return "stylesheet";
    case LinkSource::kLinkOther:
      return "link";
    case LinkSource::kIframe:
      return "iframe";
    case LinkSource::kFrame:
      return "frame";
    case LinkSource::kMetaRefresh:
      return "meta_refresh";
    case LinkSource::kScriptRedirect:
      return "script_redirect";
    case LinkSource::kForm:
      return "form";
    case LinkSource::kEmbed:
      return "embed";
  }
  return "unknown";
}

std::string_view PageKindName(PageKind kind) {
  switch (kind) {
    case PageKind::kHome:
      return "home";
    case PageKind::kColumnList:
      return "list";
    case PageKind::kArticle:
      return "article";
    case PageKind::kOther:
      return "other";
  }
  return "other";
}

bool IsAttachmentHref(std::string_view href) {
  size_t q = text::FindFirstOf(href, "?#");
  std::string_view path = href.substr(0, q);
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return false;
  const std::string_view ext = path.substr(dot + 1);
  if (ext.size() < 2 || ext.size() > 4) return false;
  // The extension lower-cased into one word, compared with a sorted table.
  auto key = [](std::string_view e) {
    uint64_t k = e.size();  // "7z" is not "\0\07z"
    for (char c : e) k = (k << 8) | static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return k;
  };
  static const std::vector<uint64_t> kExt = [&] {
    std::vector<uint64_t> v;
    for (std::string_view e :
         {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et",  "dps",
          "ofd", "txt", "csv",  "rtf", "zip",  "rar", "7z",   "gz",  "tar", "tgz",
          "bz2", "xz",  "ceb",  "caj", "odt",  "ods", "odp",  "apk", "exe", "dmg"})
      v.push_back(key(e));
    std::sort(v.begin(), v.end());
    return v;
  }();
  return std::binary_search(kExt.begin(), kExt.end(), key(ext));
}

namespace {

// libxml2's HTML parser reads every attribute value into a 100-byte buffer
// (HTML_PARSER_BUFFER_SIZE) and doubles it at the value's first character,
// a realloc that moves the block: tens of times a page. Given room for the
// doubled size from the start, the allocator grows it in place. Every other
// request goes to malloc unchanged, so blocks stay compatible with free().
void* XmlMallocAtomic(size_t size) { return std::malloc(size == 100 ? 200 : size); }
// A block that already has the room is returned as it is: the allocator's
// realloc costs a size-class lookup and a call even when it stays in place.
void* XmlRealloc(void* block, size_t size) {
  if (block != nullptr && size <= malloc_usable_size(block)) return block;
  return std::realloc(block, size);
}

}  // namespace

PageFacts ExtractPage(std::string_view html_in, std::string_view page_url,
                      const ExtractOptions& options) {
  static std::once_flag init;
  std::call_once(init, [] {
    xmlFreeFunc free_fn = nullptr;
    xmlMallocFunc malloc_fn = nullptr, atomic_fn = nullptr;
    xmlReallocFunc realloc_fn = nullptr;
    xmlStrdupFunc strdup_fn = nullptr;
    if (xmlGcMemGet(&free_fn, &malloc_fn, &atomic_fn, &realloc_fn, &strdup_fn) == 0 &&
        free_fn == free && malloc_fn == malloc && realloc_fn == realloc)
      xmlGcMemSetup(free_fn, malloc_fn, XmlMallocAtomic, XmlRealloc, strdup_fn);
    xmlInitParser();
  });
  PageFacts f;
  // libxml2 stops at the first invalid UTF-8 sequence: repair a copy only when needed.
  std::string repaired;
  std::string_view html = html_in;
  if (!options.valid_utf8 && !text::IsValidUtf8(html_in)) {
    bool changed = false;
    repaired = text::SanitizeUtf8(html_in, &changed);
    html = repaired;
    f.warnings.push_back("invalid UTF-8 replaced with U+FFFD");
  }
  if (html.size() > static_cast<size_t>(INT32_MAX / 2)) {
    f.warnings.push_back("page too large to parse");
    return f;
  }
  // One parser context per thread, reused: its name dictionary and buffers
  // outlive each page instead of being built and torn down per page.
  struct ParserContext {
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    ~ParserContext() {
      if (ctxt != nullptr) htmlFreeParserCtxt(ctxt);
    }
  };
  thread_local ParserContext parser;
  if (parser.ctxt == nullptr) {
    f.warnings.push_back("cannot create an HTML parser context");
    return f;
  }
  Walker w(&f, options);
  w.Parse(parser.ctxt, html);
  if (w.links_capped_) f.warnings.push_back("link cap reached; later links dropped");
  std::string_view text = w.text_;

  // Footer identity.
  ParseFooterText(w.footer_text_, text, &f.footer);

  // Navigation: explicit nav containers, else the first list of >=5 short links
  // in the first 40% of the page.
  for (const RawLink& l : f.links)
    if (l.in_nav && l.source == LinkSource::kAnchor) f.nav.push_back(l);
  if (f.nav.empty()) {
    std::unordered_map<int, std::vector<int>> by_list;  // ul/ol elem -> link indices
    std::vector<int> order;
    for (size_t k = 0; k < f.links.size(); ++k) {
      int e = w.link_elem_[k];
      if (e < 0 || f.links[k].source != LinkSource::kAnchor || f.links[k].in_footer) continue;
      size_t cps = text::CodePointCount(f.links[k].text);
      if (cps < 2 || cps > 10) continue;
      int p = w.elems_[e].parent;
      for (int up = 0; up < 3 && p >= 0; ++up, p = w.elems_[p].parent) {
        Tag t = w.elems_[p].tag;
        if (t == Tag::kUl || t == Tag::kOl) break;
      }
      if (p < 0 || (w.elems_[p].tag != Tag::kUl && w.elems_[p].tag != Tag::kOl)) continue;
      if (by_list[p].empty()) order.push_back(p);
      by_list[p].push_back(static_cast<int>(k));
    }
    std::sort(order.begin(), order.end());
    for (int p : order) {
      if (by_list[p].size() >= 5 && w.elems_[p].begin <= text.size() * 4 / 10) {
        for (int k : by_list[p]) {
          f.links[k].in_nav = true;
          f.nav.push_back(f.links[k]);
        }
        break;
      }
    }
  }

  // Breadcrumb: the innermost element around the label whose text after the
  // label splits into at least two parts (inner ones may hold only "首页").
  size_t label_end = FindBreadcrumbLabel(text);
  if (label_end != std::string_view::npos) {
    std::vector<int> chain;  // elements holding the label, outermost first
    for (size_t k = 0; k < w.elems_.size(); ++k) {
      const Elem& e = w.elems_[k];
      if (e.begin < label_end && e.end > label_end) chain.push_back(static_cast<int>(k));
    }
    auto trail_of = [&](size_t end) {
      std::string_view trail = text.substr(label_end, end - label_end);
      if (trail.size() > 400) {
        std::string_view t = text::TrimAscii(trail);
        size_t nl = t.find('\n');
        trail = t.substr(0, nl == std::string_view::npos ? std::min<size_t>(t.size(), 400) : nl);
      }
      return SplitBreadcrumb(trail);
    };
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      std::vector<std::string> parts = trail_of(w.elems_[*it].end);
      if (f.breadcrumb.empty()) f.breadcrumb = parts;
      if (parts.size() >= 2) {
        f.breadcrumb = std::move(parts);
        break;
      }
      if (w.elems_[*it].end - label_end > 400) break;
    }
    if (chain.empty()) f.breadcrumb = trail_of(text.size());
  }

  // Pagination.
  for (size_t k = 0; k < f.links.size(); ++k) {
    const RawLink& l = f.links[k];
    if (l.source != LinkSource::kAnchor || l.in_nav || l.in_footer) continue;
    bool numbered = !l.text.empty() && std::all_of(l.text.begin(), l.text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
    if (IsPaginationText(l.text) || (numbered && IsPaginationHref(l.href))) {
      if (l.href.rfind("javascript:", 0) == 0 || l.href == "#") continue;
      if (std::find(f.pagination_hrefs.begin(), f.pagination_hrefs.end(), l.href) ==
          f.pagination_hrefs.end())
        f.pagination_hrefs.push_back(l.href);
    }
  }
  for (const std::string& s : w.scripts_)
    for (std::string& h : ScriptPaginationHrefs(s))
      if (std::find(f.pagination_hrefs.begin(), f.pagination_hrefs.end(), h) ==
          f.pagination_hrefs.end())
        f.pagination_hrefs.push_back(std::move(h));

  // List items. Candidate anchors: outside nav/footer, >=4 characters, not
  // pagination. An anchor's row is the highest ancestor (up to 4 levels) holding
  // no other candidate, stopping early at li/tr/dd/dt/p; a row holding several
  // candidates (a "[栏目]" link beside the title) keeps its longest anchor. The
  // row's date is looked for outside the anchor text first, then at the end of
  // the anchor text (rows that are one big link).
  auto is_row_tag = [](Tag t) {
    return t == Tag::kLi || t == Tag::kTr || t == Tag::kDd || t == Tag::kDt || t == Tag::kP;
  };
  std::vector<int> candidate_links;
  std::unordered_map<int, int> anchors_below;  // element -> candidate anchors within 4 levels
  for (size_t k = 0; k < f.links.size(); ++k) {
    int e = w.link_elem_[k];
    const RawLink& l = f.links[k];
    if (e < 0 || l.source != LinkSource::kAnchor || l.in_nav || l.in_footer) continue;
    if (text::CodePointCount(l.text) < 4 || IsPaginationText(l.text)) continue;
    candidate_links.push_back(static_cast<int>(k));
    int p = w.elems_[e].parent;
    for (int up = 0; up < 4 && p >= 0; ++up, p = w.elems_[p].parent) ++anchors_below[p];
  }
  std::vector<std::pair<int, int>> rows;  // (row element, link), document order
  for (int k : candidate_links) {
    int e = w.link_elem_[k];
    int row = -1;
    int p = w.elems_[e].parent;
    for (int up = 0; up < 4 && p >= 0; ++up, p = w.elems_[p].parent) {
      if (anchors_below[p] > 1) break;
      row = p;
      if (is_row_tag(w.elems_[p].tag)) break;
    }
    if (row < 0) {
      // The parent holds several candidates: the anchor is a row of its own when
      // it carries its date ("<a><span>title</span><em>2024-05-01</em></a>").
      DateScanOptions any{options.as_of, std::nullopt, true};
      row = FindFirstDate(f.links[k].text, any) ? e : w.elems_[e].parent;
    }
    if (row < 0) continue;
    if (!rows.empty() && rows.back().first == row) {
      // Same row: keep the anchor with the longer text.
      if (f.links[k].text.size() > f.links[rows.back().second].text.size()) rows.back().second = k;
      continue;
    }
    rows.push_back({row, k});
  }
  struct Candidate {
    int group;  // rows whose parents look alike and share a grandparent
    int link;
    bool dated;
  };
  std::vector<Candidate> candidates;
  std::unordered_map<std::string, int> group_ids;
  for (const auto& [row, k] : rows) {
    const RawLink& l = f.links[k];
    const Elem& r = w.elems_[row];
    const Elem& a = w.elems_[w.link_elem_[k]];
    std::optional<int> hint;
    for (auto it = w.year_headings_.rbegin(); it != w.year_headings_.rend(); ++it)
      if (it->first < row) {
        hint = it->second;
        break;
      }
    DateScanOptions o{options.as_of, hint, true};
    std::string rest;
    rest.append(text.substr(r.begin, a.begin - r.begin));
    rest.push_back('\n');
    rest.append(text.substr(a.end, r.end - a.end));
    ListItem item{l.text, l.href, std::nullopt, {}};
    if (std::optional<DateMatch> m = FindFirstDate(rest, o)) {
      item.date = m->date;
      item.date_text = rest.substr(m->begin, m->end - m->begin);
    } else {
      std::vector<DateMatch> inside = FindDates(l.text, o);
      if (!inside.empty() &&
          text::TrimAscii(std::string_view(l.text).substr(inside.back().end)).size() <= 3) {
        const DateMatch& d = inside.back();
        std::string title(text::TrimAscii(std::string_view(l.text).substr(0, d.begin)));
        while (!title.empty() && (title.back() == '[' || title.back() == '(')) title.pop_back();
        if (text::CodePointCount(title) >= 4) {
          item.date = d.date;
          item.date_text = l.text.substr(d.begin, d.end - d.begin);
          item.title = std::string(text::TrimAscii(title));
        }
      }
    }
    // Year headings split one list into several <ul>s under one parent: group by
    // the parent's tag and class under the grandparent, not by the parent itself.
    std::string key;
    if (r.parent >= 0) {
      const Elem& p = w.elems_[r.parent];
      key = std::to_string(p.parent) + "|" + p.name + "|" + std::string(w.Attr(p.cls));
    }
    auto slot = group_ids.emplace(key, static_cast<int>(group_ids.size())).first;
    candidates.push_back({slot->second, k, item.date.has_value()});
    f.items.push_back(std::move(item));
  }
  // Keep groups with >=3 dated rows (at least half of their rows dated). When
  // none qualifies, a short list (the last page of a column, a column with 1-2
  // items) still counts if it is the page's only dated group, or the page has
  // pagination or a column label.
  bool date_label = false;
  std::optional<Date> labelled_date = FindLabelledDate(text, options.as_of, &date_label);
  bool long_text = w.paragraph_bytes_ >= 600;
  bool article_like =
      long_text || date_label || f.meta.count("ArticleTitle") != 0 || f.meta.count("PubDate") != 0;
  auto column_meta = f.meta.find("ColumnName");
  bool column_page = column_meta != f.meta.end() && !column_meta->second.empty() &&
                     column_meta->second != "首页" && f.meta.count("ArticleTitle") == 0;
  {
    std::unordered_map<int, int> dated_per_group, rows_per_group;
    for (const auto& c : candidates) {
      ++rows_per_group[c.group];
      if (c.dated) ++dated_per_group[c.group];
    }
    std::unordered_map<int, bool> keep;
    for (const auto& [g, dated] : dated_per_group)
      if (dated >= 3 && dated * 2 >= rows_per_group[g]) keep[g] = true;
    if (keep.empty() && !dated_per_group.empty()) {
      int best = -1, best_dated = 0;
      for (const auto& [g, dated] : dated_per_group)
        if (dated > best_dated || (dated == best_dated && g < best)) best = g, best_dated = dated;
      bool only = dated_per_group.size() == 1 && !article_like;
      if (best_dated * 2 >= rows_per_group[best] &&
          (only || column_page || !f.pagination_hrefs.empty()))
        keep[best] = true;
    }
    std::vector<ListItem> kept;
    for (size_t k = 0; k < candidates.size(); ++k) {
      const auto& c = candidates[k];
      if (keep.count(c.group) != 0) {
        ListItem item = std::move(f.items[k]);
        // Truncated anchor texts ("关于…的通知...") have the full title in title=.
        std::string_view title_attr = w.Attr(w.elems_[w.link_elem_[c.link]].title);
        if (!title_attr.empty() &&
            (text::EndsWith(item.title, "...") || text::EndsWith(item.title, "…") ||
             text::CodePointCount(title_attr) > text::CodePointCount(item.title)))
          item.title = text::Collapse(title_attr);
        kept.push_back(std::move(item));
      }
    }
    f.items = std::move(kept);
  }

  // Attachments.
  for (const RawLink& l : f.links)
    if (l.is_attachment && (l.source == LinkSource::kAnchor || l.source == LinkSource::kArea ||
                            l.source == LinkSource::kEmbed || l.source == LinkSource::kIframe))
      f.attachments.push_back(l);

  // Article facts.
  auto meta_title = f.meta.find("ArticleTitle");
  if (meta_title != f.meta.end()) f.article_title = StripTags(meta_title->second);
  bool title_in_page = false;                 // a block of the page repeats (the start of) <title>
  size_t title_end = std::string_view::npos;  // text offset just after that block
  {
    std::string page_title = NoSpaces(f.title);
    std::string first_h1;
    std::string found;
    for (const Elem& e : w.elems_) {
      if (e.in_nav || e.in_footer || page_title.empty()) continue;
      bool heading = e.tag == Tag::kHeading;
      bool blocky = e.tag == Tag::kDiv || e.tag == Tag::kP || e.tag == Tag::kTd ||
                    e.tag == Tag::kSpan || e.tag == Tag::kLi || e.tag == Tag::kOther;
      if (!heading && !blocky) continue;
      std::string_view raw = text::TrimAscii(text.substr(e.begin, e.end - e.begin));
      if (raw.size() < 15 || raw.size() > 600) continue;
      bool titled_block = heading || IsArticleTitleCandidate(w.Attr(e.cls), w.Attr(e.id));
      // Cheap filter before normalising: a plain block must start like <title>.
      if (!titled_block && raw.compare(0, 6, page_title, 0, 6) != 0) continue;
      std::string t = text::Collapse(raw);
      size_t cps = text::CodePointCount(t);
      if (cps < 5 || cps > 150) continue;
      std::string bare = NoSpaces(t);
      bool match = titled_block ? page_title.find(bare) != std::string::npos
                                : text::StartsWith(page_title, bare) && cps >= 8;
      if (match) {
        found = t;
        title_end = e.end;
        break;
      }
      if (first_h1.empty() && heading && std::strcmp(e.name, "h1") == 0) first_h1 = t;
    }
    title_in_page = !found.empty();
    if (f.article_title.empty()) f.article_title = found.empty() ? first_h1 : found;
  }

  f.article_date = labelled_date;
  if (!f.article_date) {
    auto it = f.meta.find("PubDate");
    if (it != f.meta.end()) {
      DateScanOptions o{options.as_of, std::nullopt, false};
      if (auto m = FindFirstDate(it->second, o)) f.article_date = m->date;
    }
  }
  if (!f.article_date && !f.article_title.empty()) {
    // No label and no meta: the first full date shortly after the title ("2005年08月16日
    // 来源：新华网").
    size_t at = text.find(f.article_title);
    size_t from = at != std::string_view::npos ? at + f.article_title.size() : title_end;
    if (from != std::string_view::npos) {
      DateScanOptions o{options.as_of, std::nullopt, false};
      if (auto m = FindFirstDate(text.substr(from, 600), o)) f.article_date = m->date;
    }
  }
  f.article_source = FindSource(text);
  bool source_label = !f.article_source.empty();
  if (f.article_source.empty()) {
    auto it = f.meta.find("ContentSource");
    if (it != f.meta.end()) f.article_source = it->second;
  }
  // Page kind.
  int article_score = 0;
  if (meta_title != f.meta.end() && !meta_title->second.empty()) article_score += 2;
  if (f.meta.count("PubDate") && !f.meta["PubDate"].empty()) article_score += 1;
  if (date_label) article_score += 1;
  if (source_label) article_score += 1;
  if (long_text) article_score += 1;
  if (title_in_page) article_score += 1;
  bool root_path = IsRootPath(page_url);
  if (root_path && (f.links.size() >= 20 || f.nav.size() >= 3)) {
    f.kind = PageKind::kHome;
  } else if (article_score >= 3) {
    f.kind = PageKind::kArticle;
  } else if (f.items.size() >= 5 || (!f.pagination_hrefs.empty() && f.items.size() >= 2) ||
             (column_page && article_score <= 1 && (!f.items.empty() || SaysEmpty(text)))) {
    f.kind = PageKind::kColumnList;
  } else if (article_score >= 2 && (long_text || !f.article_title.empty())) {
    f.kind = PageKind::kArticle;
  } else {
    f.kind = PageKind::kOther;
  }
  if (f.kind != PageKind::kArticle) {
    f.article_title.clear();
    f.article_date.reset();
    f.article_source.clear();
  }

  // Privacy and soft-404.
  // The walker's text is collapsed already: only its line breaks become spaces.
  std::string collapsed = text::CollapseLines(text);
  f.privacy = FindPersonalData(collapsed, options.as_of);
  {
    static constexpr std::string_view kPhrases[] = {
        "页面不存在",     "页面未找到",   "找不到页面",     "找不到您要",
        "页面已删除",     "页面已被删除", "信息已删除",     "访问的页面不存在",
        "无法找到该页",   "文章不存在",   "信息不存在",     "页面无法访问",
        "抱歉，您访问的", "您访问的页面", "Page Not Found", "page not found"};
    bool title_404 = f.title.find("404") != std::string::npos ||
                     f.title.find("不存在") != std::string::npos ||
                     text::IContains(f.title, "not found");
    // One pass over the text for all phrases.
    static const text::LiteralSet phrases(
        std::vector<std::string>(std::begin(kPhrases), std::end(kPhrases)));
    const bool text_404 = collapsed.size() < 3000 && phrases.Any(collapsed);
    f.soft404_text = title_404 || text_404;
  }
  if (options.keep_text) f.text = std::move(collapsed);
  return f;
}

}  // namespace govscore

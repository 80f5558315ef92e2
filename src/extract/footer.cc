#include "extract/footer.h"

#include <algorithm>
#include <initializer_list>

#include "extract/labels.h"
#include "extract/literal_set.h"
#include "extract/text.h"

namespace govscore {
namespace {

using labels::HasColon;
using labels::SkipColon;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The code point before byte `pos`, or 0.
char32_t PrevCodePoint(std::string_view s, size_t pos, size_t* start) {
  if (pos == 0) return 0;
  size_t b = text::BackCodePoints(s, pos, 1);
  size_t k = b;
  char32_t cp = text::DecodeUtf8(s, &k);
  *start = b;
  return cp;
}

bool IsHan(char32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

std::string FindSiteCode(std::string_view s) {
  for (size_t pos = s.find("标识码"); pos != std::string_view::npos;
       pos = s.find("标识码", pos + 1)) {
    size_t i = SkipColon(s, pos + std::string_view("标识码").size());
    size_t j = i;
    if (s.substr(i, 2) == "bm") j += 2;
    size_t d = j;
    while (d < s.size() && IsDigit(s[d])) ++d;
    std::string_view code = s.substr(i, d - i);
    if (IsSiteCode(code)) return std::string(code);
  }
  return {};
}

std::string FindIcp(std::string_view s) {
  for (size_t pos = s.find("ICP"); pos != std::string_view::npos; pos = s.find("ICP", pos + 1)) {
    size_t start = pos;
    char32_t prev = PrevCodePoint(s, pos, &start);
    if (!IsHan(prev)) continue;
    size_t i = pos + 3;
    while (i < s.size() && s[i] == ' ') ++i;
    if (s.substr(i, 3) != "备" && s.substr(i, 3) != "证") continue;
    i += 3;
    while (i < s.size() && s[i] == ' ') ++i;
    size_t d = i;
    while (d < s.size() && IsDigit(s[d])) ++d;
    if (d - i < 5) continue;
    size_t end = d;
    if (s.substr(end, 3) == "号") end += 3;
    if (end + 1 < s.size() && s[end] == '-' && IsDigit(s[end + 1])) {
      ++end;
      while (end < s.size() && IsDigit(s[end])) ++end;
    }
    return std::string(s.substr(start, end - start));
  }
  return {};
}

std::string FindPoliceRecord(std::string_view s) {
  for (size_t pos = s.find("公网安备"); pos != std::string_view::npos;
       pos = s.find("公网安备", pos + 1)) {
    size_t start = pos;
    char32_t prev = PrevCodePoint(s, pos, &start);
    if (!IsHan(prev)) start = pos;
    size_t i = pos + std::string_view("公网安备").size();
    while (i < s.size() && s[i] == ' ') ++i;
    size_t d = i;
    while (d < s.size() && IsDigit(s[d])) ++d;
    if (d - i < 6) continue;
    size_t end = d;
    if (s.substr(end, 3) == "号") end += 3;
    return std::string(s.substr(start, end - start));
  }
  // Older form: "公安机关备案号：15081599004-00001".
  for (std::string_view label : {"公安机关备案号", "公安备案号", "公安机关备案编号"}) {
    size_t pos = s.find(label);
    if (pos == std::string_view::npos) continue;
    size_t i = SkipColon(s, pos + label.size());
    size_t d = i;
    while (d < s.size() && (IsDigit(s[d]) || s[d] == '-')) ++d;
    if (d - i >= 6) return std::string(s.substr(i, d - i));
  }
  return {};
}

constexpr std::string_view kFooterStops[] = {
    "承办",       "主办",           "协办", "技术支持", "版权所有",  "运行维护",
    "运维",       "备案",           "ICP",  "地址",     "电话",      "联系",
    "网站标识码", "政府网站标识码", "邮编", "邮政编码", "Copyright", "copyright"};

std::string CutValue(std::string_view s, size_t i) {
  std::string v = labels::CutValue(s, i, kFooterStops);
  // "广西信息中心桂ICP备..." : the province character belongs to the record number.
  std::string_view rest = s.substr(i + v.size());
  if ((text::StartsWith(rest, "ICP") || text::StartsWith(rest, "公网安备")) && !v.empty()) {
    size_t start = v.size();
    if (IsHan(PrevCodePoint(v, v.size(), &start))) v.resize(start);
  }
  return v;
}

std::string FindLabelled(std::string_view s, std::initializer_list<std::string_view> labels,
                         std::string_view suffix_form) {
  for (std::string_view label : labels) {
    for (size_t pos = s.find(label); pos != std::string_view::npos; pos = s.find(label, pos + 1)) {
      size_t after = pos + label.size();
      if (!HasColon(s, after)) continue;
      std::string v = CutValue(s, SkipColon(s, after));
      if (!v.empty()) return v;
    }
  }
  // "巴彦淖尔市人民政府办公室（主办）"
  if (!suffix_form.empty()) {
    for (std::string_view open : {"（", "("}) {
      std::string form = std::string(open) + std::string(suffix_form);
      size_t pos = s.find(form);
      if (pos == std::string_view::npos || pos == 0) continue;
      size_t b = pos;
      while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n' && s[b - 1] != '|') --b;
      if (b < pos) return std::string(s.substr(b, pos - b));
    }
  }
  return {};
}

std::string FindContact(std::string_view s) {
  for (std::string_view label : {"联系电话", "联系方式", "咨询电话", "邮箱", "E-mail", "Email",
                                 "email", "电话", "TEL", "Tel"}) {
    for (size_t pos = s.find(label); pos != std::string_view::npos; pos = s.find(label, pos + 1)) {
      size_t after = pos + label.size();
      if (!HasColon(s, after)) continue;
      size_t i = SkipColon(s, after);
      size_t end = i;
      while (end < s.size()) {
        char c = s[end];
        bool ok = IsDigit(c) || c == '-' || c == '+' || c == '(' || c == ')' || c == '@' ||
                  c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (ok) {
          ++end;
        } else if (s.substr(end, 3) == "（" || s.substr(end, 3) == "）") {
          end += 3;
        } else {
          break;
        }
      }
      std::string_view v = s.substr(i, end - i);
      while (!v.empty() && (v.back() == '.' || v.back() == '(' || v.back() == '-'))
        v.remove_suffix(1);
      if (text::EndsWith(v, "（")) v.remove_suffix(3);
      bool has_digit_or_at =
          std::any_of(v.begin(), v.end(), [](char c) { return IsDigit(c) || c == '@'; });
      if (v.size() >= 5 && has_digit_or_at) return std::string(v);
    }
  }
  return {};
}

}  // namespace

bool IsSiteCode(std::string_view code) {
  std::string_view digits = code;
  size_t want = 10;
  if (text::StartsWith(code, "bm")) {
    digits = code.substr(2);
    want = 8;
  }
  return digits.size() == want && std::all_of(digits.begin(), digits.end(), IsDigit);
}

void ParseFooterText(std::string_view footer_text, std::string_view page_text, FooterIdentity* f) {
  auto first = [&](std::string (*fn)(std::string_view)) {
    std::string v = fn(footer_text);
    return v.empty() ? fn(page_text) : v;
  };
  f->site_code = first(FindSiteCode);
  f->icp = first(FindIcp);
  f->police_record = first(FindPoliceRecord);

  std::string_view region = footer_text;
  bool footer_has_identity = region.find("ICP") != std::string_view::npos ||
                             region.find("标识码") != std::string_view::npos ||
                             region.find("公网安备") != std::string_view::npos ||
                             region.find("主办") != std::string_view::npos;
  if (!footer_has_identity) {
    size_t last = std::string_view::npos;
    for (std::string_view k : {"ICP", "标识码", "公网安备"}) {
      size_t p = page_text.rfind(k);
      if (p != std::string_view::npos && (last == std::string_view::npos || p > last)) last = p;
    }
    if (last == std::string_view::npos) {
      region = {};
    } else {
      // The blocks around that mention: up to 4 lines either side, 400 bytes at most.
      size_t from = last, to = last;
      for (int lines = 0; from > 0 && last - from < 400;) {
        if (page_text[from - 1] == '\n' && ++lines > 4) break;
        --from;
      }
      for (int lines = 0; to < page_text.size() && to - last < 400; ++to)
        if (page_text[to] == '\n' && ++lines > 4) break;
      while (from > 0 && (static_cast<unsigned char>(page_text[from]) & 0xC0) == 0x80) --from;
      while (to < page_text.size() && (static_cast<unsigned char>(page_text[to]) & 0xC0) == 0x80)
        ++to;
      region = page_text.substr(from, to - from);
    }
  }
  f->sponsor = FindLabelled(region, {"主办单位", "主办方", "主办"}, "主办）");
  if (f->sponsor.empty()) f->sponsor = FindLabelled(region, {}, "主办)");
  f->organizer = FindLabelled(region, {"承办单位", "承办"}, "承办）");
  if (f->organizer.empty()) f->organizer = FindLabelled(region, {}, "承办)");
  f->contact = FindContact(region);
}

void NoteFooterLink(std::string_view href, std::string_view anchor_text, bool is_script,
                    std::string_view sitecode_attr, FooterIdentity* f) {
  // Most links are none of these: one pass over the href decides that.
  static const text::LiteralSet kCandidates({"conac.cn", "zfwzgl.www.gov.cn/exposure", "jiucuo"},
                                            text::LiteralSet::Case::kAsciiCaseless);
  if (!kCandidates.Any(href) && anchor_text.find("政府网站找错") == std::string_view::npos) return;
  if (text::IContains(href, "conac.cn")) {
    bool seal_page = text::IContains(href, "bszs.conac.cn");
    bool seal_script = is_script && text::IContains(href, "dcs.conac.cn");
    // A bszs anchor beats a script found earlier.
    if (seal_page && !is_script && !text::IContains(f->party_gov_label_href, "bszs.conac.cn"))
      f->party_gov_label_href = std::string(href);
    else if (seal_script && f->party_gov_label_href.empty())
      f->party_gov_label_href = std::string(href);
    return;
  }
  bool jiucuo = text::IContains(href, "zfwzgl.www.gov.cn/exposure") ||
                text::IContains(href, "jiucuo") ||
                anchor_text.find("政府网站找错") != std::string_view::npos;
  if (!jiucuo || !f->error_report_href.empty()) return;
  if (is_script && !text::IContains(href, "jiucuo")) return;
  f->error_report_href = std::string(href);
  if (!sitecode_attr.empty()) {
    f->error_report_site_code = std::string(sitecode_attr);
    return;
  }
  size_t p = href.find("site_code=");
  if (p != std::string_view::npos) {
    size_t b = p + 10, e = b;
    while (e < href.size() && href[e] != '&' && href[e] != '#') ++e;
    f->error_report_site_code = std::string(href.substr(b, e - b));
  }
}

}  // namespace govscore

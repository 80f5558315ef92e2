#include "extract/columns.h"

#include <re2/re2.h>

#include <array>
#include <initializer_list>

#include "extract/text.h"

namespace govscore {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

}  // namespace

size_t FindBreadcrumbLabel(std::string_view text) {
  for (size_t pos = text.find("位置"); pos != std::string_view::npos;
       pos = text.find("位置", pos + 1)) {
    // 当前位置 所在位置 您的位置 现在位置 当前的位置 — not 地理位置 or 项目位置.
    if (pos < 3) continue;
    std::string_view prev = text.substr(pos - 3, 3);
    if (prev != "前" && prev != "在" && prev != "的" && prev != "您") continue;
    size_t i = pos + std::string_view("位置").size();
    while (i < text.size() && text[i] == ' ') ++i;
    if (text.substr(i, 3) == "：") return i + 3;
    if (i < text.size() && text[i] == ':') return i + 1;
    // "当前位置 首页 > ..." without a colon.
    if (pos >= 6 && text.substr(pos - 6, 6) == "当前") return i;
  }
  return std::string_view::npos;
}

std::vector<std::string> SplitBreadcrumb(std::string_view trail) {
  static constexpr std::string_view kSeps[] = {">",  "＞", "»",  "›",  "→",  "/",
                                               "／", "|",  "｜", "\\", "〉", "-&gt;"};
  std::string s = text::Collapse(trail);
  // Normalise every separator to '\x01'.
  bool any = false;
  std::string norm;
  norm.reserve(s.size());
  // The bytes a separator can start with: most bytes of a trail start none.
  static const std::array<bool, 256> kStarts = [] {
    std::array<bool, 256> t{};
    for (std::string_view sep : kSeps) t[static_cast<unsigned char>(sep[0])] = true;
    return t;
  }();
  for (size_t i = 0; i < s.size();) {
    if (!kStarts[static_cast<unsigned char>(s[i])]) {
      norm.push_back(s[i++]);
      continue;
    }
    bool matched = false;
    for (std::string_view sep : kSeps) {
      if (s.compare(i, sep.size(), sep) == 0) {
        norm.push_back('\x01');
        i += sep.size();
        matched = any = true;
        break;
      }
    }
    if (!matched) norm.push_back(s[i++]);
  }
  char sep = any ? '\x01' : ' ';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= norm.size()) {
    size_t end = norm.find(sep, start);
    if (end == std::string::npos) end = norm.size();
    std::string part(text::TrimAscii(std::string_view(norm).substr(start, end - start)));
    if (any) {
      // A trailing part may run into page text: keep its first word only.
      if (end == norm.size()) {
        size_t sp = part.find(' ');
        if (sp != std::string::npos) part.resize(sp);
      }
    }
    if (!part.empty()) {
      if (text::CodePointCount(part) > 40) break;
      // Unrendered template code ("$pageHelpBean.getColumnNavPath(...)") is no column.
      if (part.find_first_of("$(){}\"=") != std::string::npos) {
        start = end + 1;
        continue;
      }
      if (part.find('\x01') == std::string::npos) parts.push_back(part);
    }
    start = end + 1;
  }
  return parts;
}

bool IsPaginationText(std::string_view anchor_text) {
  std::string t = text::Collapse(anchor_text);
  for (std::string_view k : {"下一页", "上一页", "下页", "上页", "尾页", "末页", "最后一页", "后页",
                             "前页", "»", "›", ">>", "<<", ">", "<"}) {
    if (t == k) return true;
  }
  if (text::IEquals(t, "next") || text::IEquals(t, "prev") || text::IEquals(t, "last")) return true;
  if (text::StartsWith(t, "第") && text::EndsWith(t, "页")) return true;
  return t.find("下一页") != std::string::npos || t.find("尾页") != std::string::npos;
}

bool IsPaginationHref(std::string_view href) {
  static const re2::RE2 kFile(
      R"((?i)(?:^|/)(?:index|page|list|default|more)[_-]\d+\.(?:s?html?|jsp|php|aspx?)$)");
  static const re2::RE2 kQuery(
      R"((?i)[?&](?:page|pageno|pagenum|pageindex|currentpage|curpage|cur_page|pn|p|start)=\d+(?:&|#|$))");
  size_t q = href.find_first_of("?#");
  std::string_view path = href.substr(0, q);
  if (re2::RE2::PartialMatch(path, kFile)) return true;
  if (q != std::string_view::npos && re2::RE2::PartialMatch(href.substr(q), kQuery)) return true;
  return false;
}

std::string ColumnDirOfPath(std::string_view path) {
  size_t q = path.find_first_of("?#");
  path = path.substr(0, q);
  if (path.empty() || path[0] != '/') return "/";
  size_t slash = path.rfind('/');
  std::string_view dir = path.substr(0, slash + 1);
  // Drop trailing date directories: /202405/, /2024/05/01/, /20240501/.
  std::vector<std::string_view> segs;
  size_t i = 1;
  while (i < dir.size()) {
    size_t e = dir.find('/', i);
    segs.push_back(dir.substr(i, e - i));
    i = e + 1;
  }
  while (!segs.empty()) {
    std::string_view last = segs.back();
    bool date_like = AllDigits(last) &&
                     (last.size() == 4 || last.size() == 6 || last.size() == 8 || last.size() <= 2);
    if (!date_like) break;
    segs.pop_back();
  }
  std::string out = "/";
  for (auto s : segs) {
    out.append(s);
    out.push_back('/');
  }
  return out;
}

std::vector<std::string> ScriptPaginationHrefs(std::string_view script, size_t cap) {
  std::vector<std::string> out;
  static const re2::RE2 kTrs(
      R"re(createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"])re");
  int total = 0, current = 0;
  std::string name, ext;
  if (script.find("createPageHTML") != std::string_view::npos &&
      re2::RE2::PartialMatch(script, kTrs, &total, &current, &name, &ext)) {
    for (int k = 1; k < total && out.size() < cap; ++k)
      out.push_back(name + "_" + std::to_string(k) + "." + ext);
    return out;
  }
  static const re2::RE2 kTotal(
      R"((?i)(?:totalPage|pageCount|countPage|totalPages)['"]?\s*[:=]\s*['"]?(\d+))");
  static const re2::RE2 kPattern(R"re(['"]([\w-]+_)['"]\s*\+\s*\w+\s*\+\s*['"](\.\w+)['"])re");
  if (re2::RE2::PartialMatch(script, kTotal, &total) &&
      re2::RE2::PartialMatch(script, kPattern, &name, &ext)) {
    for (int k = 2; k <= total && out.size() < cap; ++k)
      out.push_back(name + std::to_string(k) + ext);
  }
  return out;
}

}  // namespace govscore

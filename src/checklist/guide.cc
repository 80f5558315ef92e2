#include "checklist/guide.h"

#include <algorithm>
#include <array>
#include <optional>

#include "checklist/dictionary.h"

namespace govscore::checklist {
namespace {

struct ElementClass {
  const char* name;
  std::vector<std::string> labels;
};

const std::vector<ElementClass>& Classes() {
  static const std::vector<ElementClass> kClasses = {
      {"事项名称", {"事项名称", "服务事项名称", "项目名称", "事项名"}},
      {"设定依据", {"设定依据", "法律依据", "办理依据", "实施依据", "法定依据", "政策依据"}},
      {"申请条件", {"申请条件", "受理条件", "办理条件", "申报条件", "准予批准的条件"}},
      {"办理材料",
       {"申请材料", "办理材料", "申报材料", "所需材料", "提交材料", "材料目录", "申请资料",
        "提交资料"}},
      {"办理地点",
       {"办理地点", "受理地点", "办公地点", "办理窗口", "受理窗口", "窗口地址", "办理地址"}},
      {"办理时间", {"办理时间", "受理时间", "办公时间", "工作时间", "窗口办理时间"}},
      {"联系电话", {"联系电话", "咨询电话", "咨询方式", "联系方式", "监督电话", "投诉电话"}},
      {"办理流程", {"办理流程", "办事流程", "办理程序", "审批流程", "受理流程", "流程图"}},
  };
  return kClasses;
}

const std::vector<ElementClass>& FurtherClasses() {
  static const std::vector<ElementClass> kClasses = {
      {"办件类型", {"办件类型", "事项类型", "办理类型"}},
      {"事项编码", {"事项编码", "实施编码", "基本编码", "事项代码"}},
      {"法定办结时限", {"法定办结时限", "法定时限", "法定期限"}},
      {"承诺办结时限", {"承诺办结时限", "承诺时限", "承诺期限"}},
      {"中介服务", {"中介服务", "中介机构", "特殊环节", "特别程序"}},
      {"材料来源", {"来源渠道", "材料来源", "出具单位", "出具部门"}},
      {"到现场次数", {"到办事现场次数", "到现场次数", "跑动次数", "到窗口次数"}},
  };
  return kClasses;
}

// Whether `label` occurs in `text` as a label: followed (after optional spaces)
// by a colon, or at the end of a line-like position (the next character is a
// space, newline or 】/]). Headings in tables are often just the label.
size_t FindLabel(std::string_view text, std::string_view label, size_t from = 0) {
  for (size_t p = text.find(label, from); p != std::string_view::npos;
       p = text.find(label, p + 1)) {
    size_t q = p + label.size();
    while (q < text.size() && text[q] == ' ') ++q;
    if (q >= text.size()) return p;
    std::string_view rest = text.substr(q);
    if (rest[0] == ':' || rest.substr(0, 3) == "：" || rest[0] == '\n' || q > p + label.size())
      return p;
  }
  return std::string_view::npos;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Splits the materials section into items at numbering marks ("1." "1、" "（1）"
// "①" "(1)") and at "；" / ";" / newlines.
std::vector<std::string> SplitItems(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&]() {
    // Trim spaces.
    size_t a = cur.find_first_not_of(' ');
    size_t b = cur.find_last_not_of(' ');
    if (a != std::string::npos) {
      std::string item = cur.substr(a, b - a + 1);
      if (item.size() >= 6) out.push_back(item);  // at least two Han characters
    }
    cur.clear();
  };
  static const std::array<std::string_view, 10> kCircled = {"①", "②", "③", "④", "⑤",
                                                            "⑥", "⑦", "⑧", "⑨", "⑩"};
  for (size_t i = 0; i < s.size();) {
    std::string_view rest = s.substr(i);
    if (rest.substr(0, 3) == "；" || rest[0] == ';' || rest[0] == '\n') {
      flush();
      i += rest[0] == ';' || rest[0] == '\n' ? 1 : 3;
      continue;
    }
    bool mark = false;
    for (std::string_view c : kCircled)
      if (rest.substr(0, c.size()) == c) {
        flush();
        i += c.size();
        mark = true;
        break;
      }
    if (mark) continue;
    // "12." "3、" "（4）" "(5)" at an item start.
    size_t j = 0;
    bool paren = false;
    if (rest.substr(0, 3) == "（") {
      j = 3;
      paren = true;
    } else if (rest[0] == '(') {
      j = 1;
      paren = true;
    }
    size_t digits = j;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits > j && digits - j <= 2) {
      std::string_view after = rest.substr(digits);
      size_t skip = 0;
      if (paren && after.substr(0, 3) == "）")
        skip = 3;
      else if (paren && !after.empty() && after[0] == ')')
        skip = 1;
      else if (!paren && after.substr(0, 3) == "、")
        skip = 3;
      else if (!paren && !after.empty() && after[0] == '.' &&
               (after.size() < 2 || !(after[1] >= '0' && after[1] <= '9')))
        skip = 1;
      // Only at an item start: beginning, or after a space/punctuation.
      bool at_start = cur.find_first_not_of(' ') == std::string::npos || s[i - 1] == ' ' ||
                      (i >= 3 && (s.substr(i - 3, 3) == "。" || s.substr(i - 3, 3) == "："));
      if (skip && at_start) {
        flush();
        i += digits + skip;
        continue;
      }
    }
    // Copy one code point.
    size_t n = 1;
    while (i + n < s.size() && IsContinuation(static_cast<unsigned char>(s[i + n]))) ++n;
    cur.append(s.substr(i, n));
    i += n;
  }
  flush();
  return out;
}

bool SaysForm(std::string_view item) {
  static const std::array<std::string_view, 9> kForm = {
      "原件", "复印件", "份", "扫描件", "电子", "正本", "副本", "影印件", "纸质"};
  return std::any_of(kForm.begin(), kForm.end(),
                     [&](std::string_view f) { return item.find(f) != std::string_view::npos; });
}

std::vector<std::string> Names(const std::vector<ElementClass>& classes) {
  std::vector<std::string> v;
  for (const ElementClass& c : classes) v.push_back(c.name);
  return v;
}

}  // namespace

const std::vector<std::string>& GuideElementClasses() {
  static const std::vector<std::string> kNames = Names(Classes());
  return kNames;
}

const std::vector<std::string>& GuideFurtherElements() {
  static const std::vector<std::string> kNames = Names(FurtherClasses());
  return kNames;
}

const std::vector<std::pair<std::string, size_t>>& GuideLabels() {
  static const std::vector<std::pair<std::string, size_t>> kLabels = [] {
    std::vector<std::pair<std::string, size_t>> v;
    for (size_t i = 0; i < Classes().size(); ++i)
      for (const std::string& l : Classes()[i].labels) v.emplace_back(l, i);
    return v;
  }();
  return kLabels;
}

const std::vector<std::string>& VaguePhrases() {
  static const std::vector<std::string> kVague = {"其他相关材料", "其他材料",     "其它材料",
                                                  "相关材料",     "有关材料",     "其他证明材料",
                                                  "等相关材料",   "其他必要材料", "其他资料"};
  return kVague;
}

GuideCheck CheckGuide(std::string_view title, std::string_view text) {
  GuideCheck g;
  struct Found {
    size_t pos;
    size_t end;
  };
  std::vector<std::optional<Found>> found(Classes().size());
  for (size_t i = 0; i < Classes().size(); ++i) {
    for (const std::string& label : Classes()[i].labels) {
      size_t p = FindLabel(text, label);
      if (p != std::string_view::npos && (!found[i] || p < found[i]->pos))
        found[i] = Found{p, p + label.size()};
    }
    (found[i] ? g.present : g.missing).push_back(Classes()[i].name);
  }
  const bool titled = title.find("办事指南") != std::string_view::npos ||
                      title.find("服务指南") != std::string_view::npos;
  g.is_guide = titled || g.present.size() >= 4;
  if (!g.is_guide) return g;
  for (const ElementClass& c : FurtherClasses())
    if (std::none_of(c.labels.begin(), c.labels.end(), [&](const std::string& label) {
          return FindLabel(text, label) != std::string_view::npos;
        }))
      g.further_missing.push_back(c.name);
  // The materials section: from its label to the next element label after it.
  const size_t kMaterials = 3;
  if (found[kMaterials]) {
    size_t begin = found[kMaterials]->end;
    size_t end = text.size();
    for (size_t i = 0; i < found.size(); ++i)
      if (i != kMaterials && found[i] && found[i]->pos > begin) end = std::min(end, found[i]->pos);
    std::string_view section = text.substr(begin, end - begin);
    while (!section.empty() && (section[0] == ':' || section[0] == ' ')) section.remove_prefix(1);
    if (section.substr(0, 3) == "：") section.remove_prefix(3);
    for (const std::string& phrase : VaguePhrases()) {
      const size_t at = section.find(phrase);
      if (at == std::string_view::npos) continue;
      // "其他相关材料" also contains "相关材料": report the longest only.
      bool inside = std::any_of(g.vague.begin(), g.vague.end(), [&](const std::string& v) {
        return v.find(phrase) != std::string::npos;
      });
      if (inside) continue;
      g.vague.push_back(phrase);
      g.vague_excerpts.push_back(HitContext(section, at, at + phrase.size(), 16));
    }
    for (const std::string& item : SplitItems(section)) {
      ++g.material_items;
      if (!SaysForm(item)) g.unspecified.push_back(item);
    }
  }
  return g;
}

}  // namespace govscore::checklist

#include "extract/signals.h"

#include <re2/set.h>

#include <algorithm>
#include <bitset>
#include <cstring>

#include "extract/literal_set.h"
#include "extract/text.h"

namespace govscore {

namespace {

bool Contains(std::string_view s, std::string_view needle) { return text::Contains(s, needle); }

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles)
    if (Contains(s, n)) return true;
  return false;
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF);
}

bool IsWordChar(char32_t cp) {
  return IsHan(cp) || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 'A' && cp <= 'Z');
}

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The article body inside the page text: after the title's heading, before
// the first of the trailer markers (上一篇, 相关链接, 打印 …). Keeps nav and
// footer boilerplate out of similarity judgments.
std::string_view BodyText(std::string_view text, std::string_view title) {
  size_t start = 0;
  if (!title.empty()) {
    size_t at = govscore::text::Find(text, title);
    if (at != std::string_view::npos) start = at + title.size();
  }
  static const text::LiteralSet markers(
      {"上一篇", "下一篇", "相关链接", "【打印】", "打印本页", "关闭窗口", "网站地图"});
  const size_t end = std::min(text.size(), markers.FindFirst(text, start));
  return text.substr(start, end - start);
}

std::string AnchorTextLimit(std::string_view s) {
  return std::string(s.substr(0, text::ForwardCodePoints(s, 0, 40)));
}

// "2023年度示例市政府信息公开工作年度报告" → year 2023 (the first 4-digit year
// 1990..2100 followed by 年).
int YearIn(std::string_view title) {
  for (size_t i = 0; i + 4 <= title.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(title[i]))) continue;
    if (i > 0 && std::isdigit(static_cast<unsigned char>(title[i - 1]))) continue;
    if (i + 4 < title.size() && std::isdigit(static_cast<unsigned char>(title[i + 4]))) continue;
    int y = std::atoi(std::string(title.substr(i, 4)).c_str());
    if (y >= 1990 && y <= 2100 && title.substr(i + 4, 3) == "年") return y;
  }
  return 0;
}

std::optional<ReportMention> ReportOf(std::string_view title) {
  std::string kind;
  if (Contains(title, "信息公开") && Contains(title, "年度报告")) {
    kind = "xxgk_annual";
  } else if (Contains(title, "网站") && (Contains(title, "年度报表") || Contains(title, "年报"))) {
    kind = "web_annual";
  } else {
    return std::nullopt;
  }
  int year = YearIn(title);
  if (year == 0) return std::nullopt;
  return ReportMention{kind, year, std::string(title), "", std::nullopt};
}

// FunctionKeys() as one RE2::Set: pattern k is the alternation of key k's words.
const RE2::Set& FunctionWords() {
  static const RE2::Set* set = [] {
    RE2::Options o;
    o.set_encoding(RE2::Options::EncodingUTF8);
    auto* s = new RE2::Set(o, RE2::UNANCHORED);
    for (const auto& [key, words] : FunctionKeys()) {
      std::string alt;
      for (const std::string& w : words) alt += (alt.empty() ? "" : "|") + RE2::QuoteMeta(w);
      s->Add(alt, nullptr);
    }
    s->Compile();
    return s;
  }();
  return *set;
}

// A check before FunctionWords' DFA, which costs about a thousand
// instructions per call even on a miss: every function word is two or more
// three-byte characters, so a text holds one only where the six bytes of a
// word's first two characters occur. `first` marks the first characters'
// code points, `pairs` holds the sorted six-byte prefixes.
class FunctionWordFilter {
 public:
  FunctionWordFilter() {
    for (const auto& [key, words] : FunctionKeys()) {
      for (const std::string& w : words) {
        const auto* p = reinterpret_cast<const unsigned char*>(w.data());
        if (w.size() < 6 || p[0] < 0xE0 || p[0] > 0xEF || p[3] < 0xE0 || p[3] > 0xEF) {
          usable_ = false;  // a word the filter cannot see: always run the DFA
          return;
        }
        first_[CodePoint(p)] = true;
        pairs_.push_back(Prefix(p));
      }
    }
    std::sort(pairs_.begin(), pairs_.end());
  }

  // False only when no function word occurs in `s`.
  bool MayMatch(std::string_view s) const {
    if (!usable_) return true;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    for (size_t i = 0; i + 6 <= s.size(); ++i) {
      if (p[i] < 0xE0 || p[i] > 0xEF || !first_[CodePoint(p + i)]) continue;
      if (std::binary_search(pairs_.begin(), pairs_.end(), Prefix(p + i))) return true;
    }
    return false;
  }

 private:
  static uint32_t CodePoint(const unsigned char* p) {
    return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
  }
  static uint64_t Prefix(const unsigned char* p) {
    uint64_t v = 0;
    for (int k = 0; k < 6; ++k) v = (v << 8) | p[k];
    return v;
  }
  bool usable_ = true;
  std::bitset<0x10000> first_;
  std::vector<uint64_t> pairs_;
};

}  // namespace

TextSketch SketchText(std::string_view utf8) {
  TextSketch out;
  std::vector<char32_t> cps;
  cps.reserve(utf8.size() / 2);
  for (size_t pos = 0; pos < utf8.size();) {
    char32_t cp = text::DecodeUtf8(utf8, &pos);
    if (IsWordChar(cp)) cps.push_back(cp);
  }
  constexpr size_t kShingle = 5;
  if (cps.size() < kShingle) return out;
  std::vector<uint64_t> hashes;
  hashes.reserve(cps.size() - kShingle + 1);
  for (size_t i = 0; i + kShingle <= cps.size(); ++i) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < kShingle; ++k) h = Mix(h ^ cps[i + k]);
    hashes.push_back(h);
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  out.shingles = static_cast<uint32_t>(hashes.size());
  if (hashes.size() > kSketchSize) hashes.resize(kSketchSize);
  out.mins = std::move(hashes);
  return out;
}

double SketchJaccard(const TextSketch& a, const TextSketch& b) {
  if (a.mins.empty() || b.mins.empty()) return 0;
  // Bottom-k of the union: the k smallest of both; count those in both.
  size_t i = 0, j = 0, taken = 0, both = 0;
  const size_t k = std::min(kSketchSize, std::max(a.mins.size(), b.mins.size()));
  while (taken < k && (i < a.mins.size() || j < b.mins.size())) {
    if (j >= b.mins.size() || (i < a.mins.size() && a.mins[i] < b.mins[j])) {
      ++i;
    } else if (i >= a.mins.size() || b.mins[j] < a.mins[i]) {
      ++j;
    } else {
      ++both;
      ++i;
      ++j;
    }
    ++taken;
  }
  return taken == 0 ? 0 : static_cast<double>(both) / static_cast<double>(taken);
}

double SketchContainment(const TextSketch& a, const TextSketch& b) {
  if (a.shingles == 0 || b.shingles == 0) return 0;
  double j = SketchJaccard(a, b);
  double inter = j * (static_cast<double>(a.shingles) + b.shingles) / (1 + j);
  return std::min(1.0, inter / a.shingles);
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& TopicResourceClasses() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kClasses = {
      {"工作背景", {"背景", "概况", "简介", "工作方案", "实施方案", "总体方案"}},
      {"政策依据", {"政策", "文件", "依据", "法规", "办法", "条例", "规定"}},
      {"工作进展", {"进展", "动态", "推进", "进度", "要闻", "资讯"}},
      {"工作成果", {"成果", "成效", "经验", "亮点", "典型", "案例"}},
      {"服务", {"办事", "服务", "查询", "指南", "办理"}},
      {"知识", {"标准", "知识", "问答", "百科", "科普", "规范"}},
      {"互动", {"互动", "留言", "咨询", "征集", "访谈", "调查", "信箱"}},
  };
  return kClasses;
}

std::string SurveySubject(std::string_view title) {
  std::string t(title);
  for (std::string_view drop :
       {"关于",       "公开",     "征求", "征集", "意见", "建议", "的",   "公告",
        "通知",       "网上",     "在线", "问卷", "调查", "活动", "开展", "结果",
        "反馈",       "情况",     "采纳", "说明", "汇总", "公布", "答复", "回应",
        "（已结束）", "(已结束)", "《",   "》",   "“",    "”",    " ",    "　"}) {
    for (size_t at; (at = t.find(drop)) != std::string::npos;) t.erase(at, drop.size());
  }
  return text::CodePointCount(t) >= 4 ? t : std::string();
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& FunctionKeys() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kKeys = {
      {"sitemap", {"网站地图"}},
      {"smart_qa", {"智能问答", "智能客服", "智能咨询", "智能机器人", "在线问答", "智能小"}},
      {"login", {"登录", "统一身份认证", "注册"}},
      {"user_space", {"个人中心", "用户中心", "我的空间", "个人空间", "用户空间", "法人空间"}},
      {"consult",
       {"在线咨询", "我要咨询", "咨询投诉", "领导信箱", "市长信箱", "书记信箱", "局长信箱",
        "主任信箱", "厅长信箱", "县长信箱", "区长信箱", "我要留言", "网上信访", "留言咨询"}},
      {"survey", {"征集调查", "意见征集", "网上调查", "民意征集", "在线调查", "调查征集"}},
      {"interview", {"在线访谈"}},
      {"xxgk_guide", {"信息公开指南", "公开指南"}},
      {"xxgk_system", {"信息公开制度", "公开制度"}},
      {"xxgk_content", {"法定主动公开内容", "主动公开内容", "法定主动公开"}},
      {"xxgk_annual", {"信息公开年报", "公开年报", "信息公开工作年度报告", "年度报告"}},
      {"xxgk_apply", {"依申请公开"}},
      {"data_release", {"数据发布", "统计数据", "统计信息"}},
      {"open_data", {"数据开放", "开放数据"}},
      {"topics", {"专题专栏"}},
      {"convenience", {"便民服务", "便民查询", "查询服务"}},
      {"new_media", {"政务微博", "政务微信", "官方微博", "官方微信", "微信公众号", "客户端"}},
  };
  return kKeys;
}

std::string FindDocNumber(std::string_view t, size_t window) {
  t = t.substr(0, std::min(window, t.size()));
  static const std::string_view kOpen[] = {"〔", "[", "（", "(", "【"};
  static const std::string_view kClose[] = {"〕", "]", "）", ")", "】"};
  auto digits = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      if (!std::isdigit(static_cast<unsigned char>(t[k]))) return false;
    return true;
  };
  // Every 文号 ends in 号: from each 号, in text order, look back for
  // "opener YYYY closer N" (1-5 digits N). Two 文号 cannot nest, so the first
  // 号 that has one gives the first 文号 of the text.
  for (size_t h = text::Find(t, "号"); h != std::string_view::npos;
       h = text::Find(t, "号", h + 3)) {
    size_t n = h;
    while (n > 0 && std::isdigit(static_cast<unsigned char>(t[n - 1]))) --n;
    if (n == h || h - n > 5) continue;
    for (size_t b = 0; b < std::size(kOpen); ++b) {
      const size_t cs = kClose[b].size(), os = kOpen[b].size();
      if (n < cs + 4 + os || t.compare(n - cs, cs, kClose[b]) != 0) continue;
      const size_t y = n - cs - 4;
      const size_t pos = y - os;
      // The closers differ from one another: no other pair fits this one.
      if (!digits(y, y + 4) || t.compare(pos, os, kOpen[b]) != 0) break;
      // The issuer abbreviation: 1..10 Han characters right before the bracket.
      size_t start = pos;
      int han = 0;
      while (start > 0 && han < 10) {
        size_t prev = text::BackCodePoints(t, start, 1);
        size_t p = prev;
        char32_t cp = text::DecodeUtf8(t, &p);
        if (!IsHan(cp)) break;
        start = prev;
        ++han;
      }
      if (han == 0) break;
      // Leading words that are not part of the issuer: "根据国办秘函〔2019〕19号".
      std::string_view issuer = t.substr(start, pos - start);
      for (std::string_view stop : {"根据", "按照", "依据", "依照", "印发", "转发", "关于", "的",
                                    "和", "及", "与", "见", "即", "是", "为", "对"}) {
        size_t at = issuer.rfind(stop);
        if (at != std::string_view::npos && at + stop.size() < issuer.size())
          issuer.remove_prefix(at + stop.size());
      }
      return std::string(issuer) + std::string(t.substr(pos, h + 3 - pos));
    }
  }
  return {};
}

PageSignals ExtractSignals(const PageFacts& f) {
  PageSignals s;
  // Function anchors and annual-report mentions over the links and items
  // the extract already collected.
  const auto& keys = FunctionKeys();
  const RE2::Set& words = FunctionWords();
  static const FunctionWordFilter filter;
  std::vector<bool> found(keys.size(), false);
  std::vector<int> hits;
  for (const RawLink& l : f.links) {
    if (l.source != LinkSource::kAnchor && l.source != LinkSource::kArea) continue;
    if (l.text.empty() || l.text.size() > 60) continue;
    // One DFA pass per anchor text over every key's words.
    hits.clear();
    if (filter.MayMatch(l.text) && words.Match(l.text, &hits)) {
      std::sort(hits.begin(), hits.end());
      for (int k : hits) {
        if (found[static_cast<size_t>(k)]) continue;
        found[static_cast<size_t>(k)] = true;
        s.functions.push_back({keys[static_cast<size_t>(k)].first, l.href, l.text});
      }
    }
    if (Contains(l.text, "查询") && text::CodePointCount(l.text) <= 20 &&
        s.query_links.size() < 100) {
      s.query_links.emplace_back(l.href, l.text);
    }
    if (l.text.size() >= 24 && !l.in_nav && !l.in_footer) {
      if (auto r = ReportOf(l.text)) {
        r->href = l.href;
        bool dup = false;
        for (const ReportMention& m : s.reports) dup |= m.href == r->href;
        if (!dup) s.reports.push_back(std::move(*r));
      }
    }
  }
  for (const ListItem& item : f.items) {
    if (auto r = ReportOf(item.title)) {
      r->href = item.href;
      r->date = item.date;
      bool replaced = false;
      for (ReportMention& m : s.reports) {
        if (m.href == r->href) {
          m = *r;  // the list item carries the date
          replaced = true;
        }
      }
      if (!replaced) s.reports.push_back(std::move(*r));
    }
  }

  const std::string_view last_crumb =
      f.breadcrumb.empty() ? std::string_view() : std::string_view(f.breadcrumb.back());
  if (Contains(f.title, "网站地图") || Contains(last_crumb, "网站地图")) {
    s.sitemap = true;
    for (const RawLink& l : f.links) {
      if (l.source != LinkSource::kAnchor || l.in_nav || l.in_footer || l.text.empty()) continue;
      if (s.sitemap_links.size() >= 2000) break;
      s.sitemap_links.emplace_back(l.href, AnchorTextLimit(l.text));
    }
  }

  std::string_view label;
  if (auto col_it = f.meta.find("ColumnName"); col_it != f.meta.end()) label = col_it->second;
  {
    auto is_data = [](std::string_view t) {
      return ContainsAny(t,
                         {"数据发布", "统计数据", "统计信息", "数据开放", "统计公报", "开放数据"});
    };
    bool crumb = false;
    for (const std::string& part : f.breadcrumb) crumb = crumb || is_data(part);
    s.data_page = is_data(label) || crumb || is_data(f.title);
    if (s.data_page) {
      for (const RawLink& l : f.links) {
        if (!l.is_attachment || s.data_files.size() >= 100) continue;
        s.data_files.push_back(l.href);
      }
      std::string_view text = f.text;
      for (std::string_view key : {"更新频率", "更新周期", "更新频次"}) {
        size_t at = text.find(key);
        if (at == std::string_view::npos) continue;
        size_t v = at + key.size();
        for (std::string_view sep : {"：", ":"})
          if (text.compare(v, sep.size(), sep) == 0) v += sep.size();
        while (v < text.size() && text[v] == ' ') ++v;
        size_t end = v;
        for (size_t cps = 0; end < text.size() && cps < 10; ++cps) {
          size_t next = end;
          char32_t cp = text::DecodeUtf8(text, &next);
          if (cp == '\n' || cp == ' ' || cp == 0x3000 || cp == 0xFF0C || cp == 0x3002 ||
              cp == 0xFF1B || cp == ',' || cp == ';')
            break;
          end = next;
        }
        if (end > v) {
          s.update_frequency = std::string(text.substr(v, end - v));
          break;
        }
      }
    }
  }
  // 网页标签: a few map lookups per column or article page.
  if (f.kind == PageKind::kColumnList || f.kind == PageKind::kArticle) {
    s.labels_checked = true;
    s.labels_column_page = f.kind == PageKind::kColumnList;
    static const char* const kSiteTags[] = {"SiteName", "SiteDomain", "SiteIDCode"};
    static const char* const kColumnTags[] = {"ColumnName", "ColumnDescription", "ColumnKeywords",
                                              "ColumnType"};
    static const char* const kContentTags[] = {"ArticleTitle", "PubDate", "ContentSource"};
    auto need = [&](const char* name) {
      auto it = f.meta.find(name);
      if (it == f.meta.end() || text::TrimAscii(it->second).empty())
        s.labels_missing.emplace_back(name);
    };
    for (const char* name : kSiteTags) need(name);
    if (s.labels_column_page) {
      for (const char* name : kColumnTags) need(name);
    } else {
      for (const char* name : kContentTags) need(name);
    }
  }
  // 征集调查 list pages: their dated items, activities and results.
  {
    auto is_survey = [](std::string_view t) { return ContainsAny(t, {"征集", "调查"}); };
    bool survey = is_survey(label) || (f.kind != PageKind::kArticle && is_survey(f.title));
    if (!survey && f.kind != PageKind::kArticle)
      survey = !f.breadcrumb.empty() && is_survey(f.breadcrumb.back());
    if (survey) {
      for (const ListItem& item : f.items) {
        if (!item.date || s.survey_items.size() >= 100) continue;
        bool result = ContainsAny(item.title, {"结果", "反馈", "采纳", "答复", "回应", "汇总"});
        s.survey_items.push_back({item.href, item.title, item.date, result});
      }
    }
  }
  // 专题专栏 pages: the topic and the resource classes its anchors name.
  {
    for (size_t i = 0; i + 1 < f.breadcrumb.size() && s.topic.empty(); ++i) {
      if (Contains(f.breadcrumb[i], "专题")) s.topic = f.breadcrumb[i + 1];
    }
    if (s.topic.empty() && Contains(label, "专题") && label != "专题专栏") s.topic = label;
    if (s.topic == "正文" || s.topic.size() > 60) s.topic.clear();
    if (!s.topic.empty() && f.kind != PageKind::kArticle) {
      const auto& classes = TopicResourceClasses();
      auto classify = [&](std::string_view t) {
        for (size_t k = 0; k < classes.size(); ++k) {
          for (const std::string& w : classes[k].second) {
            if (Contains(t, w)) {
              s.topic_classes |= 1u << k;
              break;
            }
          }
        }
      };
      for (const RawLink& l : f.links) {
        if (l.source != LinkSource::kAnchor || l.in_nav || l.in_footer) continue;
        if (l.text.empty() || text::CodePointCount(l.text) > 20) continue;
        classify(l.text);
      }
      for (const ListItem& item : f.items) classify(item.title);
    }
  }
  if (f.kind != PageKind::kArticle) return s;
  s.article = true;
  s.title = f.article_title.empty() ? f.title : f.article_title;
  s.source = f.article_source;
  if (auto r = ReportOf(s.title)) {
    r->date = f.article_date;
    s.reports.push_back(std::move(*r));
  }
  auto col = f.meta.find("ColumnName");
  if (col != f.meta.end() && !col->second.empty()) {
    s.column = col->second;
  } else if (f.breadcrumb.size() >= 2) {
    // The trail ends in the article itself or 正文 on most sites.
    s.column = f.breadcrumb[f.breadcrumb.size() - 2];
    if (s.column.size() > 60) s.column.clear();
  }
  s.interpretation = Contains(s.column, "解读") ||
                     ContainsAny(s.title, {"解读", "图解", "一图读懂", "答记者问", "政策问答"});
  std::string_view text = f.text;
  const std::string_view body = BodyText(text, s.title);  // for the doc number and the sketch
  s.doc_number = FindDocNumber(body.substr(0, 4000));
  s.policy = !s.interpretation &&
             (ContainsAny(s.column, {"政策文件", "规范性文件", "政府文件", "文件库", "政府令"}) ||
              !s.doc_number.empty());
  if (!s.interpretation) {
    static const text::LiteralSet reprint({"转载自", "转自", "来源：转载"});
    s.reprint_marked = reprint.Any(text);
  }
  if (!s.policy && !s.interpretation) return s;

  for (size_t pos = 0; (pos = s.title.find("《", pos)) != std::string::npos;) {
    size_t end = s.title.find("》", pos);
    if (end == std::string::npos) break;
    s.quoted_titles.push_back(s.title.substr(pos + 3, end - pos - 3));
    pos = end + 3;
  }
  for (const RawLink& l : f.links) {
    if (l.source != LinkSource::kAnchor || l.in_nav || l.in_footer || l.is_attachment) continue;
    if (text::CodePointCount(l.text) < 2) continue;
    if (s.related_hrefs.size() >= 40) break;
    s.related_hrefs.push_back(l.href);
  }
  if (s.interpretation) {
    if (ContainsAny(s.title, {"图解", "一图", "图说", "图读", "漫画", "长图"}))
      s.forms.push_back("图解");
    bool video = ContainsAny(s.title, {"视频", "动漫", "动画"});
    for (const RawLink& l : f.links) {
      if (video) break;
      std::string lower = text::AsciiLower(l.href);
      video = (l.source == LinkSource::kImg || l.source == LinkSource::kEmbed ||
               l.source == LinkSource::kIframe) &&
              ContainsAny(lower, {".mp4", ".m3u8", ".flv", ".webm", "video"});
    }
    if (video) s.forms.push_back("视频");
    if (ContainsAny(s.title, {"新闻发布会", "发布会", "答记者问", "新闻通气会", "吹风会"}))
      s.forms.push_back("发布会");
    if (s.forms.empty()) s.forms.push_back("文字");
  }
  s.sketch = SketchText(body);
  return s;
}

std::string UrlHost(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    authority = authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1);
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos) authority = authority.substr(0, colon);
  }
  return text::AsciiLower(authority);
}

void ResolveSignals(PageSignals& s, const PageFacts& f, std::string_view page_host,
                    const std::function<std::string(std::string_view)>& resolve) {
  auto fix = [&](std::string& href) {
    href = resolve(href);
    return href.empty();
  };
  std::erase_if(s.functions, [&](FunctionAnchor& a) { return fix(a.href); });
  std::erase_if(s.reports, [&](ReportMention& r) { return !r.href.empty() && fix(r.href); });
  std::erase_if(s.sitemap_links, [&](auto& l) { return fix(l.first); });
  std::erase_if(s.related_hrefs, [&](std::string& h) { return fix(h); });
  std::erase_if(s.query_links, [&](auto& l) { return fix(l.first); });
  std::erase_if(s.data_files, [&](std::string& h) { return fix(h); });
  std::erase_if(s.survey_items, [&](PageSignals::SurveyItem& i) { return fix(i.href); });
  for (const RawLink& l : f.links) {
    if (l.source != LinkSource::kAnchor && l.source != LinkSource::kArea) continue;
    if (l.href.find("://") == std::string::npos && !l.href.starts_with("//")) continue;
    std::string url = resolve(l.href);
    std::string host = UrlHost(url);
    if (host.empty() || host == page_host) continue;
    bool seen = false;
    for (const auto& [h, u] : s.external_hosts) seen |= h == host;
    if (!seen) s.external_hosts.emplace_back(std::move(host), std::move(url));
  }
}

}  // namespace govscore

#include "output/site_facts_html.h"

#include <fmt/format.h>

#include <map>

#include "core/html_escape.h"

namespace govscore {

namespace {

std::string A(const std::string& url) {
  return "<a href=\"" + HtmlEscape(url) + "\" target=\"_blank\" rel=\"noopener\">" +
         HtmlEscape(url) + "</a>";
}

std::string Row(const std::string& item, bool ok, const std::string& detail_html) {
  return "<tr" + std::string(ok ? "" : " class=\"bad\"") + "><td>" + HtmlEscape(item) +
         "</td><td>" + (ok ? "<span class=\"ok\">✔</span>" : "<span class=\"no\">✘</span>") +
         "</td><td>" + detail_html + "</td></tr>";
}

std::string UrlList(const std::vector<std::string>& urls, size_t cap = 20) {
  if (urls.empty()) return "";
  std::string h = "<ul class=\"sources\">";
  for (size_t i = 0; i < urls.size() && i < cap; ++i) h += "<li>" + A(urls[i]) + "</li>";
  if (urls.size() > cap) h += fmt::format("<li>……共 {} 个</li>", urls.size());
  return h + "</ul>";
}

std::string Percent(size_t part, size_t whole) {
  return whole == 0 ? "—" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / whole);
}

}  // namespace

std::string SiteFactsHtmlSection(const SiteFacts& f, Date as_of) {
  std::string h = "<section><h2>六、政务公开与网站功能</h2>";
  const PolicyFacts& p = f.policy;
  h += "<h3>政策解读与政策文件关联</h3><table><tr><th>检查项</th><th>结果</th><th>说明</th></tr>";
  std::vector<std::string> copied, one_way;
  size_t both = 0;
  for (const InterpretationPair& x : p.pairs) {
    if (x.copied) copied.push_back(x.interpretation);
    if (x.links_to_policy && x.policy_links_back) {
      ++both;
    } else {
      one_way.push_back(x.interpretation);
    }
  }
  h += Row("政策文件解读比例", p.policies == 0 || p.policies_with == p.policies,
           fmt::format("政策文件 {} 件，有解读 {} 件（{}）", p.policies, p.policies_with,
                       Percent(p.policies_with, p.policies)) +
               UrlList(p.policies_without, 10));
  h += Row("解读与文件双向关联", one_way.empty() && p.unmatched_interpretations.empty(),
           fmt::format("解读 {} 篇，双向链接 {} 篇；未双向关联：", p.interpretations, both) +
               UrlList(one_way, 10) +
               (p.unmatched_interpretations.empty()
                    ? ""
                    : "找不到对应文件：" + UrlList(p.unmatched_interpretations, 10)));
  std::string forms;
  for (const auto& [form, n] : p.forms) forms += fmt::format("{} {} 篇　", form, n);
  h += Row("解读形式多样（图解/视频/发布会）",
           p.forms.count("图解") + p.forms.count("视频") + p.forms.count("发布会") >= 2,
           HtmlEscape(forms));
  h += Row("解读未照搬原文", copied.empty(), UrlList(copied));
  h += "</table>";

  h += "<h3>信息来源、功能入口与政府信息公开</h3><table><tr><th>检查项</th><th>结果</th><th>"
       "说明</th></tr>";
  h += Row("文章标注信息来源", f.sources.without_source.empty(),
           fmt::format("文章 {} 篇，标注来源 {} 篇（{}）", f.sources.articles,
                       f.sources.with_source, Percent(f.sources.with_source, f.sources.articles)) +
               UrlList(f.sources.without_source, 10));
  static const std::pair<const char*, const char*> kEntries[] = {
      {"xxgk_guide", "政府信息公开指南"},
      {"xxgk_system", "政府信息公开制度"},
      {"xxgk_content", "法定主动公开内容"},
      {"xxgk_annual", "政府信息公开年报"},
      {"xxgk_apply", "依申请公开"},
      {"consult", "在线咨询/领导信箱"},
      {"survey", "征集调查"},
      {"smart_qa", "智能问答"},
      {"login", "统一登录"},
      {"user_space", "个人空间"}};
  static const std::map<std::string, std::string> kStatus = {
      {"ok", "可用"}, {"empty", "栏目为空"}, {"broken", "链接失效"}, {"unchecked", "未检查"}};
  for (const auto& [key, label] : kEntries) {
    auto it = f.functions.find(key);
    if (it == f.functions.end()) {
      h += Row(label, false, "未找到入口");
      continue;
    }
    const FunctionEntry& e = it->second;
    auto st = kStatus.find(e.status);
    h += Row(label, e.status == "ok" || e.status == "unchecked",
             "“" + HtmlEscape(e.text) + "”→ " + A(e.url) + "（" +
                 (st != kStatus.end() ? st->second : HtmlEscape(e.status)) + "）");
  }
  if (f.search_probe) {
    const SearchProbe& s = *f.search_probe;
    h += Row("站内搜索可检索到已发布文章", s.found,
             "检索“" + HtmlEscape(s.query) + "”" + (s.url.empty() ? "" : "：" + A(s.url)) +
                 (s.detail.empty() ? "" : "（" + HtmlEscape(s.detail) + "）"));
  }
  h += "</table>";

  h += "<h3>年度报告</h3><table><tr><th>报告</th><th>结果</th><th>说明</th></tr>";
  const int year = as_of.year() - 1;
  for (const auto& [kind, label] :
       {std::pair<std::string, std::string>{"xxgk_annual", "政府信息公开工作年度报告"},
        {"web_annual", "政府网站工作年度报表"}}) {
    const ReportFact* found = nullptr;
    for (const ReportFact& r : f.reports)
      if (r.kind == kind && r.year == year && (!found || (r.date && !found->date))) found = &r;
    const Date deadline = Date::FromYmd(year + 1, 1, 31);
    const bool ok = found && found->date && *found->date <= deadline;
    h += Row(fmt::format("{}年度{}", year, label), ok,
             found ? A(found->url) + "　发布日期：" +
                         (found->date ? found->date->ToString() : std::string("未知")) + "（期限 " +
                         deadline.ToString() + "）"
                   : std::string("未找到"));
  }
  h += "</table>";

  const SitemapFacts& m = f.sitemap;
  h += "<h3>网站地图</h3>";
  if (m.url.empty()) {
    h += "<p class=\"no\">未找到网站地图页面。</p>";
  } else {
    h += "<p>网站地图：" + A(m.url) + fmt::format("，共 {} 个条目。</p>", m.entries);
    if (!m.missing_columns.empty())
      h += "<p>网站地图未列出的栏目：</p>" + UrlList(m.missing_columns);
    if (!m.dead_entries.empty()) h += "<p class=\"no\">失效条目：</p>" + UrlList(m.dead_entries);
  }
  for (const auto& [name, urls] : m.duplicate_columns)
    h += "<p>重复栏目“" + HtmlEscape(name) + "”：</p>" + UrlList(urls);

  if (f.ipv6.checked) {
    const Ipv6Report& v = f.ipv6;
    h += "<h3>IPv6 支持</h3><table><tr><th>检查项</th><th>结果</th><th>说明</th></tr>";
    h += Row("域名有IPv6地址（AAAA）", v.site_aaaa, HtmlEscape(v.homepage.address));
    h += Row("首页可经IPv6访问", v.homepage.reachable, HtmlEscape(v.homepage.detail));
    h += Row("二、三级页面IPv6可访问比例不低于90%",
             v.links > 0 && v.links_reachable * 10 >= v.links * 9,
             fmt::format("{} / {}（{}）", v.links_reachable, v.links,
                         Percent(v.links_reachable, v.links)));
    h += "</table>";
  }
  return h + "</section>\n";
}

}  // namespace govscore

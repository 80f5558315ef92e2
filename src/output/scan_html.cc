#include "output/scan_html.h"

#include <fmt/format.h>

#include <fstream>
#include <map>

#include "core/error.h"
#include "core/html_escape.h"
#include "output/site_facts_html.h"

namespace govscore {
namespace {

// A link that opens the URL, shown as text.
std::string Link(std::string_view url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return "<code>" + HtmlEscape(url) + "</code>";
  }
  return "<a href=\"" + HtmlEscape(url) + "\" target=\"_blank\" rel=\"noopener\">" +
         HtmlEscape(url) + "</a>";
}

constexpr const char* kStyle = R"(
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#f5f6f8}
header{background:#b71c1c;color:#fff;padding:20px 32px}header h1{margin:0 0 6px;font-size:24px}
header p{margin:2px 0;opacity:.9}main{padding:16px 32px;max-width:1200px}
section{background:#fff;border-radius:6px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:19px;border-left:4px solid #b71c1c;padding-left:8px;margin-top:0}h3{font-size:16px;margin:18px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #e0e0e0;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#fafafa}td.num{text-align:right}tr.bad td{background:#fff3f3}tr.warn td{background:#fffbe6}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{flex:1 1 140px;border:1px solid #eee;border-radius:6px;padding:10px}
.card b{display:block;font-size:22px}.card.bad b{color:#c62828}.ok{color:#2e7d32}.no{color:#c62828;font-weight:bold}
.tag{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#fff}.tag.bad{background:#c62828}.tag.warn{background:#ef6c00}.tag.ok{background:#2e7d32}
ul.sources{margin:0;padding-left:18px}code{word-break:break-all}a{color:#1565c0;word-break:break-all}
footer{color:#888;font-size:12px;padding:8px 32px 24px}
)";

std::string Card(const std::string& label, size_t value, bool bad_when_nonzero) {
  return fmt::format("<div class=\"card{}\"><b>{}</b>{}</div>",
                     bad_when_nonzero && value > 0 ? " bad" : "", value, HtmlEscape(label));
}

std::string SummarySection(const ScanReport& r) {
  const ScanSummary& s = r.summary;
  std::string h = "<section><h2>概览</h2><div class=\"cards\">";
  h += Card("已抓取网页", s.pages, false);
  h += Card("已检查链接", s.links_checked, false);
  h += Card("问题链接", s.broken_links, true);
  h += Card("栏目", r.columns.size(), false);
  h += Card("空白栏目", s.empty_columns, true);
  h += Card("未按时更新栏目", s.stale_columns, true);
  h += Card("个人信息泄露", s.privacy_hits, true);
  h += Card("拦截的爬虫陷阱地址", s.trapped_urls, false);
  h += "</div>";
  h += fmt::format("<p>耗时 {:.1f} 秒，平均每秒 {:.1f} 个网页，共发出 {} 次请求。</p>", s.seconds,
                   s.pages_per_second, s.requests);
  h += "</section>\n";
  return h;
}

std::string LinksSection(const ScanReport& r) {
  std::string h = "<section><h2>一、链接问题</h2>";
  std::map<LinkResult, std::vector<const LinkRecord*>> groups;
  for (const LinkRecord& l : r.links) {
    if (IsBroken(l.result)) groups[l.result].push_back(&l);
  }
  if (groups.empty()) {
    h += "<p class=\"ok\">未发现不可用链接。</p>";
  } else {
    h += "<p>"
         "以下链接不可用。请按“所在页面”逐页修改或删除链接；同一地址出现在多个页面时只需修复目标或"
         "统一替换。</p>";
  }
  for (const auto& [result, links] : groups) {
    h += fmt::format("<h3>{}（{} 个地址）</h3>", HtmlEscape(LinkResultLabel(result)), links.size());
    h += "<table><tr><th>链接地址</th><th>状态码</th><th>说明</th><th>所在页面</th></tr>";
    for (const LinkRecord* l : links) {
      h += "<tr class=\"bad\"><td>" + Link(l->target) + "</td><td class=\"num\">" +
           (l->status ? std::to_string(l->status) : std::string("—")) + "</td><td>" +
           HtmlEscape(l->detail) + "</td><td><ul class=\"sources\">";
      const size_t shown = std::min<size_t>(l->sources.size(), 20);
      for (size_t i = 0; i < shown; ++i) h += "<li>" + Link(l->sources[i]) + "</li>";
      if (l->sources.size() > shown) {
        h += fmt::format("<li>……等共 {} 个页面</li>", l->sources.size());
      }
      if (l->sources.empty()) h += "<li>（起始地址）</li>";
      h += "</ul></td></tr>";
    }
    h += "</table>";
  }
  size_t redirects = 0, blocked = 0;
  for (const LinkRecord& l : r.links) {
    redirects += l.result == LinkResult::kRedirectOk;
    blocked += l.result == LinkResult::kBlocked;
  }
  if (blocked > 0) {
    h += fmt::format("<p>另有 {} 个链接因地址策略（仅允许访问本机地址）未检查。</p>", blocked);
  }
  if (redirects > 0) {
    h += fmt::format("<p>另有 {} 个链接经跳转后可以访问（不算问题），建议直接链接到最终地址。</p>",
                     redirects);
  }
  h += "</section>\n";
  return h;
}

std::string ColumnsSection(const ScanReport& r) {
  std::string h = "<section><h2>二、栏目更新情况</h2>";
  h += fmt::format(
      "<p>监测时间点：{}。更新要求：动态、要闻类 2 周内，通知公告、政策文件类 6 个月内，"
      "人事、规划计划类 1 年内须有更新。</p>",
      r.as_of.ToString());
  if (r.columns.empty()) {
    h += "<p>未识别出栏目列表页。</p></section>\n";
    return h;
  }
  h += "<table><tr><th>栏目</th><th>类别</th><th>更新要求</th><th>条目数</th><th>最新日期</th>"
       "<th>距监测时间点</th><th>近14天</th><th>近6个月</th><th>近1年</th><th>平均更新间隔</th>"
       "<th>结论</th></tr>";
  for (const ColumnStats& c : r.columns) {
    std::string verdict = "<span class=\"tag ok\">正常</span>";
    std::string cls;
    if (c.empty) {
      verdict = "<span class=\"tag bad\">空白栏目</span>";
      cls = " class=\"bad\"";
    } else if (c.stale) {
      verdict = "<span class=\"tag warn\">未按时更新</span>";
      cls = " class=\"warn\"";
    } else if (c.category.empty()) {
      verdict = "无更新要求";
    }
    h += fmt::format(
        "<tr{}><td><a href=\"{}\" target=\"_blank\">{}</a></td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td>{}</td></tr>",
        cls, HtmlEscape(c.url), HtmlEscape(c.name.empty() ? c.url : c.name),
        HtmlEscape(c.category.empty() ? "—" : c.category),
        HtmlEscape(c.limit.empty() ? "—" : c.limit), c.items, c.newest ? c.newest->ToString() : "—",
        c.newest ? std::to_string(c.days_since_newest) + " 天" : "—", c.within_14_days,
        c.within_6_months, c.within_1_year,
        c.mean_interval_days ? fmt::format("{:.1f} 天", *c.mean_interval_days) : "—", verdict);
  }
  h += "</table></section>\n";
  return h;
}

std::string CheckRow(const std::string& item, const std::string& value, const std::string& advice) {
  const bool ok = !value.empty();
  return "<tr" + std::string(ok ? "" : " class=\"bad\"") + "><td>" + HtmlEscape(item) +
         "</td><td>" +
         (ok ? "<span class=\"ok\">✔ 有</span>" : "<span class=\"no\">✘ 缺少</span>") +
         "</td><td>" + (ok ? HtmlEscape(value) : HtmlEscape(advice)) + "</td></tr>";
}

std::string FooterSection(const ScanReport& r) {
  const FooterIdentity& f = r.footer;
  std::string h =
      "<section><h2>三、首页底部功能区与基本功能</h2><table>"
      "<tr><th>检查项</th><th>结果</th><th>内容或整改建议</th></tr>";
  h += CheckRow("网站标识码", f.site_code, "在页面底部标注10位网站标识码");
  h += CheckRow("ICP备案编号", f.icp, "标注ICP备案编号并链接到工业和信息化部备案管理系统");
  h += CheckRow("公安机关备案号", f.police_record, "标注公安机关备案标识和编号");
  h += CheckRow("主办单位", f.sponsor, "标注网站主办单位名称");
  h += CheckRow("联系方式", f.contact, "标注主办单位联系电话或邮箱");
  h += CheckRow("党政机关网站标识", f.party_gov_label_href,
                "在页面底部放置党政机关网站标识（开办整合后）");
  h += CheckRow("“我为政府网站找错”入口", f.error_report_href,
                "在页面底部放置“我为政府网站找错”监督举报入口");
  h += CheckRow("站内搜索",
                r.search ? (r.search->action.empty() ? "（提交到本页）" : r.search->action) : "",
                "提供站内搜索功能");
  h += CheckRow("无障碍/适老化服务", r.accessibility_toolbar ? "有入口" : "",
                "提供无障碍浏览或长者模式入口");
  h += CheckRow("隐私政策", r.privacy_policy_url, "发布网站隐私政策或隐私声明");
  h += "</table></section>\n";
  return h;
}

std::string PrivacySection(const ScanReport& r) {
  std::string h = "<section><h2>四、个人信息泄露</h2>";
  if (r.privacy.empty()) {
    h += "<p class=\"ok\">未发现公开的身份证号码或手机号码。</p></section>\n";
    return h;
  }
  h +=
      "<p>以下页面或附件公开了个人敏感信息（已打码显示），请立即删除或做脱敏处理，并检查同类文件。<"
      "/p>";
  h += "<table><tr><th>位置</th><th>类型</th><th>内容（已打码）</th><th>上下文</th></tr>";
  for (const PrivacyRecord& p : r.privacy) {
    h += "<tr class=\"bad\"><td>" + Link(p.url) + (p.attachment ? "（附件）" : "") + "</td><td>" +
         (p.kind == "id_number" ? "身份证号码"
          : p.kind == "mobile"  ? "手机号码"
                                : HtmlEscape(p.kind)) +
         "</td><td><code>" + HtmlEscape(p.masked) + "</code></td><td>" + HtmlEscape(p.context) +
         "</td></tr>";
  }
  h += "</table></section>\n";
  return h;
}

std::string OtherSection(const ScanReport& r) {
  std::string h = "<section><h2>五、其他发现</h2>";
  if (!r.traps.empty()) {
    h += "<h3>爬虫陷阱（已自动拦截）</"
         "h3><p>以下地址模式会无限生成新网页，搜索引擎和监测程序会陷入其中，建议修改。</p>"
         "<table><tr><th>类型</th><th>模式</th><th>示例</th><th>拦截地址数</th></tr>";
    static const std::map<std::string, std::string> kTrapNames = {
        {"depth", "层级过深"},
        {"repeated_segments", "路径重复"},
        {"query_explosion", "参数组合爆炸"},
        {"calendar", "日历无限翻页"}};
    for (const Trap& t : r.traps) {
      const auto it = kTrapNames.find(std::string(TrapKindName(t.kind)));
      h += fmt::format(
          "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td></tr>",
          it != kTrapNames.end() ? it->second : std::string(TrapKindName(t.kind)),
          HtmlEscape(t.pattern), Link(t.example), t.stopped);
    }
    h += "</table>";
  }
  if (!r.tls.empty()) {
    h += "<h3>HTTPS证书与加密协议</h3><table><tr><th>主机</th><th>问题</th><th>说明</th></tr>";
    for (const TlsRecord& t : r.tls) {
      h += "<tr class=\"bad\"><td>" + HtmlEscape(t.host) + "</td><td>" + HtmlEscape(t.kind) +
           "</td><td>" + HtmlEscape(t.detail) + "</td></tr>";
    }
    h += "</table>";
  }
  for (const RobotsRecord& b : r.robots) {
    h += fmt::format(
        "<p>robots.txt（{}）：状态码 {}，{} 条规则，{}；因其限制未访问 {} 个地址。</p>",
        HtmlEscape(b.host), b.status, b.rules, b.respected ? "已遵守" : "已忽略", b.refused);
  }
  if (r.summary.page_limit_refusals > 0) {
    h += fmt::format("<p>达到网页数量上限，另有 {} 个网页未抓取。</p>",
                     r.summary.page_limit_refusals);
  }
  if (!r.warnings.empty()) {
    h += "<h3>提示</h3><ul>";
    const size_t shown = std::min<size_t>(r.warnings.size(), 50);
    for (size_t i = 0; i < shown; ++i) h += "<li>" + HtmlEscape(r.warnings[i]) + "</li>";
    if (r.warnings.size() > shown) h += fmt::format("<li>……共 {} 条</li>", r.warnings.size());
    h += "</ul>";
  }
  h += "</section>\n";
  return h;
}

}  // namespace

std::string RenderScanHtml(const ScanReport& r) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>网站监测报告 - " +
      HtmlEscape(r.site) + "</title><style>" + kStyle + "</style></head><body>\n";
  const auto name = r.home_meta.find("SiteName");
  h += "<header><h1>政府网站监测报告" +
       (name != r.home_meta.end() ? "：" + HtmlEscape(name->second) : std::string()) + "</h1>";
  h += "<p>网站地址：" + HtmlEscape(r.site) + "</p><p>监测时间点：" + r.as_of.ToString() +
       "　扫描开始：" + HtmlEscape(r.started_at) + "</p></header>\n<main>\n";
  h += SummarySection(r);
  h += LinksSection(r);
  h += ColumnsSection(r);
  h += FooterSection(r);
  h += PrivacySection(r);
  h += OtherSection(r);
  h += SiteFactsHtmlSection(r.site_facts, r.as_of);
  h += "</main><footer>由 govscore 生成（数据格式 govscore.scan/1）。身份证号码仅显示前6位和后4位，"
       "手机号码仅显示前3位和后4位。</footer></body></html>\n";
  return h;
}

void WriteScanHtml(const ScanReport& report, const std::filesystem::path& path) {
  WriteTextFile(path, RenderScanHtml(report));
}

}  // namespace govscore

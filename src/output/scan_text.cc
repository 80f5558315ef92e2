#include "output/scan_text.h"

#include <fmt/format.h>

#include <map>

namespace govscore {
namespace {

template <typename... T>
void Append(std::string& out, fmt::format_string<T...> format, T&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<T>(args)...);
}

}  // namespace

std::string FormatScanProgress(const ScanProgress& p) {
  return fmt::format("已抓取 {} 页  已检查链接 {}  队列 {}  问题 {}  {:.1f} 页/秒  {:.0f} 秒",
                     p.pages_done, p.links_checked, p.queued + p.in_flight, p.errors, p.pages_per_s,
                     p.elapsed_s);
}

std::string FormatScanSummary(const ScanReport& r) {
  const ScanSummary& s = r.summary;
  std::string out;
  Append(out, "\n站点 {}  监测时间点 {}\n", r.site, r.as_of.ToString());
  Append(out, "网页 {} 个（{:.1f} 秒，{:.1f} 页/秒），检查链接 {} 个，请求 {} 次\n", s.pages,
         s.seconds, s.pages_per_second, s.links_checked, s.requests);
  Append(out, "问题链接 {} 个", s.broken_links);
  if (s.broken_links > 0) {
    Append(out, "：");
    for (const auto& [name, n] : s.by_result) {
      const auto result = LinkResultFromName(name);
      if (result && IsBroken(*result)) Append(out, " {} {}", name, n);
    }
  }
  Append(out, "\n栏目 {} 个，空白 {} 个，未按时更新 {} 个\n", r.columns.size(), s.empty_columns,
         s.stale_columns);
  for (const ColumnStats& c : r.columns) {
    if (c.empty) Append(out, "  空白栏目    {}  {}\n", c.name, c.url);
    if (c.stale) {
      Append(out, "  未按时更新  {}  最新 {}（要求 {} 内）  {}\n", c.name,
             c.newest ? c.newest->ToString() : "无日期", c.limit, c.url);
    }
  }
  const FooterIdentity& f = r.footer;
  auto mark = [](const std::string& v) { return v.empty() ? "✘" : "✔"; };
  Append(
      out,
      "底部标识 网站标识码{} {}  ICP备案{}  公安备案{}  主办单位{}  党政机关标识{}  找错入口{}\n",
      mark(f.site_code), f.site_code, mark(f.icp), mark(f.police_record), mark(f.sponsor),
      mark(f.party_gov_label_href), mark(f.error_report_href));
  std::map<std::string, size_t> places;
  for (const PrivacyRecord& p : r.privacy) ++places[p.url];
  Append(out, "个人信息泄露 {} 处（{} 个页面或附件）\n", r.privacy.size(), places.size());
  for (const Trap& t : r.traps) {
    Append(out, "爬虫陷阱 {}  {}  已拦截 {} 个地址\n", TrapKindName(t.kind), t.pattern, t.stopped);
  }
  return out;
}

}  // namespace govscore

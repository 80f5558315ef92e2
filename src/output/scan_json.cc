#include "output/scan_json.h"

#include "output/scan_html.h"

namespace govscore {
namespace {

using nlohmann::json;

json OptionalDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

json Pages(const ScanReport& r) {
  json out = json::array();
  for (const PageRecord& p : r.pages) {
    json j = {{"url", p.url},         {"status", p.status}, {"kind", PageKindName(p.kind)},
              {"charset", p.charset}, {"title", p.title},   {"depth", p.depth}};
    if (!p.final_url.empty()) j["final_url"] = p.final_url;
    if (p.soft_404) j["soft_404"] = true;
    out.push_back(std::move(j));
  }
  return out;
}

// One entry per (page, target): the contract lists every page a link is on.
json Links(const ScanReport& r) {
  json out = json::array();
  for (const LinkRecord& l : r.links) {
    auto entry = [&](json source) {
      json j = {{"source", std::move(source)},        {"target", l.target},
                {"result", LinkResultName(l.result)}, {"status", l.status},
                {"broken", IsBroken(l.result)},       {"external", l.external}};
      if (!l.detail.empty()) j["detail"] = l.detail;
      if (!l.via.empty()) j["via"] = l.via;
      return j;
    };
    if (l.sources.empty()) out.push_back(entry(nullptr));  // the start URL itself
    for (const std::string& s : l.sources) out.push_back(entry(s));
  }
  return out;
}

json Columns(const ScanReport& r) {
  json out = json::array();
  for (const ColumnStats& c : r.columns) {
    out.push_back({{"name", c.name},
                   {"url", c.url},
                   {"items", c.items},
                   {"newest", OptionalDate(c.newest)},
                   {"empty", c.empty},
                   {"stale", c.stale},
                   {"category", c.category},
                   {"limit", c.limit},
                   {"oldest", OptionalDate(c.oldest)},
                   {"undated", c.undated},
                   {"days_since_newest", c.newest ? json(c.days_since_newest) : json(nullptr)},
                   {"within_14_days", c.within_14_days},
                   {"within_6_months", c.within_6_months},
                   {"within_1_year", c.within_1_year},
                   {"mean_interval_days",
                    c.mean_interval_days ? json(*c.mean_interval_days) : json(nullptr)}});
  }
  return out;
}

json Footer(const ScanReport& r) {
  const FooterIdentity& f = r.footer;
  return {{"site_code", f.site_code},
          {"icp", f.icp},
          {"police_record", f.police_record},
          {"sponsor", f.sponsor},
          {"error_report_link", f.error_report_href},
          {"party_gov_label", f.party_gov_label_href},
          {"organizer", f.organizer},
          {"contact", f.contact},
          {"error_report_site_code", f.error_report_site_code}};
}

json Privacy(const ScanReport& r) {
  json out = json::array();
  for (const PrivacyRecord& p : r.privacy) {
    out.push_back({{"url", p.url},
                   {"kind", p.kind},
                   {"masked", p.masked},
                   {"context", p.context},
                   {"attachment", p.attachment}});
  }
  return out;
}

json Summary(const ScanReport& r) {
  const ScanSummary& s = r.summary;
  return {{"pages", s.pages},
          {"pages_recorded", r.pages.size()},
          {"links_checked", s.links_checked},
          {"link_occurrences", s.link_occurrences},
          {"broken_links", s.broken_links},
          {"by_result", s.by_result},
          {"not_links", s.not_links},
          {"attachments_scanned", s.attachments_scanned},
          {"columns", r.columns.size()},
          {"empty_columns", s.empty_columns},
          {"stale_columns", s.stale_columns},
          {"privacy_hits", s.privacy_hits},
          {"trapped_urls", s.trapped_urls},
          {"page_limit_refusals", s.page_limit_refusals},
          {"requests", s.requests},
          {"bytes", s.bytes},
          {"seconds", s.seconds},
          {"pages_per_second", s.pages_per_second}};
}

json Findings(const ScanReport& r) {
  json traps = json::array();
  for (const Trap& t : r.traps) {
    traps.push_back({{"kind", TrapKindName(t.kind)},
                     {"pattern", t.pattern},
                     {"example", t.example},
                     {"stopped", t.stopped}});
  }
  json tls = json::array();
  for (const TlsRecord& t : r.tls) {
    tls.push_back({{"host", t.host}, {"kind", t.kind}, {"detail", t.detail}});
  }
  json robots = json::array();
  for (const RobotsRecord& b : r.robots) {
    robots.push_back({{"host", b.host},
                      {"status", b.status},
                      {"respected", b.respected},
                      {"rules", b.rules},
                      {"refused", b.refused},
                      {"examples", b.examples}});
  }
  json site = {{"accessibility_toolbar", r.accessibility_toolbar},
               {"privacy_policy", r.privacy_policy_url},
               {"meta", r.home_meta}};
  if (r.search) {
    site["search"] = {{"action", r.search->action},
                      {"method", r.search->method},
                      {"query_param", r.search->query_param}};
  } else {
    site["search"] = nullptr;
  }
  return {
      {"traps", traps}, {"tls", tls}, {"robots", robots}, {"site", site}, {"warnings", r.warnings}};
}

}  // namespace

nlohmann::json ScanToJson(const ScanReport& r) {
  return {{"schema", kScanSchema},       {"site", r.site},
          {"as_of", r.as_of.ToString()}, {"started_at", r.started_at},
          {"user_agent", r.user_agent},  {"pages", Pages(r)},
          {"links", Links(r)},           {"columns", Columns(r)},
          {"footer", Footer(r)},         {"privacy", Privacy(r)},
          {"summary", Summary(r)},       {"findings", Findings(r)}};
}

void WriteScanJson(const ScanReport& report, const std::filesystem::path& path) {
  WriteTextFile(path,
                ScanToJson(report).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace govscore

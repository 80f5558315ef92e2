#include "output/scan_json.h"

#include <cstdio>

#include "core/error.h"
#include "extract/text.h"
#include "output/scan_html.h"
#include "output/site_facts_json.h"

namespace govscore {
namespace {

using nlohmann::json;

json OptionalDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

json PageJson(const PageRecord& p) {
  json j = {{"url", p.url},         {"status", p.status}, {"kind", PageKindName(p.kind)},
            {"charset", p.charset}, {"title", p.title},   {"depth", p.depth}};
  if (!p.final_url.empty()) j["final_url"] = p.final_url;
  if (p.soft_404) j["soft_404"] = true;
  return j;
}

// Appends `s` as a JSON string exactly as nlohmann's dump(-1, ' ', false,
// replace) writes it: ", \ and control characters escaped (\b \t \n \f \r,
// others as lowercase \u00xx), UTF-8 kept; invalid UTF-8 goes through
// nlohmann itself (its replacement rules).
void AppendJsonString(std::string& out, std::string_view s) {
  if (!text::IsValidUtf8(s)) {
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

// PageJson(p).dump(…) without building the object: the page lines are most of
// a large scan's document, and nlohmann's per-page map cost a noticeable share
// of a scan's time, spent after the crawl. Keys in nlohmann's (sorted) order.
void AppendPageLine(std::string& out, const PageRecord& p) {
  out += "{\"charset\":";
  AppendJsonString(out, p.charset);
  out += ",\"depth\":";
  out += std::to_string(p.depth);
  if (!p.final_url.empty()) {
    out += ",\"final_url\":";
    AppendJsonString(out, p.final_url);
  }
  out += ",\"kind\":";
  AppendJsonString(out, PageKindName(p.kind));
  if (p.soft_404) out += ",\"soft_404\":true";
  out += ",\"status\":";
  out += std::to_string(p.status);
  out += ",\"title\":";
  AppendJsonString(out, p.title);
  out += ",\"url\":";
  AppendJsonString(out, p.url);
  out += '}';
}

json Pages(const ScanReport& r) {
  json out = json::array();
  for (const PageRecord& p : r.pages) out.push_back(PageJson(p));
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

// {"2024-06-28": 2, …}: dated items not after as_of by date, in date order.
json ItemDates(const std::map<Date, int>& dates) {
  json out = json::object();
  for (const auto& [date, count] : dates) out[date.ToString()] = count;
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
                   {"items_this_year", c.items_this_year},
                   {"dates", ItemDates(c.item_dates)},
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
  return {{"schema", kScanSchema},
          {"site", r.site},
          {"as_of", r.as_of.ToString()},
          {"started_at", r.started_at},
          {"user_agent", r.user_agent},
          {"pages", Pages(r)},
          {"links", Links(r)},
          {"columns", Columns(r)},
          {"footer", Footer(r)},
          {"privacy", Privacy(r)},
          {"summary", Summary(r)},
          {"findings", Findings(r)},
          {"site_facts", SiteFactsToJson(r.site_facts)}};
}

void WriteScanJson(const ScanReport& r, const std::filesystem::path& path) {
  // Streamed: pages, the part that grows with the site, are written one per
  // line instead of being built as one document in memory.
  const auto dump = [](const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  };
  const json head = {{"schema", kScanSchema},
                     {"site", r.site},
                     {"as_of", r.as_of.ToString()},
                     {"started_at", r.started_at},
                     {"user_agent", r.user_agent},
                     {"summary", Summary(r)},
                     {"footer", Footer(r)},
                     {"columns", Columns(r)},
                     {"privacy", Privacy(r)},
                     {"findings", Findings(r)},
                     {"site_facts", SiteFactsToJson(r.site_facts)}};
  std::string chunk = "{\n";
  for (const char* key : {"schema", "site", "as_of", "started_at", "user_agent", "summary",
                          "footer", "columns", "privacy", "findings", "site_facts"}) {
    chunk += "  \"" + std::string(key) + "\": " + dump(head[key]) + ",\n";
  }
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw Error("cannot open for writing", path.string());
  bool ok = true;
  auto flush = [&] {
    ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
    chunk.clear();
  };
  // "key": [ one element per line ], elements made one at a time.
  auto write_array = [&](const char* key, size_t n, const auto& element) {
    chunk += "  \"" + std::string(key) + "\": [";
    for (size_t i = 0; i < n; ++i) {
      chunk += (i ? ",\n    " : "\n    ") + dump(element(i));
      if (chunk.size() > (1 << 16)) flush();
    }
    chunk += n == 0 ? "]" : "\n  ]";
    chunk += "\n}\n";
    flush();
  };
  chunk += "  \"pages\": [";
  for (size_t i = 0; i < r.pages.size(); ++i) {
    chunk += i ? ",\n    " : "\n    ";
    AppendPageLine(chunk, r.pages[i]);
    if (chunk.size() > (1 << 16)) flush();
  }
  chunk += r.pages.empty() ? "],\n" : "\n  ],\n";
  flush();
  const json links = Links(r);  // only links that are not ok: small
  write_array("links", links.size(), [&](size_t i) { return links[i]; });
  ok = std::fclose(f) == 0 && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    throw Error("write failed", path.string());
  }
}

}  // namespace govscore

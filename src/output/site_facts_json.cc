#include "output/site_facts_json.h"

#include <cmath>

namespace govscore {

namespace {

using nlohmann::json;

double Round4(double v) { return std::round(v * 10000) / 10000; }

json Policy(const PolicyFacts& p) {
  json pairs = json::array();
  for (const InterpretationPair& x : p.pairs) {
    pairs.push_back({{"interpretation", x.interpretation},
                     {"policy", x.policy},
                     {"matched_by", x.matched_by},
                     {"links_to_policy", x.links_to_policy},
                     {"policy_links_back", x.policy_links_back},
                     {"similarity", Round4(x.similarity)},
                     {"containment", Round4(x.containment)},
                     {"copied", x.copied}});
  }
  json forms = json::object();
  for (const auto& [form, n] : p.forms) forms[form] = n;
  json examples = json::object();
  for (const auto& [form, urls] : p.form_examples) examples[form] = urls;
  return {{"policies", p.policies},
          {"interpretations", p.interpretations},
          {"policies_with_interpretation", p.policies_with},
          {"pairs", pairs},
          {"unmatched_interpretations", p.unmatched_interpretations},
          {"policies_without", p.policies_without},
          {"forms", forms},
          {"form_examples", examples}};
}

}  // namespace

json SiteFactsToJson(const SiteFacts& f) {
  json functions = json::object();
  for (const auto& [key, e] : f.functions) {
    functions[key] = {{"url", e.url}, {"text", e.text}, {"page", e.page}, {"status", e.status}};
  }
  json queries = json::array();
  for (const FunctionEntry& e : f.query_services) {
    queries.push_back({{"text", e.text}, {"url", e.url}, {"page", e.page}, {"status", e.status}});
  }
  json files = json::array();
  for (const FunctionEntry& e : f.data_files)
    files.push_back({{"url", e.url}, {"page", e.page}, {"status", e.status}});
  json frequencies = json::array();
  for (const auto& [page, value] : f.data_frequencies)
    frequencies.push_back({{"page", page}, {"value", value}});
  json reports = json::array();
  for (const ReportFact& r : f.reports) {
    reports.push_back({{"kind", r.kind},
                       {"year", r.year},
                       {"title", r.title},
                       {"url", r.url},
                       {"page", r.page},
                       {"date", r.date ? json(r.date->ToString()) : json(nullptr)}});
  }
  json duplicates = json::array();
  for (const auto& [name, urls] : f.sitemap.duplicate_columns)
    duplicates.push_back({{"name", name}, {"urls", urls}});
  json sitemap = {{"url", f.sitemap.url.empty() ? json(nullptr) : json(f.sitemap.url)},
                  {"entries", f.sitemap.entries},
                  {"missing_columns", f.sitemap.missing_columns},
                  {"dead_entries", f.sitemap.dead_entries},
                  {"extra_entries", f.sitemap.extra_entries},
                  {"duplicate_columns", duplicates}};
  json hosts = json::array();
  for (const ExternalHost& h : f.external_hosts)
    hosts.push_back({{"host", h.host}, {"url", h.url}, {"page", h.page}, {"links", h.links}});
  const SourceFacts& s = f.sources;
  json probe = nullptr;
  if (f.search_probe) {
    const SearchProbe& p = *f.search_probe;
    probe = {{"query", p.query},   {"article", p.article}, {"url", p.url},
             {"status", p.status}, {"found", p.found},     {"detail", p.detail}};
  }
  json ipv6 = nullptr;
  if (f.ipv6.checked) {
    const Ipv6Report& v = f.ipv6;
    auto target = [](const Ipv6Target& t) {
      return json{{"url", t.url},         {"depth", t.depth},
                  {"address", t.address}, {"reachable", t.reachable},
                  {"status", t.status},   {"detail", t.detail}};
    };
    json targets = json::array();
    for (const Ipv6Target& t : v.targets) targets.push_back(target(t));
    ipv6 = {
        {"host", v.host},    {"site_aaaa", v.site_aaaa},   {"homepage", target(v.homepage)},
        {"links", v.links},  {"links_aaaa", v.links_aaaa}, {"links_reachable", v.links_reachable},
        {"targets", targets}};
  }
  return {
      {"search_probe", probe},
      {"ipv6", ipv6},
      {"policy_interpretation", Policy(f.policy)},
      {"sources",
       {{"articles", s.articles},
        {"with_source", s.with_source},
        {"reprint_marked", s.reprint_marked},
        {"without_source", s.without_source}}},
      {"functions", functions},
      {"reports", reports},
      {"sitemap", sitemap},
      {"external_hosts", hosts},
      {"query_services", queries},
      {"data_release", {{"pages", f.data_pages}, {"files", files}, {"frequencies", frequencies}}}};
}

}  // namespace govscore

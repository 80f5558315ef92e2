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
          {"form_examples", examples},
          {"non_text", p.non_text}};
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
  json surveys = json::array();
  for (const SurveyFact& v : f.surveys) {
    surveys.push_back({{"url", v.url},
                       {"title", v.title},
                       {"page", v.page},
                       {"date", v.date ? json(v.date->ToString()) : json(nullptr)},
                       {"result", v.result},
                       {"result_url", v.result_url}});
  }
  json missing_labels = json::array();
  for (const auto& [url, names] : f.labels_missing)
    missing_labels.push_back({{"url", url}, {"missing", names}});
  json labels = {{"column_pages", f.label_column_pages},
                 {"content_pages", f.label_content_pages},
                 {"pages_ok", f.label_pages_ok},
                 {"missing", missing_labels}};
  json topics = json::array();
  for (const TopicFact& t : f.topics)
    topics.push_back({{"name", t.name}, {"url", t.url}, {"classes", t.classes}});
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
      {"data_release", {{"pages", f.data_pages}, {"files", files}, {"frequencies", frequencies}}},
      {"surveys", surveys},
      {"topics", topics},
      {"labels", labels}};
}

namespace {

std::string S(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>()
                                                                : std::string();
}
template <typename T>
T N(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_number() ? o[key].get<T>() : T{};
}
bool B(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_boolean() && o[key].get<bool>();
}
const json& Arr(const json& o, const char* key) {
  static const json kEmpty = json::array();
  return o.is_object() && o.contains(key) && o[key].is_array() ? o[key] : kEmpty;
}
std::vector<std::string> Strs(const json& o, const char* key) {
  std::vector<std::string> out;
  for (const json& v : Arr(o, key))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
const json& Obj(const json& o, const char* key) {
  static const json kEmpty = json::object();
  return o.is_object() && o.contains(key) && o[key].is_object() ? o[key] : kEmpty;
}
FunctionEntry Entry(const json& e) {
  return {S(e, "url"), S(e, "text"), S(e, "page"), S(e, "status")};
}
Ipv6Target Target(const json& t) {
  return {S(t, "url"),       N<int>(t, "depth"),  S(t, "address"),
          B(t, "reachable"), N<int>(t, "status"), S(t, "detail")};
}

}  // namespace

SiteFacts SiteFactsFromJson(const json& j) {
  SiteFacts f;
  const json& p = Obj(j, "policy_interpretation");
  f.policy.policies = N<size_t>(p, "policies");
  f.policy.interpretations = N<size_t>(p, "interpretations");
  f.policy.policies_with = N<size_t>(p, "policies_with_interpretation");
  for (const json& x : Arr(p, "pairs")) {
    InterpretationPair pair;
    pair.interpretation = S(x, "interpretation");
    pair.policy = S(x, "policy");
    pair.matched_by = S(x, "matched_by");
    pair.links_to_policy = B(x, "links_to_policy");
    pair.policy_links_back = B(x, "policy_links_back");
    pair.similarity = N<double>(x, "similarity");
    pair.containment = N<double>(x, "containment");
    pair.copied = B(x, "copied");
    f.policy.pairs.push_back(std::move(pair));
  }
  f.policy.unmatched_interpretations = Strs(p, "unmatched_interpretations");
  f.policy.policies_without = Strs(p, "policies_without");
  for (const auto& [form, n] : Obj(p, "forms").items())
    if (n.is_number()) f.policy.forms[form] = n.get<size_t>();
  for (const auto& [form, urls] : Obj(p, "form_examples").items())
    f.policy.form_examples[form] = Strs(Obj(p, "form_examples"), form.c_str());
  f.policy.non_text = Strs(p, "non_text");
  const json& s = Obj(j, "sources");
  f.sources.articles = N<size_t>(s, "articles");
  f.sources.with_source = N<size_t>(s, "with_source");
  f.sources.reprint_marked = N<size_t>(s, "reprint_marked");
  f.sources.without_source = Strs(s, "without_source");
  for (const auto& [key, e] : Obj(j, "functions").items()) f.functions[key] = Entry(e);
  for (const json& r : Arr(j, "reports")) {
    f.reports.push_back({S(r, "kind"), N<int>(r, "year"), S(r, "title"), S(r, "url"), S(r, "page"),
                         Date::Parse(S(r, "date"))});
  }
  const json& m = Obj(j, "sitemap");
  f.sitemap.url = S(m, "url");
  f.sitemap.entries = N<size_t>(m, "entries");
  f.sitemap.missing_columns = Strs(m, "missing_columns");
  f.sitemap.dead_entries = Strs(m, "dead_entries");
  f.sitemap.extra_entries = Strs(m, "extra_entries");
  for (const json& d : Arr(m, "duplicate_columns"))
    f.sitemap.duplicate_columns.emplace_back(S(d, "name"), Strs(d, "urls"));
  for (const json& h : Arr(j, "external_hosts"))
    f.external_hosts.push_back({S(h, "host"), S(h, "url"), S(h, "page"), N<size_t>(h, "links")});
  if (j.is_object() && j.contains("search_probe") && j["search_probe"].is_object()) {
    const json& q = j["search_probe"];
    f.search_probe = SearchProbe{S(q, "query"),       S(q, "article"), S(q, "url"),
                                 N<int>(q, "status"), B(q, "found"),   S(q, "detail")};
  }
  for (const json& q : Arr(j, "query_services")) f.query_services.push_back(Entry(q));
  if (j.is_object() && j.contains("ipv6") && j["ipv6"].is_object()) {
    const json& v = j["ipv6"];
    f.ipv6.checked = true;
    f.ipv6.host = S(v, "host");
    f.ipv6.site_aaaa = B(v, "site_aaaa");
    f.ipv6.homepage = Target(Obj(v, "homepage"));
    f.ipv6.links = N<size_t>(v, "links");
    f.ipv6.links_aaaa = N<size_t>(v, "links_aaaa");
    f.ipv6.links_reachable = N<size_t>(v, "links_reachable");
    for (const json& t : Arr(v, "targets")) f.ipv6.targets.push_back(Target(t));
  }
  const json& d = Obj(j, "data_release");
  f.data_pages = N<size_t>(d, "pages");
  for (const json& file : Arr(d, "files")) f.data_files.push_back(Entry(file));
  for (const json& q : Arr(d, "frequencies"))
    f.data_frequencies.emplace_back(S(q, "page"), S(q, "value"));
  for (const json& v : Arr(j, "surveys")) {
    f.surveys.push_back({S(v, "url"), S(v, "title"), S(v, "page"), Date::Parse(S(v, "date")),
                         B(v, "result"), S(v, "result_url")});
  }
  for (const json& t : Arr(j, "topics"))
    f.topics.push_back({S(t, "name"), S(t, "url"), Strs(t, "classes")});
  const json& l = Obj(j, "labels");
  f.label_column_pages = N<size_t>(l, "column_pages");
  f.label_content_pages = N<size_t>(l, "content_pages");
  f.label_pages_ok = N<size_t>(l, "pages_ok");
  for (const json& x : Arr(l, "missing"))
    f.labels_missing.emplace_back(S(x, "url"), Strs(x, "missing"));
  return f;
}

}  // namespace govscore

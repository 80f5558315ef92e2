#include "sample/site.h"

namespace govscore::sample {

namespace {

nlohmann::json OptionalDate(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->ToString()) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json GroundTruth::ToJson() const {
  nlohmann::json j;
  j["schema"] = "govscore.sample-truth/1";
  j["site_name"] = site_name;
  j["as_of"] = as_of.ToString();
  j["articles"] = articles;
  j["pages"] = pages;
  j["attachments"] = attachments;
  auto& links = j["broken_links"] = nlohmann::json::array();
  for (const PlantedLink& l : broken_links) {
    links.push_back(
        {{"source", l.source}, {"href", l.href}, {"target", l.target}, {"expected", l.expected}});
  }
  auto& cols = j["columns"] = nlohmann::json::array();
  for (const PlantedColumn& c : columns) {
    cols.push_back({{"name", c.name},
                    {"slug", c.slug},
                    {"path", c.path},
                    {"category", c.category},
                    {"column_type", c.column_type},
                    {"date_form", c.date_form},
                    {"items", c.items},
                    {"list_pages", c.list_pages},
                    {"newest", OptionalDate(c.newest)},
                    {"oldest", OptionalDate(c.oldest)},
                    {"empty", c.empty},
                    {"stale", c.stale}});
  }
  j["footer"] = {{"site_name", footer.site_name},
                 {"site_domain", footer.site_domain},
                 {"site_code", footer.site_code},
                 {"icp", footer.icp},
                 {"police_record", footer.police_record},
                 {"police_code", footer.police_code},
                 {"sponsor", footer.sponsor},
                 {"phone", footer.phone},
                 {"party_gov_label", footer.party_gov_label},
                 {"error_report_link", footer.error_report_link},
                 {"privacy_link", footer.privacy_link},
                 {"accessibility_link", footer.accessibility_link},
                 {"search_action", footer.search_action},
                 {"search_param", footer.search_param}};
  auto& leaks = j["privacy"] = nlohmann::json::array();
  for (const PlantedLeak& l : privacy) {
    leaks.push_back({{"path", l.path},
                     {"kind", l.kind},
                     {"value", l.value},
                     {"masked", l.masked},
                     {"attachment", l.attachment}});
  }
  auto& decoy = j["decoys"] = nlohmann::json::array();
  for (const PlantedDecoy& d : decoys) {
    decoy.push_back({{"path", d.path}, {"text", d.text}, {"why", d.why}});
  }
  j["gbk_pages"] = gbk_pages;
  j["gbk_meta_only"] = gbk_meta_only;
  j["trap_prefixes"] = trap_prefixes;
  j["head_refused"] = head_refused;
  j["transient"] = transient;
  j["robots_disallowed"] = robots_disallowed;
  j["soft404_prefix"] = soft404_prefix;
  j["offsite_hosts"] = offsite_hosts;
  if (tls_port > 0) {
    j["tls"] = {{"port", tls_port},
                {"url", "https://127.0.0.1:" + std::to_string(tls_port) + "/"},
                {"issues", tls_issues}};
  } else {
    j["tls"] = nullptr;
  }
  if (measures.planted) {
    const MeasureTruth& m = measures;
    j["measures"] = {{"policies", m.policies},
                     {"interpretations", m.interpretations},
                     {"policies_with_interpretation", m.policies_with_interpretation},
                     {"bidirectional", m.bidirectional},
                     {"one_way", m.one_way},
                     {"unmatched", m.unmatched},
                     {"copied", m.copied},
                     {"forms", m.forms},
                     {"without_source", m.without_source},
                     {"functions", m.functions},
                     {"broken_functions", m.broken_functions},
                     {"annual_report", OptionalDate(m.annual_report)},
                     {"site_report", OptionalDate(m.site_report)},
                     {"sitemap_missing", m.sitemap_missing},
                     {"sitemap_dead", m.sitemap_dead},
                     {"sitemap_extra", m.sitemap_extra},
                     {"external_hosts", m.external_hosts},
                     {"search_works", m.search_works},
                     {"survey_activities", m.survey_activities},
                     {"survey_results", m.survey_results},
                     {"survey_unanswered", m.survey_unanswered},
                     {"topic", m.topic},
                     {"topic_classes", m.topic_classes}};
  }
  return j;
}

}  // namespace govscore::sample

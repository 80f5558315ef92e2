#include "framework/measure_registry.h"

namespace govscore::framework {
namespace {

std::vector<std::string> Segments(const std::string& name) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    out.push_back(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

bool IsWildcard(const std::string& segment) {
  return segment == "<栏目>" || segment == "{channel}";
}

}  // namespace

const std::vector<KnownMeasure>& KnownMeasures() {
  static const std::vector<KnownMeasure> kMeasures = {
      // From scan documents (docs/measures.md §1).
      {"site.available", "bool"},
      {"site.pages", "number"},
      {"links.broken", "list"},
      {"links.broken_homepage", "list"},
      {"columns.empty", "list"},
      {"columns.stale", "list"},
      {"column.<栏目>.exists", "bool"},
      {"column.<栏目>.items", "number"},
      {"column.<栏目>.newest", "date"},
      {"column.<栏目>.empty", "bool"},
      {"column.<栏目>.stale", "bool"},
      {"column.<栏目>.days_since_update", "number"},
      {"column.<栏目>.per_day", "number"},
      {"column.<栏目>.per_workday", "number"},
      {"column.<栏目>.items_since", "number"},
      {"column.<栏目>.dates", "list"},
      {"category.<栏目>.exists", "bool"},
      {"category.<栏目>.items", "number"},
      {"category.<栏目>.newest", "date"},
      {"category.<栏目>.stale", "bool"},
      {"category.<栏目>.empty", "bool"},
      {"category.<栏目>.dates", "list"},
      {"category.<栏目>.items_since", "number"},
      {"category.<栏目>.per_day", "number"},
      {"category.<栏目>.per_workday", "number"},
      {"footer.site_code", "text"},
      {"footer.icp", "text"},
      {"footer.police_record", "text"},
      {"footer.sponsor", "text"},
      {"footer.error_report_link", "bool"},
      {"footer.party_gov_label", "bool"},
      {"footer.contact", "bool"},
      {"privacy.leaks", "list"},
      {"privacy.policy", "bool"},
      {"meta.labels_ok", "bool"},
      {"search.title_found", "bool"},
      {"accessibility.toolbar", "bool"},
      // Issue-7 site facts (docs/measures.md §3), produced by scans since helper "measures".
      {"interpretation.count", "number"},
      {"interpretation.linked_share", "number"},
      {"interpretation.bidirectional_share", "number"},
      {"interpretation.forms", "list"},
      {"interpretation.copied", "list"},
      {"news.source_share", "number"},
      {"news.reprint_unmarked", "list"},
      {"sitemap.exists", "bool"},
      {"sitemap.missing", "list"},
      {"sitemap.dead", "list"},
      {"columns.duplicated", "list"},
      {"disclosure.columns_missing", "list"},
      {"disclosure.guide", "bool"},
      {"disclosure.request_channel", "bool"},
      {"annual_report.on_time", "bool"},
      {"site_report.on_time", "bool"},
      {"links.required_missing", "list"},
      {"function.search", "bool"},
      {"function.smart_qa", "bool"},
      {"function.single_login", "bool"},
      {"function.user_space", "bool"},
      {"function.consult_form", "bool"},
      {"function.survey", "bool"},
      {"data_release.newest", "date"},
      {"data_release.datasets", "number"},
      {"topics.count", "number"},
      {"topics.stale", "list"},
      {"convenience.missing", "list"},
      {"ipv6.homepage", "bool"},
      {"ipv6.link_share", "number"},
      // Further scan measures (docs/measures.md §1, §3) named by ScanProvides.
      {"interpretation.policies", "number"},
      {"interpretation.related_share", "number"},
      {"interpretation.policies_without", "list"},
      {"interpretation.unlinked", "list"},
      {"interpretation.not_bidirectional", "list"},
      {"interpretation.form_kinds", "number"},
      {"interpretation.form.<栏目>", "number"},
      {"news.articles", "number"},
      {"news.reprint_marked", "number"},
      {"function.interview", "bool"},
      {"function.new_media", "bool"},
      {"function.open_data", "bool"},
      {"function.topics", "bool"},
      {"function.convenience", "bool"},
      {"function.data_release", "bool"},
      {"disclosure.system", "bool"},
      {"disclosure.content", "bool"},
      {"disclosure.annual", "bool"},
      {"disclosure.apply", "bool"},
      {"annual_report.on_time_march", "bool"},
      {"site_report.published", "date"},
      {"sitemap.extra", "list"},
      {"links.external_hosts", "list"},
      {"links.gov_cn", "bool"},
      {"convenience.found", "number"},
      {"ipv6.site_aaaa", "bool"},
      {"ipv6.links_unreachable", "list"},
      {"data_release.days_since_update", "number"},
      {"data_release.items", "number"},
      {"data_release.datasets_broken", "list"},
      {"data_release.frequency_stated", "bool"},
      {"site.columns", "number"},
      {"interpretation.policy_items", "list"},
      {"interpretation.items", "list"},
      {"interpretation.form_items", "list"},
      {"survey.activities", "number"},
      {"survey.dates", "list"},
      {"survey.items_1y", "number"},
      {"survey.results", "number"},
      {"survey.unanswered", "list"},
      {"survey.results_share", "number"},
      {"survey.items_since", "number"},
      {"survey.per_day", "number"},
      {"survey.per_workday", "number"},
      {"topics.resources", "list"},
      {"topics.rich", "number"},
      {"survey.collection_dates", "list"},
      {"survey.collection_items_since", "number"},
      {"survey.collection_per_day", "number"},
      {"survey.collection_per_workday", "number"},
      {"site_report.homepage", "bool"},
      {"annual_report.homepage", "bool"},
      {"meta.labels_share", "number"},
      {"meta.labels_missing", "list"},
      // National checklist measures embedded by checklist scans
      // (docs/measures.md §5, src/checklist/scan.h); were pending until issue 5.
      {"content.suspect_terms", "list"},
      {"interaction.reply_workdays", "number"},
      {"interaction.overdue", "list"},
      {"guide.elements_missing", "list"},
      {"guide.vague", "list"},
      {"guide.material_unspecified", "list"},
      {"guide.download_failed", "list"},
      {"interaction.channel", "bool"},
      {"guide.checked", "number"},
      {"guide.missing.<栏目>", "number"},
      // Usually imported (docs/measures.md §2).
      {"inspection.passed", "bool"},
      {"inspection.score", "number"},
      {"satisfaction.score", "number"},
      {"consult.reply_workdays", "number"},
      {"consult.answered", "bool"},
      {"consult.asked", "date"},
      {"consult.replied", "date"},
      // Imported consultations file (docs/consultations.md).
      {"consult.items", "list"},
      {"consult.accurate", "bool"},
      {"consult.evasive", "list"},
      {"disclosure_request.asked", "date"},
      {"disclosure_request.replied", "date"},
      {"disclosure_request.answered", "bool"},
      {"disclosure_request.reply_workdays", "number"},
      {"disclosure_request.on_time", "bool"},
      {"disclosure_request.items", "list"},
      {"disclosure_request.accurate", "bool"},
      {"disclosure_request.evasive", "list"},
      {"channel.{channel}.posts_per_day", "number"},
      {"channel.{channel}.original_percent", "number"},
      {"channel.{channel}.longest_gap_days", "number"},
      {"annual_report.published", "date"},
  };
  return kMeasures;
}

const std::vector<KnownMeasure>& PendingMeasures() {
  // Measures named by frameworks that no stage produces yet (framework check
  // warns about them). None since issue 5's checklist measures.
  static const std::vector<KnownMeasure> kPending = {};
  return kPending;
}

const KnownMeasure* FindPendingMeasure(const std::string& name) {
  if (FindKnownMeasure(name)) return nullptr;  // implemented meanwhile
  for (const KnownMeasure& m : PendingMeasures())
    if (MeasureNameMatches(m.pattern, name)) return &m;
  return nullptr;
}

MeasureSource SourceOfMeasure(const std::string& name) {
  auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  if (starts("channel.")) return MeasureSource::kNewMedia;
  if (starts("import.") || starts("inspection.") || starts("satisfaction.") || starts("consult.") ||
      starts("disclosure_request."))
    return MeasureSource::kImport;
  return MeasureSource::kScan;
}

bool MeasureNameMatches(const std::string& pattern, const std::string& name) {
  std::vector<std::string> p = Segments(pattern);
  std::vector<std::string> n = Segments(name);
  if (p.size() != n.size()) return false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (n[i].empty()) return false;
    if (!IsWildcard(p[i]) && p[i] != n[i]) return false;
  }
  return true;
}

const KnownMeasure* FindKnownMeasure(const std::string& name) {
  for (const KnownMeasure& m : KnownMeasures())
    if (MeasureNameMatches(m.pattern, name)) return &m;
  return nullptr;
}

}  // namespace govscore::framework

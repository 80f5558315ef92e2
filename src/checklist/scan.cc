#include "checklist/scan.h"

#include <cstdio>

namespace govscore::checklist {

ChecklistScanHook::ChecklistScanHook(ScanOptions& scan, ChecklistScanOptions options)
    : options_(std::move(options)),
      rules_(scan.column_rules),
      as_of_(scan.as_of),
      collector_(std::make_shared<ChecklistCollector>(scan.as_of, options_.dictionary)) {
  auto before = scan.page_observer;
  std::shared_ptr<ChecklistCollector> collector = collector_;
  scan.page_observer = [before, collector](const PageRecord& r, const PageFacts& f) {
    if (before) before(r, f);
    PageView v{r.final_url.empty() ? r.url : r.final_url, r.title, r.depth, r.kind};
    try {
      collector->OnPage(v, f);
    } catch (const std::exception& e) {  // the observer must not throw
      std::fprintf(stderr, "checklist: %s: %s\n", v.url.c_str(), e.what());
    }
  };
}

std::vector<scoring::Measure> ChecklistScanHook::Measures(const ScanReport& report,
                                                          const std::string& unit) const {
  ChecklistMeasureOptions o;
  o.unit = unit;
  o.as_of = as_of_;
  o.reply_limit_workdays = options_.reply_limit_workdays;
  o.calendar = options_.calendar;
  return ChecklistMeasures(report, collector_->Findings(), rules_, o);
}

void ChecklistScanHook::Embed(nlohmann::json& document, const ScanReport& report) const {
  EmbedChecklistMeasures(document, Measures(report, ""), collector_->Findings());
}

void EmbedChecklistMeasures(nlohmann::json& document, const std::vector<scoring::Measure>& rows,
                            const ChecklistFindings& findings) {
  nlohmann::json measures = MeasuresToJson(rows)["measures"];
  for (nlohmann::json& r : measures) r.erase("unit");
  document["checklist"] = {{"measures", measures},
                           {"messages", findings.messages.size()},
                           {"guides", findings.guides.size()},
                           {"dictionary_errors", findings.errors.size()},
                           {"dictionary_entries", findings.dictionary_entries}};
}

}  // namespace govscore::checklist

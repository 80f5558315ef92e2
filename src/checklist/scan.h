// The national checklist as part of a scan: a hook that reads every parsed
// page through ScanOptions::page_observer (ChecklistCollector) and, after the
// crawl, embeds the checklist measures in the scan document as
// `checklist.measures` (govscore.measures/1 rows without unit). Scoring reads
// them back with every other scan measure (scoring::EmbeddedScanMeasures from
// scoring::MeasuresFromScan), so a unit scored from one scan document — by
// `govscore score --measures scan.json`, or by the platform from a stored scan
// — gets content.suspect_terms, interaction.*, guide.*, errors.* … too.
//
// Usage (the worker, `govscore scan --checklist`, `govscore checklist scan`):
//   ChecklistScanHook hook(scan_options, {});   // before RunScan
//   ScanReport report = RunScan(scan_options);
//   nlohmann::json doc = ScanToJson(report);
//   hook.Embed(doc, report);
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checklist/checklist_measures.h"
#include "checklist/collector.h"
#include "checklist/dictionary.h"
#include "crawl/crawler.h"

namespace govscore::checklist {

struct ChecklistScanOptions {
  // Error dictionary (errors.*, content.suspect_terms); null = none (those
  // lists are empty and say 未配置词典).
  std::shared_ptr<const DictionaryMatcher> dictionary;
  int reply_limit_workdays = 10;  // interaction.overdue
  // nullptr = framework::WorkdayCalendar::Default().
  const framework::WorkdayCalendar* calendar = nullptr;
};

class ChecklistScanHook {
 public:
  // Sets scan.page_observer (an observer already there is still called
  // first). `scan` must outlive the scan; the hook must outlive RunScan and
  // must not move while it runs. Uses scan.as_of and scan.column_rules as they
  // are at construction.
  ChecklistScanHook(ScanOptions& scan, ChecklistScanOptions options);
  ChecklistScanHook(const ChecklistScanHook&) = delete;
  ChecklistScanHook& operator=(const ChecklistScanHook&) = delete;

  ChecklistFindings Findings() const { return collector_->Findings(); }
  // The checklist measures of the finished scan (ChecklistMeasures).
  std::vector<scoring::Measure> Measures(const ScanReport& report, const std::string& unit) const;
  // Adds `checklist` to a scan document of `report`: {"measures": rows,
  // "messages": n, "guides": n, "dictionary_errors": n, "dictionary_entries": n}.
  void Embed(nlohmann::json& document, const ScanReport& report) const;

 private:
  ChecklistScanOptions options_;
  ColumnRules rules_;
  Date as_of_;
  std::shared_ptr<ChecklistCollector> collector_;
};

// Embeds already computed rows (their unit dropped) as `checklist.measures`.
void EmbedChecklistMeasures(nlohmann::json& document, const std::vector<scoring::Measure>& rows,
                            const ChecklistFindings& findings);

}  // namespace govscore::checklist

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
//
// Mid-crawl checkpoints (crawl/crawl_log.h). A resumed crawl replays the
// logged pages without parsing them, so the page observer does not see them
// again. After the caller set scan.checkpoint_sink / resume_source /
// checkpoint_discard, hook.WrapCheckpoints(scan) makes every stored batch
// carry the collector's journal (what the pages observed since the previous
// batch contributed: "<batch> ckl1:<json>"), and a resumed crawl restore it;
// the measures of a resumed scan then count only pages of its report. A
// batch without a journal (written without the hook) is passed through, and
// then the replayed pages are missing from the checklist (stderr says so).
#pragma once

#include <atomic>
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

  // Call after the checkpoint callbacks of `scan` are set (see above); a
  // no-op for those not set.
  void WrapCheckpoints(ScanOptions& scan);

  ChecklistFindings Findings() const { return collector_->Findings(); }
  // The checklist measures of the finished scan (ChecklistMeasures).
  std::vector<scoring::Measure> Measures(const ScanReport& report, const std::string& unit) const;
  // Adds `checklist` to a scan document of `report`: {"measures": rows,
  // "messages": n, "guides": n, "dictionary_errors": n, "dictionary_entries": n}
  // (+ "resumed_pages": n, the pages whose findings came from checkpoints).
  void Embed(nlohmann::json& document, const ScanReport& report) const;

 private:
  ChecklistScanOptions options_;
  ColumnRules rules_;
  Date as_of_;
  std::shared_ptr<ChecklistCollector> collector_;
  // Pages restored from checkpoints (shared with the resume callback).
  std::shared_ptr<std::atomic<size_t>> restored_ = std::make_shared<std::atomic<size_t>>(0);
  ChecklistFindings FindingsOf(const ScanReport& report) const;
  std::vector<scoring::Measure> MeasuresOf(const ScanReport& report,
                                           const ChecklistFindings& findings,
                                           const std::string& unit) const;
};

// Embeds already computed rows (their unit dropped) as `checklist.measures`.
void EmbedChecklistMeasures(nlohmann::json& document, const std::vector<scoring::Measure>& rows,
                            const ChecklistFindings& findings);

}  // namespace govscore::checklist

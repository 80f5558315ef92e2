#include "checklist/scan.h"

#include <cstdio>
#include <string_view>
#include <unordered_set>

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

namespace {

// Separates a crawl log batch (base64, no space) from the journal after it.
constexpr std::string_view kJournalMark = " ckl1:";

}  // namespace

void ChecklistScanHook::WrapCheckpoints(ScanOptions& scan) {
  std::shared_ptr<ChecklistCollector> collector = collector_;
  std::shared_ptr<std::atomic<size_t>> restored = restored_;
  if (scan.checkpoint_sink) {
    auto sink = scan.checkpoint_sink;
    scan.checkpoint_sink = [sink, collector](const std::string& batch, size_t pages) {
      // Every page of `batch` was observed before the crawl logged it, so its
      // contribution is in this journal or an earlier one.
      const nlohmann::json journal = collector->TakeJournal();
      if (journal.empty()) return sink(batch, pages);
      return sink(batch + std::string(kJournalMark) +
                      journal.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  pages);
    };
  }
  if (scan.resume_source) {
    auto source = scan.resume_source;
    scan.resume_source = [source, collector, restored]() -> std::optional<std::string> {
      std::optional<std::string> batch = source();
      if (!batch) return batch;
      const size_t mark = batch->find(kJournalMark);
      if (mark == std::string::npos) return batch;
      const nlohmann::json journal = nlohmann::json::parse(
          std::string_view(*batch).substr(mark + kJournalMark.size()), nullptr, false);
      batch->resize(mark);
      try {
        collector->Restore(journal);
        *restored += journal.size();
      } catch (const std::exception& e) {  // the crawl log itself may still replay
        std::fprintf(stderr, "checklist: a checkpoint's journal is unusable: %s\n", e.what());
      }
      return batch;
    };
  }
  if (scan.checkpoint_discard) {
    auto discard = scan.checkpoint_discard;
    scan.checkpoint_discard = [discard, collector, restored] {
      collector->Reset();  // only the restored pages: nothing was crawled yet
      *restored = 0;
      discard();
    };
  }
}

ChecklistFindings ChecklistScanHook::FindingsOf(const ScanReport& report) const {
  if (*restored_ == 0) return collector_->Findings();
  // Resumed: pages observed before the kill but not crawled again in the same
  // way do not count; the report's pages do.
  std::unordered_set<std::string> pages;
  for (const PageRecord& p : report.pages) pages.insert(p.final_url.empty() ? p.url : p.final_url);
  return collector_->Findings(&pages);
}

std::vector<scoring::Measure> ChecklistScanHook::MeasuresOf(const ScanReport& report,
                                                            const ChecklistFindings& findings,
                                                            const std::string& unit) const {
  ChecklistMeasureOptions o;
  o.unit = unit;
  o.as_of = as_of_;
  o.reply_limit_workdays = options_.reply_limit_workdays;
  o.calendar = options_.calendar;
  return ChecklistMeasures(report, findings, rules_, o);
}

std::vector<scoring::Measure> ChecklistScanHook::Measures(const ScanReport& report,
                                                          const std::string& unit) const {
  return MeasuresOf(report, FindingsOf(report), unit);
}

void ChecklistScanHook::Embed(nlohmann::json& document, const ScanReport& report) const {
  const ChecklistFindings findings = FindingsOf(report);
  EmbedChecklistMeasures(document, MeasuresOf(report, findings, ""), findings);
  if (*restored_ > 0) document["checklist"]["resumed_pages"] = restored_->load();
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

// Gathers, while a site is crawled, what the national checklist needs from
// page texts and that the scan document does not keep: serious-error
// dictionary hits, 留言 pages with their dates, 办事指南 checks, the dates of the
// homepage's items (and of the second-level pages, for navigation homepages),
// and whether the homepage links to a consultation and a service entry.
// OnPage is called from the crawl's parse workers (ScanOptions::page_observer)
// and is thread-safe.
//
// What each page contributed is kept per page URL (a page observed again —
// a resumed crawl fetching again what was in flight — replaces its earlier
// contribution), so the collector's state can be checkpointed with the crawl
// log: a resumed crawl replays the logged pages without parsing them, and the
// checkpoint restores what they contributed (TakeJournal / Restore,
// checklist/scan.h).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "checklist/dictionary.h"
#include "checklist/guide.h"
#include "checklist/interaction.h"
#include "core/date.h"
#include "extract/page.h"

namespace govscore::checklist {

struct ErrorHit {
  std::string url;
  std::string word;
  bool serious = true;
  std::string category;
  std::string correct;
  std::string context;
  size_t offset = 0;  // byte offset in the page text (title first, then text)
};

struct GuideRecord {
  std::string url;
  std::string title;
  GuideCheck check;
};

struct PageView {
  std::string url;  // final URL
  std::string title;
  int depth = 0;
  PageKind kind = PageKind::kOther;
};

struct ChecklistFindings {
  std::optional<Date> homepage_newest;  // newest dated item on the homepage (<= as_of)
  int homepage_dated_items = 0;
  std::optional<Date> second_level_newest;  // newest dated item over depth-1 pages
  bool consultation_entry = false;  // homepage links to 咨询/留言/信箱 (not 信访/举报)
  bool service_entry = false;       // homepage links to 办事服务/政务服务/网上办事
  std::vector<Message> messages;
  std::vector<GuideRecord> guides;
  std::vector<ErrorHit> errors;
  size_t dictionary_entries = 0;  // entries matched against every page (0: no dictionary)
};

class ChecklistCollector {
 public:
  // `dictionary` may be null (no dictionary: errors stay empty).
  ChecklistCollector(Date as_of, std::shared_ptr<const DictionaryMatcher> dictionary);

  // Thread-safe. `facts.text` must hold the visible text. Cost per page: one
  // Hyperscan pass over the text for the 留言 and 办事指南 labels (compiled once
  // per process), one for the dictionary; the message and guide readers run
  // only on pages showing their labels.
  void OnPage(const PageView& page, const PageFacts& facts);

  // The findings so far, messages/guides/errors sorted by URL (deterministic
  // whatever order the parse workers delivered pages in). With `only`: of the
  // pages whose URL is in it.
  ChecklistFindings Findings(const std::unordered_set<std::string>* only = nullptr) const;

  // Checkpoints. The contributions of the pages observed since the last call
  // (a JSON array; empty when none), and Restore adds such arrays back (a
  // page's later contribution replaces an earlier one). Reset forgets every
  // page (a checkpoint that does not replay).
  nlohmann::json TakeJournal();
  void Restore(const nlohmann::json& journal);
  void Reset();
  size_t pages() const;

  // What one page adds to the findings.
  struct Contribution {
    std::string url;
    int depth = 0;
    bool home = false;
    std::vector<ErrorHit> errors;
    std::optional<Message> message;
    std::optional<GuideRecord> guide;
    std::optional<Date> newest;  // newest dated item (<= as_of)
    int dated = 0;
    bool consultation = false, service = false;  // homepage links
  };

 private:
  Date as_of_;
  std::shared_ptr<const DictionaryMatcher> dictionary_;
  mutable std::mutex mu_;
  std::map<std::string, Contribution> pages_;  // by page URL
  std::vector<std::string> journal_;           // URLs observed since TakeJournal
};

}  // namespace govscore::checklist

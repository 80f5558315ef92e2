// Scans (监测) of a campaign's unit websites through the store's job queue.
// The queue is worked by src/worker — one loop (worker::RunPass: politely
// claimed job and host lease, heartbeats, checkpoint, one-transaction
// completion, the monitor) in `govscore worker` processes and, on threads,
// inside `govscore serve` (worker::BackgroundWorker). This file enqueues and
// shows scans; it runs none.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "crawl/crawler.h"
#include "store/store.h"

namespace govscore::platform {

// Creates one queued scan + job for every website of every unit of the
// campaign that has no queued or running scan in it yet, and moves a draft
// campaign to collecting. Refused (Conflict) unless the campaign is draft,
// collecting or reviewing (reviewing moves back to collecting). Returns the
// new scan ids.
std::vector<store::Id> EnqueueCampaignScans(store::Store& store, const store::Actor& actor,
                                            store::Id campaign_id, int64_t priority = 0);

// A scan of one unit website outside any campaign (a webmaster's 自查), or of
// a campaign; the job is queued.
store::Id EnqueueUnitScan(store::Store& store, const store::Actor& actor, store::Id unit_id,
                          const std::string& site_url,
                          std::optional<store::Id> campaign_id = std::nullopt);

// Live view of one scan (from the scans row; written by the runner).
struct ScanView {
  store::Scan scan;  // without document
  std::string unit_code, unit_name;
  int64_t pages_done = 0, links_checked = 0, queued = 0, errors = 0;
  double elapsed_s = 0;
};
// Newest first; `campaign_id` or every scan of `unit_id` (exactly one given).
std::vector<ScanView> ListCampaignScans(store::Store& store, store::Id campaign_id);
std::vector<ScanView> ListUnitScans(store::Store& store, store::Id unit_id);
ScanView GetScan(store::Store& store, store::Id scan_id);  // NotFound

// The scan's Chinese HTML report (output/scan_html.h), rendered from the stored
// govscore.scan/1 document. NotFound for a missing scan; Conflict while the
// scan has no document yet (queued, running, failed).
std::string ScanReportHtml(store::Store& store, store::Id scan_id);

}  // namespace govscore::platform

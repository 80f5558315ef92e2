// 季普查 unattended: the quarterly step the monitor's scheduler runs. The
// quarterly schedule (src/monitor, regime `quarterly`) queues a "quarterly"
// scan per unit; a worker runs it with the checklist hook (checklist/scan.h),
// so its stored document carries the checklist measures. This step then, for
// every unit whose newest finished quarterly scan has no stored result yet:
//
//   1. takes the scan document's measures (scoring::MeasuresFromScan: the
//      scan's own and the embedded checklist measures),
//   2. adds the availability measures of the unit's probes over the 7 China
//      days ending on the scan's 监测时间点 (site.availability_probes,
//      site.availability_failed_probes, site.availability_failure_ratio; none
//      when there was no probe — V2 then stays 待评),
//   3. scores gb2019-website at the scan's as_of (checklist judged items
//      without a judgment stay 待评 and are named in the reasons),
//   4. stores the quarterly result (合格/不合格/待定 with the reasons) for the
//      quarter of that as_of with the scan id (Store::SaveQuarterlyResult).
//
// It is idempotent (a result stored for the same scan is not redone), so the
// scheduler may call it after every tick. `govscore checklist health --db`
// (InspectionMeasures over LoadQuarterlyResults) then gives the provincial
// frameworks' 健康情况 rows.
#pragma once

#include <string>
#include <vector>

#include "checklist/quarterly.h"
#include "store/store.h"

namespace govscore::checklist {

struct QuarterlyStepOptions {
  std::string framework = "gb2019-website";  // id in frameworks_dir, or a file
  std::string frameworks_dir;                // "" = framework::FrameworksDir()
  int availability_days = 7;                 // probe window ending on the scan's as_of
  std::string scan_profile = "quarterly";    // which monitoring scans count
};

struct QuarterlyStepReport {
  int units = 0;                        // units looked at
  std::vector<QuarterlyResult> stored;  // results stored by this call
  std::vector<std::string> errors;      // per unit: "<code>: <what>" (others go on)
};

// One unit: its newest finished `scan_profile` scan with a document → the
// result, stored unless already stored for that scan. nullopt when the unit
// has no such scan or its result is already stored. Throws govscore::Error
// for a malformed document or framework.
std::optional<QuarterlyResult> RunUnitQuarterly(store::Store& store, const store::Actor& actor,
                                                const store::Unit& unit,
                                                const QuarterlyStepOptions& options = {});

// Every unit of the store (errors of one unit are collected, the others go
// on). The scheduler's entry point.
QuarterlyStepReport RunQuarterlyChecklists(store::Store& store, const store::Actor& actor,
                                           const QuarterlyStepOptions& options = {});

// The availability measures of a unit's probes with from <= at < to (store
// time), as scoring measures of `unit_code`; empty when there was no probe.
std::vector<scoring::Measure> ProbeAvailabilityMeasures(store::Store& store, store::Id unit_id,
                                                        const std::string& unit_code,
                                                        store::Millis from, store::Millis to);

}  // namespace govscore::checklist

// The progressive monitoring regime as schedules (docs/monitoring.md):
//
//   regime     fires                               does
//   daily      probes_per_day times a day          日巡检: availability probes of every
//              (24 → every hour; ≥ 20 required)    homepage of the target units; the
//                                                  first firing of each China day also
//                                                  queues a "homepage" scan (首页更新)
//   weekly     every 7 days                        周检测: a "links" scan (homepage and
//                                                  the pages it links, all links checked)
//   monthly    every calendar month                月监测: a "full" scan (whole site, checks)
//   quarterly  every 3 calendar months             季普查: a "quarterly" scan (full crawl
//                                                  whose result feeds the checklist)
//   yearly     every 12 calendar months            年报告: the unit's annual report
//
// A schedule targets one unit or every unit of a campaign. Times: store
// milliseconds (monitor/clock.h); month arithmetic on China civil dates keeps
// the time of day.
#pragma once

#include <string>
#include <vector>

#include "monitor/clock.h"
#include "store/store.h"

namespace govscore::monitor {

// Minimum probes a day for the availability rule of the national checklist
// (每天间隔性访问20次以上).
constexpr int kMinProbesPerDay = 20;

// Milliseconds between two firings of a daily schedule (a day / probes_per_day).
Millis ProbeInterval(const store::MonitorSchedule& s);

// When `s`, due at s.next_due_at and firing at `now`, is due next: one period
// after its due time, or — when the monitor was down and several periods were
// missed — the first period boundary after `now` (missed firings are not
// replayed in a burst).
Millis NextDue(const store::MonitorSchedule& s, Millis now);

// The scan profile a firing queues ("" for none: yearly).
std::string ScanProfileOf(store::Regime r);

// The regime's name for people: 日巡检, 周检测, 月监测, 季普查, 年报告.
const char* RegimeName(store::Regime r);

// Parses "daily"/"日巡检" etc.; throws Error naming the value.
store::Regime ParseRegimeName(const std::string& s);

}  // namespace govscore::monitor

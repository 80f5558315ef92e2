// Monitoring routes (routes_monitor.cc, docs/api.md "Monitoring"): alerts,
// schedules, probes, 整改通知, quarterly results.
#pragma once

#include "server/api.h"

namespace govscore::server {

void RegisterMonitorRoutes(Api& api);

}  // namespace govscore::server

// Route registration per API area (docs/api.md sections). Each Register*
// function adds its handlers to `api`; the Server calls them in order, before
// the static-file catch-all.
#pragma once

#include "server/api.h"

namespace govscore::server {

void RegisterAuthRoutes(Api& api);       // routes_auth.cc: health, auth, users, audit
void RegisterUnitRoutes(Api& api);       // routes_units.cc: units, import/export
void RegisterFrameworkRoutes(Api& api);  // routes_frameworks.cc
void RegisterPlatformRoutes(Api& api);   // routes_platform.cc: campaigns, scans, workbench,
                                         // scores, findings, exports, evidence

}  // namespace govscore::server

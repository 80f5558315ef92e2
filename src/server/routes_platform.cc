// Campaigns, scans, the reviewer workbench, scores, findings, exports and
// evidence: every handler calls the platform services (src/platform) — wired
// as they land.
#include "server/api.h"
#include "server/routes.h"

namespace govscore::server {

void RegisterPlatformRoutes(Api& api) {
  for (const char* path :
       {R"(/api/campaigns(/.*)?)", R"(/api/units/(\d+)/(scans|findings|trend|evidence))",
        R"(/api/units/(import|export))", R"(/api/scans/.*)", R"(/api/findings/.*)",
        R"(/api/evidence(/.*)?)", R"(/api/frameworks)", R"(/api/users)"}) {
    auto later = [path](Ctx&) { throw NotImplemented(path); };
    api.Get(path, later);
    api.Post(path, later);
    api.Put(path, later);
  }
}

}  // namespace govscore::server

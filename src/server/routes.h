// Route registration per API area (docs/api.md sections). Each Register*
// function adds its handlers to `api`; the Server calls them in order, before
// the static-file catch-all.
#pragma once

#include "server/api.h"

namespace govscore::server {

void RegisterAuthRoutes(Api& api);          // routes_auth.cc: health, auth, users, audit
void RegisterUnitRoutes(Api& api);          // routes_units.cc: units, import/export
void RegisterFrameworkRoutes(Api& api);     // routes_frameworks.cc
void RegisterPlatformRoutes(Api& api);      // routes_platform.cc: campaigns, scans, workbench,
                                            // scores, findings, exports, evidence
void RegisterConsultationRoutes(Api& api);  // routes_consultations.cc: 模拟咨询, 依申请公开
                                            // (called by RegisterPlatformRoutes)
void RegisterPostRoutes(Api& api);          // routes_posts.cc: new-media post lists
                                            // (called by RegisterPlatformRoutes)

// Shared checks (routes_platform.cc): the campaign when the user may see it
// (403 otherwise, 404 when missing); 403/404 unless the unit is the user's
// and in the campaign.
store::Campaign GetCampaign(Ctx& c, store::Id id);
void RequireCampaignUnit(const Ctx& c, const store::Campaign& camp, store::Id unit_id);

// An import upload (routes_platform.cc): multipart field `file` (400 without
// it) whose extension is one of `extensions` (".xlsx", ".csv", ".json"; 415
// otherwise, with `accepted` as the message) and whose content fits it (an
// .xlsx is a zip, nothing else is; 415), its base name, and whether the
// request is a dry run (field or query `dry_run=1`).
struct ImportUpload {
  std::string name, content;
  bool dry_run = false;
};
ImportUpload ReadImportUpload(Ctx& c, const std::vector<std::string>& extensions,
                              const std::string& accepted);

}  // namespace govscore::server

// Campaigns (评估任务): a framework version applied to units over a period with
// a 监测时间点, moving through draft → collecting → reviewing → published →
// archived.
//
// State rules (Conflict when broken):
//   draft → collecting       the campaign has at least one unit
//                            (EnqueueCampaignScans does this move itself)
//   collecting → reviewing   no scan of the campaign is queued or running
//   reviewing → collecting   allowed (rescan after corrections)
//   reviewing → published    only through PublishCampaign (scores.h): no scan
//                            queued or running, every judgment slot of the
//                            review queue submitted — and checked by a second
//                            reviewer when the campaign asks for one
//   published → reviewing    allowed (a correction; the next publish adds a
//                            new snapshot, earlier snapshots never change)
//   published → archived     allowed; archived is final
//   anything → draft         refused
// Judgments may be saved in collecting and reviewing only; units, period and
// as-of may be changed in draft and collecting only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace govscore::platform {

struct CampaignSpec {
  std::string name;
  store::Id framework_version_id = 0;
  std::vector<store::Id> unit_ids;
  std::optional<Date> period_from, period_to;
  Date as_of;                  // 监测时间点
  bool second_review = false;  // judgments need a second reviewer's check
};

// Validates and creates a draft campaign: a non-empty name, an existing framework
// version, existing units whose kinds the framework scores (its object_kinds),
// period_from <= period_to, as_of not before period_from. InvalidInput /
// NotFound otherwise.
store::Id CreateCampaign(store::Store& store, const store::Actor& actor, const CampaignSpec& spec);

// Replaces name, units, period, as-of and second_review (draft/collecting only).
void UpdateCampaign(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                    const CampaignSpec& spec);

// Moves the campaign to `to` by the rules above; publishing goes through
// PublishCampaign. Throws NotFound, Conflict.
void SetCampaignState(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                      store::CampaignState to);

// The campaign or NotFound.
store::Campaign GetCampaign(store::Store& store, store::Id campaign_id);

// Collection and review progress for the 总览 and 评估任务 views.
struct CampaignProgress {
  store::CampaignState state = store::CampaignState::kDraft;
  int units = 0;
  int scans_total = 0;  // newest scan per (unit, website) of the campaign
  int scans_queued = 0, scans_running = 0, scans_done = 0, scans_failed = 0;
  int websites_without_scan = 0;  // unit websites never scanned in this campaign
  int judgments_total = 0;        // slots of the review queue
  int judgments_open = 0;         // no judgment or only a draft
  int judgments_submitted = 0;    // submitted, waiting for a second check
  int judgments_checked = 0;      // checked (second review) or submitted (no second review)
  bool can_publish = false;
  std::vector<std::string> blockers;  // why not (Chinese, for the UI)
};
CampaignProgress GetCampaignProgress(store::Store& store, store::Id campaign_id);

}  // namespace govscore::platform

// Reviewer assignments: who may judge what in a campaign (人工评分分工).
//
// A reviewer judges only the units assigned to them (User::unit_ids) and, when
// the campaign assigns them indicators, only those indicators and every
// indicator below them. A reviewer without indicator assignments in a
// campaign judges every indicator of their units. Admins and organisers judge
// everything; webmasters nothing. An Actor without a user id (a process: the
// demo, a CLI import) is not restricted.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "framework/framework.h"
#include "store/store.h"

namespace govscore::platform {

// What one actor may judge in one campaign.
struct JudgeScope {
  bool all_units = true;
  std::set<store::Id> units;  // when !all_units
  // Assigned indicators and their descendants; nullopt = every indicator.
  std::optional<std::set<std::string>> indicators;

  bool AllowsUnit(store::Id unit_id) const { return all_units || units.count(unit_id) > 0; }
  bool Allows(store::Id unit_id, const std::string& indicator_id) const {
    return AllowsUnit(unit_id) && (!indicators || indicators->count(indicator_id) > 0);
  }
};

// The scope of `actor` in the campaign (NotFound for a missing campaign;
// Forbidden for webmasters and disabled users, who judge nothing).
JudgeScope ScopeFor(store::Store& store, const store::Actor& actor, store::Id campaign_id);

// Forbidden unless `actor` may read and write the judgment slot `key`.
void RequireMayJudge(store::Store& store, const store::Actor& actor, const store::JudgmentKey& key);

// `ids` and every indicator below them in `fw` (unknown ids are ignored).
std::set<std::string> WithDescendants(const framework::Framework& fw,
                                      const std::vector<std::string>& ids);

// One reviewer as the campaign's assignment page shows them.
struct ReviewerAssignment {
  store::User user;
  std::vector<store::Id> unit_ids;         // the user's units that are in the campaign
  std::vector<std::string> indicator_ids;  // assigned in this campaign; empty = all
};

// Every enabled reviewer (by username) with their units in the campaign and
// their indicator assignments.
std::vector<ReviewerAssignment> CampaignReviewers(store::Store& store, store::Id campaign_id);

// The organiser's assignment of one reviewer in a campaign:
// - `unit_ids` (when given) become the reviewer's units among the campaign's
//   units; their units outside the campaign are kept (a change of units ends
//   the reviewer's sessions, as any change of rights does);
// - `indicator_ids` replace their indicator assignments (empty = all).
// InvalidInput when the user is not a reviewer, a unit is not in the campaign,
// or an indicator id is not in the campaign's framework; NotFound for a missing
// campaign or user. Both changes are one transaction (all or nothing). Audited
// by the store.
ReviewerAssignment AssignReviewer(store::Store& store, const store::Actor& actor,
                                  store::Id campaign_id, store::Id user_id,
                                  const std::optional<std::vector<store::Id>>& unit_ids,
                                  const std::vector<std::string>& indicator_ids);

}  // namespace govscore::platform

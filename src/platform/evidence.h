// Evidence materials (佐证材料) of units: files a webmaster (or a reviewer, an
// organiser) uploads for their unit, optionally for one campaign and one
// indicator. The bytes go into an EvidenceStore (a folder no web server
// serves, generated names, type from the magic bytes, size capped); the store
// keeps who uploaded what for which unit (store::EvidenceFile). Reviewers see a
// unit's materials beside the indicator in the workbench and may cite them in
// a judgment (AsJudgmentEvidence).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/judgments.h"
#include "store/store.h"

namespace govscore::platform {

struct EvidenceTarget {
  store::Id unit_id = 0;
  std::optional<store::Id> campaign_id;  // the campaign it is for (must contain the unit)
  std::string indicator_id;              // "" = the unit as a whole; needs campaign_id
  std::string note;                      // what it shows (≤ 2000 bytes)
};

// Checks the actor may upload for the unit (admins, organisers: any unit;
// reviewers, webmasters: their units; Forbidden otherwise), that the campaign
// contains the unit and the indicator is in its framework (InvalidInput), then
// stores the bytes (EvidenceStore::Save: InvalidInput for an empty, too large
// or unsupported file) and the row. A failed store write removes the file.
store::EvidenceFile UploadEvidence(store::Store& store, const store::Actor& actor,
                                   const EvidenceStore& files, const EvidenceTarget& target,
                                   std::string_view bytes, const std::string& uploaded_name);

// The unit's materials, newest first: of `campaign_id` (and the unit-wide ones
// without a campaign) when given; with `indicator_id`, only those for that
// indicator or for no indicator.
std::vector<store::EvidenceFile> UnitEvidence(store::Store& store, store::Id unit_id,
                                              std::optional<store::Id> campaign_id = std::nullopt,
                                              const std::string& indicator_id = {});

// The judgment evidence citing an uploaded file.
store::JudgmentEvidence AsJudgmentEvidence(const store::EvidenceFile& file);

}  // namespace govscore::platform

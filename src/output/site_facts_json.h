// The `site_facts` object of the govscore.scan/1 document (docs/scan-output.md):
// checks/site_facts.h as JSON, with capped lists.
#pragma once

#include <nlohmann/json.hpp>

#include "checks/site_facts.h"

namespace govscore {

nlohmann::json SiteFactsToJson(const SiteFacts& facts);

}  // namespace govscore

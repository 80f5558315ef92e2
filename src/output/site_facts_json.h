// The `site_facts` object of the govscore.scan/1 document (docs/scan-output.md):
// checks/site_facts.h as JSON, with capped lists.
#pragma once

#include <nlohmann/json.hpp>

#include "checks/site_facts.h"

namespace govscore {

nlohmann::json SiteFactsToJson(const SiteFacts& facts);

// The inverse of SiteFactsToJson (ScanFromJson reads a stored scan back with
// it). Lenient: a key that is missing or of another type reads as empty, so
// documents written before a field existed still load.
SiteFacts SiteFactsFromJson(const nlohmann::json& j);

}  // namespace govscore

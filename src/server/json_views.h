// Store records as the JSON objects of docs/api.md, and the typed readers of
// request fields (each throws ApiError 400 naming the field).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/store.h"

namespace govscore::server {

nlohmann::json UserJson(const store::User& u);
nlohmann::json UnitJson(const store::Unit& u);
nlohmann::json FrameworkVersionJson(const store::FrameworkVersion& v);
nlohmann::json CampaignJson(const store::Campaign& c, const store::FrameworkVersion* fv);
nlohmann::json ScanJson(const store::Scan& s);
nlohmann::json FindingJson(const store::Finding& f);
nlohmann::json TransitionJson(const store::FindingTransition& t);
nlohmann::json EvidenceJson(const store::JudgmentEvidence& e);
nlohmann::json RevisionJson(const store::JudgmentKey& key, const store::JudgmentRevision& r);
nlohmann::json AuditJson(const store::AuditEntry& a);
nlohmann::json EventJson(const store::Event& e);

// A Unit from a request body (every field; id from the path, not the body).
store::Unit UnitFromJson(const nlohmann::json& j);

// Typed field readers. Required ones throw 400 when missing; optional ones
// return nullopt for a missing or null field; a wrong type is always 400.
std::string RequiredString(const nlohmann::json& j, const std::string& key);
std::string OptionalString(const nlohmann::json& j, const std::string& key,
                           const std::string& fallback = {});
store::Id RequiredId(const nlohmann::json& j, const std::string& key);
std::optional<store::Id> OptionalId(const nlohmann::json& j, const std::string& key);
std::vector<store::Id> IdList(const nlohmann::json& j, const std::string& key);
std::optional<Date> OptionalDate(const nlohmann::json& j, const std::string& key);
Date RequiredDate(const nlohmann::json& j, const std::string& key);
std::optional<bool> OptionalBool(const nlohmann::json& j, const std::string& key);

// "admin" → Role; 400 otherwise.
store::Role ParseRole(const std::string& s);
store::CampaignState ParseCampaignState(const std::string& s);

}  // namespace govscore::server

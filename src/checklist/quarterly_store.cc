#include "checklist/quarterly_store.h"

#include "core/error.h"

namespace govscore::checklist {

store::QuarterlyResult ToStoreResult(const QuarterlyResult& r, store::Id unit_id,
                                     std::optional<store::Id> scan_id) {
  store::QuarterlyResult s;
  s.unit_id = unit_id;
  s.quarter = r.period;
  s.framework_id = r.framework_id;
  s.passed = r.verdict == Verdict::kPass;
  s.reasons_json = nlohmann::json(r.reasons).dump();
  nlohmann::json doc = QuarterlyToJson({r})["results"][0];
  s.result_json = doc.dump();
  s.scan_id = scan_id;
  return s;
}

QuarterlyResult FromStoreResult(const store::QuarterlyResult& s, const std::string& unit_code) {
  const std::string where = "quarterly result " + std::to_string(s.id);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(s.result_json.empty() ? "{}" : s.result_json);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("result_json: ") + e.what(), where);
  }
  if (doc.is_object() && doc.contains("verdict")) {
    doc["unit"] = unit_code;  // the store's unit wins over what the document says
    doc["period"] = s.quarter;
    doc["framework"] = s.framework_id;
    return QuarterlyFromJson({{"schema", "govscore.quarterly/1"}, {"results", {doc}}}, where).at(0);
  }
  // Written by someone else (no checklist document): passed and reasons only.
  QuarterlyResult r;
  r.unit = unit_code;
  r.period = s.quarter;
  r.framework_id = s.framework_id;
  r.verdict = s.passed ? Verdict::kPass : Verdict::kFail;
  try {
    r.reasons = nlohmann::json::parse(s.reasons_json).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("reasons_json: ") + e.what(), where);
  }
  return r;
}

std::vector<store::Id> SaveQuarterlyResults(store::Store& store, const store::Actor& actor,
                                            const std::vector<QuarterlyResult>& results) {
  std::vector<store::Id> ids;
  for (const QuarterlyResult& r : results) {
    std::optional<store::Unit> unit = store.FindUnitByCode(r.unit);
    if (!unit) throw Error("unit not in the store", r.unit);
    ids.push_back(store.SaveQuarterlyResult(actor, ToStoreResult(r, unit->id)));
  }
  return ids;
}

std::vector<QuarterlyResult> LoadQuarterlyResults(store::Store& store, const store::Unit& unit) {
  std::vector<QuarterlyResult> out;
  for (const store::QuarterlyResult& s : store.ListQuarterlyResults(unit.id))
    out.push_back(FromStoreResult(s, unit.code));
  return out;
}

}  // namespace govscore::checklist

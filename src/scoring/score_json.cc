#include "scoring/score_json.h"

#include <cmath>
#include <set>

namespace govscore::scoring {
namespace {

// Integral values print without ".0"; others as the shortest round-trip form.
nlohmann::json Num(double v) {
  v = Round4(v);
  if (std::fabs(v) < 1e15 && v == std::floor(v)) return static_cast<int64_t>(v);
  return v;
}

nlohmann::json IndicatorToJson(const IndicatorScore& s) {
  nlohmann::json j;
  j["id"] = s.id;
  j["name"] = s.name;
  j["level"] = s.level;
  j["polarity"] = framework::PolarityName(s.polarity);
  if (!s.rule.empty()) j["rule"] = s.rule;
  j["base_weight"] = Num(s.base_weight);
  j["weight"] = Num(s.weight);
  j["points"] = Num(s.points);
  j["pending"] = Num(s.pending);
  j["lost"] = Num(s.lost);
  if (s.bonus_max != 0) j["bonus_max"] = Num(s.bonus_max);
  if (s.penalty_max != 0) j["penalty_max"] = Num(s.penalty_max);
  j["status"] = StatusName(s.status);
  j["reasons"] = s.reasons;
  j["trace"] = s.trace;
  j["evidence"] = s.evidence;
  if (!s.charged.empty()) j["charged"] = s.charged;
  if (!s.assumption.empty()) j["assumption"] = s.assumption;
  if (s.proposal)
    j["proposal"] = {{"points", Num(s.proposal->points)},
                     {"pending", Num(s.proposal->pending)},
                     {"items", s.proposal->items},
                     {"evidence", s.proposal->evidence}};
  j["children"] = nlohmann::json::array();
  for (const IndicatorScore& c : s.children) j["children"].push_back(IndicatorToJson(c));
  return j;
}

}  // namespace

nlohmann::json ScoreSheetToJson(const ScoreSheet& sheet) {
  nlohmann::json j;
  j["schema"] = "govscore.scoresheet/1";
  j["framework"] = {{"id", sheet.framework_id}, {"title", sheet.framework_title}};
  j["as_of"] = sheet.as_of.empty() ? nlohmann::json(nullptr) : nlohmann::json(sheet.as_of);
  j["seed"] = sheet.seed;
  j["assumptions"] = sheet.assumptions;
  j["units"] = nlohmann::json::array();
  for (const UnitScore& u : sheet.units) {
    nlohmann::json ju;
    ju["id"] = u.unit.id;
    ju["name"] = u.unit.name;
    ju["kind"] = u.unit.kind;
    ju["region"] = u.unit.region;
    ju["total"] = Num(u.total);
    ju["normal_points"] = Num(u.normal_points);
    ju["bonus_points"] = Num(u.bonus_points);
    ju["penalty_points"] = Num(u.penalty_points);
    ju["external_deductions"] = Num(u.external_deductions);
    ju["max_points"] = Num(u.max_points);
    ju["pending_points"] = Num(u.pending_points);
    ju["pending_bonus"] = Num(u.pending_bonus);
    ju["pending_penalty"] = Num(u.pending_penalty);
    ju["provisional"] = u.provisional;
    if (u.scaled_total) ju["scaled_total"] = Num(*u.scaled_total);
    ju["band"] = u.band.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.band);
    ju["lists"] = u.lists;
    ju["rank"] = u.rank == 0 ? nlohmann::json(nullptr) : nlohmann::json(u.rank);
    ju["notes"] = u.notes;
    if (!u.channels.empty()) ju["channels"] = u.channels;
    ju["samples"] = nlohmann::json::array();
    for (const SampleRecord& s : u.samples)
      ju["samples"].push_back({{"indicator", s.indicator},
                               {"population", s.population},
                               {"population_size", s.population_size},
                               {"chosen", s.chosen}});
    if (!u.parts.empty()) {
      ju["parts"] = nlohmann::json::array();
      for (const CompositePartScore& p : u.parts)
        ju["parts"].push_back({{"framework", p.framework},
                               {"title", p.title},
                               {"percent", Num(p.percent)},
                               {"points", Num(p.points)},
                               {"max_points", Num(p.max_points)},
                               {"pending_points", Num(p.pending)},
                               {"contribution", Num(p.contribution)}});
    }
    if (!u.honours.empty()) {
      ju["honours"] = nlohmann::json::array();
      for (const HonourResult& h : u.honours)
        ju["honours"].push_back({{"name", h.name}, {"vetoed", h.vetoed}, {"reasons", h.reasons}});
    }
    ju["indicators"] = nlohmann::json::array();
    for (const IndicatorScore& s : u.indicators) ju["indicators"].push_back(IndicatorToJson(s));
    j["units"].push_back(std::move(ju));
  }
  return j;
}

// Hand sheets often add rounded leaves; the engine rounds once at the end.
constexpr double kTolerance = 5e-4;

std::string CompareGolden(const nlohmann::json& expected, const nlohmann::json& actual,
                          const std::string& path) {
  static const std::set<std::string> kIgnored = {"trace", "evidence",   "reasons",
                                                 "notes", "assumption", "assumptions"};
  if (expected.is_number() && actual.is_number()) {
    if (std::fabs(expected.get<double>() - actual.get<double>()) <= kTolerance) return {};
    return path + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  if (expected.type() != actual.type())
    return path + ": expected " + expected.dump() + ", got " + actual.dump();
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (kIgnored.count(key)) continue;
      if (!actual.contains(key)) return path + "." + key + ": missing in the score sheet";
      std::string diff = CompareGolden(value, actual[key], path + "." + key);
      if (!diff.empty()) return diff;
    }
    return {};
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size())
      return path + ": expected " + std::to_string(expected.size()) + " elements, got " +
             std::to_string(actual.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      std::string where = path + "[" + std::to_string(i) + "]";
      if (expected[i].is_object() && expected[i].contains("id"))
        where = path + "[" + expected[i]["id"].dump() + "]";
      std::string diff = CompareGolden(expected[i], actual[i], where);
      if (!diff.empty()) return diff;
    }
    return {};
  }
  if (expected != actual) return path + ": expected " + expected.dump() + ", got " + actual.dump();
  return {};
}

}  // namespace govscore::scoring

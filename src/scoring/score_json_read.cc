// ScoreSheetFromJson: the inverse of ScoreSheetToJson (score_json.cc); keep
// the two in step — golden_test round-trips every golden case.
#include <string>

#include "core/error.h"
#include "scoring/score_json.h"

namespace govscore::scoring {
namespace {

using nlohmann::json;

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw Error(path + " " + what, "score sheet");
}

// Typed access to the fields of one object, with its path for messages.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) Fail(path_, "is not an object");
  }
  const json* Find(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  const json& Need(const char* key) const {
    const json* v = Find(key);
    if (!v) Fail(At(key), "missing");
    return *v;
  }
  std::string Text(const char* key) const {
    const json& v = Need(key);
    if (!v.is_string()) Fail(At(key), "must be text");
    return v;
  }
  // Text or null ("" for null); missing is an error.
  std::string TextOrNull(const char* key) const {
    const json& v = Need(key);
    if (v.is_null()) return {};
    if (!v.is_string()) Fail(At(key), "must be text or null");
    return v;
  }
  double Number(const char* key) const {
    const json& v = Need(key);
    if (!v.is_number()) Fail(At(key), "must be a number");
    return v.get<double>();
  }
  double NumberOr(const char* key, double fallback) const {
    const json* v = Find(key);
    if (!v) return fallback;
    if (!v->is_number()) Fail(At(key), "must be a number");
    return v->get<double>();
  }
  bool Bool(const char* key) const {
    const json& v = Need(key);
    if (!v.is_boolean()) Fail(At(key), "must be true or false");
    return v;
  }
  std::vector<std::string> Strings(const char* key, bool required = true) const {
    std::vector<std::string> out;
    const json* v = Find(key);
    if (!v) {
      if (required) Fail(At(key), "missing");
      return out;
    }
    if (!v->is_array()) Fail(At(key), "must be a list of texts");
    for (const json& s : *v) {
      if (!s.is_string()) Fail(At(key), "must be a list of texts");
      out.push_back(s);
    }
    return out;
  }
  template <typename F>
  void Each(const char* key, bool required, F f) const {
    const json* v = Find(key);
    if (!v) {
      if (required) Fail(At(key), "missing");
      return;
    }
    if (!v->is_array()) Fail(At(key), "must be a list");
    for (size_t i = 0; i < v->size(); ++i)
      f(Fields((*v)[i], At(key) + "[" + std::to_string(i) + "]"));
  }
  std::string At(const char* key) const { return path_ + "." + key; }

 private:
  const json& j_;
  std::string path_;
};

framework::Polarity ParsePolarity(const Fields& f) {
  const std::string p = f.Text("polarity");
  for (auto pol :
       {framework::Polarity::kNormal, framework::Polarity::kBonus, framework::Polarity::kPenalty})
    if (p == framework::PolarityName(pol)) return pol;
  Fail(f.At("polarity"), "is not normal, bonus or penalty: '" + p + "'");
}

ScoreStatus ParseStatus(const Fields& f) {
  const std::string s = f.Text("status");
  for (auto st : {ScoreStatus::kScored, ScoreStatus::kPending, ScoreStatus::kPartlyPending,
                  ScoreStatus::kNotApplicable, ScoreStatus::kNotSampled})
    if (s == StatusName(st)) return st;
  Fail(f.At("status"), "is not a score status: '" + s + "'");
}

IndicatorScore ReadIndicator(const Fields& f) {
  IndicatorScore s;
  s.id = f.Text("id");
  s.name = f.Text("name");
  s.level = static_cast<int>(f.Number("level"));
  s.polarity = ParsePolarity(f);
  if (f.Find("rule")) s.rule = f.Text("rule");
  s.base_weight = f.Number("base_weight");
  s.weight = f.Number("weight");
  s.points = f.Number("points");
  s.pending = f.Number("pending");
  s.lost = f.Number("lost");
  s.bonus_max = f.NumberOr("bonus_max", 0);
  s.penalty_max = f.NumberOr("penalty_max", 0);
  s.status = ParseStatus(f);
  s.reasons = f.Strings("reasons");
  s.trace = f.Strings("trace");
  s.evidence = f.Strings("evidence");
  s.charged = f.Strings("charged", false);
  if (f.Find("assumption")) s.assumption = f.Text("assumption");
  if (const json* p = f.Find("proposal")) {
    const Fields pf(*p, f.At("proposal"));
    s.proposal = Proposal{pf.Number("points"),
                          pf.Number("pending"),
                          pf.Strings("items"),
                          pf.Strings("evidence"),
                          {}};  // parts are not in the JSON
  }
  f.Each("children", true, [&](const Fields& c) { s.children.push_back(ReadIndicator(c)); });
  return s;
}

UnitScore ReadUnit(const Fields& f) {
  UnitScore u;
  u.unit.id = f.Text("id");
  u.unit.name = f.Text("name");
  u.unit.kind = f.Text("kind");
  u.unit.region = f.Text("region");
  u.total = f.Number("total");
  u.normal_points = f.Number("normal_points");
  u.bonus_points = f.Number("bonus_points");
  u.penalty_points = f.Number("penalty_points");
  u.external_deductions = f.Number("external_deductions");
  u.max_points = f.Number("max_points");
  u.pending_points = f.Number("pending_points");
  u.pending_bonus = f.Number("pending_bonus");
  u.pending_penalty = f.Number("pending_penalty");
  u.provisional = f.Bool("provisional");
  if (f.Find("scaled_total")) u.scaled_total = f.Number("scaled_total");
  u.band = f.TextOrNull("band");
  u.lists = f.Strings("lists");
  const json& rank = f.Need("rank");
  if (!rank.is_null() && !rank.is_number_integer())
    Fail(f.At("rank"), "must be an integer or null");
  u.rank = rank.is_null() ? 0 : rank.get<int>();
  u.notes = f.Strings("notes");
  u.channels = f.Strings("channels", false);
  f.Each("samples", true, [&](const Fields& s) {
    SampleRecord r;
    r.indicator = s.Text("indicator");
    r.population = s.Text("population");
    const double size = s.Number("population_size");
    if (size < 0) Fail(s.At("population_size"), "must not be negative");
    r.population_size = static_cast<size_t>(size);
    r.chosen = s.Strings("chosen");
    u.samples.push_back(std::move(r));
  });
  f.Each("parts", false, [&](const Fields& p) {
    u.parts.push_back({p.Text("framework"), p.Text("title"), p.Number("percent"),
                       p.Number("points"), p.Number("max_points"), p.Number("pending_points"),
                       p.Number("contribution")});
  });
  f.Each("honours", false, [&](const Fields& h) {
    u.honours.push_back({h.Text("name"), h.Bool("vetoed"), h.Strings("reasons")});
  });
  f.Each("indicators", true, [&](const Fields& i) { u.indicators.push_back(ReadIndicator(i)); });
  return u;
}

}  // namespace

ScoreSheet ScoreSheetFromJson(const json& j) {
  const Fields doc(j, "sheet");
  if (doc.Text("schema") != "govscore.scoresheet/1")
    Fail("sheet.schema", "is not govscore.scoresheet/1");
  ScoreSheet sheet;
  const Fields fw(doc.Need("framework"), "sheet.framework");
  sheet.framework_id = fw.Text("id");
  sheet.framework_title = fw.Text("title");
  sheet.as_of = doc.TextOrNull("as_of");
  const json& seed = doc.Need("seed");
  if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<int64_t>() >= 0))
    Fail("sheet.seed", "must be a non-negative integer");
  sheet.seed = seed.get<uint64_t>();
  sheet.assumptions = doc.Strings("assumptions");
  doc.Each("units", true, [&](const Fields& u) { sheet.units.push_back(ReadUnit(u)); });
  return sheet;
}

}  // namespace govscore::scoring

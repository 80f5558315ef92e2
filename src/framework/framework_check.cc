#include "framework/framework_check.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "framework/coverage.h"
#include "framework/measure_registry.h"

namespace govscore::framework {
namespace {

std::string Num(double v) { return FormatWeight(v); }

bool Near(double a, double b) { return std::fabs(a - b) < 1e-6; }
// Percent sums allow thirds written with four decimals (33.3333 × 3).
bool NearPercent(double a, double b) { return std::fabs(a - b) <= 0.01 + 1e-9; }

class Checker {
 public:
  Checker(const Framework& fw, Diagnostics& diags) : fw_(fw), diags_(diags) {}

  void Run(bool show_assumptions);

 private:
  void Error(const Location& at, const std::string& msg) { diags_.Error(at, indicator_, msg); }
  void Warning(const Location& at, const std::string& msg) { diags_.Warning(at, indicator_, msg); }

  void CollectIds(const std::vector<Indicator>& nodes);
  // The keys a `weights` map may use: the object kinds, or with channel
  // weighting the channels (each channel's tree has its own weight column).
  std::vector<std::string> WeightKeys() const {
    if (fw_.result.channel_weighting) return fw_.result.channel_weighting->channels;
    std::vector<std::string> kinds = fw_.object_kinds;
    if (kinds.empty()) kinds.push_back("");
    return kinds;
  }
  void CheckIndicator(const Indicator& ind, const std::vector<Indicator>& siblings);
  void CheckWeights(const Indicator& ind);
  void CheckRule(const Rule& rule);
  void CheckMeasure(const MeasureRef& ref);
  void CheckCondition(const Condition& c, bool allow_part);
  void CheckKinds(const std::vector<std::string>& kinds, const Location& at);
  void CheckAdjustments(const std::vector<AdjustmentItem>& items);
  void CheckBands(const std::vector<Band>& bands, const Location& at);
  void CheckResult();
  void CheckComposite();
  void ShowAssumptions(const std::vector<Indicator>& nodes);

  const Framework& fw_;
  Diagnostics& diags_;
  std::string indicator_;
  std::set<std::string> ids_;
  std::set<std::string> group_ids_;
  bool nested_in_channels_ = false;
};

void Checker::CollectIds(const std::vector<Indicator>& nodes) {
  for (const Indicator& ind : nodes) {
    if (!ind.id.empty() && !ids_.insert(ind.id).second)
      diags_.Error(ind.where, ind.id, "duplicate indicator id '" + ind.id + "'");
    if (!ind.is_leaf()) group_ids_.insert(ind.id);
    CollectIds(ind.children);
  }
}

void Checker::CheckMeasure(const MeasureRef& ref) {
  if (ref.empty()) return;
  bool declared = std::any_of(fw_.measures.begin(), fw_.measures.end(), [&](const MeasureDecl& d) {
    return d.name == ref.name || MeasureNameMatches(d.name, ref.name);
  });
  if (!declared && !FindKnownMeasure(ref.name))
    Error(ref.where, "unknown measure '" + ref.name +
                         "' (not in docs/measures.md and not declared in 'measures:')");
  if (ref.sample < 0) Error(ref.where, "sample must be positive");
  static const std::set<std::string> kAggs = {"",    "mean",  "min", "max",
                                              "sum", "count", "all", "any"};
  if (!kAggs.count(ref.agg)) Error(ref.where, "unknown agg '" + ref.agg + "'");
}

void Checker::CheckCondition(const Condition& c, bool allow_part) {
  static const std::set<std::string> kOps = {
      ">=", ">", "<=", "<", "==", "!=", "exists", "missing", "within", "before"};
  switch (c.kind) {
    case Condition::Kind::kAll:
    case Condition::Kind::kAny:
    case Condition::Kind::kNot:
      if (c.children.empty()) Error(c.where, "empty condition list");
      for (const Condition& child : c.children) CheckCondition(child, allow_part);
      return;
    case Condition::Kind::kData:
      if (!fw_.data.count(c.data_key)) Error(c.where, "unknown data key '" + c.data_key + "'");
      return;
    case Condition::Kind::kPart:
      if (!allow_part) Error(c.where, "'part' conditions are only allowed in result gates");
      if (!fw_.Find(c.part)) Error(c.where, "unknown part '" + c.part + "'");
      break;
    case Condition::Kind::kCompare:
      CheckMeasure(c.measure);
      break;
  }
  if (!kOps.count(c.op)) {
    Error(c.where, "unknown op '" + c.op + "' (use >= > <= < == != exists missing within before)");
    return;
  }
  bool has_value = !std::holds_alternative<std::monostate>(c.value);
  if (c.op == "exists" || c.op == "missing") {
    if (has_value) Error(c.where, "op '" + c.op + "' takes no value");
  } else if (c.op == "within") {
    const std::string* text = std::get_if<std::string>(&c.value);
    if (!text || !TimeWindow::Parse(*text))
      Error(c.where, "op 'within' needs a window such as 14d, 2w, 6m, 1y or 10wd");
  } else if (c.op == "before") {
    if (!std::holds_alternative<Date>(c.value)) Error(c.where, "op 'before' needs a date value");
  } else if (!has_value) {
    Error(c.where, "op '" + c.op + "' needs a value");
  }
}

void Checker::CheckBands(const std::vector<Band>& bands, const Location& at) {
  if (bands.empty()) {
    Error(at, "tier table has no bands");
    return;
  }
  std::vector<const Band*> sorted;
  for (const Band& b : bands) {
    if (b.min && b.max && *b.min >= *b.max)
      Error(b.where, "band min " + Num(*b.min) + " is not below max " + Num(*b.max));
    if (b.amount < 0) Error(b.where, "band amount must not be negative");
    if (!b.is_points && b.amount > 100) Error(b.where, "band percent above 100");
    sorted.push_back(&b);
  }
  std::sort(sorted.begin(), sorted.end(), [](const Band* a, const Band* b) {
    return a->min.value_or(-INFINITY) < b->min.value_or(-INFINITY);
  });
  for (size_t i = 1; i < sorted.size(); ++i) {
    const Band& prev = *sorted[i - 1];
    const Band& cur = *sorted[i];
    double prev_max = prev.max.value_or(INFINITY);
    double cur_min = cur.min.value_or(-INFINITY);
    if (cur_min < prev_max && !Near(cur_min, prev_max)) {
      Error(cur.where, "tier bands overlap: [" + (prev.min ? Num(*prev.min) : "-∞") + ", " +
                           (prev.max ? Num(*prev.max) : "∞") + ") and [" + Num(cur_min) + ", " +
                           (cur.max ? Num(*cur.max) : "∞") + ")");
    } else if (cur_min > prev_max && !Near(cur_min, prev_max)) {
      Error(cur.where, "gap in tier bands between " + Num(prev_max) + " and " + Num(cur_min) +
                           " (values there would fall to 'else'; close the gap or add a band)");
    }
  }
}

void Checker::CheckRule(const Rule& rule) {
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, CriteriaRule>) {
          double sum = 0;
          std::set<std::string> ids;
          for (const Criterion& c : body.items) {
            if (!ids.insert(c.id).second) Error(c.where, "duplicate criterion id '" + c.id + "'");
            if (c.percent < 0) Error(c.where, "criterion percent must not be negative");
            sum += c.percent;
            if (c.check) CheckCondition(*c.check, false);
            if (c.rule) CheckRule(*c.rule);
            for (const Veto& v : c.vetoes)
              if (v.when) CheckCondition(*v.when, false);
            CheckKinds(c.kinds, c.where);
          }
          double expected = body.percent_total.value_or(100);
          if (!NearPercent(sum, expected))
            Error(rule.where, "criteria percents sum to " + Num(sum) + ", expected " +
                                  Num(expected) +
                                  (body.percent_total ? "" : " (or declare percent_total)"));
        } else if constexpr (std::is_same_v<T, TiersRule>) {
          CheckMeasure(body.tiers.measure);
          CheckBands(body.tiers.bands, rule.where);
        } else if constexpr (std::is_same_v<T, IncrementRule>) {
          CheckMeasure(body.measure);
          if (body.step < 0) Error(rule.where, "increment step must not be negative");
          if (body.base > body.max) Error(rule.where, "increment base above max");
        } else if constexpr (std::is_same_v<T, AdjustmentsRule>) {
          if (body.items.empty()) Error(rule.where, rule.type + " rule has no items");
          CheckAdjustments(body.items);
          if (body.cap && *body.cap < 0) Error(rule.where, "cap must not be negative");
        } else if constexpr (std::is_same_v<T, RatioRule>) {
          CheckMeasure(body.total);
          CheckMeasure(body.failed);
          CheckMeasure(body.passed);
        } else if constexpr (std::is_same_v<T, AverageRule>) {
          CheckMeasure(body.measure);
        } else if constexpr (std::is_same_v<T, BenchmarkRule>) {
          CheckMeasure(body.measure);
        } else if constexpr (std::is_same_v<T, ResponseTimeRule>) {
          CheckMeasure(body.measure);
          CheckMeasure(body.from);
          CheckMeasure(body.to);
          for (size_t i = 1; i < body.windows.size(); ++i)
            if (body.windows[i].within <= body.windows[i - 1].within)
              Error(rule.where, "response windows must be listed with increasing 'within'");
        } else if constexpr (std::is_same_v<T, PassFailRule>) {
          if (body.check) CheckCondition(*body.check, false);
        } else if constexpr (std::is_same_v<T, JudgmentRule>) {
          if (body.min && body.max && *body.min > *body.max)
            Error(rule.where, "judgment min above max");
        } else if constexpr (std::is_same_v<T, ChannelsRule>) {
          if (nested_in_channels_) Error(rule.where, "a channels rule cannot be inside another");
          nested_in_channels_ = true;
          if (body.klass == "C" && body.over.size() != 1)
            Error(rule.where, "class C is scored on exactly one channel");
          if (!body.weights.empty()) {
            double sum = 0;
            for (const auto& [channel, w] : body.weights) {
              sum += w;
              if (std::find(body.over.begin(), body.over.end(), channel) == body.over.end())
                Error(rule.where, "weight for channel '" + channel + "' not listed in 'over'");
            }
            if (!NearPercent(sum, 100)) Error(rule.where, "channel weights sum to " + Num(sum));
          }
          if (body.inner) CheckRule(*body.inner);
          nested_in_channels_ = false;
        }
      },
      rule.body);
}

void Checker::CheckKinds(const std::vector<std::string>& kinds, const Location& at) {
  for (const std::string& kind : kinds)
    if (std::find(fw_.object_kinds.begin(), fw_.object_kinds.end(), kind) == fw_.object_kinds.end())
      Error(at, "kinds names '" + kind + "', not in object_kinds");
}

void Checker::CheckAdjustments(const std::vector<AdjustmentItem>& items) {
  std::set<std::string> ids;
  for (const AdjustmentItem& item : items) {
    if (!ids.insert(item.id).second) Error(item.where, "duplicate item id '" + item.id + "'");
    if (item.points && *item.points < 0)
      Error(item.where, "item points must be positive (the rule type gives the sign)");
    if (item.per.events && item.per.events->type.empty())
      Error(item.where, "events filter needs a type");
    CheckMeasure(item.per.measure);
    for (const std::string& id : item.per.skip_charged_by)
      if (!ids_.count(id))
        Error(item.where, "skip_charged_by names unknown indicator '" + id + "'");
    if (item.when) CheckCondition(*item.when, false);
    if (item.source == AdjustmentItem::Source::kTiers) {
      CheckMeasure(item.tiers.measure);
      CheckBands(item.tiers.bands, item.where);
    }
    CheckKinds(item.kinds, item.where);
  }
}

void Checker::CheckWeights(const Indicator& ind) {
  std::vector<std::string> kinds = WeightKeys();
  for (const auto& [kind, w] : ind.weights) {
    (void)w;
    if (!fw_.object_kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
      Error(ind.where, "weights name '" + kind +
                           "', neither an object kind nor a channel of channel_weighting");
  }
  if (ind.weight && *ind.weight < 0) Error(ind.where, "weight must not be negative");
  if (ind.is_leaf() && !ind.weight && ind.weights.empty())
    Error(ind.where, "missing weight (a leaf needs 'weight' or 'weights')");
  if (ind.is_leaf() || ind.sample_children > 0) return;  // a draw sums to the declared weight
  for (const std::string& kind : kinds) {
    if (!ind.ExistsFor(kind)) continue;
    std::optional<double> declared = ind.DeclaredWeight(kind);
    if (!declared) continue;
    double sum = 0;
    for (const Indicator& child : ind.children)
      if (child.ExistsFor(kind)) sum += child.WeightFor(kind);
    if (!Near(sum, *declared))
      Warning(ind.where, "declared weight " + Num(*declared) +
                             (kind.empty() ? "" : " (" + kind + ")") +
                             " differs from the sum of its children " + Num(sum) +
                             (ind.assumption.empty() ? " — explain it in 'assumption'" : ""));
  }
}

void Checker::CheckIndicator(const Indicator& ind, const std::vector<Indicator>& siblings) {
  indicator_ = ind.id;
  CheckWeights(ind);
  std::set<std::string> veto_ids;
  for (const Veto& v : ind.vetoes) {
    if (!veto_ids.insert(v.id).second) Error(v.where, "duplicate veto id '" + v.id + "'");
    if (v.when) CheckCondition(*v.when, false);
  }
  if (ind.applicable_when) CheckCondition(*ind.applicable_when, false);
  if (!ind.data_key.empty() && !fw_.data.count(ind.data_key))
    Error(ind.where, "unknown data key '" + ind.data_key + "'");
  const NotApplicable& na = ind.not_applicable;
  if (na.mode == NotApplicable::Mode::kNormalise && ind.is_leaf())
    Error(ind.where, "not_applicable: normalise belongs on a group");
  for (const std::string& target : na.targets) {
    if (target == "siblings") {
      if (siblings.size() < 2) Warning(ind.where, "redistribute to siblings, but there are none");
    } else if (!group_ids_.count(target)) {
      Error(ind.where, "redistribute target '" + target + "' is not a group id or 'siblings'");
    }
  }
  if (ind.cap && *ind.cap < 0) Error(ind.where, "cap must not be negative");
  if (ind.rule) CheckRule(*ind.rule);
  if (!ind.deduct.empty()) {
    if (!ind.is_leaf()) Error(ind.where, "'deduct' belongs on a leaf");
    CheckAdjustments(ind.deduct);
  }
  if (ind.sample_children > 0 && ind.is_leaf())
    Error(ind.where, "sample_children belongs on a group");
  for (const Indicator& child : ind.children) CheckIndicator(child, ind.children);
  indicator_.clear();
}

void Checker::CheckResult() {
  const Result& r = fw_.result;
  for (const std::string& part : r.parts)
    if (!fw_.Find(part)) diags_.Error({fw_.path, 0}, "", "result part '" + part + "' unknown");
  for (const Gate& g : r.gates) {
    if (!fw_.Find(g.part)) Error(g.where, "gate part '" + g.part + "' unknown");
    CheckCondition(g.when, true);
  }
  for (size_t i = 1; i < r.bands.size(); ++i)
    if (r.bands[i].from >= r.bands[i - 1].from)
      diags_.Error({fw_.path, 0}, "", "result bands must be listed from the highest 'from' down");
  static const std::set<std::string> kOps = {">=", ">", "<=", "<", "==", "!="};
  for (const ResultList& l : r.lists)
    if (!kOps.count(l.op)) diags_.Error({fw_.path, 0}, "", "list '" + l.name + "' has bad op");
  if (r.channel_weighting && r.channel_weighting->channels.empty())
    diags_.Error({fw_.path, 0}, "", "channel_weighting needs 'channels'");
  if (r.channel_weighting) {
    for (const ChannelCombination& c : r.channel_weighting->combinations) {
      double sum = 0;
      for (const auto& [channel, pct] : c.percent) {
        sum += pct;
        if (std::find(c.present.begin(), c.present.end(), channel) == c.present.end())
          diags_.Error({fw_.path, 0}, "",
                       "combination gives a percent to absent '" + channel + "'");
      }
      if (!NearPercent(sum, 100))
        diags_.Error({fw_.path, 0}, "", "channel combination percents sum to " + Num(sum));
    }
  }
}

void Checker::CheckComposite() {
  const Composite& c = *fw_.composite;
  double sum = 0;
  namespace fs = std::filesystem;
  fs::path dir = fs::path(fw_.path).parent_path();
  for (const CompositePart& part : c.parts) {
    sum += part.percent;
    if (!fs::exists(dir / (part.framework + ".yaml")))
      Error(part.where,
            "composite part framework '" + part.framework + "' not found beside " + fw_.path);
  }
  if (!Near(sum, 100)) diags_.Warning({fw_.path, 0}, "", "composite parts sum to " + Num(sum));
}

void Checker::ShowAssumptions(const std::vector<Indicator>& nodes) {
  for (const Indicator& ind : nodes) {
    if (!ind.assumption.empty()) diags_.Note(ind.where, ind.id, "assumption: " + ind.assumption);
    ShowAssumptions(ind.children);
  }
}

void Checker::Run(bool show_assumptions) {
  if (fw_.id.empty()) return;  // the loader already reported it
  CollectIds(fw_.indicators);
  for (const Indicator& ind : fw_.indicators) CheckIndicator(ind, fw_.indicators);
  std::vector<std::string> kinds = WeightKeys();
  if (fw_.total && !fw_.composite) {
    for (const std::string& kind : kinds) {
      double sum = 0;
      for (const Indicator& ind : fw_.indicators) sum += ind.NormalWeightFor(kind);
      if (!Near(sum, *fw_.total))
        diags_.Warning({fw_.path, 0}, "",
                       "declared total " + Num(*fw_.total) +
                           (kind.empty() ? "" : " (" + kind + ")") +
                           " differs from the sum of the normal top-level indicators " + Num(sum));
    }
  }
  CheckResult();
  if (fw_.composite) CheckComposite();
  CheckCoverage(fw_, diags_);
  if (show_assumptions) {
    for (const std::string& a : fw_.assumptions) diags_.Note({fw_.path, 0}, "", "assumption: " + a);
    ShowAssumptions(fw_.indicators);
  }
}

}  // namespace

void CheckFramework(const Framework& fw, Diagnostics& diags, bool show_assumptions) {
  Checker(fw, diags).Run(show_assumptions);
}

}  // namespace govscore::framework

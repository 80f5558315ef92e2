#include "scoring/engine.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "checks/columns.h"
#include "core/error.h"
#include "framework/framework_loader.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {

using framework::AdjustmentItem;
using framework::Condition;
using framework::Framework;
using framework::Indicator;
using framework::MeasureRef;
using framework::NotApplicable;
using framework::Polarity;
using framework::Rule;

double Round4(double v) {
  double r = std::round(v * 10000.0) / 10000.0;
  return r == 0 ? 0.0 : r;
}

std::string FormatPoints(double v) { return MeasureValue::Number(Round4(v)).ToString(); }

const char* StatusName(ScoreStatus s) {
  switch (s) {
    case ScoreStatus::kPending:
      return "pending";
    case ScoreStatus::kPartlyPending:
      return "partly_pending";
    case ScoreStatus::kNotApplicable:
      return "not_applicable";
    case ScoreStatus::kNotSampled:
      return "not_sampled";
    case ScoreStatus::kScored:
      break;
  }
  return "scored";
}

const char* StatusLabel(ScoreStatus s) {
  switch (s) {
    case ScoreStatus::kPending:
      return "待评";
    case ScoreStatus::kPartlyPending:
      return "部分待评";
    case ScoreStatus::kNotApplicable:
      return "不适用";
    case ScoreStatus::kNotSampled:
      return "未抽中";
    case ScoreStatus::kScored:
      break;
  }
  return "已评";
}

double ShownWeight(const IndicatorScore& s) {
  if (s.weight > 0 || (s.bonus_max == 0 && s.penalty_max == 0)) return s.weight;
  return s.bonus_max + s.penalty_max;
}

std::string PendingSummary(const UnitScore& u) {
  std::string out;
  auto add = [&](const char* label, double v) {
    if (v <= 0) return;
    out += std::string(out.empty() ? "" : "，") + label + FormatPoints(v) + " 分";
  };
  add("待评 ", u.pending_points);
  add("加分待评 ", u.pending_bonus);
  add("扣分待评 ", u.pending_penalty);
  return out;
}

namespace {

std::string P(double v) { return FormatPoints(v); }

// FNV-1a, for reproducible sampling independent of the standard library.
uint64_t Hash(const std::string& text, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ (seed * 1099511628211ULL);
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Sorts ids by their hash under (seed, scope) and keeps the first `count`.
std::vector<std::string> Draw(std::vector<std::string> ids, size_t count, uint64_t seed,
                              const std::string& scope) {
  std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
    uint64_t ha = Hash(scope + "\x1f" + a, seed), hb = Hash(scope + "\x1f" + b, seed);
    return ha != hb ? ha < hb : a < b;
  });
  if (ids.size() > count) ids.resize(count);
  return ids;
}

enum class Tri { kFalse, kTrue, kPending };

// The band [min, max) holding `v`, or nullptr.
const framework::Band* FindBand(const std::vector<framework::Band>& bands, double v) {
  for (const framework::Band& band : bands)
    if ((!band.min || v >= *band.min - 1e-9) && (!band.max || v < *band.max - 1e-9)) return &band;
  return nullptr;
}

// Numeric comparison with the condition operators.
bool Compare(double x, const std::string& op, double v) {
  return op == ">="   ? x >= v - 1e-9
         : op == ">"  ? x > v + 1e-9
         : op == "<=" ? x <= v + 1e-9
         : op == "<"  ? x < v - 1e-9
         : op == "==" ? std::fabs(x - v) < 1e-9
                      : std::fabs(x - v) >= 1e-9;
}

// The result of one rule on one weight.
struct Outcome {
  double points = 0;   // decided points, 0..weight
  double pending = 0;  // points still open
  std::vector<std::string> reasons;
  std::vector<std::string> trace;
  std::vector<std::string> evidence;
  std::vector<std::string> charged;

  void Append(const Outcome& o) {
    reasons.insert(reasons.end(), o.reasons.begin(), o.reasons.end());
    trace.insert(trace.end(), o.trace.begin(), o.trace.end());
    evidence.insert(evidence.end(), o.evidence.begin(), o.evidence.end());
    charged.insert(charged.end(), o.charged.begin(), o.charged.end());
  }
  static Outcome Pending(double weight, std::string why) {
    Outcome o;
    o.pending = weight;
    o.trace.push_back(std::move(why));
    return o;
  }
};

// Indexes over the inputs shared by every unit of the run.
class Campaign {
 public:
  Campaign(const Framework& fw, const CampaignInputs& inputs, const ScoreOptions& options)
      : fw(fw), inputs(inputs), options(options) {
    calendar = options.calendar ? options.calendar : &framework::WorkdayCalendar::Default();
    as_of = options.as_of ? options.as_of : fw.as_of;
    for (const Measure& m : inputs.measures) measures[m.unit].emplace(m.name, &m);
    // Counts since the period start and per (working) day from a scan's item
    // dates; the period starts at `period.from`, else 1 January of as_of's year.
    if (as_of) {
      Date from = fw.period_from.value_or(Date::FromYmd(as_of->year(), 1, 1));
      if (from <= *as_of) derived = DeriveDatedMeasures(inputs.measures, from, *as_of, *calendar);
      for (const Measure& m : derived) measures[m.unit].emplace(m.name, &m);
    }
    for (const Judgment& j : inputs.judgments) {
      auto key = std::make_tuple(j.unit, j.indicator, j.criterion, j.channel);
      auto [it, inserted] = judgments.emplace(key, &j);
      if (!inserted)
        throw Error("duplicate judgment for " + j.unit + " / " + j.indicator +
                        (j.criterion.empty() ? "" : " / " + j.criterion) + " (first at " +
                        it->second->source + ")",
                    j.source);
    }
    for (const Event& e : inputs.events) events[e.unit].push_back(&e);
    for (const NaDeclaration& n : inputs.na) na[{n.unit, n.indicator}] = &n;
  }

  const Framework& fw;
  const CampaignInputs& inputs;
  const ScoreOptions& options;
  const framework::WorkdayCalendar* calendar = nullptr;
  std::optional<Date> as_of;
  std::vector<Measure> derived;  // DeriveDatedMeasures; `measures` points into it
  std::map<std::string, std::multimap<std::string, const Measure*>> measures;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const Judgment*>
      judgments;
  std::map<std::string, std::vector<const Event*>> events;
  std::map<std::pair<std::string, std::string>, const NaDeclaration*> na;
  std::vector<const Unit*> scored_units;
};

// Records a judgment's audit trail (who, when, where in the input, note) and
// evidence in the outcome.
void NoteJudgment(const Judgment& j, Outcome& o) {
  std::string line = "人工评分" + (j.criterion.empty() ? std::string() : " " + j.criterion) + "（";
  if (!j.reviewer.empty()) line += j.reviewer + "，";
  if (!j.time.empty()) line += j.time + "，";
  line += j.source + "）";
  if (!j.note.empty()) line += "：" + j.note;
  o.trace.push_back(line);
  if (!j.evidence.empty()) o.evidence.push_back(j.evidence);
}

// Evaluation context of one rule: which unit, indicator, criterion and channel.
struct Ctx {
  const Indicator* indicator = nullptr;
  std::string criterion;  // judgment key below the indicator
  std::string channel;
};

// A measure name as traces and reasons show it: {channel} replaced by the
// channel being evaluated.
std::string Shown(std::string name, const Ctx& ctx) {
  if (size_t pos = name.find("{channel}"); pos != std::string::npos && !ctx.channel.empty())
    name.replace(pos, 9, ctx.channel);
  return name;
}

// Internal tree node: the definition, the effective weight and the score.
struct Node {
  const Indicator* def = nullptr;
  Node* parent = nullptr;
  std::vector<Node> children;
  bool exists = true;  // has a weight for this weight key
  bool na = false;
  bool not_sampled = false;
  std::string na_reason;
  double weight = 0;
  IndicatorScore score;
};

class UnitEvaluator {
 public:
  UnitEvaluator(Campaign& c, const Unit& unit, std::string weight_key, std::string channel)
      : c_(c), unit_(unit), key_(std::move(weight_key)), channel_(std::move(channel)) {}

  // Scores the tree; fills `out` (indicators, totals without bands/rank).
  void Run(UnitScore& out);

 private:
  // --- inputs
  const Measure* FindMeasure(const std::string& name_in, const std::string& channel,
                             const std::string& period = {}) const;
  // The row of exactly `name` ({channel} already substituted), no fill.
  const Measure* FindMeasureRow(const std::string& name, const std::string& channel,
                                const std::string& period) const;
  // A `column.<栏目>.*` row for a column the unit's scan does not list by that
  // name: the row of the column category the name belongs to, `exists` false
  // when neither name nor category is in the scan, else nullptr (待评; the
  // reason is kept for MissingText).
  const Measure* AbsentColumn(const std::string& name, const std::string& channel,
                              const std::string& period) const;
  // The trace line of a measure that has no row: "缺少测量值 NAME", with why
  // when it is a column the scan did not find (so 待评 says the machine could
  // not decide, unlike a column found and failed).
  std::string MissingText(const std::string& shown_name) const;
  // Adds to the trace how an AbsentColumn row was found (nothing for others).
  void NoteAbsent(const Measure* m, Outcome& o) const;
  // The reviewer's judgment for (indicator, criterion); a judgment `value:
  // confirm`, or while proposing (assisted coverage) a missing judgment, is
  // answered by the proposal of the part's coverage mark (nullptr when none).
  const Judgment* FindJudgment(const Ctx& ctx, const std::string& criterion);
  // The judgment an assisted mark's `propose` gives for the part, or nullptr.
  const Judgment* Propose(const Ctx& ctx, const std::string& criterion, const Judgment* confirming);
  std::optional<double> JudgedShare(const Judgment& j, double weight, bool deduction) const;
  // A numeric view of a measure; nullopt = pending (trace says why).
  std::optional<double> Numeric(const MeasureRef& ref, const Ctx& ctx, Outcome& o);
  std::optional<double> EventCount(const framework::EventFilter& f, const Ctx& ctx, Outcome& o);
  Tri Eval(const Condition& cond, const Ctx& ctx, Outcome& o);
  bool DataContainsUnit(const std::string& key) const;

  // --- rules
  Outcome EvalRule(const Rule& rule, double weight, const Ctx& ctx);
  Outcome EvalCriteria(const framework::CriteriaRule& r, double weight, const Ctx& ctx);
  Outcome EvalAdjustments(const std::vector<AdjustmentItem>& items, bool bonus,
                          std::optional<double> cap, double weight, const Ctx& ctx);
  Outcome EvalChannels(const framework::ChannelsRule& r, double weight, const Ctx& ctx);
  Outcome FromShare(std::optional<double> share, double weight, const std::string& what);
  std::set<std::string> FindingsChargedBy(const std::string& indicator_id);

  // --- tree
  Node Build(const Indicator& def);
  void MarkNotApplicable(Node& node);
  void Redistribute(std::vector<Node>& roots);
  void AddWeight(Node& node, double w);
  void Evaluate(Node& node);
  void ApplyVetoes(const Indicator& ind, const std::vector<framework::Veto>& vetoes, Outcome& o,
                   double weight);
  void Finish(Node& node);
  void ApplyGates(std::vector<Node>& roots, UnitScore& out);
  void Totals(const Node& node, UnitScore& out);

  Campaign& c_;
  const Unit& unit_;
  std::string key_;      // weight column: the unit kind, or a channel
  std::string channel_;  // channel of the whole tree (channel weighting), or ""
  std::vector<SampleRecord> samples_;
  // Assisted coverage (docs/scoring.md "Proposals"): while `proposing_`,
  // missing judgments are answered by proposals and imported measures by their
  // `fill` measures; `proposal_notes_` says what was proposed.
  bool proposing_ = false;
  bool in_proposal_ = false;  // evaluating a proposal itself: no recursion
  const std::map<std::string, std::string>* fill_ = nullptr;
  std::deque<Judgment> proposed_;
  mutable std::vector<std::string> proposal_notes_;
  std::vector<ProposedPart> proposed_parts_;              // what Propose offered, per part
  mutable std::deque<Measure> absent_;                    // AbsentColumn rows (stable addresses)
  mutable std::map<std::string, std::string> not_found_;  // column measure → why 待评
  mutable std::map<const Measure*, std::string> absent_notes_;  // AbsentColumn row → how
};

// ---------------------------------------------------------------- inputs

const Measure* UnitEvaluator::FindMeasure(const std::string& name_in, const std::string& channel,
                                          const std::string& period) const {
  std::string name = name_in;
  if (size_t pos = name.find("{channel}"); pos != std::string::npos) name.replace(pos, 9, channel);
  if (fill_) {
    if (auto f = fill_->find(name_in);
        f != fill_->end() && !FindMeasureRow(name, channel, period)) {
      const Measure* m = FindMeasure(f->second, channel, period);
      if (m)
        proposal_notes_.push_back("建议：" + name + " 取 " + f->second + " = " +
                                  m->value.ToString());
      return m;
    }
  }
  if (const Measure* m = FindMeasureRow(name, channel, period)) return m;
  return AbsentColumn(name, channel, period);
}

// A scan lists the site's columns (`site.columns`); a framework names a column
// (`column.政务动态.per_day`) the site may call otherwise (工作动态). A column
// the scan does not list by that name is looked up by its category (the
// national column categories, checks/columns.h: 政务动态 → 动态), whose facts
// the scan gives as `category.动态.*`. Found neither way: `exists` is false
// (a framework that asks whether the column exists gets "no"); every other
// fact stays missing — 待评, since a crawl that did not find a column cannot
// say how often it is updated (docs/measures.md §1). Without a scan (imports
// only) the row stays missing.
const Measure* UnitEvaluator::AbsentColumn(const std::string& name, const std::string& channel,
                                           const std::string& period) const {
  if (name.rfind("column.", 0) != 0 || !period.empty()) return nullptr;
  const size_t dot = name.rfind('.');
  if (dot <= 7) return nullptr;
  const std::string prefix = name.substr(0, dot + 1), fact = name.substr(dot + 1);
  const std::string column = prefix.substr(7, prefix.size() - 8);
  if (FindMeasureRow(prefix + "exists", channel, period)) return nullptr;
  const Measure* listed = FindMeasureRow("site.columns", channel, period);
  if (!listed || listed->value.type != MeasureValue::Type::kNumber) return nullptr;
  static const ColumnRules kRules = ColumnRules::NationalDefaults();
  const ColumnCategory* category = kRules.Categorize(column);
  if (category) {
    const std::string by = "category." + category->name + ".";
    if (FindMeasureRow(by + "exists", channel, period)) {
      const Measure* row = FindMeasureRow(by + fact, channel, period);
      if (!row) {
        not_found_[name] = "扫描没有栏目「" + column + "」，同类别「" + category->name +
                           "」的栏目没有 " + fact + " 这一测量值";
        return nullptr;
      }
      Measure m = *row;
      m.name = name;
      const std::string how =
          "扫描中没有名为「" + column + "」的栏目，按栏目类别「" + category->name + "」取值";
      m.source += "（" + how + "）";
      absent_.push_back(std::move(m));
      absent_notes_[&absent_.back()] = name + "：" + how;
      return &absent_.back();
    }
  }
  const std::string where = "扫描所列 " + listed->value.ToString() + " 个栏目中按名称「" + column +
                            "」" + (category ? "和类别「" + category->name + "」" : "") +
                            "均未找到该栏目";
  if (fact != "exists") {
    not_found_[name] = where + "，机器无法判断，由评审确认";
    return nullptr;
  }
  absent_.push_back({unit_.id, name, MeasureValue::Bool(false), listed->evidence, "", "",
                     listed->source + "（" + where + "）"});
  absent_notes_[&absent_.back()] = name + "：" + where;
  return &absent_.back();
}

void UnitEvaluator::NoteAbsent(const Measure* m, Outcome& o) const {
  if (auto it = absent_notes_.find(m); it != absent_notes_.end()) o.trace.push_back(it->second);
}

std::string UnitEvaluator::MissingText(const std::string& shown_name) const {
  auto it = not_found_.find(shown_name);
  return "缺少测量值 " + shown_name + (it == not_found_.end() ? "" : "（" + it->second + "）");
}

const Measure* UnitEvaluator::FindMeasureRow(const std::string& name, const std::string& channel,
                                             const std::string& period) const {
  auto unit_it = c_.measures.find(unit_.id);
  if (unit_it == c_.measures.end()) return nullptr;
  const Measure* fallback = nullptr;
  auto [b, e] = unit_it->second.equal_range(name);
  for (auto it = b; it != e; ++it) {
    const Measure* m = it->second;
    if (m->period != period) continue;
    if (!channel.empty() && m->channel == channel) return m;
    if (m->channel.empty() && !fallback) fallback = m;
  }
  return fallback;
}

const Judgment* UnitEvaluator::FindJudgment(const Ctx& ctx, const std::string& criterion) {
  const std::string& id = ctx.indicator->id;
  const Judgment* j = nullptr;
  if (!ctx.channel.empty()) {
    auto it = c_.judgments.find({unit_.id, id, criterion, ctx.channel});
    if (it != c_.judgments.end()) j = it->second;
  }
  if (!j) {
    auto it = c_.judgments.find({unit_.id, id, criterion, ""});
    if (it != c_.judgments.end()) j = it->second;
  }
  if (in_proposal_) return j;
  if (j && j->value == "confirm") return Propose(ctx, criterion, j);
  if (!j && proposing_) return Propose(ctx, criterion, nullptr);
  return j;
}

namespace {

// The coverage mark that governs part `criterion` of `ind` ("" = the leaf
// itself) and whether the part is a deduction/bonus item; nullptr when the
// part has none or is a veto. A criteria/adjustments leaf's own mark only
// serves as the default of its items.
const framework::Coverage* CoverageOf(const Indicator& ind, const std::string& criterion,
                                      bool& adjustment) {
  adjustment = false;
  if (!ind.rule) return nullptr;
  const Rule* rule = &*ind.rule;
  if (const auto* ch = std::get_if<framework::ChannelsRule>(&rule->body); ch && ch->inner)
    rule = ch->inner.get();
  const auto* cr = std::get_if<framework::CriteriaRule>(&rule->body);
  const auto* ar = std::get_if<framework::AdjustmentsRule>(&rule->body);
  if (criterion.empty()) return cr || ar || !ind.coverage ? nullptr : &*ind.coverage;
  if (cr)
    for (const framework::Criterion& c : cr->items)
      if (c.id == criterion)
        return c.coverage ? &*c.coverage : ind.coverage ? &*ind.coverage : nullptr;
  if (ar)
    for (const AdjustmentItem& a : ar->items)
      if (a.id == criterion) {
        adjustment = true;
        return a.coverage ? &*a.coverage : ind.coverage ? &*ind.coverage : nullptr;
      }
  return nullptr;
}

bool HasProposal(const framework::Coverage* c) {
  return c && c->mark == framework::Coverage::Mark::kAssisted &&
         (c->propose || c->propose_rule || !c->propose_count.empty() || !c->fill.empty());
}

// A mark whose measures are all site measures (none per channel) describes the
// website: inside a channels rule its proposal is made for the 网站 channel only,
// the other channels stay 待评 (docs/scoring.md "Proposals").
bool ProposesFor(const framework::Coverage& c, const std::string& channel) {
  if (channel.empty() || channel == "网站") return true;
  return std::any_of(c.measures.begin(), c.measures.end(),
                     [](const std::string& m) { return m.find("{channel}") != std::string::npos; });
}

// Whether any part of the leaf can be proposed (assisted with propose/fill).
bool LeafProposes(const Indicator& def) {
  if (HasProposal(def.coverage ? &*def.coverage : nullptr)) return true;
  if (!def.rule) return false;
  const Rule* rule = &*def.rule;
  if (const auto* ch = std::get_if<framework::ChannelsRule>(&rule->body); ch && ch->inner)
    rule = ch->inner.get();
  if (const auto* cr = std::get_if<framework::CriteriaRule>(&rule->body))
    for (const framework::Criterion& c : cr->items)
      if (HasProposal(c.coverage ? &*c.coverage : nullptr)) return true;
  if (const auto* ar = std::get_if<framework::AdjustmentsRule>(&rule->body))
    for (const AdjustmentItem& a : ar->items)
      if (HasProposal(a.coverage ? &*a.coverage : nullptr)) return true;
  return false;
}

}  // namespace

const Judgment* UnitEvaluator::Propose(const Ctx& ctx, const std::string& criterion,
                                       const Judgment* confirming) {
  bool adjustment = false;
  const framework::Coverage* cov = CoverageOf(*ctx.indicator, criterion, adjustment);
  if (!HasProposal(cov)) return nullptr;
  if (!ProposesFor(*cov, ctx.channel)) return nullptr;
  Judgment j;
  j.unit = unit_.id;
  j.indicator = ctx.indicator->id;
  j.criterion = criterion;
  j.channel = ctx.channel;
  Outcome o;
  Ctx pctx = ctx;
  pctx.criterion = criterion;
  in_proposal_ = true;
  bool decided = false;
  if (cov->propose) {
    Tri t = Eval(*cov->propose, pctx, o);
    if (t != Tri::kPending) {
      decided = true;
      j.value = adjustment ? (t == Tri::kTrue ? "yes" : "no") : (t == Tri::kTrue ? "met" : "unmet");
    }
  } else if (cov->propose_rule) {
    Outcome r = EvalRule(*cov->propose_rule, 1.0, pctx);
    if (r.pending < 1e-9) {
      decided = true;
      j.percent = std::clamp(r.points, 0.0, 1.0) * 100.0;
    }
    o.Append(r);
  } else if (!cov->propose_count.empty()) {
    if (std::optional<double> n = Numeric(cov->propose_count, pctx, o)) {
      decided = true;
      j.count = *n;
    }
  }
  in_proposal_ = false;
  if (!decided) return nullptr;  // the measure is missing too: stays 待评
  std::string shown = !j.value.empty() ? j.value
                      : j.percent      ? P(*j.percent) + "%"
                                       : P(j.count.value_or(0)) + " 次";
  std::string basis = o.trace.empty() ? std::string() : o.trace.back();
  std::string label = criterion.empty() ? ctx.indicator->id : criterion;
  if (!o.evidence.empty()) j.evidence = o.evidence.front();
  if (confirming) {
    j.reviewer = confirming->reviewer;
    j.time = confirming->time;
    j.source = confirming->source;
    j.note = "确认建议 " + shown + "（" + basis + "）";
  } else {
    j.reviewer = "govscore";
    j.source = "建议值";
    j.note = basis;
    proposal_notes_.push_back("建议 " + label + "：" + shown + "（" + basis + "），待确认");
    const bool seen = std::any_of(
        proposed_parts_.begin(), proposed_parts_.end(),
        [&](const ProposedPart& p) { return p.criterion == criterion && p.channel == j.channel; });
    if (!seen)
      proposed_parts_.push_back(
          {criterion, j.channel, j.value, j.percent, j.count, basis, o.evidence});
  }
  proposed_.push_back(std::move(j));
  return &proposed_.back();
}

// Share 0..1 a judgment gives; for deduction items the caller reads `count`.
std::optional<double> UnitEvaluator::JudgedShare(const Judgment& j, double weight,
                                                 bool deduction) const {
  if (j.points) {
    if (*j.points < 0 || *j.points > weight + 1e-9)
      throw Error("judged points " + P(*j.points) + " outside 0.." + P(weight), j.source);
    return weight > 0 ? *j.points / weight : 0;
  }
  if (j.percent) return *j.percent / 100.0;
  if (j.value == "met" || j.value == "yes") return deduction ? 0.0 : 1.0;
  if (j.value == "unmet" || j.value == "no") return deduction ? 1.0 : 0.0;
  if (j.value == "partial") throw Error("value 'partial' needs 'percent'", j.source);
  return std::nullopt;
}

std::optional<double> UnitEvaluator::Numeric(const MeasureRef& ref_in, const Ctx& ctx, Outcome& o) {
  MeasureRef ref = ref_in;  // the name as shown in traces: {channel} substituted
  ref.name = Shown(ref.name, ctx);
  const Measure* m = FindMeasure(ref_in.name, ctx.channel);
  if (!m) {
    o.trace.push_back(MissingText(ref.name));
    return std::nullopt;
  }
  NoteAbsent(m, o);
  o.evidence.insert(o.evidence.end(), m->evidence.begin(), m->evidence.end());
  const MeasureValue& v = m->value;
  switch (v.type) {
    case MeasureValue::Type::kNull:
      o.trace.push_back(ref.name + " = 无（按0计）");
      return 0.0;
    case MeasureValue::Type::kNumber:
      o.trace.push_back(ref.name + " = " + v.ToString());
      return v.number;
    case MeasureValue::Type::kBool:
      o.trace.push_back(ref.name + " = " + v.ToString());
      return v.flag ? 1.0 : 0.0;
    case MeasureValue::Type::kList: {
      std::vector<const ListItem*> items;
      for (const ListItem& item : v.items) items.push_back(&item);
      if (ref.sample > 0) {
        std::vector<std::string> ids;
        for (const ListItem& item : v.items) ids.push_back(item.id);
        std::vector<std::string> chosen =
            Draw(ids, static_cast<size_t>(ref.sample), c_.options.seed,
                 unit_.id + "\x1f" + ctx.indicator->id + "\x1f" + ref.name);
        std::sort(chosen.begin(), chosen.end());
        // total and passed of one ratio read the same list: one record per draw.
        bool recorded = std::any_of(samples_.begin(), samples_.end(), [&](const SampleRecord& r) {
          return r.indicator == ctx.indicator->id && r.population == ref.name && r.chosen == chosen;
        });
        if (!recorded) samples_.push_back({ctx.indicator->id, ref.name, chosen, v.items.size()});
        std::set<std::string> keep(chosen.begin(), chosen.end());
        std::erase_if(items, [&](const ListItem* i) { return !keep.count(i->id); });
        o.trace.push_back("抽查 " + std::to_string(items.size()) + "/" +
                          std::to_string(v.items.size()) + " 项（种子 " +
                          std::to_string(c_.options.seed) + "）");
      }
      bool has_values = std::any_of(items.begin(), items.end(),
                                    [](const ListItem* i) { return i->value.has_value(); });
      std::string agg =
          ref.agg.empty() ? (has_values && ref.sample > 0 ? "mean" : "count") : ref.agg;
      double result = 0;
      if (agg == "count") {
        std::set<std::string> distinct;
        for (const ListItem* i : items) distinct.insert(i->id);
        result = static_cast<double>(distinct.size());
      } else if (items.empty()) {
        result = 0;
      } else {
        std::vector<double> values;
        for (const ListItem* i : items) values.push_back(i->value.value_or(0));
        if (agg == "sum" || agg == "mean") {
          for (double x : values) result += x;
          if (agg == "mean") result /= static_cast<double>(values.size());
        } else if (agg == "min" || agg == "all") {
          result = *std::min_element(values.begin(), values.end());
          if (agg == "all") result = result > 0 ? 1 : 0;
        } else if (agg == "max" || agg == "any") {
          result = *std::max_element(values.begin(), values.end());
          if (agg == "any") result = result > 0 ? 1 : 0;
        }
      }
      for (const ListItem* i : items)
        o.evidence.insert(o.evidence.end(), i->evidence.begin(), i->evidence.end());
      o.trace.push_back(ref.name + "（" + agg + "）= " + P(result));
      return result;
    }
    case MeasureValue::Type::kDate:
    case MeasureValue::Type::kText:
      break;
  }
  throw Error("measure '" + ref.name + "' is " + v.ToString() + ", a number is needed here",
              m->source);
}

std::optional<double> UnitEvaluator::EventCount(const framework::EventFilter& f, const Ctx& ctx,
                                                Outcome& o) {
  if (!c_.inputs.has_events) {
    o.trace.push_back("未提供事件文件（" + f.type + "）");
    return std::nullopt;
  }
  double count = 0;
  auto it = c_.events.find(unit_.id);
  if (it != c_.events.end()) {
    for (const Event* e : it->second) {
      if (e->type != f.type) continue;
      if (!f.levels.empty() &&
          std::find(f.levels.begin(), f.levels.end(), e->level) == f.levels.end())
        continue;
      std::string channel = f.channel.empty() ? ctx.channel : f.channel;
      if (!channel.empty() && !e->channel.empty() && e->channel != channel) continue;
      if (!f.channel.empty() && e->channel != f.channel) continue;
      if (f.since && (!e->date || *e->date < *f.since)) continue;
      if (f.until && (!e->date || *e->date > *f.until)) continue;
      count += e->count;
      o.trace.push_back("事件 " + e->type + (e->level.empty() ? "" : "（" + e->level + "）") +
                        (e->date ? " " + e->date->ToString() : "") +
                        (e->count != 1 ? " ×" + P(e->count) : ""));
      if (!e->evidence.empty()) o.evidence.push_back(e->evidence);
    }
  }
  return count;
}

bool UnitEvaluator::DataContainsUnit(const std::string& key) const {
  auto it = c_.fw.data.find(key);
  if (it == c_.fw.data.end()) return false;
  nlohmann::json data = nlohmann::json::parse(it->second);
  auto matches = [&](const std::string& s) {
    if (s == unit_.id || s == unit_.name) return true;
    return std::find(unit_.aliases.begin(), unit_.aliases.end(), s) != unit_.aliases.end();
  };
  if (data.is_object()) {
    for (const auto& [k, v] : data.items())
      if (matches(k)) return true;
    return false;
  }
  if (data.is_array()) {
    for (const auto& item : data) {
      if (item.is_string() && matches(item.get<std::string>())) return true;
      if (item.is_object())
        for (const char* field : {"unit", "id", "name"})
          if (item.contains(field) && item[field].is_string() &&
              matches(item[field].get<std::string>()))
            return true;
    }
  }
  return false;
}

Tri UnitEvaluator::Eval(const Condition& cond, const Ctx& ctx, Outcome& o) {
  using K = Condition::Kind;
  switch (cond.kind) {
    case K::kAll:
    case K::kAny: {
      bool pending = false;
      for (const Condition& child : cond.children) {
        Tri t = Eval(child, ctx, o);
        if (t == Tri::kPending) pending = true;
        if (cond.kind == K::kAll && t == Tri::kFalse) return Tri::kFalse;
        if (cond.kind == K::kAny && t == Tri::kTrue) return Tri::kTrue;
      }
      if (pending) return Tri::kPending;
      return cond.kind == K::kAll ? Tri::kTrue : Tri::kFalse;
    }
    case K::kNot: {
      Tri t = Eval(cond.children.at(0), ctx, o);
      return t == Tri::kPending ? t : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
    }
    case K::kData: {
      bool in = DataContainsUnit(cond.data_key);
      o.trace.push_back(std::string(in ? "列入" : "未列入") + " " + cond.data_key);
      return in == cond.contains_unit ? Tri::kTrue : Tri::kFalse;
    }
    case K::kPart:
      throw Error("part conditions are only allowed in result gates", cond.where.ToString());
    case K::kCompare:
      break;
  }
  const Measure* m = FindMeasure(cond.measure.name, ctx.channel);
  if (!m) {
    // Presence tests answer "is it there": no row means not there — unless the
    // row is a fact of a column the scan did not find (it cannot tell).
    if ((cond.op == "exists" || cond.op == "missing") &&
        !not_found_.count(Shown(cond.measure.name, ctx))) {
      o.trace.push_back(Shown(cond.measure.name, ctx) + " 无记录，条件 " + cond.op +
                        (cond.op == "missing" ? " 成立" : " 不成立"));
      return cond.op == "missing" ? Tri::kTrue : Tri::kFalse;
    }
    o.trace.push_back(MissingText(Shown(cond.measure.name, ctx)));
    return Tri::kPending;
  }
  NoteAbsent(m, o);
  o.evidence.insert(o.evidence.end(), m->evidence.begin(), m->evidence.end());
  const MeasureValue& v = m->value;
  const std::string& op = cond.op;
  auto record = [&](bool result) {
    o.trace.push_back(Shown(cond.measure.name, ctx) + " = " + v.ToString() + "，条件 " + op +
                      (std::holds_alternative<std::monostate>(cond.value)
                           ? std::string()
                           : " " + std::visit(
                                       [](const auto& lit) -> std::string {
                                         using T = std::decay_t<decltype(lit)>;
                                         if constexpr (std::is_same_v<T, double>) return P(lit);
                                         if constexpr (std::is_same_v<T, bool>)
                                           return lit ? "true" : "false";
                                         if constexpr (std::is_same_v<T, Date>)
                                           return lit.ToString();
                                         if constexpr (std::is_same_v<T, std::string>) return lit;
                                         return "";
                                       },
                                       cond.value)) +
                      (result ? " 成立" : " 不成立"));
    return result ? Tri::kTrue : Tri::kFalse;
  };
  if (op == "exists") return record(!v.IsAbsent());
  if (op == "missing") return record(v.IsAbsent());
  if (op == "within" || op == "before") {
    if (v.type == MeasureValue::Type::kNull) return record(false);
    if (v.type != MeasureValue::Type::kDate)
      throw Error("measure '" + cond.measure.name + "' must be a date for '" + op + "'", m->source);
    if (op == "before") return record(v.date < std::get<Date>(cond.value));
    if (!c_.as_of) {
      o.trace.push_back("未给出监测时间点（--as-of），无法判断 " + cond.measure.name);
      return Tri::kPending;
    }
    auto window = framework::TimeWindow::Parse(std::get<std::string>(cond.value));
    Date start = *c_.as_of;
    using U = framework::TimeWindow::Unit;
    switch (window->unit) {
      case U::kDays:
        start = start.AddDays(-window->count);
        break;
      case U::kWeeks:
        start = start.AddDays(-7L * window->count);
        break;
      case U::kMonths:
        start = start.AddMonths(-window->count);
        break;
      case U::kYears:
        start = start.AddYears(-window->count);
        break;
      case U::kWorkdays:
        start = c_.calendar->SubtractWorkdays(start, window->count);
        break;
    }
    return record(v.date >= start && v.date <= *c_.as_of);
  }
  // Comparison ops.
  const framework::Literal& lit = cond.value;
  int cmp = 0;
  if (const Date* d = std::get_if<Date>(&lit)) {
    if (v.type == MeasureValue::Type::kNull) return record(false);
    if (v.type != MeasureValue::Type::kDate)
      throw Error("measure '" + cond.measure.name + "' is not a date", m->source);
    cmp = v.date < *d ? -1 : (v.date == *d ? 0 : 1);
  } else if (const std::string* s = std::get_if<std::string>(&lit)) {
    std::string text = v.type == MeasureValue::Type::kText ? v.text : v.ToString();
    cmp = text.compare(*s) < 0 ? -1 : (text == *s ? 0 : 1);
  } else {
    double rhs = 0;
    if (const bool* b = std::get_if<bool>(&lit)) rhs = *b ? 1 : 0;
    if (const double* n = std::get_if<double>(&lit)) rhs = *n;
    Outcome scratch;
    std::optional<double> lhs = Numeric(cond.measure, ctx, scratch);
    if (!lhs) return Tri::kPending;
    cmp = *lhs < rhs - 1e-9 ? -1 : (*lhs > rhs + 1e-9 ? 1 : 0);
  }
  bool result = op == ">="   ? cmp >= 0
                : op == ">"  ? cmp > 0
                : op == "<=" ? cmp <= 0
                : op == "<"  ? cmp < 0
                : op == "==" ? cmp == 0
                             : cmp != 0;
  return record(result);
}

// ---------------------------------------------------------------- rules

Outcome UnitEvaluator::FromShare(std::optional<double> share, double weight,
                                 const std::string& what) {
  Outcome o;
  if (!share) return Outcome::Pending(weight, "待评：" + what);
  double s = std::clamp(*share, 0.0, 1.0);
  o.points = weight * s;
  return o;
}

Outcome UnitEvaluator::EvalRule(const Rule& rule, double weight, const Ctx& ctx) {
  return std::visit(
      [&](const auto& body) -> Outcome {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, framework::CriteriaRule>) {
          return EvalCriteria(body, weight, ctx);
        } else if constexpr (std::is_same_v<T, framework::TiersRule>) {
          Outcome o;
          std::optional<double> v = Numeric(body.tiers.measure, ctx, o);
          if (!v) return Outcome::Pending(weight, o.trace.back());
          const framework::Band* hit = FindBand(body.tiers.bands, *v);
          double earned = 0;
          std::string where;
          if (hit) {
            earned = hit->is_points ? hit->amount : weight * hit->amount / 100.0;
            where = "[" + (hit->min ? P(*hit->min) : "-∞") + ", " +
                    (hit->max ? P(*hit->max) : "∞") + ") 档，" +
                    (hit->is_points ? "得" + P(hit->amount) + "分" : "得" + P(hit->amount) + "%");
          } else {
            bool points_table = !body.tiers.bands.empty() && body.tiers.bands[0].is_points;
            earned =
                points_table ? body.tiers.else_amount : weight * body.tiers.else_amount / 100.0;
            where = "不在任何档内，得" + P(body.tiers.else_amount) + (points_table ? "分" : "%");
          }
          o.points = std::clamp(earned, 0.0, weight);
          o.trace.push_back(Shown(body.tiers.measure.name, ctx) + " = " + P(*v) + "，" + where);
          if (o.points < weight - 1e-9)
            o.reasons.push_back(Shown(body.tiers.measure.name, ctx) + " = " + P(*v) + "，" + where +
                                "（−" + P(weight - o.points) + "分）");
          return o;
        } else if constexpr (std::is_same_v<T, framework::IncrementRule>) {
          Outcome o;
          std::optional<double> v = Numeric(body.measure, ctx, o);
          if (!v) return Outcome::Pending(weight, o.trace.back());
          double pct = *v < body.from - 1e-9
                           ? body.below
                           : std::min(body.max, body.base + body.step * (*v - body.from));
          o.points = std::clamp(weight * pct / 100.0, 0.0, weight);
          std::string line = Shown(body.measure.name, ctx) + " = " + P(*v) + "，得" + P(pct) + "%";
          o.trace.push_back(line);
          if (o.points < weight - 1e-9)
            o.reasons.push_back(line + "（−" + P(weight - o.points) + "分）");
          return o;
        } else if constexpr (std::is_same_v<T, framework::AdjustmentsRule>) {
          return EvalAdjustments(body.items, body.bonus, body.cap, weight, ctx);
        } else if constexpr (std::is_same_v<T, framework::RatioRule>) {
          Outcome o;
          std::optional<double> n = Numeric(body.total, ctx, o);
          const MeasureRef& other = body.failed.empty() ? body.passed : body.failed;
          std::optional<double> k = Numeric(other, ctx, o);
          if (!n || !k) return Outcome::Pending(weight, o.trace.back());
          double failed = body.failed.empty() ? *n - *k : *k;
          if (*n <= 0) {
            if (!body.empty_percent) return Outcome::Pending(weight, "N = 0，比例无法计算");
            o.points = weight * *body.empty_percent / 100.0;
            o.trace.push_back("N = 0，按 " + P(*body.empty_percent) + "%");
            return o;
          }
          double share = std::clamp((*n - failed) / *n, 0.0, 1.0);
          o.points = weight * share;
          std::string line = "权重×(N−M)/N = " + P(weight) + "×(" + P(*n) + "−" + P(failed) + ")/" +
                             P(*n) + " = " + P(o.points);
          o.trace.push_back(line);
          if (failed > 0)
            o.reasons.push_back(P(failed) + "/" + P(*n) + " 项不合格（−" + P(weight - o.points) +
                                "分）");
          return o;
        } else if constexpr (std::is_same_v<T, framework::AverageRule>) {
          Outcome o;
          double sum = 0;
          int known = 0, missing = 0;
          for (const std::string& period : body.periods) {
            const Measure* m = FindMeasure(body.measure.name, ctx.channel, period);
            if (!m) {
              ++missing;
              o.trace.push_back(period + "：缺少 " + body.measure.name);
              continue;
            }
            double x = 0;
            if (m->value.type == MeasureValue::Type::kBool)
              x = m->value.flag ? 1 : 0;
            else if (m->value.type == MeasureValue::Type::kNumber)
              x = m->value.number <= 1 ? m->value.number : m->value.number / 100.0;
            else if (m->value.type != MeasureValue::Type::kNull)
              throw Error("measure '" + body.measure.name + "' must be bool or number", m->source);
            sum += x;
            ++known;
            o.trace.push_back(period + "：" + m->value.ToString());
            if (x < 1)
              o.reasons.push_back(period + " " + Shown(body.measure.name, ctx) + " = " +
                                  m->value.ToString());
            o.evidence.insert(o.evidence.end(), m->evidence.begin(), m->evidence.end());
          }
          double n = static_cast<double>(body.periods.size());
          if (body.missing == "skip") {
            if (known == 0) return Outcome::Pending(weight, "没有任何时段的测量值");
            o.points = weight * sum / known;
          } else {
            o.points = weight * sum / n;
            if (body.missing == "pending") o.pending = weight * missing / n;
          }
          o.trace.push_back("平均 = " + P(sum) + "/" + P(body.missing == "skip" ? known : n));
          return o;
        } else if constexpr (std::is_same_v<T, framework::BenchmarkRule>) {
          Outcome o;
          std::optional<double> v = Numeric(body.measure, ctx, o);
          if (!v) return Outcome::Pending(weight, o.trace.back());
          double best = 0;
          std::string best_unit;
          for (const Unit* other : c_.scored_units) {
            if (body.scope == "kind" && other->kind != unit_.kind) continue;
            UnitEvaluator peer(c_, *other, key_, channel_);
            peer.fill_ = fill_;  // a proposed (filled) value is compared with the peers' own
            Outcome scratch;
            std::optional<double> x = peer.Numeric(body.measure, ctx, scratch);
            if (x && (best_unit.empty() || *x > best)) {
              best = *x;
              best_unit = other->name;
            }
          }
          double share = best > 0 ? std::clamp(*v / best, 0.0, 1.0) : 0;
          o.points = weight * share;
          std::string line = "标杆法：" + P(*v) + "/" + P(best) + "（标杆 " + best_unit + "）";
          o.trace.push_back(line);
          if (share < 1) o.reasons.push_back(line + "（−" + P(weight - o.points) + "分）");
          return o;
        } else if constexpr (std::is_same_v<T, framework::ResponseTimeRule>) {
          Outcome o;
          std::optional<double> days;
          if (!body.measure.empty()) {
            days = Numeric(body.measure, ctx, o);
            if (!days) return Outcome::Pending(weight, o.trace.back());
            const Measure* m = FindMeasure(body.measure.name, ctx.channel);
            if (m && m->value.type == MeasureValue::Type::kNull) days.reset();  // never answered
          } else {
            const Measure* from = FindMeasure(body.from.name, ctx.channel);
            const Measure* to = FindMeasure(body.to.name, ctx.channel);
            if (!from || !to) return Outcome::Pending(weight, "缺少咨询/答复日期");
            if (from->value.type != MeasureValue::Type::kDate)
              throw Error("measure '" + body.from.name + "' must be a date", from->source);
            if (to->value.type == MeasureValue::Type::kDate) {
              days = body.working_days
                         ? static_cast<double>(
                               c_.calendar->WorkdaysBetween(from->value.date, to->value.date))
                         : static_cast<double>(from->value.date.DaysUntil(to->value.date));
              o.trace.push_back(from->value.date.ToString() + " → " + to->value.date.ToString());
            }
          }
          double pct = body.else_percent;
          if (days) {
            for (const framework::ResponseWindow& w : body.windows)
              if (*days <= w.within + 1e-9) {
                pct = w.percent;
                break;
              }
          }
          o.points = std::clamp(weight * pct / 100.0, 0.0, weight);
          std::string line = days ? "用时 " + P(*days) + (body.working_days ? " 个工作日" : " 天") +
                                        "，得" + P(pct) + "%"
                                  : "未答复，得" + P(pct) + "%";
          o.trace.push_back(line);
          if (o.points < weight - 1e-9)
            o.reasons.push_back(line + "（−" + P(weight - o.points) + "分）");
          return o;
        } else if constexpr (std::is_same_v<T, framework::PassFailRule>) {
          if (body.check) {
            Outcome o;
            Tri t = Eval(*body.check, ctx, o);
            if (t == Tri::kPending) {
              Outcome p = Outcome::Pending(weight, "待评：条件缺少测量值");
              p.Append(o);
              return p;
            }
            o.points = t == Tri::kTrue ? weight : 0;
            if (t == Tri::kFalse)
              o.reasons.push_back("未达到：" + o.trace.back() + "（−" + P(weight) + "分）");
            return o;
          }
          const Judgment* j = FindJudgment(ctx, ctx.criterion);
          Outcome o = FromShare(j ? JudgedShare(*j, weight, false) : std::nullopt, weight,
                                "需要人工评分（达到/未达到）");
          if (j) {
            NoteJudgment(*j, o);
            if (o.points < weight - 1e-9)
              o.reasons.push_back("人工评分：未达到" +
                                  (j->note.empty() ? "" : "（" + j->note + "）") + "（−" +
                                  P(weight - o.points) + "分）");
          }
          return o;
        } else if constexpr (std::is_same_v<T, framework::JudgmentRule>) {
          const Judgment* j = FindJudgment(ctx, ctx.criterion);
          if (!j) return Outcome::Pending(weight, "待评：需要人工评分");
          double max = body.max ? std::min(*body.max, weight) : weight;
          if (j->points && (*j->points < body.min.value_or(0) - 1e-9 || *j->points > max + 1e-9))
            throw Error("judged points " + P(*j->points) + " outside " + P(body.min.value_or(0)) +
                            ".." + P(max),
                        j->source);
          Outcome o = FromShare(JudgedShare(*j, weight, false), weight, "需要人工评分");
          NoteJudgment(*j, o);
          if (o.points < weight - 1e-9)
            o.reasons.push_back("人工评分 " + P(o.points) + "/" + P(weight) +
                                (j->note.empty() ? "" : "：" + j->note));
          return o;
        } else if constexpr (std::is_same_v<T, framework::ChannelsRule>) {
          return EvalChannels(body, weight, ctx);
        }
      },
      rule.body);
}

Outcome UnitEvaluator::EvalCriteria(const framework::CriteriaRule& r, double weight,
                                    const Ctx& ctx) {
  Outcome o;
  double total = r.percent_total.value_or(100);
  double active = 0, all = 0;
  for (const framework::Criterion& item : r.items) {
    all += item.percent;
    if (item.kinds.empty() ||
        std::find(item.kinds.begin(), item.kinds.end(), unit_.kind) != item.kinds.end())
      active += item.percent;
  }
  double factor = (active < all - 1e-9 && active > 0) ? total / active : 1.0;
  const Judgment* whole = FindJudgment(ctx, ctx.criterion);
  for (const framework::Criterion& item : r.items) {
    if (!item.kinds.empty() &&
        std::find(item.kinds.begin(), item.kinds.end(), unit_.kind) == item.kinds.end())
      continue;
    double item_weight = weight * item.percent / 100.0 * factor;
    Ctx item_ctx = ctx;
    item_ctx.criterion = item.id;
    Outcome part;
    if (item.check) {
      Tri t = Eval(*item.check, item_ctx, part);
      if (t == Tri::kPending) {
        part.pending = item_weight;
      } else {
        part.points = t == Tri::kTrue ? item_weight : 0;
      }
    } else if (item.rule) {
      part = EvalRule(*item.rule, item_weight, item_ctx);
    } else {
      const Judgment* j = FindJudgment(ctx, item.id);
      if (!j) j = whole;
      part = FromShare(j ? JudgedShare(*j, item_weight, false) : std::nullopt, item_weight,
                       item.id + " 需要人工评分");
      if (j) {
        NoteJudgment(*j, part);
      }
    }
    ApplyVetoes(*ctx.indicator, item.vetoes, part, item_weight);
    double lost = item_weight - part.points - part.pending;
    std::string label = item.id + (item.text.empty() ? "" : " " + item.text);
    o.trace.push_back(label + "：" + P(part.points) + "/" + P(item_weight) +
                      (part.pending > 0 ? "（待评 " + P(part.pending) + "）" : ""));
    if (lost > 1e-9 && part.reasons.empty())
      part.reasons.push_back((part.points > 1e-9 ? "部分达到：" : "未达到：") + label + "（−" +
                             P(lost) + "分）");
    o.points += part.points;
    o.pending += part.pending;
    o.Append(part);
  }
  return o;
}

Outcome UnitEvaluator::EvalAdjustments(const std::vector<AdjustmentItem>& items, bool bonus,
                                       std::optional<double> cap_in, double weight,
                                       const Ctx& ctx) {
  Outcome o;
  double known = 0, at_stake = 0;
  const Judgment* whole = FindJudgment(ctx, ctx.criterion);
  bool whole_closes = whole && (whole->value == "met" || (whole->count && *whole->count == 0));
  for (const AdjustmentItem& item : items) {
    if (!item.kinds.empty() &&
        std::find(item.kinds.begin(), item.kinds.end(), unit_.kind) == item.kinds.end())
      continue;
    double each = item.points ? *item.points : weight * item.percent_of_weight.value_or(0) / 100.0;
    std::optional<double> amount;
    std::string label = item.id + (item.text.empty() ? "" : " " + item.text);
    Outcome part;
    switch (item.source) {
      case AdjustmentItem::Source::kPer: {
        std::optional<double> count;
        if (item.per.events) {
          count = EventCount(*item.per.events, ctx, part);
        } else {
          const Measure* m = FindMeasure(item.per.measure.name, ctx.channel);
          if (m && m->value.type == MeasureValue::Type::kList &&
              !item.per.skip_charged_by.empty()) {
            std::set<std::string> skip;
            for (const std::string& other : item.per.skip_charged_by) {
              std::set<std::string> ids = FindingsChargedBy(other);
              skip.insert(ids.begin(), ids.end());
            }
            std::set<std::string> counted;
            for (const ListItem& li : m->value.items) {
              if (skip.count(li.id)) {
                part.trace.push_back("不重复扣分：" + li.id + " 已在其他指标扣分");
                continue;
              }
              counted.insert(li.id);
            }
            part.charged.assign(counted.begin(), counted.end());
            count = static_cast<double>(counted.size());
            part.trace.push_back(Shown(item.per.measure.name, ctx) + " 计 " + P(*count) + " 处");
          } else {
            count = Numeric(item.per.measure, ctx, part);
            if (m && m->value.type == MeasureValue::Type::kList)
              for (const ListItem& li : m->value.items) part.charged.push_back(li.id);
          }
        }
        if (count) {
          amount = *count * each;
          if (*count > 0) part.trace.push_back(label + "：" + P(*count) + " 次 × " + P(each));
        }
        break;
      }
      case AdjustmentItem::Source::kWhen: {
        Tri t = Eval(*item.when, ctx, part);
        if (t != Tri::kPending) amount = t == Tri::kTrue ? each : 0;
        break;
      }
      case AdjustmentItem::Source::kTiers: {
        std::optional<double> v = Numeric(item.tiers.measure, ctx, part);
        if (v) {
          const framework::Band* hit = FindBand(item.tiers.bands, *v);
          amount = hit ? hit->amount : item.tiers.else_amount;
        }
        break;
      }
      case AdjustmentItem::Source::kJudged: {
        const Judgment* j = FindJudgment(ctx, item.id);
        if (j) {
          if (j->count) {
            amount = *j->count * each;
          } else if (j->points) {
            amount = *j->points;
          } else if (j->value == "yes" || j->value == (bonus ? "met" : "unmet")) {
            amount = each;
          } else if (j->value == "no" || j->value == (bonus ? "unmet" : "met")) {
            amount = 0;
          } else if (j->percent) {
            amount = each * *j->percent / 100.0;
          }
          NoteJudgment(*j, part);
        } else if (whole_closes) {
          amount = 0;
        }
        break;
      }
    }
    if (amount && item.max) amount = std::min(*amount, *item.max);
    if (!amount) {
      double possible = item.max ? *item.max
                        : item.source == AdjustmentItem::Source::kWhen ||
                                (item.source == AdjustmentItem::Source::kJudged && item.points)
                            ? each
                            : weight;
      at_stake += possible;
      part.trace.push_back("待评：" + label);
    } else {
      known += *amount;
      if (*amount > 1e-9)
        part.reasons.push_back(std::string(bonus ? "加分：" : "扣分：") + label + "（" +
                               (bonus ? "+" : "−") + P(*amount) + "分）");
    }
    o.Append(part);
  }
  double cap = cap_in.value_or(weight);
  double applied = std::min(known, cap);
  if (known > cap + 1e-9)
    o.reasons.push_back(std::string(bonus ? "加分" : "扣分") + "合计 " + P(known) + "，累计最高 " +
                        P(cap) + "分");
  double open = std::min(at_stake, cap - applied);
  if (bonus) {
    o.points = std::min(applied, weight);
    o.pending = std::min(open, weight - o.points);
  } else {
    double earned = std::max(0.0, weight - applied);
    o.pending = std::min(open, earned);
    o.points = earned - o.pending;
  }
  return o;
}

Outcome UnitEvaluator::EvalChannels(const framework::ChannelsRule& r, double weight,
                                    const Ctx& ctx) {
  Outcome o;
  if (!unit_.channels_known)
    return Outcome::Pending(weight, "待评：units.csv 没有 channels 列，不知道开设了哪些渠道");
  std::vector<std::string> present;
  for (const std::string& ch : r.over)
    if (std::find(unit_.channels.begin(), unit_.channels.end(), ch) != unit_.channels.end())
      present.push_back(ch);
  if (present.empty()) {
    o.reasons.push_back("未开设渠道（" + std::to_string(r.over.size()) + "个考核渠道均未开设）（−" +
                        P(weight) + "分）");
    return o;
  }
  double wsum = 0;
  for (const std::string& ch : present)
    wsum += r.weights.empty() ? 1.0 : (r.weights.count(ch) ? r.weights.at(ch) : 0.0);
  double min_share = 1;
  bool any_pending = false;
  for (const std::string& ch : present) {
    Ctx ch_ctx = ctx;
    ch_ctx.channel = ch;
    Outcome part = EvalRule(*r.inner, weight, ch_ctx);
    double share = weight > 0 ? part.points / weight : 0;
    double pshare = weight > 0 ? part.pending / weight : 0;
    if (part.pending > 1e-9)
      any_pending = true;
    else
      min_share = std::min(min_share, share);
    double w = r.weights.empty() ? 1.0 : (r.weights.count(ch) ? r.weights.at(ch) : 0.0);
    if (r.klass == "B") {
      o.points += weight * share * w / wsum;
      o.pending += weight * pshare * w / wsum;
    }
    o.trace.push_back("[" + ch + "] " + P(part.points) + "/" + P(weight) +
                      (r.klass == "B" ? "，权重 " + P(100 * w / wsum) + "%" : ""));
    for (std::string& reason : part.reasons) reason = "[" + ch + "] " + reason;
    for (std::string& t : part.trace) t = "[" + ch + "] " + t;
    o.Append(part);
    if (r.klass == "C") {
      o.points = part.points;
      o.pending = part.pending;
    }
  }
  if (r.klass == "A") {
    if (any_pending && min_share > 0) {
      o.pending = weight * min_share;
    } else {
      o.points = weight * min_share;
    }
    o.trace.push_back("A类：取各渠道最低");
  }
  return o;
}

std::set<std::string> UnitEvaluator::FindingsChargedBy(const std::string& indicator_id) {
  std::set<std::string> ids;
  const Indicator* ind = c_.fw.Find(indicator_id);
  if (!ind) return ids;
  std::vector<const AdjustmentItem*> items;
  for (const AdjustmentItem& item : ind->deduct) items.push_back(&item);
  if (ind->rule)
    if (const auto* adj = std::get_if<framework::AdjustmentsRule>(&ind->rule->body))
      for (const AdjustmentItem& item : adj->items) items.push_back(&item);
  // A veto that fired on a column measure (column.<栏目>.…) has charged that column.
  std::function<void(const Condition&, std::set<std::string>&)> columns =
      [&](const Condition& cond, std::set<std::string>& out) {
        for (const Condition& child : cond.children) columns(child, out);
        const std::string& name = cond.measure.name;
        if (name.rfind("column.", 0) == 0) {
          size_t end = name.find('.', 7);
          if (end != std::string::npos) out.insert(name.substr(7, end - 7));
        }
      };
  for (const framework::Veto& v : ind->vetoes) {
    if (!v.when) continue;
    Outcome scratch;
    Ctx ctx{ind, v.id, channel_};
    if (Eval(*v.when, ctx, scratch) == Tri::kTrue) columns(*v.when, ids);
  }
  for (const AdjustmentItem* item : items) {
    if (item->source != AdjustmentItem::Source::kPer || item->per.measure.empty()) continue;
    const Measure* m = FindMeasure(item->per.measure.name, channel_);
    if (m && m->value.type == MeasureValue::Type::kList)
      for (const ListItem& li : m->value.items) ids.insert(li.id);
  }
  return ids;
}

// ---------------------------------------------------------------- tree

Node UnitEvaluator::Build(const Indicator& def) {
  Node node;
  node.def = &def;
  node.exists = def.ExistsFor(key_);
  IndicatorScore& s = node.score;
  s.id = def.id;
  s.name = def.name;
  s.level = def.level;
  s.polarity = def.polarity;
  s.assumption = def.assumption;
  if (def.rule) s.rule = def.rule->type;
  for (const Indicator& child : def.children) node.children.push_back(Build(child));
  if (node.exists) {
    if (def.is_leaf()) {
      node.weight = def.DeclaredWeight(key_).value_or(0);
    } else {
      std::optional<double> declared = def.DeclaredWeight(key_);
      double sum = 0;
      for (const Node& child : node.children)
        if (child.exists) sum += child.weight;
      node.weight =
          declared && def.not_applicable.mode == NotApplicable::Mode::kNormalise ? *declared : sum;
    }
  } else {
    node.na = true;
    node.na_reason = "该类对象/渠道不考核此项";
  }
  s.base_weight = node.weight;
  return node;
}

void UnitEvaluator::MarkNotApplicable(Node& node) {
  const Indicator& def = *node.def;
  if (!node.na) {
    auto it = c_.na.find({unit_.id, def.id});
    if (it != c_.na.end()) {
      if (def.not_applicable.mode == NotApplicable::Mode::kForbidden)
        throw Error("indicator '" + def.id + "' may not be declared not applicable",
                    it->second->source);
      node.na = true;
      node.na_reason = it->second->reason.empty() ? "声明不适用" : it->second->reason;
      if (!it->second->evidence.empty()) node.score.evidence.push_back(it->second->evidence);
    } else if (def.applicable_when) {
      Outcome scratch;
      Ctx ctx{&def, "", channel_};
      Tri t = Eval(*def.applicable_when, ctx, scratch);
      if (t == Tri::kFalse) {
        node.na = true;
        node.na_reason =
            "不适用：" + (scratch.trace.empty() ? std::string() : scratch.trace.back());
      } else if (t == Tri::kPending) {
        node.score.trace.push_back("适用条件待定，按适用处理");
      }
    }
  }
  if (def.sample_children > 0 && !node.na) {
    std::vector<std::string> ids;
    for (const Node& child : node.children)
      if (!child.na) ids.push_back(child.def->id);
    std::string scope = def.id + (def.sample_per_campaign ? "" : "\x1f" + unit_.id);
    std::vector<std::string> chosen =
        Draw(ids, static_cast<size_t>(def.sample_children), c_.options.seed, scope);
    std::set<std::string> keep(chosen.begin(), chosen.end());
    std::vector<std::string> ordered;
    for (Node& child : node.children) {
      if (child.na) continue;
      if (keep.count(child.def->id)) {
        ordered.push_back(child.def->id);
      } else {
        child.na = true;
        child.not_sampled = true;
        child.na_reason = "未抽中";
      }
    }
    samples_.push_back({def.id, "children", ordered, ids.size()});
  }
  for (Node& child : node.children) {
    if (node.na && !child.na) {
      child.na = true;
      child.na_reason = "上级指标不适用";
    }
    MarkNotApplicable(child);
  }
}

void UnitEvaluator::AddWeight(Node& node, double w) {
  node.weight += w;
  if (node.children.empty()) return;
  std::vector<Node*> targets;
  for (Node& child : node.children)
    if (!child.na) targets.push_back(&child);
  for (Node* t : targets) AddWeight(*t, w / static_cast<double>(targets.size()));
}

void UnitEvaluator::Redistribute(std::vector<Node>& roots) {
  // Pre-order over the tree, in file order; a not-applicable node with
  // `redistribute` gives its original weight to the first target list that has
  // applicable members.
  std::vector<std::pair<Node*, std::vector<Node>*>> order;
  std::function<void(std::vector<Node>&)> collect = [&](std::vector<Node>& nodes) {
    for (Node& n : nodes) {
      order.push_back({&n, &nodes});
      collect(n.children);
    }
  };
  collect(roots);
  for (auto& [node, siblings] : order) {
    const NotApplicable& na = node->def->not_applicable;
    if (!node->na || node->not_sampled || !node->exists ||
        na.mode != NotApplicable::Mode::kRedistribute)
      continue;
    if (node->parent && node->parent->na) continue;  // the whole group is gone
    double w = node->score.base_weight;
    for (const std::string& target : na.targets) {
      std::vector<Node*> members;
      if (target == "siblings") {
        for (Node& s : *siblings)
          if (&s != node && !s.na) members.push_back(&s);
      } else {
        std::function<Node*(std::vector<Node>&)> find = [&](std::vector<Node>& nodes) -> Node* {
          for (Node& n : nodes) {
            if (n.def->id == target) return &n;
            if (Node* f = find(n.children)) return f;
          }
          return nullptr;
        };
        if (Node* group = find(roots))
          for (Node& child : group->children)
            if (!child.na) members.push_back(&child);
      }
      if (members.empty()) continue;
      for (Node* m : members) AddWeight(*m, w / static_cast<double>(members.size()));
      node->score.trace.push_back("权重 " + P(w) + " 平均分配给 " +
                                  (target == "siblings" ? std::string("同级指标") : target) + "（" +
                                  std::to_string(members.size()) + "项）");
      break;
    }
  }
}

void UnitEvaluator::ApplyVetoes(const Indicator& ind, const std::vector<framework::Veto>& vetoes,
                                Outcome& o, double weight) {
  for (const framework::Veto& v : vetoes) {
    Ctx ctx{&ind, v.id, channel_};
    Tri t = Tri::kFalse;
    if (v.when) {
      t = Eval(*v.when, ctx, o);
    } else if (const Judgment* j = FindJudgment(ctx, v.id)) {
      t = (j->value == "yes" || j->value == "unmet") ? Tri::kTrue : Tri::kFalse;
      NoteJudgment(*j, o);
    } else if (v.judged_required) {
      t = Tri::kPending;
    }
    if (t == Tri::kTrue) {
      o.reasons.clear();
      o.reasons.push_back("否决：" + v.text + "（该项不得分，−" + P(weight) + "分）");
      o.points = 0;
      o.pending = 0;
      return;
    }
    if (t == Tri::kPending) {
      o.trace.push_back("否决项待定：" + v.text);
      o.pending += o.points;
      o.points = 0;
    }
  }
}

bool UniformPolarity(const Indicator& def) {
  for (const Indicator& child : def.children)
    if (child.polarity != def.polarity || !UniformPolarity(child)) return false;
  return true;
}

void SetParents(Node& node) {
  for (Node& child : node.children) {
    child.parent = &node;
    SetParents(child);
  }
}

void MarkAllNotApplicable(Node& node, ScoreStatus status) {
  node.weight = 0;
  node.score.status = status;
  for (Node& child : node.children) {
    if (child.na_reason.empty()) child.na_reason = node.na_reason;
    MarkAllNotApplicable(child, child.not_sampled ? ScoreStatus::kNotSampled : status);
  }
}

// Fills score fields of a leaf from its rule outcome (points of `weight` earned).
void FillLeaf(Node& node, Outcome& o) {
  IndicatorScore& s = node.score;
  s.weight = node.weight;
  double earned = o.points;
  s.pending = o.pending;
  double lost = std::max(0.0, node.weight - earned - s.pending);
  switch (node.def->polarity) {
    case Polarity::kPenalty:
      s.points = -lost;
      s.lost = lost;
      break;
    case Polarity::kBonus:
      s.points = earned;
      s.lost = 0;
      break;
    case Polarity::kNormal:
      s.points = earned;
      s.lost = lost;
      break;
  }
  s.reasons = std::move(o.reasons);
  s.trace.insert(s.trace.end(), o.trace.begin(), o.trace.end());
  s.evidence.insert(s.evidence.end(), o.evidence.begin(), o.evidence.end());
  std::sort(s.evidence.begin(), s.evidence.end());
  s.evidence.erase(std::unique(s.evidence.begin(), s.evidence.end()), s.evidence.end());
  s.charged = std::move(o.charged);
  if (node.weight > 0 && s.pending >= node.weight - 1e-9 && earned < 1e-9) {
    s.status = ScoreStatus::kPending;
  } else if (s.pending > 0) {
    s.status = ScoreStatus::kPartlyPending;
  }
}

void UnitEvaluator::Evaluate(Node& node) {
  const Indicator& def = *node.def;
  IndicatorScore& s = node.score;
  if (node.na) {
    bool zero = def.not_applicable.mode == NotApplicable::Mode::kZero && node.exists &&
                !node.not_sampled && !(node.parent && node.parent->na);
    s.trace.push_back(node.na_reason);
    if (zero) {
      Outcome o;
      o.reasons.push_back("不适用：" + node.na_reason + "，该指标不得分（−" + P(node.weight) +
                          "分）");
      for (Node& child : node.children) MarkAllNotApplicable(child, ScoreStatus::kNotApplicable);
      FillLeaf(node, o);
      return;
    }
    MarkAllNotApplicable(node,
                         node.not_sampled ? ScoreStatus::kNotSampled : ScoreStatus::kNotApplicable);
    return;
  }
  if (def.is_leaf()) {
    Ctx ctx{&def, "", channel_};
    auto evaluate = [&] {
      Outcome o = def.rule ? EvalRule(*def.rule, node.weight, ctx) : Outcome{};
      if (!def.deduct.empty()) {
        Outcome d = EvalAdjustments(def.deduct, false, def.cap, node.weight, ctx);
        double deducted = std::max(0.0, node.weight - d.points - d.pending);
        double before = o.points;
        o.points = std::max(0.0, o.points - deducted);
        double stake = std::min(d.pending, o.points);
        o.points -= stake;
        o.pending += stake;
        if (deducted > 0)
          o.trace.push_back("扣减 " + P(before - o.points - stake) + " 分（扣完为止）");
        o.Append(d);
      }
      ApplyVetoes(def, def.vetoes, o, node.weight);
      return o;
    };
    const bool proposes = LeafProposes(def);
    const std::map<std::string, std::string>* fill =
        def.coverage && !def.coverage->fill.empty() ? &def.coverage->fill : nullptr;
    // A reviewer's `value: confirm` on a leaf whose imported measure is filled
    // by a scan measure accepts the filled value.
    auto confirm = c_.judgments.find({unit_.id, def.id, "", ""});
    bool fill_confirmed =
        fill && confirm != c_.judgments.end() && confirm->second->value == "confirm";
    if (fill_confirmed) fill_ = fill;
    Outcome o = evaluate();
    if (fill_confirmed) {
      NoteJudgment(*confirm->second, o);
      fill_ = nullptr;
      proposal_notes_.clear();
      proposed_parts_.clear();
    }
    if (proposes && o.pending > 1e-9) {
      // What the leaf would score if the reviewer confirmed every proposal;
      // the leaf itself stays 待评 for those parts.
      proposing_ = true;
      fill_ = fill;
      proposal_notes_.clear();
      proposed_parts_.clear();
      Outcome p = evaluate();
      proposing_ = false;
      fill_ = nullptr;
      if (!proposal_notes_.empty()) {
        Node shadow;
        shadow.def = node.def;
        shadow.weight = node.weight;
        FillLeaf(shadow, p);
        Proposal proposal;
        proposal.points = shadow.score.points;
        proposal.pending = shadow.score.pending;
        proposal.items = proposal_notes_;
        proposal.evidence = shadow.score.evidence;
        proposal.parts = std::move(proposed_parts_);
        node.score.proposal = std::move(proposal);
        for (const std::string& line : proposal_notes_) o.trace.push_back(line);
      }
      proposal_notes_.clear();
      proposed_parts_.clear();
    }
    FillLeaf(node, o);
    return;
  }
  // A group's full marks count only children that are part of its own scale:
  // in a normal group holding bonus/penalty children those add points but no
  // full marks.
  const bool uniform = UniformPolarity(def);
  double points = 0, pending = 0, weight = 0, base_all = 0;
  int pending_children = 0, applicable_children = 0;
  for (Node& child : node.children) {
    Evaluate(child);
    bool counts = uniform || child.def->polarity == Polarity::kNormal;
    if (counts) base_all += child.exists ? child.score.base_weight : 0;
    if (child.na) continue;
    ++applicable_children;
    if (!uniform) {
      const bool child_uniform = child.def->is_leaf() || UniformPolarity(*child.def);
      if (child_uniform && child.def->polarity == Polarity::kBonus)
        s.bonus_max += child.score.weight;
      if (child_uniform && child.def->polarity == Polarity::kPenalty)
        s.penalty_max += child.score.weight;
      s.bonus_max += child.score.bonus_max;
      s.penalty_max += child.score.penalty_max;
    }
    points += child.score.points;
    pending += child.score.pending;
    if (counts) weight += child.score.weight;
    if (child.score.status == ScoreStatus::kPending) ++pending_children;
  }
  bool any_pending = pending > 1e-9;
  std::optional<double> declared = def.DeclaredWeight(key_);
  if (def.not_applicable.mode == NotApplicable::Mode::kNormalise && weight > 0 &&
      weight < base_all - 1e-9) {
    // X = (M − deductions) × W / M with M the weight still applicable.
    double full = declared.value_or(base_all);
    double factor = full / weight;
    s.trace.push_back("归一：X = (M − 扣分) × " + P(full) + "/M，M = " + P(weight) + "，得 " +
                      P(points * factor));
    points *= factor;
    pending *= factor;
    weight = full;
  }
  std::optional<double> cap = def.cap;
  if (!cap && def.polarity != Polarity::kNormal && declared && uniform) cap = declared;
  if (cap) {
    if (def.polarity == Polarity::kBonus && points > *cap) {
      s.trace.push_back("加分合计 " + P(points) + "，封顶 " + P(*cap));
      points = *cap;
    } else if (def.polarity == Polarity::kPenalty && points < -*cap) {
      s.trace.push_back("扣分合计 " + P(-points) + "，封顶 " + P(*cap));
      points = -*cap;
    }
    // What a capped bonus/penalty group can still add or deduct is capped too.
    if (uniform && def.polarity != Polarity::kNormal) {
      weight = std::min(weight, *cap);
      pending = std::min(pending, std::max(0.0, *cap - std::fabs(points)));
    } else if (def.polarity == Polarity::kNormal && weight - points - pending > *cap + 1e-9) {
      s.trace.push_back("扣分合计 " + P(weight - points - pending) + "，封顶 " + P(*cap));
      points = weight - pending - *cap;
    }
  }
  Outcome o;
  o.points = points;
  o.pending = pending;
  ApplyVetoes(def, def.vetoes, o, weight);
  s.weight = weight;
  s.points = o.points;
  s.pending = o.pending;
  s.reasons = std::move(o.reasons);
  s.trace.insert(s.trace.end(), o.trace.begin(), o.trace.end());
  node.weight = weight;
  if (uniform && def.polarity == Polarity::kPenalty) {
    s.lost = -s.points;
  } else if (uniform && def.polarity == Polarity::kBonus) {
    s.lost = 0;
  } else if (uniform) {
    s.lost = std::max(0.0, s.weight - s.points - s.pending);
  } else {
    // Mixed polarities: what the children lost (normal shortfall + deductions).
    s.lost = 0;
    for (const Node& child : node.children)
      if (!child.na) s.lost += child.score.lost;
  }
  if (applicable_children == 0) {
    s.status = ScoreStatus::kNotApplicable;
  } else if (any_pending) {
    s.status = pending_children == applicable_children ? ScoreStatus::kPending
                                                       : ScoreStatus::kPartlyPending;
  }
}

void UnitEvaluator::ApplyGates(std::vector<Node>& roots, UnitScore& out) {
  for (const framework::Gate& gate : c_.fw.result.gates) {
    auto find = [&](const std::string& id) -> Node* {
      for (Node& r : roots)
        if (r.def->id == id) return &r;
      return nullptr;
    };
    Node* target = find(gate.part);
    Node* part = find(gate.when.part);
    if (!target || !part || target->na) continue;
    IndicatorScore& t = target->score;
    if (part->score.pending > 1e-9) {
      t.pending = t.pending + t.points;
      t.points = 0;
      t.trace.push_back("门槛待定：" + gate.when.part + " 仍有待评分");
      out.notes.push_back(gate.part + "：门槛待定（" + gate.when.part + " 仍有待评分）");
      continue;
    }
    double x = part->score.points;
    double v =
        std::holds_alternative<double>(gate.when.value) ? std::get<double>(gate.when.value) : 0;
    const std::string& op = gate.when.op;
    bool ok = Compare(x, op, v);
    std::string line = gate.when.part + " 得分 " + P(x) + "，门槛 " + op + " " + P(v) +
                       (ok ? "，计入 " : "，不计入 ") + gate.part;
    out.notes.push_back(line);
    t.trace.push_back(line);
    if (!ok) {
      t.reasons.insert(t.reasons.begin(), "门槛未达到：" + line + "（−" + P(t.points) + "分）");
      t.points = 0;
      t.pending = 0;
    }
  }
}

void UnitEvaluator::Totals(const Node& node, UnitScore& out) {
  const Indicator& def = *node.def;
  if (node.na && node.score.weight == 0) return;
  if (def.is_leaf() || UniformPolarity(def)) {
    switch (def.polarity) {
      case Polarity::kNormal:
        out.normal_points += node.score.points;
        out.max_points += node.score.weight;
        out.pending_points += node.score.pending;
        break;
      case Polarity::kBonus:
        out.bonus_points += node.score.points;
        out.pending_bonus += node.score.pending;
        break;
      case Polarity::kPenalty:
        out.penalty_points += node.score.points;
        out.pending_penalty += node.score.pending;
        break;
    }
    return;
  }
  for (const Node& child : node.children) Totals(child, out);
}

IndicatorScore ToScore(Node& node) {
  IndicatorScore s = std::move(node.score);
  if (node.na && s.status != ScoreStatus::kScored) s.weight = 0;
  for (Node& child : node.children) s.children.push_back(ToScore(child));
  return s;
}

void UnitEvaluator::Run(UnitScore& out) {
  std::vector<Node> roots;
  for (const Indicator& def : c_.fw.indicators) roots.push_back(Build(def));
  for (Node& r : roots) SetParents(r);
  for (Node& r : roots) MarkNotApplicable(r);
  Redistribute(roots);
  for (Node& r : roots) Evaluate(r);
  ApplyGates(roots, out);
  for (const Node& r : roots) Totals(r, out);
  for (Node& r : roots)
    if (r.exists || !channel_.empty()) out.indicators.push_back(ToScore(r));
  out.samples.insert(out.samples.end(), samples_.begin(), samples_.end());
}

// ---------------------------------------------------------------- campaign

// Adds pct × `from` into `into` (channel weighting: same tree shape).
void Accumulate(IndicatorScore& into, const IndicatorScore& from, double pct,
                const std::string& channel) {
  into.base_weight += from.base_weight * pct;
  into.weight += from.weight * pct;
  into.points += from.points * pct;
  into.pending += from.pending * pct;
  into.lost += from.lost * pct;
  into.bonus_max += from.bonus_max * pct;
  into.penalty_max += from.penalty_max * pct;
  for (const std::string& r : from.reasons) into.reasons.push_back("[" + channel + "] " + r);
  for (const std::string& t : from.trace) into.trace.push_back("[" + channel + "] " + t);
  into.evidence.insert(into.evidence.end(), from.evidence.begin(), from.evidence.end());
  if (from.status == ScoreStatus::kPending || from.status == ScoreStatus::kPartlyPending)
    into.status = ScoreStatus::kPartlyPending;
  for (size_t i = 0; i < into.children.size() && i < from.children.size(); ++i)
    Accumulate(into.children[i], from.children[i], pct, channel);
}

void RoundTree(IndicatorScore& s, bool all_pending) {
  s.base_weight = Round4(s.base_weight);
  s.weight = Round4(s.weight);
  s.points = Round4(s.points);
  s.pending = Round4(s.pending);
  s.lost = Round4(s.lost);
  s.bonus_max = Round4(s.bonus_max);
  s.penalty_max = Round4(s.penalty_max);
  if (s.weight == 0 && s.pending == 0 && s.points == 0 && s.status == ScoreStatus::kPartlyPending)
    s.status = ScoreStatus::kNotApplicable;
  if (all_pending && s.pending > 0 && s.points == 0) s.status = ScoreStatus::kPending;
  for (IndicatorScore& c : s.children) RoundTree(c, all_pending);
}

IndicatorScore ZeroLike(const IndicatorScore& s) {
  IndicatorScore z;
  z.id = s.id;
  z.name = s.name;
  z.level = s.level;
  z.polarity = s.polarity;
  z.rule = s.rule;
  z.assumption = s.assumption;
  z.status = ScoreStatus::kScored;
  for (const IndicatorScore& c : s.children) z.children.push_back(ZeroLike(c));
  return z;
}

// The same tree with nothing decided: every node's weight is pending.
IndicatorScore PendingLike(const IndicatorScore& s) {
  IndicatorScore p = ZeroLike(s);
  p.base_weight = s.base_weight;
  p.weight = s.weight;
  p.bonus_max = s.bonus_max;
  p.penalty_max = s.penalty_max;
  if (s.status == ScoreStatus::kNotApplicable || s.status == ScoreStatus::kNotSampled) {
    p.status = s.status;
  } else {
    p.status = ScoreStatus::kPending;
    p.pending = s.weight;
    p.reasons.push_back("待评：units.csv 没有 channels 列，不知道开设了哪些渠道");
  }
  p.children.clear();
  for (const IndicatorScore& c : s.children) p.children.push_back(PendingLike(c));
  return p;
}

void ScoreUnitByChannels(Campaign& c, const Unit& unit, UnitScore& out) {
  const framework::ChannelWeighting& cw = *c.fw.result.channel_weighting;
  if (!unit.channels_known) {
    // Which channels exist is an input: without it every indicator is 待评.
    out.notes.push_back("units.csv 没有 channels 列，不知道开设了哪些渠道：全部指标待评");
    UnitEvaluator(c, unit, cw.channels.front(), cw.channels.front()).Run(out);
    out.normal_points = out.bonus_points = out.penalty_points = 0;
    out.pending_points = out.pending_bonus = out.pending_penalty = 0;
    for (IndicatorScore& s : out.indicators) {
      s = PendingLike(s);
      if (s.polarity == Polarity::kBonus) {
        out.pending_bonus += s.weight;
      } else if (s.polarity == Polarity::kPenalty) {
        out.pending_penalty += s.weight;
      } else {
        out.pending_points += s.weight;
        out.pending_bonus += s.bonus_max;
        out.pending_penalty += s.penalty_max;
      }
    }
    return;
  }
  std::vector<std::string> present;
  for (const std::string& ch : cw.channels)
    if (std::find(unit.channels.begin(), unit.channels.end(), ch) != unit.channels.end())
      present.push_back(ch);
  const framework::ChannelCombination* combo = nullptr;
  for (const framework::ChannelCombination& comb : cw.combinations) {
    std::set<std::string> a(comb.present.begin(), comb.present.end());
    std::set<std::string> b(present.begin(), present.end());
    if (a == b) combo = &comb;
  }
  out.channels = present;
  if (!combo) {
    out.notes.push_back(present.empty() ? "未开设任何参与加权的渠道，总分为0"
                                        : "没有与已开设渠道对应的加权组合，总分为0");
    UnitEvaluator(c, unit, cw.channels.front(), cw.channels.front()).Run(out);
    for (IndicatorScore& s : out.indicators) s = ZeroLike(s);
    out.normal_points = out.bonus_points = out.penalty_points = out.pending_points = 0;
    return;
  }
  bool first = true;
  for (const std::string& ch : present) {
    double pct = combo->percent.count(ch) ? combo->percent.at(ch) / 100.0 : 0.0;
    UnitScore part;
    part.unit = unit;
    UnitEvaluator(c, unit, ch, ch).Run(part);
    if (first) {
      for (const IndicatorScore& s : part.indicators) out.indicators.push_back(ZeroLike(s));
      first = false;
    }
    for (size_t i = 0; i < out.indicators.size() && i < part.indicators.size(); ++i)
      Accumulate(out.indicators[i], part.indicators[i], pct, ch);
    out.normal_points += part.normal_points * pct;
    out.bonus_points += part.bonus_points * pct;
    out.penalty_points += part.penalty_points * pct;
    out.max_points += part.max_points * pct;
    out.pending_points += part.pending_points * pct;
    out.pending_bonus += part.pending_bonus * pct;
    out.pending_penalty += part.pending_penalty * pct;
    out.samples.insert(out.samples.end(), part.samples.begin(), part.samples.end());
    out.notes.push_back(ch + " 得分 " +
                        P(part.normal_points + part.bonus_points + part.penalty_points) + " × " +
                        P(pct * 100) + "%");
  }
  for (IndicatorScore& s : out.indicators) RoundTree(s, false);
}

// Bands, lists and rounding of the totals.
void FinishUnit(const Framework& fw, UnitScore& u) {
  // Totals come from unrounded values; each is rounded once, here.
  u.total = Round4(u.normal_points + u.bonus_points + u.penalty_points - u.external_deductions);
  u.normal_points = Round4(u.normal_points);
  u.bonus_points = Round4(u.bonus_points);
  u.penalty_points = Round4(u.penalty_points);
  u.max_points = Round4(u.max_points);
  u.pending_points = Round4(u.pending_points);
  u.pending_bonus = Round4(u.pending_bonus);
  u.pending_penalty = Round4(u.pending_penalty);
  u.external_deductions = Round4(u.external_deductions);
  u.provisional = u.pending_points > 0 || u.pending_bonus > 0 || u.pending_penalty > 0;
  if (fw.result.scale && u.max_points > 0)
    u.scaled_total = Round4(u.total * *fw.result.scale / u.max_points);
  for (const framework::ResultBand& band : fw.result.bands)
    if (u.total >= band.from - 1e-9) {
      u.band = band.label;
      break;
    }
  for (const framework::ResultList& list : fw.result.lists)
    if (Compare(u.total, list.op, list.value)) u.lists.push_back(list.name);
}

void Rank(const Framework& fw, std::vector<UnitScore>& units) {
  if (fw.result.rank == "none") return;
  for (UnitScore& u : units) {
    int better = 0;
    for (const UnitScore& other : units) {
      if (fw.result.rank == "kind" && other.unit.kind != u.unit.kind) continue;
      if (other.total > u.total + 1e-9) ++better;
    }
    u.rank = better + 1;
  }
}

// Criterion ids judgments may name under an indicator.
void CollectCriteria(const Rule& rule, std::set<std::string>& ids) {
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, framework::CriteriaRule>) {
          for (const framework::Criterion& c : body.items) {
            ids.insert(c.id);
            for (const framework::Veto& v : c.vetoes) ids.insert(v.id);
            if (c.rule) CollectCriteria(*c.rule, ids);
          }
        } else if constexpr (std::is_same_v<T, framework::AdjustmentsRule>) {
          for (const AdjustmentItem& item : body.items) ids.insert(item.id);
        } else if constexpr (std::is_same_v<T, framework::ChannelsRule>) {
          if (body.inner) CollectCriteria(*body.inner, ids);
        }
      },
      rule.body);
}

void CollectIds(const std::vector<Indicator>& nodes,
                std::map<std::string, std::set<std::string>>& out) {
  for (const Indicator& ind : nodes) {
    std::set<std::string>& ids = out[ind.id];
    ids.insert("");
    for (const framework::Veto& v : ind.vetoes) ids.insert(v.id);
    for (const AdjustmentItem& item : ind.deduct) ids.insert(item.id);
    if (ind.rule) CollectCriteria(*ind.rule, ids);
    CollectIds(ind.children, out);
  }
}

void ValidateInputs(const std::vector<const Framework*>& frameworks, const CampaignInputs& in) {
  std::set<std::string> units;
  for (const Unit& u : in.units) units.insert(u.id);
  std::map<std::string, std::set<std::string>> ids;
  for (const Framework* fw : frameworks) CollectIds(fw->indicators, ids);
  auto check_unit = [&](const std::string& unit, const std::string& where) {
    if (!units.count(unit)) throw Error("unknown unit '" + unit + "' (not in units.csv)", where);
  };
  for (const Judgment& j : in.judgments) {
    check_unit(j.unit, j.source);
    auto it = ids.find(j.indicator);
    if (it == ids.end())
      throw Error("judgment for unknown indicator '" + j.indicator + "'", j.source);
    if (!it->second.count(j.criterion))
      throw Error(
          "indicator '" + j.indicator + "' has no criterion/item/veto '" + j.criterion + "'",
          j.source);
  }
  for (const NaDeclaration& n : in.na) {
    check_unit(n.unit, n.source);
    if (!ids.count(n.indicator))
      throw Error("na declaration for unknown indicator '" + n.indicator + "'", n.source);
  }
  for (const Measure& m : in.measures) check_unit(m.unit, m.source);
  for (const Event& e : in.events) check_unit(e.unit, e.source);
}

std::vector<const Unit*> UnitsToScore(const Framework& fw, const CampaignInputs& inputs,
                                      const ScoreOptions& options) {
  std::vector<const Unit*> out;
  for (const Unit& u : inputs.units) {
    if (!options.kind.empty() && u.kind != options.kind) continue;
    if (!fw.object_kinds.empty() && std::find(fw.object_kinds.begin(), fw.object_kinds.end(),
                                              u.kind) == fw.object_kinds.end()) {
      if (!options.kind.empty()) continue;
      std::string kinds;
      for (const std::string& k : fw.object_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
      throw Error("unit '" + u.id + "' has kind '" + u.kind + "', but " + fw.id + " scores " +
                      kinds + " (use --kind to score a subset)",
                  "units");
    }
    out.push_back(&u);
  }
  if (out.empty()) throw Error("no unit of the requested kind to score", "units");
  return out;
}

ScoreSheet ScoreFramework(const Framework& fw, const CampaignInputs& inputs,
                          const ScoreOptions& options);

ScoreSheet ScoreComposite(const Framework& fw, const CampaignInputs& inputs,
                          const ScoreOptions& options, const std::vector<Framework>& parts) {
  ScoreSheet sheet;
  std::vector<ScoreSheet> part_sheets;
  for (const Framework& part : parts) part_sheets.push_back(ScoreFramework(part, inputs, options));
  std::vector<const Unit*> units = UnitsToScore(fw, inputs, options);
  Campaign c(fw, inputs, options);
  for (const Unit* unit : units) {
    UnitScore u;
    u.unit = *unit;
    for (size_t i = 0; i < parts.size(); ++i) {
      const framework::CompositePart& def = fw.composite->parts[i];
      const UnitScore* ps = nullptr;
      for (const UnitScore& candidate : part_sheets[i].units)
        if (candidate.unit.id == unit->id) ps = &candidate;
      if (!ps)
        throw Error("unit '" + unit->id + "' is not scored by part " + def.framework, fw.path);
      CompositePartScore cp{def.framework,
                            parts[i].title,
                            def.percent,
                            ps->total,
                            ps->max_points,
                            ps->pending_points,
                            0};
      double factor = ps->max_points > 0 ? def.percent / ps->max_points : 0;
      cp.contribution = Round4(ps->total * factor);
      u.parts.push_back(cp);
      IndicatorScore node;
      node.id = def.framework;
      node.name = parts[i].title;
      node.level = 1;
      node.base_weight = node.weight = def.percent;
      node.points = cp.contribution;
      node.pending = Round4(ps->pending_points * factor);
      node.lost = Round4(std::max(0.0, node.weight - node.points - node.pending));
      node.status = ps->provisional ? ScoreStatus::kPartlyPending : ScoreStatus::kScored;
      node.trace.push_back("折算：" + P(ps->total) + "/" + P(ps->max_points) + " × " +
                           P(def.percent) + "% = " + P(cp.contribution));
      node.children = ps->indicators;
      u.indicators.push_back(std::move(node));
      u.normal_points += cp.contribution;
      u.max_points += def.percent;
      u.pending_points += node.pending;
      u.pending_bonus += ps->pending_bonus * factor;
      u.pending_penalty += ps->pending_penalty * factor;
      u.samples.insert(u.samples.end(), ps->samples.begin(), ps->samples.end());
    }
    Ctx none;
    for (const framework::ExternalDeduction& d : fw.composite->deductions) {
      if (!inputs.has_events) {
        u.notes.push_back("未提供事件文件：" + d.text + " 待定");
        continue;
      }
      auto it = c.events.find(unit->id);
      if (it == c.events.end()) continue;
      for (const Event* e : it->second) {
        if (e->type != d.events.type) continue;
        if (!d.events.levels.empty() && std::find(d.events.levels.begin(), d.events.levels.end(),
                                                  e->level) == d.events.levels.end())
          continue;
        if (!e->points)
          throw Error("event '" + e->type + "' needs 'points' for " + d.id, e->source);
        u.external_deductions += *e->points * e->count;
        u.notes.push_back(d.text + "：−" + P(*e->points * e->count) +
                          (e->evidence.empty() ? "" : "（" + e->evidence + "）"));
      }
    }
    for (const framework::Honour& h : fw.composite->honours) {
      HonourResult hr{h.name, false, {}};
      for (const framework::HonourVeto& v : h.vetoes) {
        auto it = c.events.find(unit->id);
        if (it == c.events.end()) continue;
        for (const Event* e : it->second)
          if (e->type == v.events.type) {
            hr.vetoed = true;
            hr.reasons.push_back("一票否决：" + v.text +
                                 (e->evidence.empty() ? "" : "（" + e->evidence + "）"));
          }
      }
      u.honours.push_back(std::move(hr));
    }
    FinishUnit(fw, u);
    sheet.units.push_back(std::move(u));
  }
  Rank(fw, sheet.units);
  return sheet;
}

ScoreSheet ScoreFramework(const Framework& fw, const CampaignInputs& inputs,
                          const ScoreOptions& options) {
  ScoreSheet sheet;
  Campaign c(fw, inputs, options);
  c.scored_units = UnitsToScore(fw, inputs, options);
  for (const Unit* unit : c.scored_units) {
    UnitScore u;
    u.unit = *unit;
    if (fw.result.channel_weighting) {
      ScoreUnitByChannels(c, *unit, u);
    } else {
      UnitEvaluator(c, *unit, unit->kind, "").Run(u);
    }
    FinishUnit(fw, u);
    sheet.units.push_back(std::move(u));
  }
  Rank(fw, sheet.units);
  return sheet;
}

}  // namespace

std::vector<Framework> LoadCompositeParts(const Framework& fw, const std::string& frameworks_dir) {
  std::vector<Framework> parts;
  if (!fw.composite) return parts;
  namespace fs = std::filesystem;
  std::string dir =
      frameworks_dir.empty() ? fs::path(fw.path).parent_path().string() : frameworks_dir;
  for (const framework::CompositePart& p : fw.composite->parts)
    parts.push_back(
        framework::LoadValidFramework((fs::path(dir) / (p.framework + ".yaml")).string()));
  return parts;
}

ScoreSheet ScoreCampaign(const Framework& fw, const CampaignInputs& inputs,
                         const ScoreOptions& options) {
  std::vector<Framework> parts = LoadCompositeParts(fw, options.frameworks_dir);
  std::vector<const Framework*> all{&fw};
  for (const Framework& p : parts) all.push_back(&p);
  ValidateInputs(all, inputs);
  ScoreSheet sheet = fw.composite ? ScoreComposite(fw, inputs, options, parts)
                                  : ScoreFramework(fw, inputs, options);
  sheet.framework_id = fw.id;
  sheet.framework_title = fw.title;
  sheet.framework_path = fw.path;
  std::optional<Date> as_of = options.as_of ? options.as_of : fw.as_of;
  sheet.as_of = as_of ? as_of->ToString() : "";
  sheet.seed = options.seed;
  sheet.assumptions = fw.assumptions;
  return sheet;
}

}  // namespace govscore::scoring

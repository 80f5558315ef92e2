// The in-memory model of a framework file (docs/framework-format.md): an
// indicator tree whose leaves carry one rule from a closed set. The model is
// plain data; framework_loader.h builds it from YAML and framework_check.h
// validates it. Every element remembers where it was written (file:line) so
// diagnostics and score traces can point back at the file.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/date.h"

namespace govscore::framework {

// A place in a framework file; line is 1-based, 0 when unknown.
struct Location {
  std::string file;
  int line = 0;
  std::string ToString() const;  // "file:line"
};

// Reference to a measure by name, optionally sampled and reduced (list measures).
struct MeasureRef {
  std::string name;
  int sample = 0;   // 0 = no sampling; N = "随机抽查N个（不足N个的则检查全部）"
  std::string agg;  // "" (default), mean, min, max, sum, count, all, any
  Location where;
  bool empty() const { return name.empty(); }
};

// A window before the 监测时间点 written "14d", "2w", "6m", "1y" or "10wd"
// (working days).
struct TimeWindow {
  enum class Unit { kDays, kWeeks, kMonths, kYears, kWorkdays };
  int count = 0;
  Unit unit = Unit::kDays;
  // nullopt when `text` is not a window.
  static std::optional<TimeWindow> Parse(const std::string& text);
};

// The literal a condition compares with. A window ("6m", "10wd") is kept as text.
using Literal = std::variant<std::monostate, double, bool, Date, std::string>;

// A tiny boolean expression over measures (or, in gates, over parts; or
// whether the unit is listed in a `data:` entry).
struct Condition {
  enum class Kind { kCompare, kAll, kAny, kNot, kPart, kData };
  Kind kind = Kind::kCompare;
  MeasureRef measure;               // kCompare
  std::string part;                 // kPart: top-level indicator id
  std::string data_key;             // kData: the unit (id or name) is listed in data[key]
  bool contains_unit = true;        // kData: false negates
  std::string op;                   // >= > <= < == != exists missing within before
  Literal value;                    // kCompare / kPart
  std::vector<Condition> children;  // kAll / kAny / kNot (one child)
  Location where;
};

// One band of a tier table: [min, max) with either a percent of the weight or points.
struct Band {
  std::optional<double> min;
  std::optional<double> max;
  double amount = 0;  // percent (0..100) or points, see is_points
  bool is_points = false;
  Location where;
};

struct Tiers {
  MeasureRef measure;
  std::vector<Band> bands;
  double else_amount = 0;  // same unit as the bands
  Location where;
};

struct Rule;

// How a part of an indicator is decided (docs/framework-format.md §12,
// "Coverage"): by a measure alone (auto), by a measure that pre-fills a
// proposal a reviewer confirms (assisted), or only by a person (judgment).
struct Coverage {
  enum class Mark { kAuto, kAssisted, kJudgment };
  // Where the criterion can be observed; kDefault = derived from the mark and
  // the measures' sources (coverage.h ResolveObservable).
  enum class Observable { kDefault, kWebsite, kNewMedia, kNone };
  Mark mark = Mark::kJudgment;
  std::vector<std::string> measures;  // auto/assisted: the measures that decide / pre-fill
  std::string why;                    // judgment: why no machine can decide it
  Observable observable = Observable::kDefault;
  // Assisted only, at most one: the proposal the engine offers a reviewer.
  std::optional<Condition> propose;          // true → met (deduction items: yes)
  std::shared_ptr<const Rule> propose_rule;  // share of the item / indicator
  MeasureRef propose_count;                  // deduction/bonus items: occurrences
  // Assisted on a measured rule: imported measure → the measure whose value is
  // proposed for it while the imported row is missing.
  std::map<std::string, std::string> fill;
  Location where;
};

// Filter on the events input (表彰, 通报, 安全事件 …).
struct EventFilter {
  std::string type;
  std::vector<std::string> levels;  // empty = any level
  std::string channel;              // empty = any channel
  std::optional<Date> since;
  std::optional<Date> until;
};

// Where a per-occurrence item gets its count from.
struct CountSource {
  std::optional<EventFilter> events;
  MeasureRef measure;
  std::vector<std::string> skip_charged_by;  // no double deduction (form 16)
};

// One item of a deductions/bonuses rule.
struct AdjustmentItem {
  enum class Source { kJudged, kPer, kWhen, kTiers };
  std::string id;
  std::string text;
  Source source = Source::kJudged;
  std::optional<double> points;             // per occurrence / fixed amount
  std::optional<double> percent_of_weight;  // alternative to points
  std::optional<double> max;                // item cap in points
  CountSource per;
  std::optional<Condition> when;
  Tiers tiers;                     // kTiers: bands give points
  std::vector<std::string> kinds;  // empty = every kind; else the item exists only for these
  std::optional<Coverage> coverage;
  Location where;
};

struct Rule;

struct Veto {
  std::string id;
  std::string text;
  std::optional<struct Condition> when;  // none: judged (yes = veto applies)
  bool judged_required = false;
  Location where;
};

struct Criterion {
  std::string id;
  std::string text;
  double percent = 0;
  std::optional<Condition> check;    // measured met/unmet
  std::shared_ptr<const Rule> rule;  // nested rule giving the item's share
  std::vector<Veto> vetoes;          // zero this item only
  std::vector<std::string> kinds;    // empty = every kind
  std::optional<Coverage> coverage;
  Location where;
};

struct CriteriaRule {
  std::vector<Criterion> items;
  std::optional<double> percent_total;  // declared when a seed's items do not sum to 100
};
struct TiersRule {
  Tiers tiers;
};
struct IncrementRule {
  MeasureRef measure;
  double from = 0, base = 0, step = 0, max = 100, below = 0;
};
struct AdjustmentsRule {
  bool bonus = false;  // false: deductions from full weight; true: bonuses from 0
  std::optional<double> cap;
  std::vector<AdjustmentItem> items;
};
struct RatioRule {
  MeasureRef total;
  MeasureRef failed;  // exactly one of failed / passed
  MeasureRef passed;
  std::optional<double> empty_percent;
};
struct AverageRule {
  MeasureRef measure;
  std::vector<std::string> periods;
  std::string missing = "pending";  // pending | zero | skip
};
struct BenchmarkRule {
  MeasureRef measure;
  std::string scope = "kind";  // kind | campaign
};
struct ResponseWindow {
  double within = 0;
  double percent = 0;
};
struct ResponseTimeRule {
  MeasureRef measure;  // a day count, or:
  MeasureRef from;     // two date measures
  MeasureRef to;
  bool working_days = true;
  std::vector<ResponseWindow> windows;
  double else_percent = 0;
};
struct PassFailRule {
  std::optional<Condition> check;  // none: judged
};
struct JudgmentRule {
  std::optional<double> min, max, step;  // points
};
struct ChannelsRule {
  std::string klass;  // A | B | C
  std::vector<std::string> over;
  std::map<std::string, double> weights;  // B: percent per channel
  std::shared_ptr<const Rule> inner;
};

// The closed set of rule types.
using RuleBody =
    std::variant<CriteriaRule, TiersRule, IncrementRule, AdjustmentsRule, RatioRule, AverageRule,
                 BenchmarkRule, ResponseTimeRule, PassFailRule, JudgmentRule, ChannelsRule>;

struct Rule {
  std::string type;  // the YAML name: criteria, tiers, … (deductions / bonuses)
  RuleBody body;
  Location where;
};

enum class Polarity { kNormal, kBonus, kPenalty };
const char* PolarityName(Polarity p);

// A weight or percent as tools print it: at most 4 significant digits ("2",
// "0.5", "33.33").
std::string FormatWeight(double v);

struct NotApplicable {
  enum class Mode { kNone, kRedistribute, kZero, kNormalise, kForbidden };
  Mode mode = Mode::kNone;
  std::vector<std::string> targets;  // kRedistribute: "siblings" or group ids, in order
};

struct Indicator {
  std::string id;
  std::string name;
  std::optional<double> weight;           // one weight for every kind
  std::map<std::string, double> weights;  // or one per object kind
  std::string description;
  std::string criteria_text;
  std::string assumption;
  std::string data_key;
  Polarity polarity = Polarity::kNormal;  // after inheritance
  std::vector<Veto> vetoes;
  NotApplicable not_applicable;
  std::optional<Condition> applicable_when;
  std::optional<double> cap;           // group: most lost/gained; leaf: most `deduct` takes
  std::vector<AdjustmentItem> deduct;  // leaf: deductions applied after the rule, floor 0
  int sample_children = 0;             // group: draw this many children, the rest are 未抽中
  bool sample_per_campaign = true;     // same draw for every unit (else per unit)
  std::vector<Indicator> children;
  std::optional<Rule> rule;
  // Leaf: how the rule is decided; on a criteria/deductions leaf the default
  // for its judged items that carry none.
  std::optional<Coverage> coverage;
  int level = 1;
  Location where;

  bool is_leaf() const { return children.empty(); }
  // Declared weight for `kind` ("" = the only/first weight). nullopt when the
  // node declares none (groups) or does not exist for that kind.
  std::optional<double> DeclaredWeight(const std::string& kind) const;
  // Whether the node exists for `kind` (a `weights` map without the kind removes it).
  bool ExistsFor(const std::string& kind) const;
  // Declared weight, else the sum of the children that exist for `kind`.
  double WeightFor(const std::string& kind) const;
  // The part of the weight that counts toward full marks: 0 for bonus/penalty
  // nodes; a group with children of mixed polarity counts its normal children.
  double NormalWeightFor(const std::string& kind) const;
  // Whether every descendant has this node's polarity.
  bool HasUniformPolarity() const;
};

struct Param {
  double value = 0;
  std::string note;
  // Why this default was chosen where the source does not confirm the value
  // (REFERENCE.md [U] items); shown by `framework show`.
  std::string assumption;
};

struct MeasureDecl {
  std::string name;
  std::string type;  // number | bool | date | text | list
  std::string description;
};

struct Gate {
  std::string part;
  Condition when;
  Location where;
};

struct ResultBand {
  double from = 0;
  std::string label;
};

struct ResultList {
  std::string name;
  std::string op;
  double value = 0;
};

struct ChannelCombination {
  std::vector<std::string> present;
  std::map<std::string, double> percent;
};

struct ChannelWeighting {
  std::vector<std::string> channels;
  std::vector<ChannelCombination> combinations;
};

struct Result {
  std::vector<std::string> parts;
  std::vector<Gate> gates;
  std::vector<ResultBand> bands;  // in file order; first with total >= from wins
  std::vector<ResultList> lists;
  std::string rank = "kind";    // kind | campaign | none
  std::optional<double> scale;  // show total × scale / max beside the raw total
  std::optional<ChannelWeighting> channel_weighting;
};

struct CompositePart {
  std::string framework;
  double percent = 0;
  Location where;
};

struct ExternalDeduction {
  std::string id;
  std::string text;
  EventFilter events;
};

struct HonourVeto {
  std::string id;
  std::string text;
  EventFilter events;
};

struct Honour {
  std::string name;
  std::vector<HonourVeto> vetoes;
};

struct Composite {
  std::vector<CompositePart> parts;
  std::vector<ExternalDeduction> deductions;
  std::vector<Honour> honours;
};

struct Framework {
  std::string path;  // file it was loaded from
  std::string id;
  std::string title;
  std::map<std::string, std::string> source;  // document, seed, issuer …
  int year = 0;
  std::vector<std::string> object_kinds;
  std::optional<double> total;
  std::optional<Date> period_from;
  std::optional<Date> as_of;
  std::map<std::string, Param> params;
  std::map<std::string, std::string> data;  // key -> the entry as JSON text
  std::vector<MeasureDecl> measures;
  std::vector<std::string> assumptions;
  std::vector<Indicator> indicators;
  Result result;
  std::optional<Composite> composite;

  // Depth-first search by id; nullptr when absent.
  const Indicator* Find(const std::string& id) const;
  // The kind used when none is given: the first weighted channel, else the
  // first object kind, or "".
  std::string DefaultKind() const;
};

}  // namespace govscore::framework

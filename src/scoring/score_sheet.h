// The result of a scoring run: per unit, every indicator's points with the
// reasons for lost points and a trace of the rule evaluation; totals per
// polarity, pending points, band, lists and rank. Numbers are rounded to 4
// decimals (half away from zero) at every node, so outputs are byte-stable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "framework/framework.h"
#include "scoring/inputs.h"

namespace govscore::scoring {

enum class ScoreStatus {
  kScored,         // every input present
  kPending,        // no input at all: 待评
  kPartlyPending,  // some parts decided, some still pending
  kNotApplicable,  // declared or applicable_when false; weight moved or dropped
  kNotSampled,     // sample_children did not draw it (未抽中)
};
const char* StatusName(
    ScoreStatus s);  // scored, pending, partly_pending, not_applicable, not_sampled
const char* StatusLabel(ScoreStatus s);  // 已评, 待评, 部分待评, 不适用, 未抽中

// What an assisted leaf would score if a reviewer confirmed the proposals its
// coverage marks make from measures (docs/scoring.md "Proposals"). The leaf's
// own points leave those parts 待评 until a judgment confirms or overrides.
// One part's proposed judgment, as a reviewer would enter it (the platform's
// 采纳 submits it). Not written to the sheet JSON.
struct ProposedPart {
  std::string criterion;  // "" = the indicator itself
  std::string channel;    // "" unless per channel
  std::string value;      // met | unmet | yes | no, or "" when a number is proposed
  std::optional<double> percent, count;
  std::string basis;                  // the evaluation that decided it
  std::vector<std::string> evidence;  // the measures' URLs and excerpts
};

struct Proposal {
  double points = 0;                  // the leaf's points with every proposal accepted
  double pending = 0;                 // still open even then (no proposal for those parts)
  std::vector<std::string> items;     // "建议 c1：met（…），待确认"
  std::vector<std::string> evidence;  // URLs behind the proposals
  std::vector<ProposedPart> parts;    // per part (in memory only, not in the sheet JSON)
};

struct IndicatorScore {
  std::string id;
  std::string name;
  int level = 1;
  framework::Polarity polarity = framework::Polarity::kNormal;
  std::string rule;        // rule type (leaves)
  double base_weight = 0;  // weight from the file for the unit's kind
  double weight = 0;       // after redistribution (penalty: most that can be deducted)
  double points = 0;       // contribution to the total (penalty: <= 0)
  double pending = 0;      // points not yet decided
  double lost = 0;         // normal: weight - points - pending; penalty: deducted; bonus: 0
  // Groups whose children have different polarities (附加指标 = 加分 + 扣分):
  // `weight` counts only the normal children; these say how many points the
  // bonus children can add and the penalty children can deduct at most.
  double bonus_max = 0;
  double penalty_max = 0;
  ScoreStatus status = ScoreStatus::kScored;
  std::vector<std::string> reasons;   // why points were lost / gained (Chinese)
  std::vector<std::string> trace;     // how the rule was evaluated
  std::vector<std::string> evidence;  // URLs / files
  std::vector<std::string> charged;   // finding ids deducted here (no double deduction)
  std::string assumption;
  std::optional<Proposal> proposal;  // assisted leaves with a proposal
  std::vector<IndicatorScore> children;
};

struct SampleRecord {
  std::string indicator;
  std::string population;  // measure name or "children"
  std::vector<std::string> chosen;
  size_t population_size = 0;
};

struct HonourResult {
  std::string name;
  bool vetoed = false;
  std::vector<std::string> reasons;
};

struct CompositePartScore {
  std::string framework;
  std::string title;
  double percent = 0;
  double points = 0;      // part total
  double max_points = 0;  // part full marks
  double pending = 0;
  double contribution = 0;  // points / max × percent
};

struct UnitScore {
  Unit unit;
  std::vector<IndicatorScore> indicators;
  double normal_points = 0;
  double bonus_points = 0;
  double penalty_points = 0;       // <= 0
  double external_deductions = 0;  // composite: points deducted from outside (>= 0)
  double total = 0;
  double max_points = 0;       // full marks of the normal part
  double pending_points = 0;   // normal (base) points not yet decided: <= max_points
  double pending_bonus = 0;    // bonus points that may still be gained (not in pending_points)
  double pending_penalty = 0;  // penalty points that may still be deducted (not in pending_points)
  std::optional<double> scaled_total;
  std::string band;
  std::vector<std::string> lists;
  int rank = 0;                       // 0 = not ranked
  bool provisional = false;           // something is pending (base, bonus or penalty)
  std::vector<std::string> notes;     // gates, channel weighting, composite remarks
  std::vector<std::string> channels;  // channel weighting: the combination used
  std::vector<SampleRecord> samples;
  std::vector<CompositePartScore> parts;
  std::vector<HonourResult> honours;
};

struct ScoreSheet {
  std::string framework_id;
  std::string framework_title;
  std::string framework_path;
  std::string as_of;  // YYYY-MM-DD or empty
  uint64_t seed = 0;
  std::vector<std::string> assumptions;
  std::vector<UnitScore> units;  // in units.csv order
};

// Half away from zero to 4 decimals; -0 becomes 0.
double Round4(double v);
// "12.5", "0", "-2" — at most 4 decimals, no trailing zeros.
std::string FormatPoints(double v);

// The weight a sheet shows for a node: `weight`, except for a mixed-polarity
// group without normal children (附加指标), which shows bonus_max + penalty_max.
double ShownWeight(const IndicatorScore& s);

// What is still pending for a unit, in Chinese: "" when nothing is;
// "待评 103 分" for base points, then "，加分待评 18 分" / "，扣分待评 12 分".
std::string PendingSummary(const UnitScore& u);

}  // namespace govscore::scoring

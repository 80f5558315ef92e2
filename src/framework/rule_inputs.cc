#include "framework/rule_inputs.h"

#include <algorithm>
#include <cstdio>

namespace govscore::framework {
namespace {

std::string Num(double v) { return FormatWeight(v); }

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(value);
}

void ConditionMeasures(const Condition& c, std::vector<std::string>& out) {
  AddUnique(out, c.measure.name);
  for (const Condition& child : c.children) ConditionMeasures(child, out);
}

constexpr const char* kMetAnswer = "value: met|unmet 或 percent: 0-100";
constexpr const char* kCountAnswer = "count: 次数 或 value: yes|no";
constexpr const char* kVetoAnswer = "value: yes（否决）|no";

// Adds what `rule` reads to `item` (the rule of one criteria item or of the
// indicator itself); items of criteria/adjustments rules become items of `out`.
void AddRule(const Rule& rule, InputItem& item, IndicatorInputs& out);

void AddVetoes(const std::vector<Veto>& vetoes, IndicatorInputs& out) {
  for (const Veto& v : vetoes) {
    InputItem item;
    item.id = v.id;
    item.text = v.text;
    if (v.when) {
      ConditionMeasures(*v.when, item.measures);
    } else {
      item.judged = true;
      item.answer = kVetoAnswer;
    }
    out.items.push_back(std::move(item));
  }
}

void AddAdjustments(const std::vector<AdjustmentItem>& items, IndicatorInputs& out) {
  for (const AdjustmentItem& a : items) {
    InputItem item;
    item.id = a.id;
    item.text = a.text;
    item.kinds = a.kinds;
    if (a.per.events) AddUnique(item.events, a.per.events->type);
    AddUnique(item.measures, a.per.measure.name);
    if (a.source == AdjustmentItem::Source::kTiers) AddUnique(item.measures, a.tiers.measure.name);
    if (a.when) ConditionMeasures(*a.when, item.measures);
    if (a.source == AdjustmentItem::Source::kJudged) {
      item.judged = true;
      item.answer = kCountAnswer;
    }
    out.items.push_back(std::move(item));
  }
}

void AddRule(const Rule& rule, InputItem& item, IndicatorInputs& out) {
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, CriteriaRule>) {
          for (const Criterion& c : body.items) {
            InputItem sub;
            sub.id = c.id;
            sub.text = c.text;
            sub.percent = c.percent;
            sub.kinds = c.kinds;
            if (c.check) {
              ConditionMeasures(*c.check, sub.measures);
            } else if (c.rule) {
              sub.nested_rule = c.rule->type;
              AddRule(*c.rule, sub, out);
            } else {
              sub.judged = true;
              sub.answer = kMetAnswer;
            }
            out.items.push_back(std::move(sub));
            AddVetoes(c.vetoes, out);
          }
        } else if constexpr (std::is_same_v<T, TiersRule>) {
          AddUnique(item.measures, body.tiers.measure.name);
        } else if constexpr (std::is_same_v<T, IncrementRule> || std::is_same_v<T, BenchmarkRule>) {
          AddUnique(item.measures, body.measure.name);
        } else if constexpr (std::is_same_v<T, AverageRule>) {
          AddUnique(item.measures, body.measure.name);
          out.periods = body.periods;
        } else if constexpr (std::is_same_v<T, RatioRule>) {
          AddUnique(item.measures, body.total.name);
          AddUnique(item.measures, body.failed.name);
          AddUnique(item.measures, body.passed.name);
        } else if constexpr (std::is_same_v<T, ResponseTimeRule>) {
          AddUnique(item.measures, body.measure.name);
          AddUnique(item.measures, body.from.name);
          AddUnique(item.measures, body.to.name);
        } else if constexpr (std::is_same_v<T, AdjustmentsRule>) {
          AddAdjustments(body.items, out);
        } else if constexpr (std::is_same_v<T, PassFailRule>) {
          if (body.check) {
            ConditionMeasures(*body.check, item.measures);
          } else {
            item.judged = true;
            item.answer = "value: met|unmet";
          }
        } else if constexpr (std::is_same_v<T, JudgmentRule>) {
          item.judged = true;
          item.answer = "points: 得分 或 percent: 0-100";
        } else if constexpr (std::is_same_v<T, ChannelsRule>) {
          out.channels = body.over;
          out.channel_class = body.klass;
          if (body.inner) AddRule(*body.inner, item, out);
        }
      },
      rule.body);
}

}  // namespace

std::vector<std::string> IndicatorInputs::measures() const {
  std::vector<std::string> out;
  for (const InputItem& item : items)
    for (const std::string& m : item.measures) AddUnique(out, m);
  return out;
}

IndicatorInputs InputsOf(const Indicator& ind) {
  IndicatorInputs out;
  InputItem self;  // what the indicator's own rule reads (not a sub-item)
  if (ind.applicable_when) ConditionMeasures(*ind.applicable_when, self.measures);
  if (ind.rule) AddRule(*ind.rule, self, out);
  if (self.judged || !self.measures.empty() || !self.events.empty())
    out.items.insert(out.items.begin(), std::move(self));
  AddVetoes(ind.vetoes, out);
  AddAdjustments(ind.deduct, out);
  return out;
}

std::string InputsSummary(const IndicatorInputs& inputs) {
  std::string out;
  if (!inputs.channel_class.empty()) {
    std::string over;
    for (const std::string& ch : inputs.channels) over += (over.empty() ? "" : "/") + ch;
    out = inputs.channel_class + "类 " + over + ":";
  }
  for (const InputItem& item : inputs.items) {
    std::string text = item.id;
    if (item.percent) text += (text.empty() ? "" : " ") + Num(*item.percent) + "%";
    std::string reads;
    for (const std::string& m : item.measures) reads += (reads.empty() ? "" : " ") + m;
    for (const std::string& e : item.events) reads += (reads.empty() ? "" : " ") + ("事件:" + e);
    if (!item.nested_rule.empty()) reads = item.nested_rule + "(" + reads + ")";
    if (item.judged) reads += (reads.empty() ? "" : " ") + std::string("人工");
    text += (text.empty() || reads.empty() ? "" : " ") + reads;
    if (!inputs.periods.empty() && item.id.empty()) {
      std::string periods;
      for (const std::string& p : inputs.periods) periods += (periods.empty() ? "" : ",") + p;
      text += " 期间:" + periods;
    }
    out += (out.empty() || out.back() == ':' ? (out.empty() ? "" : " ") : "; ") + text;
  }
  return out;
}

}  // namespace govscore::framework

// What an indicator reads, so that people (and `framework show`, `framework
// template`) know which inputs to supply: measures by name, items a reviewer
// judges by id, event types. Derived from the rule, the node's vetoes and its
// `deduct` items; nothing is evaluated.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "framework/framework.h"

namespace govscore::framework {

// One thing a judgment or measure answers.
struct InputItem {
  std::string id;    // criterion / deduction item / veto id; "" = the indicator itself
  std::string text;  // the item's text in the file (评分细则 excerpt), may be empty
  std::optional<double> percent;      // criteria items: share of the weight
  std::string nested_rule;            // criteria item with a nested rule: its type
  std::vector<std::string> measures;  // read by this item (as written: <栏目>, {channel})
  std::vector<std::string> events;    // event types counted by this item
  std::vector<std::string> kinds;     // the item exists only for these object kinds
  bool judged = false;                // a reviewer answers it (人工)
  // How to answer a judged item in judgments files, e.g. "value: met|unmet 或 percent".
  std::string answer;
};

struct IndicatorInputs {
  std::vector<InputItem> items;
  std::vector<std::string> channels;  // channels rule: the channels it is judged over
  std::string channel_class;          // A | B | C
  std::vector<std::string> periods;   // average rule: one measure row per period
  // Every measure name read (items, vetoes, applicable_when), first use order.
  std::vector<std::string> measures() const;
};

// The inputs of `ind` (a leaf's rule, vetoes, deduct items and applicable_when).
IndicatorInputs InputsOf(const Indicator& ind);

// A one-line summary for `framework show`: "c1 20% 人工; c2 60% tiers(column.x.items)".
std::string InputsSummary(const IndicatorInputs& inputs);

}  // namespace govscore::framework

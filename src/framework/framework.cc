#include "framework/framework.h"

#include <cstdio>

namespace govscore::framework {

std::string FormatWeight(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

const char* PolarityName(Polarity p) {
  switch (p) {
    case Polarity::kBonus:
      return "bonus";
    case Polarity::kPenalty:
      return "penalty";
    case Polarity::kNormal:
      break;
  }
  return "normal";
}

std::optional<double> Indicator::DeclaredWeight(const std::string& kind) const {
  if (weight) return weight;
  if (weights.empty()) return std::nullopt;
  if (kind.empty()) return weights.begin()->second;
  auto it = weights.find(kind);
  if (it == weights.end()) return std::nullopt;
  return it->second;
}

bool Indicator::ExistsFor(const std::string& kind) const {
  if (kind.empty()) return true;
  if (!weights.empty()) return weights.count(kind) > 0;
  // A group without weights of its own exists where one of its children does:
  // a channel view must not show a group whose items all belong elsewhere.
  if (children.empty()) return true;
  for (const Indicator& child : children)
    if (child.ExistsFor(kind)) return true;
  return false;
}

double Indicator::WeightFor(const std::string& kind) const {
  if (std::optional<double> w = DeclaredWeight(kind)) return *w;
  double sum = 0;
  for (const Indicator& child : children) {
    if (child.ExistsFor(kind)) sum += child.WeightFor(kind);
  }
  return sum;
}

std::optional<TimeWindow> TimeWindow::Parse(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 5) return std::nullopt;
  TimeWindow w;
  w.count = std::stoi(text.substr(0, digits));
  std::string unit = text.substr(digits);
  if (unit == "d") {
    w.unit = Unit::kDays;
  } else if (unit == "w") {
    w.unit = Unit::kWeeks;
  } else if (unit == "m") {
    w.unit = Unit::kMonths;
  } else if (unit == "y") {
    w.unit = Unit::kYears;
  } else if (unit == "wd") {
    w.unit = Unit::kWorkdays;
  } else {
    return std::nullopt;
  }
  return w;
}

bool Indicator::HasUniformPolarity() const {
  for (const Indicator& child : children)
    if (child.polarity != polarity || !child.HasUniformPolarity()) return false;
  return true;
}

double Indicator::NormalWeightFor(const std::string& kind) const {
  if (!ExistsFor(kind)) return 0;
  if (HasUniformPolarity()) return polarity == Polarity::kNormal ? WeightFor(kind) : 0;
  double sum = 0;
  for (const Indicator& child : children) sum += child.NormalWeightFor(kind);
  return sum;
}

namespace {
const Indicator* FindIn(const std::vector<Indicator>& nodes, const std::string& id) {
  for (const Indicator& node : nodes) {
    if (node.id == id) return &node;
    if (const Indicator* found = FindIn(node.children, id)) return found;
  }
  return nullptr;
}
}  // namespace

const Indicator* Framework::Find(const std::string& id) const { return FindIn(indicators, id); }

std::string Framework::DefaultKind() const {
  // With per-channel weight columns the tree exists per channel.
  if (result.channel_weighting && !result.channel_weighting->channels.empty())
    return result.channel_weighting->channels.front();
  return object_kinds.empty() ? std::string() : object_kinds.front();
}

}  // namespace govscore::framework

#include "framework/coverage.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "framework/measure_registry.h"

namespace govscore::framework {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(value);
}

void ConditionMeasures(const Condition& c, std::vector<std::string>& out) {
  AddUnique(out, c.measure.name);
  for (const Condition& child : c.children) ConditionMeasures(child, out);
}

// The measures a rule reads and whether any part of it is judged (a reviewer
// answers it). Criteria/adjustment items are rows of their own; this is used
// for whole rules and nested item rules.
void RuleInputs(const Rule& rule, std::vector<std::string>& measures, bool& judged) {
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, CriteriaRule>) {
          for (const Criterion& c : body.items) {
            if (c.check) {
              ConditionMeasures(*c.check, measures);
            } else if (c.rule) {
              RuleInputs(*c.rule, measures, judged);
            } else {
              judged = true;
            }
          }
        } else if constexpr (std::is_same_v<T, TiersRule>) {
          AddUnique(measures, body.tiers.measure.name);
        } else if constexpr (std::is_same_v<T, IncrementRule> || std::is_same_v<T, BenchmarkRule> ||
                             std::is_same_v<T, AverageRule>) {
          AddUnique(measures, body.measure.name);
        } else if constexpr (std::is_same_v<T, RatioRule>) {
          for (const MeasureRef* m : {&body.total, &body.failed, &body.passed})
            AddUnique(measures, m->name);
        } else if constexpr (std::is_same_v<T, ResponseTimeRule>) {
          for (const MeasureRef* m : {&body.measure, &body.from, &body.to})
            AddUnique(measures, m->name);
        } else if constexpr (std::is_same_v<T, AdjustmentsRule>) {
          for (const AdjustmentItem& a : body.items) {
            AddUnique(measures, a.per.measure.name);
            AddUnique(measures, a.tiers.measure.name);
            if (a.when) ConditionMeasures(*a.when, measures);
            if (a.source == AdjustmentItem::Source::kJudged || a.per.events) judged = true;
          }
        } else if constexpr (std::is_same_v<T, PassFailRule>) {
          if (body.check) {
            ConditionMeasures(*body.check, measures);
          } else {
            judged = true;
          }
        } else if constexpr (std::is_same_v<T, JudgmentRule>) {
          judged = true;
        } else if constexpr (std::is_same_v<T, ChannelsRule>) {
          if (body.inner) RuleInputs(*body.inner, measures, judged);
        }
      },
      rule.body);
}

// The event type when `rule` is a deductions/bonuses rule whose items all
// count events (表彰, 通报 …); "" otherwise.
std::string EventOnly(const Rule& rule) {
  const auto* ar = std::get_if<AdjustmentsRule>(&rule.body);
  if (!ar || ar->items.empty()) return "";
  for (const AdjustmentItem& a : ar->items)
    if (!a.per.events) return "";
  return ar->items.front().per.events->type;
}

bool ForKind(const std::vector<std::string>& kinds, const std::string& kind, const Framework& fw) {
  if (kinds.empty()) return true;
  // A channel weight column (channel weighting) is not an object kind: every item counts.
  if (std::find(fw.object_kinds.begin(), fw.object_kinds.end(), kind) == fw.object_kinds.end())
    return true;
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

Coverage::Observable Resolve(const Coverage& c) {
  if (c.observable != Coverage::Observable::kDefault) return c.observable;
  if (c.mark == Coverage::Mark::kJudgment) return Coverage::Observable::kNone;
  bool scan = false, newmedia = false;
  for (const std::string& m : c.measures) {
    MeasureSource s = SourceOfMeasure(m);
    scan |= s == MeasureSource::kScan;
    newmedia |= s == MeasureSource::kNewMedia;
  }
  return scan       ? Coverage::Observable::kWebsite
         : newmedia ? Coverage::Observable::kNewMedia
                    : Coverage::Observable::kNone;
}

class Builder {
 public:
  Builder(const Framework& fw, CoverageReport& r) : fw_(fw), r_(r) {}

  void Walk(const std::vector<Indicator>& nodes, const std::string& prefix) {
    for (const Indicator& ind : nodes) {
      if (!ind.ExistsFor(r_.kind)) continue;
      std::string path = prefix.empty() ? ind.name : prefix + " / " + ind.name;
      if (ind.is_leaf()) {
        if (ind.rule) Leaf(ind, *ind.rule, path, ind.WeightFor(r_.kind));
      } else {
        Walk(ind.children, path);
      }
    }
  }

 private:
  // A row from an explicit mark, or from `fallback` (the leaf's mark) when the
  // part is judged, or inferred from what the part reads.
  void Add(const Indicator& leaf, const std::string& item_id, const std::string& path,
           const std::string& name, double weight, const std::optional<Coverage>& own,
           const std::optional<Coverage>& fallback, const std::vector<std::string>& measures,
           bool judged, const std::string& event_type, const Location& where) {
    CoverageRow row;
    row.indicator_id = leaf.id;
    row.item_id = item_id;
    row.path = path;
    row.name = name;
    row.weight = weight;
    row.where = where;
    const Coverage* c = own ? &*own : nullptr;
    if (!c && judged && event_type.empty() && fallback) c = &*fallback;
    if (c) {
      row.marked = true;
      row.mark = c->mark;
      row.measures = c->measures;
      row.why = c->why;
      row.proposes = c->propose || c->propose_rule || !c->propose_count.empty() || !c->fill.empty();
      row.observable = Resolve(*c);
    } else if (!event_type.empty()) {
      row.marked = row.inferred = true;
      row.mark = Coverage::Mark::kJudgment;
      row.why = "按事件记录计分（" + event_type +
                "）：表彰、通报、事故等由上级机关或外部作出，凭文件录入，网站上不可判定";
      row.observable = Coverage::Observable::kNone;
    } else if (!judged && !measures.empty() &&
               std::none_of(measures.begin(), measures.end(), [](const std::string& m) {
                 return SourceOfMeasure(m) == MeasureSource::kImport;
               })) {
      // Decided by scan or new-media measures alone. A part that reads an
      // imported value needs an explicit mark: hand input is not "auto".
      row.marked = row.inferred = true;
      row.mark = Coverage::Mark::kAuto;
      row.measures = measures;
      Coverage tmp;
      tmp.mark = Coverage::Mark::kAuto;
      tmp.measures = measures;
      row.observable = Resolve(tmp);
    } else {
      row.marked = false;
      row.observable = Coverage::Observable::kNone;
    }
    for (const std::string& m : row.measures)
      if (FindPendingMeasure(m)) row.pending_measures.push_back(m);
    r_.rows.push_back(std::move(row));
  }

  void Leaf(const Indicator& ind, const Rule& rule, const std::string& path, double w) {
    if (const auto* ch = std::get_if<ChannelsRule>(&rule.body); ch && ch->inner) {
      Leaf(ind, *ch->inner, path, w);
      return;
    }
    if (const auto* cr = std::get_if<CriteriaRule>(&rule.body)) {
      double active = 0;
      for (const Criterion& c : cr->items)
        if (ForKind(c.kinds, r_.kind, fw_)) active += c.percent;
      for (const Criterion& c : cr->items) {
        if (!ForKind(c.kinds, r_.kind, fw_)) continue;
        std::vector<std::string> measures;
        bool judged = false;
        if (c.check) {
          ConditionMeasures(*c.check, measures);
        } else if (c.rule) {
          RuleInputs(*c.rule, measures, judged);
        } else {
          judged = true;
        }
        double cw = active > 0 ? w * c.percent / active : 0;
        std::string event = c.rule && !c.coverage ? EventOnly(*c.rule) : "";
        Add(ind, c.id, path, c.text.empty() ? c.id : c.text, cw, c.coverage, ind.coverage, measures,
            judged, event, c.where);
      }
      return;
    }
    if (const auto* ar = std::get_if<AdjustmentsRule>(&rule.body)) {
      // Each item stands for a share of the weight proportional to the most it
      // can take (its cap, else its amount); equal shares when none is known.
      std::vector<const AdjustmentItem*> items;
      std::vector<double> potential;
      double sum = 0;
      for (const AdjustmentItem& a : ar->items) {
        if (!ForKind(a.kinds, r_.kind, fw_)) continue;
        double p = a.max                 ? *a.max
                   : a.points            ? *a.points
                   : a.percent_of_weight ? w * *a.percent_of_weight / 100.0
                                         : 0;
        if (a.source == AdjustmentItem::Source::kTiers)
          for (const Band& b : a.tiers.bands) p = std::max(p, b.amount);
        p = std::min(p, w);
        items.push_back(&a);
        potential.push_back(p);
        sum += p;
      }
      for (size_t i = 0; i < items.size(); ++i) {
        const AdjustmentItem& a = *items[i];
        std::vector<std::string> measures;
        AddUnique(measures, a.per.measure.name);
        AddUnique(measures, a.tiers.measure.name);
        if (a.when) ConditionMeasures(*a.when, measures);
        bool judged = a.source == AdjustmentItem::Source::kJudged;
        std::string event = a.per.events ? a.per.events->type : "";
        double share = sum > 0 ? potential[i] / sum : 1.0 / static_cast<double>(items.size());
        Add(ind, a.id, path, a.text.empty() ? a.id : a.text, w * share, a.coverage, ind.coverage,
            measures, judged, a.coverage ? "" : event, a.where);
      }
      return;
    }
    std::vector<std::string> measures;
    bool judged = false;
    RuleInputs(rule, measures, judged);
    Add(ind, "", path, ind.name, w, ind.coverage, std::nullopt, measures, judged, "", ind.where);
  }

  const Framework& fw_;
  CoverageReport& r_;
};

double Percent(double part, double whole) { return whole > 0 ? part * 100.0 / whole : 0; }

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v);
  return buf;
}

std::string MeasuresOrWhy(const CoverageRow& row) {
  if (!row.marked) return "（未标注）";
  if (row.mark == Coverage::Mark::kJudgment) return row.why;
  std::string out;
  for (const std::string& m : row.measures) {
    bool pending = std::find(row.pending_measures.begin(), row.pending_measures.end(), m) !=
                   row.pending_measures.end();
    out += (out.empty() ? "" : ", ") + m + (pending ? "（待实现）" : "");
  }
  if (row.proposes) out += "；建议值";
  return out;
}

std::string RowLabel(const CoverageRow& row) {
  return row.item_id.empty() ? row.path : row.path + " · " + row.item_id + " " + row.name;
}

// Markdown table cells must not contain `|` or line breaks.
std::string Cell(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\";
    out += c;
  }
  return out;
}

}  // namespace

const char* CoverageMarkName(Coverage::Mark m) {
  switch (m) {
    case Coverage::Mark::kAuto:
      return "auto";
    case Coverage::Mark::kAssisted:
      return "assisted";
    case Coverage::Mark::kJudgment:
      break;
  }
  return "judgment";
}

const char* CoverageMarkLabel(Coverage::Mark m) {
  switch (m) {
    case Coverage::Mark::kAuto:
      return "自动";
    case Coverage::Mark::kAssisted:
      return "辅助";
    case Coverage::Mark::kJudgment:
      break;
  }
  return "人工";
}

const char* ObservableName(Coverage::Observable o) {
  switch (o) {
    case Coverage::Observable::kWebsite:
      return "website";
    case Coverage::Observable::kNewMedia:
      return "newmedia";
    default:
      break;
  }
  return "none";
}

double CoverageReport::AutoPercent() const { return Percent(auto_weight, total); }
double CoverageReport::AssistedPercent() const { return Percent(assisted_weight, total); }
double CoverageReport::JudgmentPercent() const { return Percent(judgment_weight, total); }
double CoverageReport::ObservableCoveredPercent() const {
  return observable_weight > 0 ? Percent(observable_covered_weight, observable_weight) : 100;
}

CoverageReport ComputeCoverage(const Framework& fw, const std::string& kind) {
  CoverageReport r;
  r.framework_id = fw.id;
  r.title = fw.title;
  r.kind = kind.empty() ? fw.DefaultKind() : kind;
  Builder(fw, r).Walk(fw.indicators, "");
  for (const CoverageRow& row : r.rows) {
    r.total += row.weight;
    if (!row.marked) {
      r.unmarked_weight += row.weight;
      ++r.unmarked_rows;
    } else if (row.mark == Coverage::Mark::kAuto) {
      r.auto_weight += row.weight;
    } else if (row.mark == Coverage::Mark::kAssisted) {
      r.assisted_weight += row.weight;
    } else {
      r.judgment_weight += row.weight;
    }
    if (row.marked && row.observable != Coverage::Observable::kNone) {
      r.observable_weight += row.weight;
      if (row.mark != Coverage::Mark::kJudgment) r.observable_covered_weight += row.weight;
    }
  }
  return r;
}

namespace {

class CoverageChecker {
 public:
  CoverageChecker(const Framework& fw, Diagnostics& diags) : fw_(fw), diags_(diags) {}

  void Walk(const std::vector<Indicator>& nodes) {
    for (const Indicator& ind : nodes) {
      if (!ind.is_leaf() && ind.coverage)
        diags_.Error(ind.coverage->where, ind.id, "coverage belongs on a leaf or its items");
      if (ind.coverage) Mark(*ind.coverage, ind.id);
      if (ind.rule) RuleMarks(*ind.rule, ind.id);
      Walk(ind.children);
    }
  }

 private:
  void RuleMarks(const Rule& rule, const std::string& id) {
    if (const auto* cr = std::get_if<CriteriaRule>(&rule.body)) {
      for (const Criterion& c : cr->items)
        if (c.coverage) Mark(*c.coverage, id);
    } else if (const auto* ar = std::get_if<AdjustmentsRule>(&rule.body)) {
      for (const AdjustmentItem& a : ar->items)
        if (a.coverage) Mark(*a.coverage, id);
    } else if (const auto* ch = std::get_if<ChannelsRule>(&rule.body); ch && ch->inner) {
      RuleMarks(*ch->inner, id);
    }
  }

  // Known (documented or declared) → fine; pending → warning; else error.
  // Returns false for an unknown name.
  bool Measure(const std::string& name, const Location& at, const std::string& id) {
    bool declared = std::any_of(
        fw_.measures.begin(), fw_.measures.end(),
        [&](const MeasureDecl& d) { return d.name == name || MeasureNameMatches(d.name, name); });
    if (declared || FindKnownMeasure(name)) return true;
    if (FindPendingMeasure(name)) {
      diags_.Warning(
          at, id,
          "pending measure '" + name +
              "' (named by a coverage mark; no scan produces it yet, see docs/coverage.md)");
      return true;
    }
    diags_.Error(at, id,
                 "coverage names unknown measure '" + name +
                     "' (not in docs/measures.md, not pending, not declared in 'measures:')");
    return false;
  }

  void Mark(const Coverage& c, const std::string& id) {
    const bool proposes =
        c.propose || c.propose_rule || !c.propose_count.empty() || !c.fill.empty();
    if (c.mark == Coverage::Mark::kJudgment) {
      if (c.why.empty())
        diags_.Error(c.where, id,
                     "a judgment coverage mark needs 'why' (why no machine can decide it)");
      if (c.observable == Coverage::Observable::kWebsite ||
          c.observable == Coverage::Observable::kNewMedia)
        diags_.Error(
            c.where, id,
            std::string("observable on the ") +
                (c.observable == Coverage::Observable::kWebsite ? "website" : "new media") +
                " but marked judgment: name the measure that decides it (auto) or "
                "pre-fills it (assisted)");
      if (!c.measures.empty() || proposes)
        diags_.Error(c.where, id, "a judgment coverage mark takes no measures, propose or fill");
      return;
    }
    if (c.measures.empty())
      diags_.Error(c.where, id,
                   std::string("an ") + CoverageMarkName(c.mark) +
                       " coverage mark needs 'measures' (the measures that decide or pre-fill it)");
    for (const std::string& m : c.measures) Measure(m, c.where, id);
    if (proposes && c.mark != Coverage::Mark::kAssisted)
      diags_.Error(c.where, id, "'propose' and 'fill' belong to an assisted mark");
    if (c.propose) CheckCondition(*c.propose, c.where, id);
    if (!c.propose_count.empty()) Measure(c.propose_count.name, c.where, id);
    if (c.propose_rule) {
      std::vector<std::string> ms;
      bool judged = false;
      RuleInputs(*c.propose_rule, ms, judged);
      if (judged) diags_.Error(c.where, id, "a proposal rule must be decided by measures alone");
      for (const std::string& m : ms) Measure(m, c.where, id);
    }
    for (const auto& [imported, scanned] : c.fill) {
      (void)imported;
      Measure(scanned, c.where, id);
    }
    bool machine = std::any_of(c.measures.begin(), c.measures.end(), [](const std::string& m) {
      return SourceOfMeasure(m) != MeasureSource::kImport;
    });
    if ((c.observable == Coverage::Observable::kWebsite ||
         c.observable == Coverage::Observable::kNewMedia) &&
        !machine)
      diags_.Error(c.where, id,
                   "observable, but only imported measures are named: name the scan (or new-media) "
                   "measure that decides or pre-fills it");
  }

  void CheckCondition(const Condition& c, const Location& at, const std::string& id) {
    if (!c.measure.empty()) Measure(c.measure.name, at, id);
    for (const Condition& child : c.children) CheckCondition(child, at, id);
  }

  const Framework& fw_;
  Diagnostics& diags_;
};

}  // namespace

void CheckCoverage(const Framework& fw, Diagnostics& diags) {
  if (fw.composite) return;
  CoverageChecker(fw, diags).Walk(fw.indicators);
  // Judged parts without a mark, over every weight column (items may exist for
  // one kind only); reported once each.
  std::vector<std::string> keys = fw.object_kinds;
  if (fw.result.channel_weighting) keys = fw.result.channel_weighting->channels;
  if (keys.empty()) keys.push_back("");
  std::set<std::pair<std::string, std::string>> seen;
  for (const std::string& kind : keys) {
    for (const CoverageRow& row : ComputeCoverage(fw, kind).rows) {
      if (row.marked || !seen.insert({row.indicator_id, row.item_id}).second) continue;
      diags.Warning(
          row.where, row.indicator_id,
          "no coverage mark on judged " +
              (row.item_id.empty() ? std::string("indicator") : "item '" + row.item_id + "'") +
              " (write coverage: {mark: assisted, measures: [...]} or {mark: judgment, "
              "why: ...})");
    }
  }
}

std::string CoverageText(const CoverageReport& r) {
  std::string out = r.framework_id + "  " + r.title + "（权重列：" + r.kind + "）\n";
  for (const CoverageRow& row : r.rows) {
    char w[32];
    std::snprintf(w, sizeof w, "%8s", FormatWeight(row.weight).c_str());
    out += std::string(w) + "  " + (row.marked ? CoverageMarkLabel(row.mark) : "未标") + "  " +
           (row.observable == Coverage::Observable::kWebsite    ? "网站"
            : row.observable == Coverage::Observable::kNewMedia ? "新媒体"
                                                                : "——") +
           "  " + RowLabel(row) + "  ← " + MeasuresOrWhy(row) + "\n";
  }
  out += "权重合计 " + FormatWeight(r.total) + "：自动 " + Pct(r.AutoPercent()) + "，辅助 " +
         Pct(r.AssistedPercent()) + "，人工 " + Pct(r.JudgmentPercent()) +
         (r.unmarked_rows ? "，未标注 " + Pct(Percent(r.unmarked_weight, r.total)) + "（" +
                                std::to_string(r.unmarked_rows) + " 项）"
                          : "") +
         "\n网站/新媒体可观察的权重 " + FormatWeight(r.observable_weight) + "，其中自动+辅助 " +
         Pct(r.ObservableCoveredPercent()) + "\n";
  return out;
}

nlohmann::json CoverageJson(const CoverageReport& r) {
  nlohmann::json j;
  j["framework"] = {{"id", r.framework_id}, {"title", r.title}};
  j["kind"] = r.kind;
  j["rows"] = nlohmann::json::array();
  for (const CoverageRow& row : r.rows) {
    nlohmann::json jr = {{"indicator", row.indicator_id},
                         {"item", row.item_id},
                         {"path", row.path},
                         {"name", row.name},
                         {"weight", row.weight},
                         {"mark", row.marked ? CoverageMarkName(row.mark) : nullptr},
                         {"inferred", row.inferred},
                         {"observable", ObservableName(row.observable)},
                         {"measures", row.measures},
                         {"pending_measures", row.pending_measures},
                         {"proposes", row.proposes}};
    if (row.mark == Coverage::Mark::kJudgment && row.marked) jr["why"] = row.why;
    j["rows"].push_back(std::move(jr));
  }
  j["shares"] = {{"total_weight", r.total},
                 {"auto", r.AutoPercent()},
                 {"assisted", r.AssistedPercent()},
                 {"judgment", r.JudgmentPercent()},
                 {"unmarked", Percent(r.unmarked_weight, r.total)},
                 {"observable_weight", r.observable_weight},
                 {"observable_auto_or_assisted", r.ObservableCoveredPercent()}};
  return j;
}

std::string CoverageMarkdown(const CoverageReport& r) {
  std::string out = "## " + r.framework_id + " — " + r.title + "\n\n";
  out += "权重列 " + r.kind + "，权重合计 " + FormatWeight(r.total) + "：**自动 " +
         Pct(r.AutoPercent()) + "，辅助 " + Pct(r.AssistedPercent()) + "，人工 " +
         Pct(r.JudgmentPercent()) + "**" +
         (r.unmarked_rows ? "，未标注 " + Pct(Percent(r.unmarked_weight, r.total)) : "") +
         "。网站/新媒体可观察的权重 " + FormatWeight(r.observable_weight) + "，其中自动+辅助 **" +
         Pct(r.ObservableCoveredPercent()) + "**。\n\n";
  out += "| 指标 | 权重 | 标记 | 可观察 | 测量值 / 人工理由 |\n| --- | --- | --- | --- | --- |\n";
  for (const CoverageRow& row : r.rows) {
    out += "| " + Cell(RowLabel(row)) + " | " + FormatWeight(row.weight) + " | " +
           (row.marked ? CoverageMarkName(row.mark) : "—") + " | " +
           ObservableName(row.observable) + " | " + Cell(MeasuresOrWhy(row)) + " |\n";
  }
  return out + "\n";
}

namespace {

std::vector<std::string> WeightColumns(const Framework& fw) {
  if (fw.result.channel_weighting) return fw.result.channel_weighting->channels;
  if (fw.object_kinds.empty()) return {""};
  return fw.object_kinds;
}

}  // namespace

std::string CoverageDocument(const std::string& frameworks_dir) {
  std::string out =
      "# Coverage: which indicators a machine decides\n\n"
      "Generated by `govscore framework coverage --all --markdown` "
      "(scripts/update-coverage-doc.sh);\n"
      "do not edit by hand — the test `framework_test --gtest_filter=Coverage*` fails when this\n"
      "file differs from the frameworks. Marks are explained in docs/framework-format.md §12.\n\n"
      "- **auto** (自动): a measure decides the part; scoring a scan fills it without hand input.\n"
      "- **assisted** (辅助): a measure pre-fills a proposal with its evidence; the part stays "
      "待评\n"
      "  until a reviewer confirms (`value: confirm`) or overrides it.\n"
      "- **judgment** (人工): only a person can decide it; the reason is given.\n"
      "- **可观察**: website = observable on the unit's own website, newmedia = in its exported\n"
      "  new-media posts, none = neither. The bar: every observable part is auto or assisted.\n"
      "- Weights: a criteria item stands for its percent of the leaf weight; a deduction/bonus\n"
      "  item for a share proportional to the most it can take. Shares count every leaf (normal,\n"
      "  bonus and penalty).\n"
      "- A measure marked （待实现） is named by the marks but no scan produces it yet\n"
      "  (`framework check` warns \"pending measure\"); until then those parts stay 待评.\n\n"
      "## Summary\n\n"
      "| framework | 权重列 | 自动 | 辅助 | 人工 | 可观察权重中自动+辅助 |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  std::string sections;
  for (const CatalogEntry& e : ListFrameworks(frameworks_dir)) {
    Framework fw = LoadValidFramework(e.path);
    if (fw.composite) {
      std::string parts;
      for (const CompositePart& p : fw.composite->parts)
        parts += (parts.empty() ? "" : " + ") + p.framework + " " + FormatWeight(p.percent) + "%";
      out += "| " + fw.id + " | 组合：" + Cell(parts) + " | | | | |\n";
      continue;
    }
    for (const std::string& kind : WeightColumns(fw)) {
      CoverageReport r = ComputeCoverage(fw, kind);
      out += "| " + fw.id + " | " + r.kind + " | " + Pct(r.AutoPercent()) + " | " +
             Pct(r.AssistedPercent()) + " | " + Pct(r.JudgmentPercent()) + " | " +
             Pct(r.ObservableCoveredPercent()) + " |\n";
    }
    sections += CoverageMarkdown(ComputeCoverage(fw));
  }
  std::string pending;
  for (const KnownMeasure& m : PendingMeasures())
    if (!FindKnownMeasure(m.pattern))
      pending += (pending.empty() ? "" : ", ") + ("`" + m.pattern + "`");
  out += "\n## Pending measures\n\nNamed by coverage marks, not yet produced by a scan: " +
         (pending.empty() ? std::string("none") : pending) + ".\n\n";
  return out + sections;
}

}  // namespace govscore::framework

#include "framework/framework_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.h"
#include "framework/framework_check.h"

namespace govscore::framework {
namespace {

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (*begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

nlohmann::json YamlToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json obj = nlohmann::json::object();
    for (const auto& kv : node) obj[kv.first.Scalar()] = YamlToJson(kv.second);
    return obj;
  }
  if (node.IsSequence()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& item : node) arr.push_back(YamlToJson(item));
    return arr;
  }
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (node.Tag() != "!") {
      if (std::optional<double> n = ParseNumber(s)) return *n;
      if (s == "true") return true;
      if (s == "false") return false;
    }
    return s;
  }
  return nullptr;
}

// Walks the YAML tree with the file name, the diagnostics and the indicator
// being read, so every message can say where.
class Reader {
 public:
  Reader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  Location At(const YAML::Node& node) const {
    int line = node.Mark().line;
    return Location{file_, line >= 0 ? line + 1 : 0};
  }
  void Fail(const YAML::Node& node, const std::string& message) {
    diags_.Error(At(node), indicator_, message);
  }

  void Parse(const YAML::Node& root, Framework& fw);

 private:
  bool ExpectMap(const YAML::Node& node, const std::string& what) {
    if (node.IsMap()) return true;
    Fail(node, what + " must be a mapping");
    return false;
  }
  bool ExpectSeq(const YAML::Node& node, const std::string& what) {
    if (node.IsSequence()) return true;
    Fail(node, what + " must be a list");
    return false;
  }
  void CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed,
                 const std::string& what) {
    if (!node.IsMap()) return;
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      if (!allowed.count(key)) {
        std::string list;
        for (const std::string& k : allowed) list += (list.empty() ? "" : ", ") + k;
        Fail(kv.first, "unknown key '" + key + "' in " + what + " (allowed: " + list + ")");
      }
    }
  }
  std::string Text(const YAML::Node& node, const std::string& what) {
    if (!node) return {};
    if (!node.IsScalar()) {
      Fail(node, what + " must be text");
      return {};
    }
    return node.Scalar();
  }
  std::string Required(const YAML::Node& map, const std::string& key, const std::string& what) {
    if (!map[key]) {
      Fail(map, what + " needs '" + key + "'");
      return {};
    }
    return Text(map[key], what + "." + key);
  }
  // A number, or "$param" resolved against the framework's params.
  std::optional<double> Number(const YAML::Node& node, const std::string& what) {
    if (!node) return std::nullopt;
    if (!node.IsScalar()) {
      Fail(node, what + " must be a number");
      return std::nullopt;
    }
    const std::string& s = node.Scalar();
    if (!s.empty() && s[0] == '$') {
      auto it = params_->find(s.substr(1));
      if (it == params_->end()) {
        Fail(node, "unknown param '" + s + "' in " + what);
        return std::nullopt;
      }
      return it->second.value;
    }
    std::optional<double> value = ParseNumber(s);
    if (!value) Fail(node, what + " must be a number, got '" + s + "'");
    return value;
  }
  double NumberOr(const YAML::Node& node, const std::string& what, double fallback) {
    return Number(node, what).value_or(fallback);
  }
  std::vector<std::string> TextList(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return out;
    }
    if (!ExpectSeq(node, what)) return out;
    for (const auto& item : node) out.push_back(Text(item, what));
    return out;
  }
  std::map<std::string, double> NumberMap(const YAML::Node& node, const std::string& what) {
    std::map<std::string, double> out;
    if (!node || !ExpectMap(node, what)) return out;
    for (const auto& kv : node) {
      if (std::optional<double> v = Number(kv.second, what + "." + kv.first.Scalar()))
        out[kv.first.Scalar()] = *v;
    }
    return out;
  }
  std::optional<Date> DateValue(const YAML::Node& node, const std::string& what) {
    if (!node) return std::nullopt;
    std::optional<Date> d = node.IsScalar() ? Date::Parse(node.Scalar()) : std::nullopt;
    if (!d) Fail(node, what + " must be a date YYYY-MM-DD");
    return d;
  }
  Literal LiteralValue(const YAML::Node& node) {
    if (!node) return std::monostate{};
    if (!node.IsScalar()) {
      Fail(node, "condition value must be a scalar");
      return std::monostate{};
    }
    const std::string& s = node.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
    if (!s.empty() && s[0] == '$') return NumberOr(node, "value", 0);
    if (std::optional<double> n = ParseNumber(s)) return *n;
    if (std::optional<Date> d = Date::Parse(s)) return *d;
    return s;
  }

  MeasureRef Measure(const YAML::Node& map, const std::string& key = "measure") {
    MeasureRef ref;
    const YAML::Node node = map[key];
    if (!node) return ref;
    if (node.IsMap() && key != "measure") {
      // Map form for ratio/response_time inputs: {measure: X, sample: 3, agg: sum}.
      CheckKeys(node, {"measure", "sample", "agg"}, key);
      return Measure(node);
    }
    ref.name = Text(node, key);
    ref.where = At(node);
    if (key == "measure") {
      if (map["sample"]) ref.sample = static_cast<int>(NumberOr(map["sample"], "sample", 0));
      if (map["agg"]) ref.agg = Text(map["agg"], "agg");
    }
    return ref;
  }

  Condition ParseCondition(const YAML::Node& node);
  EventFilter ParseEvents(const YAML::Node& node);
  Band ParseBand(const YAML::Node& node, bool points_only);
  Tiers ParseTiers(const YAML::Node& node, bool points_only);
  std::shared_ptr<const Rule> ParseRule(const YAML::Node& node);
  AdjustmentItem ParseAdjustment(const YAML::Node& node);
  Veto ParseVeto(const YAML::Node& node);
  Coverage ParseCoverage(const YAML::Node& node);
  Indicator ParseIndicator(const YAML::Node& node, int level, Polarity inherited);
  void ParseResult(const YAML::Node& node, Result& result);
  Composite ParseComposite(const YAML::Node& node);

  std::string file_;
  Diagnostics& diags_;
  std::string indicator_;
  const std::map<std::string, Param>* params_ = nullptr;
};

Condition Reader::ParseCondition(const YAML::Node& node) {
  Condition c;
  c.where = At(node);
  if (!ExpectMap(node, "condition")) return c;
  auto children = [&](const YAML::Node& list, Condition::Kind kind) {
    c.kind = kind;
    if (kind == Condition::Kind::kNot) {
      c.children.push_back(ParseCondition(list));
      return;
    }
    if (!ExpectSeq(list, "condition list")) return;
    for (const auto& item : list) c.children.push_back(ParseCondition(item));
  };
  if (node["all"]) {
    CheckKeys(node, {"all"}, "condition");
    children(node["all"], Condition::Kind::kAll);
  } else if (node["any"]) {
    CheckKeys(node, {"any"}, "condition");
    children(node["any"], Condition::Kind::kAny);
  } else if (node["not"]) {
    CheckKeys(node, {"not"}, "condition");
    children(node["not"], Condition::Kind::kNot);
  } else if (node["data"]) {
    CheckKeys(node, {"data", "contains_unit"}, "data condition");
    c.kind = Condition::Kind::kData;
    c.data_key = Text(node["data"], "data");
    c.contains_unit = Text(node["contains_unit"], "contains_unit") != "false";
    return c;
  } else if (node["part"]) {
    CheckKeys(node, {"part", "op", "value"}, "gate condition");
    c.kind = Condition::Kind::kPart;
    c.part = Text(node["part"], "part");
    c.op = Required(node, "op", "condition");
    c.value = LiteralValue(node["value"]);
  } else {
    CheckKeys(node, {"measure", "sample", "agg", "op", "value"}, "condition");
    c.kind = Condition::Kind::kCompare;
    c.measure = Measure(node);
    if (c.measure.empty()) Fail(node, "condition needs 'measure' (or all/any/not)");
    c.op = Required(node, "op", "condition");
    c.value = LiteralValue(node["value"]);
  }
  return c;
}

EventFilter Reader::ParseEvents(const YAML::Node& node) {
  EventFilter f;
  if (!ExpectMap(node, "events filter")) return f;
  CheckKeys(node, {"type", "level", "channel", "since", "until"}, "events filter");
  f.type = Required(node, "type", "events filter");
  f.levels = TextList(node["level"], "level");
  f.channel = Text(node["channel"], "channel");
  f.since = DateValue(node["since"], "since");
  f.until = DateValue(node["until"], "until");
  return f;
}

Band Reader::ParseBand(const YAML::Node& node, bool points_only) {
  Band b;
  b.where = At(node);
  if (!ExpectMap(node, "band")) return b;
  CheckKeys(node, {"min", "max", "percent", "points"}, "band");
  b.min = Number(node["min"], "band min");
  b.max = Number(node["max"], "band max");
  if (node["percent"] && node["points"]) Fail(node, "a band gives either percent or points");
  if (node["points"]) {
    b.is_points = true;
    b.amount = NumberOr(node["points"], "band points", 0);
  } else if (node["percent"] && !points_only) {
    b.amount = NumberOr(node["percent"], "band percent", 0);
  } else {
    Fail(node, points_only ? "a deduction band needs 'points'" : "a band needs percent or points");
  }
  return b;
}

Tiers Reader::ParseTiers(const YAML::Node& node, bool points_only) {
  Tiers t;
  t.where = At(node);
  t.measure = Measure(node);
  if (t.measure.empty()) Fail(node, "tiers need 'measure'");
  if (node["bands"] && ExpectSeq(node["bands"], "bands")) {
    for (const auto& band : node["bands"]) t.bands.push_back(ParseBand(band, points_only));
  } else if (!node["bands"]) {
    Fail(node, "tiers need 'bands'");
  }
  t.else_amount = NumberOr(node["else"], "else", 0);
  return t;
}

AdjustmentItem Reader::ParseAdjustment(const YAML::Node& node) {
  AdjustmentItem item;
  item.where = At(node);
  if (!ExpectMap(node, "item")) return item;
  CheckKeys(node,
            {"id", "text", "points", "percent_of_weight", "max", "per", "when", "tiers", "kinds",
             "coverage"},
            "deduction/bonus item");
  if (node["coverage"]) item.coverage = ParseCoverage(node["coverage"]);
  item.kinds = TextList(node["kinds"], "kinds");
  item.id = Required(node, "id", "item");
  item.text = Text(node["text"], "text");
  item.points = Number(node["points"], "points");
  item.percent_of_weight = Number(node["percent_of_weight"], "percent_of_weight");
  item.max = Number(node["max"], "max");
  int sources = 0;
  if (node["per"]) {
    ++sources;
    item.source = AdjustmentItem::Source::kPer;
    const YAML::Node per = node["per"];
    if (ExpectMap(per, "per")) {
      CheckKeys(per, {"events", "measure", "sample", "agg", "skip_charged_by"}, "per");
      if (per["events"]) item.per.events = ParseEvents(per["events"]);
      item.per.measure = Measure(per);
      item.per.skip_charged_by = TextList(per["skip_charged_by"], "skip_charged_by");
      if (!per["events"] == item.per.measure.empty())
        Fail(per, "per needs exactly one of 'events' or 'measure'");
    }
  }
  if (node["when"]) {
    ++sources;
    item.source = AdjustmentItem::Source::kWhen;
    item.when = ParseCondition(node["when"]);
  }
  if (node["tiers"]) {
    ++sources;
    item.source = AdjustmentItem::Source::kTiers;
    if (ExpectMap(node["tiers"], "tiers")) {
      CheckKeys(node["tiers"], {"measure", "sample", "agg", "bands", "else"}, "tiers");
      item.tiers = ParseTiers(node["tiers"], true);
    }
  }
  if (sources > 1) Fail(node, "item '" + item.id + "' has more than one of per/when/tiers");
  if (item.source != AdjustmentItem::Source::kTiers && !item.points && !item.percent_of_weight)
    Fail(node, "item '" + item.id + "' needs 'points' or 'percent_of_weight'");
  if (item.points && item.percent_of_weight)
    Fail(node, "item '" + item.id + "' has both 'points' and 'percent_of_weight'");
  return item;
}

std::shared_ptr<const Rule> Reader::ParseRule(const YAML::Node& node) {
  auto rule = std::make_shared<Rule>();
  rule->where = At(node);
  if (!ExpectMap(node, "rule")) return rule;
  rule->type = Required(node, "type", "rule");
  const std::string& type = rule->type;
  if (type == "criteria") {
    CheckKeys(node, {"type", "items", "percent_total"}, "criteria rule");
    CriteriaRule body;
    body.percent_total = Number(node["percent_total"], "percent_total");
    if (!node["items"]) Fail(node, "criteria rule needs 'items'");
    if (node["items"] && ExpectSeq(node["items"], "items")) {
      for (const auto& it : node["items"]) {
        Criterion c;
        c.where = At(it);
        if (!ExpectMap(it, "criterion")) continue;
        CheckKeys(it, {"id", "text", "percent", "check", "rule", "veto", "kinds", "coverage"},
                  "criterion");
        if (it["coverage"]) c.coverage = ParseCoverage(it["coverage"]);
        c.kinds = TextList(it["kinds"], "kinds");
        if (it["veto"] && ExpectSeq(it["veto"], "veto"))
          for (const auto& v : it["veto"]) c.vetoes.push_back(ParseVeto(v));
        c.id = Required(it, "id", "criterion");
        c.text = Text(it["text"], "text");
        if (!it["percent"]) Fail(it, "criterion '" + c.id + "' needs 'percent'");
        c.percent = NumberOr(it["percent"], "percent", 0);
        if (it["check"]) c.check = ParseCondition(it["check"]);
        if (it["rule"]) c.rule = ParseRule(it["rule"]);
        if (c.check && c.rule) Fail(it, "criterion '" + c.id + "' has both 'check' and 'rule'");
        body.items.push_back(std::move(c));
      }
    }
    rule->body = std::move(body);
  } else if (type == "tiers") {
    CheckKeys(node, {"type", "measure", "sample", "agg", "bands", "else"}, "tiers rule");
    rule->body = TiersRule{ParseTiers(node, false)};
  } else if (type == "increment") {
    CheckKeys(node, {"type", "measure", "sample", "agg", "from", "base", "step", "max", "below"},
              "increment rule");
    IncrementRule body;
    body.measure = Measure(node);
    if (body.measure.empty()) Fail(node, "increment rule needs 'measure'");
    for (const char* key : {"from", "base", "step"})
      if (!node[key]) Fail(node, std::string("increment rule needs '") + key + "'");
    body.from = NumberOr(node["from"], "from", 0);
    body.base = NumberOr(node["base"], "base", 0);
    body.step = NumberOr(node["step"], "step", 0);
    body.max = NumberOr(node["max"], "max", 100);
    body.below = NumberOr(node["below"], "below", 0);
    rule->body = body;
  } else if (type == "deductions" || type == "bonuses") {
    CheckKeys(node, {"type", "cap", "items"}, type + " rule");
    AdjustmentsRule body;
    body.bonus = type == "bonuses";
    body.cap = Number(node["cap"], "cap");
    if (!node["items"]) Fail(node, type + " rule needs 'items'");
    if (node["items"] && ExpectSeq(node["items"], "items"))
      for (const auto& it : node["items"]) body.items.push_back(ParseAdjustment(it));
    rule->body = std::move(body);
  } else if (type == "ratio") {
    CheckKeys(node, {"type", "total", "failed", "passed", "empty"}, "ratio rule");
    RatioRule body;
    body.total = Measure(node, "total");
    body.failed = Measure(node, "failed");
    body.passed = Measure(node, "passed");
    body.empty_percent = Number(node["empty"], "empty");
    if (body.total.empty()) Fail(node, "ratio rule needs 'total'");
    if (body.failed.empty() == body.passed.empty())
      Fail(node, "ratio rule needs exactly one of 'failed' or 'passed'");
    rule->body = body;
  } else if (type == "average") {
    CheckKeys(node, {"type", "measure", "sample", "agg", "periods", "missing"}, "average rule");
    AverageRule body;
    body.measure = Measure(node);
    if (body.measure.empty()) Fail(node, "average rule needs 'measure'");
    body.periods = TextList(node["periods"], "periods");
    if (body.periods.empty()) Fail(node, "average rule needs 'periods'");
    if (node["missing"]) body.missing = Text(node["missing"], "missing");
    if (body.missing != "pending" && body.missing != "zero" && body.missing != "skip")
      Fail(node["missing"], "missing must be pending, zero or skip");
    rule->body = body;
  } else if (type == "benchmark") {
    CheckKeys(node, {"type", "measure", "sample", "agg", "scope"}, "benchmark rule");
    BenchmarkRule body;
    body.measure = Measure(node);
    if (body.measure.empty()) Fail(node, "benchmark rule needs 'measure'");
    if (node["scope"]) body.scope = Text(node["scope"], "scope");
    if (body.scope != "kind" && body.scope != "campaign")
      Fail(node["scope"], "scope must be kind or campaign");
    rule->body = body;
  } else if (type == "response_time") {
    CheckKeys(node, {"type", "measure", "from", "to", "days", "windows", "else"},
              "response_time rule");
    ResponseTimeRule body;
    body.measure = Measure(node);
    body.from = Measure(node, "from");
    body.to = Measure(node, "to");
    if (body.measure.empty() == (body.from.empty() || body.to.empty()))
      Fail(node, "response_time needs either 'measure' or both 'from' and 'to'");
    if (node["days"]) {
      std::string days = Text(node["days"], "days");
      if (days != "working" && days != "calendar")
        Fail(node["days"], "days must be working or calendar");
      body.working_days = days != "calendar";
    }
    if (node["windows"] && ExpectSeq(node["windows"], "windows")) {
      for (const auto& w : node["windows"]) {
        CheckKeys(w, {"within", "percent"}, "window");
        body.windows.push_back(
            {NumberOr(w["within"], "within", 0), NumberOr(w["percent"], "percent", 0)});
      }
    } else {
      Fail(node, "response_time needs 'windows'");
    }
    body.else_percent = NumberOr(node["else"], "else", 0);
    rule->body = body;
  } else if (type == "pass_fail") {
    CheckKeys(node, {"type", "check"}, "pass_fail rule");
    PassFailRule body;
    if (node["check"]) body.check = ParseCondition(node["check"]);
    rule->body = body;
  } else if (type == "judgment") {
    CheckKeys(node, {"type", "min", "max", "step"}, "judgment rule");
    rule->body = JudgmentRule{Number(node["min"], "min"), Number(node["max"], "max"),
                              Number(node["step"], "step")};
  } else if (type == "channels") {
    CheckKeys(node, {"type", "class", "over", "weights", "rule"}, "channels rule");
    ChannelsRule body;
    body.klass = Required(node, "class", "channels rule");
    if (body.klass != "A" && body.klass != "B" && body.klass != "C")
      Fail(node, "channels class must be A, B or C");
    body.over = TextList(node["over"], "over");
    if (body.over.empty()) Fail(node, "channels rule needs 'over'");
    body.weights = NumberMap(node["weights"], "weights");
    if (node["rule"]) {
      body.inner = ParseRule(node["rule"]);
    } else {
      Fail(node, "channels rule needs an inner 'rule'");
    }
    rule->body = body;
  } else if (!type.empty()) {
    Fail(node["type"],
         "unknown rule type '" + type +
             "' (known: criteria, tiers, increment, deductions, bonuses, ratio, average, "
             "benchmark, response_time, pass_fail, judgment, channels)");
  }
  return rule;
}

Veto Reader::ParseVeto(const YAML::Node& node) {
  Veto v;
  v.where = At(node);
  if (!ExpectMap(node, "veto")) return v;
  CheckKeys(node, {"id", "text", "when", "judged_required"}, "veto");
  v.id = Required(node, "id", "veto");
  v.text = Text(node["text"], "text");
  if (node["when"]) v.when = ParseCondition(node["when"]);
  v.judged_required = Text(node["judged_required"], "judged_required") == "true";
  return v;
}

Coverage Reader::ParseCoverage(const YAML::Node& node) {
  Coverage cov;
  cov.where = At(node);
  std::string mark;
  if (node.IsScalar()) {
    mark = node.Scalar();  // shorthand `coverage: auto`
  } else if (ExpectMap(node, "coverage")) {
    CheckKeys(node, {"mark", "measures", "why", "observable", "propose", "fill"}, "coverage");
    if (const YAML::Node f = node["fill"]; f && ExpectMap(f, "fill"))
      for (const auto& kv : f) cov.fill[kv.first.Scalar()] = Text(kv.second, "fill");
    mark = Required(node, "mark", "coverage");
    cov.measures = TextList(node["measures"], "coverage measures");
    cov.why = Text(node["why"], "why");
    if (node["observable"]) {
      std::string obs = Text(node["observable"], "observable");
      if (obs == "website") {
        cov.observable = Coverage::Observable::kWebsite;
      } else if (obs == "newmedia") {
        cov.observable = Coverage::Observable::kNewMedia;
      } else if (obs == "none") {
        cov.observable = Coverage::Observable::kNone;
      } else {
        Fail(node["observable"], "observable must be website, newmedia or none");
      }
    }
    if (const YAML::Node p = node["propose"]) {
      if (p.IsMap() && p["type"]) {
        cov.propose_rule = ParseRule(p);
      } else if (p.IsMap() && p["count"]) {
        CheckKeys(p, {"count"}, "propose");
        cov.propose_count.name = Text(p["count"], "propose count");
        cov.propose_count.where = At(p["count"]);
      } else {
        cov.propose = ParseCondition(p);
      }
    }
  }
  if (mark == "auto") {
    cov.mark = Coverage::Mark::kAuto;
  } else if (mark == "assisted") {
    cov.mark = Coverage::Mark::kAssisted;
  } else if (mark == "judgment") {
    cov.mark = Coverage::Mark::kJudgment;
  } else {
    Fail(node, "coverage mark must be auto, assisted or judgment, got '" + mark + "'");
  }
  return cov;
}

Indicator Reader::ParseIndicator(const YAML::Node& node, int level, Polarity inherited) {
  Indicator ind;
  ind.level = level;
  ind.where = At(node);
  ind.polarity = inherited;
  if (!ExpectMap(node, "indicator")) return ind;
  std::string saved = indicator_;
  ind.id = Text(node["id"], "id");
  indicator_ = ind.id;
  if (ind.id.empty()) Fail(node, "indicator needs 'id'");
  CheckKeys(node,
            {"id", "name", "weight", "weights", "description", "criteria_text", "assumption",
             "polarity", "data", "veto", "not_applicable", "applicable_when", "cap", "children",
             "rule", "note", "deduct", "sample_children", "coverage"},
            "indicator");
  if (node["coverage"]) ind.coverage = ParseCoverage(node["coverage"]);
  ind.name = Text(node["name"], "name");
  if (ind.name.empty()) Fail(node, "indicator needs 'name'");
  ind.weight = Number(node["weight"], "weight");
  ind.weights = NumberMap(node["weights"], "weights");
  if (ind.weight && !ind.weights.empty()) Fail(node, "give either 'weight' or 'weights'");
  ind.description = Text(node["description"], "description");
  ind.criteria_text = Text(node["criteria_text"], "criteria_text");
  ind.assumption = Text(node["assumption"], "assumption");
  ind.data_key = Text(node["data"], "data");
  if (node["polarity"]) {
    std::string p = Text(node["polarity"], "polarity");
    if (p == "normal") {
      ind.polarity = Polarity::kNormal;
    } else if (p == "bonus") {
      ind.polarity = Polarity::kBonus;
    } else if (p == "penalty") {
      ind.polarity = Polarity::kPenalty;
    } else {
      Fail(node["polarity"], "polarity must be normal, bonus or penalty");
    }
  }
  if (node["veto"] && ExpectSeq(node["veto"], "veto"))
    for (const auto& v : node["veto"]) ind.vetoes.push_back(ParseVeto(v));
  if (const YAML::Node na = node["not_applicable"]) {
    if (na.IsScalar()) {
      const std::string& mode = na.Scalar();
      if (mode == "normalise") {
        ind.not_applicable.mode = NotApplicable::Mode::kNormalise;
      } else if (mode == "zero") {
        ind.not_applicable.mode = NotApplicable::Mode::kZero;
      } else if (mode == "none") {
        ind.not_applicable.mode = NotApplicable::Mode::kNone;
      } else if (mode == "forbidden") {
        ind.not_applicable.mode = NotApplicable::Mode::kForbidden;
      } else {
        Fail(na,
             "not_applicable must be none, zero, normalise, forbidden or {redistribute: [...]}");
      }
    } else if (ExpectMap(na, "not_applicable")) {
      CheckKeys(na, {"redistribute"}, "not_applicable");
      ind.not_applicable.mode = NotApplicable::Mode::kRedistribute;
      ind.not_applicable.targets = TextList(na["redistribute"], "redistribute");
      if (ind.not_applicable.targets.empty()) Fail(na, "redistribute needs targets");
    }
  }
  if (node["applicable_when"]) ind.applicable_when = ParseCondition(node["applicable_when"]);
  ind.cap = Number(node["cap"], "cap");
  if (node["deduct"] && ExpectSeq(node["deduct"], "deduct"))
    for (const auto& item : node["deduct"]) ind.deduct.push_back(ParseAdjustment(item));
  if (const YAML::Node sc = node["sample_children"]) {
    if (ExpectMap(sc, "sample_children")) {
      CheckKeys(sc, {"count", "per"}, "sample_children");
      ind.sample_children = static_cast<int>(NumberOr(sc["count"], "count", 0));
      if (ind.sample_children <= 0) Fail(sc, "sample_children needs a positive 'count'");
      std::string per = sc["per"] ? Text(sc["per"], "per") : "campaign";
      if (per != "campaign" && per != "unit")
        Fail(sc, "sample_children per must be campaign or unit");
      ind.sample_per_campaign = per == "campaign";
    }
  }
  if (node["children"] && node["rule"]) Fail(node, "an indicator has either children or a rule");
  if (node["children"] && ExpectSeq(node["children"], "children")) {
    for (const auto& child : node["children"])
      ind.children.push_back(ParseIndicator(child, level + 1, ind.polarity));
    indicator_ = ind.id;
  } else if (node["rule"]) {
    ind.rule = *ParseRule(node["rule"]);
  } else {
    Fail(node, "indicator needs 'children' or 'rule'");
  }
  indicator_ = saved;
  return ind;
}

void Reader::ParseResult(const YAML::Node& node, Result& result) {
  if (!ExpectMap(node, "result")) return;
  CheckKeys(node, {"parts", "gates", "bands", "lists", "rank", "channel_weighting", "scale"},
            "result");
  result.scale = Number(node["scale"], "scale");
  result.parts = TextList(node["parts"], "parts");
  if (node["gates"] && ExpectSeq(node["gates"], "gates")) {
    for (const auto& g : node["gates"]) {
      CheckKeys(g, {"part", "when"}, "gate");
      Gate gate;
      gate.where = At(g);
      gate.part = Required(g, "part", "gate");
      if (g["when"]) {
        gate.when = ParseCondition(g["when"]);
      } else {
        Fail(g, "gate needs 'when'");
      }
      result.gates.push_back(std::move(gate));
    }
  }
  if (node["bands"] && ExpectSeq(node["bands"], "bands")) {
    for (const auto& b : node["bands"]) {
      CheckKeys(b, {"from", "label"}, "result band");
      result.bands.push_back({NumberOr(b["from"], "from", 0), Required(b, "label", "band")});
    }
  }
  if (node["lists"] && ExpectSeq(node["lists"], "lists")) {
    for (const auto& l : node["lists"]) {
      CheckKeys(l, {"name", "op", "value"}, "list");
      result.lists.push_back({Required(l, "name", "list"), Required(l, "op", "list"),
                              NumberOr(l["value"], "value", 0)});
    }
  }
  if (node["rank"]) {
    result.rank = Text(node["rank"], "rank");
    if (result.rank != "kind" && result.rank != "campaign" && result.rank != "none")
      Fail(node["rank"], "rank must be kind, campaign or none");
  }
  if (const YAML::Node cw = node["channel_weighting"]) {
    if (ExpectMap(cw, "channel_weighting")) {
      CheckKeys(cw, {"channels", "combinations"}, "channel_weighting");
      ChannelWeighting w;
      w.channels = TextList(cw["channels"], "channels");
      if (cw["combinations"] && ExpectSeq(cw["combinations"], "combinations")) {
        for (const auto& c : cw["combinations"]) {
          CheckKeys(c, {"present", "percent"}, "combination");
          w.combinations.push_back(
              {TextList(c["present"], "present"), NumberMap(c["percent"], "percent")});
        }
      }
      result.channel_weighting = std::move(w);
    }
  }
}

Composite Reader::ParseComposite(const YAML::Node& node) {
  Composite comp;
  if (!ExpectMap(node, "composite")) return comp;
  CheckKeys(node, {"parts", "deductions", "honours"}, "composite");
  if (node["parts"] && ExpectSeq(node["parts"], "parts")) {
    for (const auto& p : node["parts"]) {
      CheckKeys(p, {"framework", "percent"}, "composite part");
      comp.parts.push_back(
          {Required(p, "framework", "part"), NumberOr(p["percent"], "percent", 0), At(p)});
    }
  } else {
    Fail(node, "composite needs 'parts'");
  }
  if (node["deductions"] && ExpectSeq(node["deductions"], "deductions")) {
    for (const auto& d : node["deductions"]) {
      CheckKeys(d, {"id", "text", "events"}, "external deduction");
      ExternalDeduction ded{Required(d, "id", "deduction"), Text(d["text"], "text"), {}};
      if (d["events"]) {
        ded.events = ParseEvents(d["events"]);
      } else {
        Fail(d, "external deduction needs 'events'");
      }
      comp.deductions.push_back(std::move(ded));
    }
  }
  if (node["honours"] && ExpectSeq(node["honours"], "honours")) {
    for (const auto& h : node["honours"]) {
      CheckKeys(h, {"name", "veto"}, "honour");
      Honour honour{Required(h, "name", "honour"), {}};
      if (h["veto"] && ExpectSeq(h["veto"], "veto")) {
        for (const auto& v : h["veto"]) {
          CheckKeys(v, {"id", "text", "events"}, "honour veto");
          HonourVeto hv{Required(v, "id", "veto"), Text(v["text"], "text"), {}};
          if (v["events"]) hv.events = ParseEvents(v["events"]);
          honour.vetoes.push_back(std::move(hv));
        }
      }
      comp.honours.push_back(std::move(honour));
    }
  }
  return comp;
}

void Reader::Parse(const YAML::Node& root, Framework& fw) {
  params_ = &fw.params;
  if (!ExpectMap(root, "framework file")) return;
  CheckKeys(root,
            {"schema", "id", "title", "source", "year", "object_kinds", "total", "period", "as_of",
             "params", "data", "measures", "assumptions", "indicators", "result", "composite"},
            "framework");
  std::string schema = Required(root, "schema", "framework");
  if (!schema.empty() && schema != "govscore.framework/1")
    Fail(root["schema"], "schema must be govscore.framework/1, got '" + schema + "'");
  fw.id = Required(root, "id", "framework");
  fw.title = Required(root, "title", "framework");
  if (const YAML::Node src = root["source"]) {
    if (src.IsScalar()) {
      fw.source["document"] = src.Scalar();
    } else if (ExpectMap(src, "source")) {
      for (const auto& kv : src) fw.source[kv.first.Scalar()] = Text(kv.second, "source");
    }
  }
  fw.year = static_cast<int>(NumberOr(root["year"], "year", 0));
  fw.object_kinds = TextList(root["object_kinds"], "object_kinds");
  // params first: numbers elsewhere may refer to them.
  if (const YAML::Node params = root["params"]) {
    if (ExpectMap(params, "params")) {
      for (const auto& kv : params) {
        Param p;
        if (kv.second.IsMap()) {
          CheckKeys(kv.second, {"value", "note", "assumption"}, "param");
          p.value = NumberOr(kv.second["value"], "param value", 0);
          p.note = Text(kv.second["note"], "note");
          if (kv.second["assumption"]) p.assumption = Text(kv.second["assumption"], "assumption");
        } else {
          p.value = NumberOr(kv.second, "param", 0);
        }
        fw.params[kv.first.Scalar()] = p;
      }
    }
  }
  fw.total = Number(root["total"], "total");
  if (const YAML::Node period = root["period"]) {
    if (ExpectMap(period, "period")) {
      CheckKeys(period, {"from"}, "period");
      fw.period_from = DateValue(period["from"], "period.from");
    }
  }
  fw.as_of = DateValue(root["as_of"], "as_of");
  if (const YAML::Node data = root["data"]) {
    if (ExpectMap(data, "data"))
      for (const auto& kv : data) fw.data[kv.first.Scalar()] = YamlToJson(kv.second).dump();
  }
  if (root["measures"] && ExpectSeq(root["measures"], "measures")) {
    for (const auto& m : root["measures"]) {
      CheckKeys(m, {"name", "type", "description"}, "measure declaration");
      fw.measures.push_back({Required(m, "name", "measure"), Text(m["type"], "type"),
                             Text(m["description"], "description")});
    }
  }
  fw.assumptions = TextList(root["assumptions"], "assumptions");
  if (root["indicators"] && ExpectSeq(root["indicators"], "indicators")) {
    for (const auto& node : root["indicators"])
      fw.indicators.push_back(ParseIndicator(node, 1, Polarity::kNormal));
  }
  if (root["result"]) ParseResult(root["result"], fw.result);
  if (root["composite"]) fw.composite = ParseComposite(root["composite"]);
  if (!root["indicators"] && !root["composite"])
    Fail(root, "framework needs 'indicators' (or 'composite')");
  if (root["indicators"] && root["composite"])
    Fail(root, "a framework has either 'indicators' or 'composite', not both");
}

// Byte offset of the first byte that is not part of valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    unsigned int cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;  // cut short
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates, beyond U+10FFFF.
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

}  // namespace

Framework ParseFramework(const std::string& yaml_text, const std::string& file,
                         Diagnostics& diags) {
  Framework fw;
  fw.path = file;
  // Framework files are UTF-8 (docs/framework-format.md); a GBK file or a cut
  // one would otherwise end in garbled names or a JSON encoding failure
  // (found by fuzz/framework_fuzzer).
  if (const size_t bad = FirstInvalidUtf8(yaml_text); bad != std::string_view::npos) {
    const int line =
        1 + static_cast<int>(std::count(yaml_text.begin(), yaml_text.begin() + bad, '\n'));
    diags.Error(Location{file, line}, "",
                "not UTF-8 (byte " + std::to_string(bad) + "): save the file as UTF-8");
    return fw;
  }
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    diags.Error(Location{file, e.mark.line >= 0 ? e.mark.line + 1 : 0}, "",
                "YAML syntax: " + e.msg);
    return fw;
  }
  try {
    Reader(file, diags).Parse(root, fw);
  } catch (const YAML::Exception& e) {
    diags.Error(Location{file, e.mark.line >= 0 ? e.mark.line + 1 : 0}, "",
                "unexpected YAML structure: " + e.msg);
  } catch (const nlohmann::json::exception& e) {
    diags.Error(Location{file, 0}, "", std::string("unreadable data block: ") + e.what());
  }
  return fw;
}

Framework LoadFramework(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Error(Location{path, 0}, "", "cannot read the file");
    Framework fw;
    fw.path = path;
    return fw;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseFramework(buffer.str(), path, diags);
}

Framework LoadValidFramework(const std::string& path) {
  Diagnostics diags;
  Framework fw = LoadFramework(path, diags);
  if (!diags.has_errors()) CheckFramework(fw, diags);
  if (diags.has_errors()) {
    std::string errors;
    for (const Diagnostic& d : diags.all())
      if (d.severity == Diagnostic::Severity::kError) errors += "\n  " + d.ToString();
    throw Error("framework has " + std::to_string(diags.error_count()) + " error(s):" + errors,
                path);
  }
  return fw;
}

}  // namespace govscore::framework

#include "framework/framework_catalog.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/error.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"
#include "framework/rule_inputs.h"

namespace govscore::framework {
namespace fs = std::filesystem;

std::string FrameworksDir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  const char* env = std::getenv("GOVSCORE_FRAMEWORKS");
  if (env && *env) return env;
  return std::string(GOVSCORE_SOURCE_DIR) + "/frameworks";
}

std::vector<CatalogEntry> ListFrameworks(const std::string& dir) {
  std::vector<CatalogEntry> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".yaml") continue;
    Diagnostics diags;
    Framework fw = LoadFramework(entry.path().string(), diags);
    if (!diags.has_errors()) CheckFramework(fw, diags);
    CatalogEntry e{fw.id.empty() ? entry.path().stem().string() : fw.id, fw.title,
                   entry.path().string(), !diags.has_errors()};
    out.push_back(std::move(e));
  }
  if (ec) throw Error("cannot list frameworks: " + ec.message(), dir);
  std::sort(out.begin(), out.end(),
            [](const CatalogEntry& a, const CatalogEntry& b) { return a.id < b.id; });
  return out;
}

std::string ResolveFramework(const std::string& id_or_file, const std::string& dir) {
  if (fs::is_regular_file(id_or_file)) return id_or_file;
  fs::path candidate = fs::path(dir) / (id_or_file + ".yaml");
  if (fs::is_regular_file(candidate)) return candidate.string();
  throw Error("no framework file or shipped framework with this id (looked in " + dir + ")",
              id_or_file);
}

namespace {

std::string Num(double v) { return FormatWeight(v); }

// What a node reads (docs/framework-format.md §10 `inputs`).
nlohmann::json InputsToJson(const IndicatorInputs& inputs) {
  nlohmann::json j;
  j["measures"] = inputs.measures();
  std::vector<std::string> events;
  nlohmann::json items = nlohmann::json::array();
  for (const InputItem& item : inputs.items) {
    nlohmann::json ji = {{"id", item.id},
                         {"judged", item.judged},
                         {"measures", item.measures},
                         {"events", item.events}};
    if (!item.text.empty()) ji["text"] = item.text;
    if (item.percent) ji["percent"] = *item.percent;
    if (!item.nested_rule.empty()) ji["rule"] = item.nested_rule;
    if (!item.answer.empty()) ji["answer"] = item.answer;
    if (!item.kinds.empty()) ji["kinds"] = item.kinds;
    items.push_back(std::move(ji));
    for (const std::string& e : item.events)
      if (std::find(events.begin(), events.end(), e) == events.end()) events.push_back(e);
  }
  j["items"] = std::move(items);
  j["events"] = events;
  if (!inputs.channels.empty()) j["channels"] = inputs.channels;
  if (!inputs.periods.empty()) j["periods"] = inputs.periods;
  return j;
}

nlohmann::json NodeToJson(const Indicator& ind, const std::string& kind) {
  nlohmann::json j;
  j["id"] = ind.id;
  j["name"] = ind.name;
  j["level"] = ind.level;
  j["weight"] = ind.WeightFor(kind);
  std::optional<double> declared = ind.DeclaredWeight(kind);
  j["declared_weight"] = declared ? nlohmann::json(*declared) : nlohmann::json(nullptr);
  j["polarity"] = PolarityName(ind.polarity);
  j["assumption"] =
      ind.assumption.empty() ? nlohmann::json(nullptr) : nlohmann::json(ind.assumption);
  if (ind.rule) j["rule"] = ind.rule->type;
  IndicatorInputs inputs = InputsOf(ind);
  if (!inputs.items.empty()) j["inputs"] = InputsToJson(inputs);
  j["children"] = nlohmann::json::array();
  for (const Indicator& child : ind.children)
    if (child.ExistsFor(kind)) j["children"].push_back(NodeToJson(child, kind));
  return j;
}

void NodeToText(const Indicator& ind, const std::string& kind, std::string& out) {
  out += std::string(static_cast<size_t>(ind.level - 1) * 2, ' ');
  out += ind.id == ind.name ? ind.name : ind.id + " " + ind.name;
  out += "  权重 " + Num(ind.WeightFor(kind));
  std::optional<double> declared = ind.DeclaredWeight(kind);
  if (!ind.is_leaf() && declared) {
    double sum = 0;
    for (const Indicator& c : ind.children)
      if (c.ExistsFor(kind)) sum += c.WeightFor(kind);
    if (sum != *declared) out += "（下级合计 " + Num(sum) + "）";
  }
  if (ind.polarity == Polarity::kBonus && ind.level == 1) out += "  [加分]";
  if (ind.polarity == Polarity::kPenalty && ind.level == 1) out += "  [扣分]";
  std::string reads = InputsSummary(InputsOf(ind));
  if (ind.rule) {
    out += "  规则 " + ind.rule->type + " [" + reads + "]";
  } else if (!reads.empty()) {
    out += "  [" + reads + "]";
  }
  out += "\n";
  if (!ind.assumption.empty())
    out += std::string(static_cast<size_t>(ind.level) * 2, ' ') + "假设：" + ind.assumption + "\n";
  for (const Indicator& child : ind.children)
    if (child.ExistsFor(kind)) NodeToText(child, kind, out);
}

}  // namespace

// Throws when `kind` is neither an object kind nor a weighted channel.
void RequireKnownKind(const Framework& fw, const std::string& kind) {
  if (kind.empty() || fw.object_kinds.empty()) return;
  std::vector<std::string> known = fw.object_kinds;
  if (fw.result.channel_weighting)
    known.insert(known.end(), fw.result.channel_weighting->channels.begin(),
                 fw.result.channel_weighting->channels.end());
  if (std::find(known.begin(), known.end(), kind) != known.end()) return;
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  throw Error("unknown kind '" + kind + "' (this framework has: " + list + ")", fw.path);
}

nlohmann::json FrameworkToJson(const Framework& fw, const std::string& kind_in) {
  RequireKnownKind(fw, kind_in);
  std::string kind = kind_in.empty() ? fw.DefaultKind() : kind_in;
  nlohmann::json j;
  j["id"] = fw.id;
  j["title"] = fw.title;
  j["kind"] = kind;
  j["object_kinds"] = fw.object_kinds;
  j["total"] = fw.total ? nlohmann::json(*fw.total) : nlohmann::json(nullptr);
  j["assumptions"] = fw.assumptions;
  if (!fw.params.empty()) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, p] : fw.params) {
      nlohmann::json entry = {{"value", p.value}, {"note", p.note}};
      if (!p.assumption.empty()) entry["assumption"] = p.assumption;
      params[name] = entry;
    }
    j["params"] = params;
  }
  j["indicators"] = nlohmann::json::array();
  for (const Indicator& ind : fw.indicators)
    if (ind.ExistsFor(kind)) j["indicators"].push_back(NodeToJson(ind, kind));
  if (fw.composite) {
    j["composite"] = nlohmann::json::array();
    for (const CompositePart& p : fw.composite->parts)
      j["composite"].push_back({{"framework", p.framework}, {"percent", p.percent}});
  }
  return j;
}

std::string FrameworkToText(const Framework& fw, const std::string& kind_in) {
  RequireKnownKind(fw, kind_in);
  std::string kind = kind_in.empty() ? fw.DefaultKind() : kind_in;
  std::string out = fw.title + "（" + fw.id + "）\n";
  if (!kind.empty()) out += "评估对象类型：" + kind + "\n";
  double normal = 0, bonus = 0, penalty = 0;
  for (const Indicator& ind : fw.indicators) {
    if (!ind.ExistsFor(kind)) continue;
    normal += ind.NormalWeightFor(kind);
    std::function<void(const Indicator&)> extra = [&](const Indicator& n) {
      if (!n.ExistsFor(kind)) return;
      if (n.HasUniformPolarity()) {
        if (n.polarity == Polarity::kBonus) bonus += n.WeightFor(kind);
        if (n.polarity == Polarity::kPenalty) penalty += n.WeightFor(kind);
        return;
      }
      for (const Indicator& c : n.children) extra(c);
    };
    extra(ind);
  }
  out += "基础分合计 " + Num(normal);
  if (fw.total) out += "（声明总分 " + Num(*fw.total) + "）";
  if (bonus > 0) out += "，加分最高 " + Num(bonus);
  if (penalty > 0) out += "，扣分最多 " + Num(penalty);
  out += "\n";
  for (const std::string& a : fw.assumptions) out += "假设：" + a + "\n";
  for (const auto& [name, p] : fw.params) {
    out += "参数 " + name + " = " + Num(p.value);
    if (!p.note.empty()) out += "：" + p.note;
    if (!p.assumption.empty()) out += "（假设：" + p.assumption + "）";
    out += "\n";
  }
  if (fw.composite) {
    for (const CompositePart& p : fw.composite->parts)
      out += "组成部分 " + p.framework + " 占 " + Num(p.percent) + "%\n";
  }
  out += "\n";
  for (const Indicator& ind : fw.indicators)
    if (ind.ExistsFor(kind)) NodeToText(ind, kind, out);
  return out;
}

}  // namespace govscore::framework

#include "platform/scan_results.h"

#include <map>
#include <set>

#include "platform/internal.h"
#include "scoring/scan_measures.h"

namespace govscore::platform {

nlohmann::json MeasureValueToJson(const scoring::MeasureValue& v) {
  using Type = scoring::MeasureValue::Type;
  switch (v.type) {
    case Type::kNull:
      return nullptr;
    case Type::kNumber:
      return v.number;
    case Type::kBool:
      return v.flag;
    case Type::kDate:
      return v.date.ToString();
    case Type::kText:
      return v.text;
    case Type::kList: {
      nlohmann::json items = nlohmann::json::array();
      for (const scoring::ListItem& item : v.items)
        items.push_back({{"id", item.id},
                         {"value", item.value ? nlohmann::json(*item.value) : nlohmann::json()},
                         {"evidence", item.evidence}});
      return items;
    }
  }
  return nullptr;
}

scoring::MeasureValue MeasureValueFromJson(const nlohmann::json& j) {
  if (j.is_null()) return {};
  if (j.is_boolean()) return scoring::MeasureValue::Bool(j.get<bool>());
  if (j.is_number()) return scoring::MeasureValue::Number(j.get<double>());
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (auto d = Date::Parse(s)) return scoring::MeasureValue::OfDate(*d);
    return scoring::MeasureValue::Text(s);
  }
  if (j.is_array()) {
    std::vector<scoring::ListItem> items;
    for (const nlohmann::json& e : j) {
      scoring::ListItem item;
      if (e.is_object()) {
        item.id = e.value("id", "");
        if (e.contains("value") && e["value"].is_number()) item.value = e["value"].get<double>();
        if (e.contains("evidence") && e["evidence"].is_array())
          for (const auto& ev : e["evidence"])
            if (ev.is_string()) item.evidence.push_back(ev.get<std::string>());
      } else if (e.is_string()) {
        item.id = e.get<std::string>();
      }
      items.push_back(std::move(item));
    }
    return scoring::MeasureValue::List(std::move(items));
  }
  return scoring::MeasureValue::Text(j.dump());
}

scoring::Unit ScoringUnit(const store::Unit& unit) {
  scoring::Unit u;
  u.id = unit.code;
  u.name = unit.name;
  u.kind = unit.kind;
  u.region = unit.region;
  u.site = unit.websites.empty() ? "" : unit.websites.front();
  u.channels = internal::UnitChannels(unit);
  return u;
}

std::vector<store::Measure> MeasuresOfScan(const nlohmann::json& document, const store::Unit& unit,
                                           store::Id scan_id) {
  const std::string where = "scan " + std::to_string(scan_id);
  std::vector<store::Measure> out;
  for (const scoring::Measure& m :
       scoring::MeasuresFromScan(document, where, {ScoringUnit(unit)}, unit.code)) {
    store::Measure s;
    s.unit_id = unit.id;
    s.scan_id = scan_id;
    s.name = m.name;
    s.value_json = MeasureValueToJson(m.value).dump();
    s.channel = m.channel;
    s.period = m.period;
    s.evidence = m.evidence;
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

std::string Str(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return {};
  return obj[key].get<std::string>();
}

bool Flag(const nlohmann::json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_boolean() && obj[key].get<bool>();
}

}  // namespace

std::vector<store::ObservedFinding> FindingsOfScan(const nlohmann::json& document) {
  std::vector<store::ObservedFinding> out;
  std::set<std::string> keys;
  auto add = [&](store::ObservedFinding f) {
    if (keys.insert(f.key).second) out.push_back(std::move(f));
  };
  // Broken link targets, each once, with the first page carrying it.
  std::map<std::string, std::pair<nlohmann::json, int>> targets;
  std::vector<std::string> order;
  for (const nlohmann::json& link : document.value("links", nlohmann::json::array())) {
    if (!Flag(link, "broken")) continue;
    const std::string target = Str(link, "target");
    auto [it, inserted] = targets.emplace(target, std::make_pair(link, 0));
    if (inserted) order.push_back(target);
    ++it->second.second;
  }
  for (const std::string& target : order) {
    const auto& [link, pages] = targets[target];
    std::string detail = Str(link, "result");
    if (link.contains("status") && link["status"].is_number_integer() && link["status"] != 0)
      detail += " (HTTP " + std::to_string(link["status"].get<int>()) + ")";
    detail += "，见于 " + Str(link, "source");
    if (pages > 1) detail += " 等 " + std::to_string(pages) + " 个页面";
    add({"link:" + target, "broken_link", target, detail});
  }
  for (const nlohmann::json& c : document.value("columns", nlohmann::json::array())) {
    const std::string url = Str(c, "url");
    if (Flag(c, "empty"))
      add({"column_empty:" + url, "empty_column", url, Str(c, "name") + "：空白栏目"});
    if (Flag(c, "stale"))
      add({"column_stale:" + url, "stale_column", url,
           Str(c, "name") + "：最新信息 " + Str(c, "newest") + "，超过" + Str(c, "limit") +
               "未更新"});
  }
  for (const nlohmann::json& p : document.value("privacy", nlohmann::json::array())) {
    const std::string url = Str(p, "url");
    const std::string kind = Str(p, "kind");
    add({"privacy:" + kind + ":" + url + ":" + Str(p, "masked"), "personal_data", url,
         (kind == "id_number" ? "身份证号 "
          : kind == "mobile"  ? "手机号码 "
                              : kind + " ") +
             Str(p, "masked")});
  }
  return out;
}

bool ScanCoveredSite(const nlohmann::json& document) {
  const nlohmann::json summary = document.value("summary", nlohmann::json::object());
  return summary.is_object() && summary.value("page_limit_refusals", 0) == 0;
}

}  // namespace govscore::platform

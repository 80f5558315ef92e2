#include "scoring/inputs.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.h"
#include "scoring/consultations.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the file", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<double> ToNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const char* b = text.data();
  const char* e = b + text.size();
  if (*b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e) return std::nullopt;
  return v;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, ';')) {
    size_t b = cur.find_first_not_of(" \t");
    size_t e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
  }
  return out;
}

// One input row as key → text, with its location for error messages.
struct Record {
  std::map<std::string, std::string> fields;
  std::string where;
  const std::string& Get(const std::string& key) const {
    static const std::string kEmpty;
    auto it = fields.find(key);
    return it == fields.end() ? kEmpty : it->second;
  }
  std::optional<double> Number(const std::string& key) const {
    const std::string& t = Get(key);
    if (t.empty()) return std::nullopt;
    std::optional<double> v = ToNumber(t);
    if (!v) throw Error("'" + key + "' must be a number, got '" + t + "'", where);
    return v;
  }
  void Require(const std::string& key) const {
    if (Get(key).empty()) throw Error("missing '" + key + "'", where);
  }
  void AllowOnly(const std::set<std::string>& keys) const {
    for (const auto& [k, v] : fields)
      if (!keys.count(k)) throw Error("unknown field '" + k + "'", where);
  }
};

std::string ScalarText(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsNull()) return "";
  if (node.IsSequence()) {
    std::string out;
    for (const auto& item : node) out += (out.empty() ? "" : ";") + ScalarText(item);
    return out;
  }
  return YAML::Dump(node);
}

// A YAML list of mappings, or a CSV with a header row.
std::vector<Record> ReadRecords(const std::string& path) {
  std::vector<Record> out;
  std::string text = ReadFile(path);
  if (EndsWith(path, ".csv")) {
    std::vector<std::vector<std::string>> rows = ParseCsv(text);
    if (rows.empty()) return out;
    const std::vector<std::string>& header = rows[0];
    for (size_t r = 1; r < rows.size(); ++r) {
      if (rows[r].size() == 1 && rows[r][0].empty()) continue;
      Record rec;
      rec.where = path + ":" + std::to_string(r + 1);
      for (size_t c = 0; c < header.size() && c < rows[r].size(); ++c)
        if (!rows[r][c].empty()) rec.fields[header[c]] = rows[r][c];
      out.push_back(std::move(rec));
    }
    return out;
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error("YAML syntax: " + e.msg, path + ":" + std::to_string(e.mark.line + 1));
  }
  if (root.IsNull()) return out;
  if (!root.IsSequence()) throw Error("expected a list of entries", path);
  for (const auto& item : root) {
    Record rec;
    rec.where = path + ":" + std::to_string(item.Mark().line + 1);
    if (!item.IsMap()) throw Error("each entry must be a mapping", rec.where);
    for (const auto& kv : item) rec.fields[kv.first.Scalar()] = ScalarText(kv.second);
    out.push_back(std::move(rec));
  }
  return out;
}

MeasureValue JsonToValue(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return MeasureValue{};
  if (j.is_boolean()) return MeasureValue::Bool(j.get<bool>());
  if (j.is_number()) return MeasureValue::Number(j.get<double>());
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    if (std::optional<Date> d = Date::Parse(s)) return MeasureValue::OfDate(*d);
    return MeasureValue::Text(s);
  }
  if (j.is_array()) {
    std::vector<ListItem> items;
    for (const nlohmann::json& e : j) {
      ListItem item;
      if (e.is_string()) {
        item.id = e.get<std::string>();
      } else if (e.is_object() && e.contains("id")) {
        item.id = e["id"].is_string() ? e["id"].get<std::string>() : e["id"].dump();
        if (e.contains("value")) {
          const nlohmann::json& v = e["value"];
          if (v.is_boolean()) item.value = v.get<bool>() ? 1 : 0;
          if (v.is_number()) item.value = v.get<double>();
        }
        if (e.contains("evidence")) {
          if (e["evidence"].is_string()) item.evidence.push_back(e["evidence"]);
          if (e["evidence"].is_array())
            for (const auto& ev : e["evidence"]) item.evidence.push_back(ev.get<std::string>());
        }
      } else {
        throw Error("list items must be strings or objects with 'id'", where);
      }
      items.push_back(std::move(item));
    }
    return MeasureValue::List(std::move(items));
  }
  throw Error("unsupported measure value " + j.dump(), where);
}

std::vector<Measure> MeasuresFromJson(const nlohmann::json& root, const std::string& path) {
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    if (root.value("schema", "") != "govscore.measures/1")
      throw Error("expected schema govscore.measures/1 (or govscore.scan/1, or a bare array)",
                  path);
    if (!root.contains("measures") || !root["measures"].is_array())
      throw Error("'measures' must be an array", path);
    list = &root["measures"];
  }
  std::vector<Measure> out;
  int index = 0;
  for (const nlohmann::json& m : *list) {
    std::string where = path + ": measures[" + std::to_string(index++) + "]";
    if (!m.is_object()) throw Error("each measure must be an object", where);
    Measure measure;
    measure.source = where;
    if (!m.contains("unit") || !m["unit"].is_string()) throw Error("missing 'unit'", where);
    if (!m.contains("name") || !m["name"].is_string()) throw Error("missing 'name'", where);
    if (!m.contains("value")) throw Error("missing 'value' (use null for 'not there')", where);
    measure.unit = m["unit"];
    measure.name = m["name"];
    measure.value = JsonToValue(m["value"], where);
    if (m.contains("evidence")) {
      const nlohmann::json& ev = m["evidence"];
      if (ev.is_string()) measure.evidence.push_back(ev);
      if (ev.is_array())
        for (const auto& e : ev)
          measure.evidence.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    }
    if (m.contains("period") && m["period"].is_string()) measure.period = m["period"];
    if (m.contains("channel") && m["channel"].is_string()) measure.channel = m["channel"];
    out.push_back(std::move(measure));
  }
  return out;
}

}  // namespace

MeasureValue MeasureValue::Number(double v) {
  MeasureValue m;
  m.type = Type::kNumber;
  m.number = v;
  return m;
}
MeasureValue MeasureValue::Bool(bool v) {
  MeasureValue m;
  m.type = Type::kBool;
  m.flag = v;
  return m;
}
MeasureValue MeasureValue::OfDate(Date d) {
  MeasureValue m;
  m.type = Type::kDate;
  m.date = d;
  return m;
}
MeasureValue MeasureValue::Text(std::string v) {
  MeasureValue m;
  m.type = Type::kText;
  m.text = std::move(v);
  return m;
}
MeasureValue MeasureValue::List(std::vector<ListItem> items) {
  MeasureValue m;
  m.type = Type::kList;
  m.items = std::move(items);
  return m;
}

bool MeasureValue::IsAbsent() const {
  return type == Type::kNull || (type == Type::kText && text.empty()) ||
         (type == Type::kList && items.empty());
}

std::string MeasureValue::ToString() const {
  switch (type) {
    case Type::kNull:
      return "无";
    case Type::kNumber: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", number);
      std::string s = buf;
      while (!s.empty() && s.back() == '0') s.pop_back();
      if (!s.empty() && s.back() == '.') s.pop_back();
      return s == "-0" ? "0" : s;
    }
    case Type::kBool:
      return flag ? "是" : "否";
    case Type::kDate:
      return date.ToString();
    case Type::kText:
      return text.empty() ? "无" : text;
    case Type::kList:
      return std::to_string(items.size()) + "项";
  }
  return {};
}

MeasureValue ParseCell(const std::string& text) {
  if (text.empty() || text == "null") return MeasureValue{};
  if (text == "true") return MeasureValue::Bool(true);
  if (text == "false") return MeasureValue::Bool(false);
  if (std::optional<double> n = ToNumber(text)) return MeasureValue::Number(*n);
  if (std::optional<Date> d = Date::Parse(text)) return MeasureValue::OfDate(*d);
  return MeasureValue::Text(text);
}

std::string CsvCell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text_in) {
  std::string_view text = text_in;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      cell += c;
    }
  }
  if (any) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Unit> LoadUnitsCsv(const std::string& path) {
  std::vector<Unit> units;
  std::set<std::string> seen;
  std::vector<std::vector<std::string>> rows = ParseCsv(ReadFile(path));
  bool channels_column =
      !rows.empty() && std::find(rows[0].begin(), rows[0].end(), "channels") != rows[0].end();
  for (const Record& r : ReadRecords(path)) {
    r.Require("id");
    r.Require("name");
    r.Require("kind");
    Unit u{r.Get("id"),
           r.Get("name"),
           r.Get("kind"),
           r.Get("region"),
           r.Get("site"),
           SplitList(r.Get("channels")),
           SplitList(r.Get("aliases")),
           channels_column,
           {},
           {}};
    u.required_links = SplitList(r.Get("required_links"));
    u.convenience = SplitList(r.Get("convenience"));
    if (!seen.insert(u.id).second) throw Error("duplicate unit id '" + u.id + "'", r.where);
    units.push_back(std::move(u));
  }
  if (units.empty()) throw Error("no units", path);
  return units;
}

std::vector<Measure> LoadMeasures(const std::string& path, const std::vector<Unit>& units,
                                  const std::string& scan_unit) {
  if (EndsWith(path, ".csv")) {
    // A consultations file (docs/consultations.md) gives consult.* and
    // disclosure_request.* measures.
    {
      std::vector<std::vector<std::string>> head = ParseCsv(ReadFile(path));
      if (!head.empty() && IsConsultationsCsvHeader(head[0]))
        return ConsultationMeasures(LoadConsultations(path), framework::WorkdayCalendar::Default());
    }
    std::vector<Measure> out;
    for (const Record& r : ReadRecords(path)) {
      // An empty value is a row not filled in yet (templates): no measure, 待评.
      // "Looked, not there" is written `null`.
      if (r.Get("value").empty()) continue;
      r.Require("unit");
      r.Require("name");
      Measure m;
      m.unit = r.Get("unit");
      m.name = r.Get("name");
      m.value = ParseCell(r.Get("value"));
      m.evidence = SplitList(r.Get("evidence"));
      m.period = r.Get("period");
      m.channel = r.Get("channel");
      m.source = r.where;
      out.push_back(std::move(m));
    }
    return out;
  }
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(ReadFile(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(std::string("JSON syntax: ") + e.what(), path);
  }
  if (root.is_object() && root.value("schema", "") == "govscore.scan/1")
    return MeasuresFromScan(root, path, units, scan_unit);
  if (IsConsultationsJson(root))
    return ConsultationMeasures(ParseConsultationsJson(root, path),
                                framework::WorkdayCalendar::Default());
  return MeasuresFromJson(root, path);
}

std::vector<Measure> EmbeddedScanMeasures(const nlohmann::json& scan, const std::string& unit,
                                          const std::string& path) {
  if (!scan.is_object() || !scan.contains("checklist") || !scan["checklist"].is_object()) return {};
  const nlohmann::json& section = scan["checklist"];
  if (!section.contains("measures")) return {};
  if (!section["measures"].is_array()) throw Error("'checklist.measures' must be an array", path);
  nlohmann::json rows = section["measures"];
  for (nlohmann::json& r : rows)
    if (r.is_object()) r["unit"] = unit;
  std::vector<Measure> out = MeasuresFromJson(rows, path + ": checklist");
  for (Measure& m : out) m.unit = unit;
  return out;
}

std::vector<Judgment> LoadJudgments(const std::string& path) {
  std::vector<Judgment> out;
  static const std::set<std::string> kValues = {"met", "unmet", "yes", "no", "partial", "confirm"};
  for (const Record& r : ReadRecords(path)) {
    // unit_name, indicator_name, how and guide are the explanatory columns of
    // templates (input_template.h); they are read and ignored.
    r.AllowOnly({"unit", "indicator", "criterion", "channel", "value", "percent", "points", "count",
                 "evidence", "reviewer", "time", "note", "unit_name", "indicator_name", "how",
                 "guide"});
    // A template row nobody answered yet: the item stays 待评.
    if (EndsWith(path, ".csv") && r.Get("value").empty() && r.Get("percent").empty() &&
        r.Get("points").empty() && r.Get("count").empty())
      continue;
    r.Require("unit");
    r.Require("indicator");
    Judgment j;
    j.unit = r.Get("unit");
    j.indicator = r.Get("indicator");
    j.criterion = r.Get("criterion");
    j.channel = r.Get("channel");
    j.value = r.Get("value");
    if (!j.value.empty() && !kValues.count(j.value))
      throw Error("value must be met, unmet, yes, no, partial or confirm, got '" + j.value + "'",
                  r.where);
    j.percent = r.Number("percent");
    j.points = r.Number("points");
    j.count = r.Number("count");
    if (j.value.empty() && !j.percent && !j.points && !j.count)
      throw Error("a judgment needs value, percent, points or count", r.where);
    if (j.percent && (*j.percent < 0 || *j.percent > 100))
      throw Error("percent must be within 0..100", r.where);
    j.evidence = r.Get("evidence");
    j.reviewer = r.Get("reviewer");
    j.time = r.Get("time");
    j.note = r.Get("note");
    j.source = r.where;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<Event> LoadEvents(const std::string& path) {
  std::vector<Event> out;
  for (const Record& r : ReadRecords(path)) {
    r.AllowOnly(
        {"unit", "type", "level", "channel", "date", "count", "points", "evidence", "note"});
    r.Require("unit");
    r.Require("type");
    Event e;
    e.unit = r.Get("unit");
    e.type = r.Get("type");
    e.level = r.Get("level");
    e.channel = r.Get("channel");
    if (!r.Get("date").empty()) {
      e.date = Date::Parse(r.Get("date"));
      if (!e.date) throw Error("date must be YYYY-MM-DD", r.where);
    }
    e.count = r.Number("count").value_or(1);
    e.points = r.Number("points");
    e.evidence = r.Get("evidence");
    e.note = r.Get("note");
    e.source = r.where;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<NaDeclaration> LoadNa(const std::string& path) {
  std::vector<NaDeclaration> out;
  for (const Record& r : ReadRecords(path)) {
    r.AllowOnly({"unit", "indicator", "reason", "evidence"});
    r.Require("unit");
    r.Require("indicator");
    out.push_back({r.Get("unit"), r.Get("indicator"), r.Get("reason"), r.Get("evidence"), r.where});
  }
  return out;
}

CampaignInputs LoadCampaignInputs(const InputFiles& files) {
  CampaignInputs in;
  if (files.units.empty()) throw Error("a units file is required (--units)");
  in.units = LoadUnitsCsv(files.units);
  for (const std::string& path : files.measures) {
    std::vector<Measure> m = LoadMeasures(path, in.units, files.scan_unit);
    in.measures.insert(in.measures.end(), m.begin(), m.end());
  }
  if (!files.judgments.empty()) in.judgments = LoadJudgments(files.judgments);
  if (!files.events.empty()) {
    in.events = LoadEvents(files.events);
    in.has_events = true;
  }
  if (!files.na.empty()) in.na = LoadNa(files.na);
  return in;
}

}  // namespace govscore::scoring

#include "scoring/consultations.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"

namespace govscore::scoring {

namespace {

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

Date ParseDay(const std::string& text, const std::string& field, const std::string& where) {
  if (std::optional<Date> d = ParseConsultationDay(text)) return *d;
  throw Error(field + " is not a date or time (YYYY-MM-DD [HH:MM]): '" + text + "'", where);
}

std::optional<bool> ParseYesNo(const std::string& text, const std::string& field,
                               const std::string& where) {
  if (Trim(text).empty()) return std::nullopt;
  if (std::optional<bool> b = ParseConsultationYesNo(text)) return b;
  throw Error(field + " must be 是/否 (or true/false), got '" + text + "'", where);
}

std::string Kind(const std::string& text, const std::string& where) {
  std::string kind = ConsultationKind(text);
  if (kind.empty())
    throw Error("kind must be consult (模拟咨询) or disclosure (依申请公开), got '" + text + "'",
                where);
  return kind;
}

// Builds one record from named fields; `get` returns "" for a missing field.
template <typename Get>
Consultation Record(const Get& get, const std::string& where) {
  Consultation c;
  c.source = where;
  c.unit = Trim(get("unit"));
  if (c.unit.empty()) throw Error("unit is missing", where);
  c.kind = Kind(get("kind"), where);
  c.campaign = Trim(get("campaign"));
  c.channel = Trim(get("channel"));
  c.asked_time = Trim(get("asked"));
  if (c.asked_time.empty()) throw Error("asked (the question's time) is missing", where);
  c.asked = ParseDay(c.asked_time, "asked", where);
  c.question = get("question");
  c.replied_time = Trim(get("replied"));
  if (!c.replied_time.empty()) {
    c.replied = ParseDay(c.replied_time, "replied", where);
    if (*c.replied < c.asked)
      throw Error("replied (" + c.replied_time + ") is before asked (" + c.asked_time + ")", where);
  }
  c.answer = get("answer");
  c.accurate = ParseYesNo(get("accurate"), "accurate", where);
  c.evasive = ParseYesNo(get("evasive"), "evasive", where);
  if ((c.accurate || c.evasive) && !c.replied)
    throw Error("a judgment of the answer (accurate/evasive) without an answer", where);
  c.reviewer = Trim(get("reviewer"));
  c.note = get("note");
  return c;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the consultations file", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

// "2024-05-06", "2024-05-06 10:30", "2024-05-06T10:30:00", "2024/5/6 10:30".
std::optional<Date> ParseConsultationDay(const std::string& text) {
  std::string day = Trim(text);
  size_t cut = day.find_first_of(" T");
  if (cut != std::string::npos) day = day.substr(0, cut);
  std::replace(day.begin(), day.end(), '/', '-');
  if (std::optional<Date> d = Date::Parse(day)) return d;
  // Unpadded "2024-5-6".
  int y = 0, m = 0, dd = 0;
  char a = 0, b = 0;
  std::istringstream in(day);
  if (in >> y >> a >> m >> b >> dd && a == '-' && b == '-' && in.peek() == EOF &&
      Date::IsValidYmd(y, m, dd))
    return Date::FromYmd(y, m, dd);
  return std::nullopt;
}

std::optional<bool> ParseConsultationYesNo(const std::string& text) {
  const std::string t = Trim(text);
  for (const char* yes : {"是", "true", "yes", "1", "准确", "Y", "y"})
    if (t == yes) return true;
  for (const char* no : {"否", "false", "no", "0", "不准确", "N", "n"})
    if (t == no) return false;
  return std::nullopt;
}

std::string ConsultationKind(const std::string& text) {
  const std::string t = Trim(text);
  if (t == "consult" || t == "咨询" || t == "模拟咨询" || t == "模拟用户咨询") return "consult";
  if (t == "disclosure" || t == "依申请公开" || t == "信息公开申请") return "disclosure";
  return {};
}

bool IsConsultationsJson(const nlohmann::json& root) {
  if (root.is_object()) return root.value("schema", "") == "govscore.consultations/1";
  return root.is_array() && !root.empty() && root[0].is_object() && root[0].contains("asked") &&
         root[0].contains("question");
}

bool IsConsultationsCsvHeader(const std::vector<std::string>& header) {
  auto has = [&](const char* name) {
    return std::any_of(header.begin(), header.end(),
                       [&](const std::string& h) { return Trim(h) == name; });
  };
  return has("asked") && has("question");
}

std::vector<Consultation> ParseConsultationsJson(const nlohmann::json& root,
                                                 const std::string& path) {
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    if (!root.contains("consultations") || !root["consultations"].is_array())
      throw Error("expected a 'consultations' array", path);
    list = &root["consultations"];
  }
  if (!list->is_array()) throw Error("expected an array of consultations", path);
  std::vector<Consultation> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& r = (*list)[i];
    const std::string where = path + ": consultations[" + std::to_string(i) + "]";
    if (!r.is_object()) throw Error("a consultation must be an object", where);
    auto get = [&](const char* key) -> std::string {
      if (!r.contains(key) || r[key].is_null()) return {};
      if (r[key].is_string()) return r[key].get<std::string>();
      if (r[key].is_boolean()) return r[key].get<bool>() ? "true" : "false";
      throw Error(std::string(key) + " must be a string", where);
    };
    out.push_back(Record(get, where));
  }
  return out;
}

std::vector<Consultation> ParseConsultationsCsv(const std::string& text, const std::string& path) {
  std::vector<std::vector<std::string>> rows = ParseCsv(text);
  if (rows.empty()) throw Error("empty consultations file", path);
  const std::vector<std::string>& header = rows[0];
  if (!IsConsultationsCsvHeader(header))
    throw Error("the header must name at least unit, kind, asked and question", path + ":1");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[Trim(header[i])] = i;
  std::vector<Consultation> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return Trim(c).empty(); }))
      continue;
    auto get = [&](const char* key) -> std::string {
      auto it = col.find(key);
      return it == col.end() || it->second >= row.size() ? std::string() : row[it->second];
    };
    out.push_back(Record(get, path + ":" + std::to_string(r + 1)));
  }
  return out;
}

std::vector<Consultation> LoadConsultations(const std::string& path) {
  const std::string text = Slurp(path);
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    nlohmann::json root;
    try {
      root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      throw Error(std::string("not valid JSON: ") + e.what(), path);
    }
    return ParseConsultationsJson(root, path);
  }
  return ParseConsultationsCsv(text, path);
}

std::optional<long> ReplyWorkdays(const Consultation& c,
                                  const framework::WorkdayCalendar& calendar) {
  if (!c.replied) return std::nullopt;
  return calendar.WorkdaysBetween(c.asked, *c.replied);
}

std::vector<Measure> ConsultationMeasures(const std::vector<Consultation>& consultations,
                                          const framework::WorkdayCalendar& calendar) {
  std::map<std::pair<std::string, std::string>, std::vector<const Consultation*>> groups;
  for (const Consultation& c : consultations) groups[{c.unit, c.kind}].push_back(&c);
  std::vector<Measure> out;
  for (const auto& [key, list] : groups) {
    const auto& [unit, kind] = key;
    const std::string prefix = kind == "consult" ? "consult." : "disclosure_request.";
    const std::string source = list.front()->source;
    auto add = [&](const std::string& name, MeasureValue v, std::vector<std::string> ev = {}) {
      out.push_back({unit, prefix + name, std::move(v), std::move(ev), "", "", source});
    };
    std::optional<Date> asked, replied;
    bool all_answered = true;
    long longest = 0;
    std::vector<ListItem> items, evasive;
    int judged = 0, accurate = 0;
    std::vector<std::string> worst;
    for (const Consultation* c : list) {
      if (!asked || c->asked < *asked) asked = c->asked;
      const std::string id = c->asked_time + (c->channel.empty() ? "" : " " + c->channel);
      std::optional<long> days = ReplyWorkdays(*c, calendar);
      ListItem item{id, std::nullopt, {c->question, c->answer.empty() ? "未答复" : c->answer}};
      if (days) {
        item.value = static_cast<double>(*days);
        if (!replied || *c->replied > *replied) replied = c->replied;
        if (*days >= longest) {
          longest = *days;
          worst = {id + "：" + std::to_string(*days) + " 个工作日", c->source};
        }
      } else {
        all_answered = false;
      }
      items.push_back(std::move(item));
      if (c->accurate) {
        ++judged;
        if (*c->accurate) ++accurate;
      }
      if (c->evasive && *c->evasive) evasive.push_back({id, 1, {c->answer, c->note, c->reviewer}});
    }
    add("asked", MeasureValue::OfDate(*asked));
    add("replied", all_answered ? MeasureValue::OfDate(*replied) : MeasureValue{});
    add("answered", MeasureValue::Bool(all_answered));
    add("reply_workdays",
        all_answered ? MeasureValue::Number(static_cast<double>(longest)) : MeasureValue{},
        all_answered ? worst
                     : std::vector<std::string>{"存在未答复的" +
                                                std::string(kind == "consult" ? "咨询" : "申请")});
    if (kind == "disclosure")
      add("on_time", MeasureValue::Bool(all_answered && longest <= 20),
          {"政府信息公开条例 第三十三条：20个工作日"});
    add("items", MeasureValue::List(std::move(items)));
    if (judged > 0)
      add("accurate", MeasureValue::Bool(accurate == judged),
          {"准确 " + std::to_string(accurate) + " / 已评 " + std::to_string(judged)});
    add("evasive", MeasureValue::List(std::move(evasive)));
  }
  return out;
}

}  // namespace govscore::scoring

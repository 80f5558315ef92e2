#include "platform/consultations.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "framework/calendar.h"
#include "platform/errors.h"
#include "platform/internal.h"
#include "scoring/consultations.h"

namespace govscore::platform {

namespace {

std::string Where(store::Id id) { return "consultation " + std::to_string(id); }

using internal::UserOf;

bool Organises(const std::optional<store::User>& user) {
  return !user || user->role == store::Role::kAdmin || user->role == store::Role::kOrganiser;
}

bool HasUnit(const store::User& user, store::Id unit_id) {
  return std::find(user.unit_ids.begin(), user.unit_ids.end(), unit_id) != user.unit_ids.end();
}

void RequireOrganiser(store::Store& store, const store::Actor& actor, const std::string& where) {
  internal::RequireOrganiser(store, actor, "只有管理员和组织者可以登记模拟咨询和依申请公开", where);
}

// The campaign, refusing published and archived ones (their scores are fixed).
store::Campaign OpenCampaign(store::Store& store, store::Id campaign_id, const std::string& where) {
  store::Campaign c = internal::RequireCampaign(store, campaign_id);
  if (c.state == store::CampaignState::kPublished || c.state == store::CampaignState::kArchived)
    throw Conflict(
        std::string("评估任务已“") + internal::StateLabel(c.state) + "”，不能再修改模拟咨询记录",
        where);
  return c;
}

// The record in the form of a consultations file row (docs/consultations.md).
nlohmann::json FileRow(const store::Consultation& r, const std::string& unit_code) {
  nlohmann::json row = {
      {"unit", unit_code},   {"kind", r.kind},         {"channel", r.channel},
      {"asked", r.asked_at}, {"question", r.question}, {"replied", r.replied_at},
      {"answer", r.answer},  {"note", r.review_note},  {"reviewer", r.reviewed_by}};
  if (r.accurate) row["accurate"] = *r.accurate;
  if (r.evasive) row["evasive"] = *r.evasive;
  return row;
}

// The record as the scoring module reads it; the same checks as a file row.
scoring::Consultation ToScoring(const store::Consultation& r, const std::string& unit_code) {
  const std::string where = Where(r.id);
  try {
    std::vector<scoring::Consultation> parsed =
        scoring::ParseConsultationsJson(nlohmann::json::array({FileRow(r, unit_code)}), where);
    scoring::Consultation c = std::move(parsed.at(0));
    c.source = where;
    return c;
  } catch (const Error& e) {
    // The file reader's location ("<where>: consultations[0]") means nothing here.
    std::string message = e.what();
    if (!e.where().empty() && message.rfind(e.where() + ": ", 0) == 0)
      message = message.substr(e.where().size() + 2);
    throw InvalidInput(message, where);
  }
}

ConsultationView View(store::Store& store, store::Consultation r) {
  ConsultationView v;
  const store::Unit unit = internal::RequireUnit(store, r.unit_id);
  v.unit_code = unit.code;
  v.unit_name = unit.name;
  v.reply_workdays =
      scoring::ReplyWorkdays(ToScoring(r, unit.code), framework::WorkdayCalendar::Default());
  v.record = std::move(r);
  return v;
}

// Checks `in` for campaign `c` and fills `r`'s question/answer fields.
void Fill(store::Store& store, const store::Campaign& c, const ConsultationInput& in,
          store::Consultation& r) {
  const std::string where = r.id ? Where(r.id) : "consultation";
  if (std::find(c.unit_ids.begin(), c.unit_ids.end(), in.unit_id) == c.unit_ids.end())
    throw NotFound("该评估任务不包含这个评估对象（编号 " + std::to_string(in.unit_id) + "）",
                   where);
  const store::Unit unit = internal::RequireUnit(store, in.unit_id);
  if (internal::Trim(in.question).empty()) throw InvalidInput("请填写咨询（申请）内容", where);
  for (const std::string* text : {&in.question, &in.answer, &in.channel})
    if (text->size() > 20000) throw InvalidInput("内容超过 20000 字节", where);
  r.campaign_id = c.id;
  r.unit_id = in.unit_id;
  r.channel = internal::Trim(in.channel);
  r.asked_at = internal::Trim(in.asked_at);
  r.question = in.question;
  r.replied_at = internal::Trim(in.replied_at);
  r.answer = in.answer;
  r.kind = internal::Trim(in.kind);
  // Parsing normalises the kind (咨询 → consult) and checks the times.
  store::Consultation probe = r;
  probe.accurate = probe.evasive = std::nullopt;
  if (r.asked_at.empty()) throw InvalidInput("请填写提问时间", where);
  r.kind = ToScoring(probe, unit.code).kind;
}

store::Consultation Require(store::Store& store, store::Id id) {
  auto r = store.FindConsultation(id);
  if (!r) throw NotFound("没有这条模拟咨询记录", Where(id));
  return *r;
}

}  // namespace

ConsultationView RecordConsultation(store::Store& store, const store::Actor& actor,
                                    store::Id campaign_id, const ConsultationInput& in) {
  RequireOrganiser(store, actor, "consultation");
  const store::Campaign c = OpenCampaign(store, campaign_id, "consultation");
  store::Consultation r;
  Fill(store, c, in, r);
  r.id = store.SaveConsultation(actor, r);
  return GetConsultation(store, actor, r.id);
}

ConsultationView UpdateConsultation(store::Store& store, const store::Actor& actor, store::Id id,
                                    const ConsultationInput& in) {
  RequireOrganiser(store, actor, Where(id));
  store::Consultation r = Require(store, id);
  const store::Campaign c = OpenCampaign(store, r.campaign_id, Where(id));
  Fill(store, c, in, r);
  store.SaveConsultation(actor, r);
  return GetConsultation(store, actor, id);
}

void DeleteConsultation(store::Store& store, const store::Actor& actor, store::Id id) {
  RequireOrganiser(store, actor, Where(id));
  const store::Consultation r = Require(store, id);
  OpenCampaign(store, r.campaign_id, Where(id));
  store.DeleteConsultation(actor, id);
}

ConsultationView ReviewConsultation(store::Store& store, const store::Actor& actor, store::Id id,
                                    std::optional<bool> accurate, std::optional<bool> evasive,
                                    const std::string& note) {
  const std::optional<store::User> user = UserOf(store, actor);
  const store::Consultation r = Require(store, id);
  const bool may =
      Organises(user) || (user->role == store::Role::kReviewer && HasUnit(*user, r.unit_id));
  if (!may) throw Forbidden("只有分配到该评估对象的评审员可以评判答复", Where(id));
  OpenCampaign(store, r.campaign_id, Where(id));
  if (r.replied_at.empty()) throw InvalidInput("尚未答复，不能评判答复质量", Where(id));
  if (!accurate && !evasive) throw InvalidInput("请评判答复是否准确或是否敷衍推诿", Where(id));
  if (note.size() > 20000) throw InvalidInput("评判说明超过 20000 字节", Where(id));
  store.ReviewConsultation(actor, id, accurate, evasive, note);
  return GetConsultation(store, actor, id);
}

std::vector<ConsultationView> ListConsultations(store::Store& store, const store::Actor& actor,
                                                store::Id campaign_id,
                                                std::optional<store::Id> unit_id) {
  const std::optional<store::User> user = UserOf(store, actor);
  internal::RequireCampaign(store, campaign_id);
  std::vector<ConsultationView> out;
  for (store::Consultation& r : store.ListConsultations(campaign_id, unit_id)) {
    if (!Organises(user) && !HasUnit(*user, r.unit_id)) continue;
    out.push_back(View(store, std::move(r)));
  }
  return out;
}

ConsultationView GetConsultation(store::Store& store, const store::Actor& actor, store::Id id) {
  const std::optional<store::User> user = UserOf(store, actor);
  store::Consultation r = Require(store, id);
  if (!Organises(user) && !HasUnit(*user, r.unit_id))
    throw Forbidden("无权查看该评估对象的模拟咨询", Where(id));
  return View(store, std::move(r));
}

std::vector<scoring::Measure> ConsultationMeasuresOf(store::Store& store, store::Id campaign_id) {
  std::map<store::Id, std::string> codes;
  std::vector<scoring::Consultation> records;
  for (const store::Consultation& r : store.ListConsultations(campaign_id)) {
    auto it = codes.find(r.unit_id);
    if (it == codes.end())
      it = codes.emplace(r.unit_id, internal::RequireUnit(store, r.unit_id).code).first;
    records.push_back(ToScoring(r, it->second));
  }
  return scoring::ConsultationMeasures(records, framework::WorkdayCalendar::Default());
}

}  // namespace govscore::platform

// ---- bulk import ----

namespace govscore::platform {

namespace {

enum class Field {
  kUnit,
  kKind,
  kCampaign,
  kChannel,
  kAsked,
  kQuestion,
  kReplied,
  kAnswer,
  kAccurate,
  kEvasive,
  kReviewer,
  kNote
};

// Accepted header spellings (ASCII case-insensitive after trimming); the
// first is the file format's name (docs/consultations.md), the second the
// Chinese name messages use.
const std::vector<std::pair<Field, std::vector<std::string>>>& FieldNames() {
  static const std::vector<std::pair<Field, std::vector<std::string>>> names = {
      {Field::kUnit, {"unit", "单位编码", "编码", "评估对象编码"}},
      {Field::kKind, {"kind", "类型", "咨询类型"}},
      {Field::kCampaign, {"campaign", "批次", "轮次"}},
      {Field::kChannel, {"channel", "渠道", "咨询渠道"}},
      {Field::kAsked, {"asked", "提问时间", "咨询时间", "申请时间"}},
      {Field::kQuestion, {"question", "咨询内容", "问题", "申请内容"}},
      {Field::kReplied, {"replied", "答复时间"}},
      {Field::kAnswer, {"answer", "答复内容", "答复"}},
      {Field::kAccurate, {"accurate", "是否准确", "准确"}},
      {Field::kEvasive, {"evasive", "是否敷衍推诿", "敷衍推诿"}},
      {Field::kReviewer, {"reviewer", "评判人", "评审员"}},
      {Field::kNote, {"note", "评判说明", "说明", "备注"}},
  };
  return names;
}

constexpr size_t kMaxImportRows = 10000;

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// A JSON consultations file as a sheet: a header of every key (in order of
// first appearance) and one row per record; booleans as 是/否.
std::vector<std::vector<std::string>> JsonSheet(std::string_view bytes, const std::string& file) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    throw ImportError(file, {{0, "", std::string("不是有效的 JSON：") + e.what()}});
  }
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    if (!root.contains("consultations") || !root["consultations"].is_array())
      throw ImportError(file,
                        {{0, "", "JSON 须为 consultations 数组（govscore.consultations/1）"}});
    list = &root["consultations"];
  }
  if (!list->is_array())
    throw ImportError(file, {{0, "", "JSON 须为 consultations 数组（govscore.consultations/1）"}});
  std::vector<std::string> header;
  for (const nlohmann::json& r : *list)
    if (r.is_object())
      for (const auto& [key, value] : r.items())
        if (std::find(header.begin(), header.end(), key) == header.end()) header.push_back(key);
  std::vector<std::vector<std::string>> rows{header};
  std::vector<ImportProblem> problems;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& r = (*list)[i];
    std::vector<std::string> row(header.size());
    if (!r.is_object()) {
      problems.push_back({static_cast<int>(i + 1), "", "每条记录须为 JSON 对象"});
      rows.push_back(row);
      continue;
    }
    for (size_t c = 0; c < header.size(); ++c) {
      if (!r.contains(header[c]) || r[header[c]].is_null()) continue;
      const nlohmann::json& v = r[header[c]];
      if (v.is_string())
        row[c] = v.get<std::string>();
      else if (v.is_boolean())
        row[c] = v.get<bool>() ? "是" : "否";
      else
        problems.push_back({static_cast<int>(i + 1), header[c], "须为文本"});
    }
    rows.push_back(std::move(row));
  }
  if (!problems.empty()) throw ImportError(file, std::move(problems));
  return rows;
}

// " HH:MM".
std::string HourMinute(int h, int m) {
  char hm[16];
  std::snprintf(hm, sizeof hm, " %02d:%02d", h, m);
  return hm;
}

// A time cell as stored ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM"): the file's
// spellings (2024/5/6 10:30, 2024-05-06T10:30:00) and an Excel date number
// (days since 1899-12-30, the fraction the time of day). "" when it is none.
std::string NormalTime(const std::string& text) {
  const std::string t = internal::Trim(text);
  if (t.empty()) return {};
  if (t.find_first_not_of("0123456789.") == std::string::npos) {
    double serial = 0;
    try {
      serial = std::stod(t);
    } catch (const std::exception&) {
      return {};
    }
    if (serial < 20000 || serial > 80000) return {};
    const long days = static_cast<long>(serial);
    const long minutes = std::lround((serial - static_cast<double>(days)) * 24 * 60);
    std::string out = Date::FromYmd(1899, 12, 30).AddDays(days + minutes / 1440).ToString();
    if (minutes % 1440 != 0)
      out += HourMinute(static_cast<int>(minutes % 1440 / 60), static_cast<int>(minutes % 60));
    return out;
  }
  const std::optional<Date> day = scoring::ParseConsultationDay(t);
  if (!day) return {};
  const size_t cut = t.find_first_of(" T");
  if (cut == std::string::npos) return day->ToString();
  const std::string rest = internal::Trim(std::string_view(t).substr(cut + 1));
  int h = -1, m = -1;
  char colon = 0;
  std::istringstream in(rest);
  if (!(in >> h >> colon >> m) || colon != ':' || h < 0 || h > 23 || m < 0 || m > 59) return {};
  return day->ToString() + HourMinute(h, m);
}

// The key a file row and a stored record share when the row updates it.
std::string RecordKey(const store::Consultation& r) {
  return std::to_string(r.unit_id) + '\x1f' + r.kind + '\x1f' + r.asked_at + '\x1f' + r.channel +
         '\x1f' + r.question;
}

std::string VerdictNote(const std::string& note, const std::string& reviewer) {
  if (reviewer.empty()) return note;
  return note.empty() ? "评判人：" + reviewer : note + "（评判人：" + reviewer + "）";
}

// The file read and checked against the campaign; nothing written.
ConsultationImportPreview ParseConsultationImport(store::Store& store,
                                                  const store::Campaign& campaign,
                                                  std::string_view bytes,
                                                  const std::string& file_name) {
  ConsultationImportPreview out;
  std::vector<ImportProblem>& problems = out.problems;
  std::vector<std::vector<std::string>> rows;
  std::string_view text = bytes;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool is_json =
      first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
  try {
    rows = is_json ? JsonSheet(text, file_name) : internal::ReadSheetRows(bytes, file_name);
  } catch (const ImportError& e) {
    problems = e.problems();
    return out;
  }
  // JSON records are numbered from 1; sheet rows count the header as row 1.
  const int offset = is_json ? 0 : 1;
  if (rows.empty()) {
    problems.push_back({1, "", "文件为空（没有表头行）"});
    return out;
  }
  if (rows.size() > kMaxImportRows + 1) {
    problems.push_back({static_cast<int>(kMaxImportRows + 1 + offset), "",
                        "超过 " + std::to_string(kMaxImportRows) + " 条记录"});
    return out;
  }

  std::map<Field, size_t> at;
  std::map<Field, std::string> heading;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    const std::string h = internal::Trim(rows[0][c]);
    if (h.empty()) continue;
    bool known = false;
    for (const auto& [field, names] : FieldNames()) {
      if (std::find(names.begin(), names.end(), Lower(h)) == names.end()) continue;
      known = true;
      if (at.count(field)) problems.push_back({1, h, "列重复（与“" + heading[field] + "”相同）"});
      at[field] = c;
      heading[field] = h;
    }
    if (!known)
      problems.push_back({1, h,
                          "未知的列（应为 unit kind channel asked question replied answer "
                          "accurate evasive reviewer note，或其中文名）"});
  }
  for (Field required : {Field::kUnit, Field::kKind, Field::kAsked, Field::kQuestion})
    if (!at.count(required))
      problems.push_back({1, FieldNames()[static_cast<size_t>(required)].second[1], "缺少必填列"});
  if (!problems.empty()) return out;

  std::map<std::string, store::Unit> units;  // code → unit of the campaign
  for (store::Id id : campaign.unit_ids) {
    store::Unit u = internal::RequireUnit(store, id);
    units.emplace(u.code, std::move(u));
  }
  std::map<std::string, store::Consultation> stored;
  for (store::Consultation& r : store.ListConsultations(campaign.id))
    stored.emplace(RecordKey(r), std::move(r));
  std::map<std::string, int> line_of_key;

  for (size_t i = 1; i < rows.size(); ++i) {
    const std::vector<std::string>& cells = rows[i];
    if (std::all_of(cells.begin(), cells.end(),
                    [](const std::string& v) { return internal::Trim(v).empty(); }))
      continue;
    ConsultationImportRow row;
    row.line = static_cast<int>(i) + offset;
    auto raw = [&](Field f) -> std::string {
      auto it = at.find(f);
      return it == at.end() || it->second >= cells.size() ? std::string() : cells[it->second];
    };
    auto cell = [&](Field f) { return internal::Trim(raw(f)); };
    auto problem = [&](Field f, const std::string& message) {
      row.problems.push_back({row.line, heading.count(f) ? heading[f] : "", message});
    };
    store::Consultation& r = row.record;
    r.campaign_id = campaign.id;
    row.unit_code = cell(Field::kUnit);
    if (row.unit_code.empty()) {
      problem(Field::kUnit, "不能为空");
    } else if (auto u = units.find(row.unit_code); u == units.end()) {
      problem(Field::kUnit, "评估对象“" + row.unit_code + "”不在本评估任务中");
    } else {
      r.unit_id = u->second.id;
      row.unit_name = u->second.name;
    }
    const std::string kind = cell(Field::kKind);
    r.kind = scoring::ConsultationKind(kind);
    if (kind.empty())
      problem(Field::kKind, "不能为空");
    else if (r.kind.empty())
      problem(Field::kKind, "“" + kind + "”应为 consult（模拟咨询）或 disclosure（依申请公开）");
    r.channel = cell(Field::kChannel);
    r.question = raw(Field::kQuestion);
    if (internal::Trim(r.question).empty()) problem(Field::kQuestion, "不能为空");
    r.answer = raw(Field::kAnswer);
    for (Field f : {Field::kQuestion, Field::kAnswer, Field::kChannel, Field::kNote})
      if (raw(f).size() > 20000) problem(f, "内容超过 20000 字节");
    const std::string asked = cell(Field::kAsked), replied = cell(Field::kReplied);
    r.asked_at = NormalTime(asked);
    r.replied_at = NormalTime(replied);
    if (asked.empty())
      problem(Field::kAsked, "不能为空");
    else if (r.asked_at.empty())
      problem(Field::kAsked, "“" + asked + "”不是日期或时间（YYYY-MM-DD 或 YYYY-MM-DD HH:MM）");
    if (!replied.empty() && r.replied_at.empty())
      problem(Field::kReplied, "“" + replied + "”不是日期或时间（YYYY-MM-DD 或 YYYY-MM-DD HH:MM）");
    if (!r.asked_at.empty() && !r.replied_at.empty() &&
        r.replied_at.substr(0, 10) < r.asked_at.substr(0, 10))
      problem(Field::kReplied, "答复时间早于提问时间");
    for (Field f : {Field::kAccurate, Field::kEvasive}) {
      const std::string v = cell(f);
      if (v.empty()) continue;
      std::optional<bool> b = scoring::ParseConsultationYesNo(v);
      if (!b)
        problem(f, "“" + v + "”应为 是 或 否");
      else if (replied.empty())
        problem(f, "没有答复时间，不能评判答复");
      (f == Field::kAccurate ? r.accurate : r.evasive) = b;
    }
    if (r.accurate || r.evasive)
      r.review_note = VerdictNote(raw(Field::kNote), cell(Field::kReviewer));
    if (row.problems.empty()) {
      // The file reader's own checks, so a row means what it means in
      // `govscore score --measures`.
      try {
        scoring::Consultation c = ToScoring(r, row.unit_code);
        row.reply_workdays = scoring::ReplyWorkdays(c, framework::WorkdayCalendar::Default());
      } catch (const Error& e) {
        row.problems.push_back({row.line, "", std::string("不符合文件格式：") + e.what()});
      }
    }
    if (row.problems.empty()) {
      const std::string key = RecordKey(r);
      if (auto [it, inserted] = line_of_key.emplace(key, row.line); !inserted) {
        problem(Field::kQuestion, "与第 " + std::to_string(it->second) +
                                      " 行重复（同一评估对象、类型、提问时间、渠道和内容）");
      } else if (auto s = stored.find(key); s != stored.end()) {
        const store::Consultation& old = s->second;
        r.id = old.id;
        const bool same_answer = old.replied_at == r.replied_at && old.answer == r.answer;
        const bool same_verdict = (!r.accurate && !r.evasive) ||
                                  (old.accurate == r.accurate && old.evasive == r.evasive &&
                                   old.review_note == r.review_note);
        row.action = same_answer && same_verdict ? ConsultationImportRow::Action::kUnchanged
                                                 : ConsultationImportRow::Action::kUpdate;
      }
    }
    for (const ImportProblem& p : row.problems) problems.push_back(p);
    switch (row.action) {
      case ConsultationImportRow::Action::kCreate:
        ++out.created;
        break;
      case ConsultationImportRow::Action::kUpdate:
        ++out.updated;
        break;
      case ConsultationImportRow::Action::kUnchanged:
        ++out.unchanged;
        break;
    }
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty() && problems.empty())
    problems.push_back({1 + offset, "", "没有模拟咨询记录"});
  return out;
}

}  // namespace

ConsultationImportPreview PreviewConsultationImport(store::Store& store, const store::Actor& actor,
                                                    store::Id campaign_id, std::string_view bytes,
                                                    const std::string& file_name) {
  RequireOrganiser(store, actor, "consultation import");
  const store::Campaign c = OpenCampaign(store, campaign_id, "consultation import");
  return ParseConsultationImport(store, c, bytes, file_name);
}

ConsultationImportResult ImportConsultations(store::Store& store, const store::Actor& actor,
                                             store::Id campaign_id, std::string_view bytes,
                                             const std::string& file_name) {
  ConsultationImportPreview p =
      PreviewConsultationImport(store, actor, campaign_id, bytes, file_name);
  if (!p.ok()) throw ImportError(file_name, std::move(p.problems));
  ConsultationImportResult out;
  out.created = p.created, out.updated = p.updated, out.unchanged = p.unchanged;
  store.InTransaction([&] {
    for (const ConsultationImportRow& row : p.rows) {
      const store::Consultation& r = row.record;
      if (row.action == ConsultationImportRow::Action::kUnchanged) {
        out.ids.push_back(r.id);
        continue;
      }
      const store::Id id = store.SaveConsultation(actor, r);
      if (r.accurate || r.evasive)
        store.ReviewConsultation(actor, id, r.accurate, r.evasive, r.review_note);
      out.ids.push_back(id);
    }
  });
  return out;
}

}  // namespace govscore::platform

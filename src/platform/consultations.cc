#include "platform/consultations.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "framework/calendar.h"
#include "platform/errors.h"
#include "platform/internal.h"
#include "scoring/consultations.h"

namespace govscore::platform {

namespace {

std::string Where(store::Id id) { return "consultation " + std::to_string(id); }

// The actor's user (nullopt for a process, which is not restricted);
// Forbidden for a disabled or vanished user.
std::optional<store::User> UserOf(store::Store& store, const store::Actor& actor) {
  if (!actor.user_id) return std::nullopt;
  auto user = store.FindUser(*actor.user_id);
  if (!user || user->disabled) throw Forbidden("用户不存在或已停用", actor.name);
  return user;
}

bool Organises(const std::optional<store::User>& user) {
  return !user || user->role == store::Role::kAdmin || user->role == store::Role::kOrganiser;
}

bool HasUnit(const store::User& user, store::Id unit_id) {
  return std::find(user.unit_ids.begin(), user.unit_ids.end(), unit_id) != user.unit_ids.end();
}

void RequireOrganiser(store::Store& store, const store::Actor& actor, const std::string& where) {
  if (!Organises(UserOf(store, actor)))
    throw Forbidden("只有管理员和组织者可以登记模拟咨询和依申请公开", where);
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

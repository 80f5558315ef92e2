// Simulated user consultations (模拟用户咨询) and information-disclosure
// requests (依申请公开) sent to a unit during a campaign: the question (time,
// channel, text), the answer (time, text) and a reviewer's judgment of the
// answer (accurate; 敷衍/推诿), imported from CSV or JSON
// (docs/consultations.md) and turned into the measures the seeds' 在线咨询 and
// 依申请公开 indicators read (consult.*, disclosure_request.*; docs/measures.md §2).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "framework/calendar.h"
#include "scoring/inputs.h"

namespace govscore::scoring {

struct Consultation {
  std::string unit;
  std::string kind;        // "consult" (模拟用户咨询) or "disclosure" (依申请公开)
  std::string campaign;    // optional label of the campaign or round
  std::string channel;     // 在线咨询, 领导信箱, 电话, 依申请公开平台, 信函 …
  Date asked;              // the day the question was sent
  std::string asked_time;  // as written ("2024-05-06 10:30")
  std::string question;
  std::optional<Date> replied;  // nullopt: no answer (yet)
  std::string replied_time;
  std::string answer;
  std::optional<bool> accurate;  // reviewer: the answer is accurate and to the point
  std::optional<bool> evasive;   // reviewer: 敷衍/推诿 (a non-answer, passed on)
  std::string reviewer;
  std::string note;
  std::string source;  // file:row
};

// Reads a consultations file: JSON (`{"schema": "govscore.consultations/1",
// "consultations": [...]}` or a bare array) or CSV with the header of
// docs/consultations.md. Throws Error naming the file and row for bad input
// (unknown kind, bad time, an answer before its question, missing unit).
std::vector<Consultation> LoadConsultations(const std::string& path);
std::vector<Consultation> ParseConsultationsJson(const nlohmann::json& root,
                                                 const std::string& path);
std::vector<Consultation> ParseConsultationsCsv(const std::string& text, const std::string& path);

// The field checks of a file row, for importers that report problems per
// cell: the day of a time ("2024-05-06", "2024-05-06 10:30", "2024/5/6 10:30",
// "2024-05-06T10:30:00"; nullopt when it is none), a 是/否 verdict (nullopt
// when it is neither), and the kind ("consult" or "disclosure" for any accepted
// spelling, "" for none).
std::optional<Date> ParseConsultationDay(const std::string& text);
std::optional<bool> ParseConsultationYesNo(const std::string& text);
std::string ConsultationKind(const std::string& text);

// Whether a file looks like a consultations file (JSON schema, or a CSV whose
// header names `asked` and `question`), so LoadMeasures can accept it.
bool IsConsultationsJson(const nlohmann::json& root);
bool IsConsultationsCsvHeader(const std::vector<std::string>& header);

// Working days from the question to the answer: those in (asked, replied]
// per `calendar` (an answer on the day of the question: 0). nullopt when
// there is no answer.
std::optional<long> ReplyWorkdays(const Consultation& c,
                                  const framework::WorkdayCalendar& calendar);

// Measures per unit and kind (prefix consult. or disclosure_request.):
// `asked` (earliest question), `replied` (latest answer; null when one is
// unanswered), `answered` (every question answered), `reply_workdays` (the
// longest delay; null when one is unanswered — "never answered"), `items`
// (one per question: id = "<asked_time> <channel>", value = working days or
// absent, evidence [question, answer]), `accurate` (every judged answer
// accurate; only when some are judged), `evasive` (list of answers judged
// 敷衍/推诿), and for disclosure requests `on_time` (answered within 20
// working days, 政府信息公开条例 第三十三条).
std::vector<Measure> ConsultationMeasures(const std::vector<Consultation>& consultations,
                                          const framework::WorkdayCalendar& calendar);

}  // namespace govscore::scoring

// Simulated user consultations (模拟用户咨询) and information-disclosure
// requests (依申请公开) recorded in the platform (docs/consultations.md
// "In the platform"): an organiser records what was asked of a unit and what
// it answered, the reply delay is counted in working days against the official
// calendar (framework::WorkdayCalendar::Default), a reviewer of the unit judges
// the answer (accurate; 敷衍/推诿), and the unit's webmaster reads them. When
// the campaign is scored, a unit's records become the measures a consultations
// file would give (scoring::ConsultationMeasures: consult.*,
// disclosure_request.*), replacing imported rows of the same kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.h"
#include "scoring/inputs.h"
#include "store/store.h"

namespace govscore::platform {

// What an organiser records (and edits): the question and, once it came, the answer.
struct ConsultationInput {
  store::Id unit_id = 0;
  std::string kind;  // consult | disclosure (also 咨询, 模拟用户咨询, 依申请公开 …)
  std::string channel;
  std::string asked_at;  // "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
  std::string question;
  std::string replied_at;  // "" = not answered (yet)
  std::string answer;
};

struct ConsultationView {
  store::Consultation record;
  std::string unit_code, unit_name;
  // Working days in (asked, replied]; nullopt while unanswered.
  std::optional<long> reply_workdays;
};

// Records a new consultation for a unit of the campaign. Admins and organisers
// only (Forbidden); the campaign must not be published or archived (Conflict);
// the unit must be in it (NotFound); times and kind are checked as the file
// import checks them (InvalidInput: not a date, an answer before its question;
// an empty question). Audited by the store.
ConsultationView RecordConsultation(store::Store& store, const store::Actor& actor,
                                    store::Id campaign_id, const ConsultationInput& in);
// Replaces the question/answer of consultation `id` (same checks). A changed
// answer clears the review (it judged the old answer).
ConsultationView UpdateConsultation(store::Store& store, const store::Actor& actor, store::Id id,
                                    const ConsultationInput& in);
// Admins and organisers only; not in a published or archived campaign.
void DeleteConsultation(store::Store& store, const store::Actor& actor, store::Id id);

// The reviewer's judgment of the answer: admins, organisers, or a reviewer to
// whom the unit is assigned (Forbidden otherwise). InvalidInput when there is
// no answer yet or neither judgment is given. Audited by the store.
ConsultationView ReviewConsultation(store::Store& store, const store::Actor& actor, store::Id id,
                                    std::optional<bool> accurate, std::optional<bool> evasive,
                                    const std::string& note);

// The campaign's consultations the actor may read (admins, organisers and
// processes: all; reviewers and webmasters: their units), by unit then id;
// only `unit_id`'s when given.
std::vector<ConsultationView> ListConsultations(store::Store& store, const store::Actor& actor,
                                                store::Id campaign_id,
                                                std::optional<store::Id> unit_id = std::nullopt);
// One consultation (NotFound; Forbidden when the actor may not read its unit).
ConsultationView GetConsultation(store::Store& store, const store::Actor& actor, store::Id id);

// ---- bulk import of a consultations file (docs/consultations.md "Import") ----
//
// A consultations file — csv (UTF-8/GB18030, header row), the first worksheet
// of an xlsx, or JSON (govscore.consultations/1 or a bare array) — with the
// columns of docs/consultations.md (English or Chinese headers): unit (the
// unit's code) kind channel asked question replied answer accurate evasive
// reviewer note (campaign is accepted and ignored). A row whose unit, kind,
// question time, channel and question match a stored record of the campaign
// updates its answer (and verdict); others are new records. A verdict
// (accurate/evasive) is stored as the importing user's review, the file's
// reviewer named in its note.

struct ConsultationImportRow {
  int line = 0;                // sheet row (header = 1); JSON: the record's number from 1
  store::Consultation record;  // as it would be stored; id = the record it updates, else 0;
                               // accurate/evasive/review_note = the file's verdict
  std::string unit_code, unit_name;
  std::optional<long> reply_workdays;  // working days (official calendar); nullopt unanswered
  enum class Action { kCreate, kUpdate, kUnchanged } action = Action::kCreate;
  std::vector<ImportProblem> problems;  // this row's
};

struct ConsultationImportPreview {
  std::vector<ConsultationImportRow> rows;  // every non-blank row, in file order
  std::vector<ImportProblem> problems;      // all of them, header problems (row 1) included
  int created = 0, updated = 0, unchanged = 0;
  bool ok() const { return problems.empty(); }
};

struct ConsultationImportResult {
  int created = 0, updated = 0, unchanged = 0;
  std::vector<store::Id> ids;  // the record of each row, in file order
};

// Imports the file into campaign `campaign_id`: admins and organisers
// (Forbidden), not in a published or archived campaign (Conflict), NotFound for
// no such campaign. All rows in ONE transaction, or nothing and ImportError
// with every problem by row and column in Chinese (unknown or missing column,
// a unit not in the campaign, a kind, time or verdict that is none, an answer
// before its question, a verdict without an answer, a row twice, more than
// 10000 rows). Every write is audited (consultation.create / .update / .review).
ConsultationImportResult ImportConsultations(store::Store& store, const store::Actor& actor,
                                             store::Id campaign_id, std::string_view bytes,
                                             const std::string& file_name);

// The same checks, row by row, writing nothing (the dry run of the import
// dialog). Throws only what ImportConsultations throws before reading the file
// (Forbidden, Conflict, NotFound); an unreadable file is a problem.
ConsultationImportPreview PreviewConsultationImport(store::Store& store, const store::Actor& actor,
                                                    store::Id campaign_id, std::string_view bytes,
                                                    const std::string& file_name);

// The measures the campaign's stored consultations give (unit = unit code,
// source "consultation <id>"), as scoring::ConsultationMeasures makes them.
std::vector<scoring::Measure> ConsultationMeasuresOf(store::Store& store, store::Id campaign_id);

}  // namespace govscore::platform

// Writers of the score sheet in the formats evaluation offices use
// (docs/scoring.md "Outputs"): JSON, xlsx (one ranking sheet plus one sheet per
// unit laid out like the seeds' tables), csv and a readable Chinese html page.
// Every writer is deterministic: same sheet, same bytes. Writers throw
// govscore::Error when the file cannot be written; a failed write leaves no
// partial or temporary file behind (the previous file, if any, is kept).
#pragma once

#include <string>

#include "scoring/score_sheet.h"

namespace govscore::report {

// `path` "-" writes to stdout.
void WriteJson(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteXlsx(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteCsv(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteHtml(const scoring::ScoreSheet& sheet, const std::string& path);

// Where WriteAll writes; an empty path is skipped, "-" is stdout.
struct ReportPaths {
  std::string json, xlsx, csv, html;
};

// The four files in `dir` (score.json, score.xlsx, score.csv, score.html);
// creates `dir`. Throws govscore::Error when it cannot be created.
ReportPaths ReportPathsIn(const std::string& dir);

// Writes every report whose path is set, in the order json, xlsx, csv, html.
void WriteAll(const scoring::ScoreSheet& sheet, const ReportPaths& paths);

// What an assisted leaf's proposal says, for the 建议（待确认） column of the
// csv, html and xlsx writers: "确认后得分 X；<items>；依据：<evidence>" (at most
// five evidence entries); "" when the leaf has no proposal.
std::string ProposalText(const scoring::IndicatorScore& s);

// The texts the csv and html writers produce.
std::string RenderCsv(const scoring::ScoreSheet& sheet);
std::string RenderHtml(const scoring::ScoreSheet& sheet);

}  // namespace govscore::report

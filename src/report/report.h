// Writers of the score sheet in the formats evaluation offices use
// (docs/scoring.md "Outputs"): JSON, xlsx (one ranking sheet plus one sheet per
// unit laid out like the seeds' tables), csv and a readable Chinese html page.
// Every writer is deterministic: same sheet, same bytes. Writers throw
// govscore::Error when the file cannot be written.
#pragma once

#include <string>

#include "scoring/score_sheet.h"

namespace govscore::report {

// `path` "-" writes to stdout.
void WriteJson(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteXlsx(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteCsv(const scoring::ScoreSheet& sheet, const std::string& path);
void WriteHtml(const scoring::ScoreSheet& sheet, const std::string& path);

// The texts the csv and html writers produce.
std::string RenderCsv(const scoring::ScoreSheet& sheet);
std::string RenderHtml(const scoring::ScoreSheet& sheet);

}  // namespace govscore::report

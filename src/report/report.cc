#include "report/report.h"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "core/error.h"
#include "core/html_escape.h"
#include "core/text_file.h"
#include "scoring/score_json.h"

namespace govscore::report {
namespace {

using scoring::FormatPoints;
using scoring::IndicatorScore;
using scoring::ScoreSheet;
using scoring::UnitScore;

void WriteText(const std::string& text, const std::string& path) {
  if (path == "-") {
    std::cout << text;
    return;
  }
  WriteTextFile(path, text);
}

std::string Csv(const std::string& cell) { return scoring::CsvCell(cell); }

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Depth-first rows with the names of the levels above.
void Flatten(const IndicatorScore& s, std::vector<std::string> path,
             std::vector<std::pair<std::vector<std::string>, const IndicatorScore*>>& out) {
  path.push_back(s.name);
  out.push_back({path, &s});
  for (const IndicatorScore& c : s.children) Flatten(c, path, out);
}

std::string Total(const UnitScore& u) {
  std::string t = FormatPoints(u.total);
  if (u.provisional) t += "（" + scoring::PendingSummary(u) + "）";
  return t;
}

// A weight cell: a mixed-polarity group (附加指标) shows what it can add and
// deduct, e.g. "30（加分≤18，扣分≤12）" in text, its ShownWeight in numbers.
std::string WeightText(const IndicatorScore& s) {
  std::string t = FormatPoints(scoring::ShownWeight(s));
  if (s.bonus_max == 0 && s.penalty_max == 0) return t;
  std::string parts;
  if (s.bonus_max > 0) parts += "加分≤" + FormatPoints(s.bonus_max);
  if (s.penalty_max > 0)
    parts += (parts.empty() ? "" : "，") + ("扣分≤" + FormatPoints(s.penalty_max));
  return t + "（" + (s.weight > 0 ? "基础分" + FormatPoints(s.weight) + "，" : "") + parts + "）";
}

}  // namespace

ReportPaths ReportPathsIn(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create the output directory: " + ec.message(), dir);
  auto in_dir = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  return {in_dir("score.json"), in_dir("score.xlsx"), in_dir("score.csv"), in_dir("score.html")};
}

void WriteAll(const ScoreSheet& sheet, const ReportPaths& paths) {
  if (!paths.json.empty()) WriteJson(sheet, paths.json);
  if (!paths.xlsx.empty()) WriteXlsx(sheet, paths.xlsx);
  if (!paths.csv.empty()) WriteCsv(sheet, paths.csv);
  if (!paths.html.empty()) WriteHtml(sheet, paths.html);
}

void WriteJson(const ScoreSheet& sheet, const std::string& path) {
  WriteText(scoring::ScoreSheetToJson(sheet).dump(1) + "\n", path);
}

std::string ProposalText(const IndicatorScore& s) {
  if (!s.proposal) return {};
  const scoring::Proposal& p = *s.proposal;
  std::string out = "确认后得分 " + FormatPoints(p.points);
  if (p.pending > 0) out += "（仍待评 " + FormatPoints(p.pending) + "）";
  if (!p.items.empty()) out += "；" + Join(p.items, "；");
  if (!p.evidence.empty()) {
    std::vector<std::string> shown(p.evidence.begin(),
                                   p.evidence.begin() + std::min<size_t>(p.evidence.size(), 5));
    out += "；依据：" + Join(shown, " ");
    if (p.evidence.size() > 5) out += " 等" + std::to_string(p.evidence.size()) + "项";
  }
  return out;
}

std::string RenderCsv(const ScoreSheet& sheet) {
  std::string out =
      "单位ID,单位名称,类型,指标ID,一级指标,二级指标,三级指标,四级指标,属性,权重,得分,扣分,待评,"
      "状态,"
      "扣分原因,加分上限,扣分上限,建议（待确认）\n";
  for (const UnitScore& u : sheet.units) {
    std::vector<std::pair<std::vector<std::string>, const IndicatorScore*>> rows;
    for (const IndicatorScore& s : u.indicators) Flatten(s, {}, rows);
    for (const auto& [path, s] : rows) {
      std::vector<std::string> levels(4);
      for (size_t i = 0; i < path.size() && i < 4; ++i)
        levels[i] = i + 1 == path.size() ? path[i] : "";
      if (path.size() > 4) levels[3] = path.back();
      std::string polarity = s->polarity == framework::Polarity::kBonus     ? "加分"
                             : s->polarity == framework::Polarity::kPenalty ? "扣分"
                                                                            : "";
      out += Csv(u.unit.id) + "," + Csv(u.unit.name) + "," + Csv(u.unit.kind) + "," + Csv(s->id) +
             "," + Csv(levels[0]) + "," + Csv(levels[1]) + "," + Csv(levels[2]) + "," +
             Csv(levels[3]) + "," + polarity + "," + FormatPoints(scoring::ShownWeight(*s)) + "," +
             FormatPoints(s->points) + "," + FormatPoints(s->lost) + "," +
             FormatPoints(s->pending) + "," + scoring::StatusLabel(s->status) + "," +
             Csv(Join(s->reasons, "；")) + "," +
             (s->bonus_max > 0 ? FormatPoints(s->bonus_max) : "") + "," +
             (s->penalty_max > 0 ? FormatPoints(s->penalty_max) : "") + "," +
             Csv(ProposalText(*s)) + "\n";
    }
    out +=
        Csv(u.unit.id) + "," + Csv(u.unit.name) + "," + Csv(u.unit.kind) + ",合计,,,,,," +
        FormatPoints(u.max_points) + "," + FormatPoints(u.total) + ",," +
        FormatPoints(u.pending_points) + "," + (u.provisional ? "部分待评" : "已评") + "," +
        Csv(Join({u.band, Join(u.lists, "、"), u.rank ? "第" + std::to_string(u.rank) + "名" : "",
                  u.provisional ? scoring::PendingSummary(u) : ""},
                 " ")) +
        ",,,\n";
  }
  return out;
}

void WriteCsv(const ScoreSheet& sheet, const std::string& path) {
  WriteText("\xEF\xBB\xBF" + RenderCsv(sheet), path);  // BOM: Excel opens UTF-8 correctly
}

std::string RenderHtml(const ScoreSheet& sheet) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      HtmlEscape(sheet.framework_title) +
      " 评分表</title>\n<style>\nbody{font-family:sans-serif;margin:2em;color:#222}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px "
      "8px;vertical-align:top}th{background:#eee}.num{text-align:right}.pending{background:#fff4d6}"
      ".lost{color:#b00}.l1{font-weight:bold}.small{color:#666;font-size:90%}\n</style>\n</"
      "head>\n<body>\n";
  h += "<h1>" + HtmlEscape(sheet.framework_title) + " 评分表</h1>\n";
  h += "<p class=\"small\">指标体系 " + HtmlEscape(sheet.framework_id) +
       (sheet.as_of.empty() ? "" : "；监测时间点 " + sheet.as_of) + "；抽样种子 " +
       std::to_string(sheet.seed) + "</p>\n";
  if (!sheet.assumptions.empty()) {
    h += "<details><summary>评分假设（" + std::to_string(sheet.assumptions.size()) +
         "条）</summary><ul>\n";
    for (const std::string& a : sheet.assumptions) h += "<li>" + HtmlEscape(a) + "</li>\n";
    h += "</ul></details>\n";
  }
  h += "<h2>排名</h2>\n<table>\n<tr><th>排名</th><th>单位</th><th>类型</th><th>总分</th><th>满分</"
       "th>"
       "<th>待评分</th><th>等次</th><th>红黑榜</th></tr>\n";
  for (const UnitScore& u : sheet.units) {
    h += std::string("<tr") + (u.provisional ? " class=\"pending\"" : "") + "><td class=\"num\">" +
         (u.rank ? std::to_string(u.rank) : "") + "</td><td><a href=\"#u-" + HtmlEscape(u.unit.id) +
         "\">" + HtmlEscape(u.unit.name) + "</a></td><td>" + HtmlEscape(u.unit.kind) +
         "</td><td class=\"num\">" + FormatPoints(u.total) + "</td><td class=\"num\">" +
         FormatPoints(u.max_points) + "</td><td class=\"num\">" +
         HtmlEscape(u.provisional ? scoring::PendingSummary(u) : "") + "</td><td>" +
         HtmlEscape(u.band) + "</td><td>" + HtmlEscape(Join(u.lists, "、")) + "</td></tr>\n";
  }
  h += "</table>\n";
  for (const UnitScore& u : sheet.units) {
    h += "<h2 id=\"u-" + HtmlEscape(u.unit.id) + "\">" + HtmlEscape(u.unit.name) + "（" +
         HtmlEscape(u.unit.kind) + "）总分 " + HtmlEscape(Total(u)) + "</h2>\n<p>";
    h += "基础分 " + FormatPoints(u.normal_points) + " / " + FormatPoints(u.max_points);
    if (u.bonus_points != 0) h += "，加分 " + FormatPoints(u.bonus_points);
    if (u.penalty_points != 0) h += "，扣分 " + FormatPoints(-u.penalty_points);
    if (u.external_deductions != 0) h += "，外部扣减 " + FormatPoints(u.external_deductions);
    if (u.scaled_total) h += "，折合百分制 " + FormatPoints(*u.scaled_total);
    if (!u.band.empty()) h += "，等次 " + HtmlEscape(u.band);
    if (!u.lists.empty()) h += "，" + HtmlEscape(Join(u.lists, "、"));
    h += "</p>\n";
    for (const std::string& n : u.notes) h += "<p class=\"small\">" + HtmlEscape(n) + "</p>\n";
    for (const scoring::HonourResult& hr : u.honours)
      h += "<p>" + HtmlEscape(hr.name) + "：" +
           (hr.vetoed ? "一票否决（" + HtmlEscape(Join(hr.reasons, "；")) + "）" : "未被否决") +
           "</p>\n";
    h += "<table>\n<tr><th>指标</th><th>权重</th><th>得分</th><th>扣分</th><th>状态</"
         "th><th>扣分原因</th><th>建议（待确认）</th></tr>\n";
    std::vector<std::pair<std::vector<std::string>, const IndicatorScore*>> rows;
    for (const IndicatorScore& s : u.indicators) Flatten(s, {}, rows);
    for (const auto& [path, s] : rows) {
      bool pending = s->pending > 0;
      h += std::string("<tr") + (pending ? " class=\"pending\"" : "") + "><td class=\"l" +
           std::to_string(s->level) +
           "\" style=\"padding-left:" + std::to_string(8 + 16 * (s->level - 1)) + "px\">" +
           HtmlEscape(s->name) + "</td><td class=\"num\">" + HtmlEscape(WeightText(*s)) +
           "</td><td class=\"num\">" + FormatPoints(s->points) + "</td><td class=\"num lost\">" +
           (s->lost > 0 ? FormatPoints(s->lost) : "") + "</td><td>" +
           scoring::StatusLabel(s->status) + (pending ? " " + FormatPoints(s->pending) : "") +
           "</td><td>" + HtmlEscape(Join(s->reasons, "；")) + "</td><td class=\"small\">" +
           HtmlEscape(ProposalText(*s)) + "</td></tr>\n";
    }
    h += "</table>\n";
    for (const scoring::SampleRecord& sr : u.samples)
      h += "<p class=\"small\">抽样 " + HtmlEscape(sr.indicator) + "：" +
           std::to_string(sr.chosen.size()) + "/" + std::to_string(sr.population_size) + " — " +
           HtmlEscape(Join(sr.chosen, "、")) + "</p>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

void WriteHtml(const ScoreSheet& sheet, const std::string& path) {
  WriteText(RenderHtml(sheet), path);
}

}  // namespace govscore::report

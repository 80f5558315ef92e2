// xlsx output via libxlsxwriter: sheet 排名 plus one sheet per unit with the
// columns of the seeds' tables (一级/二级/三级指标, 权重, 得分, 扣分, 扣分原因).
#include <xlsxwriter.h>

#include <filesystem>
#include <set>
#include <system_error>

#include "core/error.h"
#include "report/report.h"

namespace govscore::report {
namespace {

using scoring::IndicatorScore;
using scoring::UnitScore;

// Excel sheet names: at most 31 characters (counted in UTF-8 code points), no
// []:*?/\ and unique.
std::string SheetName(const std::string& wanted, std::set<std::string>& used) {
  std::string clean;
  int chars = 0;
  for (size_t i = 0; i < wanted.size() && chars < 28;) {
    unsigned char c = static_cast<unsigned char>(wanted[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string cp = wanted.substr(i, len);
    if (cp.size() == 1 && std::string("[]:*?/\\").find(cp[0]) != std::string::npos) cp = "_";
    clean += cp;
    i += len;
    ++chars;
  }
  if (clean.empty()) clean = "单位";
  std::string name = clean;
  for (int n = 2; used.count(name); ++n) name = clean + "_" + std::to_string(n);
  used.insert(name);
  return name;
}

// Numbers are written as the sheet shows them: rounded to 4 decimals, no -0.
void WriteNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value, lxw_format* f) {
  worksheet_write_number(ws, row, col, scoring::Round4(value), f);
}

void Check(lxw_error err, const std::string& path) {
  if (err != LXW_NO_ERROR) throw Error(std::string("xlsx: ") + lxw_strerror(err), path);
}

void Rows(const IndicatorScore& s, std::vector<std::string> path,
          std::vector<std::pair<std::vector<std::string>, const IndicatorScore*>>& out) {
  path.push_back(s.name);
  out.push_back({path, &s});
  for (const IndicatorScore& c : s.children) Rows(c, path, out);
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Writes the workbook to `tmp` (renamed over the target by WriteXlsx).
void WriteWorkbook(const scoring::ScoreSheet& sheet, const std::string& tmp,
                   const std::string& path) {
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) throw Error("cannot create the xlsx file", path);
  // A fixed creation time keeps the file byte-identical across runs.
  lxw_doc_properties props = {};
  props.title = const_cast<char*>(sheet.framework_title.c_str());
  props.created = 946684800;  // 2000-01-01T00:00:00Z
  workbook_set_properties(wb, &props);
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDDDDD);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* num = workbook_add_format(wb);
  format_set_border(num, LXW_BORDER_THIN);
  format_set_num_format(num, "General");
  lxw_format* pending = workbook_add_format(wb);
  format_set_border(pending, LXW_BORDER_THIN);
  format_set_bg_color(pending, 0xFFF4D6);
  format_set_text_wrap(pending);

  std::set<std::string> used;
  lxw_worksheet* rank = workbook_add_worksheet(wb, SheetName("排名", used).c_str());
  const char* rank_head[] = {"排名", "单位",   "类型", "总分",   "满分",     "基础分",  "加分",
                             "扣分", "待评分", "等次", "红黑榜", "加分待评", "扣分待评"};
  for (int c = 0; c < 13; ++c)
    worksheet_write_string(rank, 0, static_cast<lxw_col_t>(c), rank_head[c], head);
  worksheet_set_column(rank, 1, 1, 24, nullptr);
  lxw_row_t r = 1;
  for (const UnitScore& u : sheet.units) {
    if (u.rank) WriteNumber(rank, r, 0, u.rank, num);
    worksheet_write_string(rank, r, 1, u.unit.name.c_str(), cell);
    worksheet_write_string(rank, r, 2, u.unit.kind.c_str(), cell);
    WriteNumber(rank, r, 3, u.total, num);
    WriteNumber(rank, r, 4, u.max_points, num);
    WriteNumber(rank, r, 5, u.normal_points, num);
    WriteNumber(rank, r, 6, u.bonus_points, num);
    WriteNumber(rank, r, 7, -u.penalty_points, num);
    WriteNumber(rank, r, 8, u.pending_points, u.provisional ? pending : num);
    worksheet_write_string(rank, r, 9, u.band.c_str(), cell);
    worksheet_write_string(rank, r, 10, Join(u.lists, "、").c_str(), cell);
    WriteNumber(rank, r, 11, u.pending_bonus, u.pending_bonus > 0 ? pending : num);
    WriteNumber(rank, r, 12, u.pending_penalty, u.pending_penalty > 0 ? pending : num);
    ++r;
  }

  for (const UnitScore& u : sheet.units) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName(u.unit.name, used).c_str());
    std::string title = u.unit.name + " — " + sheet.framework_title + "，总分 " +
                        scoring::FormatPoints(u.total) +
                        (u.provisional ? "（" + scoring::PendingSummary(u) + "）" : "");
    worksheet_write_string(ws, 0, 0, title.c_str(), nullptr);
    const char* cols[] = {"一级指标", "二级指标", "三级指标", "四级指标", "权重",
                          "得分",     "扣分",     "状态",     "扣分原因", "建议（待确认）"};
    for (int c = 0; c < 10; ++c)
      worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), cols[c], head);
    worksheet_set_column(ws, 0, 3, 16, nullptr);
    worksheet_set_column(ws, 8, 9, 60, nullptr);
    worksheet_freeze_panes(ws, 3, 0);
    std::vector<std::pair<std::vector<std::string>, const IndicatorScore*>> rows;
    for (const IndicatorScore& s : u.indicators) Rows(s, {}, rows);
    lxw_row_t row = 3;
    for (const auto& [names, s] : rows) {
      lxw_format* f = s->pending > 0 ? pending : cell;
      size_t col = std::min<size_t>(names.size(), 4) - 1;
      for (lxw_col_t c = 0; c < 4; ++c)
        worksheet_write_string(ws, row, c, c == col ? s->name.c_str() : "", f);
      WriteNumber(ws, row, 4, scoring::ShownWeight(*s), num);
      WriteNumber(ws, row, 5, s->points, num);
      WriteNumber(ws, row, 6, s->lost, num);
      std::string status = scoring::StatusLabel(s->status);
      if (s->pending > 0) status += " " + scoring::FormatPoints(s->pending);
      if (s->bonus_max > 0) status += "（加分≤" + scoring::FormatPoints(s->bonus_max) + "）";
      if (s->penalty_max > 0) status += "（扣分≤" + scoring::FormatPoints(s->penalty_max) + "）";
      worksheet_write_string(ws, row, 7, status.c_str(), f);
      worksheet_write_string(ws, row, 8, Join(s->reasons, "；").c_str(), f);
      if (s->proposal) worksheet_write_string(ws, row, 9, ProposalText(*s).c_str(), f);
      ++row;
    }
    worksheet_write_string(ws, row, 0, "合计", head);
    WriteNumber(ws, row, 4, u.max_points, num);
    WriteNumber(ws, row, 5, u.total, num);
    if (u.provisional)
      worksheet_write_string(ws, row, 7, scoring::PendingSummary(u).c_str(), pending);
    worksheet_write_string(
        ws, row, 8, Join({u.band, Join(u.lists, "、"), Join(u.notes, "；")}, " ").c_str(), cell);
  }
  Check(workbook_close(wb), path);
}

}  // namespace

void WriteXlsx(const scoring::ScoreSheet& sheet, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::error_code ec;
  try {
    WriteWorkbook(sheet, tmp, path);
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error("cannot write: " + ec.message(), path);
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace govscore::report

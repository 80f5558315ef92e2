#include "platform/units.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "platform/errors.h"
#include "platform/internal.h"

namespace govscore::platform {
namespace {

using internal::Trim;

enum class Column { kCode, kName, kKind, kRegion, kParent, kWebsites, kAccounts };

// Accepted header spellings of each column (compared after trimming, ASCII
// case-insensitively).
const std::vector<std::pair<Column, std::vector<std::string>>>& HeaderNames() {
  static const std::vector<std::pair<Column, std::vector<std::string>>> names = {
      {Column::kCode, {"code", "编码", "单位编码", "代码"}},
      {Column::kName, {"name", "名称", "单位名称"}},
      {Column::kKind, {"kind", "类型", "对象类型", "单位类型"}},
      {Column::kRegion, {"region", "地区", "区域"}},
      {Column::kParent, {"parent", "上级编码", "上级单位编码", "上级"}},
      {Column::kWebsites, {"websites", "website", "网站", "网址"}},
      {Column::kAccounts, {"accounts", "新媒体账号", "新媒体"}},
  };
  return names;
}

// The export header: the first Chinese spelling of each column.
const std::vector<std::string> kExportHeader = {"编码",     "名称", "类型",      "地区",
                                                "上级编码", "网站", "新媒体账号"};

constexpr size_t kMaxRows = 10000;

// Parses "渠道|名称|URL" entries.
std::vector<store::NewMediaAccount> ParseAccounts(const std::string& cell, int row,
                                                  const std::string& column,
                                                  std::vector<ImportProblem>& problems) {
  std::vector<store::NewMediaAccount> out;
  for (const std::string& entry : internal::SplitList(cell)) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
      size_t bar = entry.find('|', start);
      parts.push_back(Trim(std::string_view(entry).substr(start, bar - start)));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
      problems.push_back({row, column, "新媒体账号“" + entry + "”应为 渠道|名称|网址"});
      continue;
    }
    store::NewMediaAccount a{parts[0], parts[1], parts.size() == 3 ? parts[2] : ""};
    if (!a.url.empty() && !internal::IsHttpUrl(a.url)) {
      problems.push_back({row, column, "新媒体账号网址“" + a.url + "”不是 http(s) 网址"});
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

namespace {

// A sheet read and checked against the store; nothing written.
struct ParsedImport {
  std::vector<store::UnitImport> units;
  std::vector<int> sheet_rows;  // 1-based row of each unit
  std::vector<ImportProblem> problems;
  std::set<std::string> existing;  // codes already stored
};

ParsedImport ParseImport(store::Store& store, std::string_view bytes,
                         const std::string& file_name) {
  ParsedImport out;
  std::vector<ImportProblem>& problems = out.problems;
  std::vector<std::vector<std::string>> rows;
  try {
    rows = internal::ReadSheetRows(bytes, file_name);
  } catch (const ImportError& e) {
    problems = e.problems();
    return out;
  }
  if (rows.empty()) {
    problems.push_back({1, "", "文件为空（没有表头行）"});
    return out;
  }
  if (rows.size() > kMaxRows + 1) {
    problems.push_back(
        {static_cast<int>(kMaxRows + 2), "", "超过 " + std::to_string(kMaxRows) + " 个评估对象"});
    return out;
  }

  // Header row → column positions.
  std::map<Column, size_t> at;
  std::map<Column, std::string> heading;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    const std::string h = Trim(rows[0][c]);
    if (h.empty()) continue;
    bool known = false;
    for (const auto& [column, names] : HeaderNames()) {
      for (const std::string& n : names) {
        std::string lower = h;
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (lower != n) continue;
        known = true;
        if (at.count(column))
          problems.push_back({1, h, "列重复（与“" + heading[column] + "”相同）"});
        at[column] = c;
        heading[column] = h;
      }
    }
    if (!known)
      problems.push_back({1, h, "未知的列（应为 编码 名称 类型 地区 上级编码 网站 新媒体账号）"});
  }
  for (Column required : {Column::kCode, Column::kName, Column::kKind})
    if (!at.count(required)) {
      const std::string& name = HeaderNames()[static_cast<size_t>(required)].second[1];
      problems.push_back({1, name, "缺少必填列"});
    }
  if (!problems.empty()) return out;

  auto cell = [&](const std::vector<std::string>& row, Column c) -> std::string {
    auto it = at.find(c);
    if (it == at.end() || it->second >= row.size()) return {};
    return Trim(row[it->second]);
  };

  std::vector<store::UnitImport>& units = out.units;
  std::vector<int>& sheet_rows = out.sheet_rows;
  std::map<std::string, int> row_of_code;
  for (size_t r = 1; r < rows.size(); ++r) {
    const int row = static_cast<int>(r + 1);
    bool blank = true;
    for (const std::string& v : rows[r])
      if (!Trim(v).empty()) blank = false;
    if (blank) continue;
    store::UnitImport u;
    u.unit.code = cell(rows[r], Column::kCode);
    u.unit.name = cell(rows[r], Column::kName);
    u.unit.kind = cell(rows[r], Column::kKind);
    u.unit.region = cell(rows[r], Column::kRegion);
    u.parent_code = cell(rows[r], Column::kParent);
    for (Column c : {Column::kCode, Column::kName, Column::kKind})
      if (cell(rows[r], c).empty()) problems.push_back({row, heading[c], "不能为空"});
    if (!u.unit.code.empty()) {
      if (auto [it, inserted] = row_of_code.emplace(u.unit.code, row); !inserted)
        problems.push_back(
            {row, heading[Column::kCode],
             "编码“" + u.unit.code + "”与第 " + std::to_string(it->second) + " 行重复"});
    }
    if (!u.parent_code.empty() && u.parent_code == u.unit.code)
      problems.push_back({row, heading[Column::kParent], "上级编码不能是本单位"});
    for (const std::string& url : internal::SplitList(cell(rows[r], Column::kWebsites))) {
      if (internal::IsHttpUrl(url))
        u.unit.websites.push_back(url);
      else
        problems.push_back({row, heading[Column::kWebsites], "“" + url + "”不是 http(s) 网址"});
    }
    u.unit.accounts =
        ParseAccounts(cell(rows[r], Column::kAccounts), row, heading[Column::kAccounts], problems);
    units.push_back(std::move(u));
    sheet_rows.push_back(row);
  }
  if (units.empty() && problems.empty()) problems.push_back({2, "", "表头下没有评估对象"});

  // Parents: in the file or stored; no cycles (through stored units too).
  std::map<std::string, std::string> parent_of;  // code → parent code, after the import
  std::map<store::Id, std::string> code_of_id;
  const std::vector<store::Unit> stored = store.ListUnits();
  for (const store::Unit& s : stored) code_of_id[s.id] = s.code;
  for (const store::Unit& s : stored) {
    parent_of[s.code] = s.parent_id ? code_of_id[*s.parent_id] : "";
    out.existing.insert(s.code);
  }
  for (const auto& u : units) parent_of[u.unit.code] = u.parent_code;
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string& parent = units[i].parent_code;
    if (parent.empty() || parent == units[i].unit.code) continue;
    if (!parent_of.count(parent)) {
      problems.push_back({sheet_rows[i], heading[Column::kParent],
                          "上级编码“" + parent + "”不存在（文件和系统中都没有）"});
      continue;
    }
    std::string at_code = parent;
    for (size_t steps = 0; !at_code.empty(); ++steps) {
      if (at_code == units[i].unit.code || steps > parent_of.size()) {
        problems.push_back({sheet_rows[i], heading[Column::kParent],
                            "“" + units[i].unit.code + "”的上级关系形成循环"});
        break;
      }
      at_code = parent_of.count(at_code) ? parent_of[at_code] : "";
    }
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const ImportProblem& a, const ImportProblem& b) { return a.row < b.row; });
  return out;
}

}  // namespace

UnitImportResult ImportUnits(store::Store& store, const store::Actor& actor, std::string_view bytes,
                             const std::string& file_name) {
  ParsedImport parsed = ParseImport(store, bytes, file_name);
  if (!parsed.problems.empty()) throw ImportError(file_name, std::move(parsed.problems));
  const std::vector<store::UnitImport>& units = parsed.units;

  // Parents in the file first (the store resolves parent codes in order).
  std::vector<store::UnitImport> ordered;
  std::vector<size_t> order;
  std::set<std::string> placed;
  std::map<std::string, size_t> index_of_code;
  for (size_t i = 0; i < units.size(); ++i) index_of_code[units[i].unit.code] = i;
  std::function<void(size_t)> place = [&](size_t i) {
    if (placed.count(units[i].unit.code)) return;
    placed.insert(units[i].unit.code);
    auto parent = index_of_code.find(units[i].parent_code);
    if (parent != index_of_code.end()) place(parent->second);
    order.push_back(i);
  };
  for (size_t i = 0; i < units.size(); ++i) place(i);
  for (size_t i : order) ordered.push_back(units[i]);

  const std::vector<store::Id> ids = store.ImportUnits(actor, ordered);
  UnitImportResult result;
  result.unit_ids.resize(units.size());
  for (size_t k = 0; k < order.size(); ++k) result.unit_ids[order[k]] = ids[k];
  for (const auto& u : units)
    (parsed.existing.count(u.unit.code) ? result.updated : result.created)++;
  return result;
}

UnitImportPreview PreviewUnitImport(store::Store& store, std::string_view bytes,
                                    const std::string& file_name) {
  ParsedImport parsed = ParseImport(store, bytes, file_name);
  UnitImportPreview out;
  for (size_t i = 0; i < parsed.units.size(); ++i) {
    const store::UnitImport& u = parsed.units[i];
    UnitImportRow row;
    row.line = parsed.sheet_rows[i];
    row.unit = u.unit;
    row.parent_code = u.parent_code;
    row.update = parsed.existing.count(u.unit.code) > 0;
    for (const ImportProblem& p : parsed.problems)
      if (p.row == row.line) row.problems.push_back(p);
    (row.update ? out.updated : out.created)++;
    out.rows.push_back(std::move(row));
  }
  out.problems = std::move(parsed.problems);
  return out;
}

namespace {

std::vector<std::vector<std::string>> ExportRows(store::Store& store) {
  std::vector<store::Unit> units = store.ListUnits();
  std::map<store::Id, std::string> code_of_id;
  for (const store::Unit& u : units) code_of_id[u.id] = u.code;
  std::vector<std::vector<std::string>> rows{kExportHeader};
  for (const store::Unit& u : units) {
    std::string websites, accounts;
    for (const std::string& w : u.websites) websites += (websites.empty() ? "" : "; ") + w;
    for (const auto& a : u.accounts) {
      accounts += (accounts.empty() ? "" : "; ") + a.channel + "|" + a.name;
      if (!a.url.empty()) accounts += "|" + a.url;
    }
    rows.push_back({u.code, u.name, u.kind, u.region, u.parent_id ? code_of_id[*u.parent_id] : "",
                    websites, accounts});
  }
  return rows;
}

}  // namespace

std::string ExportUnitsCsv(store::Store& store) {
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 csv correctly
  for (const auto& row : ExportRows(store)) {
    for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + internal::CsvField(row[c]);
    out += "\r\n";
  }
  return out;
}

std::string ExportUnitsXlsx(store::Store& store) {
  const auto rows = ExportRows(store);
  return internal::BytesWrittenTo(
      [&](const std::string& path) {
        lxw_workbook* wb = workbook_new(path.c_str());
        if (wb == nullptr) throw Error("cannot create the xlsx file", path);
        lxw_worksheet* ws = workbook_add_worksheet(wb, "评估对象");
        for (size_t r = 0; r < rows.size(); ++r)
          for (size_t c = 0; c < rows[r].size(); ++c)
            worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                   rows[r][c].c_str(), nullptr);
        if (workbook_close(wb) != LXW_NO_ERROR) throw Error("cannot write the xlsx file", path);
      },
      ".xlsx");
}

}  // namespace govscore::platform

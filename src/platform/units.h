// Units (评估对象) in bulk: import from an organiser's xlsx or csv sheet, export
// in the same layout.
//
// Sheet layout (first worksheet of an xlsx, or UTF-8/GB18030 csv), one unit
// per row after a header row. Headers may be English or Chinese, any order:
//   code 编码 (required, unique)   name 名称 (required)   kind 类型 (required)
//   region 地区                    parent 上级编码 (code of another unit, in
//   the file or already stored)    websites 网站 (http(s) URLs separated by
//   ';' '；' or newlines)          accounts 新媒体账号 (entries
//   "渠道|名称|URL" separated by ';' '；' or newlines; URL optional)
// A row whose code is already stored updates that unit; others are created.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.h"
#include "store/store.h"

namespace govscore::platform {

struct UnitImportResult {
  int created = 0;
  int updated = 0;
  std::vector<store::Id> unit_ids;  // in sheet order
};

// Imports the sheet in `bytes` (xlsx recognised by its zip magic bytes,
// anything else read as csv); `file_name` is used in messages only. Either
// every row is stored in one transaction, or nothing is and ImportError lists
// every problem with its row and column (missing required column, empty
// required cell, duplicate code in the file, unknown parent, parent cycle, bad
// URL, bad account entry, more than 10000 rows).
UnitImportResult ImportUnits(store::Store& store, const store::Actor& actor, std::string_view bytes,
                             const std::string& file_name);

// One row of an import preview.
struct UnitImportRow {
  int line = 0;      // 1-based sheet row (the header is row 1)
  store::Unit unit;  // as it would be stored (id 0)
  std::string parent_code;
  bool update = false;                  // the code is stored: the row updates that unit
  std::vector<ImportProblem> problems;  // this row's
};

struct UnitImportPreview {
  std::vector<UnitImportRow> rows;      // every non-blank row, in sheet order
  std::vector<ImportProblem> problems;  // all of them, header problems (row 1) included
  int created = 0, updated = 0;         // what ImportUnits would do without problems
  bool ok() const { return problems.empty(); }
};

// What ImportUnits would do with the sheet, row by row, with every problem it
// would refuse — and writes nothing (the 仅校验 / dry run of the import dialog).
// Never throws ImportError: an unreadable file gives a preview with its problem.
UnitImportPreview PreviewUnitImport(store::Store& store, std::string_view bytes,
                                    const std::string& file_name);

// Every unit in the import layout (Chinese headers), by code. Importing the
// output again changes nothing.
std::string ExportUnitsCsv(store::Store& store);
std::string ExportUnitsXlsx(store::Store& store);  // xlsx bytes

}  // namespace govscore::platform

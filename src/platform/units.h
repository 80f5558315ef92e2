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

// Every unit in the import layout (Chinese headers), by code. Importing the
// output again changes nothing.
std::string ExportUnitsCsv(store::Store& store);
std::string ExportUnitsXlsx(store::Store& store);  // xlsx bytes

}  // namespace govscore::platform

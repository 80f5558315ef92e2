// The records of a checklist CSV import (dictionaries, post lists): RFC 4180
// quotes and doubled quotes, line breaks inside quoted cells kept (a post title
// exported with a line break stays one record), CRLF or LF, a UTF-8 BOM
// skipped, blank lines skipped. Each record comes with the line it starts on,
// so errors name the line a user sees in an editor.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace govscore::checklist {

struct CsvRecord {
  size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> cells;
};

std::vector<CsvRecord> ReadCsvRecords(std::string_view text);

}  // namespace govscore::checklist

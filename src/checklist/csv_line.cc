#include "checklist/csv_line.h"

namespace govscore::checklist {

std::vector<CsvRecord> ReadCsvRecords(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> out;
  CsvRecord rec{1, {std::string()}};
  size_t line = 1;
  bool quoted = false, blank = true;
  auto finish = [&] {
    if (!blank) out.push_back(std::move(rec));
    rec = CsvRecord{line, {std::string()}};
    blank = true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rec.cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        rec.cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
      blank = false;
    } else if (c == ',') {
      rec.cells.emplace_back();
      blank = false;
    } else if (c == '\n') {
      ++line;
      finish();
    } else if (c != '\r') {
      rec.cells.back() += c;
      blank = false;
    }
  }
  finish();
  return out;
}

}  // namespace govscore::checklist

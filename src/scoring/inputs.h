// The inputs of a scoring run (docs/scoring.md): units, measures, judgments,
// events and not-applicable declarations, read from CSV/JSON/YAML files or a
// govscore.scan/1 document. Readers throw govscore::Error naming the file and
// row for bad input.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace govscore::scoring {

struct Unit {
  std::string id;
  std::string name;
  std::string kind;
  std::string region;
  std::string site;
  std::vector<std::string> channels;  // existing channels (网站, 政务微博 …)
  std::vector<std::string> aliases;   // other spellings of the name (data lists)
  bool channels_known = true;         // false when units.csv has no `channels` column: 待评
  // Links the unit's site must carry (units.csv `required_links`, `;`-separated):
  // a host ("www.gov.cn") or a URL prefix ("http://www.gxzf.gov.cn/zwgk/").
  // Scan measure links.required_missing (docs/measures.md §3).
  std::vector<std::string> required_links = {};
  // 便民查询 services the unit must offer (units.csv `convenience`, `;`-separated
  // names from the framework's appendix). Scan measure convenience.missing.
  std::vector<std::string> convenience = {};
};

// One item of a list measure: a finding (broken link target) or a sampled thing.
struct ListItem {
  std::string id;
  std::optional<double> value;  // bools as 1/0
  std::vector<std::string> evidence;
};

struct MeasureValue {
  enum class Type { kNull, kNumber, kBool, kDate, kText, kList };
  Type type = Type::kNull;
  double number = 0;
  bool flag = false;
  Date date;
  std::string text;
  std::vector<ListItem> items;

  static MeasureValue Number(double v);
  static MeasureValue Bool(bool v);
  static MeasureValue OfDate(Date d);
  static MeasureValue Text(std::string v);
  static MeasureValue List(std::vector<ListItem> items);
  // "looked, not there": null, empty text or empty list.
  bool IsAbsent() const;
  // Short Chinese-friendly rendering for traces ("36", "是", "2020-10-01", "3项").
  std::string ToString() const;
};

struct Measure {
  std::string unit;
  std::string name;
  MeasureValue value;
  std::vector<std::string> evidence;
  std::string period;   // e.g. 2020Q3, or empty
  std::string channel;  // or empty
  std::string source;   // file:row it came from
};

struct Judgment {
  std::string unit;
  std::string indicator;
  std::string criterion;  // empty: the indicator itself
  std::string channel;
  std::string value;  // met | unmet | yes | no | partial | ""
  std::optional<double> percent;
  std::optional<double> points;
  std::optional<double> count;
  std::string evidence;
  std::string reviewer;
  std::string time;
  std::string note;
  std::string source;  // file:row
};

struct Event {
  std::string unit;
  std::string type;
  std::string level;
  std::string channel;
  std::optional<Date> date;
  double count = 1;
  std::optional<double> points;
  std::string evidence;
  std::string note;
  std::string source;
};

struct NaDeclaration {
  std::string unit;
  std::string indicator;
  std::string reason;
  std::string evidence;
  std::string source;
};

// Everything a run reads. `has_events` / `has_na` say whether such a file was
// given at all: with no events file, event-based items are 待评, not 0.
struct CampaignInputs {
  std::vector<Unit> units;
  std::vector<Measure> measures;
  std::vector<Judgment> judgments;
  std::vector<Event> events;
  std::vector<NaDeclaration> na;
  bool has_events = false;
};

// The files of one run; empty strings / lists mean "not given".
struct InputFiles {
  std::string units;
  std::vector<std::string> measures;
  std::string judgments;
  std::string events;
  std::string na;
  std::string scan_unit;  // unit of scan documents when their site matches no unit
};

// Reads every given file; has_events is true when an events file was given.
CampaignInputs LoadCampaignInputs(const InputFiles& files);

std::vector<Unit> LoadUnitsCsv(const std::string& path);
// JSON (govscore.measures/1 or a bare array), CSV, or a govscore.scan/1 document
// (mapped by scan_measures.h; the unit is matched by site host, or `scan_unit`).
std::vector<Measure> LoadMeasures(const std::string& path, const std::vector<Unit>& units,
                                  const std::string& scan_unit = {});
// Measure rows a scan extension computed during the scan and embedded in the
// scan document as `checklist.measures` (govscore.measures/1 rows, their
// `unit` ignored: the national checklist, src/checklist/scan.h), as measures
// of `unit`. None when the document has no such section; throws
// govscore::Error naming `path` for malformed rows.
std::vector<Measure> EmbeddedScanMeasures(const nlohmann::json& scan, const std::string& unit,
                                          const std::string& path);
std::vector<Judgment> LoadJudgments(const std::string& path);  // YAML or CSV
std::vector<Event> LoadEvents(const std::string& path);        // YAML or CSV
std::vector<NaDeclaration> LoadNa(const std::string& path);    // YAML or CSV

// Parses a CSV/text cell into a value: number, true/false, date, else text;
// empty or "null" = null (LoadMeasures skips CSV rows whose value is empty: not filled in).
MeasureValue ParseCell(const std::string& text);

// RFC 4180 CSV: rows of cells (quotes, doubled quotes, CRLF). A UTF-8 BOM is skipped.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

// One CSV cell as written by govscore: quoted when it holds , " CR or LF.
std::string CsvCell(const std::string& text);

}  // namespace govscore::scoring

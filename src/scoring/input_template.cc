#include "scoring/input_template.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "core/error.h"
#include "core/text_file.h"
#include "framework/measure_registry.h"
#include "framework/rule_inputs.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

using framework::Framework;
using framework::Indicator;
using framework::IndicatorInputs;
using framework::InputItem;

constexpr const char* kJudgmentsHeader =
    "unit,indicator,criterion,channel,value,percent,points,count,evidence,reviewer,time,note,"
    "unit_name,indicator_name,how,guide\n";
constexpr const char* kMeasuresHeader =
    "unit,name,value,evidence,period,channel,unit_name,type,description\n";
constexpr const char* kEventsHeader = "unit,type,level,channel,date,count,points,evidence,note\n";
constexpr const char* kNaHeader = "unit,indicator,reason,evidence\n";

// At most `max` UTF-8 characters of `text` on one line, "…" when cut.
std::string Excerpt(const std::string& text, size_t max) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (chars == max) return out + "…";
    std::string cp = text.substr(i, len);
    out += cp == "\n" || cp == "\r" ? " " : cp;
    i += len;
    ++chars;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Substitute(std::string name, const std::string& channel) {
  if (size_t pos = name.find("{channel}"); pos != std::string::npos && !channel.empty())
    name.replace(pos, 9, channel);
  return name;
}

// The type and description of a measure: the framework's declaration, else
// the registry of docs/measures.md.
std::pair<std::string, std::string> Describe(const Framework& fw, const std::string& name) {
  for (const framework::MeasureDecl& d : fw.measures)
    if (framework::MeasureNameMatches(d.name, name)) return {d.type, d.description};
  if (const framework::KnownMeasure* k = framework::FindKnownMeasure(name))
    return {k->type, "docs/measures.md"};
  return {"", ""};
}

class Builder {
 public:
  explicit Builder(InputTemplates& out) : out_(out) {}

  // Every leaf of `fw` that exists for `key` (the unit kind, or a channel
  // under channel weighting; `channel` is then that channel).
  void Walk(const Framework& fw, const std::vector<Indicator>& nodes, const Unit& unit,
            const std::string& key, const std::string& channel, std::vector<std::string> path) {
    for (const Indicator& ind : nodes) {
      if (!ind.ExistsFor(key)) continue;
      std::vector<std::string> here = path;
      here.push_back(ind.name);
      AddNode(fw, ind, unit, channel, Join(here, "/"));
      Walk(fw, ind.children, unit, key, channel, here);
    }
  }

  void Finish(const std::vector<const Framework*>& frameworks) {
    std::string events = Join(std::vector<std::string>(events_.begin(), events_.end()), "、");
    std::string& r = out_.readme;
    r += "填写说明\n========\n\n";
    for (const Framework* fw : frameworks) r += "指标体系：" + fw->title + "（" + fw->id + "）\n";
    r += "\njudgments.csv（人工评分）：每行是一个单位需要评审人员判断的一项（" +
         std::to_string(out_.judgment_rows) +
         " 行）。在 value / percent / points / count 中填一项（how 列说明填法），"
         "并填写 evidence（证据网址或文件）、reviewer、time、note。"
         "未填写的行读入时忽略，该项保持“待评”。indicator_name、how、guide、unit_name "
         "列只作说明，不参与评分。\n";
    r += "\nmeasures.csv（导入测量值）：扫描无法得到、需要导入的测量值（" +
         std::to_string(out_.measure_rows) +
         " 行）。在 value 列填数值、true/false、日期（YYYY-MM-DD）或文字；"
         "“查过，没有”写 null；value 为空的行读入时忽略（待评）。扫描可得的测量值"
         "（链接、栏目、底部信息、隐私泄露等）由 govscore scan 的结果提供：score --measures "
         "scan.json。"
         "type 为 list 的测量值（抽查清单等）不能写在 CSV 里，请写入 measures.json："
         "{\"schema\": \"govscore.measures/1\", \"measures\": [{\"unit\": …, \"name\": …, "
         "\"value\": [{\"id\": \"网址\", \"value\": true}]}]}（docs/scoring.md）。\n";
    r += "\nevents.csv（事件）：表彰、通报、曝光、安全事件等，每个事件一行。" +
         (events.empty() ? std::string("本指标体系不读取事件。")
                         : "本指标体系读取的事件类型：" + events + "。") +
         "未提供事件文件时，按事件计分的项目为“待评”；提供了空文件表示没有事件。\n";
    r += "\nna.csv（不适用声明）：单位没有某项考核任务时，每个不适用指标一行（unit, indicator, "
         "reason, evidence）。";
    if (!na_.empty()) {
      r += "本指标体系写明了不适用规则的指标：" +
           Join(std::vector<std::string>(na_.begin(), na_.end()), "、") + "。";
    }
    if (channels_unknown_) {
      r += "\n\nunits.csv 没有 channels "
           "列：按渠道评分的指标列出了所有渠道，但评分时这些指标一律“待评”。"
           "请在 units.csv 中加 channels 列，写明各单位已开设的渠道（如 "
           "网站;政务微博），再重新生成模板。";
    }
    r += "\n\n评分：govscore score --framework " + frameworks.front()->id +
         " --units units.csv --measures measures.csv --judgments judgments.csv "
         "--events events.csv --na na.csv --out 输出目录\n";
  }

 private:
  void AddNode(const Framework& fw, const Indicator& ind, const Unit& unit,
               const std::string& channel, const std::string& path) {
    if (ind.not_applicable.mode != framework::NotApplicable::Mode::kNone &&
        ind.not_applicable.mode != framework::NotApplicable::Mode::kForbidden)
      na_.insert(ind.id);
    IndicatorInputs in = framework::InputsOf(ind);
    // A channels rule is judged on every channel it covers that the unit has.
    std::vector<std::string> channels;
    if (!in.channels.empty() && !unit.channels_known) channels_unknown_ = true;
    if (!in.channels.empty()) {
      for (const std::string& ch : in.channels)
        if (!unit.channels_known || Contains(unit.channels, ch)) channels.push_back(ch);
    } else {
      channels.push_back(channel);
    }
    const std::string guide =
        Excerpt(!ind.criteria_text.empty() ? ind.criteria_text : ind.description, 120);
    for (const InputItem& item : in.items) {
      if (!item.kinds.empty() && !Contains(item.kinds, unit.kind)) continue;
      for (const std::string& e : item.events) events_.insert(e);
      for (const std::string& ch : channels) {
        if (item.judged) AddJudgment(unit, ind, item, ch, path, guide);
        for (const std::string& m : item.measures) AddMeasure(fw, unit, Substitute(m, ch), ch, in);
      }
    }
  }

  void AddJudgment(const Unit& unit, const Indicator& ind, const InputItem& item,
                   const std::string& channel, const std::string& path, const std::string& guide) {
    if (!judged_.insert({unit.id, ind.id, item.id, channel}).second) return;
    std::string g = item.text.empty() ? guide : Excerpt(item.text, 120);
    out_.judgments_csv += CsvCell(unit.id) + "," + CsvCell(ind.id) + "," + CsvCell(item.id) + "," +
                          CsvCell(channel) + ",,,,,,,,," + CsvCell(unit.name) + "," +
                          CsvCell(path) + "," + CsvCell(item.answer) + "," + CsvCell(g) + "\n";
    ++out_.judgment_rows;
  }

  void AddMeasure(const Framework& fw, const Unit& unit, const std::string& name,
                  const std::string& channel, const IndicatorInputs& in) {
    if (name.empty() || ScanProvides(name)) return;
    auto [type, description] = Describe(fw, name);
    std::vector<std::string> periods =
        in.periods.empty() ? std::vector<std::string>{""} : in.periods;
    for (const std::string& period : periods) {
      // A measure named per channel carries the channel in its name already.
      std::string ch = name.find(channel) != std::string::npos ? "" : channel;
      if (!measured_.insert({unit.id, name, period, ch}).second) continue;
      out_.measures_csv += CsvCell(unit.id) + "," + CsvCell(name) + ",,," + CsvCell(period) + "," +
                           CsvCell(ch) + "," + CsvCell(unit.name) + "," + CsvCell(type) + "," +
                           CsvCell(Excerpt(description, 120)) + "\n";
      ++out_.measure_rows;
    }
  }

  InputTemplates& out_;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> judged_, measured_;
  std::set<std::string> events_;
  std::set<std::string> na_;
  bool channels_unknown_ = false;
};

}  // namespace

InputTemplates MakeInputTemplates(const Framework& fw, const std::vector<Framework>& parts,
                                  const std::vector<Unit>& units, const std::string& kind) {
  InputTemplates t;
  t.judgments_csv = kJudgmentsHeader;
  t.measures_csv = kMeasuresHeader;
  t.events_csv = kEventsHeader;
  t.na_csv = kNaHeader;
  std::vector<const Framework*> scored;
  if (parts.empty()) scored.push_back(&fw);
  for (const Framework& p : parts) scored.push_back(&p);
  Builder b(t);
  int units_done = 0;
  for (const Unit& u : units) {
    if (!kind.empty() && u.kind != kind) continue;
    if (!fw.object_kinds.empty() && !Contains(fw.object_kinds, u.kind)) {
      if (!kind.empty()) continue;
      throw Error("unit '" + u.id + "' has kind '" + u.kind + "', but " + fw.id + " scores " +
                      Join(fw.object_kinds, ", ") + " (use --kind)",
                  "units");
    }
    ++units_done;
    for (const Framework* f : scored) {
      if (f->result.channel_weighting) {
        for (const std::string& ch : f->result.channel_weighting->channels)
          if (!u.channels_known || Contains(u.channels, ch))
            b.Walk(*f, f->indicators, u, ch, ch, {});
      } else {
        b.Walk(*f, f->indicators, u, u.kind, "", {});
      }
    }
  }
  if (units_done == 0) throw Error("no unit of the requested kind", "units");
  b.Finish(scored);
  return t;
}

void WriteInputTemplates(const InputTemplates& t, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create the directory: " + ec.message(), dir);
  const std::filesystem::path d(dir);
  const std::string bom = "\xEF\xBB\xBF";  // Excel opens UTF-8 CSV correctly with it
  WriteTextFile(d / "judgments.csv", bom + t.judgments_csv);
  WriteTextFile(d / "measures.csv", bom + t.measures_csv);
  WriteTextFile(d / "events.csv", bom + t.events_csv);
  WriteTextFile(d / "na.csv", bom + t.na_csv);
  WriteTextFile(d / "填写说明.txt", t.readme);
}

}  // namespace govscore::scoring

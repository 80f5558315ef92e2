#include "checklist/quarterly_step.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "checklist/quarterly_store.h"
#include "core/error.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"
#include "scoring/scan_measures.h"

namespace govscore::checklist {
namespace {

constexpr store::Millis kDayMs = 24LL * 3600 * 1000;
constexpr store::Millis kChinaOffsetMs = 8LL * 3600 * 1000;

store::Millis ChinaMidnight(const Date& d) {
  return static_cast<store::Millis>(d.day_number()) * kDayMs - kChinaOffsetMs;
}

std::string ChinaTime(store::Millis t) {
  const store::Millis local = t + kChinaOffsetMs;
  const long days = static_cast<long>(local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs);
  const long secs = static_cast<long>((local - days * kDayMs) / 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(secs / 3600 % 24),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return Date::FromDayNumber(days).ToString() + buf;
}

// The gb2019 kind of a store unit: its own when the framework scores it, else
// 政府门户网站 for a 人民政府 and 部门网站 otherwise.
std::string ChecklistKind(const store::Unit& u, const framework::Framework& fw) {
  if (std::find(fw.object_kinds.begin(), fw.object_kinds.end(), u.kind) != fw.object_kinds.end())
    return u.kind;
  const std::string portal = "政府门户网站";
  if (u.name.find("人民政府") != std::string::npos &&
      std::find(fw.object_kinds.begin(), fw.object_kinds.end(), portal) != fw.object_kinds.end())
    return portal;
  return fw.object_kinds.size() > 1 ? fw.object_kinds[1] : fw.object_kinds.at(0);
}

}  // namespace

std::vector<scoring::Measure> ProbeAvailabilityMeasures(store::Store& store, store::Id unit_id,
                                                        const std::string& unit_code,
                                                        store::Millis from, store::Millis to) {
  std::vector<store::AvailabilityProbe> probes = store.ListProbes(unit_id, from, to);
  if (probes.empty()) return {};
  std::vector<scoring::ListItem> failed;
  for (const store::AvailabilityProbe& p : probes) {
    if (p.ok) continue;
    scoring::ListItem item;
    item.id = ChinaTime(p.at);
    item.value = 1;
    item.evidence = {p.url, p.error.empty() ? "HTTP " + std::to_string(p.status) : p.error};
    failed.push_back(std::move(item));
  }
  const std::string window = ChinaTime(from) + " 至 " + ChinaTime(to);
  const double n = static_cast<double>(probes.size());
  auto row = [&](const char* name, scoring::MeasureValue v, std::vector<std::string> ev) {
    scoring::Measure m;
    m.unit = unit_code;
    m.name = name;
    m.value = std::move(v);
    m.evidence = std::move(ev);
    m.source = "probes";
    return m;
  };
  return {row("site.availability_probes", scoring::MeasureValue::Number(n), {window}),
          row("site.availability_failed_probes", scoring::MeasureValue::List(failed), {window}),
          row("site.availability_failure_ratio",
              scoring::MeasureValue::Number(static_cast<double>(failed.size()) / n),
              {window + "：失败 " + std::to_string(failed.size()) + " 次 / 探测 " +
               std::to_string(probes.size()) + " 次"})};
}

std::optional<QuarterlyResult> RunUnitQuarterly(store::Store& store, const store::Actor& actor,
                                                const store::Unit& unit,
                                                const QuarterlyStepOptions& o) {
  std::optional<store::Scan> scan;
  // ListProfileScans leaves the documents out: load the newest done one.
  for (const store::Scan& s : store.ListProfileScans(unit.id, o.scan_profile, 10)) {
    if (s.state != store::ScanState::kDone) continue;
    scan = store.FindScan(s.id, /*with_document=*/true);
    if (scan && scan->document_json) break;
    scan.reset();
  }
  if (!scan) return std::nullopt;
  const std::string where = "scan " + std::to_string(scan->id);
  nlohmann::json doc = nlohmann::json::parse(*scan->document_json, nullptr, false);
  if (!doc.is_object()) throw Error("the stored scan document is not JSON", where);
  std::optional<Date> as_of = Date::Parse(doc.value("as_of", ""));
  if (!as_of) throw Error("the scan document has no as_of", where);

  const framework::Framework fw = framework::LoadValidFramework(
      framework::ResolveFramework(o.framework, framework::FrameworksDir(o.frameworks_dir)));
  const std::string period = QuarterOf(*as_of);
  for (const store::QuarterlyResult& r : store.ListQuarterlyResults(unit.id))
    if (r.quarter == period && r.framework_id == fw.id && r.scan_id == scan->id)
      return std::nullopt;  // done for this scan

  scoring::Unit u;
  u.id = unit.code;
  u.name = unit.name;
  u.kind = ChecklistKind(unit, fw);
  u.region = unit.region;
  u.site = unit.websites.empty() ? doc.value("site", "") : unit.websites.front();
  u.channels = {"网站"};
  scoring::CampaignInputs in;
  in.units = {u};
  in.measures = scoring::MeasuresFromScan(doc, where, in.units, u.id);
  const store::Millis to = ChinaMidnight(as_of->AddDays(1));
  for (scoring::Measure& m :
       ProbeAvailabilityMeasures(store, unit.id, u.id, to - o.availability_days * kDayMs, to))
    in.measures.push_back(std::move(m));
  scoring::ScoreOptions so;
  so.as_of = *as_of;
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(fw, in, so);
  if (sheet.units.size() != 1) throw Error("the checklist scored no unit", where);
  QuarterlyResult result = QuarterlyFromScore(sheet.units[0], fw.id, period, as_of->ToString());
  store.SaveQuarterlyResult(actor, ToStoreResult(result, unit.id, scan->id));
  return result;
}

QuarterlyStepReport RunQuarterlyChecklists(store::Store& store, const store::Actor& actor,
                                           const QuarterlyStepOptions& o) {
  QuarterlyStepReport rep;
  for (const store::Unit& unit : store.ListUnits()) {
    ++rep.units;
    try {
      if (std::optional<QuarterlyResult> r = RunUnitQuarterly(store, actor, unit, o))
        rep.stored.push_back(std::move(*r));
    } catch (const std::exception& e) {
      rep.errors.push_back(unit.code + ": " + e.what());
    }
  }
  return rep;
}

}  // namespace govscore::checklist

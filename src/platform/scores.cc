#include "platform/scores.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "checklist/quarterly.h"
#include "checklist/quarterly_store.h"
#include "framework/calendar.h"
#include "framework/framework_catalog.h"
#include "platform/campaigns.h"
#include "platform/consultations.h"
#include "platform/errors.h"
#include "platform/frameworks.h"
#include "platform/internal.h"
#include "platform/scan_results.h"
#include "report/report.h"
#include "scoring/engine.h"
#include "scoring/score_json.h"

namespace govscore::platform {

namespace {

std::string IsoTime(store::Millis ms) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string EvidenceText(const std::vector<store::JudgmentEvidence>& evidence) {
  std::string out;
  for (const store::JudgmentEvidence& e : evidence) {
    if (!out.empty()) out += "; ";
    out += e.kind == store::JudgmentEvidence::Kind::kUrl
               ? e.url
               : "佐证材料:" + e.file_name + " (" + e.stored_name + ")";
  }
  return out;
}

// The newest successful scan of the unit in the campaign: of its first
// website when there is one, else of any of its websites.
std::optional<store::Id> MeasuredScan(const std::vector<store::Scan>& scans,
                                      const store::Unit& unit) {
  std::optional<store::Id> any;
  for (const store::Scan& s : scans) {  // newest first
    if (s.unit_id != unit.id || s.state != store::ScanState::kDone) continue;
    if (!unit.websites.empty() && s.site_url == unit.websites.front()) return s.id;
    if (!any) any = s.id;
  }
  return any;
}

// The unit's stored quarterly checklist results of the quarters the campaign's
// period overlaps (from the quarter of period_from, or from the first stored
// one, to the quarter of period_to, else of the 监测时间点), as the
// inspection.passed / inspection.score rows `govscore checklist health` gives.
// Empty when none is stored: 健康情况 then stays 待评.
std::vector<scoring::Measure> QuarterlyMeasures(store::Store& store, const store::Campaign& c,
                                                const store::Unit& unit) {
  const std::string first = c.period_from ? checklist::QuarterOf(*c.period_from) : "";
  const std::string last = checklist::QuarterOf(c.period_to ? *c.period_to : c.as_of);
  std::vector<checklist::QuarterlyResult> results = checklist::LoadQuarterlyResults(store, unit);
  std::erase_if(results, [&](const checklist::QuarterlyResult& r) {
    return r.period < first || r.period > last;  // "2024Q2": compares as text
  });
  return checklist::InspectionMeasures(results);
}

// Rows the platform records itself (consultations, quarterly results) replace
// the imported or scanned rows of the same unit and measure family (the name
// up to its first dot: consult., disclosure_request., inspection.). Recorded
// rows with a period (a quarter of inspection.*) replace only the rows of that
// period — an imported 2020Q1 result stays beside a recorded 2020Q2 one — and
// rows without a period, which may be of any quarter.
void ReplaceWithRecorded(std::vector<scoring::Measure>& measures,
                         const std::vector<scoring::Measure>& recorded) {
  auto family = [](const scoring::Measure& m) { return m.name.substr(0, m.name.find('.') + 1); };
  // (unit, family) → the periods recorded ("": every period).
  std::map<std::pair<std::string, std::string>, std::set<std::string>> periods;
  for (const scoring::Measure& m : recorded) periods[{m.unit, family(m)}].insert(m.period);
  std::erase_if(measures, [&](const scoring::Measure& m) {
    auto it = periods.find({m.unit, family(m)});
    return it != periods.end() &&
           (m.period.empty() || it->second.count("") > 0 || it->second.count(m.period) > 0);
  });
  measures.insert(measures.end(), recorded.begin(), recorded.end());
}

}  // namespace

scoring::CampaignInputs CampaignInputsFromStore(store::Store& store, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  scoring::CampaignInputs in;
  // The event register is the platform's record: no event means none happened.
  in.has_events = true;
  const std::vector<store::Scan> scans = store.ListCampaignScans(campaign_id);
  std::map<store::Id, std::string> code_of;
  std::vector<scoring::Measure> recorded;  // see ReplaceWithRecorded below
  for (store::Id unit_id : c.unit_ids) {
    const store::Unit unit = internal::RequireUnit(store, unit_id);
    code_of[unit.id] = unit.code;
    in.units.push_back(ScoringUnit(unit));
    for (scoring::Measure& m : QuarterlyMeasures(store, c, unit)) recorded.push_back(std::move(m));
    const std::optional<store::Id> scan_id = MeasuredScan(scans, unit);
    const std::vector<store::Measure> stored = store.ListMeasures(unit.id);  // oldest first
    // A later import of the same measure (a post list imported again) supersedes
    // the earlier one: the newest row of each name, channel and period counts.
    std::set<std::tuple<std::string, std::string, std::string>> newest;
    std::set<store::Id> superseded;
    for (auto it = stored.rbegin(); it != stored.rend(); ++it)
      if (!it->scan_id && it->campaign_id == campaign_id &&
          !newest.insert({it->name, it->channel, it->period}).second)
        superseded.insert(it->id);
    for (const store::Measure& m : stored) {
      const bool of_scan = scan_id && m.scan_id == scan_id;
      const bool imported = !m.scan_id && m.campaign_id == campaign_id && !superseded.count(m.id);
      if (!of_scan && !imported) continue;
      scoring::Measure sm;
      sm.unit = unit.code;
      sm.name = m.name;
      sm.value = MeasureValueFromJson(nlohmann::json::parse(m.value_json, nullptr, false));
      sm.evidence = m.evidence;
      sm.period = m.period;
      sm.channel = m.channel;
      sm.source =
          of_scan ? "scan " + std::to_string(*m.scan_id) : "measure " + std::to_string(m.id);
      in.measures.push_back(std::move(sm));
    }
    const Date until = c.period_to ? *c.period_to : c.as_of;
    for (const store::Event& e : store.ListEvents(unit.id)) {
      if (e.campaign_id ? *e.campaign_id != campaign_id
                        : ((c.period_from && e.date < *c.period_from) || e.date > until))
        continue;
      scoring::Event se;
      se.unit = unit.code;
      se.type = e.type;
      se.level = e.level;
      se.channel = e.channel;
      se.date = e.date;
      se.count = static_cast<double>(e.count);
      se.points = e.points;
      se.evidence = e.evidence;
      se.note = e.note;
      se.source = "event " + std::to_string(e.id);
      in.events.push_back(std::move(se));
    }
  }
  // Consultations recorded in the platform replace imported rows of the same
  // unit and kind (consult. / disclosure_request.); stored quarterly results
  // replace the unit's imported inspection.* rows of the same quarters.
  for (scoring::Measure& m : ConsultationMeasuresOf(store, campaign_id))
    recorded.push_back(std::move(m));
  ReplaceWithRecorded(in.measures, recorded);
  for (const store::Judgment& j : store.ListJudgments(campaign_id)) {
    if (!internal::JudgmentFinal(j, c.second_review) || !code_of.count(j.key.unit_id)) continue;
    const std::string source =
        "judgment " + std::to_string(j.id) + " r" + std::to_string(j.current.revision);
    const nlohmann::json v = nlohmann::json::parse(j.current.value_json, nullptr, false);
    if (!v.is_object()) continue;
    if (v.contains("na") && v["na"] == true) {
      in.na.push_back({code_of[j.key.unit_id], j.key.indicator_id, j.current.note,
                       EvidenceText(j.current.evidence), source});
      continue;
    }
    scoring::Judgment sj;
    sj.unit = code_of[j.key.unit_id];
    sj.indicator = j.key.indicator_id;
    sj.criterion = j.key.criterion;
    sj.channel = j.key.channel;
    if (v.contains("value") && v["value"].is_string()) sj.value = v["value"].get<std::string>();
    if (v.contains("percent") && v["percent"].is_number()) sj.percent = v["percent"].get<double>();
    if (v.contains("points") && v["points"].is_number()) sj.points = v["points"].get<double>();
    if (v.contains("count") && v["count"].is_number()) sj.count = v["count"].get<double>();
    sj.evidence = EvidenceText(j.current.evidence);
    sj.reviewer = j.current.reviewer;
    sj.time = IsoTime(j.current.created_at);
    sj.note = j.current.note;
    sj.source = source;
    in.judgments.push_back(std::move(sj));
  }
  return in;
}

scoring::ScoreSheet ComputeScoreSheet(store::Store& store, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  const framework::Framework fw = LoadFrameworkVersion(store, c.framework_version_id);
  const scoring::CampaignInputs inputs = CampaignInputsFromStore(store, campaign_id);
  scoring::ScoreOptions options;
  options.as_of = c.as_of;
  options.seed = static_cast<uint64_t>(campaign_id);  // reproducible samples per campaign
  options.calendar = &framework::WorkdayCalendar::Default();
  options.frameworks_dir = framework::FrameworksDir();
  try {
    return scoring::ScoreCampaign(fw, inputs, options);
  } catch (const Error& e) {
    throw InvalidInput(std::string("评分引擎无法计算该评估任务：") + e.what(),
                       "campaign " + std::to_string(campaign_id));
  }
}

CampaignScores CurrentScores(store::Store& store, store::Id campaign_id) {
  const store::Campaign c = internal::RequireCampaign(store, campaign_id);
  CampaignScores out;
  if (c.state == store::CampaignState::kPublished || c.state == store::CampaignState::kArchived) {
    out.snapshot = store.LatestScoreSnapshot(campaign_id);
    if (out.snapshot) {
      out.sheet = SheetFromSnapshot(*out.snapshot);
      return out;
    }
  }
  out.sheet = ComputeScoreSheet(store, campaign_id);
  return out;
}

store::Id PublishCampaign(store::Store& store, const store::Actor& actor, store::Id campaign_id) {
  const CampaignProgress progress = GetCampaignProgress(store, campaign_id);
  if (!progress.can_publish) {
    std::string why;
    for (const std::string& b : progress.blockers) why += (why.empty() ? "" : "；") + b;
    throw Conflict("暂不能发布：" + why, "campaign " + std::to_string(campaign_id));
  }
  const scoring::ScoreSheet sheet = ComputeScoreSheet(store, campaign_id);
  const std::string sheet_json = scoring::ScoreSheetToJson(sheet).dump();
  store::Id id = 0;
  store.InTransaction([&] {  // no snapshot without the published state, nor the reverse
    id = store.PublishScoreSnapshot(actor, campaign_id, sheet_json);
    store.SetCampaignState(actor, campaign_id, store::CampaignState::kPublished);
  });
  return id;
}

// ---- the snapshot JSON back into a sheet ----

scoring::ScoreSheet SheetFromSnapshot(const store::ScoreSnapshot& snapshot) {
  const nlohmann::json j = nlohmann::json::parse(snapshot.sheet_json, nullptr, false);
  if (j.is_discarded())
    throw Error("score snapshot is not JSON", "snapshot " + std::to_string(snapshot.id));
  try {
    return scoring::ScoreSheetFromJson(j);
  } catch (const Error& e) {
    throw Error(std::string("score snapshot: ") + e.what(),
                "snapshot " + std::to_string(snapshot.id));
  }
}

std::vector<RankingRow> Ranking(const scoring::ScoreSheet& sheet) {
  std::vector<RankingRow> rows;
  for (const scoring::UnitScore& u : sheet.units)
    rows.push_back({u.rank, u.unit.id, u.unit.name, u.unit.kind, u.unit.region, u.total,
                    u.max_points, u.pending_points, u.provisional, u.band, u.lists});
  std::stable_sort(rows.begin(), rows.end(), [](const RankingRow& a, const RankingRow& b) {
    if ((a.rank == 0) != (b.rank == 0)) return b.rank == 0;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.unit_code < b.unit_code;
  });
  return rows;
}

const scoring::UnitScore& UnitTrace(const scoring::ScoreSheet& sheet,
                                    const std::string& unit_code) {
  for (const scoring::UnitScore& u : sheet.units)
    if (u.unit.id == unit_code) return u;
  throw NotFound("评分表中没有这个评估对象（" + unit_code + "）", "unit");
}

std::string ExportScoreSheet(const scoring::ScoreSheet& sheet, ExportFormat format) {
  switch (format) {
    case ExportFormat::kXlsx:
      return internal::BytesWrittenTo(
          [&](const std::string& path) { report::WriteXlsx(sheet, path); }, ".xlsx");
    case ExportFormat::kCsv:
      return report::RenderCsv(sheet);
    case ExportFormat::kHtml:
      return report::RenderHtml(sheet);
    case ExportFormat::kJson:
      return scoring::ScoreSheetToJson(sheet).dump(2) + "\n";
  }
  throw InvalidInput("不支持的导出格式", "format");
}

namespace {

struct FormatInfo {
  ExportFormat format;
  const char* extension;  // also the name ParseExportFormat accepts
  const char* content_type;
};

constexpr FormatInfo kFormats[] = {
    {ExportFormat::kXlsx, "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {ExportFormat::kCsv, "csv", "text/csv; charset=utf-8"},
    {ExportFormat::kHtml, "html", "text/html; charset=utf-8"},
    {ExportFormat::kJson, "json", "application/json"},
};

const FormatInfo& Info(ExportFormat format) {
  for (const FormatInfo& f : kFormats)
    if (f.format == format) return f;
  throw InvalidInput("不支持的导出格式", "format");
}

}  // namespace

ExportFormat ParseExportFormat(const std::string& name) {
  for (const FormatInfo& f : kFormats)
    if (name == f.extension) return f.format;
  throw InvalidInput("不支持的导出格式（可选 xlsx、csv、html、json）", name);
}

const char* ContentType(ExportFormat format) { return Info(format).content_type; }

const char* FileExtension(ExportFormat format) { return Info(format).extension; }

std::vector<TrendPoint> UnitTrend(store::Store& store, store::Id unit_id) {
  const store::Unit unit = internal::RequireUnit(store, unit_id);
  std::vector<TrendPoint> out;
  for (const store::Campaign& c : store.ListCampaigns()) {
    if (std::find(c.unit_ids.begin(), c.unit_ids.end(), unit_id) == c.unit_ids.end()) continue;
    auto snapshot = store.LatestScoreSnapshot(c.id);
    if (!snapshot) continue;
    const scoring::ScoreSheet sheet = SheetFromSnapshot(*snapshot);
    for (const scoring::UnitScore& u : sheet.units)
      if (u.unit.id == unit.code)
        out.push_back({c.id, c.name, c.as_of, u.total, u.max_points, u.rank, u.band});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TrendPoint& a, const TrendPoint& b) { return a.as_of < b.as_of; });
  return out;
}

}  // namespace govscore::platform

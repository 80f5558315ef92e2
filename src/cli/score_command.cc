// `govscore score` — reads a framework and input files, scores every unit and
// writes the score sheet (JSON, xlsx, csv, html). All logic is in src/scoring
// and src/report.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "framework/calendar.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "report/report.h"
#include "scoring/engine.h"

namespace govscore::cli {
namespace {

struct ScoreCommandOptions {
  std::string framework;
  std::string frameworks_dir;
  scoring::InputFiles files;
  std::string kind;
  std::string as_of;
  uint64_t seed = 0;
  std::vector<std::string> calendars;
  std::string out_dir;
  std::string json, xlsx, csv, html;
};

void Run(const ScoreCommandOptions& o) {
  std::string dir = framework::FrameworksDir(o.frameworks_dir);
  std::string path = framework::ResolveFramework(o.framework, dir);
  framework::Framework fw = framework::LoadValidFramework(path);
  scoring::CampaignInputs inputs = scoring::LoadCampaignInputs(o.files);

  framework::WorkdayCalendar calendar = framework::WorkdayCalendar::Default();
  for (const std::string& extra : o.calendars)
    calendar.Merge(framework::WorkdayCalendar::LoadFile(extra));

  scoring::ScoreOptions options;
  options.kind = o.kind;
  options.seed = o.seed;
  options.calendar = &calendar;
  if (!o.as_of.empty()) {
    options.as_of = Date::Parse(o.as_of);
    if (!options.as_of) throw Error("--as-of must be YYYY-MM-DD", o.as_of);
  }
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(fw, inputs, options);

  report::ReportPaths paths{o.json, o.xlsx, o.csv, o.html};
  if (!o.out_dir.empty()) {
    const report::ReportPaths in_dir = report::ReportPathsIn(o.out_dir);
    auto fill = [](std::string& mine, const std::string& default_path) {
      if (mine.empty()) mine = default_path;
    };
    fill(paths.json, in_dir.json);
    fill(paths.xlsx, in_dir.xlsx);
    fill(paths.csv, in_dir.csv);
    fill(paths.html, in_dir.html);
  }
  if (paths.json.empty() && paths.xlsx.empty() && paths.csv.empty() && paths.html.empty())
    paths.json = "-";
  report::WriteAll(sheet, paths);
  if (paths.json != "-") {
    for (const scoring::UnitScore& u : sheet.units)
      std::fprintf(stderr, "%s %s  %s%s\n", u.unit.id.c_str(), u.unit.name.c_str(),
                   scoring::FormatPoints(u.total).c_str(),
                   u.provisional ? ("（" + scoring::PendingSummary(u) + "）").c_str() : "");
  }
}

}  // namespace

void RegisterScoreCommand(CLI::App& app) {
  auto o = std::make_shared<ScoreCommandOptions>();
  CLI::App* cmd = app.add_subcommand("score", "按指标体系评分，输出评分表 (score units)");
  cmd->add_option("--framework", o->framework, "framework id or YAML file")->required();
  cmd->add_option("--frameworks-dir", o->frameworks_dir, "shipped frameworks directory");
  cmd->add_option("--units", o->files.units, "units.csv (id,name,kind,region,site,channels)")
      ->required();
  cmd->add_option("--measures", o->files.measures,
                  "measures: JSON, CSV or govscore.scan/1 documents (repeatable)");
  cmd->add_option("--unit", o->files.scan_unit, "unit id of scan documents (default: by site)");
  cmd->add_option("--judgments", o->files.judgments, "judgments YAML/CSV");
  cmd->add_option("--events", o->files.events, "events YAML/CSV");
  cmd->add_option("--na", o->files.na, "not-applicable declarations YAML/CSV");
  cmd->add_option("--kind", o->kind, "score only units of this kind");
  cmd->add_option("--as-of", o->as_of, "监测时间点 YYYY-MM-DD");
  cmd->add_option("--seed", o->seed, "sampling seed (recorded in the sheet)");
  cmd->add_option("--calendar", o->calendars, "extra working-day calendar file (repeatable)");
  cmd->add_option("--out", o->out_dir, "write score.json/.xlsx/.csv/.html into DIR");
  cmd->add_option("--json", o->json, "score sheet JSON file ('-' = stdout)");
  cmd->add_option("--xlsx", o->xlsx, "xlsx workbook");
  cmd->add_option("--csv", o->csv, "csv (one row per unit and indicator)");
  cmd->add_option("--html", o->html, "readable html report");
  cmd->callback([o] { Run(*o); });
}

}  // namespace govscore::cli

// `govscore checklist …` — the national checklist (国办秘函〔2019〕19号):
//   scan     crawl a site and write the scan document plus the checklist measures
//   posts    new-media post list (CSV/JSON export) → newmedia.* measures
//   quarter  score gb2019-website/-newmedia for a quarter, print 合格/不合格 with
//            reasons and store the results in a govscore.quarterly/1 file
//   health   stored quarterly results → inspection.passed/score rows (健康情况)
// All logic lives in src/checklist, src/crawl and src/scoring.
#include <cstdio>
#include <iostream>
#include <memory>

#include "checklist/checklist_measures.h"
#include "checklist/collector.h"
#include "checklist/column_overrides.h"
#include "checklist/dictionary.h"
#include "checklist/newmedia.h"
#include "checklist/quarterly.h"
#include "checklist/quarterly_step.h"
#include "checklist/quarterly_store.h"
#include "checklist/scan.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/text_file.h"
#include "crawl/crawler.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "output/scan_json.h"
#include "scoring/engine.h"

namespace govscore::cli {
namespace {

Date ParseDay(const std::string& text, const std::string& option) {
  std::optional<Date> d = Date::Parse(text);
  if (!d) throw Error("expected YYYY-MM-DD, a real calendar day", option + " " + text);
  return *d;
}

struct ChecklistScanArgs {
  ScanOptions scan;
  std::string unit, as_of, json_path, measures_path;
  std::vector<std::string> dictionaries;
  std::string column_categories;
  int reply_limit = 10;
};

void RunChecklistScan(ChecklistScanArgs& a) {
  if (!a.as_of.empty()) a.scan.as_of = ParseDay(a.as_of, "--as-of");
  if (!a.column_categories.empty())
    checklist::LoadColumnOverrides(a.column_categories, a.scan.column_rules);
  checklist::ChecklistScanOptions co;
  co.dictionary = checklist::LoadDictionaryMatcher(a.dictionaries);
  co.reply_limit_workdays = a.reply_limit;
  checklist::ChecklistScanHook hook(a.scan, co);
  ScanReport report = RunScan(a.scan);
  std::vector<scoring::Measure> rows = hook.Measures(report, a.unit);
  checklist::ChecklistFindings findings = hook.Findings();
  if (!a.json_path.empty()) {
    // The scan document carries the checklist measures too (checklist.measures).
    nlohmann::json doc = ScanToJson(report);
    checklist::EmbedChecklistMeasures(doc, rows, findings);
    WriteTextFile(a.json_path,
                  doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
  WriteTextFile(a.measures_path, checklist::MeasuresToJson(rows).dump(
                                     1, ' ', false, nlohmann::json::error_handler_t::replace) +
                                     "\n");
  std::printf("页面 %zu，栏目 %zu，留言 %zu，办事指南 %zu，词典命中 %zu\n", report.pages.size(),
              report.columns.size(), findings.messages.size(), findings.guides.size(),
              findings.errors.size());
  std::printf("检查测量值: %s\n", a.measures_path.c_str());
}

struct PostsArgs {
  std::string unit, posts, from, as_of, out;
  size_t sample = 0;
  uint64_t seed = 1;
};

void RunPosts(const PostsArgs& a) {
  Date as_of = ParseDay(a.as_of, "--as-of");
  Date from = a.from.empty() ? as_of.AddDays(-13) : ParseDay(a.from, "--from");
  if (as_of < from) throw Error("--from is after --as-of", a.from);
  std::vector<checklist::Post> posts = checklist::LoadPostsFile(a.posts);
  std::vector<scoring::Measure> rows =
      checklist::NewMediaMeasures(a.unit, posts, from, as_of, {a.sample, a.seed});
  WriteTextFile(a.out, checklist::MeasuresToJson(rows).dump(1) + "\n");
  std::printf("%zu 条发布记录 → %s\n", posts.size(), a.out.c_str());
}

struct QuarterArgs {
  std::string framework = "gb2019-website";
  std::string frameworks_dir;
  scoring::InputFiles files;
  std::string as_of, period, results, db;
};

void RunQuarter(const QuarterArgs& a) {
  const std::string path =
      framework::ResolveFramework(a.framework, framework::FrameworksDir(a.frameworks_dir));
  framework::Framework fw = framework::LoadValidFramework(path);
  scoring::CampaignInputs inputs = scoring::LoadCampaignInputs(a.files);
  scoring::ScoreOptions options;
  options.as_of = ParseDay(a.as_of, "--as-of");
  scoring::ScoreSheet sheet = scoring::ScoreCampaign(fw, inputs, options);
  std::string period = a.period.empty() ? checklist::QuarterOf(*options.as_of) : a.period;
  std::vector<checklist::QuarterlyResult> results = checklist::QuarterlyFromSheet(sheet, period);
  for (const checklist::QuarterlyResult& r : results) {
    std::printf("%s %s %s %s分\n", r.unit.c_str(), period.c_str(),
                checklist::VerdictLabel(r.verdict), scoring::FormatPoints(r.score).c_str());
    for (const std::string& reason : r.reasons) std::printf("  %s\n", reason.c_str());
  }
  if (!a.results.empty()) checklist::SaveQuarterlyFile(a.results, results);
  if (!a.db.empty()) {
    std::unique_ptr<store::Store> s = store::OpenStore(a.db);
    checklist::SaveQuarterlyResults(*s, store::Actor{std::nullopt, "checklist"}, results);
    std::printf("已保存到 %s\n", a.db.c_str());
  }
}

struct HealthArgs {
  std::string results, db, out;
};

void RunHealth(const HealthArgs& a) {
  if (a.results.empty() == a.db.empty()) throw Error("give exactly one of --results and --db");
  std::vector<checklist::QuarterlyResult> results;
  if (!a.results.empty()) {
    results = checklist::LoadQuarterlyFile(a.results);
  } else {
    std::unique_ptr<store::Store> s = store::OpenStore(a.db);
    for (const store::Unit& u : s->ListUnits())
      for (checklist::QuarterlyResult& r : checklist::LoadQuarterlyResults(*s, u))
        results.push_back(std::move(r));
  }
  std::vector<scoring::Measure> rows = checklist::InspectionMeasures(results);
  WriteTextFile(a.out, checklist::MeasuresToJson(rows).dump(1) + "\n");
  std::printf("%zu 行 inspection.passed/inspection.score → %s\n", rows.size(), a.out.c_str());
}

struct StepArgs {
  std::string db, frameworks_dir;
};

void RunStep(const StepArgs& a) {
  std::unique_ptr<store::Store> s = store::OpenStore(a.db);
  checklist::QuarterlyStepOptions o;
  o.frameworks_dir = a.frameworks_dir;
  checklist::QuarterlyStepReport rep =
      checklist::RunQuarterlyChecklists(*s, store::Actor{std::nullopt, "checklist"}, o);
  for (const checklist::QuarterlyResult& r : rep.stored) {
    std::printf("%s %s %s %s分\n", r.unit.c_str(), r.period.c_str(),
                checklist::VerdictLabel(r.verdict), scoring::FormatPoints(r.score).c_str());
    for (const std::string& reason : r.reasons) std::printf("  %s\n", reason.c_str());
  }
  for (const std::string& e : rep.errors) std::fprintf(stderr, "%s\n", e.c_str());
  std::printf("单位 %d，新保存季度结果 %zu\n", rep.units, rep.stored.size());
}

}  // namespace

void RegisterChecklistCommand(CLI::App& app) {
  CLI::App* root = app.add_subcommand(
      "checklist", "国办《政府网站与政务新媒体检查指标》检查 (national checklist)");
  root->require_subcommand(1);

  auto s = std::make_shared<ChecklistScanArgs>();
  CLI::App* scan =
      root->add_subcommand("scan", "抓取网站并输出检查测量值 (crawl + checklist measures)");
  scan->add_option("url", s->scan.start_url, "Homepage URL")->required();
  scan->add_option("--unit", s->unit, "unit id of units.csv")->required();
  scan->add_option("--measures-out", s->measures_path, "write the checklist measures here")
      ->required();
  scan->add_option("--json", s->json_path, "also write the govscore.scan/1 document here");
  scan->add_option("--as-of", s->as_of, "监测时间点 YYYY-MM-DD (default: today in China)");
  scan->add_option("--dictionary", s->dictionaries, "error dictionary YAML/CSV (repeatable)");
  scan->add_option("--column-categories", s->column_categories,
                   "per-site column category overrides (govscore.column-categories/1)");
  scan->add_option("--reply-limit", s->reply_limit,
                   "reply limit in working days (interaction.overdue)")
      ->capture_default_str();
  scan->add_option("--max-pages", s->scan.max_pages,
                   "stop after this many HTML pages (0 = no limit)");
  scan->add_option("--timeout", s->scan.timeout_s, "seconds per request attempt")
      ->capture_default_str();
  scan->add_option("--allow-network", s->scan.allow_networks, "also contact these networks (CIDR)");
  scan->add_flag("--loopback-only", s->scan.loopback_only, "contact only 127.0.0.0/8 and ::1");
  scan->add_flag("!--no-external", s->scan.check_external, "do not check links to other sites");
  scan->callback([s]() { RunChecklistScan(*s); });

  auto p = std::make_shared<PostsArgs>();
  CLI::App* posts =
      root->add_subcommand("posts", "新媒体发布记录 → 测量值 (post list → newmedia.*)");
  posts->add_option("--unit", p->unit, "unit id (one per account)")->required();
  posts->add_option("--posts", p->posts, "post list export, CSV or JSON")->required();
  posts->add_option("--as-of", p->as_of, "监测时间点 YYYY-MM-DD")->required();
  posts->add_option("--from", p->from, "window start (default: as-of − 13 days, 2 weeks)");
  posts->add_option("--out", p->out, "measures JSON to write")->required();
  posts->add_option("--sample", p->sample,
                    "judge originality over this many randomly drawn posts (0 = all)");
  posts->add_option("--seed", p->seed, "sampling seed (recorded in the evidence)")
      ->capture_default_str();
  posts->callback([p]() { RunPosts(*p); });

  auto q = std::make_shared<QuarterArgs>();
  CLI::App* quarter = root->add_subcommand(
      "quarter", "季度检查：评分并判定合格/不合格 (score a quarter, store results)");
  quarter->add_option("--framework", q->framework, "gb2019-website or gb2019-newmedia")
      ->capture_default_str();
  quarter->add_option("--frameworks-dir", q->frameworks_dir, "shipped frameworks directory");
  quarter->add_option("--units", q->files.units, "units.csv")->required();
  quarter->add_option("--measures", q->files.measures, "measures / scan documents (repeatable)");
  quarter->add_option("--judgments", q->files.judgments, "judgments YAML/CSV");
  quarter->add_option("--events", q->files.events, "events YAML/CSV");
  quarter->add_option("--na", q->files.na, "not-applicable declarations");
  quarter->add_option("--as-of", q->as_of, "监测时间点 YYYY-MM-DD")->required();
  quarter->add_option("--period", q->period,
                      "period label (default: the quarter of --as-of, 2024Q2)");
  quarter->add_option("--results", q->results,
                      "quarterly results file to add to (govscore.quarterly/1)");
  quarter->add_option("--db", q->db,
                      "also save into the platform store (sqlite://FILE or postgresql://…)");
  quarter->callback([q]() { RunQuarter(*q); });

  auto st = std::make_shared<StepArgs>();
  CLI::App* step = root->add_subcommand(
      "quarterly-step",
      "季普查：为每个单位最新的季度扫描评分并保存结果 (what the scheduler runs after each tick)");
  step->add_option("--db", st->db, "platform store (sqlite://FILE or postgresql://…)")->required();
  step->add_option("--frameworks-dir", st->frameworks_dir, "shipped frameworks directory");
  step->callback([st]() { RunStep(*st); });

  auto h = std::make_shared<HealthArgs>();
  CLI::App* health = root->add_subcommand(
      "health", "季度结果 → 健康情况测量值 (quarterly results → inspection.passed rows)");
  health->add_option("--results", h->results, "quarterly results file");
  health->add_option("--db", h->db, "or: the platform store holding them (sqlite://FILE …)");
  health->add_option("--out", h->out, "measures JSON to write")->required();
  health->callback([h]() { RunHealth(*h); });
}

}  // namespace govscore::cli

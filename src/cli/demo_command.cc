// `govscore demo` — the main job on embedded defaults, offline: generate the
// bundled sample government site, serve it on 127.0.0.1, scan it, write the
// scan reports, and score the site against a shipped framework; then seed a
// SQLite store through the platform's demo seeding (sample sites of a few
// units, a demo campaign, scans, sample judgments, one user per role) and run
// `govscore serve` on it, printing the URL and the logins (unless --no-serve).
// Everything it does is a call into the stage libraries; this file only
// sequences them.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "core/date.h"
#include "core/error.h"
#include "crawl/crawler.h"
#include "framework/calendar.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "output/scan_html.h"
#include "output/scan_json.h"
#include "output/scan_text.h"
#include "platform/demo.h"
#include "report/report.h"
#include "sample/site.h"
#include "scoring/engine.h"
#include "server/server.h"
#include "store/store.h"
#include "worker/worker.h"

namespace govscore::cli {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string out_dir = "out";
  int articles = 600;
  uint64_t seed = 1;
  std::string framework = "gx2020-city";
  std::string as_of;
  bool no_serve = false;
  std::string listen = "127.0.0.1:8080";
  std::string db;        // default: sqlite:<out>/govscore.db, recreated on every run
  std::string password;  // every demo user's password (default: generated)
  int units = 3;
};

// The built web UI: web/dist of the source tree when it exists.
std::string WebDist() {
  const fs::path dist = fs::path(GOVSCORE_SOURCE_DIR) / "web" / "dist";
  return fs::exists(dist / "index.html") ? dist.string() : std::string("web/dist");
}

// Seeds the platform store and, unless --no-serve, serves it until Ctrl-C.
void SeedAndServe(const DemoOptions& o, const Date& as_of) {
  const fs::path out(o.out_dir);
  std::string db = o.db;
  if (db.empty()) {
    // The default demo store is the demo's own: start it afresh every run.
    const fs::path file = fs::absolute(out / "govscore.db");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
    db = "sqlite:" + file.string();
  }
  std::printf("\n评估平台演示数据：%s\n", db.c_str());
  std::fflush(stdout);
  platform::DemoResult demo;
  {
    auto store = store::OpenStore(db);
    platform::DemoOptions seed;
    seed.units = o.units;
    seed.as_of = as_of;
    seed.run_jobs = [](store::Store& s) {
      // The worker loop serve and `govscore worker` run, once over the queue.
      worker::WorkerOptions w;
      w.name = "demo";
      w.run_schedules = false;
      w.scan.loopback_only = true;  // never anything but the sample sites on 127.0.0.1
      w.scan.timeout_s = 3;
      w.scan.connect_timeout_s = 2;
      w.scan.retries = 1;  // the sites' /flaky/ and /busy/ pages answer on the second try
      w.scan.parse_threads = 2;
      worker::RunPass(s, nullptr, w);
    };
    seed.log = [](const std::string& line) {
      // The logins are printed below, with the passwords that hold after --password.
      if (line.rfind("用户：", 0) == 0) return;
      std::fprintf(stderr, "%s\n", line.c_str());
    };
    demo = platform::SeedDemo(*store, seed);
    if (!o.password.empty())
      for (platform::DemoUser& u : demo.users) {
        store->SetPassword({std::nullopt, "demo"}, u.id, o.password);
        u.password = o.password;
      }
  }
  std::printf("演示评估任务编号 %lld，%zu 个评估对象；登录账号：\n",
              static_cast<long long>(demo.campaign_id), demo.unit_ids.size());
  for (const platform::DemoUser& u : demo.users)
    std::printf("  %-12s %-10s 密码 %s\n", u.username.c_str(), u.role.c_str(), u.password.c_str());
  if (o.no_serve) {
    std::fflush(stdout);
    return;
  }
  server::ServerConfig config;
  server::SetListen(config, o.listen);
  config.db = db;
  config.data_dir = (out / "data").string();
  config.static_dir = WebDist();
  config.scan_loopback_only = true;  // the demo never leaves this machine
  config.version = GOVSCORE_VERSION;
  server::Server srv(config);
  srv.Start();
  std::printf("\n在浏览器中打开 %s/ ，用上面的账号登录（例如 %s / %s）。按 Ctrl-C 停止。\n",
              srv.url().c_str(), demo.users.front().username.c_str(),
              demo.users.front().password.c_str());
  std::fflush(stdout);
  server::ServeUntilSignal(srv);
}

// The sample site is a 设区市 portal, so the demo unit is scored as one.
void WriteDemoUnits(const fs::path& path, const std::string& site_url) {
  std::ofstream out(path, std::ios::binary);
  out << "id,name,kind,region,site,channels\n"
      << "sample,示例市人民政府,设区市,示例市," << site_url << "/,网站\n";
  if (!out) throw Error("cannot write the demo units file", path.string());
}

void Run(const DemoOptions& o) {
  Date as_of = Date::TodayInChina();
  if (!o.as_of.empty()) {
    auto parsed = Date::Parse(o.as_of);
    if (!parsed) throw Error("--as-of must be YYYY-MM-DD", o.as_of);
    as_of = *parsed;
  }
  const fs::path out(o.out_dir);
  fs::create_directories(out);

  sample::SiteOptions site_options;
  site_options.articles = o.articles;
  site_options.seed = o.seed;
  site_options.as_of = as_of;
  const sample::Site site = sample::Site::Generate(site_options);
  sample::ServerOptions server_options;
  // Slow pages answer after the scan's timeout, so they show up as timeouts
  // without making the demo wait long.
  server_options.slow_delay = std::chrono::milliseconds(3000);
  sample::Server server(site, server_options);
  std::printf("示例网站：%s/（%d 篇文章，监测时间点 %s）\n", server.base_url().c_str(), o.articles,
              as_of.ToString().c_str());
  std::fflush(stdout);

  ScanOptions scan;
  scan.start_url = server.base_url() + "/";
  scan.as_of = as_of;
  scan.timeout_s = 2;
  scan.retries = 1;
  // The sample footer links to real national sites (ICP, 公安备案, 党政机关标识); the
  // demo never contacts anything off this machine: other hosts are judged "blocked".
  scan.loopback_only = true;
  scan.progress = [](const ScanProgress& p) {
    if (p.final) return;
    std::fprintf(stderr, "%s\n", FormatScanProgress(p).c_str());
  };
  const ScanReport report = RunScan(scan);
  server.Stop();
  WriteScanJson(report, out / "scan.json");
  WriteScanHtml(report, out / "report.html");
  std::printf("%s", FormatScanSummary(report).c_str());

  const fs::path units = out / "units.csv";
  WriteDemoUnits(units, server.base_url());
  const std::string dir = framework::FrameworksDir();
  const framework::Framework fw =
      framework::LoadValidFramework(framework::ResolveFramework(o.framework, dir));
  scoring::InputFiles files;
  files.units = units.string();
  files.measures = {(out / "scan.json").string()};
  const scoring::CampaignInputs inputs = scoring::LoadCampaignInputs(files);
  scoring::ScoreOptions score_options;
  score_options.as_of = as_of;
  score_options.calendar = &framework::WorkdayCalendar::Default();
  const scoring::ScoreSheet sheet = scoring::ScoreCampaign(fw, inputs, score_options);
  report::WriteAll(sheet, report::ReportPathsIn(out.string()));

  for (const scoring::UnitScore& u : sheet.units) {
    std::printf("\n评分（%s）：%s %s 分", fw.title.c_str(), u.unit.name.c_str(),
                scoring::FormatPoints(u.total).c_str());
    if (u.provisional)
      std::printf("（%s：待人工评分或待导入数据）", scoring::PendingSummary(u).c_str());
    std::printf("\n");
  }
  std::printf("\n输出：%s/scan.json  %s/report.html  %s/score.{json,xlsx,csv,html}\n",
              o.out_dir.c_str(), o.out_dir.c_str(), o.out_dir.c_str());
  std::fflush(stdout);
  SeedAndServe(o, as_of);
}

}  // namespace

void RegisterDemoCommand(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo",
                                     "生成并扫描示例网站，输出扫描报告与评分表，再建立演示评估平台"
                                     "并启动网页服务 (offline end-to-end demo)");
  cmd->add_option("--out", o->out_dir, "output directory")->capture_default_str();
  cmd->add_option("--articles", o->articles, "articles in the sample site")->capture_default_str();
  cmd->add_option("--seed", o->seed, "sample site seed")->capture_default_str();
  cmd->add_option("--framework", o->framework, "framework id or file to score against")
      ->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "监测时间点 YYYY-MM-DD (default: today in China)");
  cmd->add_flag("--no-serve", o->no_serve, "seed the platform store, then exit (no web server)");
  cmd->add_option("--listen", o->listen, "web server address")->capture_default_str();
  cmd->add_option("--db", o->db,
                  "store URL to seed (must be empty; default: <out>/govscore.db, recreated)");
  cmd->add_option("--password", o->password, "password for every demo user (default: generated)");
  cmd->add_option("--units", o->units, "demo units with sample sites (1..6)")
      ->capture_default_str()
      ->check(CLI::Range(1, 6));
  cmd->callback([o] { Run(*o); });
}

}  // namespace govscore::cli

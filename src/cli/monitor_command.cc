// `govscore worker` (scan jobs + the monitor, src/worker), `govscore monitor`
// (schedules, alerts, one monitor round, availability measures, annual
// reports; src/monitor) and `govscore notice` (整改通知 as HTML or DOCX).
// docs/monitoring.md and docs/operations.md describe them.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "checklist/dictionary.h"
#include "cli/commands.h"
#include "monitor/clock.h"
#include "monitor/monitor.h"
#include "monitor/notice.h"
#include "monitor/schedule.h"
#include "platform/units.h"
#include "worker/worker.h"

namespace govscore::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnWorkerStopSignal(int) { g_stop = true; }

struct WorkerArgs {
  std::string db, name, webhook;
  std::vector<std::string> allow_networks;
  bool loopback_only = false, no_schedules = false, once = false;
  double lease_s = 120, poll_s = 2, timeout_s = 30;
  size_t max_pages = 0;
  int concurrency = 16, per_host = 8, host_delay_ms = 0;
  int job_threads = 1;
  std::vector<std::string> dictionaries;  // checklist error dictionaries
};

void RunWorkerCommand(const WorkerArgs& a) {
  worker::WorkerOptions o;
  o.name = a.name.empty() ? worker::DefaultWorkerName() : a.name;
  o.lease_ms = static_cast<store::Millis>(a.lease_s * 1000);
  o.poll_s = a.poll_s;
  o.scan.loopback_only = a.loopback_only;
  o.scan.allow_networks = a.allow_networks;
  o.scan.max_pages = a.max_pages;
  o.scan.concurrency = a.concurrency;
  o.scan.per_host = a.per_host;
  o.scan.host_delay_ms = a.host_delay_ms;
  o.scan.timeout_s = a.timeout_s;
  o.run_schedules = !a.no_schedules;
  o.dictionary = checklist::LoadDictionaryMatcher(a.dictionaries);  // fails before any work
  o.monitor.worker = o.name;
  o.monitor.webhook_url = a.webhook;
  o.monitor.probe.network.loopback_only = a.loopback_only;
  o.monitor.probe.network.allow_networks = a.allow_networks;
  o.monitor.probe.network.Build();  // a bad CIDR fails here, before any work
  std::signal(SIGINT, OnWorkerStopSignal);
  std::signal(SIGTERM, OnWorkerStopSignal);
  monitor::SystemClock clock;
  if (a.once) {
    store::Store::Options so;
    so.clock = clock.AsFunction();
    auto store = store::OpenStore(a.db, so);
    monitor::Monitor mon(*store, clock, o.monitor);
    o.stop = [] { return g_stop.load(); };
    const auto pass = worker::RunPass(*store, &mon, o);
    int failed = 0;
    for (const auto& j : pass.jobs) failed += j.success ? 0 : 1;
    std::printf("worker %s: %zu jobs (%d failed), %d schedules fired, %d probes, %d alerts\n",
                o.name.c_str(), pass.jobs.size(), failed, pass.monitor.schedules_fired,
                pass.monitor.probes, pass.monitor.alerts_raised);
    return;
  }
  o.stop = [] { return g_stop.load(); };
  std::printf("govscore worker %s: %s\n", o.name.c_str(),
              a.db.rfind("postgres", 0) == 0 ? "postgresql" : a.db.c_str());
  std::fflush(stdout);
  if (a.job_threads <= 1) {
    const int jobs = worker::RunWorker(a.db, o, clock);
    std::printf("govscore worker %s: stopped after %d jobs\n", o.name.c_str(), jobs);
    return;
  }
  // Several scans at once in one process: most of a site's scan time is
  // waiting (politeness delays, slow links, timeouts), so threads multiply a
  // worker's sites per hour. Each thread leases jobs under its own name
  // ("name#2" …); only the first runs the monitor.
  {
    worker::BackgroundWorker threads(a.db, o, &clock, a.job_threads);
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }  // ~BackgroundWorker lets every thread finish its current job
  std::printf("govscore worker %s: stopped (%d job threads)\n", o.name.c_str(), a.job_threads);
}

std::unique_ptr<store::Store> Open(const std::string& db) {
  if (db.empty()) throw Error("--db is required (sqlite:FILE or postgresql://…)", "monitor");
  return store::OpenStore(db);
}

store::Id UnitByCode(store::Store& s, const std::string& code) {
  auto u = s.FindUnitByCode(code);
  if (!u) throw Error("no unit with code '" + code + "'", "--unit");
  return u->id;
}

struct ScheduleArgs {
  std::string db, unit, regime, start;
  int64_t campaign = 0, probes_per_day = 24, id = 0;
};

void AddSchedule(const ScheduleArgs& a) {
  auto s = Open(a.db);
  store::MonitorSchedule sch;
  if (!a.unit.empty()) sch.unit_id = UnitByCode(*s, a.unit);
  if (a.campaign) sch.campaign_id = a.campaign;
  sch.regime = monitor::ParseRegimeName(a.regime);
  sch.probes_per_day = a.probes_per_day;
  if (sch.regime == store::Regime::kDaily && a.probes_per_day < monitor::kMinProbesPerDay)
    std::fprintf(stderr, "note: the national checklist probes at least %d times a day\n",
                 monitor::kMinProbesPerDay);
  monitor::SystemClock clock;
  sch.next_due_at = clock.Now();
  if (!a.start.empty()) {
    auto d = Date::Parse(a.start);
    if (!d) throw Error("not a date (YYYY-MM-DD): " + a.start, "--start");
    sch.next_due_at = monitor::ChinaMidnight(*d);
  }
  const store::Id id = s->SaveSchedule({std::nullopt, "cli"}, sch);
  std::printf("schedule %lld: %s, first run %s\n", static_cast<long long>(id),
              monitor::RegimeName(sch.regime), monitor::ChinaTimeText(sch.next_due_at).c_str());
}

void ListSchedules(const ScheduleArgs& a) {
  auto s = Open(a.db);
  for (const auto& sch : s->ListSchedules()) {
    std::string target = sch.unit_id ? "unit " + std::to_string(*sch.unit_id)
                                     : "campaign " + std::to_string(*sch.campaign_id);
    if (sch.unit_id)
      if (auto u = s->FindUnit(*sch.unit_id)) target = "unit " + u->code;
    std::printf("%lld\t%s\t%s\t%s\tnext %s\tfired %lld%s\n", static_cast<long long>(sch.id),
                monitor::RegimeName(sch.regime), store::ToString(sch.regime), target.c_str(),
                monitor::ChinaTimeText(sch.next_due_at).c_str(),
                static_cast<long long>(sch.fired_count), sch.enabled ? "" : "\t(disabled)");
  }
}

struct EnqueueArgs {
  std::string db, import, profile = "full";
  std::vector<std::string> units;
};

// Imports units (optional), then queues one monitoring scan per website of the
// chosen units (all when none is named).
void RunEnqueue(const EnqueueArgs& a) {
  auto s = Open(a.db);
  const store::Actor actor{std::nullopt, "cli"};
  if (!a.import.empty()) {
    std::ifstream f(a.import, std::ios::binary);
    if (!f) throw Error("cannot read", a.import);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto r = platform::ImportUnits(*s, actor, bytes, a.import);
    std::printf("units: %d created, %d updated\n", r.created, r.updated);
  }
  std::vector<store::Unit> units;
  if (a.units.empty()) {
    units = s->ListUnits();
  } else {
    for (const std::string& code : a.units) units.push_back(*s->FindUnit(UnitByCode(*s, code)));
  }
  int n = 0;
  for (const store::Unit& u : units)
    for (const std::string& site : u.websites) {
      s->EnqueueMonitorScan(actor, u.id, site, a.profile, std::nullopt);
      ++n;
    }
  std::printf("%d %s scans queued\n", n, a.profile.c_str());
}

struct NoticeArgs {
  std::string db, unit, deadline, out, issuer;
  int64_t id = 0;
};

void RunNotice(const NoticeArgs& a) {
  auto s = Open(a.db);
  store::Id id = a.id;
  if (!id) {
    if (a.unit.empty() || a.deadline.empty())
      throw Error("give --unit and --deadline to issue a notice, or --id to render one", "notice");
    auto deadline = Date::Parse(a.deadline);
    if (!deadline) throw Error("not a date (YYYY-MM-DD): " + a.deadline, "--deadline");
    id = monitor::IssueUnitNotice(*s, {std::nullopt, "cli"}, UnitByCode(*s, a.unit), *deadline,
                                  Date::TodayInChina())
             .id;
  }
  const monitor::NoticeDocument doc = monitor::LoadNotice(*s, id, a.issuer);
  const bool docx = a.out.size() > 5 && a.out.substr(a.out.size() - 5) == ".docx";
  const std::string bytes = docx ? monitor::RenderNoticeDocx(doc) : monitor::RenderNoticeHtml(doc);
  std::ofstream f(a.out, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw Error("cannot write", a.out);
  std::printf("%s: %zu findings, deadline %s → %s\n", doc.notice.number.c_str(),
              doc.findings.size(), doc.notice.deadline.ToString().c_str(), a.out.c_str());
}

}  // namespace

void RegisterMonitorCommands(CLI::App& app) {
  {
    auto a = std::make_shared<WorkerArgs>();
    CLI::App* cmd = app.add_subcommand(
        "worker", "运行监测工作进程：领取扫描任务（租约）并执行监测计划、探测与告警");
    cmd->add_option("--db", a->db, "store URL (postgresql://… for several workers)")->required();
    cmd->add_option("--name", a->name, "worker name (default <hostname>:<pid>)");
    cmd->add_option("--lease-s", a->lease_s, "job lease in seconds (default 120)");
    cmd->add_option("--poll-s", a->poll_s, "sleep when idle (default 2)");
    cmd->add_flag("--loopback-only", a->loopback_only,
                  "scans, probes and webhooks reach 127.0.0.1/::1 only");
    cmd->add_option("--allow-network", a->allow_networks,
                    "scans, probes and webhooks may reach this special-purpose network "
                    "(repeatable), e.g. 10.1.0.0/16");
    cmd->add_option("--webhook", a->webhook, "POST alerts here (JSON)");
    cmd->add_flag("--no-schedules", a->no_schedules, "only run scan jobs, no monitor rounds");
    cmd->add_flag("--once", a->once, "one pass (monitor round + ready jobs), then exit");
    cmd->add_option("--job-threads", a->job_threads,
                    "scan jobs run at once in this process (default 1)")
        ->check(CLI::Range(1, 256));
    cmd->add_option("--max-pages", a->max_pages, "page limit of every scan (0 = none)");
    cmd->add_option("--concurrency", a->concurrency, "fetches in flight per scan");
    cmd->add_option("--per-host", a->per_host, "fetches in flight per host");
    cmd->add_option("--host-delay-ms", a->host_delay_ms, "delay between requests to one host");
    cmd->add_option("--timeout-s", a->timeout_s, "per-request timeout of scans (default 30)");
    cmd->add_option("--dictionary", a->dictionaries,
                    "error dictionary YAML/CSV of the national checklist in full and quarterly "
                    "scans (repeatable)");
    cmd->callback([a] { RunWorkerCommand(*a); });
  }
  CLI::App* mon = app.add_subcommand("monitor", "常态化监测：监测计划、告警、可用性测量、年报告");
  mon->require_subcommand(1);
  {
    auto a = std::make_shared<ScheduleArgs>();
    CLI::App* add =
        mon->add_subcommand("schedule", "添加监测计划 (日巡检/周检测/月监测/季普查/年报告)");
    add->add_option("--db", a->db, "store URL")->required();
    add->add_option("--unit", a->unit, "unit code");
    add->add_option("--campaign", a->campaign, "campaign id (all its units)");
    add->add_option("--regime", a->regime, "daily|weekly|monthly|quarterly|yearly or 日巡检…")
        ->required();
    add->add_option("--probes-per-day", a->probes_per_day, "daily: probes a day (default 24)");
    add->add_option("--start", a->start, "first run on this date (00:00 China time)");
    add->callback([a] { AddSchedule(*a); });
    auto l = std::make_shared<ScheduleArgs>();
    CLI::App* list = mon->add_subcommand("schedules", "列出监测计划");
    list->add_option("--db", l->db, "store URL")->required();
    list->callback([l] { ListSchedules(*l); });
  }
  {
    auto db = std::make_shared<std::string>();
    auto open_only = std::make_shared<bool>(false);
    CLI::App* alerts = mon->add_subcommand("alerts", "列出告警");
    alerts->add_option("--db", *db, "store URL")->required();
    alerts->add_flag("--open", *open_only, "open alerts only");
    alerts->callback([db, open_only] {
      auto s = Open(*db);
      for (const auto& al : s->ListAlerts(std::nullopt, *open_only, 1000))
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\twebhook %s\n", static_cast<long long>(al.id),
                    monitor::ChinaTimeText(al.raised_at).c_str(), al.open ? "open" : "resolved",
                    store::ToString(al.kind), al.title.c_str(), al.detail.c_str(),
                    al.webhook_state.c_str());
    });
  }
  {
    auto db = std::make_shared<std::string>();
    auto campaign = std::make_shared<int64_t>(0);
    CLI::App* av =
        mon->add_subcommand("availability", "把评估任务监测时间点前7天的可用性探测结果存为测量值");
    av->add_option("--db", *db, "store URL")->required();
    av->add_option("--campaign", *campaign, "campaign id")->required();
    av->callback([db, campaign] {
      auto s = Open(*db);
      const int n = monitor::StoreCampaignAvailability(*s, {std::nullopt, "cli"}, *campaign);
      std::printf("%d availability measures stored for campaign %lld\n", n,
                  static_cast<long long>(*campaign));
    });
  }
  {
    auto db = std::make_shared<std::string>();
    auto unit = std::make_shared<std::string>();
    auto year = std::make_shared<int>(Date::TodayInChina().year() - 1);
    CLI::App* rep = mon->add_subcommand("report", "单位年度监测报告 (JSON)");
    rep->add_option("--db", *db, "store URL")->required();
    rep->add_option("--unit", *unit, "unit code")->required();
    rep->add_option("--year", *year, "calendar year (default last year)");
    rep->callback([db, unit, year] {
      auto s = Open(*db);
      std::printf("%s\n", monitor::AnnualReport(*s, UnitByCode(*s, *unit), *year).dump(2).c_str());
    });
  }
  {
    auto a = std::make_shared<EnqueueArgs>();
    CLI::App* e = mon->add_subcommand("enqueue", "立即为评估对象排队监测扫描 (可先导入单位表)");
    e->add_option("--db", a->db, "store URL")->required();
    e->add_option("--import", a->import, "units.csv / units.xlsx to import first");
    e->add_option("--unit", a->units, "unit code (repeatable; default all units)");
    e->add_option("--profile", a->profile, "full | links | homepage | quarterly")
        ->check(CLI::IsMember({"full", "links", "homepage", "quarterly"}));
    e->callback([a] { RunEnqueue(*a); });
  }
  {
    auto a = std::make_shared<NoticeArgs>();
    CLI::App* n = app.add_subcommand("notice", "生成整改通知 (HTML 或 DOCX)");
    n->add_option("--db", a->db, "store URL")->required();
    n->add_option("--unit", a->unit, "unit code: issue a new notice from its open findings");
    n->add_option("--deadline", a->deadline, "整改期限 YYYY-MM-DD");
    n->add_option("--id", a->id, "render an issued notice again");
    n->add_option("--issuer", a->issuer, "who signs (default 政府网站监管单位)");
    n->add_option("--out", a->out, "FILE.html or FILE.docx")->required();
    n->callback([a] { RunNotice(*a); });
  }
}

}  // namespace govscore::cli

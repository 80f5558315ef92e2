// `govscore serve` runs the worker loop (worker::BackgroundWorker): a campaign
// scan started through the API is claimed politely (job and host lease) and
// completed by it; with a manual clock a monitoring schedule fires, its probes
// fail, the outage alert shows in /api/alerts and is acknowledged; the alert
// webhook set through the API; availability per unit; 整改通知 issued and
// downloaded; the config keys of the loop. Both backends.
#include <fstream>
#include <thread>

#include "monitor/clock.h"
#include "sample/site.h"
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

// Polls `done` every 100 ms for up to `seconds`.
bool WaitUntil(const std::function<bool()>& done, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

class MonitorApiTest : public ServerTest {
 protected:
  // A server over the fixture's database with the job loop on `clock_`.
  void StartWithWorker() {
    config_.run_scans = true;
    config_.scan_loopback_only = true;
    server_ = std::make_unique<Server>(config_, &clock_);
    server_->Start();
  }
  std::vector<json> Alerts(Browser& b, const std::string& query = "") {
    Reply r = b.Get("/api/alerts" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json> out;
    if (r.json.is_object())
      for (const json& a : r.json["alerts"]) out.push_back(a);
    return out;
  }
  monitor::ManualClock clock_{monitor::SystemClock().Now()};
};

TEST_P(MonitorApiTest, CampaignScanStartedThroughTheApiCompletesInTheWorkerLoop) {
  sample::SiteOptions so;
  so.articles = 30;
  so.seed = 5;
  so.as_of = *Date::Parse("2026-11-20");
  so.traps = false;
  const sample::Site site = sample::Site::Generate(so);
  sample::ServerOptions serve;
  serve.slow_delay = std::chrono::milliseconds(2500);
  sample::Server sample_server(site, serve);
  const std::string site_url = sample_server.base_url() + "/";
  store::Unit u = *store_->FindUnit(unit_a_);
  u.websites = {site_url};
  store_->UpdateUnit(admin, u);

  StartWithWorker();
  auto org = As("organiser");
  const ApiCampaign c = CreateApiCampaign(*org, "2026年监测", "2026-11-20", {unit_a_});
  ASSERT_NE(c.id, 0);
  const std::string& base = c.base;
  Reply started = org->Post(base + "/scans");
  ASSERT_EQ(started.status, 202) << started.body;
  ASSERT_EQ(started.json["scans"].size(), 1u);
  const store::Id scan_id = started.json["scans"][0]["id"].get<store::Id>();

  json scan;
  ASSERT_TRUE(WaitUntil(
      [&] {
        scan = org->Get("/api/scans/" + std::to_string(scan_id)).json;
        return scan.is_object() && (scan["state"] == "done" || scan["state"] == "failed");
      },
      180))
      << scan.dump();
  EXPECT_EQ(scan["state"], "done") << scan.dump();
  EXPECT_GT(scan["pages_done"].get<int64_t>(), 10);

  // Claimed by the worker loop, politely: the claim names the site's host,
  // whose lease is released at completion.
  const std::string host = store::UrlHostKey(site_url);
  bool claimed_politely = false;
  for (const store::AuditEntry& e : store_->ListAudit("scan_job", std::nullopt, 100))
    if (e.action == "job.claim") {
      const json after = json::parse(e.summary)["after"];
      EXPECT_EQ(after["host"], host);
      EXPECT_EQ(after["owner"].get<std::string>().rfind("server:", 0), 0u) << e.summary;
      claimed_politely = true;
    }
  EXPECT_TRUE(claimed_politely);
  EXPECT_FALSE(store_->HostLeaseOwner(host));
  // Findings of the planted defects, recorded in the same transaction.
  EXPECT_FALSE(store_->ListFindings(unit_a_).empty());
  Reply progress = org->Get(base + "/progress");
  EXPECT_EQ(progress.status, 200) << progress.body;
}

TEST_P(MonitorApiTest, ScheduleFiresOnTheServersClockAndAFailedProbeRaisesAnAlert) {
  // unit_a_'s website is http://127.0.0.1:9/ (discard port: refused).
  StartWithWorker();
  auto org = As("organiser");
  auto web_a = As("webmaster");
  auto web_b = As("webmaster-b");
  EXPECT_EQ(web_a->Post("/api/schedules", {{"unit_id", unit_a_}, {"regime", "daily"}}).status, 403);
  Reply s = org->Post("/api/schedules",
                      {{"unit_id", unit_a_}, {"regime", "日巡检"}, {"probes_per_day", 24}});
  ASSERT_EQ(s.status, 201) << s.body;
  EXPECT_EQ(s.json["next_due_at"].get<int64_t>(), clock_.Now());  // the server's clock
  const std::string probes = "/api/units/" + std::to_string(unit_a_) + "/probes?days=1";

  // The first firing: one failed probe and the day's homepage scan.
  ASSERT_TRUE(WaitUntil([&] { return org->Get(probes).json["probes"].size() == 1u; }, 60));
  Reply p = org->Get(probes);
  EXPECT_FALSE(p.json["probes"][0]["ok"].get<bool>());
  EXPECT_EQ(p.json["probes"][0]["at"].get<int64_t>(), clock_.Now());
  EXPECT_DOUBLE_EQ(p.json["measures"]["site.availability_failure_ratio"].get<double>(), 1.0);
  // Queued right after the probes are stored, in the same firing.
  EXPECT_TRUE(WaitUntil(
      [&] { return store_->ListProfileScans(unit_a_, "homepage", 10).size() == 1u; }, 30));
  for (const json& a : Alerts(*org, "?open=1")) EXPECT_NE(a["kind"], "outage") << a.dump();

  // Not due again until the clock moves: nothing new however long we wait.
  server_->WakeJobs();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(org->Get(probes).json["probes"].size(), 1u);

  // An hour later (manual clock): the second failure is an outage.
  clock_.Advance(monitor::kHourMs);
  server_->WakeJobs();
  ASSERT_TRUE(WaitUntil(
      [&] {
        for (const json& a : Alerts(*org, "?open=1"))
          if (a["kind"] == "outage") return true;
        return false;
      },
      60));
  json outage;
  for (const json& a : Alerts(*org, "?open=1"))
    if (a["kind"] == "outage") outage = a;
  EXPECT_EQ(outage["key"], "outage:http://127.0.0.1:9/");
  EXPECT_EQ(outage["unit_id"], unit_a_);
  EXPECT_NE(outage["detail"].get<std::string>().find("连续2次探测失败"), std::string::npos);
  EXPECT_EQ(outage["webhook_state"], "none");  // no webhook configured
  EXPECT_EQ(org->Get(probes).json["probes"].size(), 2u);
  // The webmaster of the unit sees it; the other unit's does not.
  EXPECT_EQ(Alerts(*web_a).size(), Alerts(*org, "?unit_id=" + std::to_string(unit_a_)).size());
  EXPECT_TRUE(Alerts(*web_b).empty());
  EXPECT_EQ(web_b->Get("/api/alerts?unit_id=" + std::to_string(unit_a_)).status, 403);

  // 确认 (acknowledge).
  const std::string ack = "/api/alerts/" + std::to_string(outage["id"].get<int64_t>()) + "/ack";
  EXPECT_EQ(web_b->Post(ack).status, 403);
  Reply acked = org->Post(ack);
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_EQ(acked.json["acknowledged_by"], "organiser");
  EXPECT_TRUE(acked.json["open"].get<bool>());  // seen, not resolved
  EXPECT_EQ(org->Post("/api/alerts/999999/ack").status, 404);

  // Disabled: the schedule no longer fires.
  const std::string sched = "/api/schedules/" + std::to_string(s.json["id"].get<int64_t>());
  Reply off = org->Patch(sched, {{"enabled", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json["enabled"].get<bool>());
  clock_.Advance(monitor::kHourMs);
  server_->WakeJobs();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(org->Get(probes).json["probes"].size(), 2u);

  // Availability per unit over the server's clock.
  Reply av = org->Get("/api/availability?days=1");
  ASSERT_EQ(av.status, 200) << av.body;
  bool seen = false;
  for (const json& row : av.json["units"])
    if (row["unit_id"] == unit_a_) {
      seen = true;
      EXPECT_EQ(row["probes"], 2);
      EXPECT_EQ(row["failed"], 2);
      EXPECT_DOUBLE_EQ(row["failure_ratio"].get<double>(), 1.0);
    } else {
      EXPECT_EQ(row["probes"], 0);
      EXPECT_TRUE(row["failure_ratio"].is_null());
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(web_b->Get("/api/availability").json["units"].size(), 1u);  // own unit only
}

// Every role reads alerts, each only those of its units — a webmaster its
// unit's, a reviewer its assigned units' — even when the newest 500 alerts of
// the store are another unit's; only operators acknowledge them.
TEST_P(MonitorApiTest, WebmastersAndReviewersReadOnlyTheirUnitsAlerts) {
  const store::Actor mon{std::nullopt, "monitor:test"};
  const auto a_alert = store_->RaiseAlert(mon, unit_a_, store::AlertKind::kOutage,
                                          "outage:http://127.0.0.1:9/", "网站首页无法访问", "");
  ASSERT_TRUE(a_alert);
  for (int i = 0; i < 501; ++i) {
    Advance(1000);
    ASSERT_TRUE(store_->RaiseAlert(mon, unit_b_, store::AlertKind::kVeto,
                                   "veto:" + std::to_string(i), "单项否决", ""));
  }
  StartServer();
  auto web_a = As("webmaster");
  auto rev = As("reviewer");  // assigned unit a
  auto web_b = As("webmaster-b");
  auto org = As("organiser");
  for (Browser* b : {web_a.get(), rev.get()}) {
    const std::vector<json> mine = Alerts(*b);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0]["id"], *a_alert);
    EXPECT_EQ(mine[0]["unit_name"], "甲市人民政府");
    EXPECT_EQ(Alerts(*b, "?open=1").size(), 1u);
    EXPECT_EQ(b->Get("/api/alerts?unit_id=" + std::to_string(unit_b_)).status, 403);
    // Read only.
    EXPECT_EQ(b->Post("/api/alerts/" + std::to_string(*a_alert) + "/ack").status, 403);
  }
  const std::vector<json> b_alerts = Alerts(*web_b);
  EXPECT_EQ(b_alerts.size(), 500u);  // the cap
  for (const json& a : b_alerts) ASSERT_EQ(a["unit_id"], unit_b_);
  EXPECT_EQ(b_alerts.front()["key"], "veto:500");  // newest first
  // Operators see every unit's newest 500 (here all of unit b), or one unit's.
  EXPECT_EQ(Alerts(*org).size(), 500u);
  EXPECT_EQ(Alerts(*org, "?unit_id=" + std::to_string(unit_a_)).size(), 1u);
  EXPECT_EQ(org->Post("/api/alerts/" + std::to_string(*a_alert) + "/ack").status, 200);
  EXPECT_EQ(Alerts(*web_a)[0]["acknowledged_by"], "organiser");
  // Resolved: gone from the open list, still in the history.
  ASSERT_TRUE(store_->ResolveAlert(mon, unit_a_, "outage:http://127.0.0.1:9/"));
  EXPECT_TRUE(Alerts(*web_a, "?open=1").empty());
  EXPECT_EQ(Alerts(*rev).size(), 1u);
}

// The worker loop's error dictionaries (config `dictionary`, serve
// --dictionary): loaded at start; one that does not load fails the start.
TEST_P(MonitorApiTest, DictionariesLoadAtStart) {
  config_.run_scans = true;
  config_.scan_loopback_only = true;
  config_.dictionaries = {std::string(GOVSCORE_SOURCE_DIR) + "/data/dictionaries/example.yaml",
                          "/nonexistent/govscore-words.yaml"};
  server_ = std::make_unique<Server>(config_, &clock_);
  try {
    server_->Start();
    ADD_FAILURE() << "started with a dictionary that does not exist";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("govscore-words.yaml"), std::string::npos) << e.what();
  }
  config_.dictionaries.pop_back();
  server_ = std::make_unique<Server>(config_, &clock_);
  server_->Start();
  EXPECT_EQ(As("organiser")->Get("/api/alerts").status, 200);
}

TEST_P(MonitorApiTest, WithoutTheWorkerLoopNothingFires) {
  config_.run_scans = false;  // external `govscore worker` processes do the work
  server_ = std::make_unique<Server>(config_, &clock_);
  server_->Start();
  auto org = As("organiser");
  ASSERT_EQ(org->Post("/api/schedules", {{"unit_id", unit_a_}, {"regime", "daily"}}).status, 201);
  server_->WakeJobs();  // no loop: a no-op
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_TRUE(store_->ListProbes(unit_a_, 0, clock_.Now() + 1).empty());
  EXPECT_EQ(store_->ListSchedules()[0].fired_count, 0);
}

TEST_P(MonitorApiTest, WebhookSettingAndNotices) {
  config_.alert_webhook = "http://127.0.0.1:9/config-hook";
  server_ = std::make_unique<Server>(config_, &clock_);
  server_->Start();
  auto org = As("organiser");
  auto rev = As("reviewer");
  auto web_a = As("webmaster");
  Reply w = org->Get("/api/settings/webhook");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json["source"], "config");
  EXPECT_EQ(w.json["url"], "http://127.0.0.1:9/config-hook");
  EXPECT_EQ(rev->Get("/api/settings/webhook").status, 403);
  EXPECT_EQ(web_a->Put("/api/settings/webhook", {{"url", ""}}).status, 403);
  Reply bad = org->Put("/api/settings/webhook", {{"url", "javascript:alert(1)"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(org->Put("/api/settings/webhook", {{"url", 5}}).status, 400);
  Reply set = org->Put("/api/settings/webhook", {{"url", "http://127.0.0.1:9/hook-a"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json["source"], "setting");
  EXPECT_EQ(set.json["url"], "http://127.0.0.1:9/hook-a");
  EXPECT_EQ(store_->FindSetting("alert_webhook"), "http://127.0.0.1:9/hook-a");
  Reply cleared = org->Put("/api/settings/webhook", {{"url", ""}});
  EXPECT_EQ(cleared.json["source"], "setting");
  EXPECT_EQ(cleared.json["url"], "");
  bool audited = false;
  for (const store::AuditEntry& e : store_->ListAudit("setting", std::nullopt, 10))
    audited = audited || (e.action == "setting.save" && e.actor == "organiser");
  EXPECT_TRUE(audited);

  // 整改通知: issued from open findings, numbered, downloaded as html and docx.
  store::Scan scan;
  scan.unit_id = unit_a_;
  scan.site_url = "http://127.0.0.1:9/";
  store_->RecordScanFindings(admin, store_->CreateScan(admin, scan),
                             {{"link:a", "broken_link", "http://127.0.0.1:9/a", "HTTP 404"}});
  const std::string notices = "/api/units/" + std::to_string(unit_a_) + "/notices";
  const std::string deadline = monitor::ChinaDate(clock_.Now()).AddDays(15).ToString();
  EXPECT_EQ(web_a->Post(notices, {{"deadline", deadline}}).status, 403);
  EXPECT_EQ(org->Post(notices, {{"deadline", "tomorrow"}}).status, 400);
  Reply n = org->Post(notices, {{"deadline", deadline}});
  ASSERT_EQ(n.status, 201) << n.body;
  const std::string year = std::to_string(monitor::ChinaDate(clock_.Now()).year());
  EXPECT_EQ(n.json["number"], "整改〔" + year + "〕1号");
  Reply second = org->Post(notices, {{"deadline", deadline}});
  EXPECT_EQ(second.json["number"], "整改〔" + year + "〕2号");
  Reply html = web_a->Get(n.json["html_url"].get<std::string>());
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("整改〔" + year + "〕1号"), std::string::npos);
  EXPECT_NE(html.body.find("http://127.0.0.1:9/a"), std::string::npos);
  Reply docx = web_a->Get(n.json["docx_url"].get<std::string>());
  ASSERT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  EXPECT_NE(docx.Header("Content-Disposition").find(".docx"), std::string::npos);
  EXPECT_EQ(As("webmaster-b")->Get(n.json["html_url"].get<std::string>()).status, 403);
  EXPECT_EQ(web_a->Get(notices).json["notices"].size(), 2u);
}

TEST(ServerConfigTest, WorkerLoopKeys) {
  const auto path = std::filesystem::temp_directory_path() / "govscore_serve_loop.yaml";
  auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    return LoadServerConfig(path.string());
  };
  ServerConfig c = load("job_threads: 3\nalert_webhook: https://hooks.example.gov.cn/x\n");
  EXPECT_EQ(c.job_threads, 3);
  EXPECT_EQ(c.alert_webhook, "https://hooks.example.gov.cn/x");
  EXPECT_TRUE(c.run_scans);
  try {
    load("run_scans: false\njob_threads: 0\n");
    ADD_FAILURE() << "job_threads 0 accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("job_threads"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load("alert_webhook: ftp://x/\n"), Error);
  EXPECT_TRUE(c.dictionaries.empty());
  EXPECT_EQ(load("dictionary: words.yaml\n").dictionaries, std::vector<std::string>{"words.yaml"});
  EXPECT_EQ(load("dictionary: [a.yaml, b.csv]\n").dictionaries,
            (std::vector<std::string>{"a.yaml", "b.csv"}));
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitorApiTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing

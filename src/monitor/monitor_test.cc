// The monitor driven by a controllable clock: schedule arithmetic, probes of a
// loopback site that goes down and comes back, outage and veto alerts exactly
// at their thresholds, webhook delivery to a loopback receiver (and refusal by
// the address policy), schedules of every regime over simulated months,
// availability measures, annual reports, and 整改通知 in HTML and DOCX.
#include "monitor/monitor.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <set>
#include <thread>

#include "monitor/notice.h"
#include "monitor/schedule.h"
#include "monitor/webhook.h"
#include "store/store_test_support.h"

namespace govscore::monitor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2023-11-15 00:00 China time.
const Millis kStart = ChinaMidnight(*Date::Parse("2023-11-15"));

store::MonitorSchedule Sched(store::Regime r, Millis due, int ppd = 24) {
  store::MonitorSchedule s;
  s.unit_id = 1;
  s.regime = r;
  s.next_due_at = due;
  s.probes_per_day = ppd;
  return s;
}

TEST(ScheduleTest, NextDueOfEveryRegime) {
  EXPECT_EQ(ProbeInterval(Sched(store::Regime::kDaily, 0, 20)), 72 * kMinuteMs);
  EXPECT_EQ(NextDue(Sched(store::Regime::kDaily, kStart), kStart), kStart + kHourMs);
  // Down for 5.5 hours: the next firing is the next boundary, not a burst.
  EXPECT_EQ(NextDue(Sched(store::Regime::kDaily, kStart), kStart + 5 * kHourMs + 30 * kMinuteMs),
            kStart + 6 * kHourMs);
  EXPECT_EQ(NextDue(Sched(store::Regime::kWeekly, kStart), kStart + kDayMs), kStart + 7 * kDayMs);
  // Monthly keeps the time of day and clamps the day (Jan 31 → Feb 29 in 2024).
  const Millis jan31 = ChinaMidnight(*Date::Parse("2024-01-31")) + 2 * kHourMs;
  const Millis next = NextDue(Sched(store::Regime::kMonthly, jan31), jan31);
  EXPECT_EQ(ChinaDate(next).ToString(), "2024-02-29");
  EXPECT_EQ(next - ChinaMidnight(ChinaDate(next)), 2 * kHourMs);
  EXPECT_EQ(ChinaDate(NextDue(Sched(store::Regime::kQuarterly, kStart), kStart)).ToString(),
            "2024-02-15");
  EXPECT_EQ(ChinaDate(NextDue(Sched(store::Regime::kYearly, kStart), kStart)).ToString(),
            "2024-11-15");
  EXPECT_EQ(ScanProfileOf(store::Regime::kWeekly), "links");
  EXPECT_EQ(ParseRegimeName("季普查"), store::Regime::kQuarterly);
  EXPECT_THROW(ParseRegimeName("hourly"), Error);
}

TEST(ClockTest, ChinaTime) {
  // 2023-11-14 22:13:20 UTC is 2023-11-15 06:13:20 in China.
  EXPECT_EQ(ChinaDate(1'700'000'000'000).ToString(), "2023-11-15");
  EXPECT_EQ(ChinaTimeText(1'700'000'000'000), "2023-11-15 06:13:20");
  EXPECT_EQ(ChinaDate(ChinaMidnight(*Date::Parse("2024-02-29"))).ToString(), "2024-02-29");
  ManualClock c(5);
  c.Advance(10);
  EXPECT_EQ(c.AsFunction()(), 15);
}

TEST(ProbeOptionsTest, NationalDefaults) {
  EXPECT_EQ(ProbeOptions{}.timeout_s, 15);
  EXPECT_EQ(AlertRules{}.unreachable_ratio, 0.05);
  EXPECT_EQ(kMinProbesPerDay, 20);
}

// A homepage on 127.0.0.1 that can be made slow, and a webhook receiver.
class LoopbackSites {
 public:
  LoopbackSites() {
    site_.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      if (slow_) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content(
          "<html><body><ul><li><a href=/a.html>通知</a><span>2023-11-10</span></li>"
          "</ul></body></html>",
          "text/html; charset=utf-8");
    });
    hook_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      posts_.push_back(req.body);
      res.status = fail_hook_ ? 500 : 204;
    });
    site_port_ = site_.bind_to_any_port("127.0.0.1");
    hook_port_ = hook_.bind_to_any_port("127.0.0.1");
    site_thread_ = std::thread([this] { site_.listen_after_bind(); });
    hook_thread_ = std::thread([this] { hook_.listen_after_bind(); });
  }
  ~LoopbackSites() {
    slow_ = false;
    site_.stop();
    hook_.stop();
    site_thread_.join();
    hook_thread_.join();
  }
  std::string site_url() const { return "http://127.0.0.1:" + std::to_string(site_port_) + "/"; }
  std::string hook_url() const {
    return "http://127.0.0.1:" + std::to_string(hook_port_) + "/hook";
  }
  std::vector<std::string> posts() {
    std::lock_guard lock(mu_);
    return posts_;
  }
  std::atomic<bool> slow_{false};
  std::atomic<bool> fail_hook_{false};

 private:
  httplib::Server site_, hook_;
  int site_port_ = 0, hook_port_ = 0;
  std::thread site_thread_, hook_thread_;
  std::mutex mu_;
  std::vector<std::string> posts_;
};

// The store test fixture's clock as a monitor Clock.
class FixtureClock final : public Clock {
 public:
  explicit FixtureClock(std::shared_ptr<std::atomic<Millis>> t) : t_(std::move(t)) {}
  Millis Now() const override { return t_->load(); }

 private:
  std::shared_ptr<std::atomic<Millis>> t_;
};

class MonitorTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    clock_->store(kStart);
    StoreTest::SetUp();
  }
  MonitorOptions LoopbackOptions(const std::string& hook = {}) {
    MonitorOptions o;
    o.worker = "test";
    o.probe.timeout_s = 1;  // the slow homepage answers after 1.5 s
    o.probe.network.loopback_only = true;
    o.webhook_url = hook;
    return o;
  }
  store::Id Unit(const std::string& code, const std::string& site) {
    store::Unit u;
    u.code = code;
    u.name = code + "市人民政府";
    u.kind = "设区市";
    u.websites = {site};
    return store_->CreateUnit(admin, u);
  }
  FixtureClock clock{clock_};
};

TEST_P(MonitorTest, DailyProbesRaiseAndResolveAnOutageWithWebhook) {
  LoopbackSites sites;
  const store::Id unit = Unit("nn", sites.site_url());
  store::MonitorSchedule s;
  s.unit_id = unit;
  s.regime = store::Regime::kDaily;
  s.probes_per_day = 24;
  s.next_due_at = now();
  const store::Id sid = store_->SaveSchedule(admin, s);
  Monitor monitor(*store_, clock, LoopbackOptions(sites.hook_url()));

  TickResult t = monitor.Tick();
  EXPECT_EQ(t.schedules_fired, 1);
  EXPECT_EQ(t.probes, 1);
  EXPECT_EQ(t.probes_failed, 0);
  EXPECT_EQ(t.scans_enqueued, 1);  // the day's homepage scan
  EXPECT_EQ(store_->ListProfileScans(unit, "homepage", 10).size(), 1u);
  EXPECT_EQ(monitor.Tick().schedules_fired, 0);  // not due again yet
  EXPECT_EQ(store_->FindSchedule(sid)->next_due_at, kStart + kHourMs);

  sites.slow_ = true;
  Advance(kHourMs);
  t = monitor.Tick();
  EXPECT_EQ(t.probes_failed, 1);
  EXPECT_EQ(t.alerts_raised, 0);  // one failure is not an outage yet
  EXPECT_EQ(t.scans_enqueued, 0);
  Advance(kHourMs);
  t = monitor.Tick();
  EXPECT_EQ(t.alerts_raised, 1);
  EXPECT_EQ(t.webhooks_sent, 1);
  auto alerts = store_->ListAlerts(unit, true);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].key, "outage:" + sites.site_url());
  EXPECT_THAT(alerts[0].detail, HasSubstr("连续2次探测失败"));
  EXPECT_EQ(alerts[0].webhook_state, "sent");
  auto posts = sites.posts();
  ASSERT_EQ(posts.size(), 1u);
  auto body = nlohmann::json::parse(posts[0]);
  EXPECT_EQ(body["unit"], "nn");
  EXPECT_EQ(body["kind"], "outage");
  EXPECT_THAT(body["title"].get<std::string>(), HasSubstr("网站无法访问"));

  // Still down: no second alert.
  Advance(kHourMs);
  EXPECT_EQ(monitor.Tick().alerts_raised, 0);
  // Back up: resolved.
  sites.slow_ = false;
  Advance(kHourMs);
  t = monitor.Tick();
  EXPECT_EQ(t.alerts_resolved, 1);
  EXPECT_TRUE(store_->ListAlerts(unit, true).empty());
  const auto probes = store_->ListProbes(unit, kStart, now() + 1);
  ASSERT_EQ(probes.size(), 5u);
  EXPECT_THAT(probes[1].error, HasSubstr("超过1秒未打开"));
  EXPECT_GE(probes[1].elapsed_ms, 900);
  // Availability measures over the window.
  auto m = AvailabilityMeasures(*store_, unit, kStart, now() + 1);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].value_json, "5");
  EXPECT_EQ(nlohmann::json::parse(m[1].value_json).size(), 3u);
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(m[2].value_json).get<double>(), 0.6);
}

TEST_P(MonitorTest, UnreachableVetoExactlyAtFivePercent) {
  const store::Id unit = Unit("gl", "http://127.0.0.1:9/");
  Monitor monitor(*store_, clock, LoopbackOptions());
  auto probe = [&](bool ok) {
    store_->AddProbe(
        {0, unit, "http://127.0.0.1:9/", now(), ok, ok ? 200 : 0, 5, ok ? "" : "timeout", "t"});
    Advance(72 * kMinuteMs);
  };
  // 19 probes, 1 failed: too few probes to judge.
  probe(false);
  for (int i = 0; i < 18; ++i) probe(true);
  TickResult t;
  monitor.EvaluateUnit(unit, t);
  EXPECT_EQ(t.alerts_raised, 0);
  // 20 probes, 1 failed = 5 %: veto.
  probe(true);
  monitor.EvaluateUnit(unit, t);
  EXPECT_EQ(t.alerts_raised, 1);
  auto open = store_->ListAlerts(unit, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].key, "veto:site_unreachable");
  EXPECT_EQ(open[0].kind, store::AlertKind::kVeto);
  EXPECT_THAT(open[0].detail, HasSubstr("失败1次（5.0%）"));
  // 21 probes, 1 failed = 4.76 %: resolved.
  probe(true);
  monitor.EvaluateUnit(unit, t);
  EXPECT_EQ(t.alerts_resolved, 1);
  EXPECT_TRUE(store_->ListAlerts(unit, true).empty());
}

TEST_P(MonitorTest, WebhookObeysTheAddressPolicyAndRetries) {
  LoopbackSites sites;
  WebhookOptions wo;
  wo.url = sites.hook_url();  // loopback, but the default policy refuses loopback
  EXPECT_THAT(PostJson(wo, {{"x", 1}}), HasSubstr("blocked by address policy"));
  EXPECT_TRUE(sites.posts().empty());
  wo.network.allow_networks = {"127.0.0.0/8"};
  EXPECT_EQ(PostJson(wo, {{"x", 1}}), "");
  EXPECT_EQ(sites.posts().size(), 1u);
  wo.url = "ftp://127.0.0.1/x";
  EXPECT_THAT(PostJson(wo, {}), HasSubstr("http(s)"));

  // A failing receiver: retried after webhook_retry_ms, failed after max attempts.
  const store::Id unit = Unit("bh", sites.site_url());
  MonitorOptions o = LoopbackOptions(sites.hook_url());
  o.webhook_max_attempts = 2;
  Monitor monitor(*store_, clock, o);
  sites.fail_hook_ = true;
  auto id = store_->RaiseAlert(admin, unit, store::AlertKind::kVeto, "veto:x", "t", "d");
  ASSERT_TRUE(id);
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(0, 1));
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(0, 0));  // not due yet
  Advance(o.webhook_retry_ms);
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(0, 1));
  EXPECT_EQ(store_->FindAlert(*id)->webhook_state, "failed");
  EXPECT_EQ(store_->FindAlert(*id)->webhook_error, "HTTP 500");
  // Without a webhook, deliveries are marked none.
  Monitor quiet(*store_, clock, LoopbackOptions());
  auto id2 = store_->RaiseAlert(admin, unit, store::AlertKind::kVeto, "veto:y", "t", "d");
  quiet.DeliverWebhooks();
  EXPECT_EQ(store_->FindAlert(*id2)->webhook_state, "none");
}

// Webhook SSRF: the outbox obeys the scans' address policy. A webhook to a
// refused address fails at once with the reason on the outbox row, and no
// connection is made (a listening socket on 127.0.0.1 never sees one).
TEST_P(MonitorTest, WebhookToARefusedAddressFailsOnTheOutboxRowWithoutConnecting) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::string hook = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/hook";
  auto no_connection = [&] {
    sockaddr_in peer{};
    socklen_t n = sizeof peer;
    const int c = ::accept(fd, reinterpret_cast<sockaddr*>(&peer), &n);
    if (c >= 0) ::close(c);
    return c < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  };
  const store::Id unit = Unit("ssrf", "http://127.0.0.1:9/");
  // The policy of a production server: no --allow-network, loopback refused.
  MonitorOptions o = LoopbackOptions(hook);
  o.probe.network = {};
  Monitor monitor(*store_, clock, o);
  auto id = store_->RaiseAlert(admin, unit, store::AlertKind::kOutage, "outage", "t", "d");
  ASSERT_TRUE(id);
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(0, 1));
  const store::Alert alert = *store_->FindAlert(*id);
  EXPECT_EQ(alert.webhook_state, "failed");  // at once: retrying cannot help
  EXPECT_EQ(alert.webhook_attempts, 1);
  EXPECT_THAT(alert.webhook_error, HasSubstr("地址策略拒绝"));
  EXPECT_THAT(alert.webhook_error, HasSubstr("127.0.0.1 is in 127.0.0.0/8"));
  EXPECT_THAT(alert.webhook_error, HasSubstr("--allow-network"));
  Advance(o.webhook_retry_ms);
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(0, 0));  // not retried
  EXPECT_TRUE(no_connection());

  // Judged before any DNS lookup or socket: literals of every refused kind,
  // and with loopback_only any host name but localhost.
  WebhookOptions wo;
  for (const char* url :
       {"http://10.0.0.1/hook", "http://192.168.1.1:8080/x",
        "http://169.254.169.254/latest/meta-data/", "http://[::1]:80/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "https://0.0.0.0/", "http://100.64.0.1/"}) {
    wo.url = url;
    auto why = WebhookRefusal(wo);
    ASSERT_TRUE(why) << url;
    EXPECT_THAT(*why, HasSubstr("blocked by address policy")) << url;
    EXPECT_THAT(PostJson(wo, {{"x", 1}}), HasSubstr("未连接")) << url;
  }
  wo.url = "http://hooks.example.com/alert";
  EXPECT_FALSE(WebhookRefusal(wo));  // a name: its addresses are judged at connect time
  wo.network.loopback_only = true;
  ASSERT_TRUE(WebhookRefusal(wo));
  EXPECT_THAT(*WebhookRefusal(wo), HasSubstr("hooks.example.com is not resolved"));
  wo.url = hook;
  EXPECT_FALSE(WebhookRefusal(wo));  // loopback-only allows 127.0.0.0/8
  wo.network = {};
  wo.network.allow_networks = {"127.0.0.0/8"};
  EXPECT_FALSE(WebhookRefusal(wo));  // --allow-network opens it
  wo.url = "http://localhost:1/";
  wo.network = {};
  EXPECT_FALSE(WebhookRefusal(wo));  // resolves to ::1/127.0.0.1: refused at connect time
  EXPECT_THAT(PostJson(wo, {{"x", 1}}), HasSubstr("blocked by address policy"));
  EXPECT_TRUE(no_connection());
  ::close(fd);
}

TEST_P(MonitorTest, RegimesOverSimulatedMonths) {
  const store::Id a = Unit("a", "http://127.0.0.1:9/a/");
  const store::Id b = Unit("b", "http://127.0.0.1:9/b/");
  const store::Id campaign = MakeCampaign({a, b});
  for (store::Regime r : {store::Regime::kWeekly, store::Regime::kMonthly,
                          store::Regime::kQuarterly, store::Regime::kYearly}) {
    store::MonitorSchedule s;
    s.campaign_id = campaign;
    s.regime = r;
    s.next_due_at = now();
    store_->SaveSchedule(admin, s);
  }
  Monitor monitor(*store_, clock, LoopbackOptions());
  int fired = 0, reports = 0;
  // A year and a day, one tick a day.
  for (int day = 0; day <= 366; ++day) {
    TickResult t = monitor.Tick();
    fired += t.schedules_fired;
    reports += t.reports;
    Advance(kDayMs);
  }
  auto count = [&](store::Id unit, const std::string& profile) {
    return store_->ListProfileScans(unit, profile, 1000).size();
  };
  // 2023-11-15 … 2024-11-15 (366 days, 2024 is a leap year) inclusive.
  EXPECT_EQ(count(a, "links"), 53u);     // weekly: day 0, 7, …, 364
  EXPECT_EQ(count(a, "full"), 13u);      // monthly: Nov 15 … Nov 15
  EXPECT_EQ(count(b, "quarterly"), 5u);  // Nov, Feb, May, Aug, Nov
  EXPECT_EQ(fired, 53 + 13 + 5 + 2);
  EXPECT_EQ(reports, 2 * 2);  // yearly twice, for both units
  auto report = store_->FindMonitorReport(a, "yearly", "2023");
  ASSERT_TRUE(report);
  EXPECT_EQ(nlohmann::json::parse(*report)["unit"], "a");
}

TEST_P(MonitorTest, CampaignAvailabilityMeasuresForTheWeekEndingAsOf) {
  const store::Id unit = Unit("u", "http://127.0.0.1:9/");
  const store::Id campaign = MakeCampaign({unit});  // as of 2024-06-30
  const Millis end = ChinaMidnight(*Date::Parse("2024-07-01"));
  for (int i = 0; i < 8 * 24; ++i) {  // 8 days, hourly, failing every 10th
    const Millis at = end - 8 * kDayMs + i * kHourMs;
    store_->AddProbe({0, unit, "http://127.0.0.1:9/", at, i % 10 != 0, 0, 1, "x", "t"});
  }
  EXPECT_EQ(StoreCampaignAvailability(*store_, admin, campaign), 3);
  std::map<std::string, std::string> by_name;
  for (const auto& m : store_->ListMeasures(unit))
    if (m.campaign_id == campaign) by_name[m.name] = m.value_json;
  EXPECT_EQ(by_name["site.availability_probes"], "168");  // the last 7 days only
  // i = 24 … 191: failures at 30, 40, …, 190 → 17.
  EXPECT_EQ(nlohmann::json::parse(by_name["site.availability_failed_probes"]).size(), 17u);
}

std::string Unzip(const std::string& bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) return "<not a zip>";
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[4096];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) out.append(buf, n);
    zip_fclose(f);
  } else {
    out = "<missing>";
  }
  zip_close(z);
  return out;
}

TEST_P(MonitorTest, RectificationNoticeHtmlAndDocx) {
  const store::Id unit = Unit("yl", "http://127.0.0.1:9/");
  const store::Id scan = MakeScan(unit);
  store_->RecordScanFindings(
      admin, scan,
      {{"link:a", "broken_link", "http://x/a<script>.pdf", "http_4xx (HTTP 404)"},
       {"column_empty:c", "empty_column", "http://x/c/", "通知公告：空白栏目"},
       {"column_stale:d", "stale_column", "http://x/d/", "要闻：超过2周未更新"}});
  // One claimed fixed: not in the notice.
  const auto findings = store_->ListFindings(unit);
  store_->ClaimFindingFixed(admin, findings[2].id, "已更新");
  const Date today = ChinaDate(now());
  EXPECT_THROW(IssueUnitNotice(*store_, admin, unit, today, today), Error);
  auto n = IssueUnitNotice(*store_, admin, unit, today.AddDays(15), today);
  EXPECT_EQ(n.finding_ids.size(), 2u);
  EXPECT_EQ(n.number, "整改〔2023〕1号");
  NoticeDocument doc = LoadNotice(*store_, n.id, "某市政务服务数据管理局");
  const std::string html = RenderNoticeHtml(doc);
  EXPECT_THAT(html, HasSubstr("yl市人民政府："));
  EXPECT_THAT(html, HasSubstr("整改〔2023〕1号"));
  EXPECT_THAT(html, HasSubstr("请于2023年11月30日前完成整改"));
  EXPECT_THAT(html, HasSubstr("http://x/a&lt;script&gt;.pdf"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("空白栏目"));
  EXPECT_THAT(html, Not(HasSubstr("http://x/d/")));
  EXPECT_THAT(html, HasSubstr("某市政务服务数据管理局"));
  const std::string docx = RenderNoticeDocx(doc);
  EXPECT_EQ(docx.substr(0, 2), "PK");
  const std::string xml = Unzip(docx, "word/document.xml");
  EXPECT_THAT(xml, HasSubstr("政府网站整改通知"));
  EXPECT_THAT(xml, HasSubstr("http://x/a&lt;script&gt;.pdf"));
  EXPECT_THAT(xml, HasSubstr("链接不可用"));
  EXPECT_THAT(Unzip(docx, "[Content_Types].xml"), HasSubstr("wordprocessingml.document.main"));
  EXPECT_THAT(Unzip(docx, "_rels/.rels"), HasSubstr("word/document.xml"));
  // Nothing open any more → no notice.
  const store::Id clean = Unit("clean", "http://127.0.0.1:9/c/");
  EXPECT_THROW(IssueUnitNotice(*store_, admin, clean, today.AddDays(5), today), Error);
}

TEST_P(MonitorTest, ProbesWaitForAHostAnotherWorkerCrawls) {
  LoopbackSites sites;
  const store::Id unit = Unit("bh", sites.site_url());
  const std::string host = store::UrlHostKey(sites.site_url());
  // Another worker crawls the site: it holds the host's lease.
  store_->EnqueueMonitorScan(admin, unit, sites.site_url(), "full", std::nullopt);
  auto crawler = Open();
  auto job = crawler->ClaimScanJobPolitely("crawler", 10 * kMinuteMs);
  ASSERT_TRUE(job);
  ASSERT_EQ(job->host, host);
  store::MonitorSchedule s;
  s.unit_id = unit;
  s.regime = store::Regime::kDaily;
  s.probes_per_day = 24;
  s.next_due_at = now();
  store_->SaveSchedule(admin, s);
  Monitor monitor(*store_, clock, LoopbackOptions());

  TickResult t = monitor.Tick();
  EXPECT_EQ(t.schedules_fired, 1);
  EXPECT_EQ(t.probes, 0);
  EXPECT_EQ(t.probes_deferred, 1);
  EXPECT_EQ(monitor.deferred_probes(), 1u);
  EXPECT_EQ(store_->HostLeaseOwner(host), "crawler");  // untouched
  Advance(kMinuteMs);
  t = monitor.Tick();  // still crawled: still waiting, nothing new
  EXPECT_EQ(t.probes, 0);
  EXPECT_EQ(t.probes_deferred, 0);
  EXPECT_EQ(monitor.deferred_probes(), 1u);
  EXPECT_TRUE(store_->ListProbes(unit, kStart, now() + 1).empty());

  // The crawl ends: the next round probes, under its own lease, and lets go.
  crawler->ReleaseHostLease(host, "crawler");
  Advance(kMinuteMs);
  t = monitor.Tick();
  EXPECT_EQ(t.probes, 1);
  EXPECT_EQ(t.probes_failed, 0);
  EXPECT_EQ(monitor.deferred_probes(), 0u);
  EXPECT_EQ(store_->ListProbes(unit, kStart, now() + 1).size(), 1u);
  EXPECT_FALSE(store_->HostLeaseOwner(host));

  // A probe still waiting when its schedule fires again is dropped (skipped),
  // never replayed in a burst.
  ASSERT_TRUE(crawler->TakeHostLease(host, "crawler", 5 * kHourMs));
  EXPECT_FALSE(store_->TakeHostLease(host, "test/probe", kMinuteMs));
  Advance(kHourMs);
  t = monitor.Tick();
  EXPECT_EQ(t.probes_deferred, 1);
  Advance(kHourMs);
  t = monitor.Tick();
  EXPECT_EQ(t.probes_skipped, 1);
  EXPECT_EQ(t.probes_deferred, 1);
  EXPECT_EQ(monitor.deferred_probes(), 1u);
  EXPECT_EQ(store_->ListProbes(unit, kStart, now() + 1).size(), 1u);
}

TEST_P(MonitorTest, WebhookSetInTheStoreReplacesTheOption) {
  LoopbackSites sites;
  const store::Id unit = Unit("wz", "http://127.0.0.1:9/");
  Monitor monitor(*store_, clock, LoopbackOptions());  // no webhook option
  EXPECT_EQ(monitor.WebhookUrl(), "");
  store_->SaveSetting(admin, kWebhookSetting, sites.hook_url());
  EXPECT_EQ(monitor.WebhookUrl(), sites.hook_url());
  ASSERT_TRUE(store_->RaiseAlert(admin, unit, store::AlertKind::kOutage, "outage:x", "t", "d"));
  EXPECT_EQ(monitor.DeliverWebhooks(), std::make_pair(1, 0));
  EXPECT_EQ(sites.posts().size(), 1u);
  // Cleared in the UI: no webhook, even with one in the options.
  store_->SaveSetting(admin, kWebhookSetting, "");
  Monitor with_option(*store_, clock, LoopbackOptions(sites.hook_url()));
  EXPECT_EQ(with_option.WebhookUrl(), "");
  ASSERT_TRUE(store_->RaiseAlert(admin, unit, store::AlertKind::kOutage, "outage:y", "t", "d"));
  EXPECT_EQ(with_option.DeliverWebhooks(), std::make_pair(0, 0));
  EXPECT_EQ(sites.posts().size(), 1u);
  EXPECT_EQ(store_->ListAlerts(unit, true)[0].webhook_state, "none");
  EXPECT_EQ(store_->FindSetting("never-set"), std::nullopt);
}

// 整改通知 numbers stay unique when several processes issue at once (on
// PostgreSQL the year's count is read concurrently; the later insert takes
// the next number).
TEST_P(MonitorTest, NoticeNumbersAreUniqueUnderConcurrency) {
  const store::Id unit = Unit("cz", "http://127.0.0.1:9/");
  store_->RecordScanFindings(admin, MakeScan(unit),
                             {{"link:a", "broken_link", "http://x/a", "http_4xx (HTTP 404)"}});
  const Date today = ChinaDate(now());
  constexpr int kThreads = 4, kEach = 6;
  std::vector<std::unique_ptr<store::Store>> stores;
  for (int i = 0; i < kThreads; ++i) stores.push_back(Open());
  std::atomic<int> ready{0};
  std::mutex mu;
  std::vector<std::string> numbers, errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int k = 0; k < kEach; ++k) {
        try {
          auto n = IssueUnitNotice(*stores[i], admin, unit, today.AddDays(10), today);
          std::lock_guard lock(mu);
          numbers.push_back(n.number);
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          errors.push_back(e.what());
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kEach));
  for (int k = 1; k <= kThreads * kEach; ++k)
    EXPECT_TRUE(distinct.count("整改〔2023〕" + std::to_string(k) + "号")) << k;
  EXPECT_EQ(store_->ListNotices(unit).size(), static_cast<size_t>(kThreads * kEach));
}

GOVSCORE_STORE_TEST_SUITE(MonitorTest);

}  // namespace
}  // namespace govscore::monitor

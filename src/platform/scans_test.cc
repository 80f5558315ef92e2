// The scan queue against a generated sample site on 127.0.0.1, worked by the
// worker loop (src/worker) that serve and `govscore worker` run.
#include <gmock/gmock.h>

#include <thread>

#include "platform/platform_test_support.h"
#include "platform/scan_results.h"
#include "sample/site.h"
#include "worker/worker.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

sample::SiteOptions SmallSite(bool defects) {
  sample::SiteOptions o;
  o.articles = 30;
  o.seed = 7;
  o.as_of = *Date::Parse("2024-06-30");
  o.defects = defects;
  o.traps = false;
  return o;
}

sample::ServerOptions QuickServer() {
  sample::ServerOptions o;
  o.slow_delay = std::chrono::milliseconds(3500);
  o.threads = 8;
  return o;
}

worker::WorkerOptions LoopbackRunner() {
  worker::WorkerOptions r;
  r.name = "test";
  r.scan.loopback_only = true;
  r.scan.timeout_s = 3;  // a loaded test machine; /slow/ answers after 3.5 s
  r.scan.connect_timeout_s = 2;
  r.scan.retries = 1;  // /flaky/ and /busy/ succeed on their second request
  r.scan.parse_threads = 2;
  r.heartbeat_s = 0.05;
  r.run_schedules = false;
  return r;
}

// Runs every ready job (the loop's pass without a monitor).
std::vector<worker::JobReport> RunPendingJobs(store::Store& store,
                                              const worker::WorkerOptions& options) {
  return worker::RunPass(store, nullptr, options).jobs;
}

class ScansTest : public PlatformTest {};

TEST_P(ScansTest, RunnerStoresDocumentMeasuresFindingsAndProgress) {
  sample::Site site = sample::Site::Generate(SmallSite(true));
  sample::Server server(site, QuickServer());
  store::Id unit = CityUnit("nn", server.base_url() + "/");
  store::Id c = CityCampaign({unit});
  std::vector<store::Id> scans = EnqueueCampaignScans(*store_, admin, c);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(GetScan(*store_, scans[0]).scan.state, store::ScanState::kQueued);

  auto outcomes = RunPendingJobs(*store_, LoopbackRunner());
  ASSERT_EQ(outcomes.size(), 1u);
  const worker::JobReport& o = outcomes[0];
  EXPECT_TRUE(o.success) << o.error;
  EXPECT_EQ(o.profile, "full");  // campaign scans crawl the whole site
  EXPECT_GT(o.measures, 5);
  EXPECT_GT(o.findings.opened, 0);

  auto scan = store_->FindScan(scans[0], true);
  ASSERT_TRUE(scan);
  EXPECT_EQ(scan->state, store::ScanState::kDone);
  ASSERT_TRUE(scan->document_json);
  EXPECT_THAT(*scan->document_json, HasSubstr("govscore.scan/1"));
  EXPECT_EQ(store_->FindScanJob(o.job_id)->state, store::JobState::kDone);
  // The Chinese HTML report is rendered from the stored document.
  const std::string html = ScanReportHtml(*store_, scans[0]);
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html, HasSubstr("政府网站监测报告"));
  EXPECT_THROW(ScanReportHtml(*store_, scans[0] + 1000), NotFound);

  ScanView view = GetScan(*store_, scans[0]);
  EXPECT_EQ(view.unit_code, "nn");
  EXPECT_GE(view.pages_done, site.truth().pages);
  EXPECT_GT(view.errors, 0);
  ASSERT_TRUE(view.scan.progress_json);  // written while running
  EXPECT_THAT(*view.scan.progress_json, HasSubstr("pages_done"));
  EXPECT_EQ(ListCampaignScans(*store_, c).size(), 1u);
  EXPECT_EQ(ListUnitScans(*store_, unit).size(), 1u);

  // Every planted broken link target on the site is a finding.
  auto findings = store_->ListFindings(unit);
  size_t broken = 0;
  for (const auto& f : findings) broken += f.kind == "broken_link";
  std::set<std::string> planted;
  for (const auto& l : site.truth().broken_links)
    if (l.expected != "redirect_ok" && l.target.rfind("/", 0) == 0) planted.insert(l.target);
  EXPECT_GE(broken, planted.size());
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(),
                          [](const store::Finding& f) { return f.kind == "empty_column"; }));

  auto progress = GetCampaignProgress(*store_, c);
  EXPECT_EQ(progress.scans_done, 1);
  // The measures reach scoring.
  auto inputs = CampaignInputsFromStore(*store_, c);
  EXPECT_EQ(inputs.measures.size(), static_cast<size_t>(o.measures));
  EXPECT_TRUE(RunPendingJobs(*store_, LoopbackRunner()).empty());  // queue drained
}

TEST_P(ScansTest, AFailingScanIsRetriedThenFailsWithItsError) {
  // Not loopback: the address policy refuses the start URL (nothing is contacted).
  store::Id unit = CityUnit("far", "http://192.0.2.1/");
  store::Id scan = EnqueueUnitScan(*store_, admin, unit, "http://192.0.2.1/");
  worker::WorkerOptions runner = LoopbackRunner();
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto outcomes = RunPendingJobs(*store_, runner);
    ASSERT_EQ(outcomes.size(), 1u) << "attempt " << attempt;
    EXPECT_FALSE(outcomes[0].success);
    EXPECT_THAT(outcomes[0].error, HasSubstr("192.0.2.1"));
    ScanView v = GetScan(*store_, scan);
    if (attempt < 3) {
      EXPECT_EQ(v.scan.state, store::ScanState::kRunning);  // waiting for its retry
      EXPECT_THAT(*v.scan.progress_json, HasSubstr("retrying"));
      EXPECT_TRUE(RunPendingJobs(*store_, runner).empty());  // not before its back-off
      Advance(31'000 * attempt);
    } else {
      EXPECT_EQ(v.scan.state, store::ScanState::kFailed);
      EXPECT_THAT(v.scan.error, HasSubstr("192.0.2.1"));
    }
  }
  EXPECT_THROW(EnqueueUnitScan(*store_, admin, unit, "ftp://x/"), InvalidInput);
  EXPECT_THROW(EnqueueUnitScan(*store_, admin, 999, "http://127.0.0.1/"), NotFound);
}

GOVSCORE_STORE_TEST_SUITE(ScansTest);

TEST(ScanResults, FindingsAreKeyedOncePerDefect) {
  const nlohmann::json doc = nlohmann::json::parse(R"({
    "links": [
      {"source": "http://s/a.html", "target": "http://s/x.pdf", "result": "http_4xx", "status": 404, "broken": true},
      {"source": "http://s/b.html", "target": "http://s/x.pdf", "result": "http_4xx", "status": 404, "broken": true},
      {"source": "http://s/b.html", "target": "http://s/r", "result": "redirect_ok", "broken": false}],
    "columns": [{"name": "通知公告", "url": "http://s/tzgg/", "empty": false, "stale": true,
                 "newest": "2023-01-01", "limit": "6个月"},
                {"name": "空栏目", "url": "http://s/k/", "empty": true, "stale": false}],
    "privacy": [{"url": "http://s/c.html", "kind": "mobile", "masked": "138****5678"}],
    "summary": {"page_limit_refusals": 0}})");
  auto findings = FindingsOfScan(doc);
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].key, "link:http://s/x.pdf");
  EXPECT_THAT(findings[0].detail, HasSubstr("2 个页面"));
  EXPECT_EQ(findings[1].kind, "stale_column");
  EXPECT_EQ(findings[2].kind, "empty_column");
  EXPECT_EQ(findings[3].key, "privacy:mobile:http://s/c.html:138****5678");
  EXPECT_TRUE(ScanCoveredSite(doc));
  EXPECT_FALSE(ScanCoveredSite(nlohmann::json::parse(R"({"summary":{"page_limit_refusals":3}})")));
}

TEST(ScanResults, MeasureValuesRoundTripThroughJson) {
  using scoring::MeasureValue;
  for (const MeasureValue& v :
       {MeasureValue::Number(3.5), MeasureValue::Bool(true),
        MeasureValue::OfDate(*Date::Parse("2024-06-01")), MeasureValue::Text("南宁"),
        MeasureValue::List({{"http://x/", 1.0, {"http://p/"}}}), MeasureValue{}}) {
    MeasureValue back = MeasureValueFromJson(MeasureValueToJson(v));
    EXPECT_EQ(back.type, v.type);
    EXPECT_EQ(back.ToString(), v.ToString());
  }
}

}  // namespace
}  // namespace govscore::platform::testing

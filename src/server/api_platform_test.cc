// API tests over the platform services: campaigns and their role matrix
// (a reviewer cannot publish, an organiser can), the reviewer workbench,
// evidence uploads (type, size, names), findings and rectification, unit
// import, framework registration, the progress stream, exports.
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                       33);

class PlatformApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    config_.upload_limit_mb = 1;
    StartServer();
    org_ = As("organiser");
    const ApiCampaign c =
        CreateApiCampaign(*org_, "2026年测试任务", "2026-11-20", {unit_a_, unit_b_});
    ASSERT_NE(c.id, 0);
    framework_version_ = c.framework_version;
    campaign_ = c.id;
    base_ = c.base;
  }

  // A value that fits the queue item's input.
  static json ValueFor(const json& item) {
    const std::string input = item["input"];
    if (input == "points") return {{"points", 0}};
    if (input == "count") return {{"count", 0}};
    if (input == "yes_no") return {{"value", "no"}};
    return {{"value", "met"}};
  }

  json Key(const json& item) {
    return {{"unit_id", item["unit_id"]},
            {"indicator_id", item["indicator_id"]},
            {"criterion", item["criterion"]},
            {"channel", item["channel"]}};
  }

  std::unique_ptr<Browser> org_;
  store::Id framework_version_ = 0, campaign_ = 0;
  std::string base_;
};

TEST_P(PlatformApiTest, CampaignRoleMatrixAndPublishing) {
  auto rev = As("reviewer");
  auto web = As("webmaster");
  auto web_b = As("webmaster-b");
  // Everyone whose unit is in the campaign sees it; nobody but organisers changes it.
  EXPECT_EQ(web->Get("/api/campaigns").json["campaigns"].size(), 1u);
  EXPECT_EQ(rev->Post("/api/campaigns", {{"name", "x"},
                                         {"framework_version_id", framework_version_},
                                         {"as_of", "2026-11-20"},
                                         {"unit_ids", {unit_a_}}})
                .status,
            403);
  EXPECT_EQ(rev->Post(base_ + "/state", {{"state", "collecting"}}).status, 403);
  EXPECT_EQ(web->Post(base_ + "/scans").status, 403);
  EXPECT_EQ(web->Get(base_ + "/queue").status, 403);
  ASSERT_EQ(org_->Post(base_ + "/state", {{"state", "collecting"}}).status, 200);

  // The reviewer's queue holds only their unit; they cannot judge unit B.
  Reply queue = rev->Get(base_ + "/queue");
  ASSERT_EQ(queue.status, 200) << queue.body;
  ASSERT_FALSE(queue.json["items"].empty());
  for (const json& item : queue.json["items"]) EXPECT_EQ(item["unit_id"], unit_a_);
  json first = queue.json["items"][0];
  json for_b = Key(first);
  for_b["unit_id"] = unit_b_;
  for_b["value"] = ValueFor(first);
  EXPECT_EQ(rev->Post(base_ + "/judgments", for_b).status, 403);

  // Draft, then submit every slot: the reviewer for A, the organiser for B.
  json draft = Key(first);
  draft["value"] = ValueFor(first);
  draft["note"] = "初评";
  draft["evidence"] = {{{"kind", "url"}, {"url", "http://127.0.0.1:9/a.html"}}};
  Reply saved = rev->Post(base_ + "/judgments", draft);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json["state"], "draft");
  EXPECT_EQ(saved.json["evidence"][0]["url"], "http://127.0.0.1:9/a.html");
  draft["evidence"] = {{{"kind", "url"}, {"url", "javascript:alert(1)"}}};
  EXPECT_EQ(rev->Post(base_ + "/judgments", draft).status, 400);
  for (auto* who : {rev.get(), org_.get()}) {
    Reply q = who->Get(base_ + "/queue" +
                       (who == org_.get() ? "?unit_id=" + std::to_string(unit_b_) : ""));
    ASSERT_EQ(q.status, 200);
    for (const json& item : q.json["items"]) {
      json body = Key(item);
      body["value"] = ValueFor(item);
      body["state"] = "submitted";
      Reply r = who->Post(base_ + "/judgments", body);
      ASSERT_EQ(r.status, 200) << item.dump() << " " << r.body;
    }
  }
  Reply history = rev->Get(base_ + "/judgment?unit_id=" + std::to_string(unit_a_) +
                           "&indicator_id=" + first["indicator_id"].get<std::string>() +
                           "&criterion=" + first["criterion"].get<std::string>() +
                           "&channel=" + first["channel"].get<std::string>());
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json["revisions"].size(), 2u);
  EXPECT_EQ(history.json["judgment"]["state"], "submitted");

  ASSERT_EQ(org_->Post(base_ + "/state", {{"state", "reviewing"}}).status, 200);
  // Webmasters see no scores before publishing.
  EXPECT_EQ(web->Get(base_ + "/ranking").status, 404);
  Reply live = rev->Get(base_ + "/ranking");
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.json["published"], false);

  // A reviewer cannot publish; an organiser can.
  Reply denied = rev->Post(base_ + "/publish");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.ErrorCode(), "forbidden");
  EXPECT_EQ(web->Post(base_ + "/publish").status, 403);
  Reply published = org_->Post(base_ + "/publish");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(org_->Get(base_).json["state"], "published");

  // Published results: the webmaster sees the ranking and their own unit only.
  Reply ranking = web->Get(base_ + "/ranking");
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  EXPECT_EQ(ranking.json["published"], true);
  EXPECT_EQ(ranking.json["units"].size(), 2u);
  const std::string score_a = base_ + "/units/" + std::to_string(unit_a_) + "/score";
  const std::string score_b = base_ + "/units/" + std::to_string(unit_b_) + "/score";
  Reply mine = web->Get(score_a);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_FALSE(mine.json["indicators"].empty());
  EXPECT_EQ(mine.json["published"], true);
  EXPECT_EQ(web->Get(score_b).status, 403);
  EXPECT_EQ(web_b->Get(score_b).status, 200);
  Reply xlsx = web->Get(base_ + "/export?format=xlsx&unit_id=" + std::to_string(unit_a_));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.Header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(web->Get(base_ + "/export?format=xlsx&unit_id=" + std::to_string(unit_b_)).status, 403);
  EXPECT_EQ(web->Get(base_ + "/export?format=csv").status, 403);  // whole campaign
  Reply csv = org_->Get(base_ + "/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("乙市人民政府"), std::string::npos);
  EXPECT_EQ(org_->Get(base_ + "/export?format=exe").status, 400);
  EXPECT_EQ(org_->Get(base_ + "/distribution").status, 200);
  Reply groups = org_->Get(base_ + "/groups");
  ASSERT_EQ(groups.status, 200);
  EXPECT_FALSE(groups.json["groups"].empty());
  Reply trend = web->Get("/api/units/" + std::to_string(unit_a_) + "/trend");
  ASSERT_EQ(trend.status, 200) << trend.body;
  EXPECT_EQ(trend.json["trend"].size(), 1u);
  EXPECT_EQ(web->Get("/api/units/" + std::to_string(unit_b_) + "/trend").status, 403);
  // Judging after publishing is refused.
  json late = Key(first);
  late["value"] = ValueFor(first);
  EXPECT_EQ(rev->Post(base_ + "/judgments", late).status, 409);
}

TEST_P(PlatformApiTest, EvidenceUploads) {
  auto web = As("webmaster");
  auto web_b = As("webmaster-b");
  const httplib::MultipartFormDataItems for_a = {{"unit_id", std::to_string(unit_a_), "", ""}};
  const httplib::MultipartFormDataItems for_b = {{"unit_id", std::to_string(unit_b_), "", ""}};
  Reply up = web->Upload("/api/evidence", "file", "../../etc/截图.png", kPng, "image/png", for_a);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["file_name"], "截图.png");
  EXPECT_EQ(up.json["content_type"], "image/png");
  const std::string id = up.json["file_id"];
  EXPECT_EQ(id.find('/'), std::string::npos);
  EXPECT_EQ(id.find(".."), std::string::npos);
  // Stored under the data dir, not where the name pointed, and not under the static dir.
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / ".." / "etc" / "截图.png"));
  Reply down = web->Get("/api/evidence/" + id);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, kPng);
  EXPECT_NE(down.Header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(web_b->Get("/api/evidence/" + id).status, 403);
  EXPECT_EQ(As("organiser")->Get("/api/evidence/" + id).status, 200);
  EXPECT_EQ(Anonymous()->Get("/api/evidence/" + id).status, 401);
  EXPECT_EQ(Anonymous()->Get("/" + id).body.find("PNG"), std::string::npos);  // not static
  Reply listed = web->Get("/api/units/" + std::to_string(unit_a_) + "/evidence");
  ASSERT_EQ(listed.json["evidence"].size(), 1u);
  EXPECT_EQ(web_b->Get("/api/units/" + std::to_string(unit_a_) + "/evidence").status, 403);

  // Another unit, wrong types, too large, traversal ids.
  EXPECT_EQ(web->Upload("/api/evidence", "file", "a.png", kPng, "image/png", for_b).status, 403);
  Reply exe =
      web->Upload("/api/evidence", "file", "a.png", "MZ\x90\0 not an image", "image/png", for_a);
  EXPECT_EQ(exe.status, 415);
  EXPECT_EQ(exe.ErrorCode(), "unsupported_type");
  EXPECT_EQ(web->Upload("/api/evidence", "file", "a.html", "<script>alert(1)</script>", "text/html",
                        for_a)
                .status,
            415);
  EXPECT_EQ(web->Upload("/api/evidence", "file", "a.png", "", "image/png", for_a).status, 400);
  std::string big = kPng + std::string(1024 * 1024 + 10, 'x');
  EXPECT_EQ(web->Upload("/api/evidence", "file", "big.png", big, "image/png", for_a).status, 413);
  EXPECT_EQ(web->Upload("/api/evidence", "file", "a.png", kPng, "image/png").status,
            400);  // no unit
  for (const std::string bad : {"..%2f..%2fetc%2fpasswd", "....", "..", "a%00b"})
    EXPECT_NE(web->Get("/api/evidence/" + bad).status, 200) << bad;

  // File evidence of another unit cannot be attached to a judgment.
  ASSERT_EQ(org_->Post(base_ + "/state", {{"state", "collecting"}}).status, 200);
  Reply q = org_->Get(base_ + "/queue?unit_id=" + std::to_string(unit_b_));
  ASSERT_FALSE(q.json["items"].empty());
  json item = q.json["items"][0];
  json body = Key(item);
  body["value"] = ValueFor(item);
  body["evidence"] = {{{"kind", "file"}, {"file_id", id}}};
  EXPECT_EQ(org_->Post(base_ + "/judgments", body).status, 403);
  body["unit_id"] = unit_a_;
  Reply ok = org_->Post(base_ + "/judgments", body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["evidence"][0]["file_id"], id);
}

TEST_P(PlatformApiTest, FindingsAndRectification) {
  const store::Id scan = MakeScan(unit_a_);
  store_->RecordScanFindings(
      admin, scan, {{"link:http_4xx:http://a/x.pdf", "link:http_4xx", "http://a/x.pdf", "404"}});
  const store::Id finding = store_->ListFindings(unit_a_).at(0).id;
  const std::string path = "/api/findings/" + std::to_string(finding);
  auto web = As("webmaster");
  auto web_b = As("webmaster-b");
  Reply list = web->Get("/api/units/" + std::to_string(unit_a_) + "/findings");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["findings"].size(), 1u);
  EXPECT_EQ(web_b->Get("/api/units/" + std::to_string(unit_a_) + "/findings").status, 403);
  EXPECT_EQ(web_b->Get(path).status, 403);
  EXPECT_EQ(web_b->Post(path + "/claim-fixed", {{"note", "不是我的"}}).status, 403);
  EXPECT_EQ(As("reviewer")->Post(path + "/claim-fixed", {{"note", "x"}}).status, 403);
  EXPECT_EQ(web->Post(path + "/claim-fixed", {{"note", ""}}).status, 400);
  Reply claimed =
      web->Post(path + "/claim-fixed", {{"note", "已删除失效链接'); DROP TABLE findings; --"}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json["state"], "fixed_claimed");
  EXPECT_EQ(claimed.json["history"].back()["note"], "已删除失效链接'); DROP TABLE findings; --");
  EXPECT_EQ(web->Post(path + "/claim-fixed", {{"note", "again"}}).status, 409);
  EXPECT_EQ(store_->FindFinding(finding)->state, store::FindingState::kFixedClaimed);
}

TEST_P(PlatformApiTest, UnitImportAndExport) {
  const std::string csv = "code,name,kind,region,websites\nu9,壬县,县,示例,http://127.0.0.1:9/\n";
  Reply r = org_->Upload("/api/units/import", "file", "units.csv", csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["created"], 1);
  EXPECT_TRUE(store_->FindUnitByCode("u9").has_value());
  Reply bad = org_->Upload("/api/units/import", "file", "units.csv",
                           "code,name,kind\nu10,,县\nu10,癸县,县\n", "text/csv");
  EXPECT_EQ(bad.status, 422) << bad.body;
  ASSERT_FALSE(bad.json["error"]["details"].empty());
  EXPECT_GT(bad.json["error"]["details"][0]["line"].get<int>(), 1);
  EXPECT_FALSE(store_->FindUnitByCode("u10").has_value());
  EXPECT_EQ(org_->Upload("/api/units/import", "file", "units.exe", csv, "text/csv").status, 415);
  EXPECT_EQ(org_->Upload("/api/units/import", "file", "units.xlsx", csv, "text/csv").status, 415);
  EXPECT_EQ(
      As("webmaster")->Upload("/api/units/import", "file", "units.csv", csv, "text/csv").status,
      403);
  Reply exported = org_->Get("/api/units/export?format=csv");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("壬县"), std::string::npos);
  EXPECT_EQ(As("reviewer")->Get("/api/units/export?format=csv").status, 403);
}

TEST_P(PlatformApiTest, FrameworkRegistration) {
  Reply again = org_->Post("/api/frameworks", {{"shipped", "gx2020-city"}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["id"], framework_version_);
  Reply broken = org_->Upload("/api/frameworks", "file", "b.yaml",
                              "schema: govscore.framework/1\nid: b\ntitle: 坏\nobject_kinds: [县]\n"
                              "indicators:\n  - id: a\n    name: 甲\n    weight: x\n",
                              "text/yaml");
  EXPECT_EQ(broken.status, 422) << broken.body;
  ASSERT_FALSE(broken.json["error"]["details"].empty());
  Reply tree =
      As("webmaster")->Get("/api/framework-versions/" + std::to_string(framework_version_));
  ASSERT_EQ(tree.status, 200) << tree.body;
  EXPECT_EQ(tree.json["version"]["framework_id"], "gx2020-city");
  EXPECT_FALSE(tree.json["indicators"].empty());
  EXPECT_EQ(As("reviewer")->Post("/api/frameworks", {{"shipped", "gx2020-county"}}).status, 403);
}

TEST_P(PlatformApiTest, ProgressPollingAndStream) {
  auto web = As("webmaster");
  Reply p = web->Get(base_ + "/progress");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["state"], "draft");
  ASSERT_EQ(p.json["units"].size(), 1u);  // only their unit
  EXPECT_EQ(p.json["units"][0]["unit_id"], unit_a_);
  std::string stream;
  httplib::Client http("127.0.0.1", server_->port());
  http.set_read_timeout(20);
  auto res = http.Get((base_ + "/progress/stream").c_str(), web->BaseHeaders(false),
                      [&](const char* data, size_t n) {
                        stream.append(data, n);
                        return true;
                      });
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/event-stream");
  EXPECT_EQ(stream.rfind("event: progress\ndata: {", 0), 0u) << stream;
  EXPECT_EQ(As("webmaster-b")->Get(base_ + "/progress").json["units"][0]["unit_id"], unit_b_);
}

TEST_P(PlatformApiTest, StartScansQueuesJobs) {
  Reply r = org_->Post(base_ + "/scans", {{"unit_ids", {unit_a_}}});
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(r.json["scans"].size(), 1u);
  EXPECT_EQ(r.json["scans"][0]["state"], "queued");
  const std::string scan = "/api/scans/" + std::to_string(r.json["scans"][0]["id"].get<int64_t>());
  EXPECT_EQ(As("webmaster")->Get(scan).status, 200);
  EXPECT_EQ(As("webmaster-b")->Get(scan).status, 403);
  EXPECT_EQ(As("reviewer")->Post(base_ + "/scans").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlatformApiTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing

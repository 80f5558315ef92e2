// API tests of reviewer assignments per unit AND per indicator (the organiser
// assigns; a reviewer reads, drafts and submits only assigned slots) and of
// webmasters' evidence materials linked to a campaign and an indicator, as the
// reviewer's workbench lists them.
#include <set>

#include "output/scan_json.h"
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde",
                       33);

void CollectIds(const json& node, std::set<std::string>& out) {
  out.insert(node["id"].get<std::string>());
  for (const json& c : node["children"]) CollectIds(c, out);
}

class AssignmentsApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    StartServer();
    org_ = As("organiser");
    const ApiCampaign c = CreateApiCampaign(*org_, "分工测试", "2026-11-20", {unit_a_, unit_b_});
    ASSERT_NE(c.id, 0);
    base_ = c.base;
    ASSERT_EQ(org_->Post(base_ + "/state", {{"state", "collecting"}}).status, 200);
    tree_ = org_->Get("/api/framework-versions/" + std::to_string(c.framework_version)).json;
    reviewer_id_ = store_->FindUserByName("reviewer")->id;
  }

  static json Body(const json& item, const std::string& state = "submitted") {
    json b = {{"unit_id", item["unit_id"]},
              {"indicator_id", item["indicator_id"]},
              {"criterion", item["criterion"]},
              {"channel", item["channel"]},
              {"state", state}};
    const std::string input = item["input"];
    b["value"] = input == "points"   ? json{{"points", 0}}
                 : input == "count"  ? json{{"count", 0}}
                 : input == "yes_no" ? json{{"value", "no"}}
                                     : json{{"value", "met"}};
    return b;
  }

  static std::string JudgmentPath(const std::string& base, const json& item) {
    return base + "/judgment?unit_id=" + std::to_string(item["unit_id"].get<int64_t>()) +
           "&indicator_id=" + item["indicator_id"].get<std::string>() +
           "&criterion=" + item["criterion"].get<std::string>() +
           "&channel=" + item["channel"].get<std::string>();
  }

  std::unique_ptr<Browser> org_;
  std::string base_;
  json tree_;
  store::Id reviewer_id_ = 0;
};

TEST_P(AssignmentsApiTest, OrganiserAssignsUnitsAndIndicators) {
  const json all = org_->Get(base_ + "/queue?unit_id=" + std::to_string(unit_a_)).json["items"];
  ASSERT_FALSE(all.empty());
  // A first-level indicator whose subtree holds some, not all, slots.
  std::string group;
  std::set<std::string> sub;
  for (const json& top : tree_["indicators"]) {
    std::set<std::string> ids;
    CollectIds(top, ids);
    size_t in = 0;
    for (const json& it : all) in += ids.count(it["indicator_id"].get<std::string>());
    if (in > 0 && in < all.size()) {
      group = top["id"];
      sub = ids;
      break;
    }
  }
  ASSERT_FALSE(group.empty());

  Reply listed = org_->Get(base_ + "/reviewers");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json["reviewers"].size(), 1u);
  EXPECT_EQ(listed.json["reviewers"][0]["user"]["username"], "reviewer");
  EXPECT_EQ(listed.json["reviewers"][0]["unit_ids"], json::array({unit_a_}));
  EXPECT_TRUE(listed.json["reviewers"][0]["indicator_ids"].empty());

  const std::string assign = base_ + "/reviewers/" + std::to_string(reviewer_id_);
  auto rev = As("reviewer");
  EXPECT_EQ(rev->Get(base_ + "/reviewers").status, 403);
  EXPECT_EQ(rev->Put(assign, {{"indicator_ids", {group}}}).status, 403);
  EXPECT_EQ(As("webmaster")->Get(base_ + "/reviewers").status, 403);
  EXPECT_EQ(org_->Put(assign, {{"indicator_ids", {"no-such-indicator"}}}).status, 400);
  const store::Id web_id = store_->FindUserByName("webmaster")->id;
  EXPECT_EQ(org_->Put(base_ + "/reviewers/" + std::to_string(web_id), {{"indicator_ids", {group}}})
                .status,
            400);
  EXPECT_EQ(org_->Put(assign, {{"indicator_ids", "x"}}).status, 400);

  Reply put = org_->Put(assign, {{"unit_ids", {unit_a_, unit_b_}}, {"indicator_ids", {group}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json["indicator_ids"], json::array({group}));
  EXPECT_EQ(put.json["unit_ids"], json::array({unit_a_, unit_b_}));

  // A change of units ends the reviewer's session; the new one sees the new rights.
  EXPECT_EQ(rev->Get(base_ + "/queue").status, 401);
  rev = As("reviewer");
  const json mine = rev->Get(base_ + "/queue").json["items"];
  ASSERT_FALSE(mine.empty());
  std::set<int64_t> units;
  for (const json& it : mine) {
    EXPECT_TRUE(sub.count(it["indicator_id"].get<std::string>())) << it["indicator_id"];
    units.insert(it["unit_id"].get<int64_t>());
  }
  EXPECT_EQ(units.size(), 2u);

  json inside, outside;
  for (const json& it : all) {
    const bool in = sub.count(it["indicator_id"].get<std::string>()) > 0;
    if (in && inside.is_null()) inside = it;
    if (!in && outside.is_null()) outside = it;
  }
  // Unassigned: no reading, no draft, no submission.
  EXPECT_EQ(rev->Get(JudgmentPath(base_, outside)).status, 403);
  EXPECT_EQ(rev->Post(base_ + "/judgments", Body(outside, "draft")).status, 403);
  EXPECT_EQ(rev->Post(base_ + "/judgments", Body(outside)).status, 403);
  // Assigned: all three.
  EXPECT_EQ(rev->Post(base_ + "/judgments", Body(inside, "draft")).status, 200);
  EXPECT_EQ(rev->Post(base_ + "/judgments", Body(inside)).status, 200);
  Reply got = rev->Get(JudgmentPath(base_, inside));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json["revisions"].size(), 2u);
  // The organiser still judges the rest.
  EXPECT_EQ(org_->Post(base_ + "/judgments", Body(outside)).status, 200);

  // Lifting the indicator restriction.
  ASSERT_EQ(org_->Put(assign, {{"indicator_ids", json::array()}}).status, 200);
  EXPECT_EQ(rev->Get(base_ + "/queue?unit_id=" + std::to_string(unit_a_)).json["items"].size(),
            all.size());
  // The audit log names the assignment.
  Reply audit = org_->Get("/api/audit?entity=campaign");
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("campaign.assign_indicators"), std::string::npos);
}

TEST_P(AssignmentsApiTest, WebmasterEvidenceReachesTheReviewersWorkbench) {
  const json item = org_->Get(base_ + "/queue?unit_id=" + std::to_string(unit_a_)).json["items"][0];
  const std::string indicator = item["indicator_id"];
  const std::string campaign_id = base_.substr(base_.rfind('/') + 1);
  auto web = As("webmaster");
  Reply up = web->Upload("/api/evidence", "file", "..\\..\\目录/栏目截图.png", kPng, "image/png",
                         {{"unit_id", std::to_string(unit_a_), "", ""},
                          {"campaign_id", campaign_id, "", ""},
                          {"indicator_id", indicator, "", ""},
                          {"note", "栏目更新记录", "", ""}});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["indicator_id"], indicator);
  EXPECT_EQ(up.json["note"], "栏目更新记录");
  EXPECT_EQ(up.json["uploaded_by"], "webmaster");
  EXPECT_EQ(up.json["file_name"].get<std::string>().find('/'), std::string::npos);
  const std::string file_id = up.json["file_id"];
  EXPECT_TRUE(std::filesystem::exists(data_dir_ / "uploads" / "files" / file_id));

  // Not for another unit, not for an indicator outside the framework.
  auto web_b = As("webmaster-b");
  EXPECT_EQ(web_b
                ->Upload("/api/evidence", "file", "x.png", kPng, "image/png",
                         {{"unit_id", std::to_string(unit_a_), "", ""},
                          {"campaign_id", campaign_id, "", ""}})
                .status,
            403);
  EXPECT_EQ(web->Upload("/api/evidence", "file", "x.png", kPng, "image/png",
                        {{"unit_id", std::to_string(unit_a_), "", ""},
                         {"campaign_id", campaign_id, "", ""},
                         {"indicator_id", "no-such", "", ""}})
                .status,
            400);

  // The reviewer sees it beside that indicator, not beside another one.
  auto rev = As("reviewer");
  const std::string list = "/api/units/" + std::to_string(unit_a_) +
                           "/evidence?campaign_id=" + campaign_id + "&indicator_id=";
  Reply here = rev->Get(list + indicator);
  ASSERT_EQ(here.status, 200) << here.body;
  ASSERT_EQ(here.json["evidence"].size(), 1u);
  EXPECT_EQ(here.json["evidence"][0]["file_id"], file_id);
  EXPECT_TRUE(rev->Get(list + "other-indicator").json["evidence"].empty());
  EXPECT_EQ(rev->Get("/api/evidence/" + file_id).body, kPng);
  EXPECT_EQ(web_b->Get(list + indicator).status, 403);

  // … and cites it in the judgment.
  json body = Body(item);
  body["evidence"] = {{{"kind", "file"}, {"file_id", file_id}}};
  Reply saved = rev->Post(base_ + "/judgments", body);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json["evidence"][0]["file_name"], up.json["file_name"]);
}

TEST_P(AssignmentsApiTest, ScanReportIsRenderedFromTheStoredDocument) {
  ScanReport report;
  report.site = "http://127.0.0.1:9/";
  report.as_of = Date::FromYmd(2026, 11, 20);
  report.pages.push_back(
      {"http://127.0.0.1:9/", "", "甲市人民政府", "utf-8", 200, 0, PageKind::kHome, false});
  LinkRecord broken;
  broken.target = "http://127.0.0.1:9/gone.html";
  broken.result = LinkResult::kHttp4xx;
  broken.status = 404;
  broken.sources = {"http://127.0.0.1:9/"};
  report.links.push_back(broken);
  report.summary.pages = 1;
  report.summary.broken_links = 1;
  const store::Id scan = MakeScan(unit_a_);
  const std::string path = "/api/scans/" + std::to_string(scan) + "/report";
  auto web = As("webmaster");
  EXPECT_EQ(web->Get(path).status, 409);  // no document yet
  store_->StartScan(admin, scan);
  store_->FinishScan(admin, scan, store::ScanState::kDone, std::nullopt, ScanToJson(report).dump(),
                     "");
  Reply html = web->Get(path);
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_NE(html.Header("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(html.body.find("政府网站监测报告"), std::string::npos);
  EXPECT_NE(html.body.find("gone.html"), std::string::npos);
  EXPECT_EQ(As("webmaster-b")->Get(path).status, 403);
  EXPECT_EQ(Anonymous()->Get(path).status, 401);
  EXPECT_EQ(web->Get("/api/scans/99999/report").status, 404);
}

TEST_P(AssignmentsApiTest, UnitImportDryRunPreviewsRowsAndWritesNothing) {
  const std::string csv =
      "编码,名称,类型,上级编码,网站\nunit-a,甲市（新名）,设区市,,http://127.0.0.1:9/\n"
      "u7,庚县,县,unit-a,http://127.0.0.1:9/g/\nu8,,县,nope,ftp://x/\n";
  const size_t audit_before = store_->ListAudit("unit").size();
  Reply r = org_->Upload("/api/units/import", "file", "units.csv", csv, "text/csv",
                         {{"dry_run", "1", "", ""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["dry_run"], true);
  EXPECT_EQ(r.json["ok"], false);
  ASSERT_EQ(r.json["rows"].size(), 3u);
  EXPECT_EQ(r.json["rows"][0]["line"], 2);
  EXPECT_EQ(r.json["rows"][0]["action"], "update");
  EXPECT_EQ(r.json["rows"][1]["action"], "create");
  EXPECT_EQ(r.json["rows"][1]["parent_code"], "unit-a");
  EXPECT_TRUE(r.json["rows"][1]["problems"].empty());
  const json& bad = r.json["rows"][2];
  EXPECT_EQ(bad["line"], 4);
  ASSERT_EQ(bad["problems"].size(), 3u);  // empty name, bad URL, unknown parent
  for (const json& p : bad["problems"]) {
    EXPECT_EQ(p["line"], 4);
    EXPECT_EQ(p["message"].get<std::string>().find("unknown"), std::string::npos);
  }
  EXPECT_EQ(r.json["details"].size(), 3u);
  // Nothing written.
  EXPECT_EQ(store_->FindUnit(unit_a_)->name, "甲市人民政府");
  EXPECT_FALSE(store_->FindUnitByCode("u7"));
  EXPECT_EQ(store_->ListAudit("unit").size(), audit_before);
  // The real import refuses the same file with the same row errors, in Chinese.
  Reply refused = org_->Upload("/api/units/import", "file", "units.csv", csv, "text/csv");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json["error"]["details"].size(), 3u);
  EXPECT_NE(refused.json["error"]["details"][0]["where"].get<std::string>().find("第 4 行"),
            std::string::npos);
  EXPECT_EQ(As("reviewer")
                ->Upload("/api/units/import", "file", "units.csv", csv, "text/csv",
                         {{"dry_run", "1", "", ""}})
                .status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Backends, AssignmentsApiTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing

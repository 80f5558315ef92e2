// API tests of consultations (模拟咨询 / 依申请公开) and 采纳 in the workbench:
// the role matrix (organisers record, reviewers of the unit judge, webmasters
// read their own unit's), the audit log, and the proposal in the queue.
#include <functional>

#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

class ConsultationsApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    StartServer();
    org_ = As("organiser");
    const ApiCampaign c =
        CreateApiCampaign(*org_, "2024年测试任务", "2024-06-30", {unit_a_, unit_b_});
    ASSERT_NE(c.id, 0);
    campaign_ = c.id;
    base_ = c.base;
    ASSERT_EQ(org_->Post(base_ + "/state", {{"state", "collecting"}}).status, 200);
  }
  json Question(store::Id unit, const std::string& replied = "2024-06-11 09:00") {
    return {{"unit_id", unit},
            {"kind", "consult"},
            {"channel", "在线咨询"},
            {"asked_at", "2024-06-07 10:00"},
            {"question", "办理居住证需要哪些材料？"},
            {"replied_at", replied},
            {"answer", replied.empty() ? "" : "需要身份证和居住证明。"}};
  }
  std::unique_ptr<Browser> org_;
  store::Id campaign_ = 0;
  std::string base_;
};

TEST_P(ConsultationsApiTest, OrganisersRecordReviewersJudgeWebmastersRead) {
  auto rev = As("reviewer");       // unit a
  auto web = As("webmaster");      // unit a
  auto web_b = As("webmaster-b");  // unit b
  auto adm = As("admin");

  // Recording: organisers and admins only.
  EXPECT_EQ(rev->Post(base_ + "/consultations", Question(unit_a_)).status, 403);
  EXPECT_EQ(web->Post(base_ + "/consultations", Question(unit_a_)).status, 403);
  Reply a = org_->Post(base_ + "/consultations", Question(unit_a_));
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json["reply_workdays"], 1);  // Fri → Tue over 端午节 2024-06-10
  EXPECT_EQ(a.json["unit_code"], "unit-a");
  EXPECT_EQ(a.json["accurate"], nullptr);
  Reply b = adm->Post(base_ + "/consultations", Question(unit_b_, ""));
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(b.json["reply_workdays"], nullptr);
  const std::string a_url = "/api/consultations/" + std::to_string(a.json["id"].get<int64_t>());
  const std::string b_url = "/api/consultations/" + std::to_string(b.json["id"].get<int64_t>());

  // Bad input.
  json bad = Question(unit_a_);
  bad["asked_at"] = "上周五";
  EXPECT_EQ(org_->Post(base_ + "/consultations", bad).status, 400);
  bad = Question(unit_a_);
  bad["replied_at"] = "2024-06-01";
  EXPECT_EQ(org_->Post(base_ + "/consultations", bad).status, 400);
  bad = Question(unit_a_);
  bad.erase("question");
  EXPECT_EQ(org_->Post(base_ + "/consultations", bad).status, 400);
  EXPECT_EQ(org_->Post("/api/campaigns/999/consultations", Question(unit_a_)).status, 404);

  // Reading: webmasters and reviewers see their units' records only.
  Reply mine = web->Get(base_ + "/consultations");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.json["consultations"].size(), 1u);
  EXPECT_EQ(mine.json["consultations"][0]["unit_id"], unit_a_);
  EXPECT_EQ(web_b->Get(base_ + "/consultations").json["consultations"].size(), 1u);
  EXPECT_EQ(web_b->Get(a_url).status, 403);
  EXPECT_EQ(web->Get(a_url).status, 200);
  EXPECT_EQ(web->Get(base_ + "/consultations?unit_id=" + std::to_string(unit_b_)).status, 403);
  EXPECT_EQ(org_->Get(base_ + "/consultations").json["consultations"].size(), 2u);

  // Judging: reviewers of the unit (and organisers); never webmasters.
  json verdict = {{"accurate", true}, {"evasive", false}, {"note", "答复准确"}};
  EXPECT_EQ(web->Post(a_url + "/review", verdict).status, 403);
  EXPECT_EQ(rev->Post(b_url + "/review", verdict).status, 403);   // not their unit
  EXPECT_EQ(org_->Post(b_url + "/review", verdict).status, 400);  // unanswered
  Reply judged = rev->Post(a_url + "/review", verdict);
  ASSERT_EQ(judged.status, 200) << judged.body;
  EXPECT_EQ(judged.json["accurate"], true);
  EXPECT_EQ(judged.json["reviewed_by"], "reviewer");
  EXPECT_EQ(rev->Post(a_url + "/review", {{"accurate", "是"}}).status, 400);

  // Editing and deleting: organisers only; a changed answer clears the verdict.
  json edit = Question(unit_a_, "2024-06-12 09:00");
  EXPECT_EQ(rev->Put(a_url, edit).status, 403);
  Reply edited = org_->Put(a_url, edit);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json["reply_workdays"], 2);
  EXPECT_EQ(edited.json["accurate"], nullptr);
  EXPECT_EQ(web_b->Delete(b_url).status, 403);
  EXPECT_EQ(org_->Delete(b_url).status, 204);
  EXPECT_EQ(org_->Get(b_url).status, 404);

  // Every write is audited.
  Reply audit = adm->Get("/api/audit?entity=consultation");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  for (const json& e : audit.json["entries"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"consultation.delete", "consultation.update",
                                               "consultation.review", "consultation.create",
                                               "consultation.create"}));
}

TEST_P(ConsultationsApiTest, QueueCarriesProposalsAndAdoptSubmitsThem) {
  AddMeasure(unit_a_, campaign_, "survey.unanswered", "0", {"http://127.0.0.1:9/zjdc/"});
  auto rev = As("reviewer");
  Reply queue = rev->Get(base_ + "/queue?unit_id=" + std::to_string(unit_a_));
  ASSERT_EQ(queue.status, 200) << queue.body;
  json slot;
  for (const json& item : queue.json["items"])
    if (!item["proposal"].is_null()) slot = item;
  ASSERT_TRUE(slot.is_object()) << queue.body;
  EXPECT_EQ(slot["indicator_id"], "征集渠道功能");
  EXPECT_EQ(slot["proposal"]["value"], json({{"value", "met"}}));
  EXPECT_EQ(slot["proposal"]["evidence"], json({"http://127.0.0.1:9/zjdc/"}));
  const json key = {{"unit_id", slot["unit_id"]},
                    {"indicator_id", slot["indicator_id"]},
                    {"criterion", slot["criterion"]},
                    {"channel", slot["channel"]}};
  auto web = As("webmaster");
  EXPECT_EQ(web->Post(base_ + "/judgments/adopt", key).status, 403);
  Reply adopted = rev->Post(base_ + "/judgments/adopt", key);
  ASSERT_EQ(adopted.status, 200) << adopted.body;
  EXPECT_EQ(adopted.json["state"], "submitted");
  EXPECT_EQ(adopted.json["value"], json({{"value", "met"}}));
  EXPECT_EQ(adopted.json["reviewer"], "reviewer");
  EXPECT_EQ(rev->Post(base_ + "/judgments/adopt", key).status, 409);  // judged now
  json other = key;
  other["unit_id"] = unit_b_;
  EXPECT_EQ(rev->Post(base_ + "/judgments/adopt", other).status, 403);
  EXPECT_EQ(org_->Post(base_ + "/judgments/adopt", other).status, 409);  // no measure for b
}

TEST_P(ConsultationsApiTest, FileImportPreviewsThenStoresAllRowsOrNone) {
  const std::string csv =
      "unit,kind,channel,asked,question,replied,answer,accurate,evasive,reviewer,note\n"
      "unit-a,consult,在线咨询,2024-06-07 10:00,办理居住证需要哪些材料？,2024-06-11 09:00,"
      "需要身份证和居住证明。,是,否,王审,\n"
      "unit-b,依申请公开,依申请公开平台,2024-05-10,申请公开道路维修合同,,,,,,\n";
  const std::string url = base_ + "/consultations/import";
  const httplib::MultipartFormDataItems dry = {{"dry_run", "1", "", ""}};
  // Only organisers and admins; a preview writes nothing.
  EXPECT_EQ(As("reviewer")->Upload(url, "file", "c.csv", csv, "text/csv", dry).status, 403);
  Reply p = org_->Upload(url, "file", "c.csv", csv, "text/csv", dry);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["ok"], true);
  EXPECT_EQ(p.json["created"], 2);
  ASSERT_EQ(p.json["rows"].size(), 2u);
  EXPECT_EQ(p.json["rows"][0]["line"], 2);
  EXPECT_EQ(p.json["rows"][0]["action"], "create");
  EXPECT_EQ(p.json["rows"][0]["consultation"]["unit_name"], "甲市人民政府");
  EXPECT_EQ(p.json["rows"][0]["consultation"]["reply_workdays"], 1);
  EXPECT_EQ(p.json["rows"][0]["consultation"]["accurate"], true);
  EXPECT_EQ(p.json["rows"][1]["consultation"]["kind"], "disclosure");
  EXPECT_TRUE(org_->Get(base_ + "/consultations").json["consultations"].empty());

  Reply done = org_->Upload(url, "file", "c.csv", csv, "text/csv");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["created"], 2);
  ASSERT_EQ(done.json["consultations"].size(), 2u);
  EXPECT_EQ(done.json["consultations"][0]["review_note"], "评判人：王审");
  EXPECT_EQ(done.json["consultations"][0]["reviewed_by"], "organiser");
  EXPECT_EQ(org_->Get(base_ + "/consultations").json["consultations"].size(), 2u);
  Reply again = org_->Upload(url, "file", "c.csv", csv, "text/csv", dry);
  EXPECT_EQ(again.json["unchanged"], 2);
  EXPECT_EQ(again.json["rows"][1]["action"], "unchanged");
  EXPECT_EQ(again.json["rows"][1]["consultation"]["id"], done.json["consultations"][1]["id"]);

  // A bad row: 422 with every problem by row and column, nothing stored.
  const std::string bad = csv +
                          "unit-x,consult,,2024-06-07,问,,,,,,\n"
                          "unit-a,consult,,2024-06-12,问,2024-06-11,答,,,,\n";
  Reply refused = org_->Upload(url, "file", "c.csv", bad, "text/csv");
  ASSERT_EQ(refused.status, 422) << refused.body;
  const json& details = refused.json["error"]["details"];
  ASSERT_EQ(details.size(), 2u) << refused.body;
  EXPECT_EQ(details[0]["line"], 4);
  EXPECT_EQ(details[0]["column"], "unit");
  EXPECT_EQ(details[0]["message"], "评估对象“unit-x”不在本评估任务中");
  EXPECT_EQ(details[1]["where"], "第 5 行，replied 列：答复时间早于提问时间");
  Reply preview = org_->Upload(url, "file", "c.csv", bad, "text/csv", dry);
  EXPECT_EQ(preview.json["ok"], false);
  EXPECT_EQ(preview.json["rows"][2]["problems"].size(), 1u);
  EXPECT_EQ(org_->Get(base_ + "/consultations").json["consultations"].size(), 2u);

  // Uploads are checked like other imports.
  EXPECT_EQ(org_->Upload(url, "file", "c.txt", csv, "text/plain").status, 415);
  EXPECT_EQ(org_->Upload(url, "file", "c.xlsx", csv, "application/octet-stream").status, 415);
  EXPECT_EQ(org_->Post(url, json::object()).status, 400);
  // An archived campaign's records are fixed.
  store_->SetCampaignState(admin, campaign_, store::CampaignState::kArchived);
  EXPECT_EQ(org_->Upload(url, "file", "c.csv", csv, "text/csv").status, 409);
}

// A fill leaf (example.yaml 办理答复: consult.reply_workdays filled from the
// scanned interaction.reply_workdays) has a confirmation slot with the filled
// value; 采纳 submits `confirm` and the unit's score uses it.
TEST_P(ConsultationsApiTest, FillLeafConfirmSlotIsAdopted) {
  store::Unit dept;
  dept.code = "d1";
  dept.name = "示例部门";
  dept.kind = "部门";
  const store::Id d1 = store_->CreateUnit(admin, dept);
  const ApiCampaign c = CreateApiCampaign(*org_, "示例评估", "2020-11-30", {d1}, "example");
  ASSERT_NE(c.id, 0);
  const std::string& base = c.base;
  ASSERT_EQ(org_->Post(base + "/state", {{"state", "collecting"}}).status, 200);
  AddMeasure(d1, c.id, "interaction.reply_workdays", "2", {"http://127.0.0.1:9/d1/hdjl/"});

  auto confirm_slot = [&]() {
    Reply queue = org_->Get(base + "/queue");
    EXPECT_EQ(queue.status, 200) << queue.body;
    for (const json& item : queue.json["items"])
      if (item["input"] == "confirm") return item;
    return json();
  };
  json slot = confirm_slot();
  ASSERT_TRUE(slot.is_object());
  EXPECT_EQ(slot["indicator_id"], "办理答复");
  EXPECT_EQ(slot["proposal"]["value"], json({{"value", "confirm"}}));
  EXPECT_EQ(slot["proposal"]["fills"], json::parse(R"([{"measure": "consult.reply_workdays",
      "from": "interaction.reply_workdays", "value": "2"}])"));
  EXPECT_EQ(slot["proposal"]["evidence"], json({"http://127.0.0.1:9/d1/hdjl/"}));
  EXPECT_EQ(slot["proposal"]["leaf_points"], 4);
  // Not counted as pending work: publishing does not wait for it.
  int others = 0;
  const Reply queue = org_->Get(base + "/queue");
  for (const json& item : queue.json["items"]) others += item["input"] != "confirm";
  Reply progress = org_->Get(base + "/progress");
  ASSERT_EQ(progress.json["units"].size(), 1u) << progress.body;
  EXPECT_EQ(progress.json["units"][0]["judgments_pending"], others);
  // …and the queue's filters agree: it is on offer ("proposed"), not owed ("pending").
  EXPECT_EQ(org_->Get(base + "/queue?state=pending").json["items"].size(),
            static_cast<size_t>(others));
  const Reply proposed = org_->Get(base + "/queue?state=proposed");
  ASSERT_EQ(proposed.json["items"].size(), 1u) << proposed.body;
  EXPECT_EQ(proposed.json["items"][0]["input"], "confirm");

  const json key = {
      {"unit_id", d1}, {"indicator_id", "办理答复"}, {"criterion", ""}, {"channel", ""}};
  Reply adopted = org_->Post(base + "/judgments/adopt", key);
  ASSERT_EQ(adopted.status, 200) << adopted.body;
  EXPECT_EQ(adopted.json["value"], json({{"value", "confirm"}}));
  EXPECT_EQ(org_->Post(base + "/judgments/adopt", key).status, 409);
  slot = confirm_slot();
  EXPECT_EQ(slot["proposal"], nullptr);
  EXPECT_EQ(slot["judgment"]["state"], "submitted");
  Reply score = org_->Get(base + "/units/" + std::to_string(d1) + "/score");
  ASSERT_EQ(score.status, 200) << score.body;
  std::function<json(const json&)> find = [&](const json& nodes) -> json {
    for (const json& n : nodes) {
      if (n["id"] == "办理答复") return n;
      if (json f = find(n["children"]); !f.is_null()) return f;
    }
    return json();
  };
  const json leaf = find(score.json["indicators"]);
  EXPECT_EQ(leaf["status"], "scored") << leaf;
  EXPECT_EQ(leaf["points"], 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsultationsApiTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing

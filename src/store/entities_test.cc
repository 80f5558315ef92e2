// CRUD of units, frameworks, campaigns, scans, measures, events and score
// snapshots on both backends, each write with its audit row.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

using ::testing::ElementsAre;

class EntitiesTest : public StoreTest {};

TEST_P(EntitiesTest, UnitCreateFindUpdateDelete) {
  Unit parent;
  parent.code = "gx";
  parent.name = "广西壮族自治区";
  parent.kind = "省";
  Id pid = store_->CreateUnit(admin, parent);

  Unit u;
  u.code = "nn-001";
  u.name = "南宁市人民政府";
  u.kind = "市";
  u.region = "南宁市";
  u.parent_id = pid;
  u.websites = {"http://www.nanning.gov.cn/", "http://en.nanning.gov.cn/"};
  u.accounts = {{"政务微博", "南宁发布", "https://weibo.example/nn"}, {"政务微信", "南宁发布", ""}};
  Id id = store_->CreateUnit(admin, u);

  auto got = store_->FindUnit(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->code, "nn-001");
  EXPECT_EQ(got->name, "南宁市人民政府");
  EXPECT_EQ(got->region, "南宁市");
  EXPECT_EQ(got->parent_id, pid);
  EXPECT_THAT(got->websites,
              ElementsAre("http://www.nanning.gov.cn/", "http://en.nanning.gov.cn/"));
  ASSERT_EQ(got->accounts.size(), 2u);
  EXPECT_EQ(got->accounts[0], u.accounts[0]);
  EXPECT_EQ(store_->FindUnitByCode("nn-001")->id, id);

  got->name = "南宁市政府";
  got->websites = {"https://www.nanning.gov.cn/"};
  got->accounts.clear();
  store_->UpdateUnit(admin, *got);
  auto again = store_->FindUnit(id);
  EXPECT_EQ(again->name, "南宁市政府");
  EXPECT_THAT(again->websites, ElementsAre("https://www.nanning.gov.cn/"));
  EXPECT_TRUE(again->accounts.empty());

  // The parent cannot go while a child refers to it.
  EXPECT_THROW(store_->DeleteUnit(admin, pid), ConstraintError);
  store_->DeleteUnit(admin, id);
  EXPECT_FALSE(store_->FindUnit(id));
  store_->DeleteUnit(admin, pid);
  EXPECT_TRUE(store_->ListUnits().empty());

  // Each write left its audit row, newest first, with before/after.
  auto audit = store_->ListAudit("unit", id);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "unit.delete");
  EXPECT_EQ(audit[1].action, "unit.update");
  EXPECT_EQ(audit[2].action, "unit.create");
  EXPECT_EQ(audit[2].actor, "admin");
  auto update = nlohmann::json::parse(audit[1].summary);
  EXPECT_EQ(update["before"]["name"], "南宁市人民政府");
  EXPECT_EQ(update["after"]["name"], "南宁市政府");
  EXPECT_EQ(audit[0].at, now());
}

TEST_P(EntitiesTest, DuplicateUnitCodeIsAConflictAndWritesNothing) {
  MakeUnit("a");
  size_t audit_before = store_->ListAudit().size();
  EXPECT_THROW(MakeUnit("a"), ConstraintError);
  EXPECT_EQ(store_->ListUnits().size(), 1u);
  EXPECT_EQ(store_->ListAudit().size(), audit_before);  // rolled back with the write
}

TEST_P(EntitiesTest, BadInputIsRefusedWithWhere) {
  Unit u;
  u.code = "x";
  u.kind = "县";
  try {
    store_->CreateUnit(admin, u);
    FAIL() << "unit without name accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("unit x"));
  }
  Unit orphan;
  orphan.code = "o";
  orphan.name = "孤儿";
  orphan.kind = "县";
  orphan.parent_id = 4242;
  EXPECT_THROW(store_->CreateUnit(admin, orphan), ConstraintError);
}

TEST_P(EntitiesTest, HostileTextStaysData) {
  const std::string evil = "O'Brien\"; DROP TABLE units; -- ? $1 '); DELETE FROM audit_log; --";
  Unit u;
  u.code = evil;
  u.name = evil;
  u.kind = "县";
  u.websites = {"http://x/?a=1&b='2'"};
  u.accounts = {{evil, evil, evil}};
  Id id = store_->CreateUnit(admin, u);
  auto got = store_->FindUnitByCode(evil);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->name, evil);
  EXPECT_EQ(got->accounts.at(0).channel, evil);
  EXPECT_EQ(got->websites.at(0), "http://x/?a=1&b='2'");
  EXPECT_EQ(store_->ListUnits().size(), 1u);
  EXPECT_FALSE(store_->ListAudit().empty());
  // A lookup with an injection attempt finds nothing instead of everything.
  EXPECT_FALSE(store_->FindUnitByCode("' OR '1'='1"));
}

TEST_P(EntitiesTest, FrameworkVersionsAreHashedAndImmutable) {
  FrameworkVersion fv;
  fv.framework_id = "gx-2020-dept";
  fv.version = "2020";
  fv.title = "2020年全区政府网站绩效评估指标";
  fv.yaml_text = "schema: govscore.framework/1\nid: gx-2020-dept\n";
  Id id = store_->AddFrameworkVersion(admin, fv);
  auto got = store_->FindFrameworkVersion(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->yaml_text, fv.yaml_text);
  EXPECT_EQ(got->sha256.size(), 64u);
  EXPECT_EQ(store_->AddFrameworkVersion(admin, fv), id);  // same text: same row
  fv.yaml_text += "# changed\n";
  EXPECT_THROW(store_->AddFrameworkVersion(admin, fv), ConstraintError);
  auto list = store_->ListFrameworkVersions();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0].yaml_text.empty());
  EXPECT_EQ(store_->ListAudit("framework_version").size(), 1u);
}

TEST_P(EntitiesTest, CampaignLifecycle) {
  Id a = MakeUnit("a"), b = MakeUnit("b");
  Id cid = MakeCampaign({b, a});
  auto c = store_->FindCampaign(cid);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->as_of.ToString(), "2024-06-30");
  EXPECT_FALSE(c->period_from);
  EXPECT_THAT(c->unit_ids, ElementsAre(std::min(a, b), std::max(a, b)));
  EXPECT_EQ(c->state, CampaignState::kDraft);

  c->period_from = Date::Parse("2024-04-01");
  c->period_to = Date::Parse("2024-06-30");
  c->unit_ids = {a};
  store_->UpdateCampaign(admin, *c);
  store_->SetCampaignState(admin, cid, CampaignState::kCollecting);
  c = store_->FindCampaign(cid);
  EXPECT_EQ(c->period_from->ToString(), "2024-04-01");
  EXPECT_THAT(c->unit_ids, ElementsAre(a));
  EXPECT_EQ(c->state, CampaignState::kCollecting);
  EXPECT_EQ(store_->ListCampaigns().size(), 1u);

  auto audit = store_->ListAudit("campaign", cid);
  ASSERT_EQ(audit.size(), 3u);
  auto st = nlohmann::json::parse(audit[0].summary);
  EXPECT_EQ(st["before"]["state"], "draft");
  EXPECT_EQ(st["after"]["state"], "collecting");

  Campaign bad = *c;
  bad.period_from = Date::Parse("2024-07-01");
  EXPECT_THROW(store_->UpdateCampaign(admin, bad), Error);
}

TEST_P(EntitiesTest, ScanLifecycleAndMeasures) {
  Id unit = MakeUnit("a");
  Id scan = MakeScan(unit);
  EXPECT_EQ(store_->FindScan(scan)->state, ScanState::kQueued);
  Advance(1000);
  store_->StartScan(admin, scan);
  Advance(5000);
  const std::string doc = R"({"schema":"govscore.scan/1","summary":{"pages":3}})";
  store_->FinishScan(admin, scan, ScanState::kDone, R"({"pages":3})", doc, "");
  auto s = store_->FindScan(scan, true);
  EXPECT_EQ(s->state, ScanState::kDone);
  EXPECT_EQ(*s->finished_at - *s->started_at, 5000);
  EXPECT_EQ(s->document_json, doc);
  EXPECT_FALSE(store_->FindScan(scan)->document_json);
  EXPECT_EQ(store_->ListScans(unit).size(), 1u);
  EXPECT_THROW(store_->StartScan(admin, scan), Error);  // done scans do not restart
  EXPECT_THROW(store_->FinishScan(admin, scan, ScanState::kDone, "{bad", std::nullopt, ""), Error);

  Measure m;
  m.unit_id = unit;
  m.scan_id = scan;
  m.name = "column.政务动态.newest";
  m.value_json = R"("2024-06-28")";
  m.evidence = {"http://a.example.gov.cn/zwdt/"};
  Measure n = m;
  n.scan_id.reset();
  n.name = "import.policy_docs_since";
  n.value_json = "36";
  auto ids = store_->AddMeasures(admin, {m, n});
  ASSERT_EQ(ids.size(), 2u);
  auto all = store_->ListMeasures(unit);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "column.政务动态.newest");
  EXPECT_THAT(all[0].evidence, ElementsAre("http://a.example.gov.cn/zwdt/"));
  EXPECT_EQ(store_->ListMeasures(unit, scan).size(), 1u);
  Measure bad = m;
  bad.value_json = "not json";
  EXPECT_THROW(store_->AddMeasures(admin, {m, bad}), Error);
  EXPECT_EQ(store_->ListMeasures(unit).size(), 2u);  // nothing of the failed batch
  EXPECT_EQ(store_->ListAudit("scan", scan).size(), 3u);
  EXPECT_EQ(store_->ListAudit("measure").size(), 1u);
}

TEST_P(EntitiesTest, EventsAndScoreSnapshots) {
  Id unit = MakeUnit("a");
  Id cid = MakeCampaign({unit});
  Event e;
  e.campaign_id = cid;
  e.unit_id = unit;
  e.type = "表彰";
  e.level = "国务院相关部门";
  e.date = *Date::Parse("2024-05-01");
  e.points = 1.5;
  e.evidence = "http://example.gov.cn/bz.html";
  store_->AddEvent(admin, e);
  auto events = store_->ListEvents(unit);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "表彰");
  EXPECT_DOUBLE_EQ(*events[0].points, 1.5);
  EXPECT_EQ(events[0].date.ToString(), "2024-05-01");

  EXPECT_FALSE(store_->LatestScoreSnapshot(cid));
  store_->PublishScoreSnapshot(admin, cid, R"({"units":[{"id":"a","points":80}]})");
  Advance(60000);
  Id second = store_->PublishScoreSnapshot(admin, cid, R"({"units":[{"id":"a","points":82}]})");
  auto latest = store_->LatestScoreSnapshot(cid);
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->published_by, "admin");
  EXPECT_EQ(store_->ListScoreSnapshots(cid).size(), 2u);  // the first is kept
  EXPECT_EQ(store_->ListAudit("event").size(), 1u);
}

TEST_P(EntitiesTest, AuditLogIsAppendOnly) {
  MakeUnit("a");
  // Go under the store: even direct SQL cannot rewrite history.
  std::unique_ptr<Connection> raw = GetParam() == Backend::kSqlite
                                        ? OpenSqlite((dir_ / "store.db").string(), 1000)
                                        : OpenPostgres(url_);
  EXPECT_THROW(raw->Query("UPDATE audit_log SET actor = 'mallory'"), Error);
  EXPECT_THROW(raw->Query("DELETE FROM audit_log"), Error);
  EXPECT_EQ(store_->ListAudit().at(0).actor, "admin");
}

GOVSCORE_STORE_TEST_SUITE(EntitiesTest);

}  // namespace
}  // namespace govscore::store::testing

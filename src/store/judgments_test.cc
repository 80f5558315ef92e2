// Judgments keep every revision with its evidence; revisions cannot be changed.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class JudgmentsTest : public StoreTest {};

TEST_P(JudgmentsTest, RevisionHistoryIsAppendOnly) {
  Id unit = MakeUnit("a");
  Id cid = MakeCampaign({unit});
  const Actor r1{std::nullopt, "张三"}, r2{std::nullopt, "李四"};
  JudgmentKey key{cid, unit, "机构职能", "c1", ""};

  JudgmentEvidence shot;
  shot.kind = JudgmentEvidence::Kind::kFile;
  shot.file_name = "首页截图.png";
  shot.stored_name = "7f3a9c.png";
  shot.content_type = "image/png";
  shot.size_bytes = 20480;
  JudgmentEvidence link;
  link.url = "http://a.example.gov.cn/jgzn/";

  auto first =
      store_->SaveJudgment(r1, key, JudgmentState::kDraft, R"({"value":"unmet"})", "草稿", {link});
  Advance(1000);
  auto second = store_->SaveJudgment(r1, key, JudgmentState::kSubmitted, R"({"value":"met"})",
                                     "栏目在首页导航第二项", {link, shot});
  Advance(1000);
  auto third =
      store_->SaveJudgment(r2, key, JudgmentState::kChecked, R"({"value":"met"})", "复核通过", {});
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(second.revision, 2);
  EXPECT_EQ(third.revision, 3);
  EXPECT_EQ(first.judgment_id, third.judgment_id);

  auto j = store_->FindJudgment(key);
  ASSERT_TRUE(j);
  EXPECT_EQ(j->state, JudgmentState::kChecked);
  EXPECT_EQ(j->current.revision, 3);
  EXPECT_EQ(j->current.reviewer, "李四");

  auto revs = store_->JudgmentRevisions(j->id);
  ASSERT_EQ(revs.size(), 3u);
  EXPECT_EQ(revs[0].value_json, R"({"value":"unmet"})");
  EXPECT_EQ(revs[0].state, JudgmentState::kDraft);
  ASSERT_EQ(revs[1].evidence.size(), 2u);
  EXPECT_EQ(revs[1].evidence[1].kind, JudgmentEvidence::Kind::kFile);
  EXPECT_EQ(revs[1].evidence[1].file_name, "首页截图.png");
  EXPECT_EQ(revs[1].evidence[1].size_bytes, 20480);
  EXPECT_EQ(revs[1].reviewer, "张三");
  EXPECT_EQ(revs[2].created_at - revs[1].created_at, 1000);

  // Another criterion of the same indicator is another judgment.
  store_->SaveJudgment(r1, {cid, unit, "机构职能", "c2", ""}, JudgmentState::kSubmitted,
                       R"({"percent":60})", "", {});
  EXPECT_EQ(store_->ListJudgments(cid).size(), 2u);

  auto audit = store_->ListAudit("judgment", j->id);
  ASSERT_EQ(audit.size(), 3u);
  auto last = nlohmann::json::parse(audit[0].summary);
  EXPECT_EQ(last["before"]["revision"], 2);
  EXPECT_EQ(last["before"]["note"], "栏目在首页导航第二项");
  EXPECT_EQ(last["after"]["revision"], 3);

  std::unique_ptr<Connection> raw = GetParam() == Backend::kSqlite
                                        ? OpenSqlite((dir_ / "store.db").string(), 1000)
                                        : OpenPostgres(url_);
  EXPECT_THROW(raw->Query("UPDATE judgment_revisions SET value_json = '{}'"), Error);
  EXPECT_THROW(raw->Query("DELETE FROM judgment_revisions"), Error);
  EXPECT_EQ(store_->JudgmentRevisions(j->id).size(), 3u);
}

TEST_P(JudgmentsTest, BadJudgmentsAreRefused) {
  Id unit = MakeUnit("a");
  Id cid = MakeCampaign({unit});
  JudgmentKey key{cid, unit, "机构职能", "", ""};
  EXPECT_THROW(store_->SaveJudgment(admin, key, JudgmentState::kDraft, "met", "", {}), Error);
  JudgmentEvidence empty_file;
  empty_file.kind = JudgmentEvidence::Kind::kFile;
  EXPECT_THROW(store_->SaveJudgment(admin, key, JudgmentState::kDraft, R"({"value":"met"})", "",
                                    {empty_file}),
               Error);
  JudgmentKey unknown{cid + 100, unit, "机构职能", "", ""};
  EXPECT_THROW(
      store_->SaveJudgment(admin, unknown, JudgmentState::kDraft, R"({"value":"met"})", "", {}),
      ConstraintError);
  EXPECT_FALSE(store_->FindJudgment(key));
  EXPECT_TRUE(store_->ListJudgments(cid).empty());
}

GOVSCORE_STORE_TEST_SUITE(JudgmentsTest);

}  // namespace
}  // namespace govscore::store::testing

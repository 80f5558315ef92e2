// Quarterly results through the platform store (SQLite here; the store's own
// tests cover PostgreSQL) and back, verdicts and reasons unchanged.
#include "checklist/quarterly_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"

namespace govscore::checklist {
namespace {

QuarterlyResult R(const char* unit, const char* period, Verdict v, double score,
                  std::vector<std::string> reasons) {
  QuarterlyResult r;
  r.unit = unit;
  r.period = period;
  r.framework_id = "gb2019-website";
  r.as_of = "2024-06-30";
  r.verdict = v;
  r.score = score;
  r.reasons = std::move(reasons);
  return r;
}

TEST(QuarterlyStoreTest, RoundTripThroughSqlite) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("checklist_store_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::unique_ptr<store::Store> s = store::OpenStore("sqlite://" + (dir / "s.db").string());
    store::Actor actor{std::nullopt, "checklist-test"};
    store::Unit u;
    u.code = "d1";
    u.name = "自治区某厅";
    u.kind = "部门网站";
    u.websites = {"http://www.example.gov.cn/"};
    u.id = s->CreateUnit(actor, u);
    std::vector<QuarterlyResult> in = {
        R("d1", "2024Q1", Verdict::kPass, 92, {}),
        R("d1", "2024Q2", Verdict::kFail, 0, {"否决：栏目不更新（该项不得分，−100分）"}),
        R("d1", "2024Q3", Verdict::kPending, 55, {"扣分部分已得 55 分，另有 8 分待评"})};
    EXPECT_EQ(SaveQuarterlyResults(*s, actor, in).size(), 3u);
    // Saving a quarter again replaces it.
    SaveQuarterlyResults(*s, actor, {R("d1", "2024Q3", Verdict::kPass, 63, {})});
    std::vector<QuarterlyResult> out = LoadQuarterlyResults(*s, u);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].period, "2024Q1");
    EXPECT_EQ(out[0].verdict, Verdict::kPass);
    EXPECT_EQ(out[1].verdict, Verdict::kFail);
    EXPECT_EQ(out[1].reasons, in[1].reasons);
    EXPECT_EQ(out[2].verdict, Verdict::kPass);
    EXPECT_DOUBLE_EQ(out[2].score, 63);
    EXPECT_EQ(out[2].as_of, "2024-06-30");
    // The stored row says passed / not passed for other readers of the store.
    std::vector<store::QuarterlyResult> raw = s->ListQuarterlyResults(u.id);
    ASSERT_EQ(raw.size(), 3u);
    EXPECT_FALSE(raw[1].passed);
    EXPECT_EQ(nlohmann::json::parse(raw[1].reasons_json)[0], in[1].reasons[0]);
    // An unknown unit is an error naming it.
    try {
      SaveQuarterlyResults(*s, actor, {R("nobody", "2024Q1", Verdict::kPass, 90, {})});
      FAIL();
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("nobody"), std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(QuarterlyStoreTest, RowsWithoutAChecklistDocument) {
  store::QuarterlyResult s;
  s.quarter = "2024Q4";
  s.framework_id = "gb2019-newmedia";
  s.passed = false;
  s.reasons_json = R"(["否决：内容不更新"])";
  s.result_json = "{}";
  QuarterlyResult r = FromStoreResult(s, "m1");
  EXPECT_EQ(r.unit, "m1");
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"否决：内容不更新"});
  s.reasons_json = "not json";
  EXPECT_THROW(FromStoreResult(s, "m1"), Error);
}

}  // namespace
}  // namespace govscore::checklist

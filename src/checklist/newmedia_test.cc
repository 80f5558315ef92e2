#include "checklist/newmedia.h"

#include <gtest/gtest.h>

#include "checklist/checklist_measures.h"
#include "checklist/quarterly.h"
#include "core/error.h"
#include "framework/framework_loader.h"
#include "scoring/engine.h"

namespace govscore::checklist {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

TEST(NewMediaTest, ParsesCsvWithChineseHeader) {
  std::vector<Post> posts = ParsePostsCsv(
      "\xEF\xBB\xBF发布时间,标题,链接,是否原创,类型\n2024-06-01 10:00,甲,https://mp/1,是,图文\n"
      "2024/6/3,\"乙,丙\",https://mp/2,转载,视频\n",
      "posts.csv");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].date, D("2024-06-01"));
  EXPECT_EQ(posts[1].date, D("2024-06-03"));
  EXPECT_EQ(posts[1].title, "乙,丙");
  EXPECT_EQ(posts[0].original, true);
  EXPECT_EQ(posts[1].original, false);
}

// Exports keep line breaks inside quoted titles: one post, and an error after
// it still names the line the bad row starts on.
TEST(NewMediaTest, QuotedLineBreaksStayInOneRecord) {
  std::vector<Post> posts = ParsePostsCsv(
      "发布时间,标题\r\n2024-06-01 10:00,\"第一行\r\n第二行\"\r\n\r\n2024-06-02,乙\r\n", "p.csv");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].title, "第一行\r\n第二行");
  EXPECT_EQ(posts[1].date, D("2024-06-02"));
  try {
    ParsePostsCsv("time,title\n2024-06-01,\"a\nb\"\n2024-13-01,x\n", "bad.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:4"), std::string::npos) << e.what();
  }
}

TEST(NewMediaTest, ParsesJsonAndRejectsBadRows) {
  std::vector<Post> posts = ParsePostsJson(
      R"({"posts": [{"time": "2024-06-01T08:00:00+08:00", "title": "a", "original": true},
                    {"time": "2024-06-02", "original": "转载"}]})",
      "p.json");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].date, D("2024-06-01"));
  EXPECT_EQ(posts[1].original, false);
  try {
    ParsePostsCsv("time,title\n2024-13-01,x\n", "bad.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParsePostsCsv("title\nx\n", "h.csv"), Error);
  EXPECT_THROW(ParsePostsJson("[{\"title\": 1}]", "j.json"), Error);
  EXPECT_THROW(ParsePostsJson("{", "j.json"), Error);
}

std::vector<Post> On(std::initializer_list<const char*> days) {
  std::vector<Post> out;
  for (const char* d : days) {
    Post p;
    p.date = D(d);
    out.push_back(p);
  }
  return out;
}

TEST(NewMediaTest, RatesAndLongestGap) {
  // Window 2024-06-01..06-28 = 28 days = 4 weeks.
  PostStats s =
      ComputePostStats(On({"2024-06-01", "2024-06-01", "2024-06-08", "2024-06-20", "2024-07-02"}),
                       D("2024-06-01"), D("2024-06-28"));
  EXPECT_EQ(s.days, 28);
  EXPECT_EQ(s.posts, 4);
  EXPECT_DOUBLE_EQ(s.per_week, 1.0);
  EXPECT_EQ(s.longest_gap_days, 12);     // 06-08 → 06-20
  EXPECT_EQ(s.newest, D("2024-06-20"));  // 07-02 is after as_of
  PostStats none = ComputePostStats({}, D("2024-06-01"), D("2024-06-28"));
  EXPECT_EQ(none.longest_gap_days, 27);
  EXPECT_FALSE(none.newest);
}

const scoring::Measure& Row(const std::vector<scoring::Measure>& rows, const std::string& name) {
  for (const scoring::Measure& m : rows)
    if (m.name == name) return m;
  ADD_FAILURE() << "no row " << name;
  static scoring::Measure none;
  return none;
}

TEST(NewMediaTest, MeasureRows) {
  std::vector<scoring::Measure> rows =
      NewMediaMeasures("m1", On({"2024-06-16"}), D("2024-06-01"), D("2024-06-30"));
  ASSERT_EQ(rows.size(), 5u);  // no original_percent: the export does not say
  EXPECT_EQ(Row(rows, "newmedia.newest_post").value.date, D("2024-06-16"));
  EXPECT_NEAR(Row(rows, "newmedia.posts_per_day").value.number, 1.0 / 30, 1e-12);
  EXPECT_NEAR(Row(rows, "newmedia.posts_per_week").value.number, 7.0 / 30, 1e-12);
  EXPECT_EQ(Row(rows, "newmedia.longest_gap_days").value.number, 15);  // 06-01 → 06-16
  EXPECT_EQ(Row(rows, "newmedia.update_tier").value.text, "每月更新");
}

// Tiers at their edges.
TEST(NewMediaTest, UpdateTiers) {
  EXPECT_STREQ(UpdateTier(1), "每日更新");
  EXPECT_STREQ(UpdateTier(2), "每周更新");
  EXPECT_STREQ(UpdateTier(7), "每周更新");
  EXPECT_STREQ(UpdateTier(8), "每两周更新");
  EXPECT_STREQ(UpdateTier(14), "每两周更新");
  EXPECT_STREQ(UpdateTier(15), "每月更新");
  EXPECT_STREQ(UpdateTier(31), "每月更新");
  EXPECT_STREQ(UpdateTier(32), "长期未更新");
  // A post every day of a week, the window's ends included: 每日更新.
  std::vector<scoring::Measure> daily =
      NewMediaMeasures("m1",
                       On({"2024-06-24", "2024-06-25", "2024-06-26", "2024-06-27", "2024-06-28",
                           "2024-06-29", "2024-06-30"}),
                       D("2024-06-24"), D("2024-06-30"));
  EXPECT_EQ(Row(daily, "newmedia.update_tier").value.text, "每日更新");
  EXPECT_DOUBLE_EQ(Row(daily, "newmedia.posts_per_day").value.number, 1);
  EXPECT_DOUBLE_EQ(Row(daily, "newmedia.posts_per_week").value.number, 7);
}

// Originality over a reproducible random sample: the same seed draws the same
// posts (independent of the input order), another seed other posts; the share
// is over the sample only, and the evidence names the seed and the posts.
TEST(NewMediaTest, OriginalityOverAReproducibleSample) {
  std::vector<Post> posts;
  for (int i = 0; i < 40; ++i) {
    Post p;
    p.date = D("2024-06-01").AddDays(i % 30);
    p.time = p.date.ToString() + " 1" + std::to_string(i % 10) + ":00";
    p.url = "https://mp.example/p" + std::to_string(i);
    p.original = i % 4 != 0;  // 30 of 40 original
    posts.push_back(p);
  }
  Post undated_original;  // outside the window: never drawn
  undated_original.date = D("2024-05-01");
  undated_original.original = true;
  posts.push_back(undated_original);
  NewMediaSample sample{10, 42};
  auto a = SamplePosts(posts, D("2024-06-01"), D("2024-06-30"), 10, 42);
  std::vector<Post> reversed(posts.rbegin(), posts.rend());
  auto b = SamplePosts(reversed, D("2024-06-01"), D("2024-06-30"), 10, 42);
  ASSERT_EQ(a.size(), 10u);
  ASSERT_EQ(b.size(), 10u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i]->url, b[i]->url);
  auto c = SamplePosts(posts, D("2024-06-01"), D("2024-06-30"), 10, 43);
  bool differs = false;
  for (size_t i = 0; i < c.size(); ++i) differs |= c[i]->url != a[i]->url;
  EXPECT_TRUE(differs);
  int original = 0;
  for (const Post* p : a) {
    EXPECT_GE(p->date, D("2024-06-01"));
    original += *p->original;
  }
  std::vector<scoring::Measure> rows =
      NewMediaMeasures("m1", posts, D("2024-06-01"), D("2024-06-30"), sample);
  const scoring::Measure& share = Row(rows, "newmedia.original_percent");
  EXPECT_DOUBLE_EQ(share.value.number, 100.0 * original / 10);
  ASSERT_EQ(share.evidence.size(), 11u);
  EXPECT_NE(share.evidence[0].find("种子 42"), std::string::npos) << share.evidence[0];
  // More than there are: every post that says.
  EXPECT_EQ(SamplePosts(posts, D("2024-06-01"), D("2024-06-30"), 100, 1).size(), 40u);
  // Without a sample: over every post in the window that says (30 of 40).
  EXPECT_DOUBLE_EQ(Row(NewMediaMeasures("m1", posts, D("2024-06-01"), D("2024-06-30")),
                       "newmedia.original_percent")
                       .value.number,
                   75);
}

// The no-update veto N2 within the checklist's limit, scored with the shipped
// gb2019-newmedia: the newest post 14 days before as_of passes, 15 days fails.
TEST(NewMediaTest, NoUpdateVetoAtTwoWeeks) {
  const framework::Framework fw = framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) +
                                                                "/frameworks/gb2019-newmedia.yaml");
  auto score = [&](const char* newest) {
    scoring::CampaignInputs in;
    scoring::Unit u;
    u.id = "m1";
    u.name = "示例发布";
    u.kind = "政务新媒体";
    u.channels = {"政务微信"};
    in.units = {u};
    // Posts every 3 days up to `newest` (the gap rule stays quiet until then).
    std::vector<Post> posts;
    for (Date d = *Date::Parse(newest); d >= D("2024-06-01"); d = d.AddDays(-3)) {
      Post p;
      p.date = d;
      posts.push_back(p);
    }
    in.measures = NewMediaMeasures("m1", posts, D("2024-06-17"), D("2024-06-30"));
    auto add = [&](const char* name, scoring::MeasureValue v) {
      scoring::Measure m;
      m.unit = "m1";
      m.name = name;
      m.value = v;
      in.measures.push_back(m);
    };
    add("newmedia.interactive", scoring::MeasureValue::Bool(true));
    add("errors.serious", scoring::MeasureValue::List({}));
    add("errors.general", scoring::MeasureValue::List({}));
    for (const char* block : {"扣分指标", "信息发布", "互动回应", "功能与管理"}) {
      scoring::Judgment j;
      j.unit = "m1";
      j.indicator = block;
      j.value = "met";
      in.judgments.push_back(j);
    }
    scoring::ScoreOptions o;
    o.as_of = D("2024-06-30");
    return QuarterlyFromSheet(scoring::ScoreCampaign(fw, in, o), "2024Q2").at(0);
  };
  QuarterlyResult inside = score("2024-06-16");
  EXPECT_EQ(inside.verdict, Verdict::kPass) << (inside.reasons.empty() ? "" : inside.reasons[0]);
  QuarterlyResult outside = score("2024-06-15");
  EXPECT_EQ(outside.verdict, Verdict::kFail);
  ASSERT_FALSE(outside.reasons.empty());
  EXPECT_NE(outside.reasons[0].find("内容不更新"), std::string::npos) << outside.reasons[0];
}

}  // namespace
}  // namespace govscore::checklist

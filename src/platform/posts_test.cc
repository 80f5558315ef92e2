// New-media post lists imported into a campaign (platform/posts.h): the
// account's newmedia.* measures over the campaign's window, channel rows for a
// unit's account, a later import superseding the earlier one, and the checks.
#include "platform/posts.h"

#include <gtest/gtest.h>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

class PostsTest : public PlatformTest {
 protected:
  // A 政务新媒体 unit (one account) in a collecting gb2019-newmedia campaign
  // as of 2024-06-30 (window: the two weeks 06-17 … 06-30).
  void SetUp() override {
    PlatformTest::SetUp();
    if (HasFatalFailure()) return;
    store::Unit u;
    u.code = "wb";
    u.name = "某市发布（微博）";
    u.kind = "政务新媒体";
    u.accounts = {{"政务微博", "某市发布", ""}};
    unit_ = store_->CreateUnit(admin, u);
    CampaignSpec spec;
    spec.name = "2024年第二季度新媒体检查";
    spec.framework_version_id = RegisterShippedFramework(*store_, admin, "gb2019-newmedia");
    spec.unit_ids = {unit_};
    spec.as_of = *Date::Parse("2024-06-30");
    campaign_ = CreateCampaign(*store_, admin, spec);
    SetCampaignState(*store_, admin, campaign_, store::CampaignState::kCollecting);
  }

  // The campaign's measure rows of `name` as scoring reads them.
  std::vector<scoring::Measure> Rows(const std::string& name) {
    std::vector<scoring::Measure> out;
    for (const scoring::Measure& m : CampaignInputsFromStore(*store_, campaign_).measures)
      if (m.name == name) out.push_back(m);
    return out;
  }

  double ContentPoints() {
    const scoring::ScoreSheet sheet = ComputeScoreSheet(*store_, campaign_);
    const scoring::IndicatorScore* n = FindIndicator(sheet.units.at(0).indicators, "信息发布");
    EXPECT_NE(n, nullptr);
    return n ? n->points : -1;
  }

  store::Id unit_ = 0, campaign_ = 0;
};

// Two posts a day through the window, original.
std::string DailyCsv() {
  std::string csv = "发布时间,标题,链接,是否原创\n";
  for (int d = 10; d <= 29; ++d)
    for (int h : {9, 15})
      csv += "2024-06-" + std::to_string(d) + " " + std::to_string(h) + ":00,第" +
             std::to_string(d) + "日发布,http://weibo.example/" + std::to_string(d) + "/" +
             std::to_string(h) + ",是\n";
  return csv;
}

TEST_P(PostsTest, PostListBecomesTheAccountsMeasuresAndALaterImportWins) {
  PostsImport first = ImportPosts(*store_, admin, campaign_, unit_, "", "weibo.csv", DailyCsv());
  EXPECT_EQ(first.posts, 40u);
  EXPECT_EQ(first.in_window, 26u);  // 06-17 … 06-29
  EXPECT_EQ(first.from, "2024-06-17");
  EXPECT_EQ(first.as_of, "2024-06-30");
  ASSERT_EQ(Rows("newmedia.newest_post").size(), 1u);
  EXPECT_EQ(Rows("newmedia.newest_post")[0].value.date.ToString(), "2024-06-29");
  EXPECT_GE(Rows("newmedia.posts_per_week")[0].value.number, 7.0);
  const double updated = ContentPoints();

  // The account's newer export says it stopped on 1 June: that one counts now.
  PostsImport second = ImportPosts(*store_, admin, campaign_, unit_, "", "weibo.json",
                                   R"([{"time": "2024-06-01 10:00", "title": "停更前最后一条"}])");
  EXPECT_EQ(second.posts, 1u);
  EXPECT_EQ(second.in_window, 0u);
  ASSERT_EQ(Rows("newmedia.newest_post").size(), 1u);
  EXPECT_EQ(Rows("newmedia.newest_post")[0].value.date.ToString(), "2024-06-01");
  EXPECT_EQ(Rows("newmedia.posts_per_week")[0].value.number, 0.0);
  EXPECT_LT(ContentPoints(), updated);  // 更新不及时 and 断更 deducted
}

TEST_P(PostsTest, AnAccountOfAUnitGivesItsChannelRows) {
  store::Unit city;
  city.code = "city";
  city.name = "某市人民政府";
  city.kind = "政务新媒体";
  city.accounts = {{"政务微信", "某市发布", ""}};
  const store::Id id = store_->CreateUnit(admin, city);
  store::Campaign c = *store_->FindCampaign(campaign_);
  c.unit_ids.push_back(id);
  store_->UpdateCampaign(admin, c);
  ImportPosts(*store_, admin, campaign_, id, "政务微信", "wx.csv", DailyCsv());
  const std::vector<scoring::Measure> rows = Rows("channel.政务微信.posts_per_day");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, "政务微信");
  EXPECT_DOUBLE_EQ(rows[0].value.number, 26.0 / 14);
  EXPECT_EQ(Rows("channel.政务微信.original_percent").at(0).value.number, 100.0);

  EXPECT_THROW(ImportPosts(*store_, admin, campaign_, id, "政务抖音", "dy.csv", DailyCsv()),
               InvalidInput);  // no such account
}

TEST_P(PostsTest, BadFilesRolesAndStatesAreRefused) {
  try {
    ImportPosts(*store_, admin, campaign_, unit_, "", "bad.csv", "标题\n没有时间列\n");
    FAIL() << "a file without a time column was taken";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("time"), std::string::npos) << e.what();
    EXPECT_NE(e.where().find("bad.csv"), std::string::npos) << e.where();
  }
  EXPECT_THROW(ImportPosts(*store_, admin, campaign_, unit_, "", "bad.csv",
                           "发布时间,标题\n2024-13-45 10:00,日期不对\n"),
               InvalidInput);
  EXPECT_TRUE(Rows("newmedia.newest_post").empty());  // nothing stored by a bad file

  const store::Actor reviewer = NewUser("rev", store::Role::kReviewer, {unit_});
  EXPECT_THROW(ImportPosts(*store_, reviewer, campaign_, unit_, "", "w.csv", DailyCsv()),
               Forbidden);
  const store::Id other = CityUnit("other");
  EXPECT_THROW(ImportPosts(*store_, admin, campaign_, other, "", "w.csv", DailyCsv()), NotFound);
}

GOVSCORE_STORE_TEST_SUITE(PostsTest);

}  // namespace
}  // namespace govscore::platform::testing

#include "checks/soft404.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

const std::string kMissingText =
    "首页 政务公开 新闻动态 对不起，您访问的页面不存在或已被删除。请返回首页。 "
    "主办单位：示例市人民政府办公室";
const std::string kArticleText =
    "首页 政务公开 新闻动态 示例市召开全市安全生产工作会议，会议强调要压实责任，"
    "扎实做好各项工作，确保全市安全生产形势持续稳定。 主办单位：示例市人民政府办公室";

TEST(Soft404Test, ProbePathIsStableAndUnlikely) {
  EXPECT_EQ(Soft404Detector::ProbePath(7), Soft404Detector::ProbePath(7));
  EXPECT_NE(Soft404Detector::ProbePath(7), Soft404Detector::ProbePath(8));
  EXPECT_EQ(Soft404Detector::ProbePath(7).rfind("/govscore-missing-", 0), 0u);
}

TEST(Soft404Test, TextSignal) {
  Soft404Detector d;
  const auto page = FingerprintPage("示例", kMissingText, "http://x.cn/a", false);
  EXPECT_TRUE(d.IsSoft404("x.cn", page, true, false));
  EXPECT_FALSE(d.IsSoft404("x.cn", page, true, true));  // never the homepage
  EXPECT_FALSE(d.IsSoft404("x.cn", page, false, false));
}

TEST(Soft404Test, ComparesWithProbe) {
  Soft404Detector d;
  d.SetProbe("x.cn", FingerprintPage("提示信息", kMissingText, "http://x.cn/probe", false));
  d.SetProbe("good.cn", std::nullopt);
  EXPECT_TRUE(d.HasProbe("x.cn"));
  EXPECT_FALSE(d.HasProbe("y.cn"));
  const auto same = FingerprintPage("提示信息", kMissingText, "http://x.cn/gone.html", false);
  const auto article = FingerprintPage("示例市召开会议", kArticleText, "http://x.cn/a.html", false);
  const auto same_title_other_text =
      FingerprintPage("提示信息", kArticleText + kArticleText, "http://x.cn/b.html", false);
  EXPECT_TRUE(d.IsSoft404("x.cn", same, false, false));
  EXPECT_FALSE(d.IsSoft404("x.cn", article, false, false));
  EXPECT_FALSE(d.IsSoft404("x.cn", same_title_other_text, false, false));
  EXPECT_FALSE(d.IsSoft404("good.cn", same, false, false));
  EXPECT_FALSE(d.IsSoft404("unknown.cn", same, false, false));
}

TEST(Soft404Test, RedirectToHome) {
  Soft404Detector d;
  d.SetProbe("x.cn", FingerprintPage("首页", kArticleText, "http://x.cn/index.html", true));
  EXPECT_TRUE(d.IsSoft404(
      "x.cn", FingerprintPage("首页", kArticleText, "http://x.cn/index.html", true), false, false));
  EXPECT_FALSE(d.IsSoft404("x.cn",
                           FingerprintPage("首页", kArticleText, "http://x.cn/index.html", false),
                           false, false));
  EXPECT_FALSE(d.IsSoft404(
      "x.cn", FingerprintPage("新", kArticleText, "http://x.cn/new.html", true), false, false));
}

TEST(Soft404Test, SimhashNearForNearTexts) {
  const auto a = FingerprintPage("", kArticleText, "", false);
  const auto b = FingerprintPage("", kArticleText + "。", "", false);
  const auto c = FingerprintPage("", kMissingText, "", false);
  EXPECT_LE(SimhashDistance(a.simhash, b.simhash), 8);
  EXPECT_GT(SimhashDistance(a.simhash, c.simhash), 8);
}

}  // namespace
}  // namespace govscore

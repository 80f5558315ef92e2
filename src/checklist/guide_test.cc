#include "checklist/guide.h"

#include <gtest/gtest.h>

namespace govscore::checklist {
namespace {

const char* kComplete =
    "事项名称：建筑工程施工许可证核发 设定依据：《中华人民共和国建筑法》第七条 "
    "申请条件：已经办理用地批准手续 办理材料：1.建筑工程施工许可申请表原件1份；"
    "2.营业执照复印件1份；3.施工合同扫描件 办理地点：市政务服务中心二楼 "
    "办理时间：工作日上午9:00-12:00 联系电话：0771-1234567 办理流程：申请、受理、审核、决定";

TEST(GuideTest, CompleteGuideHasAllEightClasses) {
  GuideCheck g = CheckGuide("建筑工程施工许可证核发办事指南", kComplete);
  EXPECT_TRUE(g.is_guide);
  EXPECT_EQ(g.present.size(), 8u);
  EXPECT_TRUE(g.missing.empty());
  EXPECT_TRUE(g.vague.empty());
  EXPECT_EQ(g.material_items, 3);
  EXPECT_TRUE(g.unspecified.empty());
}

TEST(GuideTest, MissingClassesVagueWordingAndUnspecifiedMaterials) {
  const char* text =
      "事项名称：最低生活保障 申请条件：家庭人均收入低于当地标准 "
      "申请材料：1、户口簿复印件；2、收入证明；3、其他相关材料 "
      "咨询电话：12345 办理地点：街道便民服务中心";
  GuideCheck g = CheckGuide("最低生活保障服务指南", text);
  EXPECT_TRUE(g.is_guide);
  EXPECT_EQ(g.missing, (std::vector<std::string>{"设定依据", "办理时间", "办理流程"}));
  EXPECT_EQ(g.vague, std::vector<std::string>{"其他相关材料"});
  EXPECT_EQ(g.material_items, 3);
  ASSERT_EQ(g.unspecified.size(), 2u);
  EXPECT_EQ(g.unspecified[0], "收入证明");
  EXPECT_EQ(g.unspecified[1], "其他相关材料");
}

TEST(GuideTest, FurtherElementsAreLookedForInGuidesOnly) {
  EXPECT_EQ(CheckGuide("建筑工程施工许可证核发办事指南", kComplete).further_missing,
            GuideFurtherElements());
  std::string text = std::string(kComplete) +
                     " 办件类型：承诺件 事项编码：11450100MB1234567X4000117001 "
                     "法定办结时限：20个工作日 承诺时限：5个工作日 到办事现场次数：0次";
  GuideCheck g = CheckGuide("建筑工程施工许可证核发办事指南", text);
  EXPECT_EQ(g.further_missing, (std::vector<std::string>{"中介服务", "材料来源"}));
  EXPECT_EQ(g.missing, std::vector<std::string>{});  // the eight classes are unchanged
  EXPECT_TRUE(CheckGuide("新闻", "办件类型：承诺件").further_missing.empty());
}

TEST(GuideTest, LabelsInsideProseDoNotCount) {
  // "依据" in running text, "办理时间" followed by prose: not labels.
  GuideCheck g = CheckGuide("新闻", "本单位依据相关规定办理时间较长的事项将另行通知。");
  EXPECT_FALSE(g.is_guide);
}

TEST(GuideTest, FourClassesWithoutTitleMakeAGuide) {
  GuideCheck three = CheckGuide("某事项", "事项名称：甲 设定依据：乙 申请条件：丙");
  EXPECT_FALSE(three.is_guide);
  GuideCheck four = CheckGuide("某事项", "事项名称：甲 设定依据：乙 申请条件：丙 联系电话：123");
  EXPECT_TRUE(four.is_guide);
  EXPECT_EQ(four.missing.size(), 4u);
}

}  // namespace
}  // namespace govscore::checklist

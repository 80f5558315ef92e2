// The shipped checklist frameworks: they load, check without warnings, and
// every parameter (a value the national text does not confirm) says why.
#include <gtest/gtest.h>

#include "framework/diagnostics.h"
#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"

namespace govscore::checklist {
namespace {

class ChecklistFrameworkTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ChecklistFrameworkTest, ChecksCleanAndExplainsEveryParameter) {
  const std::string path = std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/" + GetParam() + ".yaml";
  framework::Framework fw = framework::LoadValidFramework(path);
  framework::Diagnostics diags;
  framework::CheckFramework(fw, diags);
  EXPECT_EQ(diags.error_count(), 0) << diags.ToString();
  EXPECT_EQ(diags.warning_count(), 0) << diags.ToString();
  ASSERT_FALSE(fw.params.empty());
  for (const auto& [name, p] : fw.params) {
    EXPECT_FALSE(p.note.empty()) << name;
    EXPECT_FALSE(p.assumption.empty()) << name;
  }
  nlohmann::json j = framework::FrameworkToJson(fw, "");
  ASSERT_TRUE(j.contains("params"));
  EXPECT_EQ(j["params"].size(), fw.params.size());
  std::string text = framework::FrameworkToText(fw, "");
  EXPECT_NE(text.find("参数 "), std::string::npos);
  EXPECT_NE(text.find("假设："), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Shipped, ChecklistFrameworkTest,
                         ::testing::Values("gb2019-website", "gb2019-newmedia"));

// The deduction part's blocks add up to 100 with the default parameters, and
// 办事服务 is the derived 25 (REFERENCE §1.2-4).
TEST(ChecklistFrameworkTest, DeductionBlocksSumToHundred) {
  framework::Framework fw = framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) +
                                                          "/frameworks/gb2019-website.yaml");
  ASSERT_EQ(fw.indicators.size(), 2u);
  const framework::Indicator& part = fw.indicators[0];
  EXPECT_EQ(part.id, "扣分指标");
  double sum = 0;
  for (const framework::Indicator& block : part.children) {
    sum += *block.weight;
    if (block.id == "办事服务") {
      EXPECT_EQ(*block.weight, 25);
    }
  }
  EXPECT_EQ(sum, 100);
  EXPECT_EQ(part.vetoes.size(), 15u);  // V1 (6), V2, V3, V4 (3), V5 (2), V6 (2)
}

}  // namespace
}  // namespace govscore::checklist

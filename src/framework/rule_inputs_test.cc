#include "framework/rule_inputs.h"

#include <gtest/gtest.h>

#include "framework/framework_catalog.h"
#include "framework/framework_check.h"
#include "framework/framework_loader.h"

namespace govscore::framework {
namespace {

Framework Parse(const std::string& indicators) {
  Diagnostics diags;
  Framework fw = ParseFramework(
      "schema: govscore.framework/1\nid: t\ntitle: 测试\nobject_kinds: [部门]\n"
      "measures:\n  - {name: import.docs, type: number}\nindicators:\n" +
          indicators,
      "t.yaml", diags);
  if (!diags.has_errors()) CheckFramework(fw, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString();
  return fw;
}

const char* kLeaf =
    "  - id: 政策文件\n    name: 政策文件\n    weight: 2\n"
    "    veto: [{id: v1, text: 栏目空白, when: {measure: column.政策文件.empty, op: \"==\", "
    "value: true}}, {id: v2, text: 弄虚作假}]\n"
    "    rule:\n      type: criteria\n      items:\n"
    "        - {id: c1, text: 栏目设置在显著易找位置。, percent: 20}\n"
    "        - id: c2\n          text: 2020年1月1日以来发文数量\n          percent: 60\n"
    "          rule: {type: tiers, measure: column.政策文件.items_since, bands: [{min: 1, "
    "percent: 100}], else: 0}\n"
    "        - {id: c3, percent: 20, check: {measure: import.docs, op: \">=\", value: 3}}\n"
    "    deduct: [{id: d1, text: 每发现一个错误扣0.5分, points: 0.5}, {id: d2, per: {events: "
    "{type: 通报}}, points: 1}]\n";

TEST(RuleInputsTest, ListsMeasuresJudgedItemsAndEvents) {
  Framework fw = Parse(kLeaf);
  IndicatorInputs in = InputsOf(fw.indicators[0]);
  std::vector<std::string> ids;
  for (const InputItem& item : in.items) ids.push_back(item.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"c1", "c2", "c3", "v1", "v2", "d1", "d2"}));
  EXPECT_TRUE(in.items[0].judged);
  EXPECT_EQ(in.items[0].text, "栏目设置在显著易找位置。");
  EXPECT_FALSE(in.items[1].judged);
  EXPECT_EQ(in.items[1].nested_rule, "tiers");
  EXPECT_EQ(in.items[1].measures, std::vector<std::string>{"column.政策文件.items_since"});
  EXPECT_FALSE(in.items[3].judged);  // veto with `when`: measured
  EXPECT_TRUE(in.items[4].judged);   // veto without `when`: a reviewer says yes/no
  EXPECT_TRUE(in.items[5].judged);   // deduction item without source: judged count
  EXPECT_EQ(in.items[6].events, std::vector<std::string>{"通报"});
  EXPECT_EQ(in.measures(), (std::vector<std::string>{"column.政策文件.items_since", "import.docs",
                                                     "column.政策文件.empty"}));
  EXPECT_EQ(InputsSummary(in),
            "c1 20% 人工; c2 60% tiers(column.政策文件.items_since); c3 20% import.docs; v1 "
            "column.政策文件.empty; v2 人工; d1 人工; d2 事件:通报");
}

TEST(RuleInputsTest, ShowJsonAndTextListWhatEachLeafReads) {
  Framework fw =
      Parse(kLeaf + std::string("  - id: 服务\n    name: 服务\n    weight: 1\n    rule: "
                                "{type: channels, class: B, over: [网站, 政务App], rule: "
                                "{type: pass_fail}}\n"));
  nlohmann::json j = FrameworkToJson(fw, "");
  const nlohmann::json& inputs = j["indicators"][0]["inputs"];
  EXPECT_EQ(inputs["measures"].size(), 3u);
  EXPECT_EQ(inputs["items"][0]["id"], "c1");
  EXPECT_EQ(inputs["items"][0]["judged"], true);
  EXPECT_EQ(inputs["items"][0]["percent"], 20);
  EXPECT_EQ(inputs["events"], nlohmann::json::array({"通报"}));
  const nlohmann::json& channels = j["indicators"][1]["inputs"];
  EXPECT_EQ(channels["channels"], nlohmann::json::array({"网站", "政务App"}));
  EXPECT_EQ(channels["items"][0]["id"], "");  // the indicator itself, judged per channel
  EXPECT_EQ(channels["items"][0]["judged"], true);
  std::string text = FrameworkToText(fw, "");
  EXPECT_NE(text.find("规则 criteria [c1 20% 人工; c2 60% tiers(column.政策文件.items_since)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("规则 channels [B类 网站/政务App: 人工]"), std::string::npos) << text;
}

}  // namespace
}  // namespace govscore::framework

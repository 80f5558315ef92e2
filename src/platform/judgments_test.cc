// The reviewer queue, drafts, submissions, second review, 不适用, evidence files.
#include <gmock/gmock.h>

#include <fstream>

#include "platform/platform_test_support.h"

namespace govscore::platform::testing {
namespace {

using ::testing::HasSubstr;

class JudgmentsTest : public PlatformTest {
 protected:
  // A collecting gx2020-city campaign over two units.
  store::Id Collecting(bool second_review = false) {
    a_ = CityUnit("a");
    b_ = CityUnit("b");
    store::Id c = CityCampaign({a_, b_}, second_review);
    SetCampaignState(*store_, admin, c, store::CampaignState::kCollecting);
    return c;
  }
  const ReviewItem& First(const std::vector<ReviewItem>& queue, const std::string& input) {
    for (const ReviewItem& item : queue)
      if (item.input == input) return item;
    ADD_FAILURE() << "no " << input << " slot";
    return queue.front();
  }
  store::Id a_ = 0, b_ = 0;
  const store::Actor zhang{std::nullopt, "张三"};
  const store::Actor li{std::nullopt, "李四"};
};

TEST_P(JudgmentsTest, QueueListsEveryJudgedItemWithItsTexts) {
  store::Id c = Collecting();
  auto queue = ReviewQueue(*store_, c);
  auto only_a = ReviewQueue(*store_, c, a_);
  ASSERT_FALSE(only_a.empty());
  EXPECT_EQ(queue.size(), 2 * only_a.size());
  for (const ReviewItem& item : only_a) {
    EXPECT_EQ(item.key.unit_id, a_);
    EXPECT_EQ(item.unit_code, "a");
    EXPECT_FALSE(item.indicator_name.empty());
    EXPECT_FALSE(item.path.empty()) << item.key.indicator_id;  // leaves sit under groups
    EXPECT_THAT((std::vector<std::string>{"met", "points", "count", "yes_no"}),
                ::testing::Contains(item.input));
    EXPECT_GT(item.weight, 0);
    EXPECT_FALSE(item.judgment);
  }
  // Indicators of gx2020-city judged by reviewers carry their 指标说明.
  EXPECT_TRUE(std::any_of(only_a.begin(), only_a.end(),
                          [](const ReviewItem& i) { return !i.description.empty(); }));
  EXPECT_THROW(ReviewQueue(*store_, c, 999), NotFound);
}

TEST_P(JudgmentsTest, DraftThenSubmitKeepsEveryRevision) {
  store::Id c = Collecting();
  const ReviewItem item = First(ReviewQueue(*store_, c, a_), "met");
  auto r1 = SaveJudgmentDraft(*store_, zhang, item.key, R"({"value":"unmet"})", "初看",
                              {UrlEvidence("http://127.0.0.1/a/")});
  EXPECT_EQ(r1.revision, 1);
  EXPECT_EQ(r1.state, store::JudgmentState::kDraft);
  auto r2 = SubmitJudgment(*store_, zhang, item.key, R"({"percent":60})", "部分满足", {});
  EXPECT_EQ(r2.revision, 2);
  auto history = JudgmentHistory(*store_, item.key);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].value_json, R"({"value":"unmet"})");
  ASSERT_EQ(history[0].evidence.size(), 1u);
  EXPECT_EQ(history[1].state, store::JudgmentState::kSubmitted);

  // Open-only queue drops the submitted slot; a draft would stay.
  auto open = ReviewQueue(*store_, c, a_, true);
  EXPECT_EQ(open.size(), ReviewQueue(*store_, c, a_).size() - 1);
  // It reaches scoring as the engine's judgment.
  auto inputs = CampaignInputsFromStore(*store_, c);
  ASSERT_EQ(inputs.judgments.size(), 1u);
  EXPECT_EQ(inputs.judgments[0].unit, "a");
  EXPECT_EQ(inputs.judgments[0].percent, 60);
  EXPECT_EQ(inputs.judgments[0].reviewer, "张三");
}

TEST_P(JudgmentsTest, BadValuesKeysEvidenceAndStatesAreRefused) {
  store::Id c = Collecting();
  const ReviewItem item = First(ReviewQueue(*store_, c, a_), "met");
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, R"({"value":"maybe"})", "", {}),
               InvalidInput);
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, R"({"percent":101})", "", {}),
               InvalidInput);
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, "not json", "", {}), InvalidInput);
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, R"({"na":true})", "", {}),
               InvalidInput);  // gx2020-city allows no 不适用 here
  store::JudgmentKey unknown = item.key;
  unknown.criterion = "no-such-item";
  EXPECT_THROW(SubmitJudgment(*store_, zhang, unknown, R"({"value":"met"})", "", {}), NotFound);
  store::JudgmentKey other_unit = item.key;
  other_unit.unit_id = MakeUnit("x");
  EXPECT_THROW(SubmitJudgment(*store_, zhang, other_unit, R"({"value":"met"})", "", {}), NotFound);
  store::JudgmentEvidence js;
  js.kind = store::JudgmentEvidence::Kind::kUrl;
  js.url = "javascript:alert(1)";
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, R"({"value":"met"})", "", {js}),
               InvalidInput);
  store::JudgmentEvidence forged;
  forged.kind = store::JudgmentEvidence::Kind::kFile;
  forged.stored_name = "../../etc/passwd";
  EXPECT_THROW(SubmitJudgment(*store_, zhang, item.key, R"({"value":"met"})", "", {forged}),
               InvalidInput);
  EXPECT_FALSE(store_->FindJudgment(item.key));  // nothing was stored

  // Once published (here: forced through the store), judgments are closed.
  store_->SetCampaignState(admin, c, store::CampaignState::kPublished);
  try {
    SubmitJudgment(*store_, zhang, item.key, R"({"value":"met"})", "", {});
    FAIL();
  } catch (const Conflict& e) {
    EXPECT_THAT(e.what(), HasSubstr("已发布"));
  }
}

TEST_P(JudgmentsTest, SecondReviewNeedsAnotherReviewer) {
  store::Id c = Collecting(/*second_review=*/true);
  const ReviewItem item = First(ReviewQueue(*store_, c, a_), "met");
  EXPECT_THROW(CheckJudgment(*store_, li, item.key, true, ""), NotFound);
  SubmitJudgment(*store_, zhang, item.key, R"({"value":"met"})", "",
                 {UrlEvidence("http://127.0.0.1/x")});
  // Submitted but unchecked: not yet an input.
  EXPECT_TRUE(CampaignInputsFromStore(*store_, c).judgments.empty());
  EXPECT_THROW(CheckJudgment(*store_, zhang, item.key, true, ""), Conflict);     // own judgment
  EXPECT_THROW(CheckJudgment(*store_, li, item.key, false, " "), InvalidInput);  // why?
  auto returned = CheckJudgment(*store_, li, item.key, false, "证据不足");
  EXPECT_EQ(returned.state, store::JudgmentState::kDraft);
  EXPECT_THROW(CheckJudgment(*store_, li, item.key, true, ""), Conflict);  // not submitted
  SubmitJudgment(*store_, zhang, item.key, R"({"value":"met"})", "补充证据", {});
  auto checked = CheckJudgment(*store_, li, item.key, true, "同意");
  EXPECT_EQ(checked.state, store::JudgmentState::kChecked);
  EXPECT_EQ(checked.value_json, R"({"value":"met"})");
  EXPECT_EQ(checked.reviewer, "李四");
  EXPECT_EQ(JudgmentHistory(*store_, item.key).size(), 4u);
  ASSERT_EQ(CampaignInputsFromStore(*store_, c).judgments.size(), 1u);

  // Without second review there is nothing to check.
  store::Id plain = CityCampaign({a_});
  SetCampaignState(*store_, admin, plain, store::CampaignState::kCollecting);
  store::JudgmentKey k = item.key;
  k.campaign_id = plain;
  SubmitJudgment(*store_, zhang, k, R"({"value":"met"})", "", {});
  EXPECT_THROW(CheckJudgment(*store_, li, k, true, ""), Conflict);
}

TEST_P(JudgmentsTest, NotApplicableBecomesADeclaration) {
  store::Unit dept;
  dept.code = "jt";
  dept.name = "交通运输厅";
  dept.kind = "部门";
  store::Id unit = store_->CreateUnit(admin, dept);
  std::ifstream in(GOVSCORE_SOURCE_DIR "/frameworks/example.yaml");
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CampaignSpec spec;
  spec.name = "示例";
  spec.framework_version_id =
      RegisterFramework(*store_, admin, yaml, "example.yaml").framework_version_id;
  spec.unit_ids = {unit};
  spec.as_of = *Date::Parse("2020-12-31");
  store::Id c = CreateCampaign(*store_, admin, spec);
  SetCampaignState(*store_, admin, c, store::CampaignState::kCollecting);
  store::JudgmentKey key{c, unit, "重大建设项目", "", ""};
  SubmitJudgment(*store_, zhang, key, R"({"na":true})", "本部门无重大建设项目", {});
  auto inputs = CampaignInputsFromStore(*store_, c);
  ASSERT_EQ(inputs.na.size(), 1u);
  EXPECT_EQ(inputs.na[0].indicator, "重大建设项目");
  EXPECT_EQ(inputs.na[0].reason, "本部门无重大建设项目");
  // The engine applies it.
  auto sheet = ComputeScoreSheet(*store_, c);
  const scoring::IndicatorScore* na = FindIndicator(sheet.units.at(0).indicators, "重大建设项目");
  ASSERT_TRUE(na);
  EXPECT_EQ(na->status, scoring::ScoreStatus::kNotApplicable);
}

TEST_P(JudgmentsTest, EvidenceFilesAreTypedByTheirBytesAndStoredUnderGeneratedNames) {
  EvidenceStore evidence(Scratch() / "evidence", 1024);
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x');
  store::JudgmentEvidence e = evidence.Save(png, "../../截图.png");
  EXPECT_EQ(e.content_type, "image/png");
  EXPECT_EQ(e.file_name, "截图.png");  // only the base name, as metadata
  EXPECT_THAT(e.stored_name, ::testing::MatchesRegex("[0-9a-f]{32}\\.png"));
  EXPECT_EQ(e.size_bytes, static_cast<int64_t>(png.size()));
  EXPECT_EQ(evidence.Read(e.stored_name), png);
  EXPECT_EQ(evidence.PathOf(e.stored_name).parent_path(), Scratch() / "evidence");
  EXPECT_NE(evidence.Save(png, "a.png").stored_name, e.stored_name);

  EXPECT_EQ(evidence.Save("%PDF-1.4\n...", "a.bin").content_type, "application/pdf");
  EXPECT_THROW(evidence.Save("MZ\x90\x00 program", "photo.png"), InvalidInput);  // name lies
  EXPECT_THROW(evidence.Save("<html><script>", "a.html"), InvalidInput);
  EXPECT_THROW(evidence.Save(std::string("PK\x03\x04", 4) + "other.txt", "a.zip"), InvalidInput);
  EXPECT_THROW(evidence.Save("", "a.png"), InvalidInput);
  EXPECT_THROW(
      evidence.Save(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(2000, 'x'), "big.png"),
      InvalidInput);
  for (const char* bad :
       {"../store.db", "/etc/passwd", "x.png", "", "0123456789abcdef0123456789abcdef.png/../../a"})
    EXPECT_THROW(evidence.Read(bad), InvalidInput) << bad;
  EXPECT_THROW(evidence.Read("0123456789abcdef0123456789abcdef.png"), NotFound);
  EXPECT_THROW(UrlEvidence("file:///etc/passwd"), InvalidInput);
  EXPECT_EQ(UrlEvidence("https://www.gov.cn/").url, "https://www.gov.cn/");
}

GOVSCORE_STORE_TEST_SUITE(JudgmentsTest);

}  // namespace
}  // namespace govscore::platform::testing

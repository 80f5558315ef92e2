#include "checklist/dictionary.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"

namespace govscore::checklist {
namespace {

Dictionary Sample() {
  return Dictionary::ParseYaml(R"(schema: govscore.dictionary/1
entries:
  - {word: 习近平总书纪, level: serious, category: 领导人职务, correct: 习近平总书记}
  - {word: 国务院总里, category: 职务名称, correct: 国务院总理}
  - {word: 中华民国, level: serious, category: 禁用词, except: [中华民国时期]}
  - {word: 其它材料, level: general, category: 用语不规范, correct: 其他材料}
)",
                               "test.yaml");
}

TEST(DictionaryTest, ParsesLevelsCategoriesAndExceptions) {
  Dictionary d = Sample();
  ASSERT_EQ(d.entries.size(), 4u);
  EXPECT_TRUE(d.entries[0].serious);
  EXPECT_TRUE(d.entries[1].serious);  // default
  EXPECT_FALSE(d.entries[3].serious);
  EXPECT_EQ(d.entries[0].correct, "习近平总书记");
  EXPECT_EQ(d.entries[2].except, std::vector<std::string>{"中华民国时期"});
}

TEST(DictionaryTest, BadFilesNameWhereAndWhat) {
  EXPECT_THROW(Dictionary::ParseYaml("schema: other\nentries: []\n", "x.yaml"), Error);
  try {
    Dictionary::ParseYaml("schema: govscore.dictionary/1\nentries:\n  - {word: 错, level: huge}\n",
                          "x.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown level"), std::string::npos);
  }
  EXPECT_THROW(
      Dictionary::ParseYaml(
          "schema: govscore.dictionary/1\nentries:\n  - {word: 甲, except: [乙丙]}\n", "x"),
      Error);
  EXPECT_THROW(
      Dictionary::ParseYaml("schema: govscore.dictionary/1\nentries:\n  - {wrd: 甲}\n", "x"),
      Error);
  EXPECT_THROW(Dictionary::ParseCsv("word,level\n,serious\n", "x.csv"), Error);
}

TEST(DictionaryTest, CsvForm) {
  Dictionary d = Dictionary::ParseCsv(
      "word,level,category,correct,note\n习近平总书纪,严重错误,领导人职务,习近平总书记,\n"
      "\"其它材料\",一般,用语,其他材料,\"含,逗号\"\n",
      "d.csv");
  ASSERT_EQ(d.entries.size(), 2u);
  EXPECT_TRUE(d.entries[0].serious);
  EXPECT_FALSE(d.entries[1].serious);
  EXPECT_EQ(d.entries[1].note, "含,逗号");
}

TEST(DictionaryTest, FindsEveryHitWithContext) {
  DictionaryMatcher m(Sample());
  const std::string text =
      "深入学习贯彻习近平总书纪重要讲话精神。申请人需提交身份证及其它材料。国务院总里主持会议。";
  std::vector<DictionaryHit> hits = m.Find(text);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(m.dictionary().entries[hits[0].entry].word, "习近平总书纪");
  EXPECT_EQ(text.substr(hits[0].begin, hits[0].end - hits[0].begin), "习近平总书纪");
  EXPECT_NE(hits[0].context.find("【习近平总书纪】重要讲话"), std::string::npos) << hits[0].context;
  EXPECT_EQ(m.dictionary().entries[hits[1].entry].word, "其它材料");
  EXPECT_EQ(m.dictionary().entries[hits[2].entry].word, "国务院总里");
}

TEST(DictionaryTest, ExceptPhraseSuppressesTheHit) {
  DictionaryMatcher m(Sample());
  EXPECT_TRUE(m.Find("中华民国时期的建筑").empty());
  EXPECT_EQ(m.Find("所谓中华民国政府").size(), 1u);
}

TEST(DictionaryTest, ContextNeverSplitsUtf8) {
  const std::string text = "一二三四五六七八九十错字一二三四五六七八九十甲乙丙";
  size_t b = text.find("错字");
  std::string c = HitContext(text, b, b + 6, 3);
  EXPECT_EQ(c, "八九十【错字】一二三");
  EXPECT_EQ(HitContext("错字", 0, 6, 5), "【错字】");
}

TEST(DictionaryTest, EmptyDictionaryAndEmptyText) {
  DictionaryMatcher empty(Dictionary{});
  EXPECT_TRUE(empty.Find("任何文本").empty());
  DictionaryMatcher m(Sample());
  EXPECT_TRUE(m.Find("").empty());
}

// Hyperscan and the plain loop agree on random texts built from dictionary
// words, their prefixes and filler (overlapping words included).
TEST(DictionaryTest, HyperscanAgreesWithNaiveLoop) {
  Dictionary d = Sample();
  d.entries.push_back({"总书", true, "", "", "", {}});   // overlaps entry 0
  d.entries.push_back({"材料", false, "", "", "", {}});  // inside entry 3
  DictionaryMatcher m(d);
  const std::vector<std::string> pieces = {"习近平", "总书纪", "总书记", "其它", "材料", "中华民国",
                                           "时期",   "国务院", "总里",   "。",   "abc",  " "};
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += pieces[rng() % pieces.size()];
    std::vector<DictionaryHit> a = m.Find(text), b = FindNaive(d, text);
    ASSERT_EQ(a.size(), b.size()) << text;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].entry, b[i].entry);
      EXPECT_EQ(a[i].begin, b[i].begin);
      EXPECT_EQ(a[i].context, b[i].context);
    }
  }
}

}  // namespace
}  // namespace govscore::checklist

// Column classification: the national categories (with and without a
// freshness limit) and per-site overrides.
#include "checklist/column_overrides.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace govscore::checklist {
namespace {

std::string Category(const ColumnRules& r, std::string_view name, std::string_view url = {}) {
  const ColumnCategory* c = r.Categorize(name, {}, url);
  return c ? c->name : "";
}

TEST(ColumnCategoryTest, NationalCategories) {
  ColumnRules r = ColumnRules::NationalDefaults();
  EXPECT_EQ(Category(r, "政务动态"), "动态");
  EXPECT_EQ(Category(r, "本地要闻"), "动态");
  EXPECT_EQ(Category(r, "通知公告"), "通知公告");
  EXPECT_EQ(Category(r, "规范性文件"), "政策文件");
  EXPECT_EQ(Category(r, "政策文件解读"), "政策解读");  // not a 政策文件 column
  EXPECT_EQ(Category(r, "人事任免"), "人事");
  EXPECT_EQ(Category(r, "发展规划"), "规划计划");
  EXPECT_EQ(Category(r, "财政预决算"), "财政");
  EXPECT_EQ(Category(r, "统计数据"), "数据发布");
  EXPECT_EQ(Category(r, "政务咨询"), "互动");
  EXPECT_EQ(Category(r, "办事指南"), "办事");
  EXPECT_EQ(Category(r, "领导信息"), "");
}

TEST(ColumnCategoryTest, CategoriesWithoutLimitAreNeverStale) {
  ColumnRules r = ColumnRules::NationalDefaults();
  const Date as_of = Date::FromYmd(2024, 6, 30);
  ColumnStats s =
      ComputeColumnStats("政策解读", "http://x/zcjd/", "", {Date::FromYmd(2019, 1, 1)}, as_of, r);
  EXPECT_EQ(s.category, "政策解读");
  EXPECT_EQ(s.limit, "");
  EXPECT_FALSE(s.stale);
  ColumnStats n =
      ComputeColumnStats("工作动态", "http://x/gzdt/", "", {Date::FromYmd(2024, 6, 15)}, as_of, r);
  EXPECT_TRUE(n.stale);  // 15 days > 14
  EXPECT_EQ(n.limit, "14天");
}

TEST(ColumnCategoryTest, OverridesByUrlPrefixAndName) {
  ColumnRules r = ColumnRules::NationalDefaults();
  ParseColumnOverrides(R"(schema: govscore.column-categories/1
columns:
  - {url: http://x/zwgk/, category: 政策文件}
  - {url: http://x/zwgk/jb/, category: 动态}
  - {name: 工作简报, category: 动态}
  - {name: 历史专题新闻, category: ""}
  - {url: http://x/zwgk/qxtz/, top: false}
)",
                       "cats.yaml", r);
  EXPECT_EQ(Category(r, "信息", "http://x/zwgk/a/index.html"), "政策文件");
  EXPECT_EQ(Category(r, "信息", "http://x/zwgk/jb/index.html"), "动态");  // longest prefix
  EXPECT_EQ(Category(r, "工作简报", "http://y/gzjb/"), "动态");
  EXPECT_EQ(Category(r, "历史专题新闻", "http://y/lszt/"), "");  // no rule for it
  // A `top`-only entry keeps the automatic category.
  EXPECT_EQ(Category(r, "区县通知", "http://x/zwgk/qxtz/"), "通知公告");
  const ColumnOverride* o = r.OverrideFor("区县通知", "http://x/zwgk/qxtz/");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->top, false);
}

TEST(ColumnCategoryTest, BadOverrideFilesSayWhatAndWhere) {
  ColumnRules r = ColumnRules::NationalDefaults();
  try {
    ParseColumnOverrides(
        "schema: govscore.column-categories/1\ncolumns:\n  - {name: a, category: 新闻}\n",
        "cats.yaml", r);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cats.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown category"), std::string::npos);
  }
  EXPECT_THROW(ParseColumnOverrides("schema: x\ncolumns: []\n", "c", r), Error);
  EXPECT_THROW(
      ParseColumnOverrides("schema: govscore.column-categories/1\ncolumns:\n  - {category: 动态}\n",
                           "c", r),
      Error);
  EXPECT_THROW(
      ParseColumnOverrides(
          "schema: govscore.column-categories/1\ncolumns:\n  - {name: a, kind: 动态}\n", "c", r),
      Error);
  EXPECT_THROW(LoadColumnOverrides("/nonexistent/cats.yaml", r), Error);
}

}  // namespace
}  // namespace govscore::checklist

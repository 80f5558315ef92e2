#include "scoring/inputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "framework/calendar.h"
#include "framework/measure_registry.h"
#include "scoring/scan_measures.h"

namespace govscore::scoring {
namespace {

using ::testing::HasSubstr;

std::string Write(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const Measure* Find(const std::vector<Measure>& ms, const std::string& name) {
  for (const Measure& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

TEST(InputsTest, CsvQuotesBomAndCrlf) {
  auto rows = ParseCsv("\xEF\xBB\xBFid,name\r\n1,\"a,\"\"b\"\"\"\r\n2,c");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][1], "a,\"b\"");
  EXPECT_EQ(rows[2][1], "c");
}

TEST(InputsTest, UnitsWithChannelsAndAliases) {
  auto units =
      LoadUnitsCsv(Write("units.csv",
                         "id,name,kind,site,channels,aliases\n"
                         "u1,自治区应急管理厅,自治区部门,http://yjglt.gx.gov.cn/,网站;政务微博,"
                         "自治区应急厅\n"));
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].channels, (std::vector<std::string>{"网站", "政务微博"}));
  EXPECT_EQ(units[0].aliases, std::vector<std::string>{"自治区应急厅"});
  EXPECT_TRUE(units[0].channels_known);
  // No channels column: which channels exist is unknown (channels rules 待评);
  // an empty cell in a channels column means none exists.
  auto unknown = LoadUnitsCsv(Write("nochannels.csv", "id,name,kind\nu1,甲,市\n"));
  EXPECT_FALSE(unknown[0].channels_known);
  auto none = LoadUnitsCsv(Write("nochannel.csv", "id,name,kind,channels\nu1,甲,市,\n"));
  EXPECT_TRUE(none[0].channels_known);
  EXPECT_TRUE(none[0].channels.empty());
  EXPECT_THROW(LoadUnitsCsv(Write("bad.csv", "id,name,kind\nu1,甲,市\nu1,乙,市\n")), Error);
  EXPECT_THROW(LoadUnitsCsv(Write("bad2.csv", "id,name\nu1,甲\n")), Error);
}

TEST(InputsTest, MeasuresJsonAndCsv) {
  std::vector<Unit> units = {{"u1", "甲", "市", "", "", {}, {}}};
  auto json = LoadMeasures(Write("m.json", R"({"schema": "govscore.measures/1", "measures": [
      {"unit": "u1", "name": "import.docs", "value": 36, "evidence": "http://x/"},
      {"unit": "u1", "name": "column.人事信息.newest", "value": "2020-10-01"},
      {"unit": "u1", "name": "links.broken", "value": [{"id": "http://x/a.pdf"}, "http://x/b"]},
      {"unit": "u1", "name": "footer.icp", "value": null},
      {"unit": "u1", "name": "inspection.passed", "value": true, "period": "2020Q1"}]})"),
                           units);
  ASSERT_EQ(json.size(), 5u);
  EXPECT_EQ(json[0].value.number, 36);
  EXPECT_EQ(json[1].value.type, MeasureValue::Type::kDate);
  EXPECT_EQ(json[2].value.items.size(), 2u);
  EXPECT_TRUE(json[3].value.IsAbsent());
  EXPECT_EQ(json[4].period, "2020Q1");
  auto csv = LoadMeasures(Write("m.csv",
                                "unit,name,value,period\nu1,import.docs,12,\n"
                                "u1,inspection.passed,false,2020Q2\n"
                                "u1,footer.icp,null,\n"
                                "u1,import.not_filled,,\n"),
                          units);
  EXPECT_EQ(csv[1].value.type, MeasureValue::Type::kBool);
  ASSERT_EQ(csv.size(), 3u);             // an empty value is a row not filled in: skipped
  EXPECT_TRUE(csv[2].value.IsAbsent());  // null: looked, not there
  EXPECT_EQ(csv[2].name, "footer.icp");
  EXPECT_THROW(LoadMeasures(Write("m2.json", R"({"schema": "x"})"), units), Error);
  EXPECT_THROW(LoadMeasures(Write("m3.json", R"([{"unit": "u1", "name": "a"}])"), units), Error);
  EXPECT_THROW(LoadMeasures(Write("m4.json", "{not json"), units), Error);
}

TEST(InputsTest, JudgmentsEventsAndNaValidateTheirFields) {
  auto js = LoadJudgments(Write("j.yaml",
                                "- {unit: u1, indicator: 机构职能, criterion: c1, value: met, "
                                "evidence: 'http://x/', reviewer: 张三}\n"
                                "- {unit: u1, indicator: 常态化监管, points: 0.5}\n"));
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(js[0].criterion, "c1");
  EXPECT_EQ(*js[1].points, 0.5);
  try {
    LoadJudgments(Write("j2.yaml",
                        "- {unit: u1, indicator: a}\n- {unit: u1, indicator: a, "
                        "value: maybe}\n"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("j2.yaml:1"));
  }
  EXPECT_THROW(LoadJudgments(Write("j3.yaml", "- {unit: u1, indicator: a, percent: 120}\n")),
               Error);
  EXPECT_THROW(LoadJudgments(Write("j4.yaml", "- {unit: u1, indicator: a, vlaue: met}\n")), Error);
  // CSV templates: explanatory columns are ignored, unanswered rows skipped
  // (the item stays 待评); a misspelt column is still an error.
  auto csv = LoadJudgments(
      Write("j5.csv",
            "unit,indicator,criterion,value,count,unit_name,indicator_name,how,guide\n"
            "u1,政策文件,c1,met,,甲,信息发布/政策文件,value: met|unmet,栏目设置\n"
            "u1,政策文件,c3,,,甲,信息发布/政策文件,value: met|unmet,排版\n"
            "u1,安全,d2,,0,甲,安全,count,泄露\n"));
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[0].criterion, "c1");
  EXPECT_EQ(*csv[1].count, 0);
  EXPECT_THROW(LoadJudgments(Write("j6.csv", "unit,indicator,vlaue\nu1,a,met\n")), Error);
  auto ev = LoadEvents(Write("e.yaml",
                             "- {unit: u1, type: 表彰, level: 国务院, date: 2020-05-01, "
                             "count: 2}\n"));
  EXPECT_EQ(ev[0].count, 2);
  EXPECT_THROW(LoadEvents(Write("e2.yaml", "- {unit: u1, type: 表彰, date: 5月1日}\n")), Error);
  EXPECT_TRUE(LoadEvents(Write("e3.yaml", "[]\n")).empty());
  auto na = LoadNa(Write("na.csv", "unit,indicator,reason\nu1,重大建设项目,无考核任务\n"));
  EXPECT_EQ(na[0].reason, "无考核任务");
}

TEST(ScanMeasuresTest, MapsTheScanOutputContract) {
  std::vector<Unit> units = {{"u1", "甲", "市", "", "http://www.a.gov.cn/", {}, {}}};
  nlohmann::json scan = nlohmann::json::parse(R"({
    "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2020-11-30",
    "pages": [{"url": "http://www.a.gov.cn/", "status": 200}],
    "links": [{"source": "http://www.a.gov.cn/", "target": "http://www.a.gov.cn/x.pdf", "result": "broken", "status": 404},
              {"source": "http://www.a.gov.cn/n/1.html", "target": "http://www.a.gov.cn/x.pdf", "result": "broken", "status": 404},
              {"source": "http://www.a.gov.cn/n/2.html", "target": "http://b/", "result": "timeout", "status": 0, "broken": true},
              {"source": null, "target": "http://www.a.gov.cn/old", "result": "redirect_ok", "status": 200, "broken": false}],
    "columns": [{"name": "政务动态", "url": "http://www.a.gov.cn/zwdt/", "items": 120, "newest": "2020-11-28", "empty": false, "stale": false, "category": "动态要闻"},
                {"name": "人事信息", "url": "http://www.a.gov.cn/rsxx/", "items": 0, "newest": null, "empty": true, "stale": true}],
    "footer": {"site_code": "4501000001", "icp": "", "police_record": "桂公网安备1号", "sponsor": "甲", "error_report_link": true, "party_gov_label": false},
    "privacy": [{"url": "http://www.a.gov.cn/gs.html", "kind": "id_number", "masked": "450102********1234"},
                {"url": "http://www.a.gov.cn/gs2.html", "kind": "mobile", "masked": "138****5678"}],
    "summary": {}})");
  std::vector<Measure> ms = MeasuresFromScan(scan, "scan.json", units);
  EXPECT_TRUE(Find(ms, "site.available")->value.flag);
  EXPECT_EQ(Find(ms, "links.broken")->value.items.size(), 2u);  // distinct targets
  EXPECT_EQ(Find(ms, "links.broken")->value.items[1].evidence.size(), 2u);
  EXPECT_EQ(Find(ms, "links.broken_homepage")->value.items.size(), 1u);
  EXPECT_EQ(Find(ms, "column.政务动态.items")->value.number, 120);
  EXPECT_EQ(Find(ms, "column.政务动态.newest")->value.date, *Date::Parse("2020-11-28"));
  EXPECT_TRUE(Find(ms, "column.人事信息.newest")->value.IsAbsent());
  EXPECT_EQ(Find(ms, "columns.stale")->value.items.size(), 1u);
  EXPECT_TRUE(Find(ms, "category.动态要闻.exists")->value.flag);
  EXPECT_TRUE(Find(ms, "footer.icp")->value.IsAbsent());
  EXPECT_EQ(Find(ms, "footer.site_code")->value.text, "4501000001");
  EXPECT_FALSE(Find(ms, "footer.party_gov_label")->value.flag);
  EXPECT_EQ(Find(ms, "privacy.leaks")->value.items.size(), 2u);
  for (const Measure& m : ms)
    EXPECT_NE(framework::FindKnownMeasure(m.name), nullptr) << m.name << " is not documented";
  std::vector<Unit> other = {{"u2", "乙", "市", "", "http://www.b.gov.cn/", {}, {}}};
  EXPECT_THROW(MeasuresFromScan(scan, "scan.json", other), Error);
  EXPECT_EQ(MeasuresFromScan(scan, "scan.json", other, "u2")[0].unit, "u2");
}

// Per-item dates (scan column `dates`) give items_since / per_day / per_workday
// over [from, as_of]; an imported value of the same name wins.
TEST(ScanMeasuresTest, DerivesCountsSinceAndPerWorkdayFromItemDates) {
  std::vector<Unit> units = {{"u1", "甲", "市", "", "http://www.a.gov.cn/", {}, {}}};
  nlohmann::json scan = nlohmann::json::parse(R"({
    "schema": "govscore.scan/1", "site": "http://www.a.gov.cn/", "as_of": "2020-11-30",
    "columns": [{"name": "政务动态", "url": "http://www.a.gov.cn/zwdt/", "items": 43,
                 "category": "动态",
                 "dates": {"2019-12-31": 3, "2020-01-01": 10, "2020-06-30": 20, "2020-11-30": 10}},
                {"name": "工作动态", "url": "http://www.a.gov.cn/gzdt/", "items": 2,
                 "category": "动态", "dates": {"2020-03-02": 2}},
                {"name": "旧栏目", "url": "http://www.a.gov.cn/old/", "items": 1}]})");
  std::vector<Measure> ms = MeasuresFromScan(scan, "scan.json", units);
  ASSERT_NE(Find(ms, "column.政务动态.dates"), nullptr);
  EXPECT_EQ(Find(ms, "column.政务动态.dates")->value.items.size(), 4u);
  EXPECT_EQ(Find(ms, "column.旧栏目.dates"), nullptr);  // older scans: nothing derived
  EXPECT_EQ(Find(ms, "category.动态.dates")->value.items.size(), 5u);

  ms.push_back({"u1", "column.工作动态.per_day", MeasureValue::Number(9), {}, "", "", "imp"});
  const framework::WorkdayCalendar& cal = framework::WorkdayCalendar::Default();
  std::vector<Measure> d =
      DeriveDatedMeasures(ms, *Date::Parse("2020-01-01"), *Date::Parse("2020-11-30"), cal);
  EXPECT_EQ(Find(d, "column.政务动态.items_since")->value.number, 40);  // not the 2019 items
  EXPECT_NEAR(Find(d, "column.政务动态.per_day")->value.number, 40.0 / 335, 1e-12);
  // 2020-01-01..11-30: 239 weekdays − 19 holidays on weekdays + 6 make-up days = 226.
  EXPECT_NEAR(Find(d, "column.政务动态.per_workday")->value.number, 40.0 / 226, 1e-12);
  EXPECT_EQ(Find(d, "category.动态.items_since")->value.number, 42);
  EXPECT_EQ(Find(d, "column.工作动态.per_day"), nullptr);  // imported: not derived
  EXPECT_EQ(Find(d, "column.工作动态.items_since")->value.number, 2);
  for (const Measure& m : d)
    EXPECT_NE(framework::FindKnownMeasure(m.name), nullptr) << m.name << " is not documented";
}

// A trimmed real `govscore scan` output (tests/golden/scan/README.md).
TEST(ScanMeasuresTest, RealScanDocument) {
  std::vector<Unit> units = {
      {"sample", "示例市人民政府", "设区市", "", "http://127.0.0.1:39399/", {}, {}}};
  std::vector<Measure> ms =
      LoadMeasures(std::string(GOVSCORE_SOURCE_DIR) + "/tests/golden/scan/sample-scan.json", units);
  EXPECT_TRUE(Find(ms, "site.available")->value.flag);
  EXPECT_EQ(Find(ms, "site.pages")->value.number, 11);
  EXPECT_EQ(Find(ms, "links.broken")->value.items.size(), 10u);  // distinct broken targets
  EXPECT_EQ(Find(ms, "links.broken_homepage")->value.items.size(), 3u);
  EXPECT_EQ(Find(ms, "footer.site_code")->value.text, "4201000088");
  EXPECT_TRUE(Find(ms, "footer.error_report_link")->value.flag);
  EXPECT_TRUE(Find(ms, "footer.party_gov_label")->value.flag);
  EXPECT_TRUE(Find(ms, "footer.contact")->value.flag);
  EXPECT_EQ(Find(ms, "column.财政信息.items")->value.number, 1);
  EXPECT_EQ(Find(ms, "column.财政信息.days_since_update")->value.number, 2);
  EXPECT_TRUE(Find(ms, "column.规划计划.empty")->value.flag);
  EXPECT_TRUE(Find(ms, "column.规划计划.newest")->value.IsAbsent());
  EXPECT_TRUE(Find(ms, "column.通知公告.stale")->value.flag);
  EXPECT_EQ(Find(ms, "columns.stale")->value.items.size(), 1u);
  EXPECT_TRUE(Find(ms, "category.规划计划.exists")->value.flag);
  EXPECT_EQ(Find(ms, "privacy.leaks")->value.items.size(), 6u);
  // Per-item dates: all 16 items of 政务动态 are dated; counted since 1 January of
  // the as_of year they agree with the scan's own items_this_year (3).
  double dated = 0;
  for (const ListItem& item : Find(ms, "column.政务动态.dates")->value.items)
    dated += item.value.value_or(0);
  EXPECT_EQ(dated, 16);
  std::vector<Measure> derived =
      DeriveDatedMeasures(ms, *Date::Parse("2024-01-01"), *Date::Parse("2024-06-30"),
                          framework::WorkdayCalendar::Default());
  EXPECT_EQ(Find(derived, "column.政务动态.items_since")->value.number, 3);
  EXPECT_EQ(Find(derived, "category.动态.items_since")->value.number, 3);
  for (const Measure& m : ms) {
    EXPECT_EQ(m.unit, "sample");
    EXPECT_NE(framework::FindKnownMeasure(m.name), nullptr) << m.name << " is not documented";
  }
}

// docs/measures.md documents every registered measure name.
TEST(MeasureRegistryTest, EveryRegisteredNameIsDocumented) {
  std::ifstream in(std::string(GOVSCORE_SOURCE_DIR) + "/docs/measures.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  for (const framework::KnownMeasure& m : framework::KnownMeasures()) {
    const std::string& name = m.pattern;
    EXPECT_TRUE(
        doc.find("`" + name + "`") != std::string::npos ||
        (name.rfind("category.", 0) == 0 && doc.find("category.<类别>") != std::string::npos))
        << name;
  }
}

}  // namespace
}  // namespace govscore::scoring

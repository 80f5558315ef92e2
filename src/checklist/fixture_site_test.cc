// Checklist items on generated sites (sample/checklist_site.h) built to pass
// and to fail exactly at their thresholds. Each site is crawled for real on
// 127.0.0.1 with the checklist hook; the measures are read back from the scan
// document (checklist.measures through scoring::MeasuresFromScan, as the
// platform does) and scored with gb2019-website.
#include <gtest/gtest.h>

#include <algorithm>

#include "checklist/quarterly.h"
#include "checklist/scan.h"
#include "framework/framework_loader.h"
#include "output/scan_json.h"
#include "sample/checklist_site.h"
#include "scoring/engine.h"
#include "scoring/scan_measures.h"

namespace govscore::checklist {
namespace {

using sample::ChecklistGuideSpec;
using sample::ChecklistMessageSpec;
using sample::ChecklistSiteOptions;

Date D(const char* s) { return *Date::Parse(s); }

struct Scanned {
  sample::ChecklistTruth truth;
  std::string base;
  std::vector<scoring::Measure> measures;  // from the scan document, unit "u1"
  nlohmann::json document;
};

Scanned ScanSite(const ChecklistSiteOptions& so,
                 std::shared_ptr<const DictionaryMatcher> dictionary = nullptr) {
  sample::ChecklistSite site = sample::ChecklistSite::Generate(so);
  sample::StaticSiteServer server(site.files());
  ScanOptions o;
  o.start_url = server.base_url() + "/";
  o.as_of = so.as_of;
  o.timeout_s = 2;
  o.retries = 0;
  o.loopback_only = true;
  o.check_external = false;
  o.search_probe = false;
  ChecklistScanOptions co;
  co.dictionary = std::move(dictionary);
  ChecklistScanHook hook(o, co);
  ScanReport report = RunScan(o);
  server.Stop();
  Scanned s;
  s.truth = site.truth();
  s.base = server.base_url();
  s.document = ScanToJson(report);
  hook.Embed(s.document, report);
  scoring::Unit u;
  u.id = "u1";
  u.site = s.base + "/";
  s.measures = scoring::MeasuresFromScan(s.document, "fixture", {u}, "u1");
  return s;
}

const scoring::MeasureValue& Value(const Scanned& s, const std::string& name) {
  for (const scoring::Measure& m : s.measures)
    if (m.name == name) return m.value;
  ADD_FAILURE() << "no measure " << name;
  static scoring::MeasureValue none;
  return none;
}

std::vector<std::string> Ids(const scoring::MeasureValue& v) {
  std::vector<std::string> ids;
  for (const scoring::ListItem& i : v.items) ids.push_back(i.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// gb2019-website on the scan's measures, every judged block "met" and the
// availability ratio clean; returns the quarterly result.
QuarterlyResult Score(const Scanned& s, Date as_of) {
  static const framework::Framework fw = framework::LoadValidFramework(
      std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/gb2019-website.yaml");
  scoring::CampaignInputs in;
  scoring::Unit u;
  u.id = "u1";
  u.name = "示例县人民政府";
  u.kind = "部门网站";
  u.site = s.base + "/";
  u.channels = {"网站"};
  in.units = {u};
  in.measures = s.measures;
  scoring::Measure ratio;
  ratio.unit = "u1";
  ratio.name = "site.availability_failure_ratio";
  ratio.value = scoring::MeasureValue::Number(0);
  in.measures.push_back(ratio);
  for (const char* block : {"扣分指标", "发布解读", "办事服务", "互动交流", "功能设计"}) {
    scoring::Judgment j;
    j.unit = "u1";
    j.indicator = block;
    j.value = "met";
    in.judgments.push_back(j);
  }
  scoring::ScoreOptions o;
  o.as_of = as_of;
  return QuarterlyFromSheet(scoring::ScoreCampaign(fw, in, o), QuarterOf(as_of)).at(0);
}

bool Vetoed(const QuarterlyResult& r, const std::string& what) {
  return std::any_of(r.reasons.begin(), r.reasons.end(), [&](const std::string& x) {
    return x.rfind("否决：", 0) == 0 && x.find(what) != std::string::npos;
  });
}

std::string Reasons(const QuarterlyResult& r) {
  std::string out = VerdictLabel(r.verdict);
  for (const std::string& x : r.reasons) out += " | " + x;
  return out;
}

// V4-1: 4 stale key columns (2 动态 two weeks old + 2 first-level 通知公告 six
// months old) pass; 5 fail.
TEST(ChecklistFixtureSiteTest, StaleKeyColumnsFourPassFiveFail) {
  ChecklistSiteOptions four;
  four.stale_news_columns = 2;
  four.stale_notice_columns = 2;
  Scanned s4 = ScanSite(four);
  EXPECT_EQ(Value(s4, "columns.stale_key_count").number, 4);
  EXPECT_EQ(Value(s4, "columns.stale_news").items.size(), s4.truth.stale_news.size());
  EXPECT_EQ(Value(s4, "columns.stale_notice_policy_top").items.size(),
            s4.truth.stale_notice.size());
  QuarterlyResult r4 = Score(s4, four.as_of);
  EXPECT_FALSE(Vetoed(r4, "栏目不更新")) << Reasons(r4);

  ChecklistSiteOptions five = four;
  five.stale_news_columns = 3;
  Scanned s5 = ScanSite(five);
  EXPECT_EQ(Value(s5, "columns.stale_key_count").number, 5);
  QuarterlyResult r5 = Score(s5, five.as_of);
  EXPECT_EQ(r5.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(r5, "栏目不更新")) << Reasons(r5);
}

// V4-2: 9 columns 应更新未更新 pass, 10 fail — 2 stale 动态 + 2 stale 通知公告
// (4 key columns: V4-1 holds) + 4 empty (V4-3 holds) + 1 or 2 人事任免 columns
// a year and a day old, so that only V4-2 decides.
TEST(ChecklistFixtureSiteTest, NotUpdatedColumnsNinePassTenFail) {
  ChecklistSiteOptions nine;
  nine.stale_news_columns = 2;
  nine.stale_notice_columns = 2;
  nine.empty_columns = 4;
  nine.stale_personnel_columns = 1;
  Scanned s9 = ScanSite(nine);
  EXPECT_EQ(Value(s9, "columns.not_updated").items.size(), 9u);
  EXPECT_EQ(Value(s9, "columns.stale_key_count").number, 4);
  EXPECT_EQ(Value(s9, "columns.stale_personnel_plan").items.size(), 1u);
  QuarterlyResult r9 = Score(s9, nine.as_of);
  EXPECT_FALSE(Vetoed(r9, "栏目不更新")) << Reasons(r9);
  EXPECT_FALSE(Vetoed(r9, "空白栏目")) << Reasons(r9);

  ChecklistSiteOptions ten = nine;
  ten.stale_personnel_columns = 2;
  Scanned s10 = ScanSite(ten);
  EXPECT_EQ(Value(s10, "columns.not_updated").items.size(), 10u);
  std::vector<std::string> expected;
  for (const auto* paths : {&s10.truth.stale_news, &s10.truth.stale_notice,
                            &s10.truth.stale_personnel, &s10.truth.empty})
    for (const std::string& p : *paths) expected.push_back(s10.base + p);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Ids(Value(s10, "columns.not_updated")), expected);
  QuarterlyResult r10 = Score(s10, ten.as_of);
  EXPECT_EQ(r10.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(r10, "应更新但长期未更新")) << Reasons(r10);
  EXPECT_FALSE(Vetoed(r10, "空白栏目数量")) << Reasons(r10);
  EXPECT_FALSE(Vetoed(r10, "动态要闻类栏目未更新")) << Reasons(r10);
}

// V4-3: 4 empty columns pass, 5 fail.
TEST(ChecklistFixtureSiteTest, EmptyColumnsFourPassFiveFail) {
  ChecklistSiteOptions four;
  four.empty_columns = 4;
  Scanned s4 = ScanSite(four);
  EXPECT_EQ(Value(s4, "columns.empty").items.size(), 4u);
  EXPECT_FALSE(Vetoed(Score(s4, four.as_of), "空白栏目"));
  ChecklistSiteOptions five;
  five.empty_columns = 5;
  Scanned s5 = ScanSite(five);
  EXPECT_EQ(Value(s5, "columns.empty").items.size(), 5u);
  QuarterlyResult r5 = Score(s5, five.as_of);
  EXPECT_EQ(r5.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(r5, "空白栏目")) << Reasons(r5);
}

// V5-2: a message unanswered exactly 3 months passes; 3 months and a day fails.
// interaction.overdue: 10 working days (over 端午, 2024-06-10 off) are on time,
// 11 are late; the median of the replies is in working days.
TEST(ChecklistFixtureSiteTest, MessagesAtTheirLimits) {
  ChecklistSiteOptions pass;
  pass.messages = {{D("2024-03-30"), std::nullopt},      // as_of − 3 months, unanswered
                   {D("2024-06-03"), D("2024-06-18")},   // 10 working days
                   {D("2024-04-30"), D("2024-05-14")}};  // over 劳动节 (05-01..05-05 off,
                                                         // 05-11 Sat worked): 8 working days
  Scanned sp = ScanSite(pass);
  EXPECT_TRUE(Value(sp, "interaction.channel").flag);
  EXPECT_TRUE(Value(sp, "interaction.unanswered_3m").items.empty());
  // The unanswered one is past 10 working days: overdue, value = none.
  ASSERT_EQ(Value(sp, "interaction.overdue").items.size(), 1u);
  EXPECT_EQ(Value(sp, "interaction.overdue").items[0].id, sp.base + sp.truth.messages[0].path);
  EXPECT_DOUBLE_EQ(Value(sp, "interaction.reply_workdays").number, 9);  // median of 8 and 10
  EXPECT_EQ(Value(sp, "interaction.newest_reply").date, D("2024-06-18"));
  QuarterlyResult rp = Score(sp, pass.as_of);
  EXPECT_FALSE(Vetoed(rp, "互动回应差")) << Reasons(rp);

  ChecklistSiteOptions fail;
  fail.messages = {{D("2024-03-29"), std::nullopt},     // 3 months and a day
                   {D("2024-06-03"), D("2024-06-19")},  // 11 working days
                   {D("2024-04-30"), D("2024-05-14")}};
  Scanned sf = ScanSite(fail);
  ASSERT_EQ(Value(sf, "interaction.unanswered_3m").items.size(), 1u);
  const scoring::MeasureValue& overdue = Value(sf, "interaction.overdue");
  ASSERT_EQ(overdue.items.size(), 2u);
  for (const scoring::ListItem& i : overdue.items) {
    ASSERT_GE(i.evidence.size(), 3u);
    EXPECT_EQ(i.evidence[0], i.id);  // URL
    EXPECT_NE(i.evidence[2].find("【留言时间】"), std::string::npos) << i.evidence[2];
    if (i.id == sf.base + sf.truth.messages[1].path) {
      EXPECT_EQ(i.value, 11);
    }
  }
  EXPECT_DOUBLE_EQ(Value(sf, "interaction.reply_workdays").number, 9.5);  // 8 and 11
  QuarterlyResult rf = Score(sf, fail.as_of);
  EXPECT_EQ(rf.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(rf, "互动回应差")) << Reasons(rf);
}

// V6-2: guide element classes missing across the guides — 3 classes pass, 4
// fail (a class missing from several guides counts once); vague wording,
// unspecified materials and failing form downloads as planted.
TEST(ChecklistFixtureSiteTest, GuidesAtTheirLimits) {
  ChecklistSiteOptions pass;
  pass.guides = {ChecklistGuideSpec{{"设定依据", "办理地点"}, true, false, false},
                 ChecklistGuideSpec{{"设定依据", "联系电话"}, false, true, true},
                 ChecklistGuideSpec{{}, false, false, false}};
  Scanned sp = ScanSite(pass);
  EXPECT_TRUE(Value(sp, "service.present").flag);
  EXPECT_EQ(Ids(Value(sp, "guide.missing_classes")),
            (std::vector<std::string>{"办理地点", "联系电话", "设定依据"}));
  const std::string g0 = sp.base + sp.truth.guides[0].path;
  const std::string g1 = sp.base + sp.truth.guides[1].path;
  EXPECT_EQ(Ids(Value(sp, "guide.elements_missing")),
            (std::vector<std::string>{g0 + "#办理地点", g0 + "#设定依据", g1 + "#联系电话",
                                      g1 + "#设定依据"}));
  ASSERT_EQ(Value(sp, "guide.vague").items.size(), 1u);
  EXPECT_EQ(Value(sp, "guide.vague").items[0].id, g0);
  const std::vector<std::string>& vague_ev = Value(sp, "guide.vague").items[0].evidence;
  ASSERT_GE(vague_ev.size(), 3u);
  EXPECT_NE(vague_ev[2].find("【其他相关材料】"), std::string::npos) << vague_ev[2];
  EXPECT_EQ(Ids(Value(sp, "guide.material_unspecified")), std::vector<std::string>{g1});
  EXPECT_EQ(Ids(Value(sp, "guide.download_failed")),
            std::vector<std::string>{sp.base + sp.truth.guides[1].form});
  QuarterlyResult rp = Score(sp, pass.as_of);
  EXPECT_FALSE(Vetoed(rp, "服务不实用")) << Reasons(rp);

  ChecklistSiteOptions fail = pass;
  fail.guides[2].missing = {"申请条件"};
  Scanned sf = ScanSite(fail);
  EXPECT_EQ(Value(sf, "guide.missing_classes").items.size(), 4u);
  QuarterlyResult rf = Score(sf, fail.as_of);
  EXPECT_EQ(rf.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(rf, "服务不实用")) << Reasons(rf);
}

// V1 by dictionary: no serious hit passes, one fails; general hits are
// deductions; content.suspect_terms lists both with URL and context.
TEST(ChecklistFixtureSiteTest, DictionaryErrorsWithGroundTruth) {
  Dictionary d;
  d.entries.push_back({"习近平总书纪", true, "领导人职务", "习近平总书记", "", {}});
  d.entries.push_back({"国务院总里", true, "职务名称", "国务院总理", "", {}});
  d.entries.push_back({"按装", false, "错别字", "安装", "", {}});
  auto matcher = std::make_shared<DictionaryMatcher>(d);

  ChecklistSiteOptions clean;
  clean.planted_terms = {"党中央", "按装"};  // "党中央" is no entry
  Scanned sc = ScanSite(clean, matcher);
  EXPECT_TRUE(Value(sc, "errors.serious").items.empty());
  ASSERT_EQ(Value(sc, "errors.general").items.size(), 1u);
  ASSERT_EQ(Value(sc, "content.suspect_terms").items.size(), 1u);
  QuarterlyResult rc = Score(sc, clean.as_of);
  EXPECT_FALSE(Vetoed(rc, "严重表述错误")) << Reasons(rc);

  ChecklistSiteOptions bad;
  bad.planted_terms = {"习近平总书纪", "按装", "国务院总里"};
  Scanned sb = ScanSite(bad, matcher);
  const scoring::MeasureValue& serious = Value(sb, "errors.serious");
  ASSERT_EQ(serious.items.size(), 2u);
  std::vector<std::string> truth_urls;
  for (const auto& t : sb.truth.terms)
    if (t.word != "按装") truth_urls.push_back(sb.base + t.path);
  std::sort(truth_urls.begin(), truth_urls.end());
  std::vector<std::string> urls;
  for (const scoring::ListItem& i : serious.items) {
    urls.push_back(i.evidence.at(0));
    EXPECT_NE(i.evidence.at(1).find("【"), std::string::npos) << i.evidence.at(1);
  }
  std::sort(urls.begin(), urls.end());
  EXPECT_EQ(urls, truth_urls);
  EXPECT_EQ(Value(sb, "content.suspect_terms").items.size(), 3u);
  QuarterlyResult rb = Score(sb, bad.as_of);
  EXPECT_EQ(rb.verdict, Verdict::kFail);
  EXPECT_TRUE(Vetoed(rb, "严重表述错误")) << Reasons(rb);
}

// The scan document carries the checklist measures; without a dictionary the
// dictionary lists say so.
TEST(ChecklistFixtureSiteTest, DocumentCarriesTheChecklistMeasures) {
  ChecklistSiteOptions o;
  o.messages = {{D("2024-06-03"), D("2024-06-05")}};
  o.guides = {ChecklistGuideSpec{}};
  Scanned s = ScanSite(o);
  ASSERT_TRUE(s.document.contains("checklist"));
  EXPECT_EQ(s.document["checklist"]["messages"], 1);
  EXPECT_EQ(s.document["checklist"]["guides"], 1);
  EXPECT_EQ(s.document["checklist"]["dictionary_entries"], 0);
  for (const char* name :
       {"content.suspect_terms", "interaction.reply_workdays", "interaction.overdue",
        "guide.elements_missing", "guide.vague", "guide.checked", "guide.missing.办理地点"}) {
    EXPECT_TRUE(scoring::ScanProvides(name)) << name;
    bool found = false;
    for (const scoring::Measure& m : s.measures)
      if (m.name == name) {
        found = true;
        EXPECT_EQ(m.unit, "u1");
      }
    EXPECT_TRUE(found) << name;
  }
  EXPECT_DOUBLE_EQ(Value(s, "interaction.reply_workdays").number, 2);
  for (const scoring::Measure& m : s.measures)
    if (m.name == "content.suspect_terms") {
      ASSERT_FALSE(m.evidence.empty());
      EXPECT_EQ(m.evidence[0], "未配置词典（未检查）");
    }
}

}  // namespace
}  // namespace govscore::checklist

#include "extract/footer.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

FooterIdentity Parse(std::string_view footer, std::string_view page = {}) {
  FooterIdentity f;
  ParseFooterText(footer, page.empty() ? footer : page, &f);
  return f;
}

TEST(Footer, ColonLabelsOnOneLine) {
  auto f = Parse(
      "主办：万载县人民政府 承办：万载县人民政府办公室 赣ICP备11002306号-1 网站标识码：3609220011 "
      "赣公网安备 36092202000105号 联系电话：0795-8888888");
  EXPECT_EQ(f.sponsor, "万载县人民政府");
  EXPECT_EQ(f.organizer, "万载县人民政府办公室");
  EXPECT_EQ(f.icp, "赣ICP备11002306号-1");
  EXPECT_EQ(f.site_code, "3609220011");
  EXPECT_EQ(f.police_record, "赣公网安备 36092202000105号");
  EXPECT_EQ(f.contact, "0795-8888888");
}

TEST(Footer, NoSpacesBetweenItems) {
  auto f = Parse(
      "主办单位：广西壮族自治区人民政府办公厅承办单位：广西信息中心桂ICP备05005236号-1"
      "桂公网安备45010302000123号政府网站标识码4500000001");
  EXPECT_EQ(f.sponsor, "广西壮族自治区人民政府办公厅");
  EXPECT_EQ(f.organizer, "广西信息中心");
  EXPECT_EQ(f.icp, "桂ICP备05005236号-1");
  EXPECT_EQ(f.police_record, "桂公网安备45010302000123号");
  EXPECT_EQ(f.site_code, "4500000001");
}

TEST(Footer, SuffixFormsAndMinistryCodes) {
  auto f = Parse(
      "巴彦淖尔市人民政府办公室（主办） 巴彦淖尔市大数据中心（承办）\n政府网站标识码：bm07000001");
  EXPECT_EQ(f.sponsor, "巴彦淖尔市人民政府办公室");
  EXPECT_EQ(f.organizer, "巴彦淖尔市大数据中心");
  EXPECT_EQ(f.site_code, "bm07000001");
}

TEST(Footer, RejectsMalformedCodes) {
  auto f = Parse("网站标识码：410000000 网站标识码：41000000012 bm0700001 ICP备123号");
  EXPECT_EQ(f.site_code, "");
  EXPECT_EQ(f.icp, "");  // no province character, too few digits
  EXPECT_TRUE(IsSiteCode("4100000001"));
  EXPECT_TRUE(IsSiteCode("bm01000001"));
  EXPECT_FALSE(IsSiteCode("bm0100000"));
  EXPECT_FALSE(IsSiteCode("41000000a1"));
}

TEST(Footer, LabelledItemsOnlyNearTheFooterWhenNoRegion) {
  // Page without a footer element: 主办 in the article body far from the ICP line is ignored.
  std::string page = "主办单位：某协会\n";
  page += std::string(2000, 'x');
  page += "\n版权所有 京ICP备05070218号 主办：国务院办公厅";
  FooterIdentity f;
  ParseFooterText({}, page, &f);
  EXPECT_EQ(f.icp, "京ICP备05070218号");
  EXPECT_EQ(f.sponsor, "国务院办公厅");
}

TEST(Footer, Links) {
  FooterIdentity f;
  NoteFooterLink("https://dcs.conac.cn/js/33/000/0000/60942981/CA330000000609429810003.js", {},
                 true, {}, &f);
  EXPECT_EQ(f.party_gov_label_href,
            "https://dcs.conac.cn/js/33/000/0000/60942981/CA330000000609429810003.js");
  NoteFooterLink("https://bszs.conac.cn/sitename?method=show&id=1800CB4DBB7B99F0E06310291AAC09C6",
                 {}, false, {}, &f);
  EXPECT_EQ(f.party_gov_label_href,
            "https://bszs.conac.cn/sitename?method=show&id=1800CB4DBB7B99F0E06310291AAC09C6");
  NoteFooterLink(
      "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4100000001&url=http%3A%2F%2Fx", {},
      false, {}, &f);
  EXPECT_EQ(f.error_report_site_code, "4100000001");
  FooterIdentity g;
  NoteFooterLink("https://zfwzgl.www.gov.cn/exposure/jiucuo.js", {}, true, "bm55000001", &g);
  EXPECT_EQ(g.error_report_href, "https://zfwzgl.www.gov.cn/exposure/jiucuo.js");
  EXPECT_EQ(g.error_report_site_code, "bm55000001");
  FooterIdentity h;
  NoteFooterLink("/jiucuo/index.html", "我为政府网站找错", false, {}, &h);
  EXPECT_EQ(h.error_report_href, "/jiucuo/index.html");
  FooterIdentity none;
  NoteFooterLink("/about.html", "关于我们", false, {}, &none);
  NoteFooterLink("/js/jquery.js", {}, true, {}, &none);
  EXPECT_EQ(none.error_report_href, "");
  EXPECT_EQ(none.party_gov_label_href, "");
}

}  // namespace
}  // namespace govscore

#include "extract/privacy.h"

#include <gtest/gtest.h>

namespace govscore {
namespace {

const Date kAsOf = Date::FromYmd(2024, 6, 30);

TEST(ResidentId, ChecksumDateRegion) {
  EXPECT_TRUE(IsValidResidentId("11010519491231002X", kAsOf));  // GB 11643 example
  EXPECT_TRUE(IsValidResidentId("11010519491231002x", kAsOf));
  EXPECT_TRUE(IsValidResidentId("450102198506121239", kAsOf));
  EXPECT_FALSE(IsValidResidentId("450102198506121238", kAsOf));  // wrong check digit
  EXPECT_FALSE(IsValidResidentId("320583199002290018", kAsOf));  // 1990-02-29 does not exist
  EXPECT_TRUE(IsValidResidentId("440306202406301236", kAsOf));   // born on the as-of day
  EXPECT_FALSE(IsValidResidentId("440306202406301236", Date::FromYmd(2024, 6, 29)));
  EXPECT_FALSE(IsValidResidentId("45010218990612123X", kAsOf));  // before 1900 (and bad sum)
  EXPECT_FALSE(IsValidResidentId("010105194912310021", kAsOf));  // region 0
  EXPECT_FALSE(IsValidResidentId("91010519491231002X", kAsOf));  // region 9
  EXPECT_FALSE(IsValidResidentId("1101051949123100", kAsOf));    // too short
}

TEST(Mask, Forms) {
  EXPECT_EQ(MaskResidentId("450102198506121239"), "450102********1239");
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
}

TEST(FindPersonalData, IdsAndMobilesInText) {
  auto hits = FindPersonalData(
      "低保名单：张三，身份证号450102198506121239，电话13812345678；李四 11010519491231002X。",
      kAsOf);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].kind, "id_number");
  EXPECT_EQ(hits[0].masked, "450102********1239");
  EXPECT_EQ(hits[1].kind, "mobile");
  EXPECT_EQ(hits[1].masked, "138****5678");
  EXPECT_EQ(hits[2].masked, "110105********002X");
  // Contexts carry no unmasked value.
  for (const auto& h : hits) {
    EXPECT_EQ(h.context.find("450102198506121239"), std::string::npos) << h.context;
    EXPECT_EQ(h.context.find("13812345678"), std::string::npos) << h.context;
    EXPECT_EQ(h.context.find("11010519491231002X"), std::string::npos) << h.context;
  }
  EXPECT_NE(hits[0].context.find("身份证号450102********1239"), std::string::npos)
      << hits[0].context;
}

TEST(FindPersonalData, NoFalsePositives) {
  // Longer digit runs, invalid checksums, landlines, record numbers, prefixes.
  EXPECT_TRUE(FindPersonalData("编号 1381234567890 和 45010219850612123999", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("身份证 450102198506121238", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("电话 0771-5551234，传真 (0771)2801234", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("公安机关备案号：15081599004-00001", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("分机 0471-13812345678", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("12812345678 10812345678", kAsOf)
                  .empty());  // 12x/10x are no mobile prefixes
  EXPECT_TRUE(FindPersonalData("ID A13812345678 and 13812345678B", kAsOf).empty());
  EXPECT_TRUE(FindPersonalData("", kAsOf).empty());
}

TEST(FindPersonalData, FullWidthDigits) {
  auto hits = FindPersonalData(
      "身份证：４５０１０２１９８５０６１２１２３９，手机：１３８１２３４５６７８", kAsOf);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].masked, "450102********1239");
  EXPECT_EQ(hits[1].masked, "138****5678");
  EXPECT_EQ(hits[1].context.find("１"), std::string::npos) << hits[1].context;
}

TEST(FindPersonalData, MobileAtEdges) {
  auto hits = FindPersonalData("13912345678", kAsOf);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].context, "139****5678");
  hits = FindPersonalData("联系人：王五（15912345678）", kAsOf);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].masked, "159****5678");
}

}  // namespace
}  // namespace govscore

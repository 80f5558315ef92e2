#include "fetch/charset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace govscore {
namespace {

// "政府网站" in GBK and "政府網站" in Big5.
const std::string kGbk = "\xD5\xFE\xB8\xAE\xCD\xF8\xD5\xBE";
const std::string kBig5 = "\xAC\x46\xA9\xB2\xBA\xF4\xAF\xB8";

TEST(CharsetTest, GbkConvertsToUtf8) {
  EXPECT_EQ(ToUtf8(kGbk, "gbk"), "政府网站");
  EXPECT_EQ(ToUtf8(kGbk, "GB2312"), "政府网站");
  EXPECT_EQ(ToUtf8(kGbk, "gb18030"), "政府网站");
}

TEST(CharsetTest, Gb2312LabelDecodesGbkOnlyCharacters) {
  // 镕 (E9 46) is outside GB2312 but common on pages labelled gb2312.
  EXPECT_EQ(ToUtf8("\xE9\x46", "gb2312"), "镕");
}

TEST(CharsetTest, Big5ConvertsToUtf8) { EXPECT_EQ(ToUtf8(kBig5, "big5"), "政府網站"); }

TEST(CharsetTest, InvalidBytesAreReplacedNotThrown) {
  std::string out = ToUtf8("ab\xFF\xFE\x81", "gbk");
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out.substr(0, 2), "ab");
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
  std::string bad_utf8 = ToUtf8("ok\xC3(", "utf-8");
  EXPECT_TRUE(IsValidUtf8(bad_utf8));
  EXPECT_EQ(bad_utf8.substr(0, 2), "ok");
  EXPECT_EQ(ToUtf8("plain", "no-such-charset"), "plain");
}

TEST(CharsetTest, Utf8BomIsDropped) { EXPECT_EQ(ToUtf8("\xEF\xBB\xBFhi", "utf-8"), "hi"); }

TEST(CharsetTest, Utf16WithBom) {
  std::string le("\xFF\xFE\x3F\x65\x9C\x5E", 6);  // 政府 in UTF-16LE
  EXPECT_EQ(DetectCharset("", le), "utf-16le");
  EXPECT_EQ(ToUtf8(le, "utf-16le"), "政府");
}

TEST(CharsetTest, HeaderWinsOverBomAndMeta) {
  std::string body = "<meta charset=\"big5\">" + kGbk;
  EXPECT_EQ(DetectCharset("text/html; charset=GBK", body), "gbk");
  EXPECT_EQ(DetectCharset("text/html;charset=\"gb2312\"", "\xEF\xBB\xBF<p>"), "gb2312");
}

TEST(CharsetTest, MisconfiguredServerDefaultYieldsToTheBytes) {
  std::string gbk_page = "<meta charset=\"gbk\"><p>" + kGbk + "</p>";
  EXPECT_EQ(DetectCharset("text/html; charset=utf-8", gbk_page), "gbk");
  std::string utf8_page = "<meta charset=\"utf-8\"><p>政府网站</p>";
  EXPECT_EQ(DetectCharset("text/html; charset=gbk", utf8_page), "utf-8");
  // Agreeing labels, or disagreement backed by nothing, keep the header.
  EXPECT_EQ(DetectCharset("text/html; charset=gbk", "<meta charset=\"utf-8\"><p>ascii</p>"), "gbk");
  EXPECT_EQ(DetectCharset("text/html; charset=utf-8", "<meta charset=\"gbk\"><p>政府</p>"),
            "utf-8");
}

TEST(CharsetTest, BomWinsOverMeta) {
  EXPECT_EQ(DetectCharset("text/html", "\xEF\xBB\xBF<meta charset=\"gbk\">"), "utf-8");
}

TEST(CharsetTest, MetaCharsetAndHttpEquiv) {
  EXPECT_EQ(DetectCharset("text/html", "<html><head><META CHARSET='Big5'>"), "big5");
  EXPECT_EQ(DetectCharset("",
                          "<meta http-equiv=\"Content-Type\" "
                          "content=\"text/html; charset=gb2312\" />"),
            "gb2312");
  EXPECT_EQ(DetectCharset("", "<?xml version=\"1.0\" encoding=\"GBK\"?><rss/>"), "gbk");
}

TEST(CharsetTest, MetaBeyondFourKibIsIgnored) {
  std::string body = "<html>" + std::string(5000, ' ') + "<meta charset=\"big5\">";
  EXPECT_EQ(DetectCharset("", body), "utf-8");
}

TEST(CharsetTest, UnknownLabelFallsThrough) {
  EXPECT_EQ(DetectCharset("text/html; charset=bogus-x", "<meta charset=\"gbk\">"), "gbk");
}

TEST(CharsetTest, DetectsUnlabelledGbk) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += kGbk + "\xB9\xAB\xBF\xAA";  // 政府网站公开
  EXPECT_EQ(ToUtf8(text, DetectCharset("", "<p>" + text + "</p>")).substr(0, 12), "政府网站");
  EXPECT_EQ(DetectCharset("", "<p>政府网站</p>"), "utf-8");
  EXPECT_EQ(DetectCharset("", "plain ascii"), "utf-8");
}

TEST(CharsetTest, DetectsShortUnlabelledTexts) {
  // ICU's statistics alone call these UTF-16BE or KOI8-R.
  EXPECT_EQ(DetectCharset("", kGbk), "gb18030");
  EXPECT_EQ(DetectCharset("", kBig5), "big5");
  // 人事任免 in GBK and 臺灣 in Big5.
  EXPECT_EQ(DetectCharset("", "\xC8\xCB\xCA\xC2\xC8\xCE\xC3\xE2"), "gb18030");
  EXPECT_EQ(DetectCharset("", "\xBB\x4F\xC6\x57"), "big5");
  // A GBK CSV attachment: 姓名,手机 / 张三,13800138000
  std::string csv = "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\n\xD5\xC5\xC8\xFD,13800138000\n";
  EXPECT_EQ(DetectCharset("text/csv", csv), "gb18030");
  EXPECT_EQ(ToUtf8(csv, "gb18030"), "姓名,手机\n张三,13800138000\n");
}

TEST(CharsetTest, LatinTextIsNotTakenForChinese) {
  std::string latin =
      "Le caf\xE9 est ferm\xE9 le dimanche. R\xE9sum\xE9 des activit\xE9s de l'ann\xE9"
      "e, pr\xE9sent\xE9 au conseil municipal.";
  EXPECT_EQ(DetectCharset("", latin), "windows-1252");
}

TEST(CharsetTest, ContentTypeParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; Charset = UTF-8"), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
}

TEST(CharsetTest, RandomBytesAlwaysGiveValidUtf8) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(rng() % 300, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (round % 3 == 0)
      bytes = "<meta charset=\"" + std::string(round % 2 ? "gbk" : "x\xff") + "\">" + bytes;
    std::string charset = DetectCharset(round % 5 == 0 ? "text/html; charset=" : "", bytes);
    ASSERT_FALSE(charset.empty());
    for (const char* cs : {charset.c_str(), "gbk", "big5", "utf-8", "windows-1252", "utf-16le",
                           "shift_jis", "bogus"}) {
      std::string out = ToUtf8(bytes, cs);
      ASSERT_TRUE(IsValidUtf8(out)) << cs << " round " << round;
    }
  }
}

TEST(CharsetTest, RealGb2312Page) {
  std::filesystem::path dir =
      std::filesystem::path(GOVSCORE_SHARED_DIR) / "real-pages" / "www.chinaneast.gov.cn";
  std::filesystem::path page;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".html") page = entry.path();
  ASSERT_FALSE(page.empty()) << "no page in " << dir;
  std::ifstream in(page, std::ios::binary);
  std::stringstream raw;
  raw << in.rdbuf();
  std::string bytes = raw.str();
  ASSERT_FALSE(IsValidUtf8(bytes));  // really GB bytes
  std::string charset = DetectCharset("text/html", bytes);
  EXPECT_EQ(charset, "gb2312");
  std::string text = ToUtf8(bytes, charset);
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_NE(text.find("<title>农机专家李金泽：为农机行业搭建现代化信息平台_振兴东北</title>"),
            std::string::npos);
  EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << "replacement characters in output";
  // Without its <meta>, detection alone finds the same text.
  std::string unlabelled = bytes;
  size_t meta = unlabelled.find("charset=gb2312");
  ASSERT_NE(meta, std::string::npos);
  unlabelled.replace(meta, 14, "x=y");
  std::string detected = DetectCharset("text/html", unlabelled);
  EXPECT_EQ(detected, "gb18030");
  EXPECT_NE(ToUtf8(unlabelled, detected).find("农机专家李金泽"), std::string::npos);
}

}  // namespace
}  // namespace govscore

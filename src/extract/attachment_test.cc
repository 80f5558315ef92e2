#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "extract/page.h"
#include "sample/pages.h"

namespace govscore {
namespace {

const Date kAsOf = Date::FromYmd(2024, 6, 30);
constexpr char kId[] = "450102198506121239";
constexpr char kIdMasked[] = "450102********1239";

// Builds a zip archive with the given members and returns its bytes.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string path = ::testing::TempDir() + "extract_attachment_test.zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, body] : members) {
    zip_source_t* s = zip_source_buffer(z, body.data(), body.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Convert(const std::string& utf8, const char* to) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 8, '\0');
  int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

void ExpectIdAndMobile(const std::string& text) {
  auto hits = FindPersonalData(text, kAsOf);
  bool id = false, mobile = false;
  for (const auto& h : hits) {
    if (h.kind == "id_number" && h.masked == kIdMasked) id = true;
    if (h.kind == "mobile" && h.masked == "138****5678") mobile = true;
  }
  EXPECT_TRUE(id) << text;
  EXPECT_TRUE(mobile) << text;
}

TEST(AttachmentText, PlainTextEncodings) {
  std::string utf8 = std::string("姓名,身份证号,电话\n张三,") + kId + ",13812345678\n";
  ExpectIdAndMobile(ExtractAttachmentText("\xEF\xBB\xBF" + utf8, "名单.txt"));
  std::string gb = Convert(utf8, "GB18030");
  ASSERT_NE(gb, utf8);
  std::string decoded = ExtractAttachmentText(gb, "text/csv; charset=gbk");
  EXPECT_NE(decoded.find("张三"), std::string::npos);
  ExpectIdAndMobile(decoded);
  ExpectIdAndMobile(ExtractAttachmentText("\xFF\xFE" + Convert(utf8, "UTF-16LE"), "a.csv"));
}

TEST(AttachmentText, Docx) {
  std::string doc =
      "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>"
      "<w:p><w:r><w:t>公示名单 &amp; 联系方式</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>身份证：4501021985</w:t></w:r><w:r><w:t "
      "xml:space=\"preserve\">06121239</w:t></w:r>"
      "<w:r><w:tab/><w:t>电话13812345678</w:t></w:r></w:p></w:body></w:document>";
  std::string bytes = MakeZip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", doc}});
  std::string text = ExtractAttachmentText(bytes, "公示.docx");
  EXPECT_NE(text.find("公示名单 & 联系方式\n"), std::string::npos) << text;
  ExpectIdAndMobile(text);
  // The type comes from the bytes when the name is unhelpful.
  ExpectIdAndMobile(ExtractAttachmentText(bytes, "application/octet-stream"));
}

TEST(AttachmentText, Xlsx) {
  std::string shared =
      "<sst><si><t>姓名</t></si><si><t>身份证号</t></si><si><t>张三</t></si><si><t>" +
      std::string(kId) + "</t></si><si><r><t>电</t></r><r><t>话</t></r></si></sst>";
  std::string sheet =
      "<worksheet><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" "
      "t=\"s\"><v>4</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>3</v></c><c "
      "r=\"C2\"><v>13812345678</v></c>"
      "<c r=\"D2\" t=\"inlineStr\"><is><t>备注</t></is></c><c r=\"E2\"/></row>"
      "</sheetData></worksheet>";
  std::string bytes = MakeZip({{"xl/workbook.xml", "<workbook/>"},
                               {"xl/sharedStrings.xml", shared},
                               {"xl/worksheets/sheet1.xml", sheet}});
  std::string text = ExtractAttachmentText(bytes, "名单.xlsx");
  EXPECT_NE(text.find("姓名\t身份证号\t电话"), std::string::npos) << text;
  EXPECT_NE(text.find("张三\t" + std::string(kId) + "\t13812345678\t备注"), std::string::npos)
      << text;
  ExpectIdAndMobile(text);
}

TEST(XlsxRows, CellsLandInTheirColumnsAndTheFirstSheetComesFromTheWorkbook) {
  // The workbook's first sheet is sheet2.xml (through the relationships); B2 is
  // missing, so row 2 keeps C2 in its column; row 3 is absent.
  std::string sheet2 =
      "<worksheet><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>网站</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\"><v>42</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>a&amp;b</t></is>"
      "</c></row>"
      "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>1</v></c></row>"
      "</sheetData></worksheet>";
  std::string bytes = MakeZip(
      {{"xl/workbook.xml",
        "<workbook><sheets><sheet name=\"单位\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId7\" Target=\"worksheets/sheet2.xml\"/>"
        "</Relationships>"},
       {"xl/sharedStrings.xml", "<sst><si><t>编码</t></si><si><t>名称</t></si></sst>"},
       {"xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>"},
       {"xl/worksheets/sheet2.xml", sheet2}});
  auto rows = ReadXlsxRows(bytes, "units.xlsx");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"编码", "名称", "网站"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"42", "", "a&b"}));
  EXPECT_TRUE(rows[2].empty());
  EXPECT_EQ(rows[3], (std::vector<std::string>{"", "名称"}));
  EXPECT_THROW(ReadXlsxRows(bytes, "units.xlsx", 3), Error);
  EXPECT_THROW(ReadXlsxRows("not a zip", "units.xlsx"), Error);
  EXPECT_THROW(ReadXlsxRows(MakeZip({{"xl/other.xml", "x"}}), "units.xlsx"), Error);
}

TEST(AttachmentText, Ofd) {
  std::string page =
      "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer>"
      "<ofd:TextObject><ofd:TextCode X=\"0\" Y=\"10\">身份证号：</ofd:TextCode>"
      "<ofd:TextCode X=\"50\" Y=\"10\">" +
      std::string(kId) +
      "</ofd:TextCode></ofd:TextObject>"
      "<ofd:TextObject><ofd:TextCode>电话13812345678</ofd:TextCode></ofd:TextObject>"
      "</ofd:Layer></ofd:Content></ofd:Page>";
  std::string bytes =
      MakeZip({{"OFD.xml", "<ofd:OFD/>"}, {"Doc_0/Pages/Page_0/Content.xml", page}});
  ExpectIdAndMobile(ExtractAttachmentText(bytes, "公示.ofd"));
  ExpectIdAndMobile(ExtractAttachmentText(bytes, "application/octet-stream"));
}

TEST(AttachmentText, Pdf) {
  std::string pdf = sample::MinimalPdf(std::string("ID ") + kId + " Tel 13812345678");
  std::string text = ExtractAttachmentText(pdf, "notice.pdf");
  ExpectIdAndMobile(text);
}

TEST(AttachmentText, HtmlAndLegacyOffice) {
  ExpectIdAndMobile(ExtractAttachmentText(
      std::string("<p>身份证") + kId + "</p><p>手机13812345678</p>", "a.html"));
  // Legacy .doc: text lives in UTF-16LE runs inside an OLE container.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(64, '\0');
  ole += Convert(std::string("身份证号码") + kId + "，手机13812345678", "UTF-16LE");
  ole += std::string(16, '\0');
  ExpectIdAndMobile(ExtractAttachmentText(ole, "a.doc"));
}

TEST(AttachmentText, ErrorsNameTheProblem) {
  try {
    ExtractAttachmentText("PK\x03\x04 not really a zip", "bad.docx");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "bad.docx");
    EXPECT_NE(std::string(e.what()).find("zip"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ExtractAttachmentText("%PDF-1.4\nnot a pdf at all", "bad.pdf"), Error);
  EXPECT_THROW(ExtractAttachmentText("\x00\x01\x02", "movie.mp4"), Error);
  EXPECT_THROW(ExtractAttachmentText(MakeZip({{"a.txt", "x"}}), "archive.zip"), Error);
  EXPECT_THROW(ExtractAttachmentText(MakeZip({{"xl/other.xml", "x"}}), "a.xlsx"), Error);
}

TEST(AttachmentText, OutputIsCapped) {
  std::string big(100000, 'a');
  EXPECT_EQ(ExtractAttachmentText(big, "a.txt", 1000).size(), 1000u);
}

}  // namespace
}  // namespace govscore

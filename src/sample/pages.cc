#include "sample/pages.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/html_escape.h"
#include "sample/text.h"

namespace govscore::sample {

namespace {

constexpr char kSiteName[] = "示例市人民政府";
constexpr char kDomain[] = "www.shiyan.gov.cn";
constexpr char kSiteCode[] = "4201000088";

std::string Meta(std::string_view name, std::string_view content) {
  return "<meta name=\"" + std::string(name) + "\" content=\"" + HtmlEscape(content) + "\">\n";
}

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

struct PageSpec {
  std::string title;
  std::string metas;       // column / content labels
  std::string breadcrumb;  // inner HTML after 当前位置：
  std::string body;
  bool gbk = false;
};

std::string Layout(const Site::Model& model, const PageSpec& page) {
  const FooterTruth id = SiteIdentity();
  std::string h;
  h.reserve(4096 + page.body.size());
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n";
  h += page.gbk ? "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\n"
                : "<meta charset=\"utf-8\">\n";
  h += "<title>" + HtmlEscape(page.title) +
       (page.title == kSiteName ? "" : std::string("_") + kSiteName) + "</title>\n";
  h += Meta("SiteName", kSiteName) + Meta("SiteDomain", kDomain) + Meta("SiteIDCode", kSiteCode);
  h += page.metas;
  h += "<link rel=\"stylesheet\" href=\"/static/css/main.css\">\n</head>\n<body>\n";
  h += "<div class=\"topbar\"><span>欢迎访问示例市人民政府门户网站</span>"
       "<a href=\"" +
       id.accessibility_link + "\" class=\"wza\">无障碍浏览</a></div>\n";
  h += "<div class=\"header\"><h1 class=\"site-name\"><a href=\"/\">" + std::string(kSiteName) +
       "</a></h1>\n<form class=\"search\" action=\"" + id.search_action +
       "\" method=\"get\"><input type=\"text\" name=\"" + id.search_param +
       "\" placeholder=\"请输入关键词\"><button type=\"submit\">搜索</button></form></div>\n";
  h += "<ul class=\"nav\">\n<li><a href=\"/\">首页</a></li>\n";
  for (const Column& c : model.columns) {
    h += "<li><a href=\"" + c.truth.path + "\">" + c.truth.name + "</a></li>\n";
  }
  h += "</ul>\n";
  if (!page.breadcrumb.empty()) {
    h += "<div class=\"location\">当前位置：<a href=\"/\">首页</a>" + page.breadcrumb + "</div>\n";
  }
  h += page.body;
  h += "\n<div class=\"footer\">\n<p><a href=\"/about/sitemap.html\">网站地图</a> | <a href=\"" +
       id.privacy_link + "\">隐私政策</a> | <a href=\"" + id.accessibility_link +
       "\">无障碍</a></p>\n";
  h += "<p>主办单位：" + id.sponsor + "　联系电话：" + id.phone + "</p>\n";
  h += "<p>网站标识码：" + id.site_code +
       "　<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\">" + id.icp +
       "</a>　<a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=" +
       id.police_code +
       "\" target=\"_blank\"><img src=\"/static/img/police.png\" alt=\"公安备案\">" +
       id.police_record + "</a></p>\n";
  h += "<p>版权所有：示例市人民政府　地址：示例市人民大道一号</p>\n";
  h += "<p class=\"marks\"><a href=\"" + HtmlEscape(id.party_gov_label) +
       "\" target=\"_blank\"><img src=\"/static/img/red.png\" alt=\"党政机关\"></a>\n<a href=\"" +
       HtmlEscape(id.error_report_link) +
       "\" target=\"_blank\"><img src=\"/static/img/jiucuo.png\" "
       "alt=\"我为政府网站找错\"></a></p>\n";
  h += "</div>\n</body>\n</html>\n";
  return h;
}

std::string ColumnMetas(const Column& c) {
  return Meta("ColumnName", c.truth.name) + Meta("ColumnDescription", c.truth.name + "栏目") +
         Meta("ColumnKeywords", c.truth.name) + Meta("ColumnType", c.truth.column_type);
}

std::string ListPageName(int page) {
  return page == 0 ? "index.html" : "index_" + std::to_string(page) + ".html";
}

// Relative href from a column's list page to one of its articles:
// "/zwdt/202406/t20240601_3.html" -> "./202406/t20240601_3.html".
std::string RelativeFromColumn(const Column& c, const Article& a) {
  return "." + a.path.substr(c.truth.path.size() - 1);
}

std::string PubDate(const Article& a) {
  return a.date.ToString() + " " + TwoDigits(a.hour) + ":" + TwoDigits(a.minute);
}

// The text of an interpretation with its own prose (measure fixtures).
std::string InterpretationBody(const std::string& policy_title) {
  return "<p>为便于社会公众准确理解《" + HtmlEscape(policy_title) +
         "》，现就有关内容解读如下。</p>\n"
         "<p>一、出台背景。近年来，我市围绕优化营商环境、保障和改善民生持续发力，"
         "制定本文件是落实上级决策部署的具体举措。</p>\n"
         "<p>二、主要内容。文件分为总体要求、重点任务和保障措施三个部分，"
         "明确了各责任单位的职责分工和完成时限。</p>\n"
         "<p>三、创新亮点。文件首次提出建立跨部门协同推进机制，实行清单化管理和闭环式督办。</p>\n"
         "<p>四、适用对象。本文件适用于本市行政区域内的企业、社会组织和个人。</p>\n"
         "<p>五、实施时间。文件自印发之日起施行，有效期五年。</p>\n";
}

std::string LeakTable(const Article& a) {
  std::string h =
      "<table class=\"gs\">\n<tr><th>姓名</th><th>身份证号码</th><th>联系电话</th></tr>\n";
  Rng rng(a.text_seed ^ 0x5eed);
  for (size_t i = 0; i < a.leak_ids.size(); ++i) {
    h += "<tr><td>" + PersonName(rng) + "</td><td>" + a.leak_ids[i] + "</td><td>" +
         (i < a.leak_mobiles.size() ? a.leak_mobiles[i] : "") + "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  auto u16 = [](std::string& s, unsigned v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>((v >> 8) & 0xff);
  };
  auto u32 = [&](std::string& s, unsigned long v) {
    u16(s, static_cast<unsigned>(v & 0xffff));
    u16(s, static_cast<unsigned>((v >> 16) & 0xffff));
  };
  for (const auto& [name, data] : files) {
    const unsigned long crc =
        crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    const unsigned long offset = out.size();
    u32(out, 0x04034b50);
    u16(out, 20);
    u16(out, 0);
    u16(out, 0);
    u16(out, 0);
    u16(out, 0x21);
    u32(out, crc);
    u32(out, data.size());
    u32(out, data.size());
    u16(out, static_cast<unsigned>(name.size()));
    u16(out, 0);
    out += name;
    out += data;
    u32(central, 0x02014b50);
    u16(central, 20);
    u16(central, 20);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0x21);
    u32(central, crc);
    u32(central, data.size());
    u32(central, data.size());
    u16(central, static_cast<unsigned>(name.size()));
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u16(central, 0);
    u32(central, 0);
    u32(central, offset);
    central += name;
  }
  const unsigned long cd_offset = out.size();
  out += central;
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, static_cast<unsigned>(files.size()));
  u16(out, static_cast<unsigned>(files.size()));
  u32(out, central.size());
  u32(out, cd_offset);
  u16(out, 0);
  return out;
}

std::string XmlEscape(const std::string& s) { return HtmlEscape(s); }

std::string Docx(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (const auto& p : paragraphs) body += "<w:p><w:r><w:t>" + XmlEscape(p) + "</w:t></w:r></w:p>";
  return StoredZip({
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
       "Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override "
       "PartName=\"/word/document.xml\" "
       "ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
       "Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
       "officeDocument\" "
       "Target=\"word/document.xml\"/></Relationships>"},
      {"word/document.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document "
       "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
           body + "</w:body></w:document>"},
  });
}

std::string Xlsx(const std::vector<std::vector<std::string>>& rows) {
  std::string sheet;
  for (size_t r = 0; r < rows.size(); ++r) {
    sheet += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      sheet += "<c r=\"" + std::string(1, static_cast<char>('A' + c)) + std::to_string(r + 1) +
               "\" t=\"inlineStr\"><is><t>" + XmlEscape(rows[r][c]) + "</t></is></c>";
    }
    sheet += "</row>";
  }
  const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  return StoredZip({
      {"[Content_Types].xml",
       decl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" "
              "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              "<Override PartName=\"/xl/workbook.xml\" "
              "ContentType=\"application/"
              "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
              "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
              "ContentType=\"application/"
              "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
              "</Types>"},
      {"_rels/.rels",
       decl +
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "officeDocument\" "
           "Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml",
       decl + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
              "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       decl +
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
           "Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml",
       decl +
           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
           "<sheetData>" +
           sheet + "</sheetData></worksheet>"},
  });
}

}  // namespace

std::string MinimalPdf(const std::string& ascii_text) {
  std::string content = "BT /F1 12 Tf 72 770 Td (" + ascii_text + ") Tj ET\n";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

FooterTruth SiteIdentity() {
  FooterTruth f;
  f.site_name = kSiteName;
  f.site_domain = kDomain;
  f.site_code = kSiteCode;
  f.icp = "鄂ICP备12345678号-1";
  f.police_code = "42010202000123";
  f.police_record = "鄂公网安备 " + f.police_code + "号";
  f.sponsor = "示例市人民政府办公室";
  f.phone = "027-12345678";
  f.party_gov_label =
      "https://bszs.conac.cn/sitename?method=show&id=6C3B1E0A2F4D5E6F7A8B9C0D1E2F3A4B";
  f.error_report_link = std::string("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=") +
                        kSiteCode + "&url=http%3A%2F%2Fwww.shiyan.gov.cn%2F";
  f.privacy_link = "/about/privacy.html";
  f.accessibility_link = "/about/accessibility.html";
  f.search_action = "/search/";
  f.search_param = "q";
  return f;
}

std::string FormatListDate(Date d, std::string_view form) {
  const std::string md = TwoDigits(d.month()) + "-" + TwoDigits(d.day());
  if (form == "cn") {
    return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" +
           std::to_string(d.day()) + "日";
  }
  if (form == "slash") {
    return std::to_string(d.year()) + "/" + TwoDigits(d.month()) + "/" + TwoDigits(d.day());
  }
  if (form == "md") return "[" + md + "]";
  if (form == "year_heading") return md;
  return d.ToString();
}

std::string RenderHome(const Site::Model& model, const SiteOptions& options) {
  (void)options;
  PageSpec page;
  page.title = kSiteName;
  page.metas = Meta("ColumnName", "首页") + Meta("ColumnType", "首页");
  std::string& b = page.body;
  b += "<div class=\"banner\"><img src=\"/static/img/banner.png\" alt=\"示例市风光\"></div>\n";
  for (const Column& c : model.columns) {
    b += "<div class=\"box\"><h2><a href=\"" + c.truth.path + "\">" + c.truth.name +
         "</a><a class=\"more\" href=\"" + c.truth.path + "\">更多</a></h2>\n<ul>\n";
    for (size_t i = 0; i < c.articles.size() && i < 6; ++i) {
      const Article& a = model.articles[static_cast<size_t>(c.articles[i])];
      b += "<li><a href=\"" + a.path + "\" title=\"" + HtmlEscape(a.title) + "\">" +
           HtmlEscape(a.title) + "</a><span class=\"date\">" + a.date.ToString() + "</span></li>\n";
    }
    if (c.articles.empty()) b += "<li>暂无信息</li>\n";
    b += "</ul></div>\n";
  }
  if (!model.service_links.empty()) {  // measure fixtures (SiteOptions::measures)
    b += "<div class=\"links services\"><h2>互动与服务</h2><ul>\n";
    for (const PageLink& l : model.service_links) {
      b += "<li><a href=\"" + HtmlEscape(l.href) + "\">" + l.text + "</a></li>\n";
    }
    b += "</ul></div>\n";
  }
  b += "<div class=\"links\"><h2>专题与服务</h2><ul>\n";
  for (const PageLink& l : model.home_links) {
    b += "<li><a href=\"" + HtmlEscape(l.href) + "\">" + l.text + "</a></li>\n";
  }
  b += "</ul></div>\n";
  return Layout(model, page);
}

std::string RenderList(const Site::Model& model, int column, int page_index) {
  const Column& c = model.columns[static_cast<size_t>(column)];
  const int pages = c.truth.list_pages;
  PageSpec page;
  page.title = c.truth.name;
  page.metas = ColumnMetas(c);
  page.breadcrumb = " &gt; <a href=\"" + c.truth.path + "\">" + c.truth.name + "</a>";
  std::string& b = page.body;
  b += "<div class=\"list\"><h2>" + c.truth.name + "</h2>\n";
  if (c.articles.empty()) {
    b += "<p class=\"empty\">暂无信息</p>\n</div>\n";
    return Layout(model, page);
  }
  const size_t begin = static_cast<size_t>(page_index) * 20;
  const size_t end = std::min(c.articles.size(), begin + 20);
  const bool headings = c.truth.date_form == "year_heading";
  int year = 0;
  b += "<ul class=\"list-items\">\n";
  for (size_t i = begin; i < end; ++i) {
    const Article& a = model.articles[static_cast<size_t>(c.articles[i])];
    if (headings && a.date.year() != year) {
      year = a.date.year();
      b += "</ul>\n<h3 class=\"year\">" + std::to_string(year) +
           "年</h3>\n<ul class=\"list-items\">\n";
    }
    b += "<li><a href=\"" + RelativeFromColumn(c, a) + "\" target=\"_blank\">" +
         HtmlEscape(a.title) + "</a><span class=\"date\">" +
         FormatListDate(a.date, c.truth.date_form) + "</span></li>\n";
  }
  b += "</ul>\n<div class=\"pagination\">共" + std::to_string(c.articles.size()) + "条　第" +
       std::to_string(page_index + 1) + "/" + std::to_string(pages) + "页　";
  if (page_index > 0) {
    b += "<a href=\"index.html\">首页</a> <a href=\"" + ListPageName(page_index - 1) +
         "\">上一页</a> ";
  }
  if (page_index + 1 < pages) {
    b += "<a href=\"" + ListPageName(page_index + 1) + "\">下一页</a> <a href=\"" +
         ListPageName(pages - 1) + "\">尾页</a>";
  }
  b += "</div>\n</div>\n";
  return Layout(model, page);
}

std::string RenderArticle(const Site::Model& model, int index) {
  const Article& a = model.articles[static_cast<size_t>(index)];
  const Column& c = model.columns[static_cast<size_t>(a.column)];
  PageSpec page;
  page.gbk = a.encoding != Encoding::kUtf8;
  page.title = a.title;
  page.metas = ColumnMetas(c) + Meta("ArticleTitle", a.title) + Meta("PubDate", PubDate(a)) +
               (a.no_source ? std::string() : Meta("ContentSource", a.source)) +
               Meta("Keywords", c.truth.name) +
               Meta("Url", std::string("http://") + kDomain + a.path);
  page.breadcrumb = " &gt; <a href=\"" + c.truth.path + "\">" + c.truth.name + "</a> &gt; 正文";
  std::string& b = page.body;
  b += "<div class=\"article\">\n<h1 class=\"title\">" + HtmlEscape(a.title) + "</h1>\n";
  b += "<div class=\"info\"><span>发布日期：" + PubDate(a) + "</span>　" +
       (a.no_source ? std::string() : "<span>来源：" + a.source + "</span>　") +
       "<span>字号：大 中 小</span></div>\n<div class=\"content\">\n";
  const Article* pair = a.pair >= 0 ? &model.articles[static_cast<size_t>(a.pair)] : nullptr;
  if (a.interpretation_body && pair) {
    b += InterpretationBody(pair->title);
  } else {
    // A copying interpretation (照搬原文) shows its policy's text.
    const Article& text_of = a.copy_pair && pair ? *pair : a;
    if (!text_of.doc_number.empty())
      b += "<p class=\"doc-number\">" + text_of.doc_number + "</p>\n";
    Rng rng(text_of.text_seed);
    const int paragraphs = 3 + rng.Below(4);
    for (int i = 0; i < paragraphs; ++i) b += "<p>" + BodyParagraph(rng) + "</p>\n";
  }
  if (a.link_to_pair && pair) {
    b += std::string("<p class=\"related-doc\">") +
         (a.doc_number.empty() ? "相关文件" : "相关解读") + "：<a href=\"" + pair->path + "\">" +
         HtmlEscape(pair->title) + "</a></p>\n";
  }
  if (a.special == Special::kLeakPage) {
    b += "<p>现将拟享受困难群众临时救助人员名单公示如下：</p>\n" + LeakTable(a);
  }
  if (!a.decoys.empty()) {
    b += "<div class=\"notes\">\n";
    for (const std::string& d : a.decoys) b += "<p>" + d + "</p>\n";
    b += "</div>\n";
  }
  b += "</div>\n";
  if (!a.attachments.empty()) {
    b += "<div class=\"attachments\"><p>附件：</p><ul>\n";
    for (const Attachment& at : a.attachments) {
      const std::string rel = "." + at.path.substr(at.path.rfind('/'));
      b += "<li><a href=\"" + rel + "\">" + at.label + "</a></li>\n";
    }
    b += "</ul></div>\n";
  }
  if (!a.links.empty()) {
    b += "<div class=\"related\"><h3>相关链接</h3><ul>\n";
    for (int li : a.links) {
      const PageLink& l = model.planted[static_cast<size_t>(li)];
      b += "<li><a href=\"" + HtmlEscape(l.href) + "\">" + l.text + "</a></li>\n";
    }
    b += "</ul></div>\n";
  }
  // 上一篇 / 下一篇 within the column.
  b += "<div class=\"prev-next\">";
  const size_t i = static_cast<size_t>(a.position);
  if (i > 0) {
    const Article& n = model.articles[static_cast<size_t>(c.articles[i - 1])];
    b += "<p>上一篇：<a href=\"" + n.path + "\">" + HtmlEscape(n.title) + "</a></p>";
  }
  if (i + 1 < c.articles.size()) {
    const Article& n = model.articles[static_cast<size_t>(c.articles[i + 1])];
    b += "<p>下一篇：<a href=\"" + n.path + "\">" + HtmlEscape(n.title) + "</a></p>";
  }
  b += "</div>\n</div>\n";
  return Layout(model, page);
}

std::string RenderAttachment(const Article& a, const Attachment& at) {
  std::vector<std::vector<std::string>> rows;
  if (at.special == Special::kLeakTxt || at.special == Special::kLeakCsv) {
    Rng rng(a.text_seed ^ 0xa77);
    rows.push_back({"序号", "姓名", "身份证号码", "联系电话"});
    for (size_t i = 0; i < a.leak_ids.size(); ++i) {
      rows.push_back({std::to_string(i + 1), PersonName(rng), a.leak_ids[i],
                      i < a.leak_mobiles.size() ? a.leak_mobiles[i] : ""});
    }
  } else if (at.special == Special::kDecoyCsv) {
    rows.push_back({"序号", "事项", "编号"});
    for (size_t i = 0; i < a.decoys.size(); ++i) {
      rows.push_back({std::to_string(i + 1), "办件记录", a.decoys[i]});
    }
  } else {
    rows.push_back({"序号", "事项", "责任单位"});
    rows.push_back({"1", a.title, a.source});
  }
  if (at.ext == "txt" || at.ext == "csv") {
    const char* sep = at.ext == "csv" ? "," : "\t";
    std::string out;
    if (at.ext == "txt") out += a.title + "\n\n";
    for (const auto& r : rows) {
      for (size_t i = 0; i < r.size(); ++i) out += (i ? sep : "") + r[i];
      out += "\n";
    }
    return out;
  }
  if (at.ext == "pdf")
    return MinimalPdf("Attachment " + std::to_string(a.id) + " " + a.date.ToString());
  if (at.ext == "docx") {
    std::vector<std::string> ps = {a.title};
    for (const auto& r : rows) {
      std::string line;
      for (const auto& cell : r) line += cell + " ";
      ps.push_back(line);
    }
    return Docx(ps);
  }
  if (at.ext == "xlsx") return Xlsx(rows);
  // Legacy .doc / .xls: an OLE2 signature and filler (not meant to be parsed).
  std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  ole.resize(1024, '\0');
  return ole;
}

std::string RenderSimplePage(const Site::Model& model, std::string_view which) {
  PageSpec page;
  std::string& b = page.body;
  auto section = [&](const std::string& title, const std::string& html) {
    page.title = title;
    page.breadcrumb = " &gt; " + title;
    b = "<div class=\"article\"><h1 class=\"title\">" + title + "</h1>\n<div class=\"content\">" +
        html + "</div></div>\n";
  };
  if (which == "privacy") {
    section("隐私政策",
            "<p>本网站尊重并保护所有使用服务用户的个人隐私权。</p><p>" +
                std::string("未经用户许可，本网站不会向第三方公开、透露用户个人信息。") + "</p>");
  } else if (which == "accessibility") {
    section("无障碍服务",
            "<p>本网站提供无障碍浏览服务：语音朗读、放大缩小、高对比度、大鼠标、"
            "辅助线、纯文本模式，以及适老化关怀版。</p>");
  } else if (which == "sitemap") {
    std::string h = "<ul>\n<li><a href=\"/\">首页</a></li>\n";
    for (size_t i = 0; i < model.columns.size(); ++i) {
      const Column& c = model.columns[i];
      if (std::find(model.sitemap_skip.begin(), model.sitemap_skip.end(), static_cast<int>(i)) !=
          model.sitemap_skip.end())
        continue;
      h += "<li><a href=\"" + c.truth.path + "\">" + c.truth.name + "</a></li>\n";
    }
    for (const PageLink& l : model.sitemap_extra)
      h += "<li><a href=\"" + HtmlEscape(l.href) + "\">" + l.text + "</a></li>\n";
    h += "<li><a href=\"/content/guide.html\">政府信息公开指南</a></li>\n";
    h += "<li><a href=\"/private/index.html\">内部管理</a></li>\n</ul>\n";
    section("网站地图", h);
  } else if (which == "guide") {
    section("政府信息公开指南",
            "<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，"
            "编制本指南。</p><p>公开方式：主动公开和依申请公开。</p>");
  } else if (which == "flaky") {
    section("重要提醒", "<p>请广大市民注意防范电信网络诈骗。</p>");
  } else if (which == "busy") {
    section("数据开放", "<p>示例市公共数据开放平台汇聚全市公共数据资源。</p>");
  } else if (which == "private") {
    section("内部管理", "<p>本页面仅供内部使用。</p>");
  } else if (which == "search") {
    section("搜索结果", "<p>请输入关键词进行搜索。</p>");
  } else if (which == "soft404") {
    section("页面不存在",
            "<p class=\"error\">对不起，您访问的页面不存在或已被删除！</p>"
            "<p><a href=\"/\">返回首页</a></p>");
  } else if (which == "notfound") {
    section("404 页面未找到", "<p class=\"error\">404 Not Found：页面不存在。</p>");
  } else if (which == "special") {
    section("专题专栏",
            "<p>专题专栏</p><ul><li><a href=\"special/index.html\">更多专题</a></li></ul>");
  } else if (which == "smart_qa") {
    section("智能问答",
            "<p>您好，我是示例市政务智能客服，请输入您要咨询的问题。</p>"
            "<form action=\"/hdjl/znwd.html\" method=\"post\"><input type=\"text\" "
            "name=\"question\"><button type=\"submit\">提问</button></form>");
  } else if (which == "login") {
    section("用户登录",
            "<p>统一身份认证：个人用户、法人用户一次登录，全网通行。</p>"
            "<form action=\"/user/login.html\" method=\"post\"><input "
            "name=\"account\"><input type=\"password\" name=\"password\">"
            "<button type=\"submit\">登录</button></form>");
  } else if (which == "user_space") {
    section("个人中心", "<p>我的办件、我的咨询、我的收藏、我的订阅。</p>");
  } else if (which == "consult") {
    section("在线咨询",
            "<form action=\"/hdjl/zxzx.html\" method=\"post\"><p>姓名：<input "
            "name=\"name\"></p><p>联系电话：<input name=\"phone\"></p><p>"
            "咨询内容：<textarea name=\"content\"></textarea></p>"
            "<button type=\"submit\">提交</button></form>");
  } else if (which == "survey") {
    std::string h;
    if (model.survey_items.empty()) {
      h = "<p>关于示例市公共交通线路优化的意见征集（已结束）：共收到意见"
          "一百二十条，采纳情况已于结果反馈中公布。</p>";
    } else {  // the measure fixtures' list (Site::Model::survey_items)
      h = "<ul class=\"list-items\">\n";
      for (const auto& item : model.survey_items)
        h += "<li><a href=\"" + item.href + "\">" + item.title + "</a><span class=\"date\">" +
             item.date.ToString() + "</span></li>\n";
      h += "</ul>\n";
      page.metas = Meta("ColumnName", "征集调查") + Meta("ColumnDescription", "征集调查栏目") +
                   Meta("ColumnKeywords", "征集调查") + Meta("ColumnType", "征集调查");
    }
    section("征集调查", h);
  } else if (which == "topic") {
    std::string h = "<p>" + model.topic_name + "专题集中发布相关工作信息。</p><ul>\n";
    for (const PageLink& l : model.topic_links)
      h += "<li><a href=\"" + l.href + "\">" + l.text + "</a></li>\n";
    h += "</ul>\n";
    section(model.topic_name, h);
    page.metas = Meta("ColumnName", model.topic_name) +
                 Meta("ColumnDescription", model.topic_name + "专题") +
                 Meta("ColumnKeywords", model.topic_name) + Meta("ColumnType", "专题");
    page.breadcrumb = " &gt; 专题专栏 &gt; " + model.topic_name;
  } else if (which == "xxgk_system") {
    section("政府信息公开制度",
            "<p>示例市政府信息公开保密审查制度、主动公开制度、"
            "依申请公开制度。</p>");
  } else if (which == "xxgk_apply") {
    section("依申请公开",
            "<p>公民、法人或者其他组织可通过在线申请、信函、当面申请等"
            "方式提出政府信息公开申请。</p>");
  } else if (which == "slow") {
    std::string pad;
    for (int i = 0; i < 400; ++i) pad += "<p>统计报表数据加载中。</p>\n";
    section("统计报表", pad);
  } else {
    throw Error("unknown simple page", std::string(which));
  }
  return Layout(model, page);
}

std::string RenderSearchResults(const Site::Model& model, const std::string& query, bool broken) {
  PageSpec page;
  page.title = "搜索结果";
  page.breadcrumb = " &gt; 搜索结果";
  std::string items;
  int found = 0;
  if (!broken && !query.empty()) {
    for (const Column& c : model.columns) {
      for (int ai : c.articles) {
        const Article& a = model.articles[static_cast<size_t>(ai)];
        if (a.title.find(query) == std::string::npos) continue;
        if (++found > 10) continue;
        items += "<li><a href=\"" + a.path + "\">" + HtmlEscape(a.title) +
                 "</a><span class=\"date\">" + a.date.ToString() + "</span></li>\n";
      }
    }
  }
  std::string& b = page.body;
  b = "<div class=\"search-results\"><p>您搜索的是：" + HtmlEscape(query) + "</p>\n";
  if (found == 0) {
    b += "<p>未找到与“" + HtmlEscape(query) + "”相关的结果。</p>\n";
  } else {
    b += "<p>共找到" + std::to_string(found) + "条结果</p>\n<ul>\n" + items + "</ul>\n";
  }
  b += "</div>\n";
  return Layout(model, page);
}

std::string RenderCalendar(const Site::Model& model, Date day) {
  PageSpec page;
  page.title = "活动日历 " + day.ToString();
  page.breadcrumb = " &gt; 活动日历";
  page.body =
      "<div class=\"calendar\"><h2>" + day.ToString() + " 活动安排</h2><p>当日暂无活动。</p>" +
      "<a href=\"?date=" + day.AddDays(-1).ToString() +
      "\">前一天</a> <a href=\"?date=" + day.AddDays(1).ToString() + "\">后一天</a></div>\n";
  return Layout(model, page);
}

std::string RenderCalendarSsi(const Site::Model& model) {
  PageSpec page;
  page.title = "活动日历";
  page.breadcrumb = " &gt; 活动日历";
  page.body =
      "<div class=\"calendar\"><h2>活动安排</h2><p>当日暂无活动。</p>"
      "<a href=\"?date=<!--# echo var=\"arg_date\" default=\"\" -->0\">前一天</a> "
      "<a href=\"?date=<!--# echo var=\"arg_date\" default=\"\" -->1\">后一天</a></div>\n";
  return Layout(model, page);
}

std::string ToGbk(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open("GBK", &status), ucnv_close);
  if (U_FAILURE(status)) throw Error("cannot open the GBK converter", u_errorName(status));
  ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string wide(utf8.size(), u'\0');
  int32_t wide_len = 0;
  u_strFromUTF8(wide.data(), static_cast<int32_t>(wide.size()), &wide_len, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) throw Error("invalid UTF-8 in a page to encode as GBK");
  std::string out(static_cast<size_t>(wide_len) * 2 + 16, '\0');
  const int32_t n = ucnv_fromUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()),
                                    wide.data(), wide_len, &status);
  if (U_FAILURE(status))
    throw Error("a character of the page has no GBK encoding", u_errorName(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace govscore::sample

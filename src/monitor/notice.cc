#include "monitor/notice.h"

#include <zip.h>

#include <cstdio>
#include <memory>

#include "core/error.h"
#include "core/html_escape.h"
#include "monitor/clock.h"

namespace govscore::monitor {

store::RectificationNotice IssueUnitNotice(store::Store& store, const store::Actor& actor,
                                           store::Id unit_id, const Date& deadline,
                                           const Date& today) {
  const std::string where = "unit " + std::to_string(unit_id);
  if (!store.FindUnit(unit_id)) throw Error("no unit with id " + std::to_string(unit_id), where);
  if (!(today < deadline))
    throw Error(
        "the deadline " + deadline.ToString() + " must be after today (" + today.ToString() + ")",
        where);
  std::vector<store::Id> open;
  for (const store::Finding& f : store.ListFindings(unit_id))
    if (f.state == store::FindingState::kOpen || f.state == store::FindingState::kReopened)
      open.push_back(f.id);
  if (open.empty()) throw Error("the unit has no open finding to rectify", where);
  return store.IssueNotice(actor, unit_id, deadline, open);
}

NoticeDocument LoadNotice(store::Store& store, store::Id notice_id, const std::string& issuer) {
  NoticeDocument doc;
  auto n = store.FindNotice(notice_id);
  if (!n) throw Error("no notice with id " + std::to_string(notice_id), "notice");
  doc.notice = *n;
  auto unit = store.FindUnit(n->unit_id);
  if (!unit) throw Error("the notice's unit no longer exists", "notice " + n->number);
  doc.unit = *unit;
  for (store::Id id : n->finding_ids)
    if (auto f = store.FindFinding(id)) doc.findings.push_back(*f);
  if (!issuer.empty()) doc.issuer = issuer;
  return doc;
}

std::string FindingKindName(const std::string& kind) {
  if (kind == "broken_link") return "链接不可用";
  if (kind == "empty_column") return "空白栏目";
  if (kind == "stale_column") return "栏目应更新未更新";
  if (kind == "personal_data") return "泄露个人信息";
  if (kind == "outage") return "网站无法访问";
  return kind;
}

namespace {

// HtmlEscape (core) without the control characters XML 1.0 forbids (the DOCX
// parts are XML): they are dropped, tab and newline kept.
std::string Escape(const std::string& s) {
  std::string kept;
  kept.reserve(s.size());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') kept += c;
  return HtmlEscape(kept);
}

std::string ChineseDate(const Date& d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" +
         std::to_string(d.day()) + "日";
}

// The notice's paragraphs before and after the table, shared by both formats.
struct Text {
  std::string title, number, salutation, intro, outro, signature, date;
};

Text NoticeText(const NoticeDocument& doc) {
  Text t;
  t.title = "政府网站整改通知";
  t.number = doc.notice.number;
  t.salutation = doc.unit.name + "：";
  t.intro = "经对你单位网站开展常态化监测，发现以下" + std::to_string(doc.findings.size()) +
            "个问题。请于" + ChineseDate(doc.notice.deadline) +
            "前完成整改，并将整改情况报送我单位。逾期未整改的，将在下一次检查中予以通报。";
  t.outro = "整改完成后，系统将在下一次监测中复核，复核通过的问题自动标记为已整改。";
  t.signature = doc.issuer;
  t.date = ChineseDate(ChinaDate(doc.notice.issued_at));
  return t;
}

}  // namespace

std::string RenderNoticeHtml(const NoticeDocument& doc) {
  const Text t = NoticeText(doc);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
      Escape(t.title + " " + t.number) +
      "</title><style>body{font-family:'FangSong','仿宋',serif;max-width:48em;margin:2em "
      "auto;line-height:1.8}h1{text-align:center;font-family:'SimHei','黑体',sans-serif}"
      ".no{text-align:center}table{border-collapse:collapse;width:100%}td,th{border:1px solid "
      "#333;padding:.3em;vertical-align:top;word-break:break-all}.sig{text-align:right}"
      "</style></head><body>\n";
  h += "<h1>" + Escape(t.title) + "</h1>\n<p class=\"no\">" + Escape(t.number) + "</p>\n";
  h += "<p>" + Escape(t.salutation) + "</p>\n<p>" + Escape(t.intro) + "</p>\n";
  h += "<table><thead><tr><th>序号</th><th>问题类型</th><th>位置</th><th>问题说明</th>"
       "<th>首次发现</th><th>最近发现</th></tr></thead><tbody>\n";
  int i = 0;
  for (const store::Finding& f : doc.findings) {
    h += "<tr><td>" + std::to_string(++i) + "</td><td>" + Escape(FindingKindName(f.kind)) +
         "</td><td>" + Escape(f.url) + "</td><td>" + Escape(f.detail) + "</td><td>" +
         Escape(ChinaDate(f.first_seen_at).ToString()) + "</td><td>" +
         Escape(ChinaDate(f.last_seen_at).ToString()) + "</td></tr>\n";
  }
  h += "</tbody></table>\n<p>" + Escape(t.outro) + "</p>\n";
  h += "<p class=\"sig\">" + Escape(t.signature) + "<br>" + Escape(t.date) + "</p>\n";
  h += "</body></html>\n";
  return h;
}

namespace {

std::string Run(const std::string& text, bool bold = false, int half_points = 0) {
  std::string props;
  if (bold || half_points) {
    props = "<w:rPr><w:rFonts w:ascii=\"FangSong\" w:eastAsia=\"仿宋\"/>";
    if (bold) props += "<w:b/>";
    if (half_points) props += "<w:sz w:val=\"" + std::to_string(half_points) + "\"/>";
    props += "</w:rPr>";
  }
  return "<w:r>" + props + "<w:t xml:space=\"preserve\">" + Escape(text) + "</w:t></w:r>";
}

std::string Para(const std::string& text, const char* align = nullptr, bool bold = false,
                 int half_points = 0) {
  std::string p = "<w:p>";
  if (align) p += std::string("<w:pPr><w:jc w:val=\"") + align + "\"/></w:pPr>";
  return p + Run(text, bold, half_points) + "</w:p>";
}

std::string Cell(const std::string& text, bool bold = false) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>" + Para(text, nullptr, bold) +
         "</w:tc>";
}

// Writes `files` (name, content) into a zip in memory.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw Error("libzip: cannot create a buffer", "docx");
  zip_source_keep(buffer);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) throw Error(std::string("libzip: ") + zip_error_strerror(&error), "docx");
  for (const auto& [name, content] : files) {
    zip_source_t* s = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (!s || zip_file_add(archive, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      const std::string why = zip_strerror(archive);
      zip_discard(archive);
      throw Error("libzip: " + why, "docx " + name);
    }
  }
  if (zip_close(archive) < 0) {
    const std::string why = zip_strerror(archive);
    zip_discard(archive);
    throw Error("libzip: " + why, "docx");
  }
  if (zip_source_open(buffer) < 0) throw Error("libzip: cannot reopen the buffer", "docx");
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  const zip_int64_t got = zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  if (got != size) throw Error("libzip: short read of the archive", "docx");
  return out;
}

}  // namespace

std::string RenderNoticeDocx(const NoticeDocument& doc) {
  const Text t = NoticeText(doc);
  std::string body;
  body += Para(t.title, "center", true, 36);
  body += Para(t.number, "center");
  body += Para(t.salutation);
  body += Para(t.intro);
  body +=
      "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
      "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
      "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
      "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
      "</w:tblBorders></w:tblPr>";
  body += "<w:tr>" + Cell("序号", true) + Cell("问题类型", true) + Cell("位置", true) +
          Cell("问题说明", true) + Cell("首次发现", true) + Cell("最近发现", true) + "</w:tr>";
  int i = 0;
  for (const store::Finding& f : doc.findings)
    body += "<w:tr>" + Cell(std::to_string(++i)) + Cell(FindingKindName(f.kind)) + Cell(f.url) +
            Cell(f.detail) + Cell(ChinaDate(f.first_seen_at).ToString()) +
            Cell(ChinaDate(f.last_seen_at).ToString()) + "</w:tr>";
  body += "</w:tbl>";
  body += Para(t.outro);
  body += Para(t.signature, "right");
  body += Para(t.date, "right");
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>" +
      body +
      "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" "
      "w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
      "</w:sectPr></w:body></w:document>";
  const std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
  return Zip(
      {{"[Content_Types].xml", types}, {"_rels/.rels", rels}, {"word/document.xml", document}});
}

}  // namespace govscore::monitor

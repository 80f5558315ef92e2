// Text of text-bearing attachments for the personal-data scan.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <unicode/ucnv.h>
#include <zip.h>

#include <memory>
#include <mutex>

#include "core/error.h"
#include "extract/page.h"
#include "extract/text.h"

namespace govscore {
namespace {

enum class Format { kText, kHtml, kPdf, kDocx, kXlsx, kOfd, kOle, kZipOther, kUnknown };

Format FromKind(std::string_view kind) {
  std::string k = text::AsciiLower(text::TrimAscii(kind));
  size_t semi = k.find(';');
  if (semi != std::string::npos) k.resize(semi);
  auto ends = [&](std::string_view e) { return text::EndsWith(k, e); };
  if (ends("pdf")) return Format::kPdf;
  if (ends("docx") || k.find("wordprocessingml") != std::string::npos) return Format::kDocx;
  if (ends("xlsx") || k.find("spreadsheetml") != std::string::npos) return Format::kXlsx;
  if (ends("ofd")) return Format::kOfd;
  if (ends("txt") || ends("csv") || ends("text/plain") || ends("text/csv") || k == "text")
    return Format::kText;
  if (ends("html") || ends("htm") || ends("shtml")) return Format::kHtml;
  if (ends("doc") || ends("xls") || ends("wps") || ends("et") || ends("msword") ||
      ends("vnd.ms-excel"))
    return Format::kOle;
  return Format::kUnknown;
}

Format Sniff(std::string_view b, Format declared) {
  if (b.substr(0, 5) == "%PDF-") return Format::kPdf;
  if (b.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    if (declared == Format::kDocx || declared == Format::kXlsx || declared == Format::kOfd)
      return declared;
    return Format::kZipOther;  // decided by the members present
  }
  if (b.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return Format::kOle;
  return declared;
}

std::string Cap(std::string s, size_t max_chars) {
  if (s.size() > max_chars) {
    size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
  }
  return s;
}

std::string DecodeText(std::string_view b, std::string_view kind) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  bool utf16le = b.substr(0, 2) == "\xFF\xFE";
  bool utf16be = b.substr(0, 2) == "\xFE\xFF";
  bool changed = false;
  std::string s;
  if (!utf16le && !utf16be) {
    s = text::SanitizeUtf8(b, &changed);
    if (!changed) return s;
  }
  const char* from = utf16le ? "UTF-16LE" : utf16be ? "UTF-16BE" : "GB18030";
  if (utf16le || utf16be) b.remove_prefix(2);
  UErrorCode status = U_ZERO_ERROR;
  std::string out(b.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", from, out.data(), static_cast<int32_t>(out.size()), b.data(),
                           static_cast<int32_t>(b.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    out.assign(static_cast<size_t>(n) + 1, '\0');
    n = ucnv_convert("UTF-8", from, out.data(), static_cast<int32_t>(out.size()), b.data(),
                     static_cast<int32_t>(b.size()), &status);
  }
  if (U_FAILURE(status))
    throw Error(std::string("cannot decode text as ") + from + ": " + u_errorName(status),
                std::string(kind));
  out.resize(static_cast<size_t>(n));
  return out;
}

// XML text with tags removed: `para_end` tags end a line, `cell_end` tags add a tab.
void AppendXmlEntity(std::string_view ent, std::string* out) {
  if (ent == "amp")
    *out += '&';
  else if (ent == "lt")
    *out += '<';
  else if (ent == "gt")
    *out += '>';
  else if (ent == "quot")
    *out += '"';
  else if (ent == "apos")
    *out += '\'';
  else if (!ent.empty() && ent[0] == '#') {
    char32_t cp = 0;
    bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
    for (char c : ent.substr(hex ? 2 : 1)) {
      int d = (c >= '0' && c <= '9')                      ? c - '0'
              : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                          : -1;
      if (d < 0 || cp > 0x10FFFF) return;
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (cp > 0 && cp <= 0x10FFFF) text::AppendUtf8(cp, out);
  }
}

std::string XmlText(std::string_view xml, std::string_view text_tag) {
  // Collects character data inside <text_tag>...</text_tag>; newline after </w:p>-like
  // paragraph ends and tabs for <w:tab/>.
  std::string out;
  size_t i = 0;
  int inside = 0;
  while (i < xml.size()) {
    if (xml[i] == '<') {
      size_t e = xml.find('>', i);
      if (e == std::string_view::npos) break;
      std::string_view tag = xml.substr(i + 1, e - i - 1);
      bool closing = !tag.empty() && tag[0] == '/';
      std::string_view name = tag.substr(closing ? 1 : 0);
      name = name.substr(0, name.find_first_of(" /\t\n"));
      if (name == text_tag) {
        if (closing)
          inside = 0;
        else if (tag.back() != '/')
          inside = 1;
      } else if (name == "w:p" && closing) {
        out += '\n';
      } else if (name == "w:tab" || name == "w:br") {
        out += name == "w:tab" ? '\t' : '\n';
      }
      i = e + 1;
      continue;
    }
    if (xml[i] == '&') {
      size_t semi = xml.find(';', i);
      if (semi != std::string_view::npos && semi - i < 12) {
        if (inside) AppendXmlEntity(xml.substr(i + 1, semi - i - 1), &out);
        i = semi + 1;
        continue;
      }
    }
    if (inside) out += xml[i];
    ++i;
  }
  return out;
}

class ZipArchive {
 public:
  ZipArchive(std::string_view bytes, std::string_view kind) : kind_(kind) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) throw Error("cannot read zip data", kind_);
    zip_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      std::string msg = zip_error_strerror(&error);
      zip_source_free(src);
      zip_error_fini(&error);
      throw Error("corrupt zip container: " + msg, kind_);
    }
    zip_error_fini(&error);
  }
  ~ZipArchive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool Has(const char* name) { return zip_name_locate(zip_, name, 0) >= 0; }
  std::vector<std::string> Names() {
    std::vector<std::string> out;
    zip_int64_t n = zip_get_num_entries(zip_, 0);
    for (zip_int64_t k = 0; k < n; ++k) {
      const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(k), 0);
      if (name != nullptr) out.push_back(name);
    }
    return out;
  }
  // Member contents, capped at `cap` bytes (zip bombs).
  std::string Read(const std::string& name, size_t cap) {
    zip_file_t* file = zip_fopen(zip_, name.c_str(), 0);
    if (file == nullptr) throw Error("zip member missing or unreadable: " + name, kind_);
    std::string out;
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_fread(file, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (out.size() >= cap) break;
    }
    zip_fclose(file);
    if (n < 0) throw Error("corrupt zip member: " + name, kind_);
    return out;
  }

 private:
  std::string kind_;
  zip_t* zip_ = nullptr;
};

std::string DocxText(std::string_view bytes, std::string_view kind, size_t cap) {
  ZipArchive zip(bytes, kind);
  if (!zip.Has("word/document.xml"))
    throw Error("docx without word/document.xml", std::string(kind));
  std::string out = XmlText(zip.Read("word/document.xml", cap * 4), "w:t");
  for (const std::string& name : zip.Names()) {
    if ((name.rfind("word/header", 0) == 0 || name.rfind("word/footer", 0) == 0) &&
        out.size() < cap)
      out += "\n" + XmlText(zip.Read(name, cap), "w:t");
  }
  return out;
}

// Attribute value of `attr` inside the start tag `tag` ("<c r=\"A1\" t=\"s\">").
std::string_view TagAttr(std::string_view tag, std::string_view attr) {
  std::string key = " " + std::string(attr) + "=\"";
  size_t p = tag.find(key);
  if (p == std::string_view::npos) return {};
  size_t b = p + key.size();
  size_t e = tag.find('"', b);
  return e == std::string_view::npos ? std::string_view() : tag.substr(b, e - b);
}

// The shared string table of an xlsx (cells of type "s" index it).
std::vector<std::string> XlsxSharedStrings(ZipArchive& zip, size_t cap) {
  std::vector<std::string> shared;
  if (!zip.Has("xl/sharedStrings.xml")) return shared;
  std::string xml = zip.Read("xl/sharedStrings.xml", cap * 4);
  size_t i = 0;
  while ((i = xml.find("<si", i)) != std::string::npos) {
    size_t e = xml.find("</si>", i);
    if (e == std::string::npos) break;
    shared.push_back(XmlText(std::string_view(xml).substr(i, e - i), "t"));
    i = e + 5;
  }
  return shared;
}

// Calls cell(ref, value) for every non-empty cell of worksheet XML `x`, in
// document order; `ref` is the cell's "r" attribute ("B3"), possibly empty.
template <typename F>
void ForEachXlsxCell(std::string_view x, const std::vector<std::string>& shared, F&& cell) {
  size_t i = 0;
  while ((i = x.find("<c", i)) != std::string_view::npos) {
    if (i + 2 < x.size() && x[i + 2] != ' ' && x[i + 2] != '>') {
      i += 2;
      continue;
    }
    size_t tag_end = x.find('>', i);
    if (tag_end == std::string_view::npos) break;
    std::string_view tag = x.substr(i, tag_end - i);
    if (tag.back() == '/') {
      i = tag_end + 1;
      continue;
    }
    size_t cell_end = x.find("</c>", tag_end);
    if (cell_end == std::string_view::npos) break;
    std::string_view body = x.substr(tag_end + 1, cell_end - tag_end - 1);
    std::string_view type = TagAttr(tag, "t");
    std::string value;
    if (type == "inlineStr") {
      value = XmlText(body, "t");
    } else {
      size_t v = body.find("<v>");
      size_t ve = body.find("</v>");
      if (v != std::string_view::npos && ve != std::string_view::npos && ve > v) {
        value = XmlText("<v>" + std::string(body.substr(v + 3, ve - v - 3)) + "</v>", "v");
        if (type == "s") {
          size_t idx = 0;
          bool ok = !value.empty();
          for (char c : value) {
            if (c < '0' || c > '9')
              ok = false;
            else
              idx = idx * 10 + static_cast<size_t>(c - '0');
          }
          value = ok && idx < shared.size() ? shared[idx] : std::string();
        }
      }
    }
    cell(TagAttr(tag, "r"), value);
    i = cell_end + 4;
  }
}

std::string XlsxText(std::string_view bytes, std::string_view kind, size_t cap) {
  ZipArchive zip(bytes, kind);
  if (!zip.Has("xl/workbook.xml")) throw Error("xlsx without xl/workbook.xml", std::string(kind));
  const std::vector<std::string> shared = XlsxSharedStrings(zip, cap);
  std::string out;
  for (const std::string& name : zip.Names()) {
    if (name.rfind("xl/worksheets/sheet", 0) != 0 || out.size() >= cap) continue;
    std::string xml = zip.Read(name, cap * 4);
    ForEachXlsxCell(xml, shared, [&](std::string_view ref, const std::string& value) {
      // A new row starts a new line.
      size_t digit = ref.find_first_of("0123456789");
      if (digit != std::string_view::npos && ref.substr(0, digit) == "A" && !out.empty())
        out += '\n';
      out += value;
      out += '\t';
    });
    out += '\n';
  }
  return out;
}

// The zip member of the workbook's first sheet (workbook.xml order, resolved
// through xl/_rels/workbook.xml.rels), else xl/worksheets/sheet1.xml.
std::string FirstSheetMember(ZipArchive& zip) {
  std::string fallback = "xl/worksheets/sheet1.xml";
  std::string workbook = zip.Read("xl/workbook.xml", 4 << 20);
  size_t s = workbook.find("<sheet ");
  if (s == std::string::npos || !zip.Has("xl/_rels/workbook.xml.rels")) return fallback;
  std::string_view tag = std::string_view(workbook).substr(s, workbook.find('>', s) - s);
  std::string rid(TagAttr(tag, "r:id"));
  std::string rels = zip.Read("xl/_rels/workbook.xml.rels", 4 << 20);
  for (size_t r = 0; (r = rels.find("<Relationship ", r)) != std::string::npos; ++r) {
    std::string_view rel = std::string_view(rels).substr(r, rels.find('>', r) - r);
    if (rid.empty() || TagAttr(rel, "Id") != rid) continue;
    std::string target(TagAttr(rel, "Target"));
    if (target.rfind("/xl/", 0) == 0) return target.substr(1);
    return "xl/" + target;
  }
  return fallback;
}

}  // namespace

std::vector<std::vector<std::string>> ReadXlsxRows(std::string_view bytes, std::string_view where,
                                                   size_t max_cells) {
  ZipArchive zip(bytes, where);
  if (!zip.Has("xl/workbook.xml")) throw Error("xlsx without xl/workbook.xml", std::string(where));
  const size_t cap = 64 << 20;
  const std::vector<std::string> shared = XlsxSharedStrings(zip, cap);
  const std::string member = FirstSheetMember(zip);
  if (!zip.Has(member.c_str()))
    throw Error("xlsx without its first worksheet " + member, std::string(where));
  const std::string xml = zip.Read(member, cap);
  std::vector<std::vector<std::string>> rows;
  size_t cells = 0, row = 0, col = 0;
  ForEachXlsxCell(xml, shared, [&](std::string_view ref, const std::string& value) {
    if (++cells > max_cells)
      throw Error("more than " + std::to_string(max_cells) + " cells", std::string(where));
    // "AB12" → column 27 (0-based), row 12; a cell without ref follows the previous one.
    size_t letters = 0, c = 0, r = 0;
    while (letters < ref.size() && ref[letters] >= 'A' && ref[letters] <= 'Z')
      c = c * 26 + static_cast<size_t>(ref[letters++] - 'A' + 1);
    for (size_t k = letters; k < ref.size() && ref[k] >= '0' && ref[k] <= '9'; ++k)
      r = r * 10 + static_cast<size_t>(ref[k] - '0');
    if (c == 0 || r == 0) {
      r = row == 0 ? 1 : row;
      c = col + 1;
    }
    if (r > 1'048'576 || c > 16'384)
      throw Error("cell reference out of range: " + std::string(ref), std::string(where));
    row = r;
    col = c;
    if (rows.size() < r) rows.resize(r);
    if (rows[r - 1].size() < c) rows[r - 1].resize(c);
    rows[r - 1][c - 1] = value;
  });
  return rows;
}

namespace {

// OFD (GB/T 33190, the Chinese fixed-layout format): a zip whose page
// Content.xml files hold text in <ofd:TextCode> elements.
std::string OfdText(std::string_view bytes, std::string_view kind, size_t cap) {
  ZipArchive zip(bytes, kind);
  if (!zip.Has("OFD.xml")) throw Error("ofd without OFD.xml", std::string(kind));
  std::string out;
  for (const std::string& name : zip.Names()) {
    if (!text::EndsWith(name, "/Content.xml") || name.find("/Pages/") == std::string::npos)
      continue;
    if (out.size() >= cap) break;
    out += XmlText(zip.Read(name, cap * 4), "ofd:TextCode");
    out += '\n';
  }
  return out;
}

void QuietPoppler(const std::string&, void*) {}

std::string PdfText(std::string_view bytes, std::string_view kind, size_t cap) {
  // poppler keeps process-wide state (global parameters, font caches); crawl
  // workers may extract PDFs concurrently, so one PDF at a time. PDFs are few
  // next to HTML pages, which never take this lock.
  static std::mutex poppler_mutex;
  std::lock_guard<std::mutex> lock(poppler_mutex);
  static bool quiet = [] {
    poppler::set_debug_error_function(QuietPoppler, nullptr);
    return true;
  }();
  (void)quiet;
  std::vector<char> data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) throw Error("corrupt or encrypted PDF", std::string(kind));
  // poppler builds its global parameters (a font and encoding scan) when the
  // first document is created and drops them with the last one; keeping the
  // latest document alive saves that per PDF (it was 5% of a whole scan). It
  // is never destroyed: at exit poppler's own statics may already be gone.
  static poppler::document* keep_globals = nullptr;
  auto keep = [&] {
    delete keep_globals;
    keep_globals = doc.release();
  };
  if (doc->is_locked()) {
    keep();
    throw Error("password-protected PDF", std::string(kind));
  }
  std::string out;
  for (int p = 0; p < doc->pages() && out.size() < cap; ++p) {
    std::unique_ptr<poppler::page> page(doc->create_page(p));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    out.append(utf8.begin(), utf8.end());
    out += '\n';
  }
  keep();
  return out;
}

// Legacy binary Office (doc/xls/wps/et): no parser here, so collect printable
// runs of UTF-16LE and of single-byte ASCII, which is where such files keep
// their text. Best effort: enough to find ID and phone numbers.
std::string OleStrings(std::string_view b) {
  std::string out;
  std::u16string run16;
  auto flush16 = [&] {
    if (run16.size() >= 4) {
      for (char16_t c : run16) text::AppendUtf8(c, &out);
      out += '\n';
    }
    run16.clear();
  };
  for (size_t i = 0; i + 1 < b.size(); i += 2) {
    char16_t c = static_cast<char16_t>(static_cast<unsigned char>(b[i]) |
                                       (static_cast<unsigned char>(b[i + 1]) << 8));
    bool printable = (c >= 0x20 && c < 0x7F) || (c >= 0x4E00 && c <= 0x9FFF) ||
                     (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
    if (printable)
      run16.push_back(c);
    else
      flush16();
  }
  flush16();
  std::string run8;
  for (char ch : b) {
    if (ch >= 0x20 && ch < 0x7F) {
      run8.push_back(ch);
    } else {
      if (run8.size() >= 6) out += run8 + "\n";
      run8.clear();
    }
  }
  if (run8.size() >= 6) out += run8 + "\n";
  return out;
}

}  // namespace

std::string ExtractAttachmentText(std::string_view bytes, std::string_view kind, size_t max_chars) {
  Format f = Sniff(bytes, FromKind(kind));
  std::string where(kind.empty() ? "attachment" : kind);
  if (f == Format::kZipOther) {
    ZipArchive zip(bytes, where);
    if (zip.Has("word/document.xml")) {
      f = Format::kDocx;
    } else if (zip.Has("xl/workbook.xml")) {
      f = Format::kXlsx;
    } else if (zip.Has("OFD.xml")) {
      f = Format::kOfd;
    } else {
      throw Error("zip archive is neither docx, xlsx nor ofd; archives are not unpacked", where);
    }
  }
  switch (f) {
    case Format::kText:
      return Cap(DecodeText(bytes, where), max_chars);
    case Format::kHtml: {
      ExtractOptions o;
      o.as_of = Date::TodayInChina();
      o.keep_text = true;
      bool changed = false;
      std::string utf8 = text::SanitizeUtf8(bytes, &changed);
      return Cap(ExtractPage(utf8, "", o).text, max_chars);
    }
    case Format::kPdf:
      return Cap(PdfText(bytes, where, max_chars), max_chars);
    case Format::kDocx:
      return Cap(DocxText(bytes, where, max_chars), max_chars);
    case Format::kXlsx:
      return Cap(XlsxText(bytes, where, max_chars), max_chars);
    case Format::kOfd:
      return Cap(OfdText(bytes, where, max_chars), max_chars);
    case Format::kOle:
      return Cap(OleStrings(bytes), max_chars);
    case Format::kZipOther:
    case Format::kUnknown:
      break;
  }
  throw Error(
      "unsupported attachment type (supported: txt csv html pdf docx xlsx ofd doc xls wps et)",
      where);
}

}  // namespace govscore

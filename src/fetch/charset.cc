#include "fetch/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace govscore {
namespace {

constexpr size_t kMetaScanBytes = 4096;
constexpr size_t kDetectBytes = size_t{64} * 1024;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

// Reads the value after "charset" at `pos` in `s` ("charset = 'gbk'"), or empty.
std::string_view LabelAfter(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  if (pos >= s.size() || s[pos] != '=') return {};
  ++pos;
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '"' || s[pos] == '\''))
    ++pos;
  size_t end = pos;
  while (end < s.size() && IsLabelChar(s[end])) ++end;
  return s.substr(pos, end - pos);
}

// Case-insensitive search for the lower-case `needle` in `hay` from `from`.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && Lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool IcuKnows(const std::string& label) {
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(label.c_str(), "", &err);
  if (U_SUCCESS(err) && name != nullptr) return true;
  err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(label.c_str(), &err);
  if (cnv != nullptr) ucnv_close(cnv);
  return U_SUCCESS(err);
}

// Canonical lower-case label for a declared charset, or empty if unusable.
std::string NormalizeLabel(std::string_view raw) {
  std::string label = LowerCopy(raw);
  if (label.empty()) return {};
  if (label == "utf8" || label == "utf-8" || label == "unicode-1-1-utf-8") return "utf-8";
  if (label == "gb_2312-80" || label == "euc-cn" || label == "x-euc-cn" || label == "csgb2312" ||
      label == "gb2312" || label == "chinese" || label == "iso-ir-58")
    return "gb2312";
  if (label == "gbk" || label == "x-gbk" || label == "cp936" || label == "ms936" ||
      label == "windows-936")
    return "gbk";
  if (label == "gb18030") return "gb18030";
  if (label == "big5" || label == "x-big5" || label == "cn-big5" || label == "csbig5")
    return "big5";
  // WHATWG: these labels all mean windows-1252 in browsers.
  if (label == "iso-8859-1" || label == "latin1" || label == "us-ascii" || label == "ascii" ||
      label == "iso8859-1" || label == "l1")
    return "windows-1252";
  // An HTML page cannot declare itself UTF-16 in <meta>; browsers use UTF-8.
  if (IcuKnows(label)) return label;
  return {};
}

// The ICU converter name used to decode a normalized label.
std::string ConverterName(std::string_view charset) {
  std::string label = NormalizeLabel(charset);
  if (label.empty() || label == "utf-8") return "UTF-8";
  // Pages labelled GB2312 or GBK routinely use GBK-only characters; GB18030 is a
  // superset of both and is what browsers decode them with.
  if (label == "gb2312" || label == "gbk" || label == "gb18030") return "GB18030";
  if (label == "big5") return "Big5";
  return label;
}

std::string FromBom(std::string_view body) {
  if (body.size() >= 3 && static_cast<unsigned char>(body[0]) == 0xEF &&
      static_cast<unsigned char>(body[1]) == 0xBB && static_cast<unsigned char>(body[2]) == 0xBF)
    return "utf-8";
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0xFF &&
      static_cast<unsigned char>(body[1]) == 0xFE)
    return "utf-16le";
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0xFE &&
      static_cast<unsigned char>(body[1]) == 0xFF)
    return "utf-16be";
  return {};
}

std::string FromMeta(std::string_view body) {
  std::string_view head = body.substr(0, std::min(body.size(), kMetaScanBytes));
  for (size_t pos = FindNoCase(head, "<meta"); pos != std::string_view::npos;
       pos = FindNoCase(head, "<meta", pos + 5)) {
    size_t end = head.find('>', pos);
    std::string_view tag = head.substr(pos, end == std::string_view::npos ? head.npos : end - pos);
    for (size_t c = FindNoCase(tag, "charset"); c != std::string_view::npos;
         c = FindNoCase(tag, "charset", c + 7)) {
      std::string label = NormalizeLabel(LabelAfter(tag, c + 7));
      if (label == "utf-16le" || label == "utf-16be" || label == "utf-16") return "utf-8";
      if (!label.empty()) return label;
    }
  }
  // An XML declaration: <?xml version="1.0" encoding="gb2312"?>
  if (head.substr(0, 5) == "<?xml") {
    size_t end = head.find("?>");
    std::string_view decl = head.substr(0, end);
    size_t e = FindNoCase(decl, "encoding");
    if (e != std::string_view::npos) {
      std::string label = NormalizeLabel(LabelAfter(decl, e + 8));
      if (!label.empty()) return label;
    }
  }
  return {};
}

// True when `s` is well-formed UTF-8 (a truncated final sequence is accepted,
// since bodies may be cut at a cap).
bool IsUtf8(std::string_view s, bool* all_ascii) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  bool ascii = true;
  while (p < end) {
    // Skip ASCII eight bytes at a time.
    if (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    ascii = false;
    // Fast path: a complete three-byte sequence without a range rule (most
    // of Chinese text).
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
      p += 3;
      while (end - p >= 3 && p[0] >= 0xE1 && p[0] <= 0xEF && p[0] != 0xED &&
             (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
        p += 3;
      continue;
    }
    int n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    ++p;
    for (int i = 0; i < n; ++i, ++p) {
      if (p == end) {
        if (all_ascii) *all_ascii = ascii;
        return true;
      }
      unsigned char b = *p;
      if (i == 0 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
  }
  if (all_ascii) *all_ascii = ascii;
  return true;
}

// Byte-structure statistics of a non-UTF-8 sample read as double-byte Chinese.
struct CjkStats {
  size_t pairs = 0;      // two- or four-byte sequences well-formed in GB18030
  size_t gbk_bad = 0;    // bytes >= 0x80 that start no GB18030 sequence
  size_t big5_bad = 0;   // pairs impossible in Big5 (trail 0x80-0xA0, four-byte)
  size_t low_trail = 0;  // pairs with a trail byte below 0xA1: rare in simplified
                         // Chinese GBK text (GB2312 hanzi have trails A1-FE),
                         // frequent in Big5 (about 40% of its characters)
};

CjkStats ScanCjk(std::string_view s) {
  CjkStats st;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0x81 && b <= 0xFE && i + 1 < n) {
      unsigned char t = p[i + 1];
      if (t >= 0x30 && t <= 0x39 && i + 3 < n && p[i + 2] >= 0x81 && p[i + 2] <= 0xFE &&
          p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
        ++st.pairs;
        ++st.big5_bad;
        i += 4;
        continue;
      }
      if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
        ++st.pairs;
        if (t >= 0x80 && t <= 0xA0) ++st.big5_bad;
        if (t < 0xA1) ++st.low_trail;
        i += 2;
        continue;
      }
    }
    if (i + 1 < n) ++st.gbk_bad;  // a lead byte cut at the end of the sample is fine
    ++i;
  }
  return st;
}

// Detection for bodies with no declared charset. Valid UTF-8 wins; otherwise
// Chinese double-byte encodings are judged from their byte structure, because
// ICU's statistical detector guesses wildly on short texts (UTF-16 or KOI8-R
// for a GBK title or a short GBK CSV file). ICU decides what is not CJK.
std::string FromDetection(std::string_view body) {
  std::string_view sample = body.substr(0, std::min(body.size(), kDetectBytes));
  bool ascii = true;
  if (IsUtf8(sample, &ascii)) return "utf-8";
  std::string icu;
  int32_t confidence = 0;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&err), ucsdet_close);
  if (U_SUCCESS(err)) {
    ucsdet_enableInputFilter(det.get(), true);  // ignore markup
    ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &err);
    const UCharsetMatch* match = ucsdet_detect(det.get(), &err);
    if (U_SUCCESS(err) && match != nullptr) {
      const char* name = ucsdet_getName(match, &err);
      confidence = ucsdet_getConfidence(match, &err);
      if (U_SUCCESS(err) && name != nullptr) icu = NormalizeLabel(name);
    }
  }
  CjkStats st = ScanCjk(sample);
  if (st.pairs > 0 && st.gbk_bad * 50 <= st.pairs) {
    if (icu == "gb18030") return icu;
    bool big5_possible = st.big5_bad == 0;
    if (big5_possible && icu == "big5" && confidence >= 30) return icu;
    if (big5_possible && st.low_trail * 5 >= st.pairs) return "big5";
    return "gb18030";
  }
  bool unicode = icu.rfind("utf-16", 0) == 0 || icu.rfind("utf-32", 0) == 0;
  if (!icu.empty() && !unicode && confidence >= 30) return icu;
  return st.pairs > st.gbk_bad ? "gb18030" : "windows-1252";
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) { return IsUtf8(bytes, nullptr); }

std::string CharsetFromContentType(std::string_view content_type_header) {
  size_t c = FindNoCase(content_type_header, "charset");
  if (c == std::string_view::npos) return {};
  return LowerCopy(LabelAfter(content_type_header, c + 7));
}

std::string DetectCharset(std::string_view content_type_header, std::string_view body) {
  std::string label = NormalizeLabel(CharsetFromContentType(content_type_header));
  if (!label.empty()) {
    std::string bom = FromBom(body);
    std::string meta = bom.empty() ? FromMeta(body) : bom;
    if (meta.empty() || meta == label || (label != "utf-8" && meta != "utf-8")) return label;
    // Header and page disagree and one of them says UTF-8 (a server default
    // that does not fit the page): the bytes decide.
    std::string_view evidence = body.substr(bom == "utf-8" ? 3 : 0);
    bool ascii = true;
    bool utf8 = IsUtf8(evidence.substr(0, std::min(evidence.size(), kDetectBytes)), &ascii);
    if (utf8 && ascii) return label;
    return utf8 ? "utf-8" : (label == "utf-8" ? meta : label);
  }
  label = FromBom(body);
  if (!label.empty()) return label;
  label = FromMeta(body);
  if (!label.empty()) return label;
  return FromDetection(body);
}

// ASCII kept, every other byte U+FFFD: the last resort of ToUtf8.
static std::string AsciiOrReplacement(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
    } else {
      out += "\xEF\xBF\xBD";
    }
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string name = ConverterName(charset);
  std::string bom = FromBom(bytes);
  if (bom == "utf-8") {
    bytes.remove_prefix(3);
  } else if (!bom.empty() && (name == "utf-16le" || name == "utf-16be" || name == "utf-16")) {
    if (name == "utf-16") name = bom;
    bytes.remove_prefix(2);
  }
  if (name == "UTF-8" && IsUtf8(bytes, nullptr)) return std::string(bytes);

  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> cnv(ucnv_open(name.c_str(), &err), ucnv_close);
  if (U_FAILURE(err)) {
    err = U_ZERO_ERROR;
    cnv.reset(ucnv_open("UTF-8", &err));
    if (U_FAILURE(err)) return AsciiOrReplacement(bytes);  // the result is UTF-8 whatever happens
  }
  // Each input byte yields at most one U+FFFD (3 bytes); multi-byte sequences
  // never grow beyond 4 UTF-8 bytes per input unit.
  std::string out;
  out.resize(bytes.size() * 3 + 16);
  int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, cnv.get(), out.data(), static_cast<int32_t>(out.size()),
                                 bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    ucnv_reset(cnv.get());
    out.resize(static_cast<size_t>(n) + 16);
    n = ucnv_toAlgorithmic(UCNV_UTF8, cnv.get(), out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err)) return AsciiOrReplacement(bytes);  // not with substituting callbacks
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace govscore

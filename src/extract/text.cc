#include "extract/text.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace govscore::text {

size_t Find(std::string_view haystack, std::string_view needle, size_t pos) {
  if (pos > haystack.size()) return std::string_view::npos;
  if (needle.empty()) return pos;
  const void* hit =
      ::memmem(haystack.data() + pos, haystack.size() - pos, needle.data(), needle.size());
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - haystack.data())
             : std::string_view::npos;
}

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = *pos;
  const size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return 0xFFFD;
  }
  if (i + len > n) {
    *pos = i + 1;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = p[i + k];
    if ((cc & 0xC0) != 0x80) {
      *pos = i + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return 0xFFFD;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  auto cont = [&](size_t k) { return (p[k] & 0xC0) == 0x80; };
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, p + i, 8);
      if ((chunk & 0x8080808080808080ULL) != 0) break;
      // A NUL byte in the chunk?
      if (((chunk - 0x0101010101010101ULL) & ~chunk & 0x8080808080808080ULL) != 0) return false;
      i += 8;
    }
    // Runs of three-byte characters without a range rule (E1-EC, EE-EF: most
    // Han characters) back to back.
    while (i + 3 <= n && p[i] >= 0xE1 && p[i] != 0xED && p[i] <= 0xEF) {
      if (!cont(i + 1) || !cont(i + 2)) return false;
      i += 3;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return false;
      ++i;
      continue;
    }
    // Well-formed sequences (Unicode table 3-7): what DecodeUtf8 decodes
    // without U+FFFD — no overlong forms, surrogates or code points past
    // U+10FFFF. Most of a Chinese page is three-byte sequences.
    if (c >= 0xE0 && c <= 0xEF) {
      if (i + 3 > n || !cont(i + 1) || !cont(i + 2)) return false;
      if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F)) return false;
      i += 3;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (i + 2 > n || !cont(i + 1)) return false;
      i += 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (i + 4 > n || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
      if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] > 0x8F)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s, bool* changed) {
  *changed = false;
  // Fast path: scan for the first problem.
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || c == 0) {
      size_t j = i;
      char32_t cp = DecodeUtf8(s, &j);
      if (cp == 0xFFFD && !(j == i + 3 && s.substr(i, 3) == "\xEF\xBF\xBD")) break;
      if (cp == 0) break;
      i = j;
    } else {
      ++i;
    }
  }
  if (i == s.size()) return std::string(s);
  *changed = true;
  std::string out(s.substr(0, i));
  out.reserve(s.size() + 16);
  while (i < s.size()) {
    char32_t cp = DecodeUtf8(s, &i);
    if (cp == 0) cp = ' ';
    AppendUtf8(cp, &out);
  }
  return out;
}

bool IsSpace(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x200B:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

void AppendCollapsed(std::string_view s, std::string* out) {
  bool space = out->empty() || out->back() == ' ' || out->back() == '\n';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  // Text is copied in runs between whitespace: most of a page's text is runs
  // of CJK characters, whose lead bytes (E4-E9) start no whitespace.
  size_t run = 0;  // start of the pending run of visible bytes
  auto flush = [&](size_t end) {
    if (end > run) {
      out->append(s.data() + run, end - run);
      space = false;
    }
  };
  auto white = [&](size_t start, size_t next) {
    flush(start);
    if (!space) out->push_back(' ');
    space = true;
    run = next;
  };
  // The bytes that may start white space: ASCII white space and NUL, and the
  // lead bytes of the non-ASCII spaces and zero-width characters IsSpace
  // knows: U+00A0 (C2), U+1680 (E1), U+2000-205F (E2), U+3000 (E3), U+FEFF (EF).
  static constexpr auto kMayStartSpace = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v', '\0'}) t[c] = true;
    for (unsigned char c : {0xC2, 0xE1, 0xE2, 0xE3, 0xEF}) t[c] = true;
    return t;
  }();
  // Eight bytes at a time: whether a word holds a byte below 0x21, C2, E0-E3
  // or EF (a superset of kMayStartSpace; exact as a yes/no, bit tricks from
  // "Bit Twiddling Hacks": haszero, hasless).
  auto may_start_space = [](uint64_t x) {
    constexpr uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
    auto zero = [&](uint64_t v) { return (v - k01) & ~v & k80; };
    const uint64_t below_21 = (x - k01 * 0x21) & ~x & k80;
    return (below_21 | zero((x & (k01 * 0xFC)) ^ (k01 * 0xE0)) | zero(x ^ (k01 * 0xC2)) |
            zero(x ^ (k01 * 0xEF))) != 0;
  };
  size_t i = 0;
  while (i < n) {
    for (uint64_t x; i + 8 <= n; i += 8) {
      std::memcpy(&x, p + i, 8);
      if (may_start_space(x)) break;
    }
    const size_t stop = std::min(n, i + 8);
    while (i < stop && !kMayStartSpace[p[i]]) ++i;
    if (i == stop) continue;  // none in this word after all
    const unsigned char c = p[i];
    if (c < 0x80) {  // ASCII white space or NUL
      white(i, i + 1);
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = DecodeUtf8(s, &i);
    if (cp == 0x200B || cp == 0xFEFF) {  // zero-width: dropped
      flush(start);
      run = i;
    } else if (IsSpace(cp)) {
      white(start, i);
    }
  }
  flush(n);
}

std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendCollapsed(s, &out);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string CollapseLines(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  std::string out(s);
  for (char* p = out.data();
       (p = static_cast<char*>(std::memchr(p, '\n', out.data() + out.size() - p))) != nullptr;)
    *p++ = ' ';
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

static char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

bool IContains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char x, char y) { return Lower(x) == Lower(y); });
  return it != haystack.end();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

size_t BackCodePoints(std::string_view s, size_t pos, size_t n) {
  pos = std::min(pos, s.size());
  while (pos > 0 && n > 0) {
    --pos;
    while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    --n;
  }
  return pos;
}

size_t ForwardCodePoints(std::string_view s, size_t pos, size_t n) {
  while (pos < s.size() && n > 0) {
    ++pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
    --n;
  }
  return std::min(pos, s.size());
}

}  // namespace govscore::text

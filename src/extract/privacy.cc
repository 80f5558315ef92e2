#include "extract/privacy.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "extract/text.h"

namespace govscore {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

struct Span {
  size_t begin;
  size_t end;
  bool id;
};

}  // namespace

bool IsValidResidentId(std::string_view id, Date as_of) {
  if (id.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i)
    if (!IsDigit(id[i])) return false;
  char last = id[17];
  if (!IsDigit(last) && last != 'X' && last != 'x') return false;
  if (id[0] < '1' || id[0] > '8') return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  static constexpr char kCheck[] = "10X98765432";
  char expected = kCheck[sum % 11];
  char got = last == 'x' ? 'X' : last;
  if (got != expected) return false;
  int y = Num(id.substr(6, 4)), m = Num(id.substr(10, 2)), d = Num(id.substr(12, 2));
  if (y < 1900 || !Date::IsValidYmd(y, m, d)) return false;
  return Date::FromYmd(y, m, d) <= as_of;
}

std::string MaskResidentId(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskMobile(std::string_view mobile) {
  if (mobile.size() < 7) return std::string(mobile.size(), '*');
  return std::string(mobile.substr(0, 3)) + std::string(mobile.size() - 7, '*') +
         std::string(mobile.substr(mobile.size() - 4));
}

namespace {

// Full-width digits and Ｘ (０-９, U+FF10..U+FF19, U+FF38) as ASCII, so "４５０１…"
// is scanned like "4501…".
std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC') {
      unsigned char c = static_cast<unsigned char>(s[i + 2]);
      if (c >= 0x90 && c <= 0x99) {
        out.push_back(static_cast<char>('0' + (c - 0x90)));
        i += 2;
        continue;
      }
      if (c == 0xB8) {
        out.push_back('X');
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

std::vector<PrivacyHit> FindPersonalData(std::string_view text, Date as_of) {
  std::string normalized;
  std::string_view s = text;
  // Full-width punctuation (，（）：) shares the EF BC lead with the digits:
  // copy only when a full-width digit or Ｘ is there.
  for (size_t at = text.find("\xEF\xBC"); at != std::string_view::npos;
       at = text.find("\xEF\xBC", at + 1)) {
    const unsigned char c = at + 2 < text.size() ? static_cast<unsigned char>(text[at + 2]) : 0;
    if ((c >= 0x90 && c <= 0x99) || c == 0xB8) {
      normalized = AsciiDigits(text);
      s = normalized;
      break;
    }
  }
  std::vector<Span> spans;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Eight bytes without an ASCII digit at a time: most of the text is Han
    // characters and punctuation ("Bit Twiddling Hacks": hasbetween).
    for (uint64_t x; i + 8 <= n; i += 8) {
      std::memcpy(&x, s.data() + i, 8);
      constexpr uint64_t k7F = 0x7F7F7F7F7F7F7F7FULL, k01 = 0x0101010101010101ULL;
      const uint64_t low = x & k7F;  // '0'-1 < byte < '9'+1, below 0x80
      if (((k01 * (127 + ('9' + 1)) - low) & ~x & (low + k01 * (127 - ('0' - 1))) & (k01 * 0x80)) !=
          0)
        break;
    }
    if (i >= n) break;
    if (!IsDigit(s[i]) || (i > 0 && IsAlnum(s[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && IsDigit(s[j])) ++j;
    size_t run = j - i;
    if (run == 17 && j < n && (s[j] == 'X' || s[j] == 'x') && (j + 1 >= n || !IsAlnum(s[j + 1]))) {
      if (IsValidResidentId(s.substr(i, 18), as_of)) spans.push_back({i, j + 1, true});
      i = j + 1;
      continue;
    }
    bool followed_by_alnum = j < n && IsAlnum(s[j]);
    if (run == 18 && !followed_by_alnum && IsValidResidentId(s.substr(i, 18), as_of)) {
      spans.push_back({i, j, true});
    } else if (run == 11 && !followed_by_alnum && s[i] == '1' && s[i + 1] >= '3' &&
               s[i + 1] <= '9') {
      // A digit group joined by '-' on either side ("0471-13812345678",
      // "15081599004-00001") makes it part of a longer number.
      bool joined = (i >= 2 && s[i - 1] == '-' && IsDigit(s[i - 2])) ||
                    (j + 1 < n && s[j] == '-' && IsDigit(s[j + 1]));
      if (!joined) spans.push_back({i, j, false});
    }
    i = j;
  }
  std::vector<PrivacyHit> hits;
  hits.reserve(spans.size());
  auto masked = [&](const Span& sp) {
    std::string_view v = s.substr(sp.begin, sp.end - sp.begin);
    return sp.id ? MaskResidentId(v) : MaskMobile(v);
  };
  for (size_t k = 0; k < spans.size(); ++k) {
    const Span& sp = spans[k];
    PrivacyHit hit;
    hit.kind = sp.id ? "id_number" : "mobile";
    hit.masked = masked(sp);
    size_t from = text::BackCodePoints(s, sp.begin, 20);
    size_t to = text::ForwardCodePoints(s, sp.end, 20);
    std::string ctx;
    size_t pos = from;
    for (const Span& other : spans) {
      if (other.end <= from || other.begin >= to) continue;
      size_t b = std::max(other.begin, pos);
      if (b > pos) ctx.append(s.substr(pos, b - pos));
      if (other.begin >= pos) {
        ctx += masked(other);
      } else {
        // Context window starts inside a hit: mask the part we show.
        ctx += std::string(std::min(other.end, to) - pos, '*');
      }
      pos = std::min(other.end, to);
    }
    if (pos < to) ctx.append(s.substr(pos, to - pos));
    hit.context = text::Collapse(ctx);
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace govscore

// UTF-8 text helpers shared by the extract stage. All functions accept any
// bytes: invalid UTF-8 is passed through or replaced, never a reason to fail.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace govscore::text {

// Decodes one code point at `*pos` and advances; invalid bytes decode as
// U+FFFD and advance by one byte. Requires *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);

// True when `s` is valid UTF-8 without NUL bytes (fast path: ASCII runs).
bool IsValidUtf8(std::string_view s);

// Valid UTF-8 copy of `s` (invalid sequences become U+FFFD); returns false in
// *changed when `s` was already valid. NUL bytes become spaces.
std::string SanitizeUtf8(std::string_view s, bool* changed);

// Unicode white space including NBSP (U+00A0), U+3000 and zero-width space.
bool IsSpace(char32_t cp);

// Appends `s` to *out with every run of white space turned into one ASCII
// space; no space right after the start of *out or after a space or '\n'.
// Zero-width spaces and BOMs are dropped.
void AppendCollapsed(std::string_view s, std::string* out);

// Collapses every run of white space to one ASCII space and trims both ends.
std::string Collapse(std::string_view s);
// Collapse for text that AppendCollapsed built, with '\n' between blocks and no
// space beside a '\n' (the extract walker's text): the same answer as
// Collapse(s) in one copy, without decoding the text again.
std::string CollapseLines(std::string_view s);
std::string_view TrimAscii(std::string_view s);
std::string AsciiLower(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);
bool IContains(std::string_view haystack, std::string_view needle);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);

// The first position >= `pos` where `needle` occurs in `haystack`, or npos;
// the same answer as std::string_view::find. Faster on CJK text: find() looks
// for the needle's first byte with memchr and compares at every hit, and the
// lead bytes of Han characters (E4..E9) are a third of such text; this uses
// glibc's memmem (two-way with a byte-pair shift table).
size_t Find(std::string_view haystack, std::string_view needle, size_t pos = 0);
inline bool Contains(std::string_view haystack, std::string_view needle) {
  return Find(haystack, needle) != std::string_view::npos;
}

// std::string_view::find_first_of for a set of a few bytes ("?#"): the same
// answer without libstdc++'s memchr call per byte of `s`.
inline size_t FindFirstOf(std::string_view s, std::string_view set, size_t pos = 0) {
  for (size_t i = pos; i < s.size(); ++i)
    for (char c : set)
      if (s[i] == c) return i;
  return std::string_view::npos;
}

// Number of code points in `s`.
size_t CodePointCount(std::string_view s);
// Byte offset `n` code points back from / forward from `pos` (clamped).
size_t BackCodePoints(std::string_view s, size_t pos, size_t n);
size_t ForwardCodePoints(std::string_view s, size_t pos, size_t n);

}  // namespace govscore::text

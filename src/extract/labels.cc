#include "extract/labels.h"

#include <algorithm>

#include "extract/text.h"

namespace govscore::labels {

size_t SkipColon(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  if (s.substr(i, 3) == "\xEF\xBC\x9A") {
    i += 3;
  } else if (i < s.size() && s[i] == ':') {
    ++i;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

bool HasColon(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i, 3) == "\xEF\xBC\x9A" || (i < s.size() && s[i] == ':');
}

std::string CutValue(std::string_view s, size_t i, std::span<const std::string_view> stops) {
  size_t end = i;
  while (end < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[end]);
    if (c == ' ' || c == '\n' || c == '|' || c == ';' || c == ',') break;
    size_t k = end;
    char32_t cp = text::DecodeUtf8(s, &k);
    if (cp == 0xFF5C /*｜*/ || cp == 0xA9 /*©*/ || cp == 0xFF0C /*，*/ || cp == 0x3002 /*。*/ ||
        cp == 0xFF1B /*；*/ || cp == 0x3001 /*、*/)
      break;
    end = k;
  }
  std::string_view v = s.substr(i, end - i);
  size_t cut = v.size();
  for (std::string_view stop : stops) {
    size_t p = v.find(stop);
    if (p != std::string_view::npos && p > 0) cut = std::min(cut, p);
  }
  return std::string(v.substr(0, cut));
}

}  // namespace govscore::labels

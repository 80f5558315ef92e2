// "标签：值" lookups in page text (text with '\n' between blocks), shared by the
// footer, article and column extractors.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace govscore::labels {

// Skips spaces, one optional colon (： or :), and spaces again, from byte i.
size_t SkipColon(std::string_view s, size_t i);
// True when a colon follows byte i after optional spaces.
bool HasColon(std::string_view s, size_t i);
// The value starting at byte i: up to white space, a separator (| ｜ © ， 。 ；
// 、 ;), or the first of `stops` found after its first character.
std::string CutValue(std::string_view s, size_t i, std::span<const std::string_view> stops);

}  // namespace govscore::labels

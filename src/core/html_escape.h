// Escaping text for HTML element content and double- or single-quoted
// attribute values, shared by every HTML writer (scan report, score sheet,
// the sample site).
#pragma once

#include <string>
#include <string_view>

namespace govscore {

// Replaces & < > " ' with their entities; every other byte is kept, so UTF-8
// text passes through unchanged.
std::string HtmlEscape(std::string_view text);

}  // namespace govscore

// Percent-encoding of a URL query value or path segment (RFC 3986: every byte
// but the unreserved A–Z a–z 0–9 - . _ ~ becomes %XX), shared by the search
// probe and the tests that build URLs.
#pragma once

#include <string>
#include <string_view>

namespace govscore {

std::string PercentEncode(std::string_view text);

}  // namespace govscore

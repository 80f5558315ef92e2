// Character set detection and conversion to UTF-8 (ICU).
#pragma once

#include <string>
#include <string_view>

namespace govscore {

// Returns the lower-case name of the charset of `body` as declared, with common
// aliases folded ("utf-8", "gb2312", "gbk", "gb18030", "big5", "windows-1252",
// "utf-16le", ...), deciding in this order: the charset parameter of the HTTP
// Content-Type header, a byte order mark, <meta charset> or <meta http-equiv=
// "Content-Type"> (or an XML declaration) in the first 4 KiB, then detection
// (valid UTF-8 wins; then GB18030 or Big5 from the double-byte structure; then
// ICU for the rest). Labels ICU does not know are ignored. One exception to the
// order: when the header and the page (BOM or meta) disagree and one of them
// says UTF-8, the bytes decide — valid non-ASCII UTF-8 means "utf-8", otherwise
// the other label (servers often send a default charset that does not fit the
// page). Never returns empty; "utf-8" when nothing is known.
std::string DetectCharset(std::string_view content_type_header, std::string_view body);

// Converts `bytes` in `charset` to UTF-8, dropping a leading BOM. GB2312 and GBK
// are decoded as GB18030 (real pages labelled gb2312 use GBK characters). Invalid or
// unmappable bytes become U+FFFD; an unknown charset name is treated as UTF-8
// (invalid sequences replaced). The result is always valid UTF-8 (ExtractOptions::
// valid_utf8 relies on it). Never throws on bad data.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// True when `bytes` is well-formed UTF-8 (a sequence cut off at the very end is
// accepted, since bodies may be truncated at a cap).
bool IsValidUtf8(std::string_view bytes);

// The charset parameter of a Content-Type header value, lower case, or empty.
std::string CharsetFromContentType(std::string_view content_type_header);

}  // namespace govscore

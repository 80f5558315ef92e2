// Character set detection and conversion to UTF-8 (ICU).
#ifndef GOVSCORE_FETCH_CHARSET_H_
#define GOVSCORE_FETCH_CHARSET_H_

#include <string>
#include <string_view>

namespace govscore {

// Returns the canonical lower-case name of the charset of `body` ("utf-8",
// "gb18030", "big5", "windows-1252", ...), deciding in this order: the charset
// parameter of the HTTP Content-Type header, a byte order mark, <meta charset> or
// <meta http-equiv="Content-Type"> in the first 4 KiB, then ICU detection.
// GB2312 and GBK labels are reported as "gb18030" (their superset, which is how
// browsers decode them). Never returns empty; "utf-8" when nothing is known.
std::string DetectCharset(std::string_view content_type_header, std::string_view body);

// Converts `bytes` in `charset` to UTF-8, dropping a leading BOM. Invalid or
// unmappable bytes become U+FFFD; an unknown charset name is treated as UTF-8
// (invalid sequences replaced). Never throws on bad data.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// The charset parameter of a Content-Type header value, lower case, or empty.
std::string CharsetFromContentType(std::string_view content_type_header);

}  // namespace govscore

#endif  // GOVSCORE_FETCH_CHARSET_H_

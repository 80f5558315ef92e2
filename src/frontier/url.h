// URLs as the crawl sees them: parsed and normalised with libcurl's URL API
// (CURLU), so that two spellings of one resource compare equal and hash alike.
//
// Normal form: scheme and host lower case (ASCII letters only: an IDN host is
// kept as written), default port dropped, dot segments removed, empty path "/",
// fragment dropped, percent-encoding normalised (hex upper case, unreserved
// characters decoded, bytes that may not appear raw — space, non-ASCII, quotes,
// angle brackets — encoded). Only http and https URLs are accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace govscore {

class Url {
 public:
  // Parses an absolute http(s) URL and normalises it. On failure returns nullopt
  // and, when `reason` is not null, stores why ("unsupported scheme ftp",
  // "malformed host", ...).
  static std::optional<Url> Parse(std::string_view text, std::string* reason = nullptr);

  const std::string& spec() const { return spec_; }  // the normal form
  const std::string& scheme() const { return scheme_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }  // explicit non-default port, or 0
  // host, plus ":port" when the port is not the scheme's default.
  std::string authority() const;
  const std::string& path() const { return path_; }    // starts with "/"
  const std::string& query() const { return query_; }  // without "?"; empty when none
  // Path and query as sent in a request line ("/a/b?x=1").
  std::string path_and_query() const;
  // 64-bit hash of spec(); equal URLs hash alike. Never 0.
  uint64_t hash() const;
  // The crawl's dedup key: hash() of the URL with a trailing directory index
  // file (index.html, index.htm, index.shtml, default.htm(l)...) dropped when
  // there is no query, because servers answer "/dir/" and "/dir/index.html"
  // with the same page. Never 0.
  uint64_t key() const;

  // The fast path of ResolveHref: resolves a plain relative reference
  // ("a.html", "../b/c.html", "/d/e.html?x=1", "?page=2": no scheme, no
  // "//", no '%', '\\', '#', white space or non-ASCII byte) against this URL
  // with RFC 3986's merge and dot-segment removal, without libcurl. Gives
  // exactly what the general resolver gives, or nullopt when the reference is
  // not plain (the general resolver then decides).
  std::optional<Url> ResolvePlain(std::string_view href) const;

  friend bool operator==(const Url& a, const Url& b) { return a.spec_ == b.spec_; }

 private:
  Url() = default;
  // Parse's fast path: `text` already in normal form ("http://host[:port]/path[?query]",
  // lower case, plain bytes only: no '%', dot segment, "//" in the path or white
  // space) is its own spec. Nullopt when it is not so plainly normal (Parse's
  // general path then decides).
  static std::optional<Url> ParseNormalForm(std::string_view text);
  std::string spec_, scheme_, host_, path_, query_;
  int port_ = 0;
};

// What became of one raw href found on a page.
enum class HrefKind {
  kUrl,         // a web URL: `url` is set
  kNotALink,    // not a web link to check: mailto:, tel:, javascript:, data:,
                // a fragment-only reference, an empty href
  kInvalidUrl,  // meant as a web link but cannot be parsed: a defect to report
};

struct ResolvedHref {
  HrefKind kind = HrefKind::kInvalidUrl;
  std::optional<Url> url;
  std::string reason;  // why kNotALink / kInvalidUrl, e.g. "mailto: link", "malformed host"
};

// Resolves `raw_href` (as written in the page; surrounding whitespace allowed)
// against `page` and the page's <base href> (`base_href`, raw, may be empty or
// relative to the page), the way a browser does.
ResolvedHref ResolveHref(const Url& page, std::string_view base_href, std::string_view raw_href);

// 64-bit hash of bytes (FNV-1a with a final avalanche mix). Never returns 0.
uint64_t HashBytes(std::string_view bytes);

}  // namespace govscore

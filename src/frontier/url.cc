#include "frontier/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace govscore {
namespace {

struct CurluDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
// Bytes that may not stand raw in a path or query (RFC 3986 plus what browsers encode).
bool MustEncode(unsigned char c) {
  return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
         c == '}' || c == '|' || c == '^';
}

void AppendPercent(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Trims surrounding ASCII whitespace and removes tabs and newlines inside, as
// the URL standard does.
std::string CleanHref(std::string_view raw) {
  size_t b = 0, e = raw.size();
  while (b < e && (IsAsciiSpace(raw[b]) || static_cast<unsigned char>(raw[b]) < 0x20)) ++b;
  while (e > b && (IsAsciiSpace(raw[e - 1]) || static_cast<unsigned char>(raw[e - 1]) < 0x20)) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    if (raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') continue;
    out += raw[i];
  }
  return out;
}

// Length of a leading "scheme:" (without the colon), or 0 when there is none.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

// Percent-encodes what must not stand raw after the authority, fixes stray '%'
// and turns backslashes in the path into slashes (as browsers do for http).
std::string EncodeReference(std::string_view ref) {
  std::string out;
  out.reserve(ref.size() + 16);
  size_t i = 0;
  // Copy "scheme:" and "//authority" untouched: an IDN host stays as written.
  const size_t scheme = SchemeLength(ref);
  if (scheme > 0) {
    out.append(ref.substr(0, scheme + 1));
    i = scheme + 1;
  }
  if (ref.substr(i, 2) == "//" || ref.substr(i, 2) == "\\\\") {
    out += "//";
    i += 2;
    while (i < ref.size() && ref[i] != '/' && ref[i] != '\\' && ref[i] != '?' && ref[i] != '#') {
      out += ref[i++];
    }
  }
  bool in_query = false;
  for (; i < ref.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(ref[i]);
    if (c == '#') break;  // fragments are dropped
    if (c == '?') in_query = true;
    if (c == '\\' && !in_query) {
      out += '/';
    } else if (c == '%' &&
               (i + 2 >= ref.size() || HexValue(ref[i + 1]) < 0 || HexValue(ref[i + 2]) < 0)) {
      out += "%25";
    } else if (MustEncode(c)) {
      AppendPercent(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Upper-cases percent-escape hex digits and decodes escaped unreserved bytes.
std::string NormalizePercent(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      const unsigned char v =
          static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out += static_cast<char>(v);
      } else {
        AppendPercent(out, v);
      }
      i += 2;
    } else if (s[i] == '%') {
      out += "%25";
    } else if (MustEncode(static_cast<unsigned char>(s[i]))) {
      AppendPercent(out, static_cast<unsigned char>(s[i]));
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string GetPart(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

std::string CurlReason(CURLUcode rc) {
  switch (rc) {
    case CURLUE_BAD_PORT_NUMBER:
      return "bad port number";
    case CURLUE_NO_HOST:
      return "no host";
    case CURLUE_BAD_HOSTNAME:
    case CURLUE_BAD_IPV6:
      return "malformed host";
    case CURLUE_MALFORMED_INPUT:
      return "malformed URL";
    default:
      return curl_url_strerror(rc);
  }
}

// Bytes a plain relative reference may hold: unreserved, sub-delims, ':', '@',
// '/' and '?' — nothing that encoding or normalisation would change.
bool IsPlainRefByte(unsigned char c) {
  if (IsUnreserved(c)) return true;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
      return true;
    default:
      return false;
  }
}

// RFC 3986 5.2.4 on an absolute path ("/a/./b/../c" -> "/a/c").
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    // `in` from i starts with '/': look at the segment after it.
    size_t end = in.find('/', i + 1);
    if (end == std::string_view::npos) end = in.size();
    const std::string_view seg = in.substr(i + 1, end - i - 1);
    const bool last = end == in.size();
    if (seg == ".") {
      if (last) out += '/';
    } else if (seg == "..") {
      const size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
      if (last) out += '/';
    } else {
      out += '/';
      out.append(seg);
    }
    i = end;
  }
  if (out.empty()) out = "/";
  return out;
}

}  // namespace

std::optional<Url> Url::ResolvePlain(std::string_view href) const {
  if (href.empty()) return std::nullopt;
  if (href.size() >= 2 && href[0] == '/' && href[1] == '/') return std::nullopt;
  for (char c : href) {
    if (!IsPlainRefByte(static_cast<unsigned char>(c))) return std::nullopt;
  }
  const size_t q = href.find('?');
  const std::string_view ref_path = href.substr(0, q);
  // A colon in the first segment could be read as a scheme.
  const size_t colon = ref_path.find(':');
  if (colon != std::string_view::npos && colon < ref_path.find('/')) return std::nullopt;
  // The base must be in normal form without user information.
  if (spec_.size() < scheme_.size() + 3 + host_.size() ||
      spec_.compare(scheme_.size() + 3, host_.size(), host_) != 0) {
    return std::nullopt;
  }
  // Where libcurl departs from RFC 3986 the general resolver decides: empty
  // segments ("a//b", "./" on "/" gives "//") and a trailing dot segment
  // ("./x/.", "..").
  const size_t last_slash = ref_path.rfind('/');
  const std::string_view last_seg =
      last_slash == std::string_view::npos ? ref_path : ref_path.substr(last_slash + 1);
  if (last_seg == "." || last_seg == "..") return std::nullopt;
  // ... and a dot segment before a query ("../?x=1" loses its final slash).
  if (q != std::string_view::npos) {
    const std::string p = "/" + std::string(ref_path);
    if (p.find("/./") != std::string::npos || p.find("/../") != std::string::npos)
      return std::nullopt;
  }
  if (ref_path.find("//") != std::string_view::npos) return std::nullopt;
  Url u;
  u.scheme_ = scheme_;
  u.host_ = host_;
  u.port_ = port_;
  if (ref_path.empty()) {
    u.path_ = path_;
  } else if (ref_path[0] == '/') {
    u.path_ = RemoveDotSegments(ref_path);
  } else {
    std::string merged(path_, 0, path_.rfind('/') + 1);
    merged.append(ref_path);
    if (merged.find("//") != std::string::npos) return std::nullopt;
    u.path_ = RemoveDotSegments(merged);
  }
  if (q != std::string_view::npos) u.query_ = std::string(href.substr(q + 1));
  u.spec_.reserve(scheme_.size() + 3 + host_.size() + 6 + u.path_.size() + 1 + u.query_.size());
  u.spec_.append(scheme_).append("://").append(host_);
  if (port_ != 0) u.spec_.append(":").append(std::to_string(port_));
  u.spec_.append(u.path_);
  if (!u.query_.empty()) u.spec_.append("?").append(u.query_);
  return u;
}

uint64_t HashBytes(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  // splitmix64 finaliser: FNV's low bits are weak, the seen-set uses them.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

std::string Url::authority() const {
  return port_ == 0 ? host_ : host_ + ":" + std::to_string(port_);
}

std::string Url::path_and_query() const { return query_.empty() ? path_ : path_ + "?" + query_; }

uint64_t Url::hash() const { return HashBytes(spec_); }

uint64_t Url::key() const {
  if (!query_.empty()) return hash();
  static constexpr std::string_view kIndexFiles[] = {
      "index.html", "index.htm",    "index.shtml", "index.jsp",    "index.php",
      "index.asp",  "default.html", "default.htm", "default.aspx", "default.asp"};
  const size_t slash = path_.rfind('/');
  const std::string_view file = std::string_view(path_).substr(slash + 1);
  for (std::string_view index : kIndexFiles) {
    if (file == index) {
      return HashBytes(std::string_view(spec_).substr(0, spec_.size() - file.size()));
    }
  }
  return hash();
}

// "a.b.c.d" with four decimal parts 0-255 without leading zeros: the form
// libcurl gives IPv4 hosts.
static bool IsDottedQuad(std::string_view host) {
  int parts = 0;
  size_t i = 0;
  while (i <= host.size()) {
    const size_t dot = std::min(host.find('.', i), host.size());
    const std::string_view part = host.substr(i, dot - i);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    i = dot + 1;
  }
  return parts == 4;
}

// RFC 3986 5.2.4 on an absolute path: percent-decoding can turn "%2e" into
// a dot segment after libcurl removed them ("/%2e/a" -> "/./a").
static bool HasDotSegment(std::string_view path) {
  const std::string p = std::string(path) + "/";
  return p.find("/./") != std::string::npos || p.find("/../") != std::string::npos;
}

static std::string DropDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t cut = out.rfind('/');
      out.resize(cut == std::string::npos ? 0 : cut);
    } else {
      const size_t next = in.find('/', 1);
      const size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out.empty() ? "/" : out;
}

std::optional<Url> Url::ParseNormalForm(std::string_view text) {
  size_t i;
  if (text.starts_with("http://")) {
    i = 7;
  } else if (text.starts_with("https://")) {
    i = 8;
  } else {
    return std::nullopt;
  }
  const size_t host_begin = i;
  bool ipv4_like = true;  // only bytes libcurl might read as an IPv4 address
  for (; i < text.size() && text[i] != ':' && text[i] != '/'; ++i) {
    const char c = text[i];
    if (c == '.') {
      if (i == host_begin || text[i - 1] == '.') return std::nullopt;  // empty label
    } else if (!IsDigit(c) && !(c >= 'a' && c <= 'z') && c != '-') {
      return std::nullopt;  // upper case, '%', '@', '[', '?', '#', white space...
    }
    if (!IsDigit(c) && c != '.' && !(c >= 'a' && c <= 'f') && c != 'x') ipv4_like = false;
  }
  const std::string_view host = text.substr(host_begin, i - host_begin);
  if (host.empty() || host.back() == '.' || i == text.size()) return std::nullopt;
  if (ipv4_like && !IsDottedQuad(host)) return std::nullopt;
  int port = 0;
  if (text[i] == ':') {
    const size_t port_begin = ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (port <= 65535) port = port * 10 + (text[i] - '0');  // stops short of int overflow
    }
    const size_t digits = i - port_begin;
    if (digits == 0 || digits > 5 || text[port_begin] == '0' || port > 65535) return std::nullopt;
    if (port == (host_begin == 8 ? 443 : 80)) return std::nullopt;  // the default port
    if (i == text.size() || text[i] != '/') return std::nullopt;
  }
  const size_t path_begin = i;
  size_t query_begin = std::string_view::npos;
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!IsPlainRefByte(c)) return std::nullopt;
    if (c == '?' && query_begin == std::string_view::npos) query_begin = i;
  }
  const std::string_view path =
      text.substr(path_begin, std::min(query_begin, text.size()) - path_begin);
  for (size_t seg = 0; seg < path.size();) {  // "//", and "." or ".." segments
    const size_t end = std::min(path.find('/', seg + 1), path.size());
    const std::string_view name = path.substr(seg + 1, end - seg - 1);
    if ((name.empty() && end < path.size()) || name == "." || name == "..") return std::nullopt;
    seg = end;
  }
  if (query_begin != std::string_view::npos && query_begin + 1 == text.size())
    return std::nullopt;  // an empty query: the spec drops its '?'
  Url url;
  url.spec_ = std::string(text);
  url.scheme_ = std::string(text.substr(0, host_begin - 3));
  url.host_ = std::string(host);
  url.port_ = port;
  url.path_ = std::string(path);
  if (query_begin != std::string_view::npos) url.query_ = std::string(text.substr(query_begin + 1));
  return url;
}

std::optional<Url> Url::Parse(std::string_view text, std::string* reason) {
  if (std::optional<Url> plain = ParseNormalForm(text)) return plain;
  const std::string cleaned = CleanHref(text);
  const size_t scheme_len = SchemeLength(cleaned);
  if (scheme_len == 0) {
    if (reason) *reason = "not an absolute URL";
    return std::nullopt;
  }
  std::string scheme = cleaned.substr(0, scheme_len);
  for (char& c : scheme) c = ToLowerAscii(c);
  if (scheme != "http" && scheme != "https") {
    if (reason) *reason = "unsupported scheme " + scheme;
    return std::nullopt;
  }
  CurluPtr u(curl_url());
  const std::string encoded = EncodeReference(cleaned);
  const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, encoded.c_str(), 0);
  if (rc != CURLUE_OK) {
    if (reason) *reason = CurlReason(rc);
    return std::nullopt;
  }
  Url url;
  url.scheme_ = scheme;
  url.host_ = GetPart(u.get(), CURLUPART_HOST);
  if (url.host_.empty()) {
    if (reason) *reason = "no host";
    return std::nullopt;
  }
  for (char& c : url.host_) c = ToLowerAscii(c);
  for (const char c : url.host_) {
    // Control bytes, space, DEL and '%' are forbidden in hosts (WHATWG); libcurl
    // lets some through on the first parse (a '%' after decoding "%25") and
    // reads the spec differently the second time.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '%') {
      if (reason) *reason = "malformed host";
      return std::nullopt;
    }
  }
  while (!url.host_.empty() && url.host_.back() == '.') url.host_.pop_back();  // "a.cn." == "a.cn"
  if (url.host_.find_first_not_of("0123456789abcdefx.") == std::string::npos &&
      !IsDottedQuad(url.host_)) {
    // A short or percent-encoded IPv4 form that libcurl left as it was
    // ("127.0." is a name to it, "%31" decodes to "1") but rewrites when the
    // spec is parsed again ("127.0" -> "127.0.0.0", "1" -> "0.0.0.1"):
    // normalise it now so the spec parses back to itself (fuzz/url_fuzzer).
    CurluPtr h(curl_url());
    if (curl_url_set(h.get(), CURLUPART_URL, ("http://" + url.host_ + "/").c_str(), 0) == CURLUE_OK)
      url.host_ = GetPart(h.get(), CURLUPART_HOST);
  }
  if (url.host_.empty()) {
    if (reason) *reason = "malformed host";
    return std::nullopt;
  }
  const std::string port = GetPart(u.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);
  url.port_ = port.empty() ? 0 : std::stoi(port);
  if ((scheme == "http" && url.port_ == 80) || (scheme == "https" && url.port_ == 443)) {
    url.port_ = 0;
  }
  url.path_ = NormalizePercent(GetPart(u.get(), CURLUPART_PATH));
  if (HasDotSegment(url.path_)) url.path_ = DropDotSegments(url.path_);  // fuzz/url_fuzzer
  if (url.path_.empty() || url.path_[0] != '/') url.path_.insert(url.path_.begin(), '/');
  url.query_ = NormalizePercent(GetPart(u.get(), CURLUPART_QUERY));
  const std::string user = GetPart(u.get(), CURLUPART_USER);
  const std::string password = GetPart(u.get(), CURLUPART_PASSWORD);
  url.spec_ = url.scheme_ + "://";
  if (!user.empty() || !password.empty()) {
    url.spec_ += user;
    if (!password.empty()) url.spec_ += ":" + password;
    url.spec_ += "@";
  }
  url.spec_ += url.authority();
  url.spec_ += url.path_and_query();
  return url;
}

ResolvedHref ResolveHref(const Url& page, std::string_view base_href, std::string_view raw_href) {
  ResolvedHref out;
  std::string href = CleanHref(raw_href);
  if (href.empty()) {
    out.kind = HrefKind::kNotALink;
    out.reason = "empty href";
    return out;
  }
  if (href[0] == '#') {
    out.kind = HrefKind::kNotALink;
    out.reason = "fragment on the same page";
    return out;
  }
  const size_t scheme_len = SchemeLength(href);
  if (scheme_len > 0) {
    std::string scheme = href.substr(0, scheme_len);
    for (char& c : scheme) c = ToLowerAscii(c);
    if (scheme != "http" && scheme != "https") {
      out.kind = HrefKind::kNotALink;
      out.reason = scheme + ": link";
      return out;
    }
    // "http:page.html" on an http page is relative, as in browsers.
    if (scheme == page.scheme() && href.compare(scheme_len + 1, 2, "//") != 0 &&
        href.compare(scheme_len + 1, 2, "\\\\") != 0) {
      href.erase(0, scheme_len + 1);
    }
  }
  const Url* base = &page;
  std::optional<Url> base_url;
  if (!CleanHref(base_href).empty()) {
    ResolvedHref b = ResolveHref(page, {}, base_href);
    if (b.kind == HrefKind::kUrl) {
      base_url = std::move(b.url);
      base = &*base_url;
    }
  }
  if (std::optional<Url> plain = base->ResolvePlain(href)) {
    out.url = std::move(plain);
    out.kind = HrefKind::kUrl;
    return out;
  }
  CurluPtr u(curl_url());
  if (curl_url_set(u.get(), CURLUPART_URL, base->spec().c_str(), 0) != CURLUE_OK) {
    out.reason = "page URL not parseable";
    return out;
  }
  const std::string encoded = EncodeReference(href);
  if (encoded.empty()) {  // only a fragment after cleaning
    out.kind = HrefKind::kNotALink;
    out.reason = "fragment on the same page";
    return out;
  }
  const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, encoded.c_str(), 0);
  if (rc != CURLUE_OK) {
    out.kind = HrefKind::kInvalidUrl;
    out.reason = CurlReason(rc);
    return out;
  }
  const std::string absolute = GetPart(u.get(), CURLUPART_URL);
  std::string reason;
  out.url = Url::Parse(absolute, &reason);
  if (!out.url) {
    out.kind = HrefKind::kInvalidUrl;
    out.reason = reason;
    return out;
  }
  out.kind = HrefKind::kUrl;
  return out;
}

}  // namespace govscore

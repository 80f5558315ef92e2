// libFuzzer target: URL parsing, normalisation and href resolution. Input: up
// to three lines — page URL, <base href>, href. Properties checked besides "no
// crash": the normal form is a fixed point (parsing it again gives it back) and
// a resolved href is an absolute http(s) URL in normal form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "frontier/url.h"

namespace {

std::string_view NextLine(std::string_view& rest) {
  const size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

void CheckFixedPoint(const govscore::Url& u) {
  const std::optional<govscore::Url> again = govscore::Url::Parse(u.spec());
  if (!again || again->spec() != u.spec() || again->hash() != u.hash()) std::abort();
  if (u.scheme() != "http" && u.scheme() != "https") std::abort();
  if (u.path().empty() || u.path()[0] != '/') std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view page_text = NextLine(rest);
  const std::string_view base = NextLine(rest);
  const std::string_view href = rest;
  std::optional<govscore::Url> page = govscore::Url::Parse(page_text);
  if (page) CheckFixedPoint(*page);
  if (!page) page = govscore::Url::Parse("http://www.example.gov.cn/a/b/c.html");
  const govscore::ResolvedHref r = govscore::ResolveHref(*page, base, href);
  if (r.kind == govscore::HrefKind::kUrl) {
    if (!r.url) std::abort();
    CheckFixedPoint(*r.url);
  }
  return 0;
}

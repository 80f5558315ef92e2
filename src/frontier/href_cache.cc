#include "frontier/href_cache.h"

namespace govscore {

void HrefCache::SetPage(const Url& page, std::string_view base_href) {
  page_ = page;
  base_href_ = std::string(base_href);
  const Url* base = &page;
  std::optional<Url> resolved_base;
  if (!base_href.empty()) {
    ResolvedHref b = ResolveHref(page, {}, base_href);
    if (b.kind == HrefKind::kUrl) {
      resolved_base = std::move(b.url);
      base = &*resolved_base;
    }
  }
  full_ = base->spec();
  origin_ = base->scheme() + "://" + base->authority();
  directory_ = origin_ + base->path().substr(0, base->path().rfind('/') + 1);
  origin_hash_ = HashBytes(origin_);
  directory_hash_ = HashBytes(directory_);
  full_hash_ = HashBytes(full_);
}

const CachedHref& HrefCache::Resolve(std::string_view raw_href) {
  // The context a reference depends on: none when absolute, the origin for
  // "/path", the whole base for "?query" and "" (and anything unusual), the
  // base's directory otherwise. Scheme-relative "//host" is absolute enough
  // but keeps the base scheme: use the origin.
  uint64_t context = directory_hash_;
  const std::string_view h = raw_href;
  if (h.rfind("http://", 0) == 0 || h.rfind("https://", 0) == 0) {
    context = 0;
  } else if (h.rfind("//", 0) == 0 || (!h.empty() && h[0] == '/')) {
    context = origin_hash_;
  } else if (h.empty() || h[0] == '?' || h[0] == '#' || h[0] == ' ' || h[0] == '\t' ||
             h[0] == '\n' || h[0] == '\r') {
    context = full_hash_;
  }
  // The context's hash (computed once a page) combined with the href's: no
  // context + href string is built per link.
  uint64_t key = context * 0x9E3779B97F4A7C15ULL ^ HashBytes(h);
  key ^= key >> 31;
  key *= 0xBF58476D1CE4E5B9ULL;
  key ^= key >> 29;
  if (auto it = entries_.find(key); it != entries_.end()) {
    ++hits_;
    return it->second;
  }
  ++misses_;
  ResolvedHref r = ResolveHref(*page_, base_href_, raw_href);
  CachedHref c;
  c.kind = r.kind;
  c.reason = std::move(r.reason);
  if (r.url) {
    c.spec = r.url->spec();
    c.key = r.url->key();
    c.path = r.url->path();
  }
  if (entries_.size() >= capacity_) entries_.clear();
  return entries_.emplace(key, std::move(c)).first->second;
}

}  // namespace govscore

// ResolveHref with a memory: the pages of one site repeat the same navigation,
// footer and sidebar hrefs, so most hrefs of a page were resolved before
// against the same base. One cache per thread (not thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "frontier/url.h"

namespace govscore {

struct CachedHref {
  HrefKind kind = HrefKind::kInvalidUrl;
  std::string spec;    // normal form when kind == kUrl
  uint64_t key = 0;    // Url::key() when kind == kUrl
  std::string path;    // Url::path() when kind == kUrl
  std::string reason;  // when not kUrl
};

class HrefCache {
 public:
  // Forgets everything when it holds `capacity` entries.
  explicit HrefCache(size_t capacity = 20000) : capacity_(capacity) {}

  // The page (and its raw <base href>) whose hrefs are resolved next.
  void SetPage(const Url& page, std::string_view base_href);

  // Same result as ResolveHref(page, base_href, raw_href). The reference is
  // valid until the next call.
  const CachedHref& Resolve(std::string_view raw_href);

  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }

 private:
  size_t capacity_;
  std::optional<Url> page_;
  std::string base_href_;
  // What a relative reference depends on: the base's origin, directory, whole URL.
  std::string origin_, directory_, full_;
  uint64_t origin_hash_ = 0, directory_hash_ = 0, full_hash_ = 0;  // HashBytes of each
  std::unordered_map<uint64_t, CachedHref> entries_;
  CachedHref scratch_;
  size_t hits_ = 0, misses_ = 0;
};

}  // namespace govscore

// Which URLs belong to the site being scanned. The site is the start URL's host
// (and port); with `subdomains`, every host under the site's registrable part
// (the start host without a leading "www.") too. --include / --exclude patterns
// are RE2 regular expressions matched anywhere in the normalised URL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontier/url.h"

namespace re2 {
class RE2;
}

namespace govscore {

struct ScopeOptions {
  bool subdomains = false;
  // When not empty, only in-site URLs matching one of these are crawled as pages;
  // other in-site URLs are still checked as links.
  std::vector<std::string> include;
  // URLs matching one of these are neither crawled nor checked.
  std::vector<std::string> exclude;
};

enum class ScopeVerdict {
  kSite,       // crawl as a page when it is HTML
  kCheckOnly,  // in the site but not matching --include: check the link only
  kExternal,   // another site: check the link only (when external checks are on)
  kExcluded,   // matches --exclude: leave alone
};

class Scope {
 public:
  // Throws Error naming the pattern when an include/exclude pattern is invalid.
  Scope(const Url& start, const ScopeOptions& options);
  ~Scope();
  Scope(Scope&&) noexcept;
  Scope& operator=(Scope&&) noexcept;

  ScopeVerdict Classify(const Url& url) const;
  // True when `url`'s host (and port) is the site's or, with subdomains, under it.
  bool IsSiteHost(const Url& url) const;

 private:
  std::string host_;    // start host
  int port_ = 0;        // start port (0 = default)
  std::string domain_;  // start host without "www."
  bool subdomains_ = false;
  std::vector<std::unique_ptr<re2::RE2>> include_, exclude_;
};

}  // namespace govscore

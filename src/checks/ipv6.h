// IPv6 support of a site (IPv6 支持度): AAAA records of the site's host and of the
// hosts of its second- and third-level pages, the homepage fetched over IPv6,
// and the share of those pages reachable over IPv6 (the seeds' "二、三级链接
// 小于90%" rule). Names are resolved through Ipv6Options::resolve first (a
// hosts-style override, like curl --resolve), and through DNS only when
// `dns` is true; every address is judged by `address_allowed` before any
// connection. docs/measures.md §3: ipv6.*.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace govscore {

struct Ipv6Options {
  // host (as in the URL, lower case; an IPv4 literal allowed) → IPv6 addresses.
  std::map<std::string, std::vector<std::string>> resolve;
  bool dns = false;  // ask the system resolver (AF_INET6) for hosts not in `resolve`
  // Address policy: false refuses the address (no connection). Null = all allowed.
  std::function<bool(const std::string& ipv6)> address_allowed;
  double timeout_s = 10;
  size_t max_links = 100;  // second/third-level pages checked (first in crawl order)
  std::string user_agent = "govscore/0.1 (+government website evaluation)";
};

struct Ipv6Target {
  std::string url;
  int depth = 0;
  std::string address;     // IPv6 address used; empty without AAAA
  bool reachable = false;  // answered 2xx/3xx over IPv6
  int status = 0;
  std::string detail;  // why not (Chinese)
};

struct Ipv6Report {
  bool checked = false;  // the check ran
  std::string host;      // the site's host
  bool site_aaaa = false;
  Ipv6Target homepage;
  size_t links = 0;                 // second/third-level pages considered
  size_t links_aaaa = 0;            // of them, with an AAAA address
  size_t links_reachable = 0;       // of them, reachable over IPv6
  std::vector<Ipv6Target> targets;  // the pages, in order
};

// `homepage`: the site URL; `pages`: (URL, depth) of crawled pages — those at
// depth 1 and 2 are the second- and third-level links. Never throws for
// network problems; one request per target, HEAD then GET when HEAD fails.
Ipv6Report CheckIpv6(const std::string& homepage,
                     const std::vector<std::pair<std::string, int>>& pages,
                     const Ipv6Options& options);

}  // namespace govscore

// The crawl engine: joins frontier -> fetcher -> extract -> checks, breadth
// first from the homepage (docs/architecture.md draws it).
//
// One thread drives the libcurl multi Fetcher and owns the Frontier and every
// record; a pool of parse workers turns fetched HTML into compact parsed pages
// (links resolved, privacy hits, column items) and attachment bytes into
// privacy hits. Bodies and texts are dropped as soon as they are parsed.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/columns.h"
#include "core/date.h"
#include "crawl/scan_report.h"

namespace govscore {

struct ScanProgress {
  size_t pages_done = 0;     // HTML pages parsed
  size_t links_checked = 0;  // link targets judged
  size_t queued = 0;         // frontier entries waiting
  size_t in_flight = 0;      // fetches and parses under way
  size_t errors = 0;         // broken link targets so far
  double elapsed_s = 0;
  double pages_per_s = 0;
  bool final = false;  // the last call, after the crawl ends
};

struct ScanOptions {
  std::string start_url;  // the homepage; http(s)
  size_t max_pages = 0;   // HTML pages crawled; 0 = no limit
  int max_depth = 100;    // links from the homepage; 0 = no limit
  int concurrency = 16;   // fetches in flight overall
  int per_host = 8;       // fetches in flight per host
  int host_delay_ms = 0;  // minimum delay between request starts to one host
  double timeout_s = 30;  // per attempt
  double connect_timeout_s = 10;
  int retries = 2;
  bool compression = true;  // FetchOptions::compression
  // Per response: bytes on the wire and after decompression (FetchOptions);
  // beyond them a page is cut and parsed as far as it came.
  size_t max_body_bytes = 16 << 20;
  size_t max_decoded_bytes = 64 << 20;
  // Still fetch (and parse) pages whose certificate fails verification; the
  // problem is a finding either way (FetchOptions::insecure_tls_fetch).
  bool insecure_tls = true;
  std::string user_agent = "govscore/0.1 (+government website evaluation)";
  std::vector<std::string> include, exclude;  // RE2 patterns, see ScopeOptions
  bool subdomains = false;
  bool respect_robots = true;
  bool check_external = true;
  bool scan_attachments = true;  // fetch txt csv pdf docx xlsx and look for personal data
  bool soft404_probe = true;     // fetch one surely-missing URL per site host
  // After the crawl, search the site (its GET search form) for the title of a
  // crawled article and look for it on result page 1 (checks/search_probe.h).
  bool search_probe = true;
  // After the crawl, check IPv6 support (checks/ipv6.h): AAAA of the site and
  // of its second/third-level pages, fetched over IPv6. `ipv6_resolve` maps
  // host → IPv6 addresses before DNS (a hosts-style override); DNS is asked
  // only without loopback_only, and with loopback_only only ::1 is contacted.
  bool ipv6_check = false;
  std::map<std::string, std::vector<std::string>> ipv6_resolve;
  // Address policy (fetch/address_policy.h, docs/fetching.md): private,
  // loopback, link-local and other special-purpose addresses are refused unless
  // in one of these networks ("127.0.0.0/8", "fd00::/8"; `--allow-network`).
  // The address of every connection is judged, after DNS and on every redirect
  // hop; a refused link target is "blocked" (not a defect), a refused start URL
  // an Error. A bad CIDR is an Error.
  std::vector<std::string> allow_networks;
  // Shorthand for allow_networks 127.0.0.0/8 and ::1 and nothing else: public
  // addresses are refused too and no name but localhost is resolved (tests,
  // the demo, offline installations).
  bool loopback_only = false;
  Date as_of = Date::TodayInChina();
  ColumnRules column_rules = ColumnRules::NationalDefaults();
  int parse_threads = 0;  // 0 = hardware threads
  // Called from the crawl thread about every progress_interval_s, and once at the end.
  std::function<void(const ScanProgress&)> progress;
  double progress_interval_s = 0.5;
  // Called from the parse workers (several threads at once) for every HTML page
  // parsed, PageFacts::text filled; must be thread-safe and must not throw. The
  // national checklist (src/checklist) reads page texts through it. Unset: no cost.
  std::function<void(const PageRecord&, const PageFacts&)> page_observer;
  // Mid-crawl checkpoints (crawl/crawl_log.h, docs/operations.md "Crash
  // safety"). Unset: none, no cost. Set: the crawl keeps a log of its inputs
  // and hands it, every checkpoint_every_pages pages or checkpoint_every_s
  // seconds, as one batch (opaque text) to the sink, in order, from a writer
  // thread (never the crawl thread). The sink stores the batch atomically and
  // returns true; false or an exception ends the checkpoints of this crawl.
  std::function<bool(const std::string& batch, size_t pages)> checkpoint_sink;
  size_t checkpoint_every_pages = 200;
  double checkpoint_every_s = 2;
  // Resume: returns the batches a sink got from an earlier (killed) crawl of
  // the same site with the same options, one per call in order, nullopt after
  // the last. The crawl replays them (no fetch), fetches again what was in
  // flight, and goes on; its report is the one an uninterrupted crawl makes
  // (requests, bytes and seconds aside: they count this run's fetches too).
  // A log that does not replay is dropped: checkpoint_discard is called and
  // the crawl starts afresh with a warning.
  std::function<std::optional<std::string>()> resume_source;
  std::function<void()> checkpoint_discard;
};

// Runs one scan to completion. Throws Error for an invalid start URL or
// include/exclude pattern; network problems are findings, never exceptions.
ScanReport RunScan(const ScanOptions& options);

// Product token for robots.txt group matching: the user agent up to the first
// '/' or space, lower case ("govscore").
std::string RobotsProductToken(const std::string& user_agent);

// True when the host of absolute URL `url` is 127.0.0.0/8, ::1 or localhost
// (written as such: no name is resolved).
bool IsLoopbackUrl(std::string_view url);

// True for link targets the crawl fetches whole to look for personal data.
bool IsTextBearingAttachment(std::string_view path_or_type);

}  // namespace govscore

// What one scan found: the data behind the govscore.scan/1 document
// (docs/scan-output.md) and the HTML report. Compact by design: a record per
// page, one per link target that is not plainly ok (with every page carrying
// it), one per column; no page bodies or texts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/columns.h"
#include "checks/link_result.h"
#include "checks/site_facts.h"
#include "core/date.h"
#include "extract/page.h"
#include "frontier/traps.h"

namespace govscore {

struct PageRecord {
  std::string url;        // as requested (normal form)
  std::string final_url;  // after redirects; empty when none
  std::string title;
  std::string charset;
  int status = 0;
  int depth = 0;
  PageKind kind = PageKind::kOther;
  bool soft_404 = false;
};

// A link target that is not plainly ok (broken, or ok only after redirects),
// with every page that links to it.
struct LinkRecord {
  std::string target;  // normal form, or the raw href for invalid_url
  LinkResult result = LinkResult::kOk;
  int status = 0;                    // final HTTP status, 0 when none
  std::string detail;                // error message, redirect chain summary, reason
  std::vector<std::string> via;      // redirect hops (URLs), in order
  std::vector<std::string> sources;  // URLs of pages carrying the link, crawl order
  bool external = false;
};

struct PrivacyRecord {
  std::string url;   // page or attachment carrying it
  std::string kind;  // "id_number" | "mobile"
  std::string masked;
  std::string context;  // masked surroundings
  bool attachment = false;
};

struct TlsRecord {
  std::string host;
  std::string kind;  // expired, hostname_mismatch, self_signed, untrusted, old_protocol
  std::string detail;
};

struct RobotsRecord {
  std::string host;
  int status = 0;  // of robots.txt; 0 when unreachable
  bool respected = true;
  size_t rules = 0;
  size_t refused = 0;                 // URLs not fetched because of it (all hosts)
  std::vector<std::string> examples;  // a few of those
};

struct ScanSummary {
  size_t pages = 0;             // HTML pages parsed
  size_t links_checked = 0;     // distinct link targets fetched or judged
  size_t link_occurrences = 0;  // links seen on pages (every href, counted per page)
  size_t broken_links = 0;      // distinct broken targets
  std::map<std::string, size_t>
      by_result;         // class name -> distinct targets (broken and redirect_ok)
  size_t not_links = 0;  // mailto:, javascript:, tel: ... skipped
  size_t attachments_scanned = 0;
  size_t empty_columns = 0, stale_columns = 0;
  size_t privacy_hits = 0;
  size_t trapped_urls = 0;  // URLs refused by trap defences
  size_t page_limit_refusals = 0;
  size_t requests = 0;  // fetches made (results received)
  uint64_t bytes = 0;   // body bytes received on the wire
  double seconds = 0;
  double pages_per_second = 0;
};

struct ScanReport {
  std::string site;  // start URL, normal form
  Date as_of;
  std::string started_at;  // ISO 8601 UTC
  std::string user_agent;
  std::vector<PageRecord> pages;  // crawl order
  std::vector<LinkRecord> links;  // broken and redirect_ok targets
  std::vector<ColumnStats> columns;
  FooterIdentity footer;  // from the homepage
  std::optional<SearchForm> search;
  bool accessibility_toolbar = false;
  std::string privacy_policy_url;  // resolved; empty when none
  std::map<std::string, std::string> home_meta;
  std::vector<PrivacyRecord> privacy;
  std::vector<Trap> traps;
  std::vector<TlsRecord> tls;
  std::vector<RobotsRecord> robots;
  std::vector<std::string> warnings;  // scan-level problems a user should know
  // Issue-7 site facts (policy interpretations, 来源, functions, 网站地图,
  // annual reports, external hosts): checks/site_facts.h.
  SiteFacts site_facts;
  ScanSummary summary;
};

}  // namespace govscore

// The site-search title probe (站内搜索可用): search the site for the title of a
// page the crawl found, and look for it on result page 1. One GET request, made
// by the caller's `fetch` (the crawl's Fetcher, so the scan's address policy,
// user agent and timeouts apply). docs/measures.md §3: search.title_found.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace govscore {

struct SearchProbe {
  std::string query;    // the title searched
  std::string article;  // URL of the page carrying that title
  std::string url;      // the search request
  int status = 0;       // HTTP status of the result page; 0 when not sent or no answer
  bool found = false;   // result page 1 links to the page (href ending in its path) or
                        // has an anchor whose whole text is the title
  std::string detail;   // why not probed or not found (Chinese, for the report)
};

// Fetches `url` (GET) and returns (status, UTF-8 body); status 0 on failure.
using ProbeFetch = std::function<std::pair<int, std::string>(const std::string& url)>;

// The title a page is searched by: its <title> cut at the first separator
// (_ | － — " - ") and trimmed; "" when under 4 characters.
std::string SearchableTitle(const std::string& page_title);

// `site`: the homepage URL; `action`, `method`, `param`: the site's search form
// (method "get" only — "post" and "script" forms are reported, not probed);
// `articles`: (URL, <title>) of crawled article pages, in crawl order — the
// first with a searchable title and a run of 6+ digits in its URL (a published
// article, not a fixed page) is probed, else the first with a searchable title. Returns nullopt when the site has
// no search form or no article to search for.
std::optional<SearchProbe> ProbeSearch(
    const std::string& site, const std::string& action, const std::string& method,
    const std::string& param, const std::vector<std::pair<std::string, std::string>>& articles,
    const ProbeFetch& fetch);

}  // namespace govscore

// Link results: every fetched link target gets exactly one class, named as in
// the scan output (docs/scan-output.md) and the sample site's ground truth.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fetch/fetcher.h"

namespace govscore {

enum class LinkResult : uint8_t {
  kOk,                // 2xx without redirects
  kRedirectOk,        // 2xx after one or more redirects (not a defect)
  kHttp4xx,           // final status 400-499 (after retries for 429)
  kHttp5xx,           // final status 500-599 (after retries)
  kTimeout,           // no complete answer within --timeout (after retries)
  kDns,               // host name does not resolve
  kRefused,           // connection refused
  kTls,               // TLS handshake failed, or an external target's certificate is bad
  kRedirectLoop,      // a redirect chain came back to a URL it had visited
  kTooManyRedirects,  // a chain longer than the redirect limit
  kSoft404,           // 200 whose content says the page does not exist
  kInvalidUrl,        // the href cannot be parsed as a URL
  kNetworkError,      // connection reset, empty reply, other transport failures
  kOtherStatus,       // a final 1xx/3xx status without a usable redirect
  kBlocked,           // not fetched: the address policy (--loopback-only) forbids it
};

// "ok" "redirect_ok" "http_4xx" "http_5xx" "timeout" "dns" "refused" "tls"
// "redirect_loop" "too_many_redirects" "soft_404" "invalid_url" "network_error"
// "other_status" "blocked".
std::string_view LinkResultName(LinkResult result);
std::optional<LinkResult> LinkResultFromName(std::string_view name);

// ok, redirect_ok and blocked (not checked) are not defects; everything else is.
inline bool IsBroken(LinkResult r) {
  return r != LinkResult::kOk && r != LinkResult::kRedirectOk && r != LinkResult::kBlocked;
}

// Simplified Chinese label for reports ("死链（404等）", "重定向循环", ...).
std::string_view LinkResultLabel(LinkResult result);

// Classifies a finished fetch. `soft_404` is the verdict of Soft404Detector for
// this response (only consulted for 2xx); `external` says the target is not in
// the scanned site (TLS issues of an external target make it kTls; those of the
// site itself are site findings, not link classes).
LinkResult ClassifyFetch(const FetchResult& result, bool soft_404, bool external);

}  // namespace govscore

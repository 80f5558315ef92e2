// The fetch stage: HTTP(S) transfers for the crawl, driven by one libcurl multi
// handle. Redirects are followed hop by hop here (not by libcurl) so that every
// hop is recorded; politeness per host, retries with backoff, HEAD->GET
// fallback, TLS findings and charset decoding all happen before a FetchResult is
// handed back. See docs/fetching.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govscore {

class AddressPolicy;  // fetch/address_policy.h

// kCheck: HEAD first, then GET when the server mishandles HEAD (403, 404, 405,
// 501, other error statuses, or connection problems on HEAD). Use it for links
// whose body is not needed (attachments, external links).
enum class FetchMethod { kGet, kHead, kCheck };

struct FetchRequest {
  std::string url;
  FetchMethod method = FetchMethod::kGet;
  uint64_t tag = 0;  // caller's id, copied into FetchResult::tag
  // Keep the (content-decoded) body even when it is not text, for this request
  // only (attachments scanned for personal data); see also
  // FetchOptions::keep_body_for_non_text.
  bool keep_body = false;
};

// One response that sent us elsewhere: the URL requested and its 3xx status.
struct RedirectHop {
  std::string url;
  int status;
};

enum class FetchError {
  kNone,  // a response was received (status may still be 4xx/5xx)
  kTimeout,
  kDns,  // also for the reserved TLD .invalid (RFC 6761), answered without a lookup
  kRefused,
  kTls,  // TLS failure and no insecure refetch (or the refetch failed too)
  kTooManyRedirects,
  kRedirectLoop,
  kTooLarge,  // body or decoded body over the cap; body holds the first part
  kInvalidUrl,
  kConnection,  // reset, empty reply, other transport failures
  kOther,
  // FetchOptions::address_policy or host_allowed refused the host or address of
  // the request or of a redirect hop: no connection to it; the hops before it
  // are recorded.
  kBlocked,
};

// A TLS problem observed on the site: a finding even when the page was fetched.
struct TlsIssue {
  // expired, not_yet_valid, self_signed, untrusted, revoked, hostname_mismatch,
  // old_protocol
  std::string kind;
  std::string detail;
};

struct FetchResult {
  uint64_t tag = 0;
  std::string url;  // as requested
  // The URL of the final response as sent: after redirects, with spaces and
  // non-ASCII bytes percent-encoded as browsers do and the fragment dropped.
  std::string final_url;
  // Status of the final response; 0 when none was received. For kRedirectLoop
  // and kTooManyRedirects, the status of the last hop.
  int status = 0;
  std::vector<RedirectHop> redirects;  // every hop, in order
  FetchError error = FetchError::kNone;
  std::string error_message;  // what went wrong, for people (empty on success)
  std::string content_type;   // media type, lower case, without parameters
  // Charset of a text body as detected (lower case: "utf-8", "gb2312", "gbk",
  // "big5", ...); empty for non-text bodies and HEAD.
  std::string charset;
  // Decoded body: content encodings removed; text types (text/*, XHTML, XML,
  // JSON, JS, no type) converted to UTF-8. Empty for HEAD and for non-text
  // bodies unless FetchRequest::keep_body or keep_body_for_non_text.
  std::string body;
  bool body_truncated = false;  // body holds only the first part (see kTooLarge)
  std::vector<TlsIssue> tls_issues;
  std::optional<std::string> last_modified;    // raw Last-Modified header
  std::map<std::string, std::string> headers;  // lower-case names, final response
  int attempts = 1;         // transfers for the final URL and method (retries + 1)
  double seconds = 0;       // wall time from the first transfer start to completion
  std::string method_used;  // "GET" or "HEAD": the method of the final response
  size_t wire_bytes = 0;    // body bytes received on the wire, all hops and attempts
  // HTTP version of the final response: 10, 11, 20 (HTTP/2) or 30; 0 when no
  // response came (CURLINFO_HTTP_VERSION).
  int http_version = 0;
  // Connections opened for this result over all hops and attempts; 0 when every
  // transfer reused a cached connection or joined a multiplexed HTTP/2 one
  // (CURLINFO_NUM_CONNECTS).
  int connections_opened = 0;
};

struct FetchOptions {
  int max_connections = 32;                     // concurrent transfers overall
  int max_per_host = 4;                         // concurrent transfers to one host (host:port)
  std::chrono::milliseconds min_host_delay{0};  // between request starts to a host
  double connect_timeout_s = 10;
  double timeout_s = 30;  // whole transfer, per attempt
  int retries = 2;        // extra attempts on timeout, 5xx, 429, connection errors
  // Of those, at most this many after timeouts (a HEAD falling back to GET
  // counts): each costs a whole timeout_s, and a server that let one attempt
  // time out rarely answers the next in time.
  int timeout_retries = 1;
  std::chrono::milliseconds retry_backoff{500};      // doubled per attempt
  std::chrono::milliseconds max_retry_after{30000};  // cap on honoured Retry-After
  int max_redirects = 10;
  size_t max_body_bytes = 16 << 20;     // bytes on the wire per response
  size_t max_decoded_bytes = 64 << 20;  // after gzip/deflate/br decompression
  std::string user_agent = "govscore/0.1 (+government website evaluation)";
  // Still fetch when TLS verification fails, recording TlsIssue.
  bool insecure_tls_fetch = true;
  // PEM file of trusted CAs replacing the system store (tests, private CAs); empty:
  // the system store.
  std::string ca_file;
  bool http2 = true;
  // Ask for gzip/deflate/br (Accept-Encoding). Off: bodies come as they are,
  // which costs nothing on loopback and saves the server compressing them.
  bool compression = true;
  bool keep_body_for_non_text = false;
  // Address policy, asked before the first request and before every redirect hop
  // with the URL's host: lower case, without port, IPv6 literals in brackets
  // ("127.0.0.1", "[::1]", "www.example.gov.cn"). A refused host finishes the
  // request with FetchError::kBlocked. Empty: every host is allowed. Called on
  // the thread running Wait.
  std::function<bool(std::string_view host)> host_allowed;
  // Which addresses may be connected to (fetch/address_policy.h). Judged before
  // DNS for literal hosts (and for every name when it allows only its own
  // networks) and again for the address of every connection libcurl opens,
  // redirect hops and re-resolved names included; a refused address gets no
  // socket and the request ends as kBlocked ("blocked by address policy: HOST
  // resolved to 10.0.0.1 is in 10.0.0.0/8 (private)"), never retried. Null:
  // every address (tests of the fetcher itself).
  std::shared_ptr<const AddressPolicy> address_policy;
  // Fixed name resolutions "host:port:address" as curl's --resolve (tests; a
  // site reached by a known address). The address policy still judges them.
  std::vector<std::string> resolve;
};

// One event loop over a libcurl multi handle. Enqueue may be called from any
// thread; Wait must be called from one thread at a time (it drives transfers).
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues a request; it starts in a later Wait when politeness allows.
  void Enqueue(FetchRequest request);

  // Drives transfers until at least one result is ready, `timeout` passes or
  // Wakeup is called; returns the finished results (possibly none). Never throws
  // on network errors: they are reported in FetchResult::error.
  std::vector<FetchResult> Wait(std::chrono::milliseconds timeout);

  // Queued + in flight + delayed retries + finished results not yet returned.
  size_t Pending() const;

  // Makes a Wait blocked in another thread return promptly (with the results
  // ready, possibly none); if no Wait is running, the next Wait returns after
  // one round of transfer work. Any thread. Enqueue needs no Wakeup: it wakes
  // Wait to start the request without making it return.
  void Wakeup();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

const char* ToString(FetchError error);

}  // namespace govscore

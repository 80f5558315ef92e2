#include "fetch/fetcher.h"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <deque>
#include <limits>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "fetch/address_policy.h"
#include "fetch/charset.h"
#include "fetch/content_decoder.h"

namespace govscore {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Unwanted bodies up to this size are drained to keep the connection alive.
constexpr size_t kDrainLimit = size_t{256} * 1024;

// How strictly TLS is checked for a transfer. A job escalates step by step so
// that each kind of problem is recorded before verification is switched off.
enum class TlsMode {
  kVerify,    // peer chain and host name verified
  kNoPeer,    // chain not verified, host name still verified
  kInsecure,  // nothing verified
  kLegacy,    // nothing verified, TLS 1.0+ and weak ciphers allowed
};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (Lower(s[i]) != prefix[i]) return false;
  return true;
}

// "host[:port]" of an absolute http(s) URL, lower case; empty if not http(s).
std::string HostKey(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view scheme = url.substr(0, scheme_end);
  if (!(scheme.size() == 4 && StartsWithNoCase(scheme, "http")) &&
      !(scheme.size() == 5 && StartsWithNoCase(scheme, "https")))
    return {};
  std::string_view rest = url.substr(scheme_end + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string key(authority);
  for (char& c : key) c = Lower(c);
  return key;
}

// Percent-encodes what browsers encode before sending a URL (spaces, controls,
// non-ASCII bytes, a few unsafe ASCII characters) in the path and query, and
// drops the fragment. The host is left alone (libcurl handles IDN names).
std::string RequestTarget(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t path = scheme_end == std::string_view::npos ? 0 : url.find_first_of("/?#", scheme_end + 3);
  if (path == std::string_view::npos) return std::string(url);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(url.substr(0, path));
  out.reserve(url.size() + 16);
  for (size_t i = path; i < url.size(); ++i) {
    auto c = static_cast<unsigned char>(url[i]);
    if (c == '#') break;
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// RFC 6761: names under .invalid never resolve, so no lookup is sent for them.
bool IsReservedInvalid(std::string_view host_key) {
  std::string_view host = host_key;
  if (!host.empty() && host.front() == '[') return false;  // IPv6 literal
  host = host.substr(0, host.find(':'));
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return host == "invalid" || (host.size() > 8 && host.substr(host.size() - 8) == ".invalid");
}

// The host of a HostKey without its port ("[::1]:8080" -> "[::1]").
std::string HostOnly(std::string_view host_key) {
  if (!host_key.empty() && host_key.front() == '[')
    return std::string(host_key.substr(0, host_key.find(']') + 1));
  return std::string(host_key.substr(0, host_key.find(':')));
}

bool IsTextType(std::string_view media_type) {
  return media_type.empty() || media_type.substr(0, 5) == "text/" ||
         media_type == "application/xhtml+xml" || media_type == "application/xml" ||
         media_type == "application/json" || media_type == "application/javascript" ||
         media_type == "application/x-javascript" ||
         (media_type.size() > 4 && media_type.substr(media_type.size() - 4) == "+xml");
}

bool IsRetryableStatus(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// Classifies an X509 verification result (CURLINFO_SSL_VERIFYRESULT).
TlsIssue IssueFromVerifyResult(long code) {
  const char* text = X509_verify_cert_error_string(code);
  std::string detail = text != nullptr ? text : "certificate verification failed";
  switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return {"expired", detail};
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return {"not_yet_valid", detail};
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return {"self_signed", detail};
    case X509_V_ERR_HOSTNAME_MISMATCH:
      return {"hostname_mismatch", detail};
    case X509_V_ERR_CERT_REVOKED:
      return {"revoked", detail};
    default:
      return {"untrusted", detail};
  }
}

bool IsHostnameMismatchMessage(std::string_view message) {
  return message.find("subject name") != std::string_view::npos ||
         message.find("does not match target host") != std::string_view::npos ||
         message.find("hostname mismatch") != std::string_view::npos;
}

bool IsPeerGoneMessage(std::string_view message) {
  return message.find("reset by peer") != std::string_view::npos ||
         message.find("SSL_ERROR_SYSCALL") != std::string_view::npos ||
         message.find("unexpected eof") != std::string_view::npos;
}

void AddIssue(std::vector<TlsIssue>* issues, const TlsIssue& issue) {
  for (const TlsIssue& existing : *issues)
    if (existing.kind == issue.kind) return;
  issues->push_back(issue);
}

FetchError ErrorFromCurl(CURLcode code, long os_errno) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchError::kDns;
    case CURLE_COULDNT_CONNECT:
      return os_errno == ECONNREFUSED || os_errno == 0 ? FetchError::kRefused
                                                       : FetchError::kConnection;
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::kTimeout;
    case CURLE_URL_MALFORMAT:
      return FetchError::kInvalidUrl;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return FetchError::kTls;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return FetchError::kConnection;
    default:
      return FetchError::kOther;
  }
}

bool IsRetryableError(FetchError error) {
  return error == FetchError::kTimeout || error == FetchError::kConnection;
}

// Parses Retry-After (delta seconds or HTTP-date); nullopt when absent or bad.
std::optional<milliseconds> ParseRetryAfter(std::string_view value) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  bool digits =
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    if (value.size() > 9) return milliseconds(std::numeric_limits<int32_t>::max());
    return milliseconds(std::stol(std::string(value)) * 1000);
  }
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::nullopt;
  time_t now = std::time(nullptr);
  return milliseconds(when > now ? (when - now) * 1000 : 0);
}

}  // namespace

const char* ToString(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return "none";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kDns:
      return "dns";
    case FetchError::kRefused:
      return "refused";
    case FetchError::kTls:
      return "tls";
    case FetchError::kTooManyRedirects:
      return "too_many_redirects";
    case FetchError::kRedirectLoop:
      return "redirect_loop";
    case FetchError::kTooLarge:
      return "too_large";
    case FetchError::kInvalidUrl:
      return "invalid_url";
    case FetchError::kConnection:
      return "connection";
    case FetchError::kOther:
      return "other";
    case FetchError::kBlocked:
      return "blocked";
  }
  return "other";
}

class Fetcher::Impl {
 public:
  explicit Impl(FetchOptions options);
  ~Impl();

  void Enqueue(FetchRequest request);
  std::vector<FetchResult> Wait(milliseconds timeout);
  size_t Pending() const { return outstanding_.load(); }
  void Wakeup() {
    woken_.store(true);
    Signal();
  }

 private:
  // Why the host of `host_key` may not be contacted (address policy or the
  // host_allowed hook), or nullopt. Before any DNS lookup.
  std::optional<std::string> HostRefusal(std::string_view host_key) const {
    const std::string host = HostOnly(host_key);
    if (options_.address_policy) {
      if (std::optional<std::string> why = options_.address_policy->HostRefusal(host))
        return "blocked by address policy: " + host + ": " + *why;
    }
    if (options_.host_allowed && !options_.host_allowed(host))
      return "blocked by address policy: " + host;
    return std::nullopt;
  }
  // libcurl's CURLOPT_OPENSOCKETFUNCTION: every connection's address, after DNS,
  // is judged by the address policy; a refused one gets no socket, so nothing
  // is sent to it (DNS rebinding, names resolving to private ranges).
  static curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address);

  // libcurl is driven with curl_multi_socket_action over an epoll set: it is
  // told which socket is ready instead of polling every transfer's socket on
  // each call (curl_multi_perform did, several polls a request).
  static int OnSocket(CURL* easy, curl_socket_t s, int what, void* user, void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* user);
  static int OnCloseSocket(void* user, curl_socket_t s);
  void Signal();                         // wakes a running epoll_wait
  void Act(curl_socket_t s, int flags);  // curl_multi_socket_action
  // Epoll interest per socket. A socket of a kept-alive connection stays
  // registered between its requests (libcurl removes and re-adds it each
  // time); one of our own sockets (`owned`, opened by OnOpenSocket) leaves the
  // set when it is closed (OnCloseSocket), any other when libcurl removes it.
  struct Watch {
    uint32_t events = 0;  // registered with epoll; 0: not registered
    bool wanted = false;  // libcurl wants events now
    bool owned = false;
  };
  std::unordered_map<curl_socket_t, Watch> watches_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd in the epoll set
  std::optional<Clock::time_point> curl_timer_;

  struct Host;

  // One logical request, alive from Enqueue until its result is handed out.
  struct Job {
    FetchResult result;
    std::string url;  // the URL being fetched now (changes on redirect)
    Host* host = nullptr;
    bool head = false;              // current method
    bool check = false;             // kCheck: HEAD may fall back to GET
    bool keep_body = false;         // keep non-text bodies too
    int attempts_here = 0;          // transfers made for `url` with the current method
    int timeouts = 0;               // transfers of this job that timed out
    bool chain_set_cookie = false;  // a response in the chain set a cookie
    TlsMode tls = TlsMode::kVerify;
    Clock::time_point started{};  // first transfer start; epoch until then
  };

  struct Host {
    std::string key;
    int active = 0;
    Clock::time_point next_start{};
    std::deque<Job*> queue;
    bool listed = false;  // in waiting_hosts_
    // What TLS needed on this host so far, so later jobs skip failing steps.
    TlsMode tls = TlsMode::kVerify;
    std::vector<TlsIssue> tls_issues;
  };

  enum class Stop { kNone, kTooLarge, kNotWanted, kCorrupt };

  // Per easy handle state; pooled together with the handle.
  struct Transfer {
    Impl* impl = nullptr;
    CURL* easy = nullptr;
    Job* job = nullptr;
    int status = 0;
    bool headers_done = false;
    bool keep_body = false;
    bool discard_body = false;  // read and drop (redirect bodies keep the connection)
    bool tls_checked = false;
    // Set by OnOpenSocket when the address policy refused an address libcurl
    // was about to connect to: why (the last one refused).
    std::string refused_address;
    Stop stop = Stop::kNone;
    size_t wire = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    ContentDecoder decoder;
    char error[CURL_ERROR_SIZE] = {0};
  };

  static size_t OnHeader(char* data, size_t size, size_t n, void* user);
  static size_t OnBody(char* data, size_t size, size_t n, void* user);
  void OnHeadersDone(Transfer* t);

  Transfer* AcquireTransfer();
  void ReleaseTransfer(Transfer* t);
  Host* HostFor(const std::string& url);
  void Schedule(Job* job, bool front);
  void TakeIncoming();
  void PromoteDelayed(Clock::time_point now);
  // Starts what politeness allows; returns when the next delayed host is free.
  std::optional<Clock::time_point> StartReady(Clock::time_point now);
  void Start(Job* job, Clock::time_point now);
  void CollectDone();
  void OnDone(Transfer* t, CURLcode code);
  void Retry(Job* job, milliseconds delay);
  void Finish(Job* job, Transfer* t);
  void FinishError(Job* job, FetchError error, std::string message);
  void CheckTlsVersion(Transfer* t);
  // Wall time since the job's first transfer started (0 if none did).
  static double Seconds(const Job* job) {
    if (job->started == Clock::time_point{}) return 0;
    return std::chrono::duration<double>(Clock::now() - job->started).count();
  }

  const FetchOptions options_;
  CURLM* multi_ = nullptr;
  CURLSH* share_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  curl_slist* resolve_ = nullptr;                     // FetchOptions::resolve
  std::vector<std::unique_ptr<Transfer>> transfers_;  // every transfer ever made
  std::vector<Transfer*> idle_;
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
  std::deque<Host*> waiting_hosts_;  // hosts with queued jobs
  using Delayed = std::pair<Clock::time_point, Job*>;
  struct LaterFirst {
    bool operator()(const Delayed& a, const Delayed& b) const { return a.first > b.first; }
  };
  std::priority_queue<Delayed, std::vector<Delayed>, LaterFirst> delayed_;
  int active_ = 0;
  bool requeued_ = false;  // a job became startable after StartReady ran
  std::vector<FetchResult> results_;

  std::mutex incoming_mu_;
  std::vector<FetchRequest> incoming_;  // guarded by incoming_mu_
  std::atomic<bool> polling_{false};
  std::atomic<bool> woken_{false};  // set by Wakeup: the running Wait returns
  std::atomic<size_t> outstanding_{0};
};

Fetcher::Impl::Impl(FetchOptions options) : options_(std::move(options)) {
  static const bool global_init = [] {
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  }();
  if (!global_init) throw Error("curl_global_init failed", "fetch");
  multi_ = curl_multi_init();
  share_ = curl_share_init();
  if (multi_ == nullptr || share_ == nullptr) throw Error("cannot create libcurl handles", "fetch");
  // Only the thread in Wait touches transfers, so the share needs no locks.
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections) * 2);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    if (epoll_fd_ >= 0) close(epoll_fd_);
    if (wake_fd_ >= 0) close(wake_fd_);
    throw Error(std::string("cannot create the fetcher's event set: ") + std::strerror(errno),
                "fetch");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Impl::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Impl::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  if (options_.compression) {
    request_headers_ = curl_slist_append(request_headers_, "Accept-Encoding: gzip, deflate, br");
  }
  for (const std::string& entry : options_.resolve)
    resolve_ = curl_slist_append(resolve_, entry.c_str());
  request_headers_ = curl_slist_append(
      request_headers_, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  request_headers_ =
      curl_slist_append(request_headers_, "Accept-Language: zh-CN,zh;q=0.9,en;q=0.5");
}

Fetcher::Impl::~Impl() {
  for (auto& t : transfers_) {
    if (t->job != nullptr) {
      curl_multi_remove_handle(multi_, t->easy);
      delete t->job;
    }
    curl_easy_cleanup(t->easy);
  }
  for (auto& [key, host] : hosts_)
    for (Job* job : host->queue) delete job;
  while (!delayed_.empty()) {
    delete delayed_.top().second;
    delayed_.pop();
  }
  curl_multi_cleanup(multi_);
  curl_share_cleanup(share_);
  close(epoll_fd_);
  close(wake_fd_);
  curl_slist_free_all(request_headers_);
  curl_slist_free_all(resolve_);
}

void Fetcher::Impl::Enqueue(FetchRequest request) {
  outstanding_.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(incoming_mu_);
    incoming_.push_back(std::move(request));
  }
  if (polling_.load()) Signal();
}

Fetcher::Impl::Transfer* Fetcher::Impl::AcquireTransfer() {
  if (!idle_.empty()) {
    Transfer* t = idle_.back();
    idle_.pop_back();
    return t;
  }
  auto owned = std::make_unique<Transfer>();
  Transfer* t = owned.get();
  t->impl = this;
  t->easy = curl_easy_init();
  if (t->easy == nullptr) throw Error("curl_easy_init failed", "fetch");
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_SHARE, share_);
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, request_headers_);
  curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout_s * 1000));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_s * 1000));
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   options_.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  if (!options_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  if (resolve_ != nullptr) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_);
  if (options_.address_policy) {
    // No proxy from the environment: a proxy would resolve and connect for us,
    // out of the policy's sight.
    curl_easy_setopt(e, CURLOPT_PROXY, "");
  }
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::OnOpenSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
  curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &Impl::OnCloseSocket);
  curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this);
  transfers_.push_back(std::move(owned));
  return t;
}

void Fetcher::Impl::ReleaseTransfer(Transfer* t) {
  t->job = nullptr;
  t->headers.clear();
  // Keep a modest buffer for the next small page; give big ones back.
  if (t->body.capacity() > (256u << 10)) std::string().swap(t->body);
  t->body.clear();
  idle_.push_back(t);
}

Fetcher::Impl::Host* Fetcher::Impl::HostFor(const std::string& url) {
  std::string key = HostKey(url);
  auto it = hosts_.find(key);
  if (it == hosts_.end()) {
    auto host = std::make_unique<Host>();
    host->key = key;
    it = hosts_.emplace(std::move(key), std::move(host)).first;
  }
  return it->second.get();
}

void Fetcher::Impl::Schedule(Job* job, bool front) {
  job->host = HostFor(job->url);
  Host* h = job->host;
  if (front) {
    h->queue.push_front(job);
  } else {
    h->queue.push_back(job);
  }
  if (!h->listed) {
    h->listed = true;
    waiting_hosts_.push_back(h);
  }
  requeued_ = true;
}

void Fetcher::Impl::TakeIncoming() {
  std::vector<FetchRequest> taken;
  {
    std::lock_guard<std::mutex> lock(incoming_mu_);
    if (incoming_.empty()) return;
    taken.swap(incoming_);
  }
  for (FetchRequest& request : taken) {
    auto* job = new Job();
    job->result.tag = request.tag;
    job->result.url = request.url;
    job->url = RequestTarget(request.url);
    job->head = request.method != FetchMethod::kGet;
    job->check = request.method == FetchMethod::kCheck;
    job->keep_body = request.keep_body;
    std::string host = HostKey(job->url);
    if (host.empty()) {
      FinishError(job, FetchError::kInvalidUrl, "not an absolute http(s) URL");
      continue;
    }
    if (IsReservedInvalid(host)) {
      FinishError(job, FetchError::kDns, "host in the reserved TLD .invalid never resolves");
      continue;
    }
    if (std::optional<std::string> why = HostRefusal(host)) {
      FinishError(job, FetchError::kBlocked, std::move(*why));
      continue;
    }
    Schedule(job, /*front=*/false);
  }
}

void Fetcher::Impl::PromoteDelayed(Clock::time_point now) {
  while (!delayed_.empty() && delayed_.top().first <= now) {
    Job* job = delayed_.top().second;
    delayed_.pop();
    Schedule(job, /*front=*/true);
  }
}

std::optional<Clock::time_point> Fetcher::Impl::StartReady(Clock::time_point now) {
  requeued_ = false;
  std::optional<Clock::time_point> next_free;
  size_t hosts = waiting_hosts_.size();
  for (size_t i = 0; i < hosts && active_ < options_.max_connections; ++i) {
    Host* h = waiting_hosts_.front();
    waiting_hosts_.pop_front();
    while (!h->queue.empty() && h->active < options_.max_per_host &&
           active_ < options_.max_connections && h->next_start <= now) {
      Job* job = h->queue.front();
      h->queue.pop_front();
      Start(job, now);
    }
    if (h->queue.empty()) {
      h->listed = false;
    } else {
      waiting_hosts_.push_back(h);
      if (h->next_start > now && h->active < options_.max_per_host)
        next_free = next_free ? std::min(*next_free, h->next_start) : h->next_start;
    }
  }
  return next_free;
}

void Fetcher::Impl::Start(Job* job, Clock::time_point now) {
  Host* h = job->host;
  // Take what the host is known to need and the issues that go with it.
  if (h->tls > job->tls) job->tls = h->tls;
  for (const TlsIssue& issue : h->tls_issues) AddIssue(&job->result.tls_issues, issue);

  if (job->started == Clock::time_point{}) job->started = now;
  Transfer* t = AcquireTransfer();
  t->job = job;
  t->status = 0;
  t->headers_done = false;
  t->keep_body = false;
  t->discard_body = false;
  t->tls_checked = false;
  t->refused_address.clear();
  t->stop = Stop::kNone;
  t->wire = 0;
  t->error[0] = '\0';
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, job->url.c_str());
  if (job->head) {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  }
  bool verify_peer = job->tls == TlsMode::kVerify;
  bool verify_host = job->tls == TlsMode::kVerify || job->tls == TlsMode::kNoPeer;
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, verify_peer ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, verify_host ? 2L : 0L);
  if (job->tls == TlsMode::kLegacy) {
    curl_easy_setopt(e, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_0));
    curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
  } else {
    curl_easy_setopt(e, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_DEFAULT));
    curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, nullptr);
  }
  ++h->active;
  ++active_;
  h->next_start = now + options_.min_host_delay;
  CURLMcode rc = curl_multi_add_handle(multi_, e);
  if (rc != CURLM_OK) {
    --h->active;
    --active_;
    ReleaseTransfer(t);
    FinishError(job, FetchError::kOther,
                std::string("cannot start transfer: ") + curl_multi_strerror(rc));
  }
}

size_t Fetcher::Impl::OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  if (line.substr(0, 5) == "HTTP/") {
    // A new response begins (after 1xx or a proxy CONNECT): forget earlier headers.
    t->headers.clear();
    t->headers_done = false;
    size_t sp = line.find(' ');
    t->status =
        sp == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(sp + 1, 3)).c_str());
    if (!t->tls_checked) t->impl->CheckTlsVersion(t);
    return len;
  }
  if (t->headers_done) return len;  // trailers after a chunked body
  std::string_view trimmed = Trim(line);
  if (trimmed.empty()) {
    if (t->status >= 200) t->impl->OnHeadersDone(t);
    return len;
  }
  size_t colon = trimmed.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(Trim(trimmed.substr(0, colon)));
  for (char& c : name) c = Lower(c);
  std::string_view value = Trim(trimmed.substr(colon + 1));
  auto [it, inserted] = t->headers.try_emplace(std::move(name), value);
  if (!inserted) {
    // Repeated headers are joined as HTTP allows (Set-Cookie with newlines).
    it->second += it->first == "set-cookie" ? "\n" : ", ";
    it->second += value;
  }
  return len;
}

void Fetcher::Impl::OnHeadersDone(Transfer* t) {
  t->headers_done = true;
  if (t->job->head) return;
  int status = t->status;
  bool redirect = status >= 300 && status < 400 && t->headers.count("location") > 0;
  std::string_view media;
  if (auto it = t->headers.find("content-type"); it != t->headers.end()) {
    media = it->second;
    media = Trim(media.substr(0, media.find(';')));
  }
  std::string lower(media);
  for (char& c : lower) c = Lower(c);
  if (redirect) {
    t->discard_body = true;
  } else if (IsTextType(lower) || options_.keep_body_for_non_text || t->job->keep_body) {
    t->keep_body = true;
    auto enc = t->headers.find("content-encoding");
    t->decoder.Reset(enc == t->headers.end() ? std::string_view() : std::string_view(enc->second));
  } else {
    // A binary body we were not asked to keep: a small one is read and dropped so
    // the connection can be reused; a large or unsized one stops the transfer.
    auto length = t->headers.find("content-length");
    size_t size = std::numeric_limits<size_t>::max();
    if (length != t->headers.end() && !length->second.empty() && length->second.size() < 12 &&
        std::all_of(length->second.begin(), length->second.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      size = std::stoul(length->second);
    if (size <= kDrainLimit) {
      t->discard_body = true;
    } else {
      t->stop = Stop::kNotWanted;
    }
  }
}

size_t Fetcher::Impl::OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  const FetchOptions& options = t->impl->options_;
  if (!t->headers_done) t->impl->OnHeadersDone(t);
  if (t->stop != Stop::kNone) return 0;  // abort: body not wanted
  if (t->discard_body) {
    t->wire += len;
    return len;
  }
  std::string_view chunk(data, len);
  bool over_wire = t->wire + len > options.max_body_bytes;
  if (over_wire) chunk = chunk.substr(0, options.max_body_bytes - t->wire);
  t->wire += chunk.size();
  switch (t->decoder.Feed(chunk, &t->body, options.max_decoded_bytes)) {
    case ContentDecoder::Status::kOk:
      break;
    case ContentDecoder::Status::kOverCap:
      t->stop = Stop::kTooLarge;
      return 0;
    case ContentDecoder::Status::kCorrupt:
      t->stop = Stop::kCorrupt;
      return 0;
  }
  if (over_wire) {
    t->stop = Stop::kTooLarge;
    return 0;
  }
  return len;
}

void Fetcher::Impl::CheckTlsVersion(Transfer* t) {
  t->tls_checked = true;
  if (!StartsWithNoCase(t->job->url, "https:")) return;
  const curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(t->easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == nullptr ||
      info->backend != CURLSSLBACKEND_OPENSSL || info->internals == nullptr)
    return;
  auto* ssl = static_cast<SSL*>(info->internals);
  int version = SSL_version(ssl);
  if (version != 0 && version < TLS1_2_VERSION) {
    TlsIssue issue{"old_protocol", std::string("negotiated ") + SSL_get_version(ssl)};
    AddIssue(&t->job->result.tls_issues, issue);
    AddIssue(&t->job->host->tls_issues, issue);
  }
}

void Fetcher::Impl::CollectDone() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
    CURLcode code = msg->data.result;
    curl_multi_remove_handle(multi_, msg->easy_handle);
    OnDone(t, code);
  }
}

void Fetcher::Impl::Retry(Job* job, milliseconds delay) {
  if (delay.count() <= 0) {
    Schedule(job, /*front=*/true);
    return;
  }
  delayed_.emplace(Clock::now() + delay, job);
}

curl_socket_t Fetcher::Impl::OnOpenSocket(void* user, curlsocktype purpose,
                                          curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || address == nullptr) return CURL_SOCKET_BAD;
  if (t->impl->options_.address_policy) {
    const std::optional<IpAddress> ip = IpAddress::FromSockaddr(&address->addr);
    std::optional<std::string> why;
    if (!ip) {
      why = "an address of an unknown family";
    } else {
      why = t->impl->options_.address_policy->Refusal(*ip);
    }
    if (why) {
      t->refused_address = *why;
      return CURL_SOCKET_BAD;
    }
    t->refused_address.clear();  // another address of the name was allowed
  }
  const curl_socket_t s = socket(address->family, address->socktype, address->protocol);
  if (s != CURL_SOCKET_BAD) t->impl->watches_[s].owned = true;
  return s;
}

int Fetcher::Impl::OnCloseSocket(void* user, curl_socket_t s) {
  auto* impl = static_cast<Impl*>(user);
  impl->watches_.erase(s);  // closing it takes it out of the epoll set
  return close(s);
}

int Fetcher::Impl::OnSocket(CURL* /*easy*/, curl_socket_t s, int what, void* user,
                            void* /*socketp*/) {
  auto* impl = static_cast<Impl*>(user);
  if (what == CURL_POLL_REMOVE) {
    auto it = impl->watches_.find(s);
    if (it == impl->watches_.end()) return 0;
    it->second.wanted = false;
    if (!it->second.owned) {  // closed without OnCloseSocket: leave the set now
      epoll_ctl(impl->epoll_fd_, EPOLL_CTL_DEL, s, nullptr);
      impl->watches_.erase(it);
    }
    return 0;
  }
  Watch& w = impl->watches_[s];
  w.wanted = true;
  uint32_t events = 0;
  if (what & CURL_POLL_IN) events |= EPOLLIN;
  if (what & CURL_POLL_OUT) events |= EPOLLOUT;
  if (events == w.events) return 0;
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = s;
  int op = w.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(impl->epoll_fd_, op, s, &ev) != 0) {
    // A number reused after a close libcurl did not tell us about.
    op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(impl->epoll_fd_, op, s, &ev) != 0) return -1;
  }
  w.events = events;
  return 0;
}

int Fetcher::Impl::OnTimer(CURLM* /*multi*/, long timeout_ms, void* user) {
  auto* impl = static_cast<Impl*>(user);
  if (timeout_ms < 0) {
    impl->curl_timer_.reset();
  } else {
    impl->curl_timer_ = Clock::now() + milliseconds(timeout_ms);
  }
  return 0;
}

void Fetcher::Impl::Signal() {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
}

void Fetcher::Impl::Act(curl_socket_t s, int flags) {
  int running = 0;
  curl_multi_socket_action(multi_, s, flags, &running);
}

void Fetcher::Impl::OnDone(Transfer* t, CURLcode code) {
  Job* job = t->job;
  Host* host = job->host;
  --host->active;
  --active_;
  ++job->attempts_here;
  job->result.wire_bytes += t->wire;
  long connects = 0;
  if (curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
    job->result.connections_opened += static_cast<int>(connects);
  const FetchOptions& o = options_;
  milliseconds backoff = o.retry_backoff * (1 << std::min(job->attempts_here - 1, 16));

  if (code != CURLE_OK && !t->refused_address.empty()) {
    // Every address of the host was refused by the policy: not retried.
    std::string message = "blocked by address policy: " + HostOnly(HostKey(job->url)) +
                          " resolved to " + t->refused_address;
    ReleaseTransfer(t);
    FinishError(job, FetchError::kBlocked, std::move(message));
    return;
  }
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && t->stop != Stop::kNone)) {
    long os_errno = 0;
    curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
    FetchError error = ErrorFromCurl(code, os_errno);
    std::string message = t->error[0] != '\0' ? t->error : curl_easy_strerror(code);

    if (error == FetchError::kTls && job->tls != TlsMode::kLegacy) {
      std::optional<TlsIssue> issue;
      TlsMode next = job->tls;
      if (code == CURLE_PEER_FAILED_VERIFICATION) {
        long verify = 0;
        curl_easy_getinfo(t->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
        // curl checks the chain first, then the name: a name mismatch means the
        // chain was fine (or is no longer verified).
        if (IsHostnameMismatchMessage(message) || verify == X509_V_ERR_HOSTNAME_MISMATCH) {
          issue = TlsIssue{"hostname_mismatch", message};
          next = TlsMode::kInsecure;
        } else if (job->tls == TlsMode::kVerify) {
          issue = verify != X509_V_OK && verify != X509_V_ERR_UNSPECIFIED
                      ? IssueFromVerifyResult(verify)
                      : TlsIssue{"untrusted", message};
          next = TlsMode::kNoPeer;  // then learn whether the name matches too
        } else {
          issue = TlsIssue{"untrusted", message};
          next = TlsMode::kInsecure;
        }
      } else if (code == CURLE_SSL_CONNECT_ERROR || code == CURLE_SSL_CIPHER) {
        next = TlsMode::kLegacy;  // perhaps a server stuck on TLS 1.0/1.1
      }
      if (issue) {
        AddIssue(&job->result.tls_issues, *issue);
        AddIssue(&host->tls_issues, *issue);
      }
      if (o.insecure_tls_fetch && next != job->tls) {
        job->tls = next;
        if (host->tls < next && next != TlsMode::kLegacy) host->tls = next;
        --job->attempts_here;  // a TLS step is not a retry
        ReleaseTransfer(t);
        Schedule(job, /*front=*/true);
        return;
      }
    }
    // A handshake cut off by the peer even with legacy settings is a connection
    // failure (an overloaded or filtering server), not a TLS finding.
    if (code == CURLE_SSL_CONNECT_ERROR && IsPeerGoneMessage(message) &&
        (job->tls == TlsMode::kLegacy || !o.insecure_tls_fetch))
      error = FetchError::kConnection;
    // A timeout costs the whole timeout: one retry at most
    // (FetchOptions::timeout_retries), the HEAD-to-GET fallback included.
    const bool timed_out = error == FetchError::kTimeout;
    if (timed_out) ++job->timeouts;
    const bool timeouts_left = job->timeouts <= std::min(o.retries, o.timeout_retries);
    if (job->head && job->check && (!timed_out || timeouts_left)) {
      // Servers that mishandle HEAD may drop it.
      job->head = false;
      job->attempts_here = 0;
      ReleaseTransfer(t);
      Schedule(job, /*front=*/true);
      return;
    }
    if (IsRetryableError(error) && job->attempts_here <= o.retries &&
        (!timed_out || timeouts_left)) {
      ReleaseTransfer(t);
      Retry(job, backoff);
      return;
    }
    if (job->tls == TlsMode::kLegacy && error == FetchError::kTls) {
      message = "TLS handshake failed even with legacy protocols: " + message;
    }
    ReleaseTransfer(t);
    FinishError(job, error, std::move(message));
    return;
  }

  // Legacy settings are remembered for the host only when they were needed for an
  // old protocol (CheckTlsVersion recorded it); a one-off handshake failure is not.
  if (job->tls == TlsMode::kLegacy && host->tls != TlsMode::kLegacy &&
      std::any_of(host->tls_issues.begin(), host->tls_issues.end(),
                  [](const TlsIssue& i) { return i.kind == "old_protocol"; }))
    host->tls = TlsMode::kLegacy;

  long status = t->status;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  t->status = static_cast<int>(status);
  if (t->headers.count("set-cookie") > 0) job->chain_set_cookie = true;

  if (status >= 300 && status < 400 && t->headers.count("location") > 0) {
    char* target = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &target);
    job->result.redirects.push_back({job->url, t->status});
    std::string next = target != nullptr ? RequestTarget(target) : "";
    if (next.empty() || HostKey(next).empty()) {
      std::string message = "redirect to an unusable Location: " + t->headers["location"];
      ReleaseTransfer(t);
      FinishError(job, FetchError::kInvalidUrl, std::move(message));
      return;
    }
    // A URL seen before is a loop, unless a cookie was set on the way: sites that
    // set a cookie and send the client back are common and work in browsers.
    int seen = 0;
    for (const RedirectHop& hop : job->result.redirects) seen += hop.url == next ? 1 : 0;
    if (seen > (job->chain_set_cookie ? 1 : 0)) {
      job->url = next;
      ReleaseTransfer(t);
      FinishError(job, FetchError::kRedirectLoop, "redirect loop back to " + next);
      return;
    }
    if (static_cast<int>(job->result.redirects.size()) > o.max_redirects) {
      job->url = next;
      ReleaseTransfer(t);
      FinishError(job, FetchError::kTooManyRedirects,
                  "more than " + std::to_string(o.max_redirects) + " redirects");
      return;
    }
    if (IsReservedInvalid(HostKey(next))) {
      job->url = next;
      ReleaseTransfer(t);
      FinishError(job, FetchError::kDns, "host in the reserved TLD .invalid never resolves");
      return;
    }
    if (std::optional<std::string> why = HostRefusal(HostKey(next))) {
      std::string message = std::move(*why);
      job->url = next;
      ReleaseTransfer(t);
      FinishError(job, FetchError::kBlocked, std::move(message));
      return;
    }
    job->url = std::move(next);
    job->attempts_here = 0;
    ReleaseTransfer(t);
    Schedule(job, /*front=*/true);
    return;
  }

  if (job->head && job->check && status >= 400) {
    job->head = false;
    job->attempts_here = 0;
    milliseconds delay{0};
    if (status == 429) {
      auto ra = t->headers.find("retry-after");
      if (ra != t->headers.end()) delay = ParseRetryAfter(ra->second).value_or(milliseconds(0));
      delay = std::min(delay, o.max_retry_after);
    }
    ReleaseTransfer(t);
    Retry(job, delay);
    return;
  }

  if (IsRetryableStatus(static_cast<int>(status)) && job->attempts_here <= o.retries) {
    milliseconds delay = backoff;
    auto ra = t->headers.find("retry-after");
    if (ra != t->headers.end()) {
      if (auto parsed = ParseRetryAfter(ra->second)) delay = std::min(*parsed, o.max_retry_after);
    }
    ReleaseTransfer(t);
    Retry(job, delay);
    return;
  }
  Finish(job, t);
}

void Fetcher::Impl::Finish(Job* job, Transfer* t) {
  FetchResult& r = job->result;
  r.final_url = job->url;
  r.status = t->status;
  r.attempts = std::max(job->attempts_here, 1);
  r.method_used = job->head ? "HEAD" : "GET";
  r.seconds = Seconds(job);
  long version = 0;
  curl_easy_getinfo(t->easy, CURLINFO_HTTP_VERSION, &version);
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      r.http_version = 10;
      break;
    case CURL_HTTP_VERSION_1_1:
      r.http_version = 11;
      break;
    case CURL_HTTP_VERSION_2_0:
      r.http_version = 20;
      break;
    case CURL_HTTP_VERSION_3:
      r.http_version = 30;
      break;
    default:
      r.http_version = 0;
  }
  std::string content_type_header;
  if (auto it = t->headers.find("content-type"); it != t->headers.end()) {
    content_type_header = it->second;
    std::string_view media = Trim(std::string_view(it->second).substr(0, it->second.find(';')));
    r.content_type.assign(media);
    for (char& c : r.content_type) c = Lower(c);
  }
  if (auto it = t->headers.find("last-modified"); it != t->headers.end())
    r.last_modified = it->second;
  if (t->stop == Stop::kTooLarge) {
    r.error = FetchError::kTooLarge;
    r.body_truncated = true;
    r.error_message = "body larger than the cap (" + std::to_string(options_.max_body_bytes) +
                      " bytes on the wire, " + std::to_string(options_.max_decoded_bytes) +
                      " decoded)";
  } else if (t->stop == Stop::kCorrupt) {
    r.error = FetchError::kOther;
    r.body_truncated = true;
    r.error_message = "content decoding failed";
  }
  if (t->keep_body) {
    r.body = std::move(t->body);
    t->body = std::string();
    if (IsTextType(r.content_type)) {
      r.charset = DetectCharset(content_type_header, r.body);
      if (r.charset != "utf-8" || !IsValidUtf8(r.body)) r.body = ToUtf8(r.body, r.charset);
    }
  }
  r.headers = std::move(t->headers);
  t->headers = {};
  ReleaseTransfer(t);
  results_.push_back(std::move(r));
  delete job;
}

void Fetcher::Impl::FinishError(Job* job, FetchError error, std::string message) {
  FetchResult& r = job->result;
  r.final_url = job->url;
  r.error = error;
  r.error_message = std::move(message);
  r.attempts = std::max(job->attempts_here, 1);
  r.method_used = job->head ? "HEAD" : "GET";
  r.seconds = Seconds(job);
  if (error == FetchError::kRedirectLoop || error == FetchError::kTooManyRedirects)
    r.status = r.redirects.back().status;
  results_.push_back(std::move(r));
  delete job;
}

std::vector<FetchResult> Fetcher::Impl::Wait(milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    Clock::time_point now = Clock::now();
    TakeIncoming();
    PromoteDelayed(now);
    std::optional<Clock::time_point> next_free = StartReady(now);
    if (curl_timer_ && *curl_timer_ <= Clock::now()) {  // new transfers, timeouts
      curl_timer_.reset();
      Act(CURL_SOCKET_TIMEOUT, 0);
    }
    CollectDone();
    if (!results_.empty()) break;
    if (requeued_) continue;  // redirects, fallbacks: start them at once
    now = Clock::now();
    if (now >= deadline) break;
    Clock::time_point wake = deadline;
    if (next_free) wake = std::min(wake, *next_free);
    if (!delayed_.empty()) wake = std::min(wake, delayed_.top().first);
    if (curl_timer_) wake = std::min(wake, *curl_timer_);
    auto ms = std::chrono::ceil<milliseconds>(wake - now).count();
    polling_.store(true);
    bool have_incoming = false;
    {
      std::lock_guard<std::mutex> lock(incoming_mu_);
      have_incoming = !incoming_.empty();
    }
    epoll_event events[64];
    int n = 0;
    if (!have_incoming)
      n = epoll_wait(epoll_fd_, events, 64, static_cast<int>(std::max<int64_t>(ms, 0)));
    polling_.store(false);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        uint64_t count = 0;
        [[maybe_unused]] const ssize_t r = read(wake_fd_, &count, sizeof count);
        continue;
      }
      auto it = watches_.find(fd);
      if (it == watches_.end() || !it->second.wanted) {
        // A kept-alive connection libcurl is not using (closed by the
        // server, say): out of the set until libcurl wants it again.
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
        if (it != watches_.end()) it->second.events = 0;
        continue;
      }
      int flags = 0;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) flags |= CURL_CSELECT_IN;
      if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
      if (events[i].events & EPOLLERR) flags |= CURL_CSELECT_ERR;
      Act(fd, flags);
    }
    if (curl_timer_ && *curl_timer_ <= Clock::now()) {
      curl_timer_.reset();
      Act(CURL_SOCKET_TIMEOUT, 0);
    }
    if (woken_.exchange(false)) {  // Wakeup: hand control back to the caller
      CollectDone();
      break;
    }
  }
  std::vector<FetchResult> out;
  out.swap(results_);
  outstanding_.fetch_sub(out.size());
  return out;
}

Fetcher::Fetcher(FetchOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Fetcher::~Fetcher() = default;
void Fetcher::Enqueue(FetchRequest request) { impl_->Enqueue(std::move(request)); }
std::vector<FetchResult> Fetcher::Wait(std::chrono::milliseconds timeout) {
  return impl_->Wait(timeout);
}
size_t Fetcher::Pending() const { return impl_->Pending(); }
void Fetcher::Wakeup() { impl_->Wakeup(); }

}  // namespace govscore

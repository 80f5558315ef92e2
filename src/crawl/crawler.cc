#include "crawl/crawler.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "checks/link_result.h"
#include "checks/soft404.h"
#include "core/error.h"
#include "crawl/crawl_log.h"
#include "extract/columns.h"
#include "extract/page.h"
#include "extract/text.h"
#include "fetch/address_policy.h"
#include "fetch/fetcher.h"
#include "frontier/frontier.h"
#include "frontier/href_cache.h"
#include "frontier/url.h"

namespace govscore {
namespace {

using Clock = std::chrono::steady_clock;

// Fetched pages waiting to be parsed: bounds memory (their bodies, a few MB)
// and the time a list page waits behind articles. Deep enough that the crawl
// thread keeps fetching while the parse workers catch up (64 left the
// server idle between bursts: the 20k bench crawled 8-15 % slower).
constexpr size_t kMaxParseBacklog = 512;

// Parse workers run this much nicer than the process: on a busy machine the
// one crawl thread, which feeds both the servers and the parse queue, is not
// starved by them (the 20k bench: 8-15 % less wall time on two cores).
constexpr int kParseNiceness = 5;

// Pages fetched ahead of their level (Frontier::NextAhead): at most this many
// in flight, and at most kMaxAheadOpen fetched, parsed or held at a time.
constexpr size_t kMaxAheadInFlight = 2;
constexpr size_t kMaxAheadOpen = 32;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Extension of the last path segment as written ("PDF"), or empty.
std::string_view ExtensionView(std::string_view path) {
  const size_t q = text::FindFirstOf(path, "?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return {};
  return name.substr(dot + 1);
}

// Lower-case extension of the last path segment ("pdf"), or empty.
std::string ExtensionOf(std::string_view path) { return LowerAscii(ExtensionView(path)); }

// Called for every link of every page: compares without copying.
bool IsStaticAsset(std::string_view path) {
  static constexpr std::string_view kExt[] = {
      "jpg", "jpeg", "png", "gif", "bmp",  "webp",  "svg", "ico", "css", "js",   "mp4", "mp3",
      "flv", "swf",  "avi", "wmv", "woff", "woff2", "ttf", "eot", "tif", "tiff", "wav", "m4a"};
  const std::string_view ext = ExtensionView(path);
  if (ext.empty()) return false;
  return std::any_of(std::begin(kExt), std::end(kExt),
                     [&](std::string_view e) { return text::IEquals(ext, e); });
}

// Host of an absolute URL in normal form ("[::1]" keeps its brackets).
std::string_view HostOf(std::string_view url) {
  const size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  std::string_view authority = url.substr(start + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority[0] == '[')
    return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

bool IsNavigationalSource(LinkSource s) {
  switch (s) {
    case LinkSource::kAnchor:
    case LinkSource::kArea:
    case LinkSource::kIframe:
    case LinkSource::kFrame:
    case LinkSource::kMetaRefresh:
    case LinkSource::kScriptRedirect:
      return true;
    default:
      return false;
  }
}

bool IsHtml(const FetchResult& r) {
  if (r.content_type == "text/html" || r.content_type == "application/xhtml+xml") return true;
  if (!r.content_type.empty()) return false;
  const size_t first = r.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && r.body[first] == '<';
}

std::string IsoNowUtc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class ParsePool {
 public:
  ParsePool(int threads, Fetcher& fetcher) : fetcher_(fetcher) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Run(); });
  }
  ~ParsePool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  // `urgent` jobs (further pages of a list) go before the others.
  void Submit(std::function<void()> job, bool urgent = false) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (urgent) {
        jobs_.push_front(std::move(job));
      } else {
        jobs_.push_back(std::move(job));
      }
      ++outstanding_;
    }
    cv_.notify_one();
  }

  // Called by jobs with their outcome. Only the first outcome after a Take
  // wakes the crawl thread: it takes them all at once, and a wakeup per page
  // cost a context switch each.
  void Deliver(ParsedPage page) { Push(pages_, std::move(page)); }
  void Deliver(ParsedAttachment attachment) { Push(attachments_, std::move(attachment)); }

  void Take(std::vector<ParsedPage>& pages, std::vector<ParsedAttachment>& attachments) {
    std::lock_guard<std::mutex> lock(mu_);
    pages.swap(pages_);
    attachments.swap(attachments_);
    outstanding_ -= pages.size() + attachments.size();
  }
  size_t outstanding() const {
    std::lock_guard<std::mutex> lock(mu_);
    return outstanding_;
  }

 private:
  template <class T>
  void Push(std::vector<T>& outcomes, T outcome) {
    bool wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      wake = pages_.empty() && attachments_.empty();
      outcomes.push_back(std::move(outcome));
    }
    if (wake) fetcher_.Wakeup();
  }

  void Run() {
    // Linux gives each thread its own nice value; failing to set it is harmless.
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, 0);
    if (errno == 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice + kParseNiceness);
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (stop_ && jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();  // delivers its outcome
    }
  }

  Fetcher& fetcher_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<ParsedPage> pages_;
  std::vector<ParsedAttachment> attachments_;
  size_t outstanding_ = 0;  // submitted, not yet taken
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

// Parses one HTML page (runs on a worker).
// `fingerprint`: the host answers 200 for missing URLs, so soft-404 judging
// needs the page's fingerprint.
ParsedPage ParseHtml(std::string body, const FetchResult& meta, int depth, bool is_home,
                     bool fingerprint, const ExtractOptions& eo,
                     const std::function<void(const PageRecord&, const PageFacts&)>& observer) {
  thread_local HrefCache hrefs;
  ParsedPage p;
  const std::optional<Url> requested = Url::Parse(meta.url);
  p.target = requested ? requested->key() : HashBytes(meta.url);
  p.record.url = meta.url;
  if (meta.final_url != meta.url) p.record.final_url = meta.final_url;
  p.record.status = meta.status;
  p.record.depth = depth;
  p.record.charset = meta.charset;
  for (const RedirectHop& hop : meta.redirects) p.via.push_back(hop.url);
  const std::optional<Url> page_url = Url::Parse(meta.final_url);
  if (!page_url) {
    p.warning = "unparseable final URL " + meta.final_url;
    return p;
  }
  PageFacts f;
  ExtractOptions page_eo = eo;
  // A text body the Fetcher made UTF-8, unless cut at the cap (maybe inside a character).
  page_eo.valid_utf8 = !meta.charset.empty() && !meta.body_truncated;
  try {
    f = ExtractPage(body, page_url->spec(), page_eo);
  } catch (const std::exception& e) {
    p.warning = std::string("extraction failed: ") + e.what();
    return p;
  }
  std::string().swap(body);
  p.record.title = f.title;
  p.record.kind = is_home ? PageKind::kHome : f.kind;
  if (fingerprint) {
    p.fingerprint = FingerprintPage(f.title, f.text, page_url->spec(), !meta.redirects.empty());
  } else {
    p.fingerprint.final_url = page_url->spec();
    p.fingerprint.redirected = !meta.redirects.empty();
  }
  p.soft404_text = f.soft404_text;
  p.signals = ExtractSignals(f);        // needs f.text
  if (observer) observer(p.record, f);  // ScanOptions::page_observer, needs f.text
  std::string().swap(f.text);

  std::unordered_map<uint64_t, size_t> index;  // per-page dedup
  const std::unordered_set<std::string_view> pagination(f.pagination_hrefs.begin(),
                                                        f.pagination_hrefs.end());
  hrefs.SetPage(*page_url, f.base_href);
  ResolveSignals(p.signals, f, page_url->host(), [&](std::string_view h) {
    const CachedHref& r = hrefs.Resolve(h);
    return r.kind == HrefKind::kUrl ? r.spec : std::string();
  });
  auto add = [&](std::string_view href, bool navigational) {
    ++p.occurrences;
    const CachedHref& r = hrefs.Resolve(href);
    if (r.kind == HrefKind::kNotALink) {
      ++p.not_links;
      return;
    }
    ParsedLink link;
    if (r.kind == HrefKind::kInvalidUrl) {
      link.invalid = true;
      link.url = std::string(href);
      link.reason = r.reason;
      link.hash = HashBytes("invalid\n" + link.url);
    } else {
      link.hash = r.key;
      link.text_attachment = IsTextBearingAttachment(r.path);
      link.navigational = navigational && !IsStaticAsset(r.path);
      link.pagination = link.navigational && pagination.count(href) > 0;
      link.url = r.spec;
    }
    auto [it, inserted] = index.try_emplace(link.hash, p.links.size());
    if (inserted) {
      p.links.push_back(std::move(link));
    } else {
      p.links[it->second].navigational |= link.navigational;
      p.links[it->second].pagination |= link.pagination;
    }
  };
  for (const RawLink& l : f.links) {
    if (l.source == LinkSource::kForm) continue;  // forms need input; not links to check
    add(l.href, IsNavigationalSource(l.source) && !l.is_attachment);
  }
  for (const std::string& h : f.pagination_hrefs) {
    if (index.size() > eo.max_links) break;
    const CachedHref& r = hrefs.Resolve(h);
    if (r.kind == HrefKind::kUrl && !index.count(r.key)) add(h, true);
  }

  // A page with a column label that is neither an article nor the homepage
  // is a list page too: extract needs several items to call a page a list,
  // and an empty column (空白栏目) or a short last page has fewer.
  const auto column_name = f.meta.find("ColumnName");
  const bool labelled_column = column_name != f.meta.end() && !column_name->second.empty() &&
                               column_name->second != "首页" && f.kind == PageKind::kOther;
  if ((f.kind == PageKind::kColumnList || labelled_column) && !is_home) {
    p.is_list = true;
    p.record.kind = PageKind::kColumnList;
    p.column_key = page_url->authority() + ColumnDirOfPath(page_url->path());
    auto meta_it = f.meta.find("ColumnName");
    if (meta_it != f.meta.end() && !meta_it->second.empty()) {
      p.column_name = meta_it->second;
    } else if (!f.breadcrumb.empty()) {
      p.column_name = f.breadcrumb.back();
    } else {
      p.column_name = f.title;
    }
    meta_it = f.meta.find("ColumnType");
    if (meta_it != f.meta.end()) p.column_type = meta_it->second;
    std::unordered_set<uint64_t> seen_items;
    for (const ListItem& item : f.items) {
      const CachedHref& r = hrefs.Resolve(item.href);
      const uint64_t h = r.kind == HrefKind::kUrl ? r.key : HashBytes(item.title);
      if (seen_items.insert(h).second) p.items.emplace_back(h, item.date);
    }
  }
  p.privacy = std::move(f.privacy);
  if (is_home) {
    if (!f.privacy_policy_href.empty()) {
      const ResolvedHref r = ResolveHref(*page_url, f.base_href, f.privacy_policy_href);
      if (r.kind == HrefKind::kUrl) p.privacy_policy_url = r.url->spec();
    }
    f.links.clear();
    f.nav.clear();
    f.items.clear();
    f.attachments.clear();
    p.home = std::move(f);
  }
  return p;
}

ParsedAttachment ScanAttachment(std::string body, std::string url, std::string kind, Date as_of) {
  ParsedAttachment a;
  a.url = std::move(url);
  try {
    const std::string text = ExtractAttachmentText(body, kind);
    a.privacy = FindPersonalData(text, as_of);
  } catch (const std::exception& e) {
    a.warning = a.url + ": " + e.what();
  }
  return a;
}

// ---------------------------------------------------------------------------

enum class RequestKind : uint8_t { kPage, kCheck, kAttachment, kRobots, kProbe };

struct Request {
  RequestKind kind;
  uint64_t hash = 0;
  int depth = 0;
  bool external = false;
  std::string authority;  // robots / probe
  bool priority = false;  // a further page of a list
  bool ahead = false;     // a page fetched ahead of its level (Frontier::NextAhead)
  // Sent again after a resume (crawl_log.h): a page whose parse was lost (its
  // redirect target is already marked seen), or an attachment to scan only
  // (judged before; scan_kind is its type).
  bool resumed = false;
  std::string scan_kind = std::string();
};

// A link target not yet judged ok, or judged broken / redirect_ok.
struct Target {
  bool pending = true;
  uint32_t link = UINT32_MAX;     // index in ScanReport::links once judged not plainly ok
  std::vector<uint32_t> sources;  // page ids
};

struct ColumnAcc {
  std::string name, url, type;
  bool url_is_first = false;
  std::unordered_map<uint64_t, std::optional<Date>> items;
};

class Crawl {
 public:
  explicit Crawl(const ScanOptions& o)
      : o_(o),
        start_(ParseStart(o.start_url)),
        fetcher_(MakeFetchOptions(o)),
        frontier_(start_, MakeFrontierOptions(o)),
        pool_(o.parse_threads > 0
                  ? o.parse_threads
                  : std::max(1, static_cast<int>(std::thread::hardware_concurrency())),
              fetcher_) {
    eo_.as_of = o.as_of;
    eo_.keep_text = true;
  }

  // `resume_events`: the first batch of a log to replay (unpacked); the
  // rest comes from ScanOptions::resume_source.
  ScanReport Run(std::optional<std::string> resume_events = std::nullopt);
  static FetchOptions MakeFetchOptions(const ScanOptions& o);
  static AddressPolicy MakeAddressPolicy(const ScanOptions& o);

 private:
  static Url ParseStart(const std::string& text) {
    std::string reason;
    std::optional<Url> u = Url::Parse(text, &reason);
    if (!u) throw Error("invalid start URL: " + reason, text);
    return *u;
  }
  static FrontierOptions MakeFrontierOptions(const ScanOptions& o) {
    FrontierOptions f;
    f.scope.subdomains = o.subdomains;
    f.scope.include = o.include;
    f.scope.exclude = o.exclude;
    f.traps.max_depth = o.max_depth;
    f.traps.as_of = o.as_of;
    f.max_pages = o.max_pages;
    f.respect_robots = o.respect_robots;
    f.check_external = o.check_external;
    return f;
  }

  void Dispatch();
  void Send(const std::string& url, FetchMethod method, Request request);
  void OnFetch(FetchResult r);
  void OnPage(ParsedPage p);
  void OnAttachment(ParsedAttachment a);
  void Offer(const ParsedLink& link, int depth, uint32_t page_id);
  void ClosePage(int depth);
  // A page request that ends without a parse (error, not HTML, seen redirect).
  void EndPageRequest(const Request& req) {
    if (req.ahead) {
      --ahead_open_;
    } else {
      ClosePage(req.depth);
    }
  }
  void ReleaseHeld();
  void Judge(uint64_t hash, LinkResult result, const FetchResult* r, bool external);
  void NoteTooLarge(const FetchResult& r, const char* what);
  void NoteTls(const FetchResult& r, bool external);
  void Progress(bool final);
  void Finish();

 public:
  // Checkpoints (crawl_log.h). Replays the events of a resumed crawl.
  void Replay(std::string_view events);
  void SetHeader(const crawl_log::Header& h) { header_ = h; }

 private:
  void DispatchEntry(const FrontierEntry& e, bool ahead);
  void SendRobots(const std::vector<std::string>& authorities);
  // Pool job scanning an attachment, or (replaying) a note to fetch it again.
  void ScanLater(std::string body, std::string url, std::string kind, const Request& req);
  void TakePage(ParsedPage p);
  void ResumeInFlight();
  void Log(crawl_log::Event type, std::string_view payload) {
    if (empty_nexts_ & 1) log_.Event(crawl_log::Event::kEmptyNext, {});
    empty_nexts_ = 0;
    log_.Event(type, payload);
  }
  void MaybeFlushLog(bool force);

  const ScanOptions& o_;
  Url start_;
  Fetcher fetcher_;
  Frontier frontier_;
  ParsePool pool_;
  ExtractOptions eo_;
  Soft404Detector soft404_;
  ScanReport report_;
  SiteFactsCollector site_facts_{start_.host()};

  std::unordered_map<uint64_t, Request> requests_;  // by fetch tag
  uint64_t next_tag_ = 1;
  size_t fetches_in_flight_ = 0;
  // Breadth-first bookkeeping for pages fetched ahead of their level: pages
  // of their turn sent and not yet done (parsed or judged), by depth; ahead
  // pages in flight, and not yet released; parsed ahead pages held back.
  std::map<int, size_t> open_pages_;
  size_t ahead_in_flight_ = 0;
  size_t ahead_open_ = 0;
  std::vector<ParsedPage> held_;
  bool probe_done_ = true;
  std::unordered_map<uint64_t, Target> targets_;
  std::unordered_map<uint64_t, std::string> target_urls_;  // pending targets' URLs (for records)
  std::map<std::string, ColumnAcc> columns_;
  std::unordered_set<std::string> tls_seen_;
  std::map<std::string, size_t> robots_index_;
  size_t errors_ = 0;
  size_t too_large_ = 0;  // responses cut at the size caps
  Clock::time_point t0_ = Clock::now();
  Clock::time_point last_progress_ = Clock::now();
  // Checkpoints: the log of this crawl's inputs (logging_), batched to
  // log_writer_; while replaying, sends are deferred (by tag) and pages and
  // attachments whose results the log lacks are noted to be fetched again.
  bool logging_ = false, replaying_ = false;
  crawl_log::Writer log_;
  size_t log_pages_ = 0, empty_nexts_ = 0;
  Clock::time_point log_flushed_ = Clock::now();
  std::unique_ptr<crawl_log::BatchWriter> log_writer_;
  std::optional<crawl_log::Header> header_;
  std::map<uint64_t, FetchRequest> deferred_;
  std::vector<std::pair<std::string, Request>> awaiting_parse_, awaiting_scan_;
};

FetchOptions Crawl::MakeFetchOptions(const ScanOptions& o) {
  FetchOptions f;
  f.max_connections = std::max(1, o.concurrency);
  f.max_per_host = std::max(1, o.per_host);
  f.min_host_delay = std::chrono::milliseconds(std::max(0, o.host_delay_ms));
  f.timeout_s = o.timeout_s;
  f.connect_timeout_s = std::min(o.connect_timeout_s, o.timeout_s);
  f.retries = std::max(0, o.retries);
  f.compression = o.compression;
  f.max_body_bytes = o.max_body_bytes;
  f.max_decoded_bytes = o.max_decoded_bytes;
  f.insecure_tls_fetch = o.insecure_tls;
  f.user_agent = o.user_agent;
  // Judged by the Fetcher before every redirect hop and for every connection's
  // address, so a page redirecting (or a name resolving) into a refused range is
  // 'blocked' without a connection to it.
  f.address_policy = std::make_shared<AddressPolicy>(MakeAddressPolicy(o));
  return f;
}

AddressPolicy Crawl::MakeAddressPolicy(const ScanOptions& o) {
  AddressPolicy policy = o.loopback_only ? AddressPolicy::LoopbackOnly() : AddressPolicy();
  for (const std::string& cidr : o.allow_networks) policy.Allow(cidr);
  return policy;
}

void Crawl::Send(const std::string& url, FetchMethod method, Request request) {
  const uint64_t tag = next_tag_++;
  const RequestKind request_kind = request.kind;
  requests_.emplace(tag, std::move(request));
  ++fetches_in_flight_;
  FetchRequest fr{url, method, tag};
  // Pages may turn out to be attachments; attachments are scanned for personal data.
  fr.keep_body = o_.scan_attachments &&
                 (request_kind == RequestKind::kPage || request_kind == RequestKind::kAttachment);
  if (replaying_) {
    deferred_.emplace(tag, std::move(fr));
    return;
  }
  fetcher_.Enqueue(std::move(fr));
}

void Crawl::SendRobots(const std::vector<std::string>& authorities) {
  for (const std::string& authority : authorities) {
    Send(start_.scheme() + "://" + authority + "/robots.txt", FetchMethod::kGet,
         Request{RequestKind::kRobots, 0, 0, false, authority});
  }
}

void Crawl::Dispatch() {
  const std::vector<std::string> robots = frontier_.TakeRobotsRequests();
  if (!robots.empty()) {
    if (logging_) Log(crawl_log::Event::kRobotsTaken, {});
    SendRobots(robots);
  }
  // Keep the fetcher's queue primed, but bound what waits to be parsed.
  const size_t max_in_flight = static_cast<size_t>(std::max(1, o_.concurrency)) * 2;
  while (fetches_in_flight_ < max_in_flight && pool_.outstanding() < kMaxParseBacklog) {
    // One or two pages of a deeper level go out ahead of their turn, so that
    // a slow one (a timeout) overlaps this level's crawl instead of ending
    // the scan with its wait; their parsed results are held (ReleaseHeld).
    std::optional<FrontierEntry> e;
    int level = 0;
    if (ahead_in_flight_ < kMaxAheadInFlight && ahead_open_ < kMaxAheadOpen) {
      level = frontier_.min_queued_page_depth();
      e = frontier_.NextAhead(level);
    }
    const bool ahead = e.has_value();
    if (!e) e = frontier_.Next();
    if (!e) {
      ++empty_nexts_;  // Next() alternates pages and checks even when empty
      break;
    }
    if (logging_) {
      crawl_log::Writer w;
      if (ahead) w.Int(level);
      w.Varint(e->hash);
      Log(ahead ? crawl_log::Event::kDispatchAhead : crawl_log::Event::kDispatch, w.bytes());
    }
    DispatchEntry(*e, ahead);
  }
}

void Crawl::DispatchEntry(const FrontierEntry& e, bool ahead) {
  target_urls_.emplace(e.hash, e.url);
  // The .invalid TLD (answered kDns without a lookup) and the address
  // policy (kBlocked, FetchOptions::host_allowed) are the Fetcher's, before
  // any connection: their results come back through OnFetch like others.
  if (e.page) {
    if (ahead) {
      ++ahead_in_flight_;
      ++ahead_open_;
    } else {
      ++open_pages_[e.depth];
    }
    Send(e.url, FetchMethod::kGet,
         Request{RequestKind::kPage, e.hash, e.depth, false, {}, e.priority, ahead});
  } else if (!e.external && o_.scan_attachments && IsTextBearingAttachment(e.url)) {
    Send(e.url, FetchMethod::kGet, Request{RequestKind::kAttachment, e.hash, e.depth, false, {}});
  } else {
    Send(e.url, FetchMethod::kCheck, Request{RequestKind::kCheck, e.hash, e.depth, e.external, {}});
  }
}

void Crawl::ScanLater(std::string body, std::string url, std::string kind, const Request& req) {
  if (replaying_) {
    Request again{RequestKind::kAttachment, req.hash, req.depth, false, {}};
    again.resumed = true;
    again.scan_kind = kind;
    awaiting_scan_.emplace_back(std::move(url), std::move(again));
    return;
  }
  pool_.Submit([this, body = std::move(body), url = std::move(url), kind]() mutable {
    pool_.Deliver(ScanAttachment(std::move(body), url, kind, o_.as_of));
  });
}

void Crawl::NoteTls(const FetchResult& r, bool external) {
  if (external || r.tls_issues.empty()) return;
  const std::optional<Url> u = Url::Parse(r.final_url.empty() ? r.url : r.final_url);
  const std::string host = u ? u->authority() : r.url;
  for (const TlsIssue& issue : r.tls_issues) {
    if (tls_seen_.insert(host + "\n" + issue.kind).second) {
      report_.tls.push_back(TlsRecord{host, issue.kind, issue.detail});
    }
  }
}

void Crawl::Judge(uint64_t hash, LinkResult result, const FetchResult* r, bool external) {
  ++report_.summary.links_checked;
  auto it = targets_.find(hash);
  auto url_it = target_urls_.find(hash);
  std::string url = url_it != target_urls_.end() ? std::move(url_it->second) : std::string();
  if (url_it != target_urls_.end()) target_urls_.erase(url_it);
  if (result == LinkResult::kOk) {
    if (it != targets_.end()) targets_.erase(it);
    return;
  }
  if (it == targets_.end()) it = targets_.emplace(hash, Target{}).first;
  it->second.pending = false;
  LinkRecord rec;
  rec.target = url.empty() && r ? r->url : url;
  rec.result = result;
  rec.external = external;
  if (r) {
    rec.status = r->status;
    rec.detail = r->error_message;
    for (const RedirectHop& hop : r->redirects) rec.via.push_back(hop.url);
    if (rec.detail.empty() && !r->tls_issues.empty()) {  // fetched despite the certificate
      for (const TlsIssue& issue : r->tls_issues) {
        rec.detail += (rec.detail.empty() ? "TLS: " : ", ") + issue.kind;
      }
      rec.detail += " (" + r->tls_issues.front().detail + ")";
    }
    if (rec.detail.empty() && !r->redirects.empty()) {
      rec.detail = std::to_string(r->redirects.size()) + " redirect(s) to " + r->final_url;
    }
  }
  if (IsBroken(result)) ++errors_;
  ++report_.summary.by_result[std::string(LinkResultName(result))];
  it->second.link = static_cast<uint32_t>(report_.links.size());
  report_.links.push_back(std::move(rec));
}

void Crawl::NoteTooLarge(const FetchResult& r, const char* what) {
  // A hostile or broken server (gzip bomb, endless body) is cut at the caps;
  // the first ones are named, the rest counted, so a report stays small.
  constexpr size_t kNamed = 20;
  if (too_large_++ < kNamed) {
    report_.warnings.push_back(std::string(what) + "（" + r.error_message + "）：" + r.url);
  }
}

void Crawl::OnFetch(FetchResult r) {
  if (logging_) {
    auto it = requests_.find(r.tag);
    const bool body = it != requests_.end() && (it->second.kind == RequestKind::kRobots ||
                                                it->second.kind == RequestKind::kProbe);
    Log(crawl_log::Event::kFetch, crawl_log::EncodeFetch(r, body));
  }
  if (replaying_) deferred_.erase(r.tag);
  --fetches_in_flight_;
  if (r.error != FetchError::kBlocked) ++report_.summary.requests;  // refused before sending
  report_.summary.bytes += r.wire_bytes;
  auto req_it = requests_.find(r.tag);
  if (req_it == requests_.end()) return;
  const Request req = std::move(req_it->second);
  requests_.erase(req_it);

  switch (req.kind) {
    case RequestKind::kRobots: {
      RobotsRecord rec;
      rec.host = req.authority;
      rec.status = r.status;
      rec.respected = o_.respect_robots;
      RobotsRules rules;
      if (r.error == FetchError::kTooLarge)
        NoteTooLarge(r, "robots.txt 超过大小上限，按无规则处理");
      if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300) {
        rules = RobotsRules::Parse(r.body, RobotsProductToken(o_.user_agent));
      }
      rec.rules = rules.rule_count();
      robots_index_[req.authority] = report_.robots.size();
      report_.robots.push_back(std::move(rec));
      frontier_.SetRobots(req.authority, std::move(rules));
      return;
    }
    case RequestKind::kProbe: {
      std::optional<PageFingerprint> fp;
      if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300 && IsHtml(r)) {
        const PageFacts f = ExtractPage(r.body, r.final_url, eo_);
        fp = FingerprintPage(f.title, f.text, r.final_url, !r.redirects.empty());
        report_.warnings.push_back("站点对不存在的地址返回200（软404）：" + r.url);
      }
      soft404_.SetProbe(req.authority, std::move(fp));
      probe_done_ = true;
      return;
    }
    case RequestKind::kPage:
      if (req.ahead) --ahead_in_flight_;
      NoteTls(r, false);
      if (r.error == FetchError::kTooLarge) NoteTooLarge(r, "页面超过大小上限，未解析");
      if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300 && IsHtml(r)) {
        bool parse = true;
        if (!r.redirects.empty() && !req.resumed) {
          // A redirect to a page already crawled (or queued) is not parsed twice.
          const std::optional<Url> final_url = Url::Parse(r.final_url);
          if (final_url && final_url->key() != req.hash) {
            parse = frontier_.MarkSeen(*final_url);
          }
        }
        if (parse && replaying_) {
          awaiting_parse_.emplace_back(r.url, req);  // unless the log has its parse
          return;
        }
        if (parse) {
          const bool is_home = req.depth == 0;
          auto meta = std::make_shared<FetchResult>(std::move(r));
          std::string body;
          body.swap(meta->body);
          meta->headers.clear();
          const int depth = req.depth;
          const std::optional<Url> final_url = Url::Parse(meta->final_url);
          const bool fingerprint =
              final_url && soft404_.AnswersMissingWith200(final_url->authority());
          const bool ahead = req.ahead;
          pool_.Submit(
              [this, meta, body = std::move(body), depth, is_home, fingerprint, ahead]() mutable {
                ParsedPage parsed = ParseHtml(std::move(body), *meta, depth, is_home, fingerprint,
                                              eo_, o_.page_observer);
                parsed.ahead = ahead;
                if (logging_) parsed.encoded = crawl_log::EncodePage(parsed);
                pool_.Deliver(std::move(parsed));
              },
              req.priority || is_home);
          return;
        }
        EndPageRequest(req);
        Judge(req.hash, ClassifyFetch(r, false, false), &r, false);
        return;
      }
      EndPageRequest(req);
      if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300 &&
          o_.scan_attachments && IsTextBearingAttachment(r.content_type) && !r.body.empty()) {
        std::string body;
        body.swap(r.body);
        ScanLater(std::move(body), r.final_url, r.content_type, req);
      }
      Judge(req.hash, ClassifyFetch(r, false, false), &r, false);
      return;
    case RequestKind::kAttachment:
      if (!req.resumed) NoteTls(r, false);
      if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300 && !r.body.empty()) {
        std::string body;
        body.swap(r.body);
        const std::string ext = ExtensionOf(Url::Parse(r.url) ? Url::Parse(r.url)->path() : r.url);
        std::string kind = req.resumed ? req.scan_kind : ext.empty() ? r.content_type : ext;
        ScanLater(std::move(body), r.url, std::move(kind), req);
      }
      if (!req.resumed)
        Judge(req.hash, ClassifyFetch(r, false, false), &r, false);  // judged before
      return;
    case RequestKind::kCheck:
      NoteTls(r, req.external);
      Judge(req.hash, ClassifyFetch(r, false, req.external), &r, req.external);
      return;
  }
}

void Crawl::Offer(const ParsedLink& link, int depth, uint32_t page_id) {
  auto add_source = [&](Target& t) {
    if (t.sources.empty() || t.sources.back() != page_id) t.sources.push_back(page_id);
  };
  if (link.invalid) {
    auto [it, inserted] = targets_.try_emplace(link.hash);
    if (inserted) {
      it->second.pending = false;
      it->second.link = static_cast<uint32_t>(report_.links.size());
      LinkRecord rec;
      rec.target = link.url;
      rec.result = LinkResult::kInvalidUrl;
      rec.detail = link.reason;
      report_.links.push_back(std::move(rec));
      ++report_.summary.links_checked;
      ++report_.summary.by_result["invalid_url"];
      ++errors_;
    }
    add_source(it->second);
    return;
  }
  Admission a = Admission::kSeen;
  if (!frontier_.seen().Contains(link.hash)) {
    const std::optional<Url> url = Url::Parse(link.url);
    if (!url) return;
    // Moving through a list's pages (下一页) is not a step away from the homepage.
    a = frontier_.Offer(*url, link.pagination ? depth - 1 : depth, link.navigational,
                        link.pagination);
  }
  if (a == Admission::kQueued) {
    Target& t = targets_[link.hash];
    add_source(t);
  } else if (a == Admission::kSeen) {
    auto it = targets_.find(link.hash);
    if (it != targets_.end()) add_source(it->second);
  }
}

void Crawl::ClosePage(int depth) {
  auto it = open_pages_.find(depth);
  if (it != open_pages_.end() && --it->second == 0) open_pages_.erase(it);
}

void Crawl::ReleaseHeld() {
  if (held_.empty()) return;
  // A held page's links may be offered once no shallower page is queued or
  // open: then the depths they get are the breadth-first ones.
  const int level = std::min(frontier_.min_queued_page_depth(),
                             open_pages_.empty() ? INT_MAX : open_pages_.begin()->first);
  std::vector<ParsedPage> ready;
  for (size_t i = 0; i < held_.size();) {
    if (held_[i].record.depth <= level) {
      ready.push_back(std::move(held_[i]));
      held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  for (ParsedPage& p : ready) {
    --ahead_open_;
    OnPage(std::move(p));
  }
}

void Crawl::OnPage(ParsedPage p) {
  if (!p.warning.empty()) report_.warnings.push_back(p.record.url + ": " + p.warning);
  const std::optional<Url> final_url =
      Url::Parse(p.record.final_url.empty() ? p.record.url : p.record.final_url);
  const bool is_home = p.record.kind == PageKind::kHome;
  const std::string authority = final_url ? final_url->authority() : start_.authority();
  p.record.soft_404 = p.record.status >= 200 && p.record.status < 300 &&
                      soft404_.IsSoft404(authority, p.fingerprint, p.soft404_text, is_home);
  // Judge the page as a link target.
  FetchResult meta;
  meta.url = p.record.url;
  meta.final_url = p.record.final_url.empty() ? p.record.url : p.record.final_url;
  meta.status = p.record.status;
  for (const std::string& hop : p.via) meta.redirects.push_back({hop, 302});
  Judge(p.target, ClassifyFetch(meta, p.record.soft_404, false), &meta, false);

  const uint32_t page_id = static_cast<uint32_t>(report_.pages.size());
  if (!p.record.soft_404) ++report_.summary.pages;
  report_.summary.link_occurrences += p.occurrences;
  report_.summary.not_links += p.not_links;
  for (const ParsedLink& link : p.links) Offer(link, p.record.depth + 1, page_id);

  if (!p.record.soft_404 && p.record.status >= 200 && p.record.status < 300) {
    site_facts_.AddPage(final_url ? final_url->spec() : p.record.url, p.signals, p.record.depth);
  }
  if (p.is_list && !p.record.soft_404) {
    ColumnAcc& c = columns_[p.column_key];
    const std::string page_url = final_url ? final_url->spec() : p.record.url;
    const std::string path = final_url ? final_url->path() : std::string();
    const bool first = path.ends_with("/") || path.ends_with("/index.html") ||
                       path.ends_with("/index.htm") || path.ends_with("/index.shtml");
    if (c.url.empty() || (first && !c.url_is_first)) {
      c.url = page_url;
      c.url_is_first = first;
      c.name = p.column_name;
      c.type = p.column_type;
    }
    for (const auto& [hash, date] : p.items) c.items.emplace(hash, date);
  }
  for (PrivacyHit& hit : p.privacy) {
    report_.privacy.push_back(PrivacyRecord{p.record.url, hit.kind, std::move(hit.masked),
                                            std::move(hit.context), false});
  }
  if (p.home) {
    report_.footer = p.home->footer;
    report_.search = p.home->search;
    report_.accessibility_toolbar = p.home->accessibility_toolbar;
    report_.home_meta = p.home->meta;
    report_.privacy_policy_url = p.privacy_policy_url;
  }
  report_.pages.push_back(std::move(p.record));
}

void Crawl::OnAttachment(ParsedAttachment a) {
  ++report_.summary.attachments_scanned;
  if (!a.warning.empty()) report_.warnings.push_back(a.warning);
  for (PrivacyHit& hit : a.privacy) {
    report_.privacy.push_back(
        PrivacyRecord{a.url, hit.kind, std::move(hit.masked), std::move(hit.context), true});
  }
}

void Crawl::Progress(bool final) {
  if (!o_.progress) return;
  const auto now = Clock::now();
  if (!final &&
      std::chrono::duration<double>(now - last_progress_).count() < o_.progress_interval_s) {
    return;
  }
  last_progress_ = now;
  ScanProgress p;
  p.pages_done = report_.pages.size();
  p.links_checked = report_.summary.links_checked;
  p.queued = frontier_.queued() + frontier_.parked();
  p.in_flight = fetches_in_flight_ + pool_.outstanding();
  p.errors = errors_;
  p.elapsed_s = std::chrono::duration<double>(now - t0_).count();
  p.pages_per_s = p.elapsed_s > 0 ? static_cast<double>(p.pages_done) / p.elapsed_s : 0;
  p.final = final;
  o_.progress(p);
}

void Crawl::TakePage(ParsedPage p) {
  if (logging_) {
    Log(crawl_log::Event::kPage, p.encoded);
    std::string().swap(p.encoded);
    ++log_pages_;
  }
  if (p.ahead) {
    held_.push_back(std::move(p));
    return;
  }
  const int depth = p.record.depth;
  OnPage(std::move(p));
  ClosePage(depth);
}

void Crawl::ResumeInFlight() {
  // Pages fetched whose parse the log lacks, attachments judged whose scan it
  // lacks: fetched again (their earlier results never entered the state).
  std::vector<std::pair<std::string, Request>> pages, scans;
  pages.swap(awaiting_parse_);
  scans.swap(awaiting_scan_);
  for (auto& [url, req] : pages) {
    if (req.ahead) ++ahead_in_flight_;
    req.resumed = true;
    Send(url, FetchMethod::kGet, std::move(req));
  }
  for (auto& [url, req] : scans) Send(url, FetchMethod::kGet, std::move(req));
}

void Crawl::Replay(std::string_view events) {
  crawl_log::Reader r(events);
  auto mismatch = [](const char* what) {
    throw Error(std::string("checkpoint log does not replay: ") + what, "crawl log");
  };
  while (!r.done()) {
    const auto [type, payload] = r.Event();
    crawl_log::Reader in(payload);
    switch (type) {
      case crawl_log::Event::kHeader:
        break;  // read by RunScan
      case crawl_log::Event::kEmptyNext:
        if (frontier_.Next()) mismatch("the frontier was not empty");
        break;
      case crawl_log::Event::kDispatch:
      case crawl_log::Event::kDispatchAhead: {
        const bool ahead = type == crawl_log::Event::kDispatchAhead;
        const int level = ahead ? static_cast<int>(in.Int()) : 0;
        const uint64_t hash = in.Varint();
        const std::optional<FrontierEntry> e =
            ahead ? frontier_.NextAhead(level) : frontier_.Next();
        if (!e || e->hash != hash) mismatch("another frontier entry");
        DispatchEntry(*e, ahead);
        break;
      }
      case crawl_log::Event::kRobotsTaken:
        SendRobots(frontier_.TakeRobotsRequests());
        break;
      case crawl_log::Event::kFetch: {
        FetchResult f = crawl_log::DecodeFetch(payload);
        if (!requests_.count(f.tag)) mismatch("a result of no request");
        OnFetch(std::move(f));
        break;
      }
      case crawl_log::Event::kPage: {
        ParsedPage p = crawl_log::DecodePage(payload);
        auto it = std::find_if(awaiting_parse_.begin(), awaiting_parse_.end(),
                               [&](const auto& a) { return a.second.hash == p.target; });
        if (it == awaiting_parse_.end()) mismatch("a page never fetched");
        awaiting_parse_.erase(it);
        TakePage(std::move(p));
        break;
      }
      case crawl_log::Event::kRelease:
        ReleaseHeld();
        break;
      case crawl_log::Event::kAttachment: {
        ParsedAttachment a = crawl_log::DecodeAttachment(payload);
        auto it = std::find_if(awaiting_scan_.begin(), awaiting_scan_.end(),
                               [&](const auto& x) { return x.first == a.url; });
        if (it != awaiting_scan_.end()) awaiting_scan_.erase(it);
        OnAttachment(std::move(a));
        break;
      }
      case crawl_log::Event::kResume:
        ResumeInFlight();
        break;
    }
  }
}

void Crawl::MaybeFlushLog(bool force) {
  if (!logging_ || log_.bytes().empty()) return;
  const auto now = Clock::now();
  if (!force && log_pages_ < std::max<size_t>(1, o_.checkpoint_every_pages) &&
      std::chrono::duration<double>(now - log_flushed_).count() < o_.checkpoint_every_s) {
    return;
  }
  if (empty_nexts_ & 1) log_.Event(crawl_log::Event::kEmptyNext, {});
  empty_nexts_ = 0;
  std::string batch;
  batch.swap(log_.bytes());
  log_writer_->Submit(std::move(batch), log_pages_);
  log_pages_ = 0;
  log_flushed_ = now;
}

ScanReport Crawl::Run(std::optional<std::string> resume_events) {
  report_.site = start_.spec();
  report_.as_of = o_.as_of;
  report_.started_at = header_ && !header_->started_at.empty() ? header_->started_at : IsoNowUtc();
  report_.user_agent = o_.user_agent;
  t0_ = Clock::now();
  if (o_.checkpoint_sink) {
    log_writer_ = std::make_unique<crawl_log::BatchWriter>(o_.checkpoint_sink);
    if (!resume_events) {
      crawl_log::Header h = header_.value_or(crawl_log::Header{});
      h.start_url = start_.spec();
      h.as_of = o_.as_of;
      h.started_at = report_.started_at;
      log_.Event(crawl_log::Event::kHeader, crawl_log::EncodeHeader(h));
    }
  }
  replaying_ = resume_events.has_value();
  if (o_.soft404_probe) {
    probe_done_ = false;
    Send(start_.scheme() + "://" + start_.authority() +
             Soft404Detector::ProbePath(HashBytes(start_.spec())),
         FetchMethod::kGet, Request{RequestKind::kProbe, 0, 0, false, start_.authority()});
  }
  frontier_.OfferStart(start_);
  targets_[start_.key()];
  if (replaying_) {
    // The earlier runs' events, then what was in flight when they stopped.
    Replay(*resume_events);
    std::string().swap(*resume_events);
    if (o_.resume_source) {
      while (std::optional<std::string> batch = o_.resume_source())
        Replay(crawl_log::UnpackBatch(*batch));
    }
    replaying_ = false;
    for (auto& [tag, fr] : deferred_) fetcher_.Enqueue(std::move(fr));
    deferred_.clear();
    logging_ = o_.checkpoint_sink != nullptr;
    if (logging_) Log(crawl_log::Event::kResume, {});
    ResumeInFlight();
  }
  logging_ = o_.checkpoint_sink != nullptr;
  std::vector<ParsedPage> pages;
  std::vector<ParsedAttachment> attachments;
  // Pages wait for the soft-404 probe (the first request) so that every page
  // is judged against it.
  while (true) {
    if (probe_done_) Dispatch();
    if (probe_done_ && fetches_in_flight_ == 0 && pool_.outstanding() == 0 &&
        frontier_.queued() == 0 && held_.empty()) {
      break;  // parked entries left here wait for a robots.txt that never came
    }
    // Parse workers call Fetcher::Wakeup when a page is ready, which makes Wait
    // return at once; the timeout only bounds the wait as a safety net.
    for (FetchResult& r : fetcher_.Wait(std::chrono::milliseconds(100))) OnFetch(std::move(r));
    pool_.Take(pages, attachments);
    for (ParsedPage& p : pages) TakePage(std::move(p));
    if (!held_.empty()) {
      if (logging_) Log(crawl_log::Event::kRelease, {});
      ReleaseHeld();
    }
    for (ParsedAttachment& a : attachments) {
      if (logging_) Log(crawl_log::Event::kAttachment, crawl_log::EncodeAttachment(a));
      OnAttachment(std::move(a));
    }
    pages.clear();
    attachments.clear();
    Progress(false);
    if (logging_) MaybeFlushLog(false);
  }
  log_writer_.reset();  // waits for the batches submitted
  Finish();
  Progress(true);
  return std::move(report_);
}

void Crawl::Finish() {
  if (report_.pages.empty()) {
    for (const LinkRecord& l : report_.links) {
      if (l.sources.empty() && l.target == start_.spec()) {
        report_.warnings.push_back("首页无法访问（" + std::string(LinkResultLabel(l.result)) +
                                   (l.detail.empty() ? "" : "：" + l.detail) + "）");
      }
    }
    if (report_.warnings.empty()) report_.warnings.push_back("首页无法访问或不是HTML网页");
  }
  // Sources: page ids -> URLs.
  for (auto& [hash, t] : targets_) {
    if (t.link == UINT32_MAX) continue;
    LinkRecord& rec = report_.links[t.link];
    for (uint32_t id : t.sources) rec.sources.push_back(report_.pages[id].url);
  }
  for (auto& [key, c] : columns_) {
    std::vector<std::optional<Date>> dates;
    dates.reserve(c.items.size());
    for (const auto& [hash, date] : c.items) dates.push_back(date);
    report_.columns.push_back(
        ComputeColumnStats(c.name, c.url, c.type, dates, o_.as_of, o_.column_rules));
  }
  std::sort(report_.columns.begin(), report_.columns.end(),
            [](const ColumnStats& a, const ColumnStats& b) { return a.url < b.url; });
  {
    std::set<std::string> crawled, broken;
    for (const PageRecord& page : report_.pages) {
      if (page.soft_404 || page.status < 200 || page.status >= 300) continue;
      crawled.insert(page.url);
      if (!page.final_url.empty()) crawled.insert(page.final_url);
    }
    for (const LinkRecord& l : report_.links)
      if (IsBroken(l.result)) broken.insert(l.target);
    report_.site_facts = site_facts_.Finish(report_.columns, crawled, broken);
  }
  if (o_.ipv6_check) {
    Ipv6Options io;
    io.resolve = o_.ipv6_resolve;
    io.dns = !o_.loopback_only;
    // The scan's own address policy: an AAAA record into a refused range
    // (unique-local, ::1, link-local …) is never contacted.
    io.address_allowed = [policy = MakeAddressPolicy(o_)](const std::string& ip) {
      const std::optional<IpAddress> a = IpAddress::Parse(ip);
      return a && !policy.Refusal(*a);
    };
    io.timeout_s = o_.timeout_s;
    io.user_agent = o_.user_agent;
    std::vector<std::pair<std::string, int>> pages;
    for (const PageRecord& page : report_.pages) {
      if (page.soft_404 || page.status != 200) continue;
      pages.emplace_back(page.final_url.empty() ? page.url : page.final_url, page.depth);
    }
    report_.site_facts.ipv6 = CheckIpv6(report_.site, pages, io);
  }
  if (o_.search_probe && report_.search) {
    // One GET through the scan's own Fetcher (address policy, timeouts apply).
    // The candidates do not depend on the order pages were parsed in: the
    // shallowest articles, and of those the last URLs (dated paths: newest).
    std::vector<const PageRecord*> eligible;
    for (const PageRecord& page : report_.pages) {
      if (page.kind != PageKind::kArticle || page.soft_404 || page.status != 200) continue;
      eligible.push_back(&page);
    }
    const size_t take = std::min<size_t>(eligible.size(), 50);
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(take),
                      eligible.end(), [](const PageRecord* a, const PageRecord* b) {
                        return a->depth != b->depth ? a->depth < b->depth : a->url > b->url;
                      });
    std::vector<std::pair<std::string, std::string>> articles;
    for (size_t i = 0; i < take; ++i) {
      const PageRecord& page = *eligible[i];
      articles.emplace_back(page.final_url.empty() ? page.url : page.final_url, page.title);
    }
    report_.site_facts.search_probe = ProbeSearch(
        report_.site, report_.search->action, report_.search->method, report_.search->query_param,
        articles, [this](const std::string& url) {
          const uint64_t tag = next_tag_++;
          fetcher_.Enqueue(FetchRequest{url, FetchMethod::kGet, tag});
          ++report_.summary.requests;
          while (fetcher_.Pending() > 0) {
            for (FetchResult& r : fetcher_.Wait(std::chrono::milliseconds(500))) {
              if (r.tag != tag) continue;
              return std::make_pair(r.error == FetchError::kNone ? r.status : 0, std::move(r.body));
            }
          }
          return std::make_pair(0, std::string());
        });
  }
  report_.traps = frontier_.traps();
  for (RobotsRecord& r : report_.robots) {
    r.refused = frontier_.robots_refusals();
    r.examples = frontier_.robots_examples();
  }
  std::sort(report_.links.begin(), report_.links.end(),
            [](const LinkRecord& a, const LinkRecord& b) {
              return a.result != b.result ? a.result < b.result : a.target < b.target;
            });
  ScanSummary& s = report_.summary;
  for (const LinkRecord& l : report_.links) {
    if (IsBroken(l.result)) ++s.broken_links;
  }
  for (const ColumnStats& c : report_.columns) {
    s.empty_columns += c.empty;
    s.stale_columns += c.stale;
  }
  s.privacy_hits = report_.privacy.size();
  for (const Trap& t : report_.traps) s.trapped_urls += t.stopped;
  s.page_limit_refusals = frontier_.page_limit_refusals();
  s.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
  s.pages_per_second = s.seconds > 0 ? static_cast<double>(s.pages) / s.seconds : 0;
}

}  // namespace

bool IsLoopbackUrl(std::string_view url) {
  const std::string_view host = HostOf(url);
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8 written as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int parts = 0, digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++parts;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 3) {
      ++digits;
    } else {
      return false;
    }
  }
  return parts == 3 && digits > 0;
}

std::string RobotsProductToken(const std::string& user_agent) {
  const size_t end = user_agent.find_first_of("/ ");
  return LowerAscii(user_agent.substr(0, end));
}

bool IsTextBearingAttachment(std::string_view path_or_type) {
  // Called for every link of every page: compares without copying.
  static constexpr std::string_view kTypes[] = {
      "text/plain", "text/csv", "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  for (std::string_view t : kTypes)
    if (text::IEquals(path_or_type, t)) return true;
  const std::string_view ext = text::FindFirstOf(path_or_type, "/.") == std::string_view::npos
                                   ? path_or_type
                                   : ExtensionView(path_or_type);
  static constexpr std::string_view kExt[] = {"txt", "csv", "pdf", "docx", "xlsx"};
  return std::any_of(std::begin(kExt), std::end(kExt),
                     [&](std::string_view e) { return text::IEquals(ext, e); });
}

namespace {

// Where the homepage really is: sites answer "http://x.gov.cn/" with a redirect
// to "https://www.x.gov.cn/". The site's scope is the host that serves the
// homepage, so a redirect to another host or scheme moves the start there.
std::string ResolveStart(const ScanOptions& o, std::vector<std::string>& warnings) {
  std::string reason;
  const std::optional<Url> start = Url::Parse(o.start_url, &reason);
  if (!start) throw Error("invalid start URL: " + reason, o.start_url);
  FetchOptions fo = Crawl::MakeFetchOptions(o);
  if (std::optional<std::string> why = fo.address_policy->HostRefusal(start->host())) {
    throw Error("start URL refused by the address policy: " + *why +
                    " (allow a range with --allow-network CIDR)",
                o.start_url);
  }
  fo.max_connections = 1;
  Fetcher fetcher(fo);
  fetcher.Enqueue(FetchRequest{start->spec(), FetchMethod::kGet, 1});
  std::vector<FetchResult> results;
  while (results.empty() && fetcher.Pending() > 0) {
    results = fetcher.Wait(std::chrono::milliseconds(500));
  }
  if (!results.empty() && results[0].error == FetchError::kBlocked) {
    throw Error("start URL refused: " + results[0].error_message +
                    " (allow a range with --allow-network CIDR)",
                o.start_url);
  }
  if (results.empty() || results[0].error != FetchError::kNone || results[0].redirects.empty()) {
    return start->spec();
  }
  const std::optional<Url> final_url = Url::Parse(results[0].final_url);
  if (!final_url ||
      (final_url->authority() == start->authority() && final_url->scheme() == start->scheme())) {
    return start->spec();
  }
  const std::string moved = final_url->scheme() + "://" + final_url->authority() + "/";
  warnings.push_back("首页地址 " + start->spec() + " 跳转到 " + final_url->spec() + "，按 " +
                     moved + " 的范围抓取");
  return moved;
}

}  // namespace

ScanReport RunScan(const ScanOptions& options) {
  std::vector<std::string> warnings;
  ScanOptions o = options;
  if (o.resume_source) {
    // A checkpointed crawl: its header says where it started, as of when.
    std::optional<std::string> events;
    std::optional<crawl_log::Header> header;
    try {
      if (std::optional<std::string> first = o.resume_source()) {
        events = crawl_log::UnpackBatch(*first);
        crawl_log::Reader r(*events);
        const auto [type, payload] = r.Event();
        if (type != crawl_log::Event::kHeader) throw Error("no header", "crawl log");
        header = crawl_log::DecodeHeader(payload);
      }
    } catch (const Error& e) {
      events.reset();
      warnings.push_back(std::string("续扫检查点无法使用，已从头重新抓取（") + e.what() + "）");
    }
    if (events) {
      ScanOptions ro = o;
      ro.start_url = header->start_url;
      ro.as_of = header->as_of;
      try {
        Crawl crawl(ro);
        crawl.SetHeader(*header);
        ScanReport report = crawl.Run(std::move(events));
        report.warnings.insert(report.warnings.begin(), header->warnings.begin(),
                               header->warnings.end());
        return report;
      } catch (const Error& e) {
        if (std::string_view(e.what()).find("checkpoint log") == std::string_view::npos) throw;
        warnings.push_back(std::string("续扫检查点无法使用，已从头重新抓取（") + e.what() + "）");
      }
    }
    if (o.checkpoint_discard) o.checkpoint_discard();
    o.resume_source = nullptr;
  }
  o.start_url = ResolveStart(options, warnings);
  Crawl crawl(o);
  crawl_log::Header header;
  header.warnings = warnings;
  crawl.SetHeader(header);
  ScanReport report = crawl.Run();
  report.warnings.insert(report.warnings.begin(), warnings.begin(), warnings.end());
  return report;
}

}  // namespace govscore

#include "crawl/crawl_log.h"

#include <zlib.h>

#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/error.h"

namespace govscore::crawl_log {
namespace {

[[noreturn]] void Damaged(const char* what) {
  throw Error(std::string("checkpoint log is damaged: ") + what, "crawl log");
}

void PutRecord(Writer& w, const PageRecord& r) {
  w.Str(r.url);
  w.Str(r.final_url);
  w.Str(r.title);
  w.Str(r.charset);
  w.Int(r.status);
  w.Int(r.depth);
  w.U8(static_cast<uint8_t>(r.kind));
  w.Bool(r.soft_404);
}

PageRecord GetRecord(Reader& r) {
  PageRecord p;
  p.url = r.Str();
  p.final_url = r.Str();
  p.title = r.Str();
  p.charset = r.Str();
  p.status = static_cast<int>(r.Int());
  p.depth = static_cast<int>(r.Int());
  const uint8_t kind = r.U8();
  if (kind > static_cast<uint8_t>(PageKind::kOther)) Damaged("page kind");
  p.kind = static_cast<PageKind>(kind);
  p.soft_404 = r.Bool();
  return p;
}

void PutHits(Writer& w, const std::vector<PrivacyHit>& hits) {
  w.Varint(hits.size());
  for (const PrivacyHit& h : hits) {
    w.Str(h.kind);
    w.Str(h.masked);
    w.Str(h.context);
  }
}

std::vector<PrivacyHit> GetHits(Reader& r) {
  std::vector<PrivacyHit> hits(r.Varint());
  for (PrivacyHit& h : hits) {
    h.kind = r.Str();
    h.masked = r.Str();
    h.context = r.Str();
  }
  return hits;
}

// Every field of PageSignals (crawl_log_test checks that none was added
// without coming here).
void PutSignals(Writer& w, const PageSignals& s) {
  w.Bool(s.article);
  w.Bool(s.policy);
  w.Bool(s.interpretation);
  w.Str(s.title);
  w.Str(s.column);
  w.Str(s.doc_number);
  w.StrList(s.forms);
  w.StrList(s.related_hrefs);
  w.StrList(s.quoted_titles);
  w.Varint(s.sketch.mins.size());
  for (uint64_t m : s.sketch.mins) w.Varint(m);
  w.Varint(s.sketch.shingles);
  w.Str(s.source);
  w.Bool(s.reprint_marked);
  w.Varint(s.functions.size());
  for (const FunctionAnchor& f : s.functions) {
    w.Str(f.key);
    w.Str(f.href);
    w.Str(f.text);
  }
  w.Varint(s.reports.size());
  for (const ReportMention& m : s.reports) {
    w.Str(m.kind);
    w.Int(m.year);
    w.Str(m.title);
    w.Str(m.href);
    w.OptDate(m.date);
  }
  w.Bool(s.sitemap);
  w.Pairs(s.sitemap_links);
  w.Pairs(s.external_hosts);
  w.Pairs(s.query_links);
  w.Bool(s.data_page);
  w.StrList(s.data_files);
  w.Str(s.update_frequency);
  // measures (session 4): 征集调查, 专题, 网页标签.
  w.Varint(s.survey_items.size());
  for (const PageSignals::SurveyItem& i : s.survey_items) {
    w.Str(i.href);
    w.Str(i.title);
    w.OptDate(i.date);
    w.Bool(i.result);
  }
  w.Str(s.topic);
  w.Varint(s.topic_classes);
  w.Bool(s.labels_checked);
  w.Bool(s.labels_column_page);
  w.StrList(s.labels_missing);
  // end measures (session 4)
}

PageSignals GetSignals(Reader& r) {
  PageSignals s;
  s.article = r.Bool();
  s.policy = r.Bool();
  s.interpretation = r.Bool();
  s.title = r.Str();
  s.column = r.Str();
  s.doc_number = r.Str();
  s.forms = r.StrList();
  s.related_hrefs = r.StrList();
  s.quoted_titles = r.StrList();
  s.sketch.mins.resize(r.Varint());
  for (uint64_t& m : s.sketch.mins) m = r.Varint();
  s.sketch.shingles = static_cast<uint32_t>(r.Varint());
  s.source = r.Str();
  s.reprint_marked = r.Bool();
  s.functions.resize(r.Varint());
  for (FunctionAnchor& f : s.functions) {
    f.key = r.Str();
    f.href = r.Str();
    f.text = r.Str();
  }
  s.reports.resize(r.Varint());
  for (ReportMention& m : s.reports) {
    m.kind = r.Str();
    m.year = static_cast<int>(r.Int());
    m.title = r.Str();
    m.href = r.Str();
    m.date = r.OptDate();
  }
  s.sitemap = r.Bool();
  s.sitemap_links = r.Pairs();
  s.external_hosts = r.Pairs();
  s.query_links = r.Pairs();
  s.data_page = r.Bool();
  s.data_files = r.StrList();
  s.update_frequency = r.Str();
  // measures (session 4): 征集调查, 专题, 网页标签.
  s.survey_items.resize(r.Varint());
  for (PageSignals::SurveyItem& i : s.survey_items) {
    i.href = r.Str();
    i.title = r.Str();
    i.date = r.OptDate();
    i.result = r.Bool();
  }
  s.topic = r.Str();
  s.topic_classes = static_cast<uint32_t>(r.Varint());
  s.labels_checked = r.Bool();
  s.labels_column_page = r.Bool();
  s.labels_missing = r.StrList();
  // end measures (session 4)
  return s;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Unbase64(std::string_view in) {
  static const auto table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kBase64[i])] = static_cast<int8_t>(i);
    return t;
  }();
  if (in.size() % 4 != 0) Damaged("base64 length");
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = in[i + k];
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      const int8_t d = table[static_cast<uint8_t>(c)];
      if (d < 0 || pad) Damaged("base64 character");
      v = (v << 6) | static_cast<uint32_t>(d);
    }
    out += static_cast<char>(v >> 16);
    if (pad < 2) out += static_cast<char>((v >> 8) & 255);
    if (pad < 1) out += static_cast<char>(v & 255);
  }
  return out;
}

constexpr std::string_view kPackPrefix = "gcl1:";

}  // namespace

void Writer::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void Writer::Str(std::string_view s) {
  Varint(s.size());
  out_.append(s);
}

void Writer::StrList(const std::vector<std::string>& v) {
  Varint(v.size());
  for (const std::string& s : v) Str(s);
}

void Writer::Pairs(const std::vector<std::pair<std::string, std::string>>& v) {
  Varint(v.size());
  for (const auto& [a, b] : v) {
    Str(a);
    Str(b);
  }
}

void Writer::OptDate(const std::optional<Date>& d) {
  Bool(d.has_value());
  if (d) Int(d->day_number());
}

void Writer::Event(crawl_log::Event type, std::string_view payload) {
  out_.push_back(static_cast<char>(type));
  Str(payload);
}

uint8_t Reader::U8() {
  if (pos_ >= in_.size()) Damaged("ends early");
  return static_cast<uint8_t>(in_[pos_++]);
}

uint64_t Reader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t b = U8();
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  Damaged("varint too long");
}

std::string_view Reader::View(size_t n) {
  if (n > in_.size() - pos_) Damaged("ends early");
  const std::string_view v = in_.substr(pos_, n);
  pos_ += n;
  return v;
}

std::string Reader::Str() { return std::string(View(Varint())); }

std::vector<std::string> Reader::StrList() {
  const uint64_t n = Varint();
  if (n > in_.size() - pos_) Damaged("list length");
  std::vector<std::string> v(n);
  for (std::string& s : v) s = Str();
  return v;
}

std::vector<std::pair<std::string, std::string>> Reader::Pairs() {
  const uint64_t n = Varint();
  if (n > in_.size() - pos_) Damaged("list length");
  std::vector<std::pair<std::string, std::string>> v(n);
  for (auto& [a, b] : v) {
    a = Str();
    b = Str();
  }
  return v;
}

std::optional<Date> Reader::OptDate() {
  if (!Bool()) return std::nullopt;
  return Date::FromDayNumber(static_cast<long>(Int()));
}

std::pair<crawl_log::Event, std::string_view> Reader::Event() {
  const auto type = static_cast<crawl_log::Event>(U8());
  switch (type) {
    case Event::kHeader:
    case Event::kDispatch:
    case Event::kDispatchAhead:
    case Event::kEmptyNext:
    case Event::kRobotsTaken:
    case Event::kFetch:
    case Event::kPage:
    case Event::kAttachment:
    case Event::kRelease:
    case Event::kResume:
      break;
    default:
      Damaged("unknown event");
  }
  return {type, View(Varint())};
}

std::string EncodePage(const ParsedPage& p) {
  Writer w;
  w.Varint(p.target);
  PutRecord(w, p.record);
  w.StrList(p.via);
  w.Varint(p.links.size());
  for (const ParsedLink& l : p.links) {
    w.Str(l.url);
    w.Varint(l.hash);
    w.U8(static_cast<uint8_t>(l.navigational | l.pagination << 1 | l.text_attachment << 2 |
                              l.invalid << 3));
    if (l.invalid) w.Str(l.reason);
  }
  w.Varint(p.occurrences);
  w.Varint(p.not_links);
  w.Str(p.fingerprint.title);
  w.Varint(p.fingerprint.text_length);
  w.Varint(p.fingerprint.simhash);
  w.Str(p.fingerprint.final_url);
  w.Bool(p.fingerprint.redirected);
  w.Bool(p.soft404_text);
  w.Bool(p.is_list);
  if (p.is_list) {
    w.Str(p.column_key);
    w.Str(p.column_name);
    w.Str(p.column_type);
    w.Varint(p.items.size());
    for (const auto& [hash, date] : p.items) {
      w.Varint(hash);
      w.OptDate(date);
    }
  }
  PutHits(w, p.privacy);
  w.Bool(p.home.has_value());
  if (p.home) {
    const FooterIdentity& f = p.home->footer;
    for (const std::string* s :
         {&f.site_code, &f.icp, &f.police_record, &f.sponsor, &f.organizer, &f.contact,
          &f.party_gov_label_href, &f.error_report_href, &f.error_report_site_code})
      w.Str(*s);
    w.Bool(p.home->search.has_value());
    if (p.home->search) {
      w.Str(p.home->search->action);
      w.Str(p.home->search->method);
      w.Str(p.home->search->query_param);
    }
    w.Bool(p.home->accessibility_toolbar);
    w.Varint(p.home->meta.size());
    for (const auto& [k, v] : p.home->meta) {
      w.Str(k);
      w.Str(v);
    }
  }
  w.Str(p.privacy_policy_url);
  w.Str(p.warning);
  PutSignals(w, p.signals);
  w.Bool(p.ahead);
  return std::move(w.bytes());
}

ParsedPage DecodePage(std::string_view payload) {
  Reader r(payload);
  ParsedPage p;
  p.target = r.Varint();
  p.record = GetRecord(r);
  p.via = r.StrList();
  p.links.resize(r.Varint());
  for (ParsedLink& l : p.links) {
    l.url = r.Str();
    l.hash = r.Varint();
    const uint8_t flags = r.U8();
    l.navigational = flags & 1;
    l.pagination = flags & 2;
    l.text_attachment = flags & 4;
    l.invalid = flags & 8;
    if (l.invalid) l.reason = r.Str();
  }
  p.occurrences = r.Varint();
  p.not_links = r.Varint();
  p.fingerprint.title = r.Str();
  p.fingerprint.text_length = r.Varint();
  p.fingerprint.simhash = r.Varint();
  p.fingerprint.final_url = r.Str();
  p.fingerprint.redirected = r.Bool();
  p.soft404_text = r.Bool();
  p.is_list = r.Bool();
  if (p.is_list) {
    p.column_key = r.Str();
    p.column_name = r.Str();
    p.column_type = r.Str();
    p.items.resize(r.Varint());
    for (auto& [hash, date] : p.items) {
      hash = r.Varint();
      date = r.OptDate();
    }
  }
  p.privacy = GetHits(r);
  if (r.Bool()) {
    PageFacts& h = p.home.emplace();
    FooterIdentity& f = h.footer;
    for (std::string* s :
         {&f.site_code, &f.icp, &f.police_record, &f.sponsor, &f.organizer, &f.contact,
          &f.party_gov_label_href, &f.error_report_href, &f.error_report_site_code})
      *s = r.Str();
    if (r.Bool()) {
      SearchForm& s = h.search.emplace();
      s.action = r.Str();
      s.method = r.Str();
      s.query_param = r.Str();
    }
    h.accessibility_toolbar = r.Bool();
    const uint64_t n = r.Varint();
    for (uint64_t i = 0; i < n; ++i) {
      std::string k = r.Str();
      h.meta[std::move(k)] = r.Str();
    }
  }
  p.privacy_policy_url = r.Str();
  p.warning = r.Str();
  p.signals = GetSignals(r);
  p.ahead = r.Bool();
  if (!r.done()) Damaged("page has trailing bytes");
  return p;
}

std::string EncodeFetch(const FetchResult& f, bool with_body) {
  Writer w;
  w.Varint(f.tag);
  w.Str(f.url);
  w.Str(f.final_url);
  w.Int(f.status);
  w.Varint(f.redirects.size());
  for (const RedirectHop& h : f.redirects) {
    w.Str(h.url);
    w.Int(h.status);
  }
  w.U8(static_cast<uint8_t>(f.error));
  w.Str(f.error_message);
  w.Str(f.content_type);
  w.Str(f.charset);
  if (with_body) {
    w.Str(f.body);
  } else {
    w.Str(f.body.empty() ? std::string_view() : std::string_view("\0", 1));
  }
  w.Bool(f.body_truncated);
  w.Varint(f.tls_issues.size());
  for (const TlsIssue& t : f.tls_issues) {
    w.Str(t.kind);
    w.Str(t.detail);
  }
  w.Varint(f.wire_bytes);
  return std::move(w.bytes());
}

FetchResult DecodeFetch(std::string_view payload) {
  Reader r(payload);
  FetchResult f;
  f.tag = r.Varint();
  f.url = r.Str();
  f.final_url = r.Str();
  f.status = static_cast<int>(r.Int());
  f.redirects.resize(r.Varint());
  for (RedirectHop& h : f.redirects) {
    h.url = r.Str();
    h.status = static_cast<int>(r.Int());
  }
  f.error = static_cast<FetchError>(r.U8());
  f.error_message = r.Str();
  f.content_type = r.Str();
  f.charset = r.Str();
  f.body = r.Str();
  f.body_truncated = r.Bool();
  f.tls_issues.resize(r.Varint());
  for (TlsIssue& t : f.tls_issues) {
    t.kind = r.Str();
    t.detail = r.Str();
  }
  f.wire_bytes = r.Varint();
  if (!r.done()) Damaged("fetch has trailing bytes");
  return f;
}

std::string EncodeAttachment(const ParsedAttachment& a) {
  Writer w;
  w.Str(a.url);
  PutHits(w, a.privacy);
  w.Str(a.warning);
  return std::move(w.bytes());
}

ParsedAttachment DecodeAttachment(std::string_view payload) {
  Reader r(payload);
  ParsedAttachment a;
  a.url = r.Str();
  a.privacy = GetHits(r);
  a.warning = r.Str();
  if (!r.done()) Damaged("attachment has trailing bytes");
  return a;
}

std::string EncodeHeader(const Header& h) {
  Writer w;
  w.Str(h.start_url);
  w.Int(h.as_of.day_number());
  w.Str(h.started_at);
  w.StrList(h.warnings);
  return std::move(w.bytes());
}

Header DecodeHeader(std::string_view payload) {
  Reader r(payload);
  Header h;
  h.start_url = r.Str();
  h.as_of = Date::FromDayNumber(static_cast<long>(r.Int()));
  h.started_at = r.Str();
  h.warnings = r.StrList();
  if (!r.done()) Damaged("header has trailing bytes");
  return h;
}

std::string PackBatch(std::string_view events) {
  Writer w;
  w.Varint(events.size());
  uLongf size = compressBound(events.size());
  std::string z(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(z.data()), &size,
                reinterpret_cast<const Bytef*>(events.data()), events.size(), 1) != Z_OK)
    throw Error("cannot compress a checkpoint batch", "crawl log");
  z.resize(size);
  w.bytes() += z;
  return std::string(kPackPrefix) + Base64(w.bytes());
}

std::string UnpackBatch(std::string_view text) {
  if (!text.starts_with(kPackPrefix)) Damaged("not a crawl log batch");
  const std::string raw = Unbase64(text.substr(kPackPrefix.size()));
  Reader r(raw);
  const uint64_t n = r.Varint();
  if (n > (uint64_t{1} << 32)) Damaged("batch size");
  const size_t offset = r.pos();
  std::string out(n, '\0');
  uLongf size = n;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(raw.data() + offset),
                 raw.size() - offset) != Z_OK ||
      size != n)
    Damaged("batch does not decompress");
  return out;
}

struct BatchWriter::Impl {
  Sink sink;
  std::mutex mu;
  std::condition_variable cv;
  std::string events;  // submitted, not yet handed to the sink
  size_t pages = 0;
  bool pending = false, stop = false, failed = false;
  std::thread thread;

  void Run() {
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      cv.wait(lock, [this] { return stop || pending; });
      if (!pending) return;
      std::string batch;
      batch.swap(events);
      const size_t n = pages;
      pages = 0;
      pending = false;
      const bool skip = failed;
      lock.unlock();
      bool ok = false;
      if (!skip) {
        try {
          ok = sink(PackBatch(batch), n);
        } catch (const std::exception&) {
          ok = false;
        }
      }
      lock.lock();
      if (!ok) failed = true;
    }
  }
};

BatchWriter::BatchWriter(Sink sink) : impl_(new Impl) {
  impl_->sink = std::move(sink);
  impl_->thread = std::thread([this] { impl_->Run(); });
}

BatchWriter::~BatchWriter() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  impl_->thread.join();
  delete impl_;
}

void BatchWriter::Submit(std::string events, size_t pages) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->failed) return;
    if (impl_->events.empty()) {
      impl_->events.swap(events);
    } else {
      impl_->events += events;
    }
    impl_->pages += pages;
    impl_->pending = true;
  }
  impl_->cv.notify_one();
}

bool BatchWriter::failed() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->failed;
}

}  // namespace govscore::crawl_log

// Mid-crawl checkpoints (docs/operations.md, "Crash safety"): the crawl log.
//
// The crawl thread is a deterministic state machine over its inputs: fetch
// results, parsed pages and attachments from the parse workers, and its own
// dispatch decisions (which depend on timing). With ScanOptions::
// checkpoint_sink set, the crawl appends every input to a log as it consumes
// it, in order, and hands the log in batches to the sink (from a writer
// thread, never the crawl thread). A crawl given the earlier batches
// (ScanOptions::resume_source) replays them through the same code without
// fetching, which rebuilds exactly the state the killed crawl had — frontier,
// seen set, robots rules, link targets with their source pages, columns,
// counters — then fetches again what was in flight and goes on, appending to
// the same log. Nothing is stored twice: each page's record enters the state
// once, through its logged event.
//
// This header is internal to src/crawl: the records passed between the crawl
// thread and its parse workers, and their binary encodings.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/soft404.h"
#include "crawl/scan_report.h"
#include "extract/page.h"
#include "extract/signals.h"
#include "fetch/fetcher.h"

namespace govscore {

// ---------------------------------------------------------------------------
// Work handed to and returned by the parse workers.

struct ParsedLink {
  std::string url;  // normal form, or the raw href when invalid
  uint64_t hash = 0;
  bool navigational = false;
  bool pagination = false;  // a further page of the same list
  bool text_attachment = false;
  bool invalid = false;
  std::string reason;  // why invalid
};

struct ParsedPage {
  uint64_t target = 0;  // hash of the requested URL
  PageRecord record;
  std::vector<std::string> via;  // redirect hops
  std::vector<ParsedLink> links;
  size_t occurrences = 0;  // hrefs on the page (links, before dedup)
  size_t not_links = 0;
  PageFingerprint fingerprint;
  bool soft404_text = false;
  // Column list page: key, name, type, items (item URL hash, date).
  bool is_list = false;
  std::string column_key, column_name, column_type;
  std::vector<std::pair<uint64_t, std::optional<Date>>> items;
  std::vector<PrivacyHit> privacy;
  // Homepage only (the crawl reads footer, search, accessibility_toolbar and
  // meta of it; only those survive a checkpoint).
  std::optional<PageFacts> home;
  std::string privacy_policy_url;
  std::string warning;
  PageSignals signals;  // issue-7 facts (extract/signals.h), hrefs resolved
  bool ahead = false;   // fetched ahead of its level: held until that level is done
  // EncodePage of this page, filled by the parse worker when the crawl keeps
  // a log (the encoding costs the crawl thread nothing).
  std::string encoded;
};

struct ParsedAttachment {
  std::string url;
  std::vector<PrivacyHit> privacy;
  std::string warning;
};

namespace crawl_log {

// Event types. Every event is: type byte, varint payload length, payload.
enum class Event : char {
  kHeader = 'H',         // start URL (resolved), as_of, started_at, start warnings
  kDispatch = 'N',       // Frontier::Next() was taken; payload: its hash
  kDispatchAhead = 'X',  // Frontier::NextAhead(level); payload: level, hash
  kEmptyNext = 'E',      // Frontier::Next() found nothing an odd number of times
  kRobotsTaken = 'T',    // Frontier::TakeRobotsRequests() was taken (and sent)
  kFetch = 'F',          // a fetch result (EncodeFetch)
  kPage = 'P',           // a parsed page from the pool (EncodePage)
  kAttachment = 'A',     // a scanned attachment from the pool (EncodeAttachment)
  kRelease = 'L',        // held ahead pages were looked at (ReleaseHeld)
  kResume = 'S',         // a resumed crawl re-sent what was in flight here
};

// Little binary codec: varints, zigzag integers, length-prefixed strings.
class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Varint(uint64_t v);
  void Int(int64_t v) { Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Str(std::string_view s);
  void StrList(const std::vector<std::string>& v);
  void Pairs(const std::vector<std::pair<std::string, std::string>>& v);
  void OptDate(const std::optional<Date>& d);
  void Event(crawl_log::Event type, std::string_view payload);
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what Writer wrote; throws Error ("checkpoint log is damaged") when
// the bytes end early or make no sense.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool done() const { return pos_ >= in_.size(); }
  size_t pos() const { return pos_; }
  uint8_t U8();
  bool Bool() { return U8() != 0; }
  uint64_t Varint();
  int64_t Int() {
    const uint64_t v = Varint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  std::string Str();
  std::string_view View(size_t n);
  std::vector<std::string> StrList();
  std::vector<std::pair<std::string, std::string>> Pairs();
  std::optional<Date> OptDate();
  // Next event: its type and payload.
  std::pair<crawl_log::Event, std::string_view> Event();

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

std::string EncodePage(const ParsedPage& p);
ParsedPage DecodePage(std::string_view payload);
// `with_body`: robots.txt and the soft-404 probe, whose bodies the crawl
// thread reads; other bodies go to the parse workers and are not logged (a
// non-empty one is logged as one NUL byte so the same branches are taken).
std::string EncodeFetch(const FetchResult& r, bool with_body);
FetchResult DecodeFetch(std::string_view payload);
std::string EncodeAttachment(const ParsedAttachment& a);
ParsedAttachment DecodeAttachment(std::string_view payload);

struct Header {
  std::string start_url;
  Date as_of;
  std::string started_at;
  std::vector<std::string> warnings;  // of the start URL's resolution
};
std::string EncodeHeader(const Header& h);
Header DecodeHeader(std::string_view payload);

// A batch of events as stored: "gcl1:" + base64(zlib(events)) — text, so any
// store column takes it. UnpackBatch throws Error when it is not one.
std::string PackBatch(std::string_view events);
std::string UnpackBatch(std::string_view text);

// Hands batches to a sink on its own thread, in order. Batches submitted
// while the sink is busy are joined into one call. After the sink returns
// false or throws, later batches are dropped (failed() is true). The
// destructor waits for the batches already submitted.
class BatchWriter {
 public:
  using Sink = std::function<bool(const std::string& packed, size_t pages)>;
  explicit BatchWriter(Sink sink);
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;
  void Submit(std::string events, size_t pages);
  bool failed() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace crawl_log
}  // namespace govscore

// The crawl frontier: what to fetch next. It owns the scope rules, the seen-set
// (dedup by Url::key, a 64-bit hash), the spider-trap defences, robots.txt rules per
// host, the page limit, and the queues: pages to crawl (one FIFO per depth, the
// shallowest first: breadth-first) and links to check only, handed out
// alternately.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontier/robots.h"
#include "frontier/scope.h"
#include "frontier/seen_set.h"
#include "frontier/traps.h"
#include "frontier/url.h"

namespace govscore {

struct FrontierOptions {
  ScopeOptions scope;
  TrapOptions traps;
  size_t max_pages = 0;  // page candidates admitted; 0 = no limit
  bool respect_robots = true;
  bool check_external = true;
};

enum class Admission {
  kQueued,       // new: queued (or parked until its host's robots.txt is known)
  kSeen,         // offered before, whatever became of it then
  kExcluded,     // matches --exclude
  kExternalOff,  // another site, and external links are not checked
  kTrap,         // refused by a spider-trap defence (see traps())
  kPageLimit,    // max_pages page candidates already admitted
  kRobots,       // disallowed by the host's robots.txt
};

struct FrontierEntry {
  std::string url;    // normal form
  uint64_t hash = 0;  // Url::key()
  int depth = 0;
  // GET it and parse it when it is HTML. Otherwise it is a link check only.
  bool page = false;
  bool external = false;
  bool priority = false;  // see Frontier::Offer
};

class Frontier {
 public:
  // Throws Error for an invalid --include/--exclude pattern.
  Frontier(const Url& start, FrontierOptions options);

  // Offers a link target found at `depth` (the homepage is depth 0, links on it
  // depth 1). `navigational`: found where a browser would navigate to it (a,
  // area, frame, iframe, meta refresh, script redirect) and not obviously a
  // file (attachment, image): in the site it becomes a page candidate.
  // `priority`: a further page of a list (下一页): crawled before other pages,
  // so that long paginated columns do not wait behind their own articles.
  Admission Offer(const Url& url, int depth, bool navigational, bool priority = false);

  // Offers the start URL: always a page candidate at depth 0, whatever
  // --include says (only --exclude and robots.txt can keep it out).
  Admission OfferStart(const Url& url);

  // Marks `url` as seen without queueing it (a redirect target already fetched
  // under another URL); true when it had not been seen before.
  bool MarkSeen(const Url& url) { return seen_.Insert(url.key()); }

  // Next entry to fetch: priority pages first, then pages (breadth-first: the
  // lowest depth queued, first offered first) and link checks alternately.
  // Entries parked for robots.txt are not returned until SetRobots.
  std::optional<FrontierEntry> Next();

  // A page from a level deeper than `level` (the shallowest such level, first
  // offered first), or nothing. The crawl fetches a few of these ahead of
  // their turn so that a slow deeper page (a timeout) overlaps the crawl of
  // the current level instead of becoming its tail; it holds their parsed
  // results until `level` is done, so depths stay breadth-first.
  std::optional<FrontierEntry> NextAhead(int level);

  // Lowest depth of a queued page (priority pages included), or INT_MAX.
  int min_queued_page_depth() const;

  size_t queued() const { return priority_.size() + pages_queued_ + checks_.size(); }
  size_t parked() const;

  // Site hosts ("host[:port]") whose robots.txt the crawl must fetch and hand
  // to SetRobots; each is returned once. Empty when robots are ignored.
  std::vector<std::string> TakeRobotsRequests();
  // Installs the rules of `authority` and releases its parked entries (those
  // disallowed are dropped and counted).
  void SetRobots(const std::string& authority, RobotsRules rules);

  const std::vector<Trap>& traps() const { return traps_.traps(); }
  size_t pages_admitted() const { return pages_admitted_; }
  size_t page_limit_refusals() const { return page_limit_refusals_; }
  size_t robots_refusals() const { return robots_refusals_; }
  const std::vector<std::string>& robots_examples() const { return robots_examples_; }
  const SeenSet& seen() const { return seen_; }
  const Scope& scope() const { return scope_; }

 private:
  struct HostRobots {
    bool known = false;
    RobotsRules rules;
    std::vector<FrontierEntry> parked;
  };
  void Push(FrontierEntry e);
  // False when robots.txt disallows it.
  bool Enqueue(FrontierEntry entry, const Url& url);
  // Counts and remembers a refusal.
  bool RobotsAllow(const FrontierEntry& entry, const Url& url, const RobotsRules& rules);

  FrontierOptions options_;
  Scope scope_;
  TrapGuard traps_;
  SeenSet seen_;
  std::deque<FrontierEntry> priority_, checks_;
  std::map<int, std::deque<FrontierEntry>> pages_;  // by depth; no empty queue kept
  size_t pages_queued_ = 0;
  std::map<int, size_t> priority_depths_;  // depth -> priority pages queued
  bool take_page_next_ = true;
  std::map<std::string, HostRobots> robots_;
  std::vector<std::string> robots_requests_;
  size_t pages_admitted_ = 0;
  size_t page_limit_refusals_ = 0;
  size_t robots_refusals_ = 0;
  std::vector<std::string> robots_examples_;  // first few URLs robots.txt kept us from
};

}  // namespace govscore

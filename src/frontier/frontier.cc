#include "frontier/frontier.h"

namespace govscore {

Frontier::Frontier(const Url& start, FrontierOptions options)
    : options_(std::move(options)), scope_(start, options_.scope), traps_(options_.traps) {}

Admission Frontier::OfferStart(const Url& url) {
  if (!seen_.Insert(url.key())) return Admission::kSeen;
  if (scope_.Classify(url) == ScopeVerdict::kExcluded) return Admission::kExcluded;
  ++pages_admitted_;
  return Enqueue(FrontierEntry{url.spec(), url.key(), 0, true, false}, url) ? Admission::kQueued
                                                                            : Admission::kRobots;
}

Admission Frontier::Offer(const Url& url, int depth, bool navigational, bool priority) {
  const uint64_t hash = url.key();
  if (!seen_.Insert(hash)) return Admission::kSeen;
  const ScopeVerdict verdict = scope_.Classify(url);
  if (verdict == ScopeVerdict::kExcluded) return Admission::kExcluded;
  FrontierEntry entry{url.spec(), hash, depth, false, verdict == ScopeVerdict::kExternal};
  if (entry.external) {
    if (!options_.check_external) return Admission::kExternalOff;
    checks_.push_back(std::move(entry));
    return Admission::kQueued;
  }
  if (navigational && verdict == ScopeVerdict::kSite) {
    if (options_.max_pages > 0 && pages_admitted_ >= options_.max_pages) {
      ++page_limit_refusals_;
      return Admission::kPageLimit;
    }
    if (traps_.Check(url, depth)) return Admission::kTrap;
    entry.page = true;
    entry.priority = priority;
    ++pages_admitted_;
  }
  return Enqueue(std::move(entry), url) ? Admission::kQueued : Admission::kRobots;
}

bool Frontier::Enqueue(FrontierEntry entry, const Url& url) {
  if (options_.respect_robots) {
    auto [it, inserted] = robots_.try_emplace(url.authority());
    if (inserted) robots_requests_.push_back(url.authority());
    if (!it->second.known) {
      it->second.parked.push_back(std::move(entry));
      return true;
    }
    if (!RobotsAllow(entry, url, it->second.rules)) return false;
  }
  Queue(entry).push_back(std::move(entry));
  return true;
}

bool Frontier::RobotsAllow(const FrontierEntry& entry, const Url& url, const RobotsRules& rules) {
  if (rules.Allowed(url.path_and_query())) return true;
  ++robots_refusals_;
  if (entry.page && pages_admitted_ > 0) --pages_admitted_;
  if (robots_examples_.size() < 20) robots_examples_.push_back(entry.url);
  return false;
}

std::deque<FrontierEntry>& Frontier::Queue(const FrontierEntry& e) {
  return e.priority ? priority_ : e.page ? pages_ : checks_;
}

std::optional<FrontierEntry> Frontier::Next() {
  if (!priority_.empty()) {
    FrontierEntry e = std::move(priority_.front());
    priority_.pop_front();
    return e;
  }
  std::deque<FrontierEntry>* first = take_page_next_ ? &pages_ : &checks_;
  std::deque<FrontierEntry>* second = take_page_next_ ? &checks_ : &pages_;
  take_page_next_ = !take_page_next_;
  for (std::deque<FrontierEntry>* q : {first, second}) {
    if (q->empty()) continue;
    FrontierEntry e = std::move(q->front());
    q->pop_front();
    return e;
  }
  return std::nullopt;
}

size_t Frontier::parked() const {
  size_t n = 0;
  for (const auto& [authority, host] : robots_) n += host.parked.size();
  return n;
}

std::vector<std::string> Frontier::TakeRobotsRequests() {
  std::vector<std::string> out;
  out.swap(robots_requests_);
  return out;
}

void Frontier::SetRobots(const std::string& authority, RobotsRules rules) {
  HostRobots& host = robots_[authority];
  host.known = true;
  host.rules = std::move(rules);
  std::vector<FrontierEntry> parked;
  parked.swap(host.parked);
  for (FrontierEntry& e : parked) {
    const std::optional<Url> url = Url::Parse(e.url);
    if (!url || RobotsAllow(e, *url, host.rules)) Queue(e).push_back(std::move(e));
  }
}

}  // namespace govscore

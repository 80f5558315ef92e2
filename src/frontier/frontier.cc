#include "frontier/frontier.h"

#include <algorithm>
#include <climits>

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
  Push(std::move(entry));
  return true;
}

bool Frontier::RobotsAllow(const FrontierEntry& entry, const Url& url, const RobotsRules& rules) {
  if (rules.Allowed(url.path_and_query())) return true;
  ++robots_refusals_;
  if (entry.page && pages_admitted_ > 0) --pages_admitted_;
  if (robots_examples_.size() < 20) robots_examples_.push_back(entry.url);
  return false;
}

void Frontier::Push(FrontierEntry e) {
  if (e.priority) {
    ++priority_depths_[e.depth];
    priority_.push_back(std::move(e));
  } else if (e.page) {
    pages_[e.depth].push_back(std::move(e));
    ++pages_queued_;
  } else {
    checks_.push_back(std::move(e));
  }
}

std::optional<FrontierEntry> Frontier::Next() {
  if (!priority_.empty()) {
    FrontierEntry e = std::move(priority_.front());
    priority_.pop_front();
    auto it = priority_depths_.find(e.depth);
    if (--it->second == 0) priority_depths_.erase(it);
    return e;
  }
  const bool page_first = take_page_next_;
  take_page_next_ = !take_page_next_;
  for (int i = 0; i < 2; ++i) {
    if ((i == 0) == page_first) {
      if (pages_.empty()) continue;
      auto level = pages_.begin();
      FrontierEntry e = std::move(level->second.front());
      level->second.pop_front();
      if (level->second.empty()) pages_.erase(level);
      --pages_queued_;
      return e;
    }
    if (checks_.empty()) continue;
    FrontierEntry e = std::move(checks_.front());
    checks_.pop_front();
    return e;
  }
  return std::nullopt;
}

std::optional<FrontierEntry> Frontier::NextAhead(int level) {
  auto deeper = pages_.upper_bound(level);
  if (deeper == pages_.end()) return std::nullopt;
  FrontierEntry e = std::move(deeper->second.front());
  deeper->second.pop_front();
  if (deeper->second.empty()) pages_.erase(deeper);
  --pages_queued_;
  return e;
}

int Frontier::min_queued_page_depth() const {
  const int depth = pages_.empty() ? INT_MAX : pages_.begin()->first;
  return priority_depths_.empty() ? depth : std::min(depth, priority_depths_.begin()->first);
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
    if (!url || RobotsAllow(e, *url, host.rules)) Push(std::move(e));
  }
}

}  // namespace govscore

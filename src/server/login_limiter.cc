#include "server/login_limiter.h"

namespace govscore::server {

void LoginLimiter::Prune(Times& t, Clock::time_point now) const {
  while (!t.empty() && now - t.front() >= window_) t.pop_front();
}

int64_t LoginLimiter::Wait(Times& t, int limit, Clock::time_point now) const {
  Prune(t, now);
  if (static_cast<int>(t.size()) < limit) return 0;
  // The limit-th newest failure must leave the window.
  const auto until = t[t.size() - limit] + window_;
  const auto s = std::chrono::ceil<std::chrono::seconds>(until - now).count();
  return s < 1 ? 1 : s;
}

int64_t LoginLimiter::RetryAfter(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  int64_t wait = 0;
  if (auto it = users_.find(username); it != users_.end())
    wait = std::max(wait, Wait(it->second, per_user_, now));
  if (auto it = addresses_.find(address); it != addresses_.end())
    wait = std::max(wait, Wait(it->second, per_address_, now));
  return wait;
}

void LoginLimiter::RecordFailure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  // Bound memory under a flood of distinct names: drop entries whose window passed.
  for (auto* m : {&users_, &addresses_}) {
    if (m->size() <= 10000) continue;
    for (auto it = m->begin(); it != m->end();) {
      Prune(it->second, now);
      it = it->second.empty() ? m->erase(it) : std::next(it);
    }
  }
  users_[username].push_back(now);
  addresses_[address].push_back(now);
}

void LoginLimiter::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  users_.erase(username);
}

}  // namespace govscore::server

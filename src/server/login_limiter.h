// Login rate limiting: failed logins are counted per username and per client
// address in a sliding window; once either count reaches its limit, further
// logins for that username / from that address are refused (even with the right
// password) until the oldest failure leaves the window. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace govscore::server {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  LoginLimiter(int per_user, int per_address, std::chrono::seconds window)
      : per_user_(per_user), per_address_(per_address), window_(window) {}

  // Seconds until a login for (username, address) may be tried; 0 = allowed now.
  int64_t RetryAfter(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  // A successful login clears the username's failures (not the address's).
  void RecordSuccess(const std::string& username);

 private:
  using Times = std::deque<Clock::time_point>;
  void Prune(Times& t, Clock::time_point now) const;
  int64_t Wait(Times& t, int limit, Clock::time_point now) const;

  int per_user_, per_address_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, Times> users_, addresses_;
};

}  // namespace govscore::server

// Alert delivery to a webhook: one JSON POST per alert (docs/monitoring.md
// shows the body). The target obeys the monitor's network policy, judged on
// the address each connection actually goes to; redirects are not followed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "monitor/network.h"

namespace govscore::monitor {

struct WebhookOptions {
  std::string url;
  double timeout_s = 10;
  NetworkPolicy network;
};

// POSTs `body` (application/json; charset=utf-8). Returns "" for a 2xx
// answer, else what went wrong ("HTTP 500", "blocked by address policy: …",
// "timeout …").
std::string PostJson(const WebhookOptions& options, const nlohmann::json& body);

}  // namespace govscore::monitor

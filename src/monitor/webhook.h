// Alert delivery to a webhook: one JSON POST per alert (docs/monitoring.md
// shows the body). The target obeys the monitor's network policy, judged on
// the address each connection actually goes to; redirects are not followed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "monitor/network.h"

namespace govscore::monitor {

struct WebhookOptions {
  std::string url;
  double timeout_s = 10;
  NetworkPolicy network;
};

// Why the webhook URL may not be contacted at all, judged before any DNS
// lookup or connection: not an http(s) URL, a host literal the address policy
// refuses (127.0.0.1, 10.0.0.1, [::1] … unless allowed), or — with
// loopback_only — a host name other than localhost. nullopt when the URL may
// be tried (a name's addresses are still judged at connect time by PostJson).
// The text is the one stored on the outbox row (Alert::webhook_error).
std::optional<std::string> WebhookRefusal(const WebhookOptions& options);

// POSTs `body` (application/json; charset=utf-8). Returns "" for a 2xx
// answer, else what went wrong ("HTTP 500", "blocked by address policy: …",
// "timeout …"). WebhookRefusal is checked first: a refused URL is never
// contacted.
std::string PostJson(const WebhookOptions& options, const nlohmann::json& body);

}  // namespace govscore::monitor

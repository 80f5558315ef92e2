// The configuration of `govscore serve` (docs/server.md): where to listen,
// which store, where uploads live, the static web UI, session and upload
// limits, the log format. Read from a YAML file; every key is optional and has
// the default given here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace govscore::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (tests)
  // Store URL (docs/storage.md); empty = sqlite:<data_dir>/govscore.db.
  std::string db;
  // Uploads (evidence, imports) go to <data_dir>/uploads; never served statically.
  std::string data_dir = "data";
  // The built web UI (index.html + assets); empty or missing = API only.
  std::string static_dir = "web/dist";
  int64_t session_ttl_minutes = 8 * 60;
  int64_t upload_limit_mb = 20;     // one uploaded file
  int64_t body_limit_kb = 1024;     // a JSON request body
  std::string log_format = "text";  // text | json
  bool cookie_secure = false;       // set the Secure flag (behind TLS)
  // Behind a reverse proxy on this machine: take the client address from
  // X-Real-IP (set by nginx) for rate limiting and logs.
  bool behind_proxy = false;
  int threads = 8;  // request handler threads
  // Run the worker loop in this process (docs/server.md): scan jobs with host
  // leases and the monitor (schedules, probes, alerts, webhooks). false when
  // separate `govscore worker` processes do all of it (PostgreSQL).
  bool run_scans = true;
  int job_threads = 1;  // worker loops in this process (each one lease owner)
  // Alerts are POSTed here (docs/monitoring.md) unless the webhook set in the
  // UI (store setting alert_webhook) replaces it; empty = none.
  std::string alert_webhook;
  // Scans may reach only 127.0.0.1/::1 (demo, tests, an offline installation).
  bool scan_loopback_only = false;
  // Networks scans may reach although special-purpose (private, loopback,
  // link-local ...; fetch/address_policy.h): CIDRs like "10.1.0.0/16". File key
  // allow_network (a CIDR or a list), `govscore serve --allow-network`.
  std::vector<std::string> allow_networks;
  // Error dictionaries (YAML/CSV, docs/checklist.md) of the national
  // checklist the worker loop runs in full and quarterly scans. File key
  // dictionary (a path or a list), `govscore serve --dictionary` (repeatable).
  std::vector<std::string> dictionaries;
  // Login rate limiting: failures allowed per window, per username and per address.
  int login_failures_per_user = 5;
  int login_failures_per_address = 20;
  int64_t login_window_seconds = 15 * 60;
  // Shown by GET /api/health; set by the CLI (not a file key).
  std::string version = "dev";
  // When set and no user "admin" exists, the server creates it with this
  // password at start (the CLI takes it from $GOVSCORE_ADMIN_PASSWORD; never a
  // file key, never logged).
  std::string bootstrap_admin_password;

  // The store URL after defaults.
  std::string StoreUrl() const;
  // Throws govscore::Error naming the key when a value is out of range.
  void Validate() const;
};

// Reads `path` (YAML). Unknown keys and bad values throw govscore::Error with
// the file and line.
ServerConfig LoadServerConfig(const std::string& path);

// Parses "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080") into the config.
void SetListen(ServerConfig& config, const std::string& listen);

}  // namespace govscore::server

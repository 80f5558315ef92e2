// `govscore serve`: the JSON API and the web UI (src/server) until SIGINT or
// SIGTERM. Options override the config file (docs/server.md).
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "server/config.h"
#include "server/server.h"

namespace govscore::cli {
namespace {

struct ServeArgs {
  std::string config, listen, db, data_dir, static_dir, log_format, webhook;
  int job_threads = 0;
  std::vector<std::string> allow_networks, dictionaries;
  bool loopback_only = false, no_scans = false;
};

void Run(const ServeArgs& a) {
  server::ServerConfig config;
  if (!a.config.empty()) config = server::LoadServerConfig(a.config);
  if (!a.listen.empty()) server::SetListen(config, a.listen);
  if (!a.db.empty()) config.db = a.db;
  if (!a.data_dir.empty()) config.data_dir = a.data_dir;
  if (!a.static_dir.empty()) config.static_dir = a.static_dir;
  if (!a.log_format.empty()) config.log_format = a.log_format;
  if (a.loopback_only) config.scan_loopback_only = true;
  for (const std::string& cidr : a.allow_networks) config.allow_networks.push_back(cidr);
  for (const std::string& path : a.dictionaries) config.dictionaries.push_back(path);
  if (a.no_scans) config.run_scans = false;
  if (a.job_threads > 0) config.job_threads = a.job_threads;
  if (!a.webhook.empty()) config.alert_webhook = a.webhook;
  config.Validate();
  if (const char* pw = std::getenv("GOVSCORE_ADMIN_PASSWORD")) config.bootstrap_admin_password = pw;
  config.version = GOVSCORE_VERSION;
  server::Server srv(config);
  srv.Start();
  std::printf("govscore serve: %s/\n", srv.url().c_str());
  std::fflush(stdout);
  server::ServeUntilSignal(srv);
}

}  // namespace

void RegisterServeCommand(CLI::App& app) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "启动评估平台网页服务 (JSON API + web UI)");
  cmd->add_option("--config", a->config, "server configuration file (YAML, docs/server.md)");
  cmd->add_option("--listen", a->listen, "host:port (default 127.0.0.1:8080)");
  cmd->add_option(
      "--db", a->db,
      "store URL: sqlite:FILE or postgresql://… (default sqlite:<data-dir>/govscore.db)");
  cmd->add_option("--data-dir", a->data_dir, "uploads and the default SQLite file (default data)");
  cmd->add_option("--static", a->static_dir, "built web UI folder (default web/dist)");
  cmd->add_option("--log-format", a->log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--scan-loopback-only", a->loopback_only,
                "scans may reach 127.0.0.1/::1 only (offline installations, tests)");
  cmd->add_option("--allow-network", a->allow_networks,
                  "scans may reach this private/loopback/link-local network, e.g. 10.1.0.0/16 "
                  "(repeatable; adds to the config file's allow_network)");
  cmd->add_flag("--no-scans", a->no_scans,
                "run no scan jobs and no monitor in this process (separate `govscore worker` "
                "processes on PostgreSQL do them)");
  cmd->add_option("--job-threads", a->job_threads,
                  "worker loops running scan jobs in this process (default 1; config job_threads)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--webhook", a->webhook,
                  "POST new alerts here (config alert_webhook; the UI's setting replaces it)");
  cmd->add_option("--dictionary", a->dictionaries,
                  "error dictionary YAML/CSV of the national checklist in full and quarterly "
                  "scans (repeatable; adds to the config file's dictionary)");
  cmd->callback([a] { Run(*a); });
}

}  // namespace govscore::cli

#include "server/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "core/error.h"
#include "fetch/address_policy.h"

namespace govscore::server {

std::string ServerConfig::StoreUrl() const {
  if (!db.empty()) return db;
  return "sqlite:" + (std::filesystem::path(data_dir) / "govscore.db").string();
}

void ServerConfig::Validate() const {
  if (port < 0 || port > 65535) throw Error("port must be 0..65535", "listen");
  if (session_ttl_minutes <= 0) throw Error("must be positive", "session_ttl_minutes");
  if (upload_limit_mb <= 0 || upload_limit_mb > 1024)
    throw Error("must be 1..1024", "upload_limit_mb");
  if (body_limit_kb <= 0 || body_limit_kb > 64 * 1024)
    throw Error("must be 1..65536", "body_limit_kb");
  if (log_format != "text" && log_format != "json")
    throw Error("must be text or json", "log_format");
  if (threads < 2 || threads > 256) throw Error("must be 2..256", "threads");
  if (data_dir.empty()) throw Error("must not be empty", "data_dir");
  if (job_threads < 1 || job_threads > 64) throw Error("must be 1..64", "job_threads");
  if (!alert_webhook.empty() && alert_webhook.rfind("http://", 0) != 0 &&
      alert_webhook.rfind("https://", 0) != 0)
    throw Error("must be an http(s) URL", "alert_webhook");
}

void SetListen(ServerConfig& config, const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw Error("expected host:port", listen);
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    throw Error("expected host:port with a numeric port", listen);
  config.host = host.empty() ? "127.0.0.1" : host;
  config.port = std::stoi(port);
}

ServerConfig LoadServerConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error("cannot read the server configuration", path);
  } catch (const YAML::Exception& e) {
    throw Error(e.msg, path + ":" + std::to_string(e.mark.line + 1));
  }
  ServerConfig c;
  if (!root || root.IsNull()) return c;
  if (!root.IsMap()) throw Error("the configuration must be a mapping", path);
  const std::set<std::string> known = {"listen",
                                       "db",
                                       "data_dir",
                                       "static_dir",
                                       "session_ttl_minutes",
                                       "upload_limit_mb",
                                       "body_limit_kb",
                                       "log_format",
                                       "cookie_secure",
                                       "behind_proxy",
                                       "threads",
                                       "run_scans",
                                       "job_threads",
                                       "alert_webhook",
                                       "scan_loopback_only",
                                       "allow_network",
                                       "dictionary",
                                       "login_failures_per_user",
                                       "login_failures_per_address",
                                       "login_window_seconds"};
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const std::string where = path + ":" + std::to_string(kv.first.Mark().line + 1);
    if (!known.count(key)) throw Error("unknown key '" + key + "'", where);
    try {
      const YAML::Node& v = kv.second;
      if (key == "listen")
        SetListen(c, v.as<std::string>());
      else if (key == "db")
        c.db = v.as<std::string>();
      else if (key == "data_dir")
        c.data_dir = v.as<std::string>();
      else if (key == "static_dir")
        c.static_dir = v.as<std::string>();
      else if (key == "session_ttl_minutes")
        c.session_ttl_minutes = v.as<int64_t>();
      else if (key == "upload_limit_mb")
        c.upload_limit_mb = v.as<int64_t>();
      else if (key == "body_limit_kb")
        c.body_limit_kb = v.as<int64_t>();
      else if (key == "log_format")
        c.log_format = v.as<std::string>();
      else if (key == "cookie_secure")
        c.cookie_secure = v.as<bool>();
      else if (key == "behind_proxy")
        c.behind_proxy = v.as<bool>();
      else if (key == "threads")
        c.threads = v.as<int>();
      else if (key == "run_scans")
        c.run_scans = v.as<bool>();
      else if (key == "job_threads")
        c.job_threads = v.as<int>();
      else if (key == "alert_webhook")
        c.alert_webhook = v.as<std::string>();
      else if (key == "scan_loopback_only")
        c.scan_loopback_only = v.as<bool>();
      else if (key == "allow_network") {
        c.allow_networks.clear();
        if (v.IsSequence()) {
          for (const auto& item : v) c.allow_networks.push_back(item.as<std::string>());
        } else {
          c.allow_networks.push_back(v.as<std::string>());
        }
        for (const std::string& cidr : c.allow_networks) IpNetwork::Parse(cidr);
      } else if (key == "dictionary") {
        c.dictionaries.clear();
        if (v.IsSequence()) {
          for (const auto& item : v) c.dictionaries.push_back(item.as<std::string>());
        } else {
          c.dictionaries.push_back(v.as<std::string>());
        }
      } else if (key == "login_failures_per_user")
        c.login_failures_per_user = v.as<int>();
      else if (key == "login_failures_per_address")
        c.login_failures_per_address = v.as<int>();
      else if (key == "login_window_seconds")
        c.login_window_seconds = v.as<int64_t>();
    } catch (const YAML::Exception&) {
      throw Error("bad value for '" + key + "'", where);
    } catch (const Error& e) {
      throw Error(std::string("'") + key + "': " + e.what(), where);
    }
  }
  try {
    c.Validate();
  } catch (const Error& e) {
    throw Error(e.what(), path);
  }
  return c;
}

}  // namespace govscore::server

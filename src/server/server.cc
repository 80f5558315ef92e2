#include "server/server.h"

#include <httplib.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <thread>

#include "checklist/dictionary.h"
#include "core/error.h"
#include "framework/framework_catalog.h"
#include "platform/judgments.h"
#include "server/api.h"
#include "server/login_limiter.h"
#include "server/routes.h"
#include "server/routes_monitor.h"
#include "server/static_files.h"
#include "worker/worker.h"

namespace govscore::server {

namespace {
thread_local std::chrono::steady_clock::time_point request_start;

// One access-log line per request (docs/server.md "Logs").
void LogRequest(const ServerConfig& config, const httplib::Request& req,
                const httplib::Response& res) {
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start)
          .count();
  const std::string& user = LogUser();
  if (config.log_format == "json") {
    nlohmann::json line = {{"type", "request"},
                           {"method", req.method},
                           {"path", req.path},
                           {"status", res.status},
                           {"ms", std::round(ms * 10) / 10},
                           {"user", user.empty() ? "-" : user},
                           {"remote", req.remote_addr}};
    spdlog::info("{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    spdlog::info("{} {} {} {:.1f}ms user={} remote={}", req.method, req.path, res.status, ms,
                 user.empty() ? "-" : user, req.remote_addr);
  }
  SetLogUser("");
}
}  // namespace

struct Server::Impl {
  Impl(ServerConfig c, const monitor::Clock* given_clock)
      : config(std::move(c)),
        clock(given_clock ? given_clock : &system_clock),
        pool(config.StoreUrl(), StoreOptions(clock)),
        limiter(config.login_failures_per_user, config.login_failures_per_address,
                std::chrono::seconds(config.login_window_seconds)),
        services(config, pool, limiter),
        api(http, services) {}

  static store::Store::Options StoreOptions(const monitor::Clock* clock) {
    store::Store::Options o;
    o.clock = clock->AsFunction();
    return o;
  }

  ServerConfig config;
  monitor::SystemClock system_clock;
  const monitor::Clock* clock;
  StorePool pool;
  LoginLimiter limiter;
  Services services;
  httplib::Server http;
  Api api;
  std::thread listener;
  std::unique_ptr<worker::BackgroundWorker> runner;
  int port = 0;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;
  bool started = false;
};

Server::Server(ServerConfig config, const monitor::Clock* clock) {
  config.Validate();
  if (config.log_format == "json") spdlog::set_pattern("%v");
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) throw Error("cannot create the data directory: " + ec.message(), config.data_dir);
  impl_ = std::make_unique<Impl>(std::move(config), clock);
  Impl& m = *impl_;
  m.services.now = [c = m.clock] { return c->Now(); };
  m.services.uploads_dir = (fs::path(m.config.data_dir) / "uploads").string();
  fs::create_directories(m.services.uploads_dir, ec);
  if (ec)
    throw Error("cannot create the uploads directory: " + ec.message(), m.services.uploads_dir);
  m.services.frameworks_dir = framework::FrameworksDir();
  m.services.evidence = std::make_shared<platform::EvidenceStore>(
      fs::path(m.services.uploads_dir) / "files",
      static_cast<size_t>(m.config.upload_limit_mb) * 1024 * 1024);
  // Open (and migrate) once now, so a bad URL fails at start, not at the first request.
  {
    auto lease = m.pool.Borrow();
    if (!m.config.bootstrap_admin_password.empty() && !lease->FindUserByName("admin")) {
      lease->CreateUser(
          {std::nullopt, "system"},
          {"admin", "系统管理员", m.config.bootstrap_admin_password, store::Role::kAdmin, {}});
      spdlog::info("govscore serve: created user admin");
    }
  }

  httplib::Server& http = m.http;
  http.new_task_queue = [threads = m.config.threads] { return new httplib::ThreadPool(threads); };
  // The largest request: one upload plus multipart overhead. JSON bodies have
  // their own, smaller limit (Ctx::Body).
  http.set_payload_max_length(static_cast<size_t>(m.config.upload_limit_mb) * 1024 * 1024 +
                              64 * 1024);
  http.set_read_timeout(30);
  http.set_write_timeout(30);
  http.set_keep_alive_timeout(5);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"X-Frame-Options", "DENY"},
                            {"Referrer-Policy", "same-origin"}});
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    SetLogUser("");
    if (req.path.rfind("/api/", 0) == 0) res.set_header("Cache-Control", "no-store");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    LogRequest(impl_->config, req, res);
  });
  // Errors httplib produces itself (413 payload, 400 bad request line, unmatched
  // routes) get the API's error body; handler errors already have theirs.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const char* code = res.status == 413   ? "too_large"
                           : res.status == 404 ? "not_found"
                           : res.status == 405 ? "method_not_allowed"
                                               : "bad_request";
        WriteError(res, ApiError(res.status, code,
                                 res.status == 413   ? "请求体过大"
                                 : res.status == 404 ? "没有这个地址"
                                                     : "请求无效"));
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          spdlog::error("{} {}: unexpected error: {}", req.method, req.path, e.what());
        } catch (...) {
          spdlog::error("{} {}: unexpected error", req.method, req.path);
        }
        WriteError(res, ApiError(500, "internal", "服务器内部错误"));
      });

  RegisterAuthRoutes(m.api);
  RegisterUnitRoutes(m.api);
  RegisterFrameworkRoutes(m.api);
  RegisterPlatformRoutes(m.api);
  RegisterMonitorRoutes(m.api);

  // Unknown /api paths answer JSON; everything else GET is the web UI.
  auto api_404 = [](const httplib::Request&, httplib::Response& res) {
    WriteError(res, NotFound("没有这个接口"));
  };
  const std::string static_dir = m.config.static_dir;
  http.Get(R"(/api(/.*)?)", api_404);
  http.Get(R"(.*)", [static_dir](const httplib::Request& req, httplib::Response& res) {
    ServeStatic(static_dir, req, res);
  });
  http.Post(R"(.*)", api_404);
  http.Put(R"(.*)", api_404);
  http.Patch(R"(.*)", api_404);
  http.Delete(R"(.*)", api_404);
}

Server::~Server() { Stop(); }

void Server::Start() {
  Impl& m = *impl_;
  if (m.started) return;
  // The checklist's error dictionaries: one that does not load fails the
  // start, before the port is bound.
  std::shared_ptr<const checklist::DictionaryMatcher> dictionary;
  if (m.config.run_scans) dictionary = checklist::LoadDictionaryMatcher(m.config.dictionaries);
  if (m.config.port == 0) {
    m.port = m.http.bind_to_any_port(m.config.host);
    if (m.port < 0) throw Error("cannot bind", m.config.host);
  } else {
    if (!m.http.bind_to_port(m.config.host, m.config.port))
      throw Error("cannot listen (address in use or not local?)",
                  m.config.host + ":" + std::to_string(m.config.port));
    m.port = m.config.port;
  }
  m.started = true;
  if (m.config.run_scans) {
    // The same loop as `govscore worker` (docs/operations.md): politely
    // claimed jobs, heartbeats, re-queue of dead workers' jobs, the monitor.
    worker::WorkerOptions options;
    options.name = "server:" + worker::DefaultWorkerName();
    options.scan.loopback_only = m.config.scan_loopback_only;
    options.scan.allow_networks = m.config.allow_networks;
    options.dictionary = dictionary;
    options.monitor.worker = options.name;
    options.monitor.probe.network.loopback_only = m.config.scan_loopback_only;
    options.monitor.probe.network.allow_networks = m.config.allow_networks;
    options.monitor.webhook_url = m.config.alert_webhook;
    options.stop = [&m] { return m.services.stopping.load(); };
    m.runner = std::make_unique<worker::BackgroundWorker>(m.pool.url(), options, m.clock,
                                                          m.config.job_threads);
    m.services.wake_scans = [&m] { m.runner->Wake(); };
  }
  m.listener = std::thread([&m] { m.http.listen_after_bind(); });
  spdlog::info("govscore serve: listening on {} (store {})", url(),
               m.pool.url().rfind("postgres", 0) == 0 ? "postgresql" : m.pool.url());
}

void Server::WakeJobs() {
  if (impl_->runner) impl_->runner->Wake();
}

int Server::port() const { return impl_->port; }

std::vector<std::string> Server::ApiRoutes() const {
  std::vector<std::string> out;
  for (const Api::Route& r : impl_->api.routes())
    out.push_back(std::string(r.access == Api::Access::kPublic ? "public " : "") + r.method + " " +
                  r.pattern);
  return out;
}

std::string Server::url() const {
  const std::string& h = impl_->config.host;
  const bool v6 = h.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + h + "]" : h) + ":" + std::to_string(impl_->port);
}

void Server::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

bool Server::WaitFor(int ms) {
  std::unique_lock lock(impl_->mu);
  return impl_->stopped_cv.wait_for(lock, std::chrono::milliseconds(ms),
                                    [this] { return impl_->stopped; });
}

void Server::Stop() {
  if (!impl_) return;
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.mu);
    if (m.stopped) return;
    m.stopped = true;
  }
  m.services.stopping = true;
  if (m.started) {
    m.http.stop();
    if (m.listener.joinable()) m.listener.join();
  }
  if (m.runner) m.runner->Stop();
  m.stopped_cv.notify_all();
}

namespace {
std::atomic<int> stop_signal{0};
extern "C" void OnStopSignal(int sig) { stop_signal = sig; }
}  // namespace

int ServeUntilSignal(Server& server) {
  stop_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  while (stop_signal == 0)
    if (server.WaitFor(200)) return 0;
  spdlog::info("govscore serve: signal {}, stopping", stop_signal.load());
  server.Stop();
  return stop_signal;
}

}  // namespace govscore::server

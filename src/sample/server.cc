#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/error.h"
#include "sample/certificate.h"
#include "sample/site.h"

namespace govscore::sample {

namespace {

bool PortIsFree(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  const int yes = 1;  // a port in TIME_WAIT is free; one with a listener is not
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return free;
}

// Binds `server` to 127.0.0.1:port (any free port when 0); returns the port.
int BindLoopback(httplib::Server& server, int port, const char* what) {
  // cpp-httplib sets SO_REUSEPORT, so binding a port another server listens on
  // would "succeed"; probe it with a plain socket first.
  if (port != 0 && !PortIsFree(port)) {
    throw Error(
        std::string(what) + " port " + std::to_string(port) + " on 127.0.0.1 is already in use",
        "sample server");
  }
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) {
    throw Error(
        std::string("cannot listen (") + what + ") on 127.0.0.1 port " + std::to_string(port),
        "sample server");
  }
  return bound;
}

// Runs `server`'s accept loop on a new thread and waits until it is up (a
// Stop() before the loop runs would be lost).
std::thread RunInBackground(httplib::Server& server) {
  std::thread thread([&server] { server.listen_after_bind(); });
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return thread;
}

}  // namespace

namespace {

// The kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range);
// 32768..60999 when it cannot be read.
std::pair<int, int> EphemeralRange() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0, high = 0;
  if (in >> low >> high && low > 0 && high >= low) return {low, high};
  return {32768, 60999};
}

// Binds a plain socket (no SO_REUSEADDR) to 127.0.0.1:port; returns the bound
// port or 0.
int TryBind(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error("cannot create a socket", "FreeLoopbackPort");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return ok ? ntohs(addr.sin_port) : 0;
}

}  // namespace

int FreeLoopbackPort() {
  // The port is bound later, often seconds later (it is written into the
  // pages first). A port from the ephemeral range can meanwhile become the
  // local end of any process's outgoing connection, so pick below it when
  // there is room; random picks make two callers' collisions unlikely.
  const auto [low, high] = EphemeralRange();
  (void)high;
  constexpr int kFirst = 10000;
  if (low - kFirst >= 1000) {
    static thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(kFirst, low - 1);
    for (int attempt = 0; attempt < 200; ++attempt) {
      const int port = TryBind(pick(rng));
      if (port > 0) return port;
    }
  }
  const int port = TryBind(0);
  if (port <= 0) throw Error("cannot bind 127.0.0.1", "FreeLoopbackPort");
  return port;
}

struct Server::Impl {
  Impl(const Site& s, ServerOptions o) : site(s), options(o) {}

  const Site& site;
  ServerOptions options;
  httplib::Server http;
  std::thread thread;
  std::unique_ptr<httplib::SSLServer> https;  // the bad-TLS listener, when planted
  std::thread https_thread;

  mutable std::mutex mu;
  std::condition_variable stopped_cv;  // signalled on Stop (wakes slow requests and Wait)
  bool stopped = false;
  std::unordered_map<std::string, int> counts, tls_counts;
  int total = 0;

  // The nth request for `path` on one listener (each listener's /flaky/
  // alternates on its own).
  int Count(const std::string& path, bool tls) {
    std::lock_guard<std::mutex> lock(mu);
    ++total;
    return ++(tls ? tls_counts : counts)[path];
  }

  // Waits `delay` unless the server stops first.
  void SlowDown() {
    std::unique_lock<std::mutex> lock(mu);
    stopped_cv.wait_for(lock, options.slow_delay, [this] { return stopped; });
  }

  void Handle(const httplib::Request& req, httplib::Response& res, bool tls) {
    const int nth = Count(req.path, tls);
    std::string query;
    const size_t q = req.target.find('?');
    if (q != std::string::npos) query = req.target.substr(q + 1);
    Reply reply = site.Answer(req.method, req.path, query, nth);
    if (reply.slow) SlowDown();
    res.status = reply.status;
    if (!reply.location.empty()) res.set_header("Location", reply.location);
    if (reply.retry_after >= 0) res.set_header("Retry-After", std::to_string(reply.retry_after));
    std::string type = reply.content_type;
    if (!reply.charset.empty()) type += "; charset=" + reply.charset;
    res.set_content(std::move(reply.body), type.c_str());
  }
};

Server::Server(const Site& site, ServerOptions options)
    : impl_(std::make_unique<Impl>(site, options)) {
  const int threads = options.threads > 0 ? options.threads : 8;
  auto setup = [this, threads](httplib::Server& server, bool tls) {
    server.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    server.set_keep_alive_max_count(1000);
    server.set_pre_routing_handler(
        [this, tls](const httplib::Request& req, httplib::Response& res) {
          impl_->Handle(req, res, tls);
          return httplib::Server::HandlerResponse::Handled;
        });
  };
  setup(impl_->http, false);
  if (const int tls_port = site.truth().tls_port; tls_port > 0) {
    const Certificate bad = MakeBadSiteCertificate(site.truth().footer.site_domain);
    impl_->https = std::make_unique<httplib::SSLServer>(
        [bad](SSL_CTX& ctx) { return UseCertificate(ctx, bad); });
    if (!impl_->https->is_valid()) {
      throw Error("cannot set up the TLS listener (OpenSSL rejected the certificate)",
                  "sample server");
    }
    setup(*impl_->https, true);
    tls_port_ = BindLoopback(*impl_->https, tls_port, "TLS");
  }
  port_ = BindLoopback(impl_->http, options.port, "HTTP");
  impl_->thread = RunInBackground(impl_->http);
  if (impl_->https) impl_->https_thread = RunInBackground(*impl_->https);
}

Server::~Server() { Stop(); }

std::string Server::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string Server::tls_base_url() const {
  return "https://127.0.0.1:" + std::to_string(tls_port_);
}

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped && !impl_->thread.joinable() && !impl_->https_thread.joinable()) return;
    impl_->stopped = true;
  }
  impl_->stopped_cv.notify_all();
  impl_->http.stop();
  if (impl_->https) impl_->https->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (impl_->https_thread.joinable()) impl_->https_thread.join();
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

int Server::RequestCount(const std::string& path) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const auto it = impl_->counts.find(path);
  return it == impl_->counts.end() ? 0 : it->second;
}

int Server::TlsRequestCount(const std::string& path) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  const auto it = impl_->tls_counts.find(path);
  return it == impl_->tls_counts.end() ? 0 : it->second;
}

int Server::TotalRequests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->total;
}

}  // namespace govscore::sample

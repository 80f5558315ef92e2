#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/error.h"
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

}  // namespace

struct Server::Impl {
  Impl(const Site& s, ServerOptions o) : site(s), options(o) {}

  const Site& site;
  ServerOptions options;
  httplib::Server http;
  std::thread thread;

  mutable std::mutex mu;
  std::condition_variable stopped_cv;  // signalled on Stop (wakes slow requests and Wait)
  bool stopped = false;
  std::unordered_map<std::string, int> counts;
  int total = 0;

  int Count(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    ++total;
    return ++counts[path];
  }

  // Waits `delay` unless the server stops first.
  void SlowDown() {
    std::unique_lock<std::mutex> lock(mu);
    stopped_cv.wait_for(lock, options.slow_delay, [this] { return stopped; });
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    const int nth = Count(req.path);
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
  impl_->http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  impl_->http.set_keep_alive_max_count(1000);
  impl_->http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    impl_->Handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // cpp-httplib sets SO_REUSEPORT, so binding a port another server listens on
  // would "succeed"; probe it with a plain socket first.
  if (options.port != 0 && !PortIsFree(options.port)) {
    throw Error("port " + std::to_string(options.port) + " on 127.0.0.1 is already in use",
                "sample server");
  }
  if (options.port == 0) {
    port_ = impl_->http.bind_to_any_port("127.0.0.1");
  } else {
    port_ = impl_->http.bind_to_port("127.0.0.1", options.port) ? options.port : -1;
  }
  if (port_ <= 0) {
    throw Error("cannot listen on 127.0.0.1 port " + std::to_string(options.port), "sample server");
  }
  impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
  // Stop() before the listen loop runs would be lost; wait until it is up.
  for (int i = 0; i < 5000 && !impl_->http.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Server::~Server() { Stop(); }

std::string Server::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped && !impl_->thread.joinable()) return;
    impl_->stopped = true;
  }
  impl_->stopped_cv.notify_all();
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
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

int Server::TotalRequests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->total;
}

}  // namespace govscore::sample

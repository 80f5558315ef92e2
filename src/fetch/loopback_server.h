// Test support: a cpp-httplib server on 127.0.0.1 with a random port, running on
// its own thread for the lifetime of the object. Header-only; link HTTPLIB.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace govscore {

class LoopbackServer {
 public:
  // Register handlers on server() before Start(). `scheme` is "http" or "https"
  // (pass an httplib::SSLServer for the latter).
  explicit LoopbackServer(std::unique_ptr<httplib::Server> server = nullptr,
                          std::string scheme = "http")
      : server_(server ? std::move(server) : std::make_unique<httplib::Server>()),
        scheme_(std::move(scheme)) {
    // Without these, httplib's split writes meet delayed ACKs (40 ms per
    // response) and connections close every 5 requests: far slower than nginx.
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(100000);
  }

  ~LoopbackServer() { Stop(); }

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& server() { return *server_; }

  // Binds to a random loopback port and serves until Stop or destruction.
  // Throws std::runtime_error if the server cannot bind or start within 5 s.
  void Start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("LoopbackServer: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_->is_running()) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("LoopbackServer: server did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void Stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  int port() const { return port_; }

  // scheme://127.0.0.1:port followed by `path` (which starts with '/').
  std::string Url(std::string_view path) const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace govscore

// `govscore serve`: the JSON API of docs/api.md and the web UI's static files
// on one address, over one store. Start() binds and serves on background
// threads; Stop() (or SIGINT/SIGTERM through WaitForSignal in the CLI) ends it
// gracefully: the listener closes, requests in flight finish, the scan runner
// finishes its current job.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server/config.h"

namespace govscore::server {

class Server {
 public:
  // Opens (and migrates) the store, creates <data_dir>/uploads. Throws
  // govscore::Error on a bad configuration or an unreachable store.
  explicit Server(ServerConfig config);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port (port 0 = any free port) and starts serving. Throws
  // govscore::Error when the address cannot be bound.
  void Start();
  // The bound port (after Start) and "http://host:port".
  int port() const;
  std::string url() const;
  // Blocks until Stop() is called from another thread.
  void Wait();
  // Waits at most `ms`; true when stopped.
  bool WaitFor(int ms);
  // Stops accepting, lets requests in flight end, stops the scan runner. Idempotent.
  void Stop();

  // Every API route the server registered, as "METHOD pattern" (pattern is
  // the httplib regex, e.g. "GET /api/units/(\d+)"), in registration order;
  // public routes (no session needed) are prefixed "public ". For tests that
  // must cover every route.
  std::vector<std::string> ApiRoutes() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Installs SIGINT/SIGTERM handlers, waits until one arrives (or the server is
// stopped otherwise), then stops the server gracefully. Returns the signal
// number (0 when stopped otherwise).
int ServeUntilSignal(Server& server);

}  // namespace govscore::server

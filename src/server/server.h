// `govscore serve`: the JSON API of docs/api.md and the web UI's static files
// on one address, over one store. Start() binds and serves on background
// threads; Stop() (or SIGINT/SIGTERM through WaitForSignal in the CLI) ends it
// gracefully: the listener closes, requests in flight finish, the job loop
// (worker::BackgroundWorker: scan jobs and the monitor) finishes its current job.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "monitor/clock.h"
#include "server/config.h"

namespace govscore::server {

class Server {
 public:
  // Opens (and migrates) the store, creates <data_dir>/uploads. Throws
  // govscore::Error on a bad configuration or an unreachable store. `clock`
  // (nullptr: the system clock; must outlive the server) is the time of every
  // store the server opens, of its job loop and of its monitor (tests pass a
  // monitor::ManualClock to drive schedules without waiting).
  explicit Server(ServerConfig config, const monitor::Clock* clock = nullptr);
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
  // Stops accepting, lets requests in flight end, stops the job loop. Idempotent.
  void Stop();
  // Makes the job loop look at the queue and the schedules now (no-op without
  // one: run_scans false).
  void WakeJobs();

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

// The request plumbing of `govscore serve`: the error every handler throws
// (ApiError → {"error": {"code","message","where"}}), the per-request context
// (store connection, session, role and unit checks), and Api, which registers
// handlers on the httplib server with authentication, CSRF, body limits and
// error mapping applied uniformly. docs/api.md is the contract.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/config.h"
#include "store/store.h"

namespace govscore::server {

// An error with its HTTP status and the API's error code (docs/api.md table).
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string where = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        where_(std::move(where)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& where() const { return where_; }
  nlohmann::json details = nlohmann::json::array();  // 422: [{line, severity, message, …}]
  std::optional<int> retry_after_s;                  // 429

 private:
  int status_;
  std::string code_, where_;
};

ApiError BadRequest(const std::string& message, const std::string& where = {});
ApiError NotFound(const std::string& message, const std::string& where = {});
ApiError Forbidden(const std::string& message = "没有权限", const std::string& where = {});
ApiError Conflict(const std::string& message, const std::string& where = {});
ApiError NotImplemented(const std::string& what);

// Writes the error body of docs/api.md.
void WriteError(httplib::Response& res, const ApiError& e);

// Store connections for handler threads: a Store serves one thread at a time,
// so each request borrows one and gives it back.
class StorePool {
 public:
  // Every store is opened with `options` (its clock: the server's).
  explicit StorePool(std::string url, store::Store::Options options = {})
      : url_(std::move(url)), options_(std::move(options)) {}
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> s) : pool_(pool), store_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease();
    store::Store& operator*() { return *store_; }
    store::Store* operator->() { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };
  Lease Borrow();
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  store::Store::Options options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

class LoginLimiter;
class Services;
}  // namespace govscore::server
namespace govscore::platform {
class EvidenceStore;
struct ImportProblem;
}  // namespace govscore::platform
namespace govscore::server {

// One problem of an import file as a `details` entry (row number in `line`).
nlohmann::json ImportProblemJson(const platform::ImportProblem& p);

// What a handler sees of one request.
struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  store::Store& store;
  const ServerConfig& config;
  Services& services;
  std::optional<store::SessionInfo> session;  // set for every authenticated route

  const store::User& user() const { return session->user; }
  store::Role role() const { return session->user.role; }
  store::Actor actor() const { return {session->user.id, session->user.username}; }

  // The request body as a JSON object (400 when not JSON, not an object, or
  // not sent as application/json).
  nlohmann::json Body() const;
  // The n-th (1-based) regex group of the path as an id.
  store::Id PathId(int n = 1) const;
  std::string Query(const std::string& key) const;
  std::optional<store::Id> QueryId(const std::string& key) const;
  // A numeric query parameter in [min, max]; `fallback` when absent; 400 otherwise.
  double QueryNumber(const std::string& key, double min, double max, double fallback) const;

  void Json(const nlohmann::json& body, int status = 200);
  void NoContent() { res.status = 204; }

  bool HasRole(std::initializer_list<store::Role> roles) const;
  // 403 unless the user has one of `roles`.
  void RequireRole(std::initializer_list<store::Role> roles) const;
  // Admins and organisers see every unit; reviewers and webmasters their own.
  bool SeesAllUnits() const;
  bool SeesUnit(store::Id unit_id) const;
  void RequireUnit(store::Id unit_id) const;  // 403 unless SeesUnit
};

// Shared per-server state handlers reach through Ctx::services.
class Services {
 public:
  Services(const ServerConfig& config, StorePool& pool, LoginLimiter& limiter)
      : config(config), pool(pool), limiter(limiter) {}
  const ServerConfig& config;
  StorePool& pool;
  LoginLimiter& limiter;
  std::string uploads_dir;  // <data_dir>/uploads (evidence files and their metadata)
  std::string frameworks_dir;
  std::shared_ptr<platform::EvidenceStore> evidence;
  std::function<void()> wake_scans;  // tells the job loop (BackgroundWorker) to look now
  // The server's clock (store milliseconds): the stores' and the monitor's
  // time, so that tests with a manual clock see one time everywhere.
  std::function<store::Millis()> now;
  std::atomic<bool> stopping{false};  // set at shutdown: long requests (SSE) end
};

// Registers handlers on an httplib server. Every route runs inside the same
// wrapper: borrow a store, authenticate (unless public), check CSRF on writes,
// map exceptions to the error format, remember the user for the access log.
class Api {
 public:
  enum class Access { kPublic, kUser };
  using Handler = std::function<void(Ctx&)>;
  Api(httplib::Server& http, Services& services) : http_(http), services_(services) {}

  void Get(const std::string& pattern, Handler h, Access a = Access::kUser);
  void Post(const std::string& pattern, Handler h, Access a = Access::kUser);
  void Put(const std::string& pattern, Handler h, Access a = Access::kUser);
  void Patch(const std::string& pattern, Handler h, Access a = Access::kUser);
  void Delete(const std::string& pattern, Handler h, Access a = Access::kUser);

  // Runs `h` with the uniform checks; public for the catch-all routes.
  void Run(const httplib::Request& req, httplib::Response& res, const Handler& h, Access a);

  // Every route registered through this Api, in registration order (the
  // security tests check that each has an explicit role expectation).
  struct Route {
    std::string method;   // GET POST PUT PATCH DELETE
    std::string pattern;  // the httplib regex, e.g. /api/units/(\d+)
    Access access;
  };
  const std::vector<Route>& routes() const { return routes_; }

 private:
  httplib::Server& http_;
  Services& services_;
  std::vector<Route> routes_;
};

// Cookie value from the request's Cookie headers; "" when absent.
std::string CookieValue(const httplib::Request& req, const std::string& name);

// The user name of the current request for the access log (thread-local).
void SetLogUser(const std::string& user);
const std::string& LogUser();

}  // namespace govscore::server

// Test support for the API tests: a Server on 127.0.0.1 with an ephemeral port
// over a fresh store (SQLite file; PostgreSQL database when GOVSCORE_TEST_PG is
// set, like src/store tests), seeded users of every role, and a small HTTP
// client that keeps the session cookie and CSRF token like a browser does.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "server/server.h"
#include "store/store_test_support.h"

namespace govscore::server::testing {

using store::testing::Backend;

// Both backends, always: ctest lists the tests when they are built, before
// GOVSCORE_TEST_PG is set, so a list that depended on it would drop the
// PostgreSQL half silently. Without a server the PostgreSQL cases fail and
// say how to start one (store_test_support.h).
inline std::vector<Backend> Backends() { return {Backend::kSqlite, Backend::kPostgres}; }

struct Reply {
  int status = 0;
  nlohmann::json json;  // null when the body is not JSON
  std::string body;
  httplib::Headers headers;
  std::string Header(const std::string& k) const {
    auto it = headers.find(k);
    return it == headers.end() ? "" : it->second;
  }
  std::string ErrorCode() const {
    return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
  }
};

// A browser-like client: remembers govscore_session and the CSRF token.
class Browser {
 public:
  explicit Browser(int port) : http_("127.0.0.1", port) { http_.set_read_timeout(30); }
  std::string session, csrf;
  bool send_csrf = true;

  Reply Login(const std::string& user, const std::string& password);
  Reply Get(const std::string& path);
  Reply Send(const std::string& method, const std::string& path, const nlohmann::json& body);
  Reply Post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return Send("POST", path, body);
  }
  Reply Put(const std::string& path, const nlohmann::json& body) { return Send("PUT", path, body); }
  Reply Patch(const std::string& path, const nlohmann::json& body) {
    return Send("PATCH", path, body);
  }
  Reply Delete(const std::string& path) { return Send("DELETE", path, nullptr); }
  // multipart upload: one file field plus plain fields.
  Reply Upload(const std::string& path, const std::string& field, const std::string& file_name,
               const std::string& content, const std::string& content_type,
               const httplib::MultipartFormDataItems& extra = {});
  httplib::Headers BaseHeaders(bool write) const;
  Reply Wrap(const httplib::Result& r);
  httplib::Client& http() { return http_; }

 private:
  httplib::Client http_;
};

class ServerTest : public store::testing::StoreTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Server config the test may change before StartServer().
  ServerConfig config_;
  void StartServer();
  std::unique_ptr<Browser> As(const std::string& user);  // logged-in browser
  std::unique_ptr<Browser> Anonymous() { return std::make_unique<Browser>(server_->port()); }

  // A campaign made through the API by `org`: the shipped `framework`
  // registered, then the campaign over `units` as of `as_of`. Failures are
  // reported and leave the ids 0 (check with ASSERT_NE(c.id, 0)).
  struct ApiCampaign {
    store::Id framework_version = 0, id = 0;
    std::string base;  // "/api/campaigns/<id>"
  };
  ApiCampaign CreateApiCampaign(Browser& org, const std::string& name, const std::string& as_of,
                                const std::vector<store::Id>& units,
                                const std::string& framework = "gx2020-city");

  std::filesystem::path data_dir_, static_dir_;
  std::unique_ptr<Server> server_;
  store::Id unit_a_ = 0, unit_b_ = 0;
  static constexpr const char* kPassword = "correct-horse-9";
};

inline Reply Browser::Wrap(const httplib::Result& r) {
  Reply out;
  if (!r) {
    out.status = -1;
    return out;
  }
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json = nlohmann::json::parse(r->body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  // Take cookies the server sets, like a browser.
  auto range = r->headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    const std::string& c = it->second;
    auto take = [&](const std::string& name, std::string& into) {
      if (c.rfind(name + "=", 0) != 0) return;
      into = c.substr(name.size() + 1, c.find(';') - name.size() - 1);
    };
    take("govscore_session", session);
    take("govscore_csrf", csrf);
  }
  return out;
}

inline httplib::Headers Browser::BaseHeaders(bool write) const {
  httplib::Headers h;
  std::string cookie;
  if (!session.empty()) cookie = "govscore_session=" + session;
  if (!csrf.empty()) cookie += std::string(cookie.empty() ? "" : "; ") + "govscore_csrf=" + csrf;
  if (!cookie.empty()) h.emplace("Cookie", cookie);
  if (write && send_csrf && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
  return h;
}

inline Reply Browser::Login(const std::string& user, const std::string& password) {
  return Post("/api/auth/login", {{"username", user}, {"password", password}});
}

inline Reply Browser::Get(const std::string& path) {
  return Wrap(http_.Get(path.c_str(), BaseHeaders(false)));
}

inline Reply Browser::Send(const std::string& method, const std::string& path,
                           const nlohmann::json& body) {
  const httplib::Headers h = BaseHeaders(true);
  const std::string text = body.is_null() ? "" : body.dump();
  if (method == "POST") return Wrap(http_.Post(path.c_str(), h, text, "application/json"));
  if (method == "PUT") return Wrap(http_.Put(path.c_str(), h, text, "application/json"));
  if (method == "PATCH") return Wrap(http_.Patch(path.c_str(), h, text, "application/json"));
  return Wrap(http_.Delete(path.c_str(), h));
}

inline Reply Browser::Upload(const std::string& path, const std::string& field,
                             const std::string& file_name, const std::string& content,
                             const std::string& content_type,
                             const httplib::MultipartFormDataItems& extra) {
  httplib::MultipartFormDataItems items = extra;
  items.push_back({field, content, file_name, content_type});
  return Wrap(http_.Post(path.c_str(), BaseHeaders(true), items));
}

inline void ServerTest::SetUp() {
  StoreTest::SetUp();
  if (HasFatalFailure()) return;
  data_dir_ = std::filesystem::temp_directory_path() / (name_ + "_data");
  static_dir_ = std::filesystem::temp_directory_path() / (name_ + "_web");
  config_.host = "127.0.0.1";
  config_.port = 0;
  config_.db = url_;
  config_.data_dir = data_dir_.string();
  config_.static_dir = static_dir_.string();
  config_.threads = 4;
  config_.run_scans = false;
  std::tie(unit_a_, unit_b_) = SeedUnitsAndUsers(kPassword);
}

inline void ServerTest::StartServer() {
  // The server keeps real time for sessions; the test clock stays with store_.
  server_ = std::make_unique<Server>(config_);
  server_->Start();
}

inline void ServerTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
  std::filesystem::remove_all(static_dir_, ec);
  StoreTest::TearDown();
}

inline ServerTest::ApiCampaign ServerTest::CreateApiCampaign(Browser& org, const std::string& name,
                                                             const std::string& as_of,
                                                             const std::vector<store::Id>& units,
                                                             const std::string& framework) {
  ApiCampaign out;
  Reply fw = org.Post("/api/frameworks", {{"shipped", framework}});
  EXPECT_EQ(fw.status, 201) << fw.body;
  if (fw.status != 201) return out;
  Reply c = org.Post("/api/campaigns", {{"name", name},
                                        {"framework_version_id", fw.json["id"]},
                                        {"as_of", as_of},
                                        {"unit_ids", units}});
  EXPECT_EQ(c.status, 201) << c.body;
  if (c.status != 201) return out;
  out.framework_version = fw.json["id"].get<store::Id>();
  out.id = c.json["id"].get<store::Id>();
  out.base = "/api/campaigns/" + std::to_string(out.id);
  return out;
}

inline std::unique_ptr<Browser> ServerTest::As(const std::string& user) {
  auto b = Anonymous();
  Reply r = b->Login(user, kPassword);
  EXPECT_EQ(r.status, 200) << user << ": " << r.body;
  return b;
}

}  // namespace govscore::server::testing

// API tests: authentication, sessions, CSRF, rate limiting, roles on the
// store-backed routes, input handling, static files.
#include <fstream>

#include "core/error.h"
#include "framework/framework_catalog.h"
#include "framework/framework_loader.h"
#include "server/config.h"
#include "server/login_limiter.h"
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

class ApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    StartServer();
  }
};

TEST_P(ApiTest, HealthIsPublic) {
  Reply r = Anonymous()->Get("/api/health");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["ok"], true);
  EXPECT_EQ(r.json["backend"], GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
}

TEST_P(ApiTest, AnonymousGets401Everywhere) {
  auto anon = Anonymous();
  for (const std::string path : {"/api/auth/me",
                                 "/api/users",
                                 "/api/users/1",
                                 "/api/units",
                                 "/api/units/1",
                                 "/api/units/export?format=csv",
                                 "/api/units/1/findings",
                                 "/api/units/1/trend",
                                 "/api/frameworks",
                                 "/api/frameworks/shipped/gx2020-city",
                                 "/api/framework-versions/1",
                                 "/api/campaigns",
                                 "/api/campaigns/1",
                                 "/api/campaigns/1/progress",
                                 "/api/campaigns/1/ranking",
                                 "/api/campaigns/1/queue",
                                 "/api/campaigns/1/export?format=csv",
                                 "/api/campaigns/1/units/1/score",
                                 "/api/findings/1",
                                 "/api/evidence/abc",
                                 "/api/audit",
                                 "/api/scans/1"}) {
    Reply r = anon->Get(path);
    EXPECT_EQ(r.status, 401) << path << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "unauthenticated") << path;
  }
  for (const std::string path : {"/api/units", "/api/users", "/api/campaigns", "/api/frameworks",
                                 "/api/auth/logout", "/api/campaigns/1/publish"}) {
    Reply r = anon->Post(path, {{"x", 1}});
    EXPECT_EQ(r.status, 401) << path << " " << r.body;
  }
  // Nothing leaked in the body beyond the error object.
  Reply r = anon->Get("/api/units");
  EXPECT_EQ(r.json.size(), 1u);
  EXPECT_TRUE(r.json["error"].contains("message"));
  EXPECT_TRUE(r.json["error"].contains("where"));
}

TEST_P(ApiTest, LoginMeLogout) {
  auto b = Anonymous();
  Reply login = b->Login("reviewer", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json["user"]["role"], "reviewer");
  EXPECT_EQ(login.json["user"]["unit_ids"], json::array({unit_a_}));
  EXPECT_FALSE(login.json["csrf_token"].get<std::string>().empty());
  // Cookie flags.
  bool http_only_session = false, readable_csrf = false;
  auto range = login.headers.equal_range("Set-Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second.rfind("govscore_session=", 0) == 0)
      http_only_session = it->second.find("HttpOnly") != std::string::npos &&
                          it->second.find("SameSite=Strict") != std::string::npos &&
                          it->second.find("Secure") == std::string::npos;
    if (it->second.rfind("govscore_csrf=", 0) == 0)
      readable_csrf = it->second.find("HttpOnly") == std::string::npos;
  }
  EXPECT_TRUE(http_only_session);
  EXPECT_TRUE(readable_csrf);

  Reply me = b->Get("/api/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json["user"]["username"], "reviewer");
  EXPECT_EQ(me.json["csrf_token"], login.json["csrf_token"]);

  const std::string old_session = b->session;
  EXPECT_EQ(b->Post("/api/auth/logout").status, 204);
  EXPECT_EQ(b->Get("/api/auth/me").status, 401);
  // The old token is dead in the store, not just forgotten by the browser.
  b->session = old_session;
  EXPECT_EQ(b->Get("/api/auth/me").status, 401);
}

TEST_P(ApiTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto b = Anonymous();
  Reply wrong = b->Login("admin", "not-the-password");
  Reply unknown = b->Login("nobody", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json, unknown.json);
  EXPECT_TRUE(b->session.empty());
  EXPECT_EQ(b->Get("/api/auth/me").status, 401);
}

TEST_P(ApiTest, LoginNeedsJson) {
  auto b = Anonymous();
  Reply r = b->Wrap(b->http().Post("/api/auth/login", "username=admin&password=correct-horse-9",
                                   "application/x-www-form-urlencoded"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "bad_request");
  EXPECT_TRUE(b->session.empty());
}

TEST_P(ApiTest, RateLimitPerUsername) {
  auto b = Anonymous();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(b->Login("organiser", "guess" + std::to_string(i)).status, 401);
  Reply limited = b->Login("organiser", kPassword);  // even the right password
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.ErrorCode(), "rate_limited");
  EXPECT_GT(std::stoi(limited.Header("Retry-After")), 0);
  EXPECT_TRUE(b->session.empty());
  // Another user from the same address is not locked out by this username.
  EXPECT_EQ(Anonymous()->Login("admin", kPassword).status, 200);
}

TEST(LoginLimiterTest, PerAddressLimitAndWindow) {
  LoginLimiter limiter(3, 4, std::chrono::seconds(60));
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("user" + std::to_string(i), "10.0.0.1");
  EXPECT_GT(limiter.RetryAfter("fresh-user", "10.0.0.1"), 0);  // address limit
  EXPECT_EQ(limiter.RetryAfter("fresh-user", "10.0.0.2"), 0);
  for (int i = 0; i < 3; ++i) limiter.RecordFailure("alice", "10.0.0.9");
  EXPECT_GT(limiter.RetryAfter("alice", "10.0.0.3"), 0);  // username limit
  limiter.RecordSuccess("alice");
  EXPECT_EQ(limiter.RetryAfter("alice", "10.0.0.3"), 0);
}

TEST_P(ApiTest, CsrfRequiredOnWrites) {
  auto b = As("organiser");
  const json unit = {{"code", "c1"}, {"name", "丙县"}, {"kind", "县"}};
  b->send_csrf = false;
  Reply none = b->Post("/api/units", unit);
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(none.ErrorCode(), "csrf");
  b->send_csrf = true;
  const std::string good = b->csrf;
  b->csrf = std::string(good.size(), 'a');
  Reply wrong = b->Post("/api/units", unit);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.ErrorCode(), "csrf");
  // Another session's token does not work either (bound to the session).
  b->csrf = As("admin")->csrf;
  EXPECT_EQ(b->Post("/api/units", unit).ErrorCode(), "csrf");
  b->csrf = good;
  Reply ok = b->Post("/api/units", unit);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_FALSE(store_->FindUnitByCode("c1") == std::nullopt);
  // Logout is a write too.
  b->send_csrf = false;
  EXPECT_EQ(b->Post("/api/auth/logout").status, 403);
  b->send_csrf = true;
  EXPECT_EQ(b->Get("/api/auth/me").status, 200);
}

TEST_P(ApiTest, SessionFixationPrevented) {
  auto victim = Anonymous();
  // An attacker-chosen token planted before login is not adopted.
  victim->session = "attacker-chosen-token";
  ASSERT_EQ(victim->Login("webmaster", kPassword).status, 200);
  EXPECT_NE(victim->session, "attacker-chosen-token");
  auto attacker = Anonymous();
  attacker->session = "attacker-chosen-token";
  EXPECT_EQ(attacker->Get("/api/auth/me").status, 401);
  // A real earlier session is ended by the new login on the same browser.
  const std::string first = victim->session;
  const std::string first_csrf = victim->csrf;
  ASSERT_EQ(victim->Login("webmaster", kPassword).status, 200);
  EXPECT_NE(victim->session, first);
  EXPECT_NE(victim->csrf, first_csrf);
  attacker->session = first;
  EXPECT_EQ(attacker->Get("/api/auth/me").status, 401);
}

TEST_P(ApiTest, UnitRoleMatrix) {
  auto web = As("webmaster");
  auto rev = As("reviewer");
  auto org = As("organiser");
  const std::string own = "/api/units/" + std::to_string(unit_a_);
  const std::string other = "/api/units/" + std::to_string(unit_b_);

  // Webmaster: reads their unit only, changes nothing.
  EXPECT_EQ(web->Get(own).status, 200);
  Reply r = web->Get(other);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "forbidden");
  EXPECT_EQ(r.body.find("乙市"), std::string::npos);
  Reply list = web->Get("/api/units");
  ASSERT_EQ(list.json["units"].size(), 1u);
  EXPECT_EQ(list.json["units"][0]["id"], unit_a_);
  json change = web->Get(own).json;
  change["name"] = "改名";
  json change_b = change;
  change_b["code"] = "unit-b";
  EXPECT_EQ(web->Put(own, change).status, 403);
  EXPECT_EQ(web->Put(other, change).status, 403);
  EXPECT_EQ(web->Delete(other).status, 403);
  EXPECT_EQ(store_->FindUnit(unit_b_)->name, "乙市人民政府");
  EXPECT_EQ(store_->FindUnit(unit_a_)->name, "甲市人民政府");
  EXPECT_EQ(web->Get("/api/audit").status, 403);
  EXPECT_EQ(web->Get("/api/users/1").status, 403);

  // Reviewer: own units read-only.
  EXPECT_EQ(rev->Get(own).status, 200);
  EXPECT_EQ(rev->Get(other).status, 403);
  EXPECT_EQ(rev->Post("/api/units", {{"code", "x"}, {"name", "x"}, {"kind", "县"}}).status, 403);

  // Organiser: everything about units.
  EXPECT_EQ(org->Get("/api/units").json["units"].size(), 2u);
  EXPECT_EQ(org->Put(other, change).ErrorCode(), "conflict");  // unit-a's code is taken
  Reply put = org->Put(other, change_b);
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(store_->FindUnit(unit_b_)->name, "改名");
  Reply created = org->Post("/api/units", {{"code", "d1"}, {"name", "丁县"}, {"kind", "县"}});
  ASSERT_EQ(created.status, 201);
  Reply dup = org->Post("/api/units", {{"code", "d1"}, {"name", "丁县"}, {"kind", "县"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "conflict");
  EXPECT_EQ(org->Delete("/api/units/" + std::to_string(created.json["id"].get<int64_t>())).status,
            204);
  EXPECT_EQ(org->Get("/api/units/999999").status, 404);
  EXPECT_EQ(org->Get("/api/audit?entity=unit").status, 200);
  EXPECT_EQ(org->Get("/api/users/1").status, 403);
}

TEST_P(ApiTest, AdminManagesUsers) {
  auto admin = As("admin");
  Reply created = admin->Post("/api/users", {{"username", "newbie"},
                                             {"display_name", "新人"},
                                             {"password", "long-enough-1"},
                                             {"role", "webmaster"},
                                             {"unit_ids", {unit_b_}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["unit_ids"], json::array({unit_b_}));
  const std::string path = "/api/users/" + std::to_string(created.json["id"].get<int64_t>());
  EXPECT_EQ(
      admin
          ->Post("/api/users",
                 {{"username", "newbie"}, {"password", "long-enough-1"}, {"role", "reviewer"}})
          .status,
      409);
  EXPECT_EQ(admin->Post("/api/users", {{"username", "x"}, {"password", "short"}, {"role", "admin"}})
                .ErrorCode(),
            "bad_request");
  EXPECT_EQ(admin
                ->Post("/api/users",
                       {{"username", "y"}, {"password", "long-enough-1"}, {"role", "emperor"}})
                .status,
            400);
  Reply all = admin->Get("/api/users");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["users"].size(), 6u);
  Reply moved = admin->Patch(path, {{"display_name", "新人二"}, {"unit_ids", {unit_a_}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json["unit_ids"], json::array({unit_a_}));
  EXPECT_EQ(moved.json["display_name"], "新人二");
  EXPECT_EQ(admin->Patch(path, {{"role", "king"}}).status, 400);
  EXPECT_EQ(admin->Patch(path, {{"unit_ids", {987654}}}).status, 400);
  EXPECT_EQ(As("organiser")->Get("/api/users").status, 403);
  auto newbie = Anonymous();
  ASSERT_EQ(newbie->Login("newbie", "long-enough-1").status, 200);
  Reply off = admin->Patch(path, {{"disabled", true}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json["disabled"], true);
  EXPECT_EQ(newbie->Get("/api/auth/me").status, 401);  // disabling ends the session
  EXPECT_EQ(Anonymous()->Login("newbie", "long-enough-1").status, 401);
  // Organisers do not manage users.
  EXPECT_EQ(As("organiser")
                ->Post("/api/users",
                       {{"username", "z"}, {"password", "long-enough-1"}, {"role", "admin"}})
                .status,
            403);
}

TEST_P(ApiTest, PasswordChangeEndsSessions) {
  auto b = As("reviewer");
  EXPECT_EQ(
      b->Post("/api/auth/password", {{"old_password", "wrong"}, {"new_password", "another-pass-1"}})
          .status,
      400);
  EXPECT_EQ(b->Post("/api/auth/password",
                    {{"old_password", kPassword}, {"new_password", "another-pass-1"}})
                .status,
            204);
  EXPECT_EQ(b->Get("/api/auth/me").status, 401);
  EXPECT_EQ(Anonymous()->Login("reviewer", "another-pass-1").status, 200);
}

TEST_P(ApiTest, SqlInjectionStringsAreStoredLiterally) {
  auto org = As("organiser");
  const std::string evil = "O'Brien'; DROP TABLE units; --";
  Reply r = org->Post("/api/units", {{"code", "evil' OR '1'='1"},
                                     {"name", evil},
                                     {"kind", "县\"); DELETE FROM users; --"},
                                     {"region", "1 UNION SELECT password_hash FROM users"}});
  ASSERT_EQ(r.status, 201) << r.body;
  Reply back = org->Get("/api/units/" + std::to_string(r.json["id"].get<int64_t>()));
  EXPECT_EQ(back.json["name"], evil);
  EXPECT_EQ(back.json["code"], "evil' OR '1'='1");
  EXPECT_EQ(back.json["region"], "1 UNION SELECT password_hash FROM users");
  EXPECT_EQ(org->Get("/api/units").json["units"].size(), 3u);
  // Login with injection strings is just a wrong login.
  EXPECT_EQ(Anonymous()->Login("admin' --", "x").status, 401);
  EXPECT_EQ(Anonymous()->Login("admin", "' OR '1'='1").status, 401);
  EXPECT_EQ(Anonymous()->Login("admin", kPassword).status, 200);
  // Query parameters too.
  EXPECT_EQ(org->Get("/api/audit?entity=unit'%20OR%201=1--").json["entries"].size(), 0u);
}

TEST_P(ApiTest, BadInputsGiveErrorsNotCrashes) {
  auto org = As("organiser");
  Reply not_json = org->Wrap(
      org->http().Post("/api/units", org->BaseHeaders(true), "{not json", "application/json"));
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.ErrorCode(), "bad_request");
  EXPECT_EQ(org->Post("/api/units", json::array({1, 2})).status, 400);
  Reply missing = org->Post("/api/units", {{"name", "x"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json["error"]["where"], "code");
  EXPECT_EQ(org->Post("/api/units", {{"code", 5}, {"name", "x"}, {"kind", "县"}}).status, 400);
  EXPECT_EQ(
      org->Post(
             "/api/units",
             {{"code", "w"}, {"name", "x"}, {"kind", "县"}, {"websites", {"javascript:alert(1)"}}})
          .status,
      400);
  EXPECT_EQ(org->Get("/api/units/abc").status, 404);
  EXPECT_EQ(org->Get("/api/units/99999999999999999999999").status, 400);
  Reply nope = org->Get("/api/no-such-thing");
  EXPECT_EQ(nope.status, 404);
  EXPECT_EQ(nope.ErrorCode(), "not_found");
  // A JSON body above body_limit_kb (1 MiB default).
  std::string big(1100 * 1024, 'x');
  Reply large = org->Post("/api/units", {{"code", "big"}, {"name", big}, {"kind", "县"}});
  EXPECT_EQ(large.status, 413);
  EXPECT_EQ(large.ErrorCode(), "too_large");
  // Health still answers: nothing crashed.
  EXPECT_EQ(org->Get("/api/health").status, 200);
}

TEST_P(ApiTest, UploadLimitAboveConfiguredSize) {
  auto org = As("organiser");
  // upload_limit_mb 20 by default: a 21 MiB request is refused by the server.
  std::string big(21 * 1024 * 1024, 'a');
  Reply r = org->Upload("/api/frameworks/validate", "file", "f.yaml", big, "text/yaml");
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
}

TEST_P(ApiTest, FrameworkValidateReportsLines) {
  auto org = As("organiser");
  const std::string broken =
      "schema: govscore.framework/1\n"
      "id: broken\n"
      "title: 坏的\n"
      "object_kinds: [县]\n"
      "indicators:\n"
      "  - id: a\n"
      "    name: 甲\n"
      "    weight: 10\n"
      "    rule: {type: no_such_rule}\n";
  Reply r = org->Upload("/api/frameworks/validate", "file", "broken.yaml", broken, "text/yaml");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["valid"], false);
  ASSERT_FALSE(r.json["details"].empty());
  bool has_line = false;
  for (const auto& d : r.json["details"]) has_line = has_line || d["line"].get<int>() > 0;
  EXPECT_TRUE(has_line) << r.body;
  // Wrong type and traversal names.
  EXPECT_EQ(
      org->Upload("/api/frameworks/validate", "file", "x.exe", "MZ", "application/octet-stream")
          .status,
      415);
  Reply binary = org->Upload("/api/frameworks/validate", "file", "x.yaml", std::string("a\0b", 3),
                             "text/yaml");
  EXPECT_EQ(binary.status, 415);
  std::ifstream shipped(std::string(GOVSCORE_SOURCE_DIR) + "/frameworks/gx2020-city.yaml");
  std::string text((std::istreambuf_iterator<char>(shipped)), {});
  Reply good =
      org->Post("/api/frameworks/validate", {{"yaml", text}, {"file_name", "../../etc/x.yaml"}});
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json["valid"], true) << good.body;
  // Reviewers do not upload frameworks.
  EXPECT_EQ(As("reviewer")->Post("/api/frameworks/validate", {{"yaml", text}}).status, 403);
}

TEST_P(ApiTest, ShippedFrameworkTree) {
  auto web = As("webmaster");
  Reply list = web->Get("/api/frameworks");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GE(list.json["shipped"].size(), 10u);
  Reply tree = web->Get("/api/frameworks/shipped/gx2020-city");
  ASSERT_EQ(tree.status, 200) << tree.body;
  EXPECT_EQ(tree.json["id"], "gx2020-city");
  ASSERT_FALSE(tree.json["indicators"].empty());
  const framework::Framework fw = framework::LoadValidFramework(std::string(GOVSCORE_SOURCE_DIR) +
                                                                "/frameworks/gx2020-city.yaml");
  const json lib = framework::FrameworkToJson(fw, "");
  ASSERT_EQ(lib["indicators"].size(), tree.json["indicators"].size());
  for (size_t i = 0; i < lib["indicators"].size(); ++i)
    EXPECT_EQ(lib["indicators"][i]["weight"], tree.json["indicators"][i]["weight"]);
  bool has_text = false;
  std::function<void(const json&)> walk = [&](const json& n) {
    has_text = has_text || !n["criteria_text"].get<std::string>().empty() ||
               !n["description"].get<std::string>().empty();
    for (const auto& ch : n["children"]) walk(ch);
  };
  for (const auto& n : tree.json["indicators"]) walk(n);
  EXPECT_TRUE(has_text);
  EXPECT_EQ(web->Get("/api/frameworks/shipped/no-such").status, 404);
  EXPECT_EQ(web->Get("/api/frameworks/shipped/gx2020-city?kind=火星").status, 400);
}

TEST_P(ApiTest, StaticFilesWithFallback) {
  std::filesystem::create_directories(static_dir_ / "assets");
  std::ofstream(static_dir_ / "index.html") << "<!doctype html><title>govscore-ui</title>";
  std::ofstream(static_dir_ / "assets" / "app-1234.js") << "console.log(1)";
  std::ofstream(data_dir_ / "secret.txt") << "secret";
  auto anon = Anonymous();
  Reply root = anon->Get("/");
  EXPECT_EQ(root.status, 200);
  EXPECT_NE(root.body.find("govscore-ui"), std::string::npos);
  EXPECT_EQ(anon->Get("/campaigns/1/units/2").body, root.body);  // client route
  Reply js = anon->Get("/assets/app-1234.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.Header("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(anon->Get("/assets/missing.js").status, 404);
  for (const std::string p : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                              "/..%2fsecret.txt", "/.env"}) {
    Reply r = anon->Get(p);
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << p;
  }
}

TEST(ServerConfigTest, LoadsYamlAndRejectsUnknownKeys) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("govscore_cfg_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto good = dir / "good.yaml";
  std::ofstream(good) << "listen: 127.0.0.1:9090\ndb: sqlite:x.db\nupload_limit_mb: 5\n"
                         "log_format: json\ncookie_secure: true\n";
  ServerConfig c = LoadServerConfig(good.string());
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.StoreUrl(), "sqlite:x.db");
  EXPECT_EQ(c.upload_limit_mb, 5);
  EXPECT_TRUE(c.cookie_secure);
  const auto bad = dir / "bad.yaml";
  std::ofstream(bad) << "listen: 127.0.0.1:9090\nlisten_port: 3\n";
  try {
    LoadServerConfig(bad.string());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yaml:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("listen_port"), std::string::npos) << e.what();
  }
  std::ofstream(bad) << "log_format: xml\n";
  EXPECT_THROW(LoadServerConfig(bad.string()), Error);
  ServerConfig d;
  EXPECT_EQ(d.host, "127.0.0.1");
  EXPECT_EQ(d.port, 8080);
  EXPECT_EQ(d.StoreUrl(), "sqlite:data/govscore.db");
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::ValuesIn(Backends()),
                         store::testing::BackendName);

}  // namespace
}  // namespace govscore::server::testing

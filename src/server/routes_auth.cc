// Health, authentication (login/logout/me/password), users (admin) and the
// audit log (docs/api.md).
#include <optional>
#include <string>

#include "server/api.h"
#include "server/json_views.h"
#include "server/login_limiter.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Role;

namespace {

const char kSessionCookie[] = "govscore_session";
const char kCsrfCookie[] = "govscore_csrf";

std::string ClientAddress(const Ctx& c) {
  if (c.config.behind_proxy) {
    const std::string real = c.req.get_header_value("X-Real-IP");
    if (!real.empty()) return real;
  }
  return c.req.remote_addr;
}

std::string Cookie(const Ctx& c, const std::string& name, const std::string& value, int64_t max_age,
                   bool http_only) {
  std::string s =
      name + "=" + value + "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (http_only) s += "; HttpOnly";
  if (c.config.cookie_secure) s += "; Secure";
  return s;
}

void CheckPasswordStrength(const std::string& password, const std::string& field) {
  if (password.size() < 8) throw BadRequest("密码至少 8 个字符", field);
  if (password.size() > 256) throw BadRequest("密码过长", field);
}

void CheckUsername(const std::string& name) {
  if (name.empty() || name.size() > 64) throw BadRequest("用户名须为 1–64 个字符", "username");
  for (unsigned char ch : name)
    if (!(std::isalnum(ch) || ch == '.' || ch == '_' || ch == '-' || ch == '@'))
      throw BadRequest("用户名只能包含字母、数字和 ._-@", "username");
}

void Login(Ctx& c) {
  const json body = c.Body();
  const std::string username = RequiredString(body, "username");
  const std::string password = RequiredString(body, "password");
  const std::string address = ClientAddress(c);
  if (username.size() > 256 || password.size() > 1024) throw BadRequest("用户名或密码过长");
  if (int64_t wait = c.services.limiter.RetryAfter(username, address); wait > 0) {
    ApiError e(429, "rate_limited", "登录失败次数过多，请稍后再试", "login");
    e.retry_after_s = static_cast<int>(wait);
    throw e;
  }
  auto user = c.store.Authenticate(username, password);
  if (!user) {
    c.services.limiter.RecordFailure(username, address);
    throw ApiError(401, "unauthenticated", "用户名或密码错误", "login");
  }
  c.services.limiter.RecordSuccess(username);
  // No session fixation: whatever session the browser held ends here, and the
  // new one gets a fresh token and CSRF token from the store.
  const std::string old = CookieValue(c.req, kSessionCookie);
  if (!old.empty()) c.store.DeleteSession(old);
  const int64_t ttl_s = c.config.session_ttl_minutes * 60;
  const store::NewSession s = c.store.CreateSession(user->id, ttl_s * 1000);
  SetLogUser(user->username);
  c.res.set_header("Set-Cookie", Cookie(c, kSessionCookie, s.token, ttl_s, true));
  c.res.headers.emplace("Set-Cookie", Cookie(c, kCsrfCookie, s.csrf_token, ttl_s, false));
  c.Json({{"user", UserJson(*user)}, {"csrf_token", s.csrf_token}, {"expires_at", s.expires_at}});
}

void Logout(Ctx& c) {
  c.store.DeleteSession(CookieValue(c.req, kSessionCookie));
  c.res.set_header("Set-Cookie", Cookie(c, kSessionCookie, "", 0, true));
  c.res.headers.emplace("Set-Cookie", Cookie(c, kCsrfCookie, "", 0, false));
  c.NoContent();
}

void ChangeOwnPassword(Ctx& c) {
  const json body = c.Body();
  const std::string old_password = RequiredString(body, "old_password");
  const std::string new_password = RequiredString(body, "new_password");
  CheckPasswordStrength(new_password, "new_password");
  if (!c.store.Authenticate(c.user().username, old_password))
    throw BadRequest("原密码错误", "old_password");
  c.store.SetPassword(c.actor(), c.user().id, new_password);
  c.NoContent();
}

store::User GetUser(Ctx& c, store::Id id) {
  auto u = c.store.FindUser(id);
  if (!u) throw NotFound("没有这个用户", "user " + std::to_string(id));
  return *u;
}

void CreateUser(Ctx& c) {
  c.RequireRole({Role::kAdmin});
  const json body = c.Body();
  store::NewUser u;
  u.username = RequiredString(body, "username");
  CheckUsername(u.username);
  u.display_name = OptionalString(body, "display_name", u.username);
  u.password = RequiredString(body, "password");
  CheckPasswordStrength(u.password, "password");
  u.role = ParseRole(RequiredString(body, "role"));
  u.unit_ids = IdList(body, "unit_ids");
  for (store::Id id : u.unit_ids)
    if (!c.store.FindUnit(id)) throw BadRequest("没有这个评估对象", "unit_ids");
  const store::Id id = c.store.CreateUser(c.actor(), u);
  c.Json(UserJson(GetUser(c, id)), 201);
}

void PatchUser(Ctx& c) {
  c.RequireRole({Role::kAdmin});
  const store::Id id = c.PathId();
  GetUser(c, id);
  const json body = c.Body();
  const auto disabled = OptionalBool(body, "disabled");
  if (disabled && *disabled && id == c.user().id) throw Conflict("不能停用自己的账号", "disabled");
  std::optional<std::string> password;
  if (body.contains("password")) {
    password = RequiredString(body, "password");
    CheckPasswordStrength(*password, "password");
  }
  // Every change of the request, or none (one transaction).
  c.store.InTransaction([&] {
    if (body.contains("display_name") || body.contains("role") || body.contains("unit_ids")) {
      const store::User u = GetUser(c, id);
      const std::string name = OptionalString(body, "display_name", u.display_name);
      const store::Role role =
          body.contains("role") ? ParseRole(RequiredString(body, "role")) : u.role;
      const std::vector<store::Id> units =
          body.contains("unit_ids") ? IdList(body, "unit_ids") : u.unit_ids;
      for (store::Id unit : units)
        if (!c.store.FindUnit(unit)) throw BadRequest("没有这个评估对象", "unit_ids");
      if (id == c.user().id && role != store::Role::kAdmin)
        throw Conflict("不能取消自己的管理员角色", "role");
      c.store.UpdateUser(c.actor(), id, name, role, units);
    }
    if (password) c.store.SetPassword(c.actor(), id, *password);
    if (disabled) c.store.SetUserDisabled(c.actor(), id, *disabled);
  });
  c.Json(UserJson(GetUser(c, id)));
}

}  // namespace

void RegisterAuthRoutes(Api& api) {
  api.Get(
      "/api/health",
      [](Ctx& c) {
        c.Json(
            {{"ok", true},
             {"version", c.config.version},
             {"backend", c.store.dialect() == store::Dialect::kSqlite ? "sqlite" : "postgresql"}});
      },
      Api::Access::kPublic);
  api.Post("/api/auth/login", Login, Api::Access::kPublic);
  api.Post("/api/auth/logout", Logout);
  api.Get("/api/auth/me", [](Ctx& c) {
    c.Json({{"user", UserJson(c.user())},
            {"csrf_token", c.session->csrf_token},
            {"expires_at", c.session->expires_at}});
  });
  api.Post("/api/auth/password", ChangeOwnPassword);

  api.Get("/api/users", [](Ctx& c) {
    c.RequireRole({Role::kAdmin});
    json users = json::array();
    for (const store::User& u : c.store.ListUsers()) users.push_back(UserJson(u));
    c.Json({{"users", users}});
  });
  api.Post("/api/users", CreateUser);
  api.Get(R"(/api/users/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin});
    c.Json(UserJson(GetUser(c, c.PathId())));
  });
  api.Patch(R"(/api/users/(\d+))", PatchUser);

  api.Get("/api/audit", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const int limit = static_cast<int>(c.QueryNumber("limit", 1, 1000, 100));
    json entries = json::array();
    for (const store::AuditEntry& a :
         c.store.ListAudit(c.Query("entity"), c.QueryId("entity_id"), limit))
      entries.push_back(AuditJson(a));
    c.Json({{"entries", entries}});
  });
}

}  // namespace govscore::server

#include "server/api.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/error.h"
#include "platform/errors.h"
#include "store/connection.h"

namespace govscore::server {

namespace {
thread_local std::string log_user;

// govscore::Error's what() is "where: message"; the API sends them apart.
std::string MessageOf(const Error& e) {
  std::string m = e.what();
  const std::string prefix = e.where() + ": ";
  if (!e.where().empty() && m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
  return m;
}

// A `where` the client may see: never SQL text (some backend errors carry the
// statement as their location).
std::string SafeWhere(const std::string& where) {
  for (const char* verb : {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "BEGIN"})
    if (where.rfind(verb, 0) == 0) return {};
  return where;
}

// True when the text holds a CJK character (UTF-8 lead bytes E4–E9 cover
// U+4E00–U+9FFF): the message was written for the user, in Chinese.
bool HasChinese(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

// The user sees Chinese only: a message without Chinese (a low-level store or
// library text) is replaced by the code's Chinese message; the original is
// logged for the operator.
ApiError Userfacing(int status, const std::string& code, const std::string& message,
                    const std::string& where, const char* fallback) {
  if (HasChinese(message)) return ApiError(status, code, message, where);
  spdlog::info("{} ({}): {}{}", code, status, where.empty() ? "" : where + ": ", message);
  return ApiError(status, code, fallback, where);
}

bool IsWrite(const std::string& method) { return method != "GET" && method != "HEAD"; }
}  // namespace

void SetLogUser(const std::string& user) { log_user = user; }
const std::string& LogUser() { return log_user; }

ApiError BadRequest(const std::string& message, const std::string& where) {
  return ApiError(400, "bad_request", message, where);
}
ApiError NotFound(const std::string& message, const std::string& where) {
  return ApiError(404, "not_found", message, where);
}
ApiError Forbidden(const std::string& message, const std::string& where) {
  return ApiError(403, "forbidden", message, where);
}
ApiError Conflict(const std::string& message, const std::string& where) {
  return ApiError(409, "conflict", message, where);
}
ApiError NotImplemented(const std::string& what) {
  return ApiError(501, "not_implemented", "该功能尚未提供", what);
}

nlohmann::json ImportProblemJson(const platform::ImportProblem& p) {
  return {{"line", p.row},        {"column", p.column},    {"severity", "error"},
          {"message", p.message}, {"where", p.ToString()}, {"indicator", ""}};
}

void WriteError(httplib::Response& res, const ApiError& e) {
  nlohmann::json err = {{"code", e.code()}, {"message", e.what()}, {"where", e.where()}};
  if (!e.details.empty()) err["details"] = e.details;
  res.status = e.status();
  if (e.retry_after_s) res.set_header("Retry-After", std::to_string(*e.retry_after_s));
  res.set_content(nlohmann::json{{"error", err}}.dump(), "application/json; charset=utf-8");
}

StorePool::Lease::~Lease() {
  if (!store_) return;
  std::lock_guard lock(pool_->mu_);
  pool_->idle_.push_back(std::move(store_));
}

StorePool::Lease StorePool::Borrow() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  return Lease(this, store::OpenStore(url_, options_));
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const size_t n = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < n; ++i) {
    const std::string h = req.get_header_value("Cookie", i);
    size_t pos = 0;
    while (pos < h.size()) {
      size_t end = h.find(';', pos);
      if (end == std::string::npos) end = h.size();
      std::string part = h.substr(pos, end - pos);
      const size_t b = part.find_first_not_of(' ');
      part = b == std::string::npos ? "" : part.substr(b);
      if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 &&
          part[name.size()] == '=')
        return part.substr(name.size() + 1);
      pos = end + 1;
    }
  }
  return {};
}

nlohmann::json Ctx::Body() const {
  if (req.body.size() > static_cast<size_t>(config.body_limit_kb) * 1024)
    throw ApiError(413, "too_large", "请求体过大", "body");
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0)
    throw BadRequest("请求须为 application/json", "Content-Type");
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) throw BadRequest("请求体不是有效的 JSON", "body");
  if (!j.is_object()) throw BadRequest("请求体须为 JSON 对象", "body");
  return j;
}

store::Id Ctx::PathId(int n) const {
  const std::string s = req.matches[n];
  store::Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw BadRequest("编号无效", s);
  return id;
}

std::string Ctx::Query(const std::string& key) const {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

std::optional<store::Id> Ctx::QueryId(const std::string& key) const {
  const std::string s = Query(key);
  if (s.empty()) return std::nullopt;
  store::Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw BadRequest("编号无效", key);
  return id;
}

double Ctx::QueryNumber(const std::string& key, double min, double max, double fallback) const {
  const std::string s = Query(key);
  if (s.empty()) return fallback;
  const std::string range = "须为 " + nlohmann::json(min).dump() + "–" + nlohmann::json(max).dump();
  double v = 0;
  try {
    size_t used = 0;
    v = std::stod(s, &used);
    if (used != s.size()) throw BadRequest(range, key);
  } catch (const std::logic_error&) {
    throw BadRequest(range, key);
  }
  if (!(v >= min && v <= max)) throw BadRequest(range, key);
  return v;
}

void Ctx::Json(const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

bool Ctx::HasRole(std::initializer_list<store::Role> roles) const {
  for (store::Role r : roles)
    if (r == role()) return true;
  return false;
}

void Ctx::RequireRole(std::initializer_list<store::Role> roles) const {
  if (!HasRole(roles)) throw Forbidden("当前角色无权执行此操作", store::ToString(role()));
}

bool Ctx::SeesAllUnits() const { return HasRole({store::Role::kAdmin, store::Role::kOrganiser}); }

bool Ctx::SeesUnit(store::Id unit_id) const {
  if (SeesAllUnits()) return true;
  for (store::Id id : user().unit_ids)
    if (id == unit_id) return true;
  return false;
}

void Ctx::RequireUnit(store::Id unit_id) const {
  if (!SeesUnit(unit_id)) throw Forbidden("无权访问该评估对象", "unit " + std::to_string(unit_id));
}

void Api::Run(const httplib::Request& req, httplib::Response& res, const Handler& h, Access a) {
  SetLogUser("-");
  try {
    auto lease = services_.pool.Borrow();
    Ctx ctx{req, res, *lease, services_.config, services_, std::nullopt};
    if (a == Access::kUser) {
      const std::string token = CookieValue(req, "govscore_session");
      if (!token.empty()) ctx.session = lease->FindSession(token);
      if (!ctx.session) throw ApiError(401, "unauthenticated", "请先登录");
      SetLogUser(ctx.session->user.username);
      if (IsWrite(req.method)) {
        const std::string sent = req.get_header_value("X-CSRF-Token");
        if (sent.empty() || sent.size() != ctx.session->csrf_token.size() ||
            sodium_memcmp(sent.data(), ctx.session->csrf_token.data(), sent.size()) != 0)
          throw ApiError(403, "csrf", "缺少或错误的 CSRF 令牌", "X-CSRF-Token");
      }
    }
    h(ctx);
    if (res.status == -1) res.status = 200;
  } catch (const ApiError& e) {
    WriteError(res, e);
  } catch (const platform::ImportError& e) {
    ApiError out(422, "invalid", "导入文件有错误，未导入任何数据", SafeWhere(e.where()));
    for (const platform::ImportProblem& p : e.problems())
      out.details.push_back(ImportProblemJson(p));
    WriteError(res, out);
  } catch (const platform::UnsupportedFileType& e) {
    WriteError(res, Userfacing(415, "unsupported_type", MessageOf(e), SafeWhere(e.where()),
                               "不支持的文件类型"));
  } catch (const platform::InvalidInput& e) {
    WriteError(res, Userfacing(400, "bad_request", MessageOf(e), SafeWhere(e.where()),
                               "输入有误，请检查后重试"));
  } catch (const platform::Forbidden& e) {
    WriteError(res, Userfacing(403, "forbidden", MessageOf(e), SafeWhere(e.where()), "没有权限"));
  } catch (const platform::NotFound& e) {
    WriteError(res, Userfacing(404, "not_found", MessageOf(e), SafeWhere(e.where()), "没有找到"));
  } catch (const platform::Conflict& e) {
    WriteError(
        res, Userfacing(409, "conflict", MessageOf(e), SafeWhere(e.where()), "操作与当前状态冲突"));
  } catch (const store::ConstraintError& e) {
    WriteError(res, Userfacing(409, "conflict", MessageOf(e), SafeWhere(e.where()),
                               "与已有数据冲突：编码或名称重复，或仍被其他数据引用"));
  } catch (const Error& e) {
    WriteError(res, Userfacing(400, "bad_request", MessageOf(e), SafeWhere(e.where()),
                               "请求无法处理，请检查输入"));
  } catch (const nlohmann::json::exception& e) {
    spdlog::info("bad_request: {}", e.what());
    WriteError(res, BadRequest("请求数据格式错误"));
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unexpected error: {}", req.method, req.path, e.what());
    WriteError(res, ApiError(500, "internal", "服务器内部错误"));
  }
}

void Api::Get(const std::string& p, Handler h, Access a) {
  routes_.push_back({"GET", p, a});
  http_.Get(p, [this, h, a](const httplib::Request& q, httplib::Response& r) { Run(q, r, h, a); });
}
void Api::Post(const std::string& p, Handler h, Access a) {
  routes_.push_back({"POST", p, a});
  http_.Post(p, [this, h, a](const httplib::Request& q, httplib::Response& r) { Run(q, r, h, a); });
}
void Api::Put(const std::string& p, Handler h, Access a) {
  routes_.push_back({"PUT", p, a});
  http_.Put(p, [this, h, a](const httplib::Request& q, httplib::Response& r) { Run(q, r, h, a); });
}
void Api::Patch(const std::string& p, Handler h, Access a) {
  routes_.push_back({"PATCH", p, a});
  http_.Patch(p,
              [this, h, a](const httplib::Request& q, httplib::Response& r) { Run(q, r, h, a); });
}
void Api::Delete(const std::string& p, Handler h, Access a) {
  routes_.push_back({"DELETE", p, a});
  http_.Delete(p,
               [this, h, a](const httplib::Request& q, httplib::Response& r) { Run(q, r, h, a); });
}

}  // namespace govscore::server

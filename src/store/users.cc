// Users, roles and their units, and login sessions. Passwords are kept only as
// argon2id hashes; session tokens only as SHA-256 hashes.
#include <algorithm>

#include "store/password.h"
#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kUserCols = "SELECT id, username, display_name, role, disabled FROM users ";

nlohmann::json ToJson(const NewUser& u) {
  return {{"username", u.username},
          {"display_name", u.display_name},
          {"role", ToString(u.role)},
          {"unit_ids", u.unit_ids}};
}

}  // namespace

std::optional<User> SqlStore::LoadUser(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  const Row& r = rows[0];
  User u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.role = ParseRole(r.Text(3));
  u.disabled = r.Int(4) != 0;
  for (const Row& x :
       db_->Query("SELECT unit_id FROM user_units WHERE user_id = ? ORDER BY unit_id", {u.id}))
    u.unit_ids.push_back(x.Int(0));
  return u;
}

Id SqlStore::CreateUser(const Actor& actor, const NewUser& user) {
  Require(!user.username.empty(), "username must not be empty", "user");
  // Hash before the transaction: argon2id is deliberately slow.
  const std::string hash = HashPassword(user.password);
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = InsertReturningId(
      "INSERT INTO users (username, display_name, password_hash, role, disabled, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      {user.username, user.display_name, hash, ToString(user.role), now, now});
  for (Id unit : user.unit_ids)
    db_->Query("INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)", {id, unit});
  Audit(actor, "user.create", "user", id, nullptr, ToJson(user));
  tx.Commit();
  return id;
}

void SqlStore::SetPassword(const Actor& actor, Id user_id, const std::string& password) {
  const std::string hash = HashPassword(password);
  Transaction tx(*db_);
  db_->Query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
             {hash, Now(), user_id});
  Require(db_->Changes() == 1, "no user with id " + std::to_string(user_id), "user");
  // A new password ends every session of the user.
  db_->Query("DELETE FROM sessions WHERE user_id = ?", {user_id});
  Audit(actor, "user.password", "user", user_id, nullptr, {{"password", "changed"}});
  tx.Commit();
}

void SqlStore::SetUserDisabled(const Actor& actor, Id user_id, bool disabled) {
  Transaction tx(*db_);
  Rows r = db_->Query("SELECT disabled FROM users WHERE id = ?", {user_id});
  Require(!r.empty(), "no user with id " + std::to_string(user_id), "user");
  db_->Query("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
             {disabled, Now(), user_id});
  if (disabled) db_->Query("DELETE FROM sessions WHERE user_id = ?", {user_id});
  Audit(actor, "user.disabled", "user", user_id, {{"disabled", r[0].Int(0) != 0}},
        {{"disabled", disabled}});
  tx.Commit();
}

std::optional<User> SqlStore::FindUser(Id id) {
  return LoadUser(db_->Query(std::string(kUserCols) + "WHERE id = ?", {id}));
}

std::optional<User> SqlStore::FindUserByName(const std::string& username) {
  return LoadUser(db_->Query(std::string(kUserCols) + "WHERE username = ?", {username}));
}

std::vector<User> SqlStore::ListUsers() {
  std::vector<User> users;
  for (const Row& r : db_->Query("SELECT id FROM users ORDER BY username"))
    if (auto u = FindUser(r.Int(0))) users.push_back(std::move(*u));
  return users;
}

void SqlStore::UpdateUser(const Actor& actor, Id user_id, const std::string& display_name,
                          Role role, const std::vector<Id>& unit_ids) {
  Transaction tx(*db_);
  auto before = FindUser(user_id);
  Require(before.has_value(), "no user with id " + std::to_string(user_id), "user");
  std::vector<Id> units = unit_ids;
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  db_->Query("UPDATE users SET display_name = ?, role = ?, updated_at = ? WHERE id = ?",
             {display_name, ToString(role), Now(), user_id});
  db_->Query("DELETE FROM user_units WHERE user_id = ?", {user_id});
  for (Id unit : units)
    db_->Query("INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)", {user_id, unit});
  if (before->role != role || before->unit_ids != units)
    db_->Query("DELETE FROM sessions WHERE user_id = ?", {user_id});
  auto summary = [](const std::string& name, Role r, const std::vector<Id>& u) {
    return nlohmann::json{{"display_name", name}, {"role", ToString(r)}, {"unit_ids", u}};
  };
  Audit(actor, "user.update", "user", user_id,
        summary(before->display_name, before->role, before->unit_ids),
        summary(display_name, role, units));
  tx.Commit();
}

std::optional<User> SqlStore::Authenticate(const std::string& username,
                                           const std::string& password) {
  Rows r = db_->Query("SELECT password_hash FROM users WHERE username = ?", {username});
  if (r.empty()) {
    // Spend the same time as a real check so unknown names are not revealed.
    static const std::string dummy = HashPassword("govscore-timing-equaliser");
    VerifyPassword(dummy, password);
    return std::nullopt;
  }
  if (!VerifyPassword(r[0].Text(0), password)) return std::nullopt;
  auto user = FindUserByName(username);
  if (!user || user->disabled) return std::nullopt;
  return user;
}

NewSession SqlStore::CreateSession(Id user_id, Millis ttl_ms) {
  Require(ttl_ms > 0, "session lifetime must be positive", "session");
  NewSession s;
  s.token = RandomHex(32);
  s.csrf_token = RandomHex(32);
  const Millis now = Now();
  s.expires_at = now + ttl_ms;
  Transaction tx(*db_);
  db_->Query("DELETE FROM sessions WHERE expires_at <= ?", {now});
  db_->Query(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {Sha256Hex(s.token), user_id, s.csrf_token, now, s.expires_at});
  Audit({user_id, "login"}, "session.create", "user", user_id, nullptr,
        {{"expires_at", s.expires_at}});
  tx.Commit();
  return s;
}

std::optional<SessionInfo> SqlStore::FindSession(const std::string& token) {
  Rows r = db_->Query(
      "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND "
      "expires_at > ?",
      {Sha256Hex(token), Now()});
  if (r.empty()) return std::nullopt;
  auto user = FindUser(r[0].Int(0));
  if (!user || user->disabled) return std::nullopt;
  return SessionInfo{std::move(*user), r[0].Text(1), r[0].Int(2)};
}

void SqlStore::DeleteSession(const std::string& token) {
  Transaction tx(*db_);
  Rows r =
      db_->Query("DELETE FROM sessions WHERE token_hash = ? RETURNING user_id", {Sha256Hex(token)});
  if (!r.empty())
    Audit({r[0].Int(0), "logout"}, "session.delete", "user", r[0].Int(0), nullptr, nullptr);
  tx.Commit();
}

}  // namespace govscore::store

// SQLite backend: one sqlite3 handle, statements prepared once and cached by
// their SQL text, WAL journal, busy timeout, foreign keys on.
#include <sqlite3.h>

#include <unordered_map>

#include "store/connection.h"

namespace govscore::store {
namespace {

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms) : path_(path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw Error("cannot open SQLite database: " + msg, path);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    // journal_mode=WAL needs a lock briefly; the busy timeout covers a
    // concurrent opener.
    ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows Query(const std::string& sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      throw Error("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                      " parameters, got " + std::to_string(params.size()),
                  sql);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      switch (p.kind()) {
        case Param::kNull:
          rc = sqlite3_bind_null(stmt, idx);
          break;
        case Param::kInt:
          rc = sqlite3_bind_int64(stmt, idx, p.int_value());
          break;
        case Param::kReal:
          rc = sqlite3_bind_double(stmt, idx, p.real_value());
          break;
        case Param::kText:
          rc = sqlite3_bind_text(stmt, idx, p.text().data(), static_cast<int>(p.text().size()),
                                 SQLITE_TRANSIENT);
          break;
      }
      if (rc != SQLITE_OK) Fail(rc, sql);
    }
    Rows rows;
    const int ncol = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        Fail(rc, sql);
      }
      std::vector<std::optional<std::string>> cells(ncol);
      for (int c = 0; c < ncol; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        cells[c] = std::string(text, sqlite3_column_bytes(stmt, c));
      }
      rows.emplace_back(std::move(cells));
    }
    changes_ = sqlite3_changes64(db_);
    sqlite3_reset(stmt);
    return rows;
  }

  void ExecScript(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      Throw(rc, msg, path_);
    }
  }

  // A Begin inside a transaction opens a savepoint, so a store method that
  // runs in its own transaction can also run as part of a larger one.
  void Begin() override {
    ExecScript(depth_ > 0 ? "SAVEPOINT sp" + std::to_string(depth_) : "BEGIN IMMEDIATE");
    ++depth_;
  }
  void Commit() override {
    if (depth_ > 1) {
      ExecScript("RELEASE SAVEPOINT sp" + std::to_string(depth_ - 1));
      --depth_;
      return;
    }
    ExecScript("COMMIT");
    depth_ = 0;
  }
  void Rollback() override {
    if (depth_ > 1) {
      --depth_;
      const std::string sp = "sp" + std::to_string(depth_);
      ExecScript("ROLLBACK TO SAVEPOINT " + sp + "; RELEASE SAVEPOINT " + sp);
      return;
    }
    depth_ = 0;
    if (!sqlite3_get_autocommit(db_)) ExecScript("ROLLBACK");
  }
  int64_t Changes() const override { return changes_; }
  const char* ClaimLockClause() const override { return ""; }
  const char* RowLockClause() const override { return ""; }

 private:
  sqlite3_stmt* Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) Fail(rc, sql);
    cache_.emplace(sql, stmt);
    return stmt;
  }

  [[noreturn]] void Fail(int rc, const std::string& sql) { Throw(rc, sqlite3_errmsg(db_), sql); }

  [[noreturn]] static void Throw(int rc, const std::string& msg, const std::string& where) {
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(msg, where);
    throw Error("SQLite: " + msg, where);
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  int64_t changes_ = 0;
  int depth_ = 0;  // nested Begin() count (savepoints beyond the first)
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteConnection>(path, busy_timeout_ms);
}

}  // namespace govscore::store

// The per-backend layer under the store: one database connection that runs
// parameterised SQL, caches prepared statements, and opens transactions. The
// store's SQL is written once with `?` placeholders; a backend rewrites what its
// dialect needs (PostgreSQL: `$1, $2…`). Nothing here builds SQL from values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace govscore::store {

enum class Dialect { kSqlite, kPostgres };

// A violated UNIQUE / PRIMARY KEY / FOREIGN KEY / CHECK constraint: the caller's
// data conflicts with what is stored (a duplicate code, a missing parent...).
class ConstraintError : public Error {
 public:
  using Error::Error;
};

// One bound parameter: NULL, an integer, a real, or text.
class Param {
 public:
  Param() = default;  // NULL
  Param(std::nullptr_t) {}
  Param(int v) : kind_(kInt), int_(v) {}
  Param(int64_t v) : kind_(kInt), int_(v) {}
  Param(bool v) : kind_(kInt), int_(v ? 1 : 0) {}
  Param(double v) : kind_(kReal), real_(v) {}
  Param(std::string v) : kind_(kText), text_(std::move(v)) {}
  Param(std::string_view v) : kind_(kText), text_(v) {}
  Param(const char* v) : kind_(kText), text_(v) {}
  template <typename T>
  Param(const std::optional<T>& v) {
    if (v) *this = Param(*v);
  }

  enum Kind { kNull, kInt, kReal, kText };
  Kind kind() const { return kind_; }
  int64_t int_value() const { return int_; }
  double real_value() const { return real_; }
  const std::string& text() const { return text_; }
  // The value as PostgreSQL text format; requires kind() != kNull.
  std::string ToText() const;

 private:
  Kind kind_ = kNull;
  int64_t int_ = 0;
  double real_ = 0;
  std::string text_;
};

using Params = std::vector<Param>;

// One result row; columns are read by position, in the SELECT's order. Values are
// kept as text (NULL as nullopt) and converted on access; a conversion that fails
// throws Error naming the column.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  bool IsNull(size_t i) const { return !cells_.at(i).has_value(); }
  // Requires the cell to be non-NULL.
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  const std::string& Text(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const { return cells_.at(i); }
  size_t size() const { return cells_.size(); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

using Rows = std::vector<Row>;

// A connection is used by one thread at a time. Every method throws Error (or
// ConstraintError) with the backend's message when the database refuses.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs a statement with `?` placeholders, prepared once per connection and
  // cached by its text, and returns every row it produces (none for DDL/DML
  // without RETURNING).
  virtual Rows Query(const std::string& sql, const Params& params = {}) = 0;
  // Runs one or more statements without parameters (migrations, pragmas).
  virtual void ExecScript(const std::string& sql) = 0;

  // Opens a transaction that takes the write lock at once (SQLite: BEGIN
  // IMMEDIATE, so two writers queue on the busy timeout instead of failing).
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;

  // Rows changed by the last INSERT/UPDATE/DELETE run through Query.
  virtual int64_t Changes() const = 0;

  // Backend-specific SQL fragments, the only dialect differences the store's SQL
  // needs besides placeholders.
  // Appended to a SELECT that picks rows to claim (PostgreSQL: FOR UPDATE SKIP LOCKED).
  virtual const char* ClaimLockClause() const = 0;
  // Appended to a SELECT whose rows the transaction will change (PostgreSQL:
  // FOR UPDATE; SQLite needs none, its write transactions are exclusive).
  virtual const char* RowLockClause() const = 0;
};

// Opens a SQLite database file (created if missing) with WAL, a busy timeout
// and foreign keys on.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, int busy_timeout_ms);
// Opens a PostgreSQL connection from a libpq URL (postgresql://user@host:port/db).
std::unique_ptr<Connection> OpenPostgres(const std::string& url);

// Runs Begin() now and Rollback() at destruction unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) { c_.Begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.Rollback();
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit() {
    c_.Commit();
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace govscore::store

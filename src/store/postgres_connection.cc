// PostgreSQL backend over libpq: `?` placeholders become `$n`, statements are
// prepared once per connection (named s1, s2…) and executed with text
// parameters, so values never enter SQL text.
#include <libpq-fe.h>

#include <cstring>
#include <unordered_map>

#include "store/connection.h"

namespace govscore::store {
namespace {

// Rewrites `?` outside quoted literals and identifiers into `$1, $2…`.
std::string ToDollarPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

void IgnoreNotice(void*, const char*) {}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      throw Error("cannot connect to PostgreSQL: " + msg, RedactedUrl(url));
    }
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    ExecScript("SET client_encoding = 'UTF8'");
  }

  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows Query(const std::string& sql, const Params& params) override {
    Reconnect();
    const std::string& name = Prepare(sql, static_cast<int>(params.size()));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i].kind() == Param::kNull) continue;
      texts[i] = params[i].ToText();
      values[i] = texts[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, 0);
    Check(res, sql);
    Rows rows;
    const int nrow = PQntuples(res), ncol = PQnfields(res);
    rows.reserve(nrow);
    for (int r = 0; r < nrow; ++r) {
      std::vector<std::optional<std::string>> cells(ncol);
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(res, r, c)) continue;
        cells[c] = std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c));
      }
      rows.emplace_back(std::move(cells));
    }
    const char* tuples = PQcmdTuples(res);
    changes_ = (tuples && *tuples) ? std::atoll(tuples) : 0;
    PQclear(res);
    return rows;
  }

  void ExecScript(const std::string& sql) override {
    Reconnect();
    PGresult* res = PQexec(conn_, sql.c_str());
    Check(res, sql);
    PQclear(res);
  }

  // A Begin inside a transaction opens a savepoint, so a store method that
  // runs in its own transaction can also run as part of a larger one.
  void Begin() override {
    if (depth_ > 0) {
      ExecScript("SAVEPOINT sp" + std::to_string(depth_));
    } else {
      ExecScript("BEGIN");
      in_transaction_ = true;
    }
    ++depth_;
  }
  void Commit() override {
    if (depth_ > 1) {
      ExecScript("RELEASE SAVEPOINT sp" + std::to_string(depth_ - 1));
      --depth_;
      return;
    }
    in_transaction_ = false;
    depth_ = 0;
    ExecScript("COMMIT");
  }
  void Rollback() override {
    if (depth_ > 1) {
      --depth_;
      const std::string sp = "sp" + std::to_string(depth_);
      ExecScript("ROLLBACK TO SAVEPOINT " + sp + "; RELEASE SAVEPOINT " + sp);
      return;
    }
    depth_ = 0;
    in_transaction_ = false;
    const auto status = PQtransactionStatus(conn_);
    if (status != PQTRANS_IDLE && status != PQTRANS_UNKNOWN) ExecScript("ROLLBACK");
  }
  int64_t Changes() const override { return changes_; }
  const char* ClaimLockClause() const override { return " FOR UPDATE SKIP LOCKED"; }
  const char* RowLockClause() const override { return " FOR UPDATE"; }

 private:
  // A connection the server dropped (restart, failover) is re-established
  // before the next statement outside a transaction; its prepared statements
  // are gone with it. Inside a transaction the loss stays an error: the
  // transaction's earlier work is lost and the caller must retry all of it.
  void Reconnect() {
    if (PQstatus(conn_) != CONNECTION_BAD || in_transaction_) return;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      throw Error("lost the PostgreSQL connection and cannot reconnect: " + msg, "store");
    }
    cache_.clear();
    PGresult* res = PQexec(conn_, "SET client_encoding = 'UTF8'");
    Check(res, "SET client_encoding");
    PQclear(res);
  }

  const std::string& Prepare(const std::string& sql, int nparams) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    std::string name = "s" + std::to_string(cache_.size() + 1);
    PGresult* res =
        PQprepare(conn_, name.c_str(), ToDollarPlaceholders(sql).c_str(), nparams, nullptr);
    Check(res, sql);
    PQclear(res);
    return cache_.emplace(sql, std::move(name)).first->second;
  }

  // Throws with the server's message when `res` is not a success; frees it then.
  void Check(PGresult* res, const std::string& sql) {
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    bool constraint = state && std::strncmp(state, "23", 2) == 0;
    if (res) PQclear(res);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (constraint) throw ConstraintError(msg, sql);
    throw Error("PostgreSQL: " + msg, sql);
  }

  static std::string RedactedUrl(const std::string& url) {
    // postgresql://user:secret@host → postgresql://user:***@host
    auto scheme = url.find("://");
    auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> cache_;
  int64_t changes_ = 0;
  bool in_transaction_ = false;
  int depth_ = 0;  // nested Begin() count (savepoints beyond the first)
};

}  // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace govscore::store

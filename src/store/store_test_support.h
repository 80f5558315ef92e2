// Test support: every store test runs once per backend on a fresh database.
// SQLite: a new file in a temporary folder. PostgreSQL: a new database on the
// server named by GOVSCORE_TEST_PG (scripts/pg-test-server.sh prints it;
// scripts/test.sh sets it). Without that variable the PostgreSQL cases FAIL —
// they are never skipped.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace govscore::store::testing {

enum class Backend { kSqlite, kPostgres };

inline void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

// `url` with its database name replaced by `db`.
inline std::string WithDatabase(const std::string& url, const std::string& db) {
  auto scheme = url.find("://");
  auto start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::string query;
  auto q = url.find('?');
  if (q != std::string::npos) query = url.substr(q);
  std::string base = start == std::string::npos ? url.substr(0, q) : url.substr(0, start);
  return base + "/" + db + query;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    std::random_device rd;
    name_ = "govscore_t_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
            std::to_string(rd() % 1000000);
    if (GetParam() == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / name_;
      std::filesystem::create_directories(dir_);
      url_ = "sqlite://" + (dir_ / "store.db").string();
    } else {
      const char* admin = std::getenv("GOVSCORE_TEST_PG");
      if (!admin || !*admin) {
        FAIL()
            << "GOVSCORE_TEST_PG is not set, so the PostgreSQL store tests cannot run. "
               "Start the test server with `export GOVSCORE_TEST_PG=$(scripts/pg-test-server.sh)` "
               "(or run scripts/test.sh, which does it).";
      }
      admin_url_ = admin;
      admin_ = OpenPostgres(admin_url_);
      // The name is generated above, never user input; identifiers cannot be bound.
      admin_->ExecScript("CREATE DATABASE " + name_);
      url_ = WithDatabase(admin_url_, name_);
    }
    store_ = Open();
  }

  void TearDown() override {
    store_.reset();
    if (GetParam() == Backend::kSqlite) {
      std::error_code ec;
      if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    } else if (admin_) {
      for (const auto& db : extra_databases_)
        admin_->ExecScript("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      admin_->ExecScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  }

  // The URL of another fresh, empty (unmigrated) database of the same backend.
  std::string ExtraDatabase() {
    const std::string n = name_ + "_x" + std::to_string(extra_databases_.size());
    extra_databases_.push_back(n);
    if (GetParam() == Backend::kSqlite) return "sqlite://" + (dir_ / (n + ".db")).string();
    admin_->ExecScript("CREATE DATABASE " + n);
    return WithDatabase(admin_url_, n);
  }

  // A raw connection to the test database, under the store.
  std::unique_ptr<Connection> Raw(const std::string& url) {
    if (url.rfind("sqlite://", 0) == 0) return OpenSqlite(url.substr(9), 10000);
    return OpenPostgres(url);
  }

  // Another Store (own connection) on the same database, sharing the test clock.
  std::unique_ptr<Store> Open() {
    Store::Options options;
    auto clock = clock_;
    options.clock = [clock] { return clock->load(); };
    return OpenStore(url_, options);
  }

  void Advance(Millis ms) { *clock_ += ms; }
  Millis now() const { return clock_->load(); }

  // A unit with a website, created by `admin`.
  Id MakeUnit(const std::string& code, const std::string& name = "测试单位") {
    Unit u;
    u.code = code;
    u.name = name;
    u.kind = "县";
    u.websites = {"http://" + code + ".example.gov.cn/"};
    return store_->CreateUnit(admin, u);
  }

  // One measure of `unit` in `campaign`, stored by `admin`.
  void AddMeasure(Id unit, Id campaign, const std::string& name, const std::string& value_json,
                  std::vector<std::string> evidence = {}) {
    Measure m;
    m.unit_id = unit;
    m.campaign_id = campaign;
    m.name = name;
    m.value_json = value_json;
    m.evidence = std::move(evidence);
    store_->AddMeasures(admin, {m});
  }

  // The platform tests' cast: units 甲市 (unit-a) and 乙市 (unit-b) with an
  // unreachable website, and one user of each role with `password` — admin,
  // organiser, reviewer and webmaster of unit-a, webmaster-b of unit-b.
  std::pair<Id, Id> SeedUnitsAndUsers(const std::string& password) {
    Unit a;
    a.code = "unit-a";
    a.name = "甲市人民政府";
    a.kind = "设区市";
    a.websites = {"http://127.0.0.1:9/"};
    Unit b = a;
    b.code = "unit-b";
    b.name = "乙市人民政府";
    const Id ida = store_->CreateUnit(admin, a), idb = store_->CreateUnit(admin, b);
    auto user = [&](const std::string& name, Role role, std::vector<Id> units) {
      store_->CreateUser(admin, {name, name, password, role, std::move(units)});
    };
    user("admin", Role::kAdmin, {});
    user("organiser", Role::kOrganiser, {});
    user("reviewer", Role::kReviewer, {ida});
    user("webmaster", Role::kWebmaster, {ida});
    user("webmaster-b", Role::kWebmaster, {idb});
    return {ida, idb};
  }

  Id MakeScan(Id unit_id, const std::string& site_url = "http://site.example.gov.cn/") {
    Scan s;
    s.unit_id = unit_id;
    s.site_url = site_url;
    return store_->CreateScan(admin, s);
  }

  Id MakeCampaign(std::vector<Id> units) {
    FrameworkVersion fv;
    fv.framework_id = "example";
    fv.version = "1";
    fv.yaml_text = "schema: govscore.framework/1\nid: example\n";
    Campaign c;
    c.name = "2024年第二季度";
    c.framework_version_id = store_->AddFrameworkVersion(admin, fv);
    c.as_of = *Date::Parse("2024-06-30");
    c.unit_ids = std::move(units);
    return store_->CreateCampaign(admin, c);
  }

  const Actor admin{std::nullopt, "admin"};
  std::string url_, admin_url_, name_;
  std::filesystem::path dir_;
  std::unique_ptr<Connection> admin_;
  std::vector<std::string> extra_databases_;
  std::shared_ptr<std::atomic<Millis>> clock_ =
      std::make_shared<std::atomic<Millis>>(1'700'000'000'000);
  std::unique_ptr<Store> store_;
};

#define GOVSCORE_STORE_TEST_SUITE(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                   \
                           ::testing::Values(::govscore::store::testing::Backend::kSqlite,    \
                                             ::govscore::store::testing::Backend::kPostgres), \
                           ::govscore::store::testing::BackendName)

}  // namespace govscore::store::testing

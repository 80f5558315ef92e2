// Migrations: applied once, idempotent, safe under concurrent opens; URL forms.
#include "store/migrations.h"

#include <gmock/gmock.h>

#include <barrier>
#include <thread>

#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

class MigrationsTest : public StoreTest {};

TEST_P(MigrationsTest, AppliedOnOpenAndIdempotent) {
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  auto again = Open();  // a second open applies nothing and fails nothing
  EXPECT_EQ(again->schema_version(), LatestSchemaVersion());
  auto raw = Raw(url_);
  EXPECT_EQ(ApplyMigrations(*raw, 0), 0);
  EXPECT_EQ(raw->Query("SELECT COUNT(*) FROM schema_migrations")[0].Int(0), KnownMigrationCount());
  EXPECT_EQ(raw->dialect(), GetParam() == Backend::kSqlite ? Dialect::kSqlite : Dialect::kPostgres);
}

TEST_P(MigrationsTest, ConcurrentOpensOfAnEmptyDatabase) {
  const std::string url = ExtraDatabase();
  constexpr int kOpeners = 6;
  std::barrier start(kOpeners);
  std::vector<std::string> errors(kOpeners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        auto s = OpenStore(url);
        s->CreateUnit(admin, {0, "u" + std::to_string(i), "单位", "县", "", {}, {}, {}});
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  auto raw = Raw(url);
  EXPECT_EQ(raw->Query("SELECT COUNT(*) FROM schema_migrations")[0].Int(0), KnownMigrationCount());
  EXPECT_EQ(raw->Query("SELECT COUNT(*) FROM units")[0].Int(0), kOpeners);
}

TEST_P(MigrationsTest, NewerSchemaIsRefused) {
  auto raw = Raw(url_);
  raw->Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
             {9999, "from the future", 0});
  try {
    Open();
    FAIL() << "opened a database of a newer schema";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("newer"));
  }
}

GOVSCORE_STORE_TEST_SUITE(MigrationsTest);

TEST(OpenStoreTest, UrlForms) {
  auto dir = std::filesystem::temp_directory_path() / ("govscore_url_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "a.db").string();
  EXPECT_EQ(OpenStore(path)->dialect(), Dialect::kSqlite);  // plain path
  EXPECT_EQ(OpenStore("sqlite://" + path)->dialect(), Dialect::kSqlite);
  EXPECT_EQ(OpenStore("sqlite:" + path)->schema_version(), LatestSchemaVersion());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_THROW(OpenStore("mysql://localhost/x"), Error);
  EXPECT_THROW(OpenStore("sqlite://"), Error);
  EXPECT_THROW(OpenStore((dir / "missing-dir" / "b.db").string()), Error);
  try {
    OpenStore("postgresql://postgres:hunter2@127.0.0.1:1/none");
    FAIL() << "connected to a closed port";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("cannot connect to PostgreSQL"));
    EXPECT_THAT(e.what(), ::testing::Not(::testing::HasSubstr("hunter2")));
  }
  std::filesystem::remove_all(dir);
}

TEST(OpenStoreTest, WithDatabaseRewritesTheUrlPath) {
  EXPECT_EQ(WithDatabase("postgresql://postgres@127.0.0.1:55432/postgres", "t1"),
            "postgresql://postgres@127.0.0.1:55432/t1");
  EXPECT_EQ(WithDatabase("postgresql://u@h:1", "t1"), "postgresql://u@h:1/t1");
  EXPECT_EQ(WithDatabase("postgresql://u@h/db?sslmode=disable", "t1"),
            "postgresql://u@h/t1?sslmode=disable");
}

}  // namespace
}  // namespace govscore::store::testing

namespace govscore::store::testing {
namespace {

// PostgreSQL only: a connection the server drops is re-established.
class PostgresReconnectTest : public StoreTest {};

TEST_P(PostgresReconnectTest, DroppedConnectionIsReestablished) {
  Id unit = MakeUnit("a");
  admin_->Query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND "
      "pid <> pg_backend_pid()",
      {name_});
  // The statement that meets the dead connection fails; the next one reconnects.
  try {
    store_->FindUnit(unit);
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("PostgreSQL"));
  }
  auto u = store_->FindUnit(unit);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->code, "a");
  MakeUnit("b");  // writes work again, with freshly prepared statements
  EXPECT_EQ(store_->ListUnits().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresReconnectTest, ::testing::Values(Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace govscore::store::testing

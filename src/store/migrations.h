// Versioned schema migrations. Each migration is numbered SQL kept in
// migrations.cc; ApplyMigrations runs the ones a database lacks, in order, each
// recorded in schema_migrations, all inside one transaction that holds the
// database's migration lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory
// transaction lock), so two processes opening the same database at once apply
// every migration exactly once.
#pragma once

#include "store/connection.h"

namespace govscore::store {

// The highest migration version this build knows.
int LatestSchemaVersion();
// How many migrations this build knows (numbers may have gaps while a
// reserved number is not yet written).
int KnownMigrationCount();

// Brings the schema to LatestSchemaVersion(). Idempotent. Throws Error when the
// database was migrated by a newer govscore (its version is unknown here).
// Returns the number of migrations applied now.
int ApplyMigrations(Connection& db, int64_t now_ms);

}  // namespace govscore::store

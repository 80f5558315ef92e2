#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the store tests and prints its URL:
#   export GOVSCORE_TEST_PG="$(scripts/pg-test-server.sh)"
#   scripts/pg-test-server.sh stop
# The cluster listens on 127.0.0.1 only (port GOVSCORE_PG_PORT, default 55432),
# trusts loopback connections, and keeps its data in GOVSCORE_PG_DIR (default
# /tmp/govscore-pg-test). Durability is switched off: it is for tests only.
# Idempotent: a running cluster is reused. Run as root, it runs the server as the
# `postgres` system user (PostgreSQL refuses to run as root).
set -euo pipefail

PORT="${GOVSCORE_PG_PORT:-55432}"
DATA="${GOVSCORE_PG_DIR:-/tmp/govscore-pg-test}"
URL="postgresql://postgres@127.0.0.1:${PORT}/postgres"

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir="$d"; break; fi
done
if [ -z "$bindir" ]; then
  echo "pg-test-server: PostgreSQL server binaries not found under /usr/lib/postgresql;" \
       "run scripts/setup.sh (Debian package postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { as_owner "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$DATA/PG_VERSION" ] && running; then
    as_owner "$bindir/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    echo "pg-test-server: stopped ($DATA)" >&2
  fi
  exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA"; fi
  chmod 700 "$DATA"
  # trust, but the server listens on loopback only (below) and pg_hba lists
  # only local sockets, 127.0.0.1/32 and ::1/128.
  as_owner "$bindir/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth=trust >"$DATA.initdb.log" 2>&1 || {
    echo "pg-test-server: initdb failed, see $DATA.initdb.log" >&2
    exit 1
  }
fi

if ! running; then
  as_owner "$bindir/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$DATA' \
        -c max_connections=300 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off" start >/dev/null || {
    echo "pg-test-server: the server did not start, see $DATA/server.log" >&2
    exit 1
  }
fi

if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 30; then
  echo "pg-test-server: the server on 127.0.0.1:$PORT does not answer" >&2
  exit 1
fi
echo "$URL"

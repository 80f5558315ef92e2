#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
# The fuzzers' clang build (ASan) runs here, alone, not inside ctest beside the
# timing-sensitive tests; the ctest "fuzz" then only runs them.
bash scripts/fuzz.sh --build-dir build/fuzz-build --build-only
# The store tests run on both backends: start a throw-away PostgreSQL on
# 127.0.0.1 unless GOVSCORE_TEST_PG already names a server; stop it at exit.
if [ -z "${GOVSCORE_TEST_PG:-}" ]; then
  GOVSCORE_TEST_PG="$(bash scripts/pg-test-server.sh)"
  trap 'bash "'"$PWD"'/scripts/pg-test-server.sh" stop' EXIT
fi
export GOVSCORE_TEST_PG
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 600

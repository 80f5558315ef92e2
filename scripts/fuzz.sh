#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan, coverage
# instrumented libraries) in their own build directory and runs each for a
# fixed time on the seed corpus. Exit status 1 on any crash, timeout, leak or
# sanitizer report; the reproducer is kept in <build-dir>/artifacts.
#
#   scripts/fuzz.sh [--build-dir DIR] [--seconds N] [--only NAME] [--jobs J] [--build-only]
#
# --build-only builds the fuzzers and stops: scripts/test.sh builds them before
# ctest starts, so the ctest "fuzz" only runs them (one core, as ctest assumes)
# instead of compiling with two jobs beside timing-sensitive tests.
#
# Seeds: fuzz/corpus/<name>/, frameworks/*.yaml, ../shared/real-pages (HTML).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build-fuzz
SECONDS_EACH=25
ONLY=""
JOBS=2
BUILD_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) BUILD=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
FUZZERS=(html url date framework robots)
if [ -n "$ONLY" ]; then FUZZERS=("$ONLY"); fi

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is not installed (scripts/setup.sh)" >&2; exit 1; }
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$ROOT")}
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGOVSCORE_FUZZ=ON -DGOVSCORE_TESTS=OFF -DGOVSCORE_WERROR=OFF >"$BUILD.configure.log" 2>&1 ||
    { cat "$BUILD.configure.log" >&2; exit 1; }
fi
targets=()
for f in "${FUZZERS[@]}"; do targets+=("${f}_fuzzer"); done
nice -n 5 cmake --build "$BUILD" --target "${targets[@]}" -j "$JOBS" >"$BUILD/fuzz-build.log" 2>&1 ||
  { tail -50 "$BUILD/fuzz-build.log" >&2; exit 1; }
if [ "$BUILD_ONLY" = 1 ]; then exit 0; fi

SHARED=$(cd "$ROOT/.." && pwd)/shared
ARTIFACTS=$BUILD/artifacts
mkdir -p "$ARTIFACTS"
status=0
for f in "${FUZZERS[@]}"; do
  work=$(mktemp -d)
  seeds=()
  [ -d "$ROOT/fuzz/corpus/$f" ] && seeds+=("$ROOT/fuzz/corpus/$f")
  max_len=4096
  case "$f" in
    html)
      max_len=32768
      if [ -d "$SHARED/real-pages" ]; then
        mkdir -p "$work/pages"
        find "$SHARED/real-pages" -name '*.html' -size -256k -exec cp {} "$work/pages/" \;
        seeds+=("$work/pages")
      fi
      seeds+=("$ROOT/tests/golden/extract") ;;
    framework)
      max_len=16384
      seeds+=("$ROOT/frameworks") ;;
  esac
  mkdir -p "$work/corpus"
  echo "fuzz.sh: $f for ${SECONDS_EACH}s (seeds: ${seeds[*]})"
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$BUILD/fuzz/${f}_fuzzer" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$ARTIFACTS/${f}-" \
      "$work/corpus" "${seeds[@]}" >"$BUILD/${f}.log" 2>&1; then
    echo "fuzz.sh: $f FAILED; log $BUILD/${f}.log, reproducer in $ARTIFACTS" >&2
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$BUILD/${f}.log" | head -20 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/${f}.log" | tr '\n' ' '
    echo
  fi
  rm -rf "$work"
done
exit $status

#!/usr/bin/env bash
# Installs every system package govscore needs to build, run and test.
# Idempotent: when everything is present it only checks and returns quickly.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git clang-format python3
  # tests
  libgtest-dev libgmock-dev
  # fetching
  libcurl4-openssl-dev libbrotli-dev zlib1g-dev libssl-dev
  # extraction
  libgumbo-dev libxml2-dev libicu-dev libpoppler-cpp-dev libzip-dev
  # matching
  libre2-dev libhyperscan-dev
  # formats and CLI
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libxlsxwriter-dev
  # storage and security
  libsqlite3-dev libpq-dev libsodium-dev
  # the PostgreSQL server the store tests run against (scripts/pg-test-server.sh)
  postgresql postgresql-contrib
  # the local HTTP server used by the sample site and the tests
  libcpp-httplib-dev
  # a real HTTP/2 + TLS server for the fetch tests (src/fetch/http2_test.cc)
  # and the benchmark; nginx-light has the ssl and http_v2 modules
  nginx-light
  # network namespaces and veth pairs for the IPv6 test (tests/cli/ipv6_netns_test.sh)
  iproute2
  libjemalloc-dev
  # the libFuzzer targets in fuzz/ (scripts/fuzz.sh): clang with its fuzzer runtime
  clang libclang-rt-14-dev
  # the web UI's end-to-end tests (headless Chromium driven by playwright-core) and
  # Chinese fonts for its screenshots
  chromium fonts-noto-cjk
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all system packages present"
fi

# The web UI (web/): npm ci when the lockfile changed, Vite build into web/dist.
bash "$(dirname "$0")/web-setup.sh"

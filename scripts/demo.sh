#!/usr/bin/env bash
# The main job on embedded defaults, offline: installs what is missing, builds,
# generates the bundled sample government site, serves it on 127.0.0.1, scans it
# and writes the reports to out/; then seeds the evaluation platform (out/govscore.db:
# sample sites of three units, a demo campaign, scans, judgments, users) and serves
# the web UI and API on http://127.0.0.1:8080/ until Ctrl-C (it prints the logins).
# Extra arguments go to `govscore demo` (e.g. --no-serve, --listen 127.0.0.1:9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p out
./build/govscore demo --out out "$@"

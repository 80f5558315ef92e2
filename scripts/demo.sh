#!/usr/bin/env bash
# The main job on embedded defaults, offline: installs what is missing, builds,
# generates the bundled sample government site, serves it on 127.0.0.1, scans it
# and writes the reports to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p out
./build/govscore demo --out out

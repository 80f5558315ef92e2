#!/usr/bin/env bash
# Regenerates docs/coverage.md from frameworks/*.yaml:
#   scripts/update-coverage-doc.sh [path/to/govscore]
# The test framework_test (CoverageTest.DocsCoverageMdIsUpToDate) fails until it is rerun
# after a framework's coverage marks change.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/build/govscore}
"$BIN" framework --frameworks-dir "$ROOT/frameworks" coverage --all --markdown > "$ROOT/docs/coverage.md.tmp"
mv "$ROOT/docs/coverage.md.tmp" "$ROOT/docs/coverage.md"
echo "docs/coverage.md updated"

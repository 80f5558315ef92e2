#!/usr/bin/env bash
# CLI test of `govscore scan --checkpoint` with the national checklist, run by ctest as
# `cli_scan`:
#   bash tests/cli/scan_cli_test.sh path/to/govscore
#
# A resumed crawl replays the pages it had parsed without parsing them again, so the
# checklist's page checks (留言, 办事指南, the error dictionary) must come back from the
# checkpoint file too (ChecklistScanHook::WrapCheckpoints). On the generated sample site
# (`govscore sample serve`, 127.0.0.1 only):
#   1. an uninterrupted `scan --checklist --dictionary D --json` gives the reference;
#   2. the same scan with `--checkpoint FILE` is killed with SIGKILL once FILE holds
#      checkpoint batches, then run again with the same options: it resumes
#      (checklist.resumed_pages > 0), removes FILE, and its checklist.measures — and the
#      pages and columns of the scan — equal the reference;
#   3. `--checkpoint` in a folder that cannot be written fails with a clear error.
# Prints one line per failure and a final "N passed, M failed"; exits 1 when anything failed.
# Needs bash and python3 (standard library only).

set -u
BIN=${1:?usage: scan_cli_test.sh path/to/govscore}
TMP=$(mktemp -d)
SAMPLE_PID=
SCAN_PID=
cleanup() {
  [ -n "$SCAN_PID" ] && kill -9 "$SCAN_PID" 2>/dev/null
  [ -n "$SAMPLE_PID" ] && kill "$SAMPLE_PID" 2>/dev/null && wait "$SAMPLE_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# shellcheck source=tests/cli/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/assert.sh"  # pass/fail counters, ok, ko, expect, finish

if ! command -v python3 >/dev/null; then
  ko "python3 is needed by this test"
  finish
fi
if [ ! -x "$BIN" ]; then
  ko "no govscore binary at $BIN"
  finish
fi

# The sample site on a free loopback port.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" sample serve --port "$PORT" --articles 400 --no-tls --as-of 2026-11-20 >"$TMP/sample.log" 2>&1 &
SAMPLE_PID=$!
URL="http://127.0.0.1:$PORT/"
for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$URL" \
    2>/dev/null && break
  sleep 0.1
done

# Words of some article titles and texts: dictionary hits on a part of the pages.
cat >"$TMP/dict.yaml" <<'EOF'
schema: govscore.dictionary/1
entries:
  - {word: 耕地保护, level: serious, category: 测试, correct: 耕地保护工作}
  - {word: 消防安全, level: general, category: 测试, correct: 消防安全工作}
  - {word: 科技创新, level: general, category: 测试, correct: 科技创新工作}
EOF
# Slow enough (one request at a time, 15 ms apart) for checkpoints before the end.
ARGS=("$URL" --loopback-only --as-of 2026-11-20 --checklist --dictionary "$TMP/dict.yaml"
  --no-search-probe --quiet --concurrency 1 --per-host 1 --host-delay-ms 15)

"$BIN" scan "${ARGS[@]}" --json "$TMP/full.json" >"$TMP/full.log" 2>&1
RC=$?
expect "uninterrupted scan exits 0 ($(tail -3 "$TMP/full.log"))" test "$RC" -eq 0

CK="$TMP/scan.checkpoint"
"$BIN" scan "${ARGS[@]}" --checkpoint "$CK" --json "$TMP/resumed.json" >"$TMP/killed.log" 2>&1 &
SCAN_PID=$!
# Kill once the file holds at least two whole batches (lines), well before the end.
killed=0
for _ in $(seq 1 600); do
  if [ -f "$CK" ] && [ "$(wc -l <"$CK")" -ge 2 ]; then
    kill -9 "$SCAN_PID" 2>/dev/null && killed=1
    break
  fi
  kill -0 "$SCAN_PID" 2>/dev/null || break
  sleep 0.05
done
wait "$SCAN_PID" 2>/dev/null
SCAN_PID=
expect "the scan was killed mid-crawl with checkpoints in the file" test "$killed" -eq 1
expect "a killed scan writes no JSON" test ! -e "$TMP/resumed.json"
expect "the checkpoint file stays after the kill" test -s "$CK"

"$BIN" scan "${ARGS[@]}" --checkpoint "$CK" --json "$TMP/resumed.json" >"$TMP/resumed.log" 2>&1
RC=$?
expect "resumed scan exits 0 ($(tail -3 "$TMP/resumed.log"))" test "$RC" -eq 0
expect "the checkpoint file is removed when the scan ends" test ! -e "$CK"

# Compare: checklist measures (rows and evidence), pages and columns.
compare() {
  python3 - "$TMP/full.json" "$TMP/resumed.json" <<'EOF'
import json, sys
full, resumed = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
problems = []
fc, rc = full.get("checklist", {}), resumed.get("checklist", {})
if not fc.get("measures"):
    problems.append("the reference has no checklist.measures")
if not rc.get("resumed_pages", 0) > 0:
    problems.append("the second run did not resume (checklist.resumed_pages = %r)"
                    % rc.get("resumed_pages"))
def rows(c):
    return sorted(json.dumps(m, sort_keys=True, ensure_ascii=False) for m in c.get("measures", []))
if rows(fc) != rows(rc):
    a, b = set(rows(fc)), set(rows(rc))
    problems.append("checklist.measures differ: only uninterrupted %s; only resumed %s"
                    % (sorted(a - b)[:3], sorted(b - a)[:3]))
for key in ("messages", "guides", "dictionary_errors", "dictionary_entries"):
    if fc.get(key) != rc.get(key):
        problems.append("checklist.%s: %r vs %r" % (key, fc.get(key), rc.get(key)))
hits = fc.get("dictionary_errors", 0)
if not hits:
    problems.append("the dictionary found nothing: the comparison proves little")
urls = lambda d: sorted(p.get("url", "") for p in d.get("pages", []))
if urls(full) != urls(resumed):
    problems.append("pages differ: %d vs %d" % (len(urls(full)), len(urls(resumed))))
cols = lambda d: sorted(json.dumps(c, sort_keys=True, ensure_ascii=False) for c in d.get("columns", []))
if cols(full) != cols(resumed):
    problems.append("columns differ")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
}
OUT=$(compare 2>&1)
expect "resumed scan equals the uninterrupted one: $OUT" test -z "$OUT"

# A checkpoint file that cannot be created: a clear error, exit non-zero.
OUT=$("$BIN" scan "${ARGS[@]}" --checkpoint "$TMP/no/such/dir/ck" 2>&1)
RC=$?
expect "unwritable --checkpoint fails" test "$RC" -ne 0
expect "unwritable --checkpoint names the file ($OUT)" grep -qF "no/such/dir/ck" <<<"$OUT"

finish

#!/usr/bin/env bash
# Scan benchmark: govscore against wget, LinkChecker and linkinator on the same
# generated government site, served by nginx on 127.0.0.1, plus nginx's raw
# capacity for one page measured with wrk. See bench/README.md.
#
# Usage: bench/scan_bench.sh [--articles N] [--concurrency C] [--port P]
#          [--timeout S] [--tools "govscore wget linkchecker linkinator wrk"]
#          [--skip-install] [--keep-site]
# Everything it creates lives in bench/work/ (git-ignored). Only loopback
# traffic: the offsite footer hosts are excluded from every tool.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK="$ROOT/bench/work"
ARTICLES=20000
CONCURRENCY=8
PORT=0  # 0 = a free port
# Loopback answers take milliseconds; the planted /slow/ link (a black hole)
# costs every tool exactly one timeout, so a long one only adds the same wait
# to every tool's wall time.
TIMEOUT=2
TOOL_LIMIT=1800  # seconds any one tool may run
TOOLS="wrk govscore wget linkchecker linkinator"
INSTALL=1
KEEP_SITE=0
AS_OF=2024-06-30
GOVSCORE="${GOVSCORE:-$ROOT/build/govscore}"
LINKINATOR_VERSION=6.1.4  # 6.x runs on Node >= 18; 7+ needs Node 22

die() { echo "scan_bench: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --tool-limit) TOOL_LIMIT="$2"; shift 2 ;;
    --tools) TOOLS="$2"; shift 2 ;;
    --skip-install) INSTALL=0; shift ;;
    --keep-site) KEEP_SITE=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ARTICLES" =~ ^[0-9]+$ ]] || die "--articles needs a number, got '$ARTICLES'"
[[ "$CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || die "--concurrency needs a positive number"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port needs a number"
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

mkdir -p "$WORK"
if [ "$PORT" = 0 ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$PORT" 2>/dev/null ||
  die "port $PORT on 127.0.0.1 is in use"
BASE="http://127.0.0.1:$PORT"
# The site's planted bad-TLS link points at this port (written into the pages
# at generation); nginx serves the site there with the generated bad certificate.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# SO_REUSEADDR as nginx sets it: the TIME-WAIT connections of the last run do
# not keep a kept site's TLS port from being listened on again.
port_free() { python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)' "$1" 2>/dev/null; }
TLS_PORT=$(free_port)
while [ "$TLS_PORT" = "$PORT" ]; do TLS_PORT=$(free_port); done
# Real-world hosts the sample footer links to (truth.json offsite_hosts) and
# the spider traps: peers have no trap defence, so they are told to skip them.
OFFSITE='www\.shiyan\.gov\.cn|bszs\.conac\.cn|zfwzgl\.www\.gov\.cn|beian\.miit\.gov\.cn|www\.beian\.gov\.cn'
TRAPS='/calendar/|/special/'

# ---------------------------------------------------------------- install
if [ "$INSTALL" = 1 ]; then
  need=()
  for p in nginx-light wget linkchecker wrk time jq python3 nodejs npm; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  # Any nginx flavour will do.
  if command -v nginx >/dev/null; then need=("${need[@]/nginx-light}"); fi
  if command -v node >/dev/null; then need=("${need[@]/nodejs}"); need=("${need[@]/npm}"); fi
  read -r -a need <<<"${need[*]}"
  if [ ${#need[@]} -gt 0 ]; then
    echo "scan_bench: installing ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  if has_tool linkinator && [ ! -f "$WORK/npm/node_modules/linkinator/package.json" ]; then
    mkdir -p "$WORK/npm"
    [ -f "$WORK/npm/package.json" ] || echo '{"name":"govscore-bench","private":true}' >"$WORK/npm/package.json"
    (cd "$WORK/npm" && npm install --no-audit --no-fund --registry=https://registry.npmjs.org/ \
      "linkinator@$LINKINATOR_VERSION" >/dev/null)
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx not found (run without --skip-install)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"

# ---------------------------------------------------------------- build + site
if [ ! -x "$GOVSCORE" ]; then
  echo "scan_bench: building $GOVSCORE"
  cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build" --target govscore -j"$(nproc)" >/dev/null
fi
SITE="$WORK/site-$ARTICLES"
if [ ! -f "$SITE/truth.json" ] || [ "$KEEP_SITE" = 0 ]; then
  rm -rf "$SITE"
  echo "scan_bench: generating a $ARTICLES-article site in $SITE"
  "$GOVSCORE" sample generate "$SITE" --articles "$ARTICLES" --as-of "$AS_OF" \
    --port "$PORT" --tls-port "$TLS_PORT" >/dev/null
fi
TRUTH="$SITE/truth.json"
PAGES=$(jq .pages "$TRUTH")
# A kept site carries the TLS port it was generated with.
TLS_PORT=$(jq -r '.tls.port // empty' "$TRUTH")
[ -n "$TLS_PORT" ] || die "$TRUTH has no bad-TLS listener (site from an older govscore? drop --keep-site)"
[ "$TLS_PORT" != "$PORT" ] && port_free "$TLS_PORT" ||
  die "the site's TLS port $TLS_PORT on 127.0.0.1 is in use (drop --keep-site to regenerate)"

# ---------------------------------------------------------------- nginx
# /slow/ pages: nginx proxies them to a socket that accepts connections (the
# kernel completes the handshake) and never answers, so every client sees a
# real timeout (the generated config's limit_rate trickle defeats read timeouts).
BLACKHOLE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4096); time.sleep(1e9)' "$BLACKHOLE_PORT" &
BLACKHOLE_PID=$!
mkdir -p "$WORK/nginx-tmp"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  types { text/csv csv; }
  default_type application/octet-stream;
  log_format bench '\$request_method \$request_uri \$status';
  access_log $WORK/access.log bench;
  # Lets LinkChecker exceed its default 10 requests/s per host (see its manual).
  add_header LinkChecker govscore-bench always;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  include $WORK/nginx-site.conf;
}
EOF
sed -e "s/listen 127.0.0.1:[0-9]*;/listen 127.0.0.1:$PORT;/" \
  -e "s|location /slow/ {[^}]*}|location /slow/ { proxy_pass http://127.0.0.1:$BLACKHOLE_PORT; proxy_read_timeout 600s; }|" \
  "$SITE/nginx-site.conf" >"$WORK/nginx-site.conf"
: >"$WORK/access.log"
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>"$WORK/nginx-test.log" ||
  die "nginx rejects the generated config: $(cat "$WORK/nginx-test.log")"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
cleanup() {
  kill "$NGINX_PID" "$BLACKHOLE_PID" 2>/dev/null || true
  wait "$NGINX_PID" "$BLACKHOLE_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited (see $WORK/nginx-error.log)"
  curl -s -o /dev/null "$BASE/" && break
  sleep 0.1
done
{ curl -s -f -o "$WORK/home.html" "$BASE/" && grep -q "示例市人民政府" "$WORK/home.html"; } || die "nginx did not come up on $BASE (see $WORK/nginx-error.log)"
# The bad-TLS listener: refused by a verifying client, served when told to accept it.
curl -s -o /dev/null "https://127.0.0.1:$TLS_PORT/" && die "https://127.0.0.1:$TLS_PORT/ passed verification; its certificate should be bad"
curl -s -k -f -o /dev/null "https://127.0.0.1:$TLS_PORT/" || die "nginx does not serve https://127.0.0.1:$TLS_PORT/ (see $WORK/nginx-error.log)"

# ---------------------------------------------------------------- helpers
RESULTS="$WORK/results-$ARTICLES.tsv"
printf 'tool\twall_s\tpages\tpages_per_s\turls\turls_per_s\tpeak_rss_mib\tdefects_found\tdefects_expected\tfalse\texit\n' >"$RESULTS"

# run TOOL CMD...: runs under /usr/bin/time -v, records the access-log slice.
run() {
  local tool="$1"; shift
  local before; before=$(wc -l <"$WORK/access.log")
  echo "scan_bench: running $tool ..." >&2
  /usr/bin/time -v -o "$WORK/time-$tool.txt" timeout --kill-after=10 "$TOOL_LIMIT" "$@" \
    >"$WORK/out-$tool.txt" 2>"$WORK/err-$tool.txt" || true
  tail -n +"$((before + 1))" "$WORK/access.log" >"$WORK/access-$tool.log"
}

# record TOOL COMPARISON_JSON: one results row from time -v, the access log and the comparison.
record() {
  local tool="$1" cmp="$2"
  local wall rss pages urls
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-$tool.txt" |
    awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time-$tool.txt")
  # 124/137: killed at --tool-limit, so the wall time is a lower bound.
  local status; status=$(awk -F': ' '/Exit status/ {print $2}' "$WORK/time-$tool.txt")
  # Pages: distinct HTML URLs answered 200; URLs: distinct URLs requested.
  pages=$(awk '$3==200 && ($2 ~ /(\.html|\/)(\?|$)/) {print $2}' "$WORK/access-$tool.log" | sort -u | wc -l)
  urls=$(awk '{print $2}' "$WORK/access-$tool.log" | sort -u | wc -l)
  local found expected false
  found=$(jq -r '.defects.found // "?"' <<<"$cmp" 2>/dev/null || echo "?")
  expected=$(jq -r '.defects.expected // "?"' <<<"$cmp" 2>/dev/null || echo "?")
  false=$(jq -r '.defects.false // "?"' <<<"$cmp" 2>/dev/null || echo "?")
  awk -v t="$tool" -v w="$wall" -v p="$pages" -v u="$urls" -v r="$rss" -v f="$found" -v e="$expected" -v x="$false" -v s="$status" \
    'BEGIN { printf "%s\t%.2f\t%d\t%.0f\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\n", t, w, p, (w>0?p/w:0), u, (w>0?u/w:0), r, f, e, x, s }' >>"$RESULTS"
}

# ---------------------------------------------------------------- wrk
WRK_RPS=""
if has_tool wrk; then
  echo "scan_bench: wrk on one list page ..." >&2
  # A copy of the page outside the logged server would measure less; keep the
  # same server and logging so the ceiling is comparable.
  wrk -t2 -c"$CONCURRENCY" -d10s "$BASE/zwdt/index.html" >"$WORK/out-wrk.txt" 2>&1 || true
  WRK_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/out-wrk.txt")
  : >"$WORK/access.log"
fi

# ---------------------------------------------------------------- govscore
if has_tool govscore; then
  if "$GOVSCORE" scan --help 2>&1 | grep -q -- --max-pages; then
    # Same request policy as wget below: one attempt per URL (wget --tries=1)
    # and no Accept-Encoding (wget asks for none, so nginx compresses nothing).
    run govscore "$GOVSCORE" scan "$BASE/" --max-pages 10000000 --max-depth 0 --concurrency "$CONCURRENCY" \
      --per-host "$CONCURRENCY" --timeout "$TIMEOUT" --retries 0 --no-compression --allow-network 127.0.0.0/8 \
      --as-of "$AS_OF" --exclude "$OFFSITE" \
      --json "$WORK/govscore.json" --html "$WORK/govscore.html"
    cmp=$(python3 "$ROOT/bench/compare_truth.py" "$TRUTH" scan --json "$WORK/govscore.json" \
      --base "$BASE" --text 2>"$WORK/compare-govscore.txt" || echo '{}')
    record govscore "$cmp"
  else
    echo "scan_bench: $GOVSCORE has no scan command yet; skipping govscore" >&2
  fi
fi

# ---------------------------------------------------------------- wget
if has_tool wget; then
  # wget has one connection and no concurrency option.
  run wget wget --spider -r -l inf -nd -nv -e robots=on --timeout="$TIMEOUT" --tries=1 \
    --reject-regex "$TRAPS" -o "$WORK/wget.log" "$BASE/"
  awk '/^Found [0-9]+ broken link/ {on=1; next} on && /^http/ {print $1} on && /^FINISHED/ {on=0}' \
    "$WORK/wget.log" >"$WORK/broken-wget.txt"
  record wget "$(python3 "$ROOT/bench/compare_truth.py" "$TRUTH" urls --file "$WORK/broken-wget.txt" --base "$BASE")"
fi

# ---------------------------------------------------------------- linkchecker
if has_tool linkchecker; then
  # LinkChecker drops root privileges to nobody: its config and output go
  # through files readable by all and through stdout.
  cat >"$WORK/linkcheckerrc" <<EOF
[checking]
threads=$CONCURRENCY
timeout=$TIMEOUT
maxrequestspersecond=100000
[filtering]
ignore=
  $OFFSITE
  $TRAPS
EOF
  chmod 644 "$WORK/linkcheckerrc"
  run linkchecker linkchecker --config "$WORK/linkcheckerrc" --no-status -o csv "$BASE/"
  python3 - "$WORK/out-linkchecker.txt" >"$WORK/broken-linkchecker.txt" <<'PY'
import csv, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace") if not l.startswith("#")]
for r in csv.DictReader(rows, delimiter=";"):
    if r.get("valid") == "False":
        print(r.get("url") or r.get("urlname"))
PY
  record linkchecker "$(python3 "$ROOT/bench/compare_truth.py" "$TRUTH" urls --file "$WORK/broken-linkchecker.txt" --base "$BASE")"
fi

# ---------------------------------------------------------------- linkinator
if has_tool linkinator; then
  run linkinator node "$WORK/npm/node_modules/linkinator/build/src/cli.js" "$BASE/" --recurse \
    --concurrency "$CONCURRENCY" --timeout "$((TIMEOUT * 1000))" --skip "$OFFSITE|$TRAPS" --format csv
  python3 - "$WORK/out-linkinator.txt" >"$WORK/broken-linkinator.txt" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace")):
    if r.get("state") == "BROKEN":
        print(r.get("url"))
PY
  record linkinator "$(python3 "$ROOT/bench/compare_truth.py" "$TRUTH" urls --file "$WORK/broken-linkinator.txt" --base "$BASE")"
fi

# ---------------------------------------------------------------- report
echo
echo "Site: $ARTICLES articles, $PAGES pages (truth), concurrency $CONCURRENCY, timeout ${TIMEOUT}s, $(nproc) cores"
[ -n "$WRK_RPS" ] && echo "nginx raw capacity (wrk, one page, $CONCURRENCY connections): $WRK_RPS requests/s"
awk -F'\t' '{ printf "%-12s %8s %7s %11s %7s %10s %12s %13s %16s %6s %5s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$RESULTS"
if [ -n "$WRK_RPS" ] && grep -q '^govscore' "$RESULTS"; then
  awk -F'\t' -v w="$WRK_RPS" '$1=="govscore" {printf "govscore pages/s = %.1f%% of wrk requests/s\n", 100*$4/w}' "$RESULTS"
fi
fastest=$(awk -F'\t' 'NR>1 && $1!="govscore" && $11!=124 && $11!=137 {print $2}' "$RESULTS" | sort -n | head -1)
if [ -n "$fastest" ] && grep -q '^govscore' "$RESULTS"; then
  awk -F'\t' -v f="$fastest" '$1=="govscore" {printf "govscore is %.1fx faster than the fastest peer\n", f/$2}' "$RESULTS"
fi
[ -f "$WORK/compare-govscore.txt" ] && cat "$WORK/compare-govscore.txt"
echo "Details: $WORK (out-*.txt, time-*.txt, access-*.log, results-$ARTICLES.tsv)"

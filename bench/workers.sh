#!/usr/bin/env bash
# Workers benchmark (issue 6): SITES generated government sites served by one
# nginx on loopback virtual hosts (127.0.X.Y:8080, one address per site, so
# every site is its own host for politeness), scanned by 1, 2 and 4
# `govscore worker` processes against one PostgreSQL database. Reports sites
# per hour, pages per second, peak RSS per worker, the scaling factor and the
# projection for 14,000 sites a day.
#
#   bench/workers.sh [--sites 1000] [--templates 8] [--articles 30]
#                    [--workers "1 2 4"] [--job-threads 8] [--timeout-s 5]
#                    [--govscore PATH]
#
# Needs: nginx, PostgreSQL (scripts/pg-test-server.sh, started if
# GOVSCORE_TEST_PG is unset), psql, GNU time. TEMPLATES distinct sites are
# generated (`govscore sample generate`, different seeds) and each served under
# SITES/TEMPLATES addresses: pages are real files, hosts are distinct.
# Results go to bench/work/workers/results.txt. Loopback only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SITES=1000 TEMPLATES=8 ARTICLES=30 WORKERS="1 2 4" JOB_THREADS=8 TIMEOUT_S=5 PORT=8080
GOVSCORE="$ROOT/build/govscore"
while [ $# -gt 0 ]; do
  case "$1" in
    --sites) SITES=$2; shift 2 ;;
    --templates) TEMPLATES=$2; shift 2 ;;
    --articles) ARTICLES=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --job-threads) JOB_THREADS=$2; shift 2 ;;
    --timeout-s) TIMEOUT_S=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --govscore) GOVSCORE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
die() { echo "workers.sh: $*" >&2; exit 1; }
[ -x "$GOVSCORE" ] || die "no govscore binary at $GOVSCORE (cmake --build build --target govscore)"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx not found"
command -v psql >/dev/null || die "psql not found"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) not found"
[ "$SITES" -le 62500 ] || die "at most 62500 sites (127.0.1.1 … 127.0.250.250)"

WORK="$ROOT/bench/work/workers"
mkdir -p "$WORK"
PG=${GOVSCORE_TEST_PG:-$(bash "$ROOT/scripts/pg-test-server.sh")}

# ---------------------------------------------------------------- sites
for t in $(seq 0 $((TEMPLATES - 1))); do
  if [ ! -f "$WORK/t$t/truth.json" ]; then
    "$GOVSCORE" sample generate "$WORK/t$t" --articles "$ARTICLES" --seed $((100 + t)) --no-tls \
      --port "$PORT" >/dev/null
  fi
done
BLACKHOLE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4096); time.sleep(1e9)' "$BLACKHOLE_PORT" &
BLACKHOLE_PID=$!
ip_of() { echo "127.0.$(($1 / 250 + 1)).$(($1 % 250 + 1))"; }
: >"$WORK/sites.conf"
echo "编码,名称,类型,网站" >"$WORK/units.csv"
for i in $(seq 0 $((SITES - 1))); do
  ip=$(ip_of "$i")
  t=$((i % TEMPLATES))
  # The template's server block, on this site's address; /slow/ never answers.
  sed -e "s/listen 127.0.0.1:[0-9]*;/listen $ip:$PORT;/" \
    -e "s|location /slow/ {[^}]*}|location /slow/ { proxy_pass http://127.0.0.1:$BLACKHOLE_PORT; proxy_read_timeout 600s; }|" \
    "$WORK/t$t/nginx-site.conf" >>"$WORK/sites.conf"
  printf 's%05d,基准站点%d,县,http://%s:%s/\n' "$i" "$i" "$ip" "$PORT" >>"$WORK/units.csv"
done
mkdir -p "$WORK/nginx-tmp"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 65536;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 16384; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  include $WORK/sites.conf;
}
EOF
ulimit -n 65536 2>/dev/null || true
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>"$WORK/nginx-test.log" ||
  die "nginx rejects the config: $(cat "$WORK/nginx-test.log")"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
WORKER_PIDS=()
cleanup() {
  for p in "${WORKER_PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; done
  kill "$NGINX_PID" "$BLACKHOLE_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
LAST_IP=$(ip_of $((SITES - 1)))
for _ in $(seq 100); do
  curl -s -o /dev/null "http://$LAST_IP:$PORT/" && break
  sleep 0.1
done
curl -s -f -o /dev/null "http://$LAST_IP:$PORT/" || die "nginx does not serve http://$LAST_IP:$PORT/"
PAGES_PER_SITE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages"])' "$WORK/t0/truth.json")

# ---------------------------------------------------------------- runs
with_db() { python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG" "$1"; }
RESULTS="$WORK/results.txt"
{
  echo "# bench/workers.sh $(date -u +%FT%TZ): $SITES sites ($TEMPLATES templates × $ARTICLES articles, ~$PAGES_PER_SITE pages each), timeout ${TIMEOUT_S}s, $JOB_THREADS job threads per worker"
  echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-8s %10s %12s %10s %14s %10s %12s\n' workers seconds sites/hour pages/s peak_rss_MiB scaling 14k/day_h
} >"$RESULTS"
BASE_RATE=""
for N in $WORKERS; do
  DBNAME="govscore_workers_bench_$N"
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" -c "CREATE DATABASE $DBNAME" >/dev/null
  DB=$(with_db "$DBNAME")
  "$GOVSCORE" monitor enqueue --db "$DB" --import "$WORK/units.csv" --profile full >"$WORK/enqueue-$N.log"
  START=$(date +%s.%N)
  WORKER_PIDS=()
  for w in $(seq 1 "$N"); do
    /usr/bin/time -f "%M" -o "$WORK/rss-$N-$w.txt" "$GOVSCORE" worker --db "$DB" --name "w$w" \
      --no-schedules --loopback-only --timeout-s "$TIMEOUT_S" --poll-s 0.5 \
      --job-threads "$JOB_THREADS" \
      >"$WORK/worker-$N-$w.log" 2>&1 &
    WORKER_PIDS+=($!)
  done
  while :; do
    LEFT=$(psql -qtA "$DB" -c "SELECT COUNT(*) FROM scan_jobs WHERE state IN ('queued','leased')")
    [ "$LEFT" = 0 ] && break
    for p in "${WORKER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null || die "worker $p died (see $WORK/worker-$N-*.log)"; done
    sleep 1
  done
  END=$(date +%s.%N)
  # The PIDs are GNU time's: stop the workers under them, so that time
  # outlives them and writes their peak RSS.
  for p in "${WORKER_PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; done
  for p in "${WORKER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  WORKER_PIDS=()
  read -r DONE FAILED PAGES < <(psql -qtA -F' ' "$DB" -c "SELECT COUNT(*) FILTER (WHERE state='done'), COUNT(*) FILTER (WHERE state='failed'), COALESCE(SUM((summary_json::json->>'pages')::bigint),0) FROM scans")
  PEAK=0
  for w in $(seq 1 "$N"); do
    r=$(tail -1 "$WORK/rss-$N-$w.txt" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$PEAK" ] 2>/dev/null && PEAK=$r
  done
  python3 - "$N" "$START" "$END" "$DONE" "$PAGES" "$PEAK" "${BASE_RATE:-0}" >>"$RESULTS" <<'EOF'
import sys
n, start, end, done, pages, peak, base = sys.argv[1:]
secs = float(end) - float(start)
rate = int(done) / secs * 3600
scaling = rate / float(base) if float(base) > 0 else 1.0
hours_14k = 14000 / rate if rate > 0 else float("inf")
print(f"{n:<8} {secs:10.1f} {rate:12.0f} {int(pages)/secs:10.1f} {int(peak)/1024:14.1f} {scaling:10.2f} {hours_14k:12.1f}")
EOF
  [ -z "$BASE_RATE" ] && BASE_RATE=$(python3 -c "print($DONE / ($END - $START) * 3600)")
  echo "workers=$N done=$DONE failed=$FAILED pages=$PAGES" >>"$WORK/runs.log"
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null
done
cat "$RESULTS"

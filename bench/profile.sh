#!/usr/bin/env bash
# CPU profile of a whole scan: generates a sample site (2,000 articles by
# default), serves it with nginx on 127.0.0.1 and runs `govscore scan` under
# valgrind's callgrind. Instruction counts (Ir) are robust on a busy machine,
# unlike wall time; the figure to compare between builds is Ir per page.
#
# Usage: bench/profile.sh [--articles N] [--tool callgrind|none] [--out FILE]
#   GOVSCORE=path (default build/govscore). Everything lives in
#   bench/work/profile/ (git-ignored); the callgrind file is
#   bench/work/profile/callgrind.out unless --out says otherwise.
# --tool none runs the scan without valgrind (a wall-time smoke run).
# Differences from bench/scan_bench.sh: /slow/ answers 502 at once (under
# valgrind everything is ~50x slower, so timeouts are raised to 120 s and the
# black hole would only add waiting), and nginx logs nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK="$ROOT/bench/work/profile"
ARTICLES=2000
TOOL=callgrind
OUT=""
GOVSCORE="${GOVSCORE:-$ROOT/build/govscore}"
AS_OF=2024-06-30

die() { echo "profile: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --tool) TOOL="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$ARTICLES" =~ ^[0-9]+$ ]] || die "--articles needs a number"
[ -x "$GOVSCORE" ] || die "no binary at $GOVSCORE (set GOVSCORE=)"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx not found (apt-get install nginx-light)"
if [ "$TOOL" = callgrind ]; then command -v valgrind >/dev/null || die "valgrind not found"; fi
OUT="${OUT:-$WORK/callgrind.out}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p "$WORK/nginx-tmp"
PORT=$(free_port)
TLS_PORT=$(free_port)
CLOSED_PORT=$(free_port)  # nothing listens: /slow/ answers 502 at once
SITE="$WORK/site-$ARTICLES"
rm -rf "$SITE"
"$GOVSCORE" sample generate "$SITE" --articles "$ARTICLES" --as-of "$AS_OF" \
  --port "$PORT" --tls-port "$TLS_PORT" >/dev/null
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
  access_log off;
  sendfile on;
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
sed -e "s|location /slow/ {[^}]*}|location /slow/ { proxy_pass http://127.0.0.1:$CLOSED_PORT; }|" \
  "$SITE/nginx-site.conf" >"$WORK/nginx-site.conf"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.1
done

OFFSITE='www\.shiyan\.gov\.cn|bszs\.conac\.cn|zfwzgl\.www\.gov\.cn|beian\.miit\.gov\.cn|www\.beian\.gov\.cn'
ARGS=(scan "http://127.0.0.1:$PORT/" --max-pages 10000000 --max-depth 0 --concurrency 8
  --per-host 8 --retries 0 --no-compression --allow-network 127.0.0.0/8 --as-of "$AS_OF"
  --exclude "$OFFSITE" --json "$WORK/scan.json")
PAGES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pages"])' "$SITE/truth.json")
if [ "$TOOL" = callgrind ]; then
  valgrind --tool=callgrind --callgrind-out-file="$OUT" --dump-instr=no \
    "$GOVSCORE" "${ARGS[@]}" --timeout 120 >"$WORK/scan.out" 2>"$WORK/valgrind.log"
  total=$(awk '/^summary:|^totals:/ {print $2; exit}' "$OUT")
  echo "profile: $PAGES pages in the truth; Ir total $total; Ir/page $((total / PAGES))"
  echo "profile: callgrind_annotate $OUT | head -60"
else
  /usr/bin/time -f "profile: wall %e s, user %U s, sys %S s, max RSS %M KiB" \
    "$GOVSCORE" "${ARGS[@]}" --timeout 2 >"$WORK/scan.out"
fi
python3 "$ROOT/bench/compare_truth.py" "$SITE/truth.json" scan --json "$WORK/scan.json" \
  --base "http://127.0.0.1:$PORT" --text 2>&1 >/dev/null | tail -3 || true

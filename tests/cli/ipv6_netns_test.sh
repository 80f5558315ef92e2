#!/usr/bin/env bash
# IPv6 support measured across a real (virtual) network, run by ctest as `cli_ipv6_netns`:
#   bash tests/cli/ipv6_netns_test.sh path/to/govscore
#
# The test makes two network namespaces of its own joined by a veth pair — nothing
# it sends can leave them:
#   server  10.231.0.2/24 and fd00:231::2/64, nginx serving the generated sample site
#   client  10.231.0.1/24 and fd00:231::1/64, where `govscore scan --ipv6` runs
# The client resolves www.v6test.gov.cn through its own /etc/hosts (`ip netns exec`
# mounts /etc/netns/NAME/hosts), so the scan's IPv6 check asks the system resolver
# for AAAA records exactly as it does for a real site. Cases:
#   1. nginx on both families, A + AAAA: AAAA found, homepage and every 2nd/3rd-level
#      page reachable over IPv6 (ipv6.link_share 100);
#   2. nginx on IPv4 only, A + AAAA: AAAA found, nothing reachable over IPv6;
#   3. A only: no AAAA, nothing fetched over IPv6;
#   4. the unique-local range not allowed (--allow-network for IPv4 only): the AAAA
#      address is refused by the address policy before any connection.
# Needs root, iproute2 (ip), nginx and python3 (scripts/setup.sh installs them);
# a missing piece fails the test with a message, never skips it.
# Prints one line per failure and a final "N passed, M failed"; exits 1 when anything failed.

set -u
BIN=${1:?usage: ipv6_netns_test.sh path/to/govscore}
BIN=$(readlink -f "$BIN")
TMP=$(mktemp -d)
chmod 755 "$TMP"
SRV=gsv6s$$
CLI=gsv6c$$
HOST=www.v6test.gov.cn

# shellcheck source=tests/cli/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/assert.sh"  # pass/fail counters, ok, ko, expect, finish

cleanup() {
  [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null
  ip netns del "$SRV" 2>/dev/null
  ip netns del "$CLI" 2>/dev/null
  rm -rf "/etc/netns/$CLI" "$TMP"
}
trap cleanup EXIT

for tool in ip nginx python3; do
  command -v "$tool" >/dev/null || { ko "$tool is needed by this test (scripts/setup.sh)"; finish; }
done
[ "$(id -u)" -eq 0 ] || { ko "network namespaces need root (run the suite as root)"; finish; }
[ -x "$BIN" ] || { ko "no govscore binary at $BIN"; finish; }

# The two hosts and the wire between them.
ip netns add "$SRV" && ip netns add "$CLI" || { ko "ip netns add failed"; finish; }
ip link add "v6s$$" netns "$SRV" type veth peer name "v6c$$" netns "$CLI" ||
  { ko "veth pair could not be made"; finish; }
setup_ns() {  # NS IFACE V4 V6
  ip -n "$1" link set lo up
  ip -n "$1" link set "$2" up
  ip -n "$1" addr add "$3/24" dev "$2"
  ip -n "$1" addr add "$4/64" dev "$2" nodad
}
setup_ns "$SRV" "v6s$$" 10.231.0.2 fd00:231::2
setup_ns "$CLI" "v6c$$" 10.231.0.1 fd00:231::1
mkdir -p "/etc/netns/$CLI"
echo "nameserver 127.0.0.1" >"/etc/netns/$CLI/resolv.conf"  # no DNS: hosts file only
hosts() {  # writes the client's /etc/hosts: the A record, and the AAAA one when $1 = aaaa
  { echo "127.0.0.1 localhost"; echo "10.231.0.2 $HOST"
    [ "$1" = aaaa ] && echo "fd00:231::2 $HOST"; } >"/etc/netns/$CLI/hosts"
}

# The sample site (no defects: link results are not the point here), served by nginx.
"$BIN" sample generate "$TMP/site" --port 80 --articles 60 --clean --no-tls --as-of 2026-11-20 \
  >"$TMP/generate.log" 2>&1 || { ko "sample generate failed: $(tail -3 "$TMP/generate.log")"; finish; }
start_nginx() {  # LISTEN-LINES
  [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null && sleep 0.3
  rm -f "$TMP/nginx.pid"
  python3 - "$TMP/site/nginx-site.conf" "$TMP/site.conf" "$1" <<'EOF'
import re, sys
conf = open(sys.argv[1]).read()
conf = re.sub(r"  listen 127\.0\.0\.1:80;\n", sys.argv[3].replace("|", "\n") + "\n", conf, count=1)
conf = conf.replace("server_name localhost;", "server_name _;")
open(sys.argv[2], "w").write(conf)
EOF
  mkdir -p "$TMP/nginx"
  cat >"$TMP/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  include $TMP/site.conf;
}
EOF
  ip netns exec "$SRV" nginx -c "$TMP/nginx.conf" -p "$TMP/nginx" 2>"$TMP/nginx-start.log" ||
    { ko "nginx did not start: $(cat "$TMP/nginx-start.log")"; return 1; }
  for _ in $(seq 1 50); do [ -s "$TMP/nginx.pid" ] && return 0; sleep 0.1; done
  ko "nginx wrote no pid file"
  return 1
}

# scan NAME ARGS...: scans the site from the client host into $TMP/NAME.json.
scan() {
  local name=$1
  shift
  ip netns exec "$CLI" "$BIN" scan "http://$HOST/" --ipv6 --no-external --no-search-probe \
    --quiet --timeout 3 --retries 0 --as-of 2026-11-20 --json "$TMP/$name.json" "$@" \
    >"$TMP/$name.log" 2>&1
  local rc=$?
  expect "$name: scan exits 0 ($(tail -3 "$TMP/$name.log"))" test "$rc" -eq 0
}
# ipv6 NAME EXPR: evaluates a Python expression over the scan's site_facts.ipv6 (as `v`)
# and prints its value.
ipv6() {
  python3 - "$TMP/$1.json" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
v = (doc.get("site_facts") or {}).get("ipv6") or {}
print(eval(sys.argv[2], {"v": v}))
EOF
}
# check NAME EXPR EXPECTED
check() {
  local got
  got=$(ipv6 "$1" "$2" 2>&1)
  expect "$1: $2 = $3 (got: $got)" test "$got" = "$3"
}
ALLOW=(--allow-network 10.231.0.0/24 --allow-network fd00:231::/64)

# 1. Both families.
start_nginx "  listen 10.231.0.2:80;|  listen [fd00:231::2]:80;" || finish
hosts aaaa
scan both "${ALLOW[@]}"
check both "v['site_aaaa']" True
check both "v['homepage']['address']" fd00:231::2
check both "v['homepage']['reachable']" True
check both "v['links'] >= 10" True
check both "v['links_aaaa'] == v['links']" True
check both "v['links_reachable'] == v['links']" True
check both "all(t['address'] == 'fd00:231::2' and t['reachable'] for t in v['targets'])" True

# 2. IPv4 only on the server, the AAAA record still published.
start_nginx "  listen 10.231.0.2:80;" || finish
scan v4only "${ALLOW[@]}"
check v4only "v['site_aaaa']" True
check v4only "v['homepage']['reachable']" False
check v4only "v['homepage']['detail'] != ''" True
check v4only "v['links'] >= 10" True
check v4only "v['links_aaaa'] == v['links']" True
check v4only "v['links_reachable']" 0

# 3. No AAAA record at all.
hosts a
scan noaaaa "${ALLOW[@]}"
check noaaaa "v['site_aaaa']" False
check noaaaa "v['homepage']['address']" ""
check noaaaa "v['links_aaaa']" 0

# 4. The AAAA points into a range the operator did not allow.
start_nginx "  listen 10.231.0.2:80;|  listen [fd00:231::2]:80;" || finish
hosts aaaa
scan refused --allow-network 10.231.0.0/24
check refused "v['site_aaaa']" True
check refused "v['homepage']['reachable']" False
check refused "'不在允许访问的范围内' in v['homepage']['detail']" True
check refused "v['links_reachable']" 0

finish

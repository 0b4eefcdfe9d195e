#!/usr/bin/env bash
# Benchmark harness for Thi Đua (not part of CI). See bench/README.md.
#
#   bash bench/run.sh
#
# Builds the release binary, starts `thidua serve --demo` on a free loopback port with a fresh
# SQLite database in a temp dir, and measures with wrk (from a separate process):
#   (a)  the plan page            GET /ke-hoach/1
#   (b)  the commune search API   GET /api/v1/communes?q=hong+van
# and, in the same run, the machine's ceiling for the same work:
#   (a') nginx serving a static copy of the same plan page (fetched with curl)
#   (b') the same search SQL run straight on the same SQLite file (bench/sqlite_ceiling.py)
# Raw output goes to bench/out/<timestamp>/; a table is printed at the end and saved there.
#
# Knobs (environment):
#   BENCH_THREADS=2 BENCH_CONNS=32 BENCH_DURATION=15s   wrk settings, the same for every subject
#   BENCH_WARMUP=3s                                     unrecorded wrk run before each measured one
#   BENCH_SQLITE_SECONDS=10 BENCH_SQLITE_WORKERS=2      the SQLite read loop
#   BENCH_PLAN_PATH=/ke-hoach/1  BENCH_SEARCH_PATH='/api/v1/communes?q=hong+van'
#   THIDUA_BIN=path   use this binary and skip `cargo build --release`
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNS:-32}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-3s}"
SQLITE_SECONDS="${BENCH_SQLITE_SECONDS:-10}"
SQLITE_WORKERS="${BENCH_SQLITE_WORKERS:-2}"
PLAN_PATH="${BENCH_PLAN_PATH:-/ke-hoach/1}"
SEARCH_PATH="${BENCH_SEARCH_PATH:-/api/v1/communes?q=hong+van}"

log() { printf '\n==== %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  [ "$(id -u)" = 0 ] || die "missing ${need[*]}: run as root or apt-get install them"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v python3 >/dev/null || die "python3 is needed for the SQLite ceiling and the table"

# ---------------------------------------------------------------- build
if [ -n "${THIDUA_BIN:-}" ]; then
  BIN="$THIDUA_BIN"
  log "using THIDUA_BIN=$BIN (no build)"
else
  log "cargo build --release --bin thidua"
  cargo build --release --bin thidua
  BIN="$ROOT/target/release/thidua"
fi
[ -x "$BIN" ] || die "no executable at $BIN"

# ---------------------------------------------------------------- places
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/out/$STAMP"
mkdir -p "$OUT"
TMP="$(mktemp -d -t thidua-bench.XXXXXX)"
SERVER_PID=""
NGINX_PID=""
cleanup() {
  set +e
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_http() { # url, seconds
  local url="$1" deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

{
  echo "date: $STAMP"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') $(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
  echo "binary: $BIN"
  echo "cpus: $(nproc)  mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -r)"
  echo "wrk: $(wrk -v 2>&1 | head -n 1)"
  echo "nginx: $("$NGINX" -v 2>&1)"
  echo "python: $(python3 -c 'import sqlite3, sys; print(sys.version.split()[0], "sqlite", sqlite3.sqlite_version)')"
  echo "wrk settings: -t$THREADS -c$CONNS -d$DURATION (warm-up $WARMUP)"
  echo "sqlite loop: $SQLITE_WORKERS processes x ${SQLITE_SECONDS}s"
} | tee "$OUT/env.txt"

# ---------------------------------------------------------------- our server
PORT="$(free_port)"
DB="$TMP/thidua.db"
BASE="http://127.0.0.1:$PORT"
log "starting thidua on $BASE (database $DB)"
RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve --demo --listen "127.0.0.1:$PORT" --database-url "sqlite://$DB" \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_http "$BASE/healthz" 120 || { tail -n 40 "$OUT/server.log" >&2; die "server not ready on $BASE/healthz"; }

# Each subject must answer 200 before it is measured: a fast 404 measures nothing.
check_200() { # name url
  local code
  code="$(curl -sS -o "$OUT/$1.body" -w '%{http_code}' "$2")"
  [ "$code" = 200 ] || die "$2 answered $code, not 200 (body in $OUT/$1.body)"
  echo "$1: $2 -> 200, $(wc -c <"$OUT/$1.body") bytes"
}
check_200 plan "$BASE$PLAN_PATH"
check_200 search "$BASE$SEARCH_PATH"

# A signed-in session for the authenticated page; the sign-in itself is a subject too.
DEMO_PASSWORD="ThiDua@2026-demo"
COOKIE="$(curl -sS -o /dev/null -D - --data-urlencode "username=hongvan.vhxh" --data-urlencode "password=$DEMO_PASSWORD" \
  "$BASE/dang-nhap" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(thidua_session=[^;]*\).*/\1/p')"
[ -n "$COOKIE" ] || die "could not sign in as hongvan.vhxh"
AUTHED_PATH="/quan-tri/10210"
code="$(curl -sS -o "$OUT/authed.body" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$AUTHED_PATH")"
[ "$code" = 200 ] || die "$AUTHED_PATH answered $code as a signed-in officer"
echo "authed: $BASE$AUTHED_PATH -> 200, $(wc -c <"$OUT/authed.body") bytes"
curl -sS -D - -o /dev/null "$BASE$PLAN_PATH" >"$OUT/plan.headers"

# ---------------------------------------------------------------- nginx with a static copy
NPORT="$(free_port)"
while [ "$NPORT" = "$PORT" ]; do NPORT="$(free_port)"; done
WWW="$TMP/www"
PLAN_FILE="$WWW${PLAN_PATH%%\?*}"
mkdir -p "$(dirname "$PLAN_FILE")" "$TMP/nginx"
cp "$OUT/plan.body" "$PLAN_FILE"
mkdir -p "$WWW$AUTHED_PATH"
cp "$OUT/authed.body" "$WWW$AUTHED_PATH/index.html"
chmod -R a+rX "$TMP"
{
  [ "$(id -u)" = 0 ] && echo "user root;"
  cat <<EOF
worker_processes 2;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $OUT/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type "text/html; charset=utf-8";
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  etag off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $WWW;
    location / { try_files \$uri \$uri/index.html =404; }
  }
}
EOF
} >"$TMP/nginx/nginx.conf"
cp "$TMP/nginx/nginx.conf" "$OUT/nginx.conf"
log "starting nginx on 127.0.0.1:$NPORT (2 workers, static copy of $PLAN_PATH)"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$OUT/nginx-error.log" &
NGINX_PID=$!
NBASE="http://127.0.0.1:$NPORT"
wait_http "$NBASE$PLAN_PATH" 20 || die "nginx not serving $NBASE$PLAN_PATH (see $OUT/nginx-error.log)"
check_200 plan-nginx "$NBASE$PLAN_PATH"
cmp -s "$OUT/plan.body" "$OUT/plan-nginx.body" || die "nginx serves different bytes than the server"

# ---------------------------------------------------------------- measurements
run_wrk() { # name url
  log "wrk $1: $2"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$2" >"$OUT/$1.warmup.txt" 2>&1 || true
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$ROOT/bench/latency.lua" "$2" | tee "$OUT/$1.wrk.txt"
}
run_wrk plan "$BASE$PLAN_PATH"
run_wrk plan-nginx "$NBASE$PLAN_PATH"
run_wrk search "$BASE$SEARCH_PATH"

export BENCH_LATENCY_LUA="$ROOT/bench/latency.lua" BENCH_COOKIE="$COOKIE" BENCH_USER=hongvan.vhxh BENCH_PASSWORD="$DEMO_PASSWORD"
log "wrk authed: $BASE$AUTHED_PATH (signed in)"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$ROOT/bench/authed.lua" "$BASE$AUTHED_PATH" | tee "$OUT/authed.wrk.txt"
run_wrk authed-nginx "$NBASE$AUTHED_PATH/"
log "wrk login: POST $BASE/dang-nhap"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$ROOT/bench/login.lua" "$BASE/dang-nhap" | tee "$OUT/login.wrk.txt"
python3 -c 'import argon2' 2>/dev/null || pip install -q argon2-cffi
log "Argon2id ceiling: verifications straight in C (argon2-cffi), same parameters"
python3 "$ROOT/bench/argon2_ceiling.py" --seconds "$SQLITE_SECONDS" --workers "$SQLITE_WORKERS" | tee "$OUT/login-argon2.txt"

log "SQLite ceiling: the search SQL on $DB"
python3 "$ROOT/bench/sqlite_ceiling.py" "$DB" --seconds "$SQLITE_SECONDS" --workers "$SQLITE_WORKERS" --query brief \
  | tee "$OUT/search-sqlite.txt"
log "SQLite, for reference: the app's own search query (join, plan count, ranking)"
python3 "$ROOT/bench/sqlite_ceiling.py" "$DB" --seconds "$SQLITE_SECONDS" --workers "$SQLITE_WORKERS" --query app \
  | tee "$OUT/search-sqlite-app.txt"

# ---------------------------------------------------------------- table
log "results ($OUT)"
python3 - "$OUT" <<'PY' | tee "$OUT/table.txt"
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
def bench(name):
    for line in (out / name).read_text().splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise SystemExit(f"no BENCH_JSON line in {out / name}")
plan, plan_ng = bench("plan.wrk.txt"), bench("plan-nginx.wrk.txt")
search, sq, sq_app = bench("search.wrk.txt"), bench("search-sqlite.txt"), bench("search-sqlite-app.txt")
authed, authed_ng = bench("authed.wrk.txt"), bench("authed-nginx.wrk.txt")
login, argon = bench("login.wrk.txt"), bench("login-argon2.txt")
rows = [
    ("(a) plan page GET /ke-hoach/1 vs nginx static copy", plan, plan_ng["rps"], plan_ng),
    ("(b) search GET /api/v1/communes?q=hong+van vs raw SQLite loop", search, sq["qps"], sq),
    ("(c) signed-in page GET /quan-tri/10210 vs nginx static copy", authed, authed_ng["rps"], authed_ng),
    ("(d) sign-in POST /dang-nhap vs raw Argon2id verify loop", login, argon["qps"], argon),
]
head = f"{'subject':<62} {'ours /s':>10} {'ceiling /s':>11} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8} {'ceil p50':>9} {'ceil p99':>9}"
print(head)
print("-" * len(head))
for name, ours, ceiling, c in rows:
    ratio = ours["rps"] / ceiling if ceiling else float("nan")
    print(f"{name:<62} {ours['rps']:>10.0f} {ceiling:>11.0f} {ratio:>7.2f} {ours['p50_ms']:>8.2f} {ours['p99_ms']:>8.2f} {c['p50_ms']:>9.3f} {c['p99_ms']:>9.3f}")
print()
print(f"for reference: the app's own search SQL straight on SQLite: {sq_app['qps']:.0f} queries/s "
      f"(p50 {sq_app['p50_ms']:.3f} ms, p99 {sq_app['p99_ms']:.3f} ms)")
bad = []
for label, r in (("plan", plan), ("plan-nginx", plan_ng), ("search", search), ("authed", authed), ("login", login)):
    errs = {k: v for k, v in r.items() if k.startswith("err_") and v}
    if errs:
        bad.append(f"{label}: {errs}")
if bad:
    print("WARNING: wrk saw errors, the rates above include failed requests: " + "; ".join(bad))
print("ours = thidua (wrk req/s); ceiling = nginx req/s (a) or SQLite queries/s (b); ratio = ours / ceiling;")
print("p50/p99 = thidua latency under load (wrk); ceil p50/p99 = the ceiling's (wrk for nginx, per query for SQLite).")
PY

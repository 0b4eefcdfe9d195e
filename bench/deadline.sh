#!/usr/bin/env bash
# Deadline-day benchmark (issue #4). Not part of CI. See bench/README.md.
#
#   bash bench/deadline.sh
#
# For each engine (SQLite, then PostgreSQL): generate the synthetic country with
# `thidua demo --scale national` (every commune with a plan, units, people, a past year of
# accepted reports, and BENCH_REPORTERS unit reporters with API tokens), start `thidua serve`
# on it, and let wrk submit reports concurrently — each request a different unit, with its own
# bearer token, validated, audited and committed durably before the answer. Then, in the same
# run and on the same database server or file settings, measure the database's own ceiling for
# the same writes: a raw insert-and-commit loop (bench/write_ceiling.py for SQLite, pgbench with
# bench/write_ceiling.sql for PostgreSQL). Prints throughput, p50/p99 and the ratio.
#
# Knobs: BENCH_COMMUNES=0 (all 3,321)  BENCH_UNITS=100  BENCH_PEOPLE=1000  BENCH_REPORTERS=40000
#        BENCH_THREADS=2 BENCH_CONNS=32 BENCH_DURATION=10s  BENCH_ENGINES="sqlite postgres"
#        BENCH_PG_ADMIN=postgres://postgres@127.0.0.1:5432/test  THIDUA_BIN=path (skip the build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
COMMUNES="${BENCH_COMMUNES:-0}"
UNITS="${BENCH_UNITS:-100}"
PEOPLE="${BENCH_PEOPLE:-1000}"
REPORTERS="${BENCH_REPORTERS:-40000}"
THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNS:-32}"
DURATION="${BENCH_DURATION:-10s}"
ENGINES="${BENCH_ENGINES:-sqlite postgres}"
PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
SECONDS_RUN="${DURATION%s}"

log() { printf '\n==== %s\n' "$*" >&2; }
command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
command -v pgbench >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client; }
if [ -n "${THIDUA_BIN:-}" ]; then BIN="$THIDUA_BIN"; else
  log "cargo build --release --bin thidua"; cargo build --release --bin thidua; BIN="$ROOT/target/release/thidua"; fi
OUT="$ROOT/bench/out/deadline-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
RESULTS=()

for engine in $ENGINES; do
  if [ "$engine" = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    NAME="thidua_bench_$$"
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
    URL="${PG_ADMIN%/*}/$NAME"
  fi
  log "$engine: generating the country (communes=$COMMUNES units=$UNITS people=$PEOPLE reporters=$REPORTERS)"
  "$BIN" demo --scale national --communes "$COMMUNES" --units "$UNITS" --people "$PEOPLE" \
    --reporters "$REPORTERS" --tokens-file "$WORK/tokens.txt" --database-url "$URL" | tee "$OUT/$engine-generate.txt"
  PORT="$(free_port)"
  THIDUA_DATABASE_URL="$URL" RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" >"$OUT/$engine-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  log "$engine: wrk -t$THREADS -c$CONNS -d$DURATION, one unit per request"
  BENCH_TOKENS="$WORK/tokens.txt" BENCH_THREADS="$THREADS" BENCH_YEAR="$YEAR" \
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s bench/deadline.lua "http://127.0.0.1:$PORT" | tee "$OUT/$engine-wrk.txt"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  # What was acknowledged is stored: versions of this year's reports.
  if [ "$engine" = sqlite ]; then
    STORED="$(sqlite3 "$WORK/bench.db" "SELECT COUNT(*) FROM report_versions v JOIN reports r ON r.id = v.report_id JOIN report_periods p ON p.id = r.period_id WHERE p.year = $YEAR")"
    log "sqlite: ceiling — write_ceiling.py, 4 processes, ${SECONDS_RUN}s"
    python3 bench/write_ceiling.py sqlite "$WORK/ceiling.db" "$SECONDS_RUN" 4 | tee "$OUT/$engine-ceiling.txt"
  else
    STORED="$(psql -tA "$URL" -c "SELECT COUNT(*) FROM report_versions v JOIN reports r ON r.id = v.report_id JOIN report_periods p ON p.id = r.period_id WHERE p.year = $YEAR")"
    psql -q "$URL" -c "CREATE TABLE c_reports (id BIGSERIAL PRIMARY KEY, unit BIGINT UNIQUE, status TEXT, draft TEXT, version BIGINT);
      CREATE TABLE c_versions (report BIGINT, version BIGINT, body TEXT, at BIGINT, PRIMARY KEY (report, version));
      CREATE TABLE c_audit (tenant TEXT, seq BIGINT, body TEXT, hash TEXT, PRIMARY KEY (tenant, seq));
      CREATE TABLE c_heads (tenant TEXT PRIMARY KEY, seq BIGINT);"
    log "postgres: ceiling — pgbench -c$CONNS -j$THREADS -T$SECONDS_RUN with write_ceiling.sql"
    (cd "$WORK" && pgbench -n -c "$CONNS" -j "$THREADS" -T "$SECONDS_RUN" -l -f "$ROOT/bench/write_ceiling.sql" "$URL") | tee "$OUT/$engine-pgbench.txt"
    python3 - "$WORK" "$SECONDS_RUN" <<'PY' | tee "$OUT/$engine-ceiling.txt"
import glob, sys
lat = []
for f in glob.glob(sys.argv[1] + "/pgbench_log.*"):
    for line in open(f):
        lat.append(int(line.split()[2]) / 1000)
lat.sort()
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"RESULT commits={len(lat)} rps={len(lat) / float(sys.argv[2]):.1f} p50_ms={pct(0.5):.2f} p99_ms={pct(0.99):.2f}")
PY
    rm -f "$WORK"/pgbench_log.*
  fi
  APP="$(grep '^RESULT' "$OUT/$engine-wrk.txt")"
  CEIL="$(grep '^RESULT' "$OUT/$engine-ceiling.txt")"
  RESULTS+=("$engine|$APP|$CEIL|$STORED")
  if [ "$engine" = postgres ]; then psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $NAME"; fi
done

{
  echo "| engine | submissions/s | p50 ms | p99 ms | non-2xx | stored versions | DB ceiling commits/s | ceiling p50 ms | ceiling p99 ms | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for r in "${RESULTS[@]}"; do
    IFS='|' read -r engine app ceil stored <<<"$r"
    val() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
    python3 -c "
a=float('$(val "$app" rps)'); c=float('$(val "$ceil" rps)')
print(f'| $engine | {a:.0f} | $(val "$app" p50_ms) | $(val "$app" p99_ms) | $(val "$app" non2xx) | $stored | {c:.0f} | $(val "$ceil" p50_ms) | $(val "$ceil" p99_ms) | {a/c:.2f} |')"
  done
} | tee "$OUT/table.md"

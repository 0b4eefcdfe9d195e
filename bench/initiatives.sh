#!/usr/bin/env bash
# Initiative benchmark (issue #5). Not part of CI. See bench/README.md.
#
#   bash bench/initiatives.sh
#
# For each engine: generate the synthetic country with ~1,000,000 initiatives
# (`thidua demo --scale national --initiatives 301`: every commune's share, with the word index
# and the per-province counts), then `thidua bench-initiatives`, which times in one run:
#   - the whole look-alike check (what the form does before an initiative is sent), half of the
#     probes being accent-stripped, reordered copies of a stored initiative that must be found;
#   - the database lookups of the same checks alone (word counts and candidate query): the
#     ceiling the check could reach if ranking cost nothing;
#   - a commune's list searched for two words;
#   - a primary-key read: the engine's floor for any query.
#
# Knobs: BENCH_COMMUNES=0 (all 3,321)  BENCH_INITIATIVES=301 (per commune)  BENCH_SAMPLES=400
#        BENCH_ENGINES="sqlite postgres"  BENCH_PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
#        THIDUA_BIN=path (skip the build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
COMMUNES="${BENCH_COMMUNES:-0}"
PER="${BENCH_INITIATIVES:-301}"
SAMPLES="${BENCH_SAMPLES:-400}"
ENGINES="${BENCH_ENGINES:-sqlite postgres}"
PG_ADMIN="${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
log() { printf '\n==== %s\n' "$*" >&2; }
if [ -n "${THIDUA_BIN:-}" ]; then BIN="$THIDUA_BIN"; else
  log "cargo build --release --bin thidua"; cargo build --release --bin thidua; BIN="$ROOT/target/release/thidua"; fi
OUT="$ROOT/bench/out/initiatives-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
{ uname -a; nproc; git rev-parse HEAD; } >"$OUT/env.txt"
for engine in $ENGINES; do
  if [ "$engine" = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    NAME="thidua_bench_init_$$"
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $NAME" -c "CREATE DATABASE $NAME"
    URL="${PG_ADMIN%/*}/$NAME"
  fi
  log "$engine: generating (communes=$COMMUNES, $PER initiatives each)"
  /usr/bin/time -v "$BIN" demo --scale national --communes "$COMMUNES" --units 10 --people 0 \
    --initiatives "$PER" --database-url "$URL" >"$OUT/$engine-generate.txt" 2>&1
  grep -E "Đã tạo|Elapsed|Maximum resident" "$OUT/$engine-generate.txt" >&2
  log "$engine: measuring ($SAMPLES samples)"
  RUST_LOG=warn "$BIN" bench-initiatives --samples "$SAMPLES" --database-url "$URL" | tee "$OUT/$engine-bench.txt"
  if [ "$engine" = sqlite ]; then ls -l "$WORK/bench.db" | tee -a "$OUT/$engine-bench.txt"; rm -f "$WORK"/bench.db*; else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $NAME"; fi
done
log "results in $OUT"

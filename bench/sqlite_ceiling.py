#!/usr/bin/env python3
"""The ceiling for the commune search: the same SQL, run straight on the same SQLite file.

No HTTP, no JSON, no pool, no async runtime: N worker processes (not threads, so Python's GIL
does not serialise them), each with its own connection, run the query in a loop for a fixed
time. Prints queries/s and per-query latency percentiles, and one machine-readable line
starting with BENCH_JSON (read by bench/run.sh).

    python3 bench/sqlite_ceiling.py PATH/thidua.db [--seconds 10] [--workers 2] [--query brief|app]

--query brief (default): the plain search query,
    SELECT c.code, c.name FROM communes c
    WHERE c.search_text LIKE '%hong%' AND c.search_text LIKE '%van%' ORDER BY c.code LIMIT 20
--query app: the query the store runs for /api/v1/communes?q=hong+van (a copy of
    crates/store/src/directory.rs search_communes as of 2026-11-21: word-prefix matching, join on
    provinces, plan count per row, ranking), with the values the app binds for "hong van" and the
    API's default limit of 20. A copy: re-check it when search_communes changes.
"""

import argparse
import json
import multiprocessing as mp
import sqlite3
import sys
import time

QUERIES = {
    "brief": (
        "SELECT c.code, c.name FROM communes c "
        "WHERE c.search_text LIKE '%hong%' AND c.search_text LIKE '%van%' "
        "ORDER BY c.code LIMIT 20",
        (),
    ),
    "app": (
        "SELECT c.code, c.name, c.kind, c.province_code, p.name AS province_name, "
        "(SELECT COUNT(*) FROM plans WHERE tenant_code = c.code) AS plan_count "
        "FROM communes c JOIN provinces p ON p.code = c.province_code "
        "WHERE (' ' || c.search_text) LIKE :w1 AND (' ' || c.search_text) LIKE :w2 "
        "ORDER BY CASE WHEN c.short_folded = :folded THEN 0 WHEN c.short_folded LIKE :prefix THEN 1 "
        "WHEN :folded LIKE '%' || c.short_folded || '%' THEN 2 ELSE 3 END, "
        "LENGTH(c.short_folded), c.code "
        "LIMIT 20",
        {"folded": "hong van", "prefix": "hong van%", "w1": "% hong%", "w2": "% van%"},
    ),
}


def connect(path):
    # Read-only, through SQLite's URI form; the server may hold the file open in WAL mode.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    return conn


def worker(path, sql, params, seconds, start_at, out):
    conn = connect(path)
    cur = conn.cursor()
    rows = cur.execute(sql, params).fetchall()  # warm the page cache and the statement cache
    lat_ns = []
    now = time.perf_counter
    while time.time() < start_at:
        time.sleep(0.001)
    t0 = now()
    deadline = t0 + seconds
    n = 0
    while True:
        q0 = time.perf_counter_ns()
        cur.execute(sql, params).fetchall()
        lat_ns.append(time.perf_counter_ns() - q0)
        n += 1
        if now() >= deadline:
            break
    elapsed = now() - t0
    conn.close()
    out.put({"queries": n, "elapsed": elapsed, "rows": len(rows), "lat_ns": lat_ns})


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", help="path of the SQLite database file (thidua.db)")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--query", choices=sorted(QUERIES), default="brief")
    args = ap.parse_args()

    sql, params = QUERIES[args.query]
    try:
        probe = connect(args.db)
        rows = probe.execute(sql, params).fetchall()
        probe.close()
    except sqlite3.Error as e:
        print(f"sqlite_ceiling: cannot run the query on {args.db}: {e}", file=sys.stderr)
        return 1
    if not rows:
        print("sqlite_ceiling: the query returns no row: wrong database?", file=sys.stderr)
        return 1

    print(f"sqlite {sqlite3.sqlite_version}, {args.workers} processes x {args.seconds:g}s, query={args.query}")
    print(f"SQL: {sql}  params={params}")
    print(f"rows per query: {len(rows)}; first: {rows[0]}")

    ctx = mp.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 0.3
    procs = [
        ctx.Process(target=worker, args=(args.db, sql, params, args.seconds, start_at, out))
        for _ in range(args.workers)
    ]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    if any(p.exitcode != 0 for p in procs):
        print("sqlite_ceiling: a worker failed", file=sys.stderr)
        return 1

    total = sum(r["queries"] for r in results)
    elapsed = max(r["elapsed"] for r in results)
    qps = total / elapsed
    lat = sorted(x for r in results for x in r["lat_ns"])
    ms = lambda ns: ns / 1e6  # noqa: E731
    summary = {
        "query": args.query,
        "workers": args.workers,
        "queries": total,
        "duration_s": round(elapsed, 3),
        "qps": round(qps, 2),
        "p50_ms": round(ms(percentile(lat, 50)), 4),
        "p90_ms": round(ms(percentile(lat, 90)), 4),
        "p99_ms": round(ms(percentile(lat, 99)), 4),
        "max_ms": round(ms(lat[-1]), 4),
        "rows": len(rows),
        "sqlite_version": sqlite3.sqlite_version,
    }
    print(f"queries       {total} in {elapsed:.2f}s ({qps:.1f} queries/s)")
    print(
        f"latency (ms)  p50 {summary['p50_ms']:.4f}  p90 {summary['p90_ms']:.4f}  "
        f"p99 {summary['p99_ms']:.4f}  max {summary['max_ms']:.4f}"
    )
    print("BENCH_JSON " + json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

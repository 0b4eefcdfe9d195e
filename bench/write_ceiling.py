"""The database's own ceiling for the writes one report submission makes, measured on the
same engine and settings as the platform: per transaction, upsert a report row, insert a
version with the same body, append an audit row and move that tenant's audit head, then
commit durably. SQLite: WAL + synchronous=FULL, BEGIN IMMEDIATE, as the platform opens it.

    python3 bench/write_ceiling.py sqlite PATH SECONDS WORKERS
Prints "RESULT commits=N rps=R p50_ms=… p99_ms=…". PostgreSQL is measured with pgbench
(bench/write_ceiling.sql), which needs no Python driver."""
import multiprocessing as mp
import sqlite3
import sys
import time

BODY = ('{"sections":{"1":"Tổ chức 4 buổi tuyên truyền về chuyển đổi số, hướng dẫn 120 người dân cài đặt VNeID '
        'và dịch vụ công trực tuyến."},"indicators":{"dvc_truc_tuyen":85,"sang_kien":2,"tap_huan_ky_nang_so":120},'
        '"assessment":"Hoàn thành kế hoạch năm."}')

SCHEMA = """
CREATE TABLE IF NOT EXISTS c_reports (id INTEGER PRIMARY KEY, unit INTEGER UNIQUE, status TEXT, draft TEXT, version INTEGER);
CREATE TABLE IF NOT EXISTS c_versions (report INTEGER, version INTEGER, body TEXT, at INTEGER, PRIMARY KEY (report, version));
CREATE TABLE IF NOT EXISTS c_audit (tenant TEXT, seq INTEGER, body TEXT, hash TEXT, PRIMARY KEY (tenant, seq));
CREATE TABLE IF NOT EXISTS c_heads (tenant TEXT PRIMARY KEY, seq INTEGER);
"""


def worker(path, seconds, wid, out):
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    latencies = []
    unit = wid * 10_000_000
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        unit += 1
        tenant = str(unit % 3321)
        t0 = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO c_reports (unit, status, draft, version) VALUES (?, 'draft', '{}', 0) "
                   "ON CONFLICT (unit) DO NOTHING", (unit,))
        rid = db.execute("UPDATE c_reports SET status = 'submitted', draft = ?, version = version + 1 "
                         "WHERE unit = ? RETURNING id", (BODY, unit)).fetchone()[0]
        db.execute("INSERT INTO c_versions VALUES (?, 1, ?, ?)", (rid, BODY, int(time.time())))
        db.execute("INSERT INTO c_heads VALUES (?, 0) ON CONFLICT (tenant) DO NOTHING", (tenant,))
        seq = db.execute("UPDATE c_heads SET seq = seq + 1 WHERE tenant = ? RETURNING seq", (tenant,)).fetchone()[0]
        db.execute("INSERT INTO c_audit VALUES (?, ?, ?, ?)", (tenant, seq, BODY, "0" * 64))
        db.execute("COMMIT")
        latencies.append(time.perf_counter() - t0)
    out.put(latencies)


def main():
    engine, path, seconds, workers = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    assert engine == "sqlite", "PostgreSQL: use pgbench with bench/write_ceiling.sql"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.close()
    out = mp.Queue()
    procs = [mp.Process(target=worker, args=(path, seconds, i + 1, out)) for i in range(workers)]
    for p in procs:
        p.start()
    lat = []
    for _ in procs:
        lat.extend(out.get())
    for p in procs:
        p.join()
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
    print(f"RESULT commits={len(lat)} rps={len(lat) / seconds:.1f} p50_ms={pct(0.5):.2f} p99_ms={pct(0.99):.2f}")


if __name__ == "__main__":
    main()

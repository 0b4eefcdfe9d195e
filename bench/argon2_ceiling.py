#!/usr/bin/env python3
"""The machine's ceiling for sign-in: Argon2id verifications per second with the parameters the
server uses (argon2 crate defaults: m=19456 KiB, t=2, p=1), in N processes for a fixed time,
with the reference C implementation (argon2-cffi). Prints one BENCH_JSON line.

    python3 bench/argon2_ceiling.py [--seconds 10] [--workers 2]
"""
import argparse
import json
import multiprocessing as mp
import time

from argon2 import PasswordHasher


def worker(seconds, out):
    ph = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16)
    h = ph.hash("ThiDua@2026-demo")
    n, lat = 0, []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        ph.verify(h, "ThiDua@2026-demo")
        lat.append(time.perf_counter() - t)
        n += 1
    out.put((n, lat))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    q = mp.Queue()
    procs = [mp.Process(target=worker, args=(a.seconds, q)) for _ in range(a.workers)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    secs = time.perf_counter() - start
    total = sum(n for n, _ in results)
    lat = sorted(x for _, l in results for x in l)
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] * 1000
    print(f"argon2id verify, {a.workers} processes x {a.seconds:g}s: {total} in {secs:.2f}s ({total / secs:.1f}/s)")
    print("BENCH_JSON " + json.dumps({"qps": total / secs, "p50_ms": pct(50), "p99_ms": pct(99), "count": total}))


if __name__ == "__main__":
    main()

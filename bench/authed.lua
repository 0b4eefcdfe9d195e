-- wrk script: GET a page as a signed-in user (the session cookie from BENCH_COOKIE), then the
-- usual latency report.
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
dofile(os.getenv("BENCH_LATENCY_LUA"))

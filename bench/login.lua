-- wrk script: sign in as a demo account (POST /dang-nhap), then the usual latency report.
-- Each request checks the password with Argon2id, opens a session and writes an audit entry.
wrk.method = "POST"
wrk.body = "username=" .. (os.getenv("BENCH_USER") or "hongvan.vhxh") .. "&password=" .. (os.getenv("BENCH_PASSWORD") or "")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
dofile(os.getenv("BENCH_LATENCY_LUA"))

-- Deadline day: every request is a different unit submitting its report through the API with
-- its own token. Tokens come from `thidua demo --scale national --tokens-file`, one
-- "token tenant unit" per line; each wrk thread takes every n-th line so no unit submits twice.
local tokens = {}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("BENCH_TOKENS") or "tokens.txt"
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == (id - 1) then
      local token, tenant, unit = line:match("(%S+) (%S+) (%S+)")
      table.insert(tokens, { token, tenant, unit })
    end
    i = i + 1
  end
  next_index = 1
  year = os.getenv("BENCH_YEAR") or "2026"
  body = '{"sections": {"1": "Tổ chức 4 buổi tuyên truyền về chuyển đổi số, hướng dẫn 120 người dân cài đặt VNeID và dịch vụ công trực tuyến."}, '
    .. '"indicators": {"tap_huan_ky_nang_so": 120, "dvc_truc_tuyen": 85, "sang_kien": 2}, '
    .. '"assessment": "Hoàn thành kế hoạch năm.", "submit": true}'
end

function request()
  local t = tokens[next_index]
  if t == nil then
    -- Out of units: ask for something harmless so the run can end; counted as non-2xx.
    return wrk.format("GET", "/healthz-out-of-units")
  end
  next_index = next_index + 1
  local headers = { ["Authorization"] = "Bearer " .. t[1], ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/tenants/" .. t[2] .. "/units/" .. t[3] .. "/reports/" .. year, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

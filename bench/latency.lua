-- wrk script: at the end of a run, print latency percentiles and the error counts, as text and
-- as one machine-readable line starting with BENCH_JSON (read by bench/run.sh).
-- wrk reports latency in microseconds; figures here are milliseconds.

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local function ms(us) return us / 1000.0 end
  local p50 = ms(latency:percentile(50))
  local p90 = ms(latency:percentile(90))
  local p99 = ms(latency:percentile(99))
  local p999 = ms(latency:percentile(99.9))
  local rps = summary.requests / secs

  io.write("------------------------------------------------------------\n")
  io.write(string.format("requests      %d in %.2fs (%.1f req/s)\n", summary.requests, secs, rps))
  io.write(string.format("latency (ms)  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n",
    p50, p90, p99, p999, ms(latency.max), ms(latency.mean)))
  io.write(string.format("errors        connect %d  read %d  write %d  timeout %d  status>=400 %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"bytes":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d,"err_status":%d}\n',
    summary.requests, secs, rps, summary.bytes,
    p50, p90, p99, p999, ms(latency.max), ms(latency.mean),
    e.connect, e.read, e.write, e.timeout, e.status))
end

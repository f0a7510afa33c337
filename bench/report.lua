-- wrk script: every request says it came through the TLS proxy, as nginx would,
-- and the summary prints the percentiles wrk does not print by itself (p95).
wrk.headers["X-Forwarded-Proto"] = "https"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d p50_us=%d p95_us=%d p99_us=%d\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

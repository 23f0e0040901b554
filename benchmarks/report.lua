-- wrk script: after wrk's own report (--latency), print the summary as one JSON line for
-- benchmarks/load.py. wrk counts answers with a status above 399 as status errors; socket
-- errors are connect, read, write and timeout errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end

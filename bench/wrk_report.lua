-- wrk's summary as one line of JSON (wrk --latency prints no p95): microseconds, counts.
-- With the argument "uncached" (`wrk ... -s wrk_report.lua URL -- uncached`), every request adds
-- a query parameter never sent before (`_mesure=<thread>-<n>`): no cached copy of the page can
-- answer it, and what is measured is the rendering (with whatever aggregates are cached).
local uncached = false
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  for _, arg in ipairs(args) do
    if arg == "uncached" then uncached = true end
  end
  sent = 0
end

request = function()
  if not uncached then
    return wrk.format()
  end
  sent = sent + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "_mesure=" .. tostring(thread_id) .. "-" .. tostring(sent))
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

-- Each request drawn at random among the paths of a file (one a line), given after "--":
-- `wrk ... -s wrk_random.lua http://host:port -- paths.txt`. Reports as wrk_report.lua does.
local paths = {}
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() * 100 + thread_id)
end

request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

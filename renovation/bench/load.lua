-- The requests of one wrk run of `manage.py bench` (renovation/bench/http_load.py), and the
-- tally it prints when the run is done.
--
-- Arguments (after --): method, a file of request bodies ("-" for none), wrk's thread count.
-- Each line of the file is one request body. Thread i of n sends lines i, i+n, i+2n, ... so
-- no two requests share a line while the lines last (a day's log may be filed once); "{n}" in
-- a line becomes a token unique to the request (thread and counter), so that what the server
-- stored can be matched against what was sent. The headers come from wrk's -H options.

local threads = {}

function setup(thread)
   thread:set("thread_index", #threads)
   table.insert(threads, thread)
end

function init(args)
   method = args[1] or "GET"
   step = tonumber(args[3]) or 1
   bodies = {}
   if args[2] and args[2] ~= "-" then
      for line in io.lines(args[2]) do
         if #line > 0 then
            bodies[#bodies + 1] = line
         end
      end
   end
   position = thread_index
   counter = 0
   statuses = {}
end

function request()
   if #bodies == 0 then
      return wrk.format(method)
   end
   local body = bodies[(position % #bodies) + 1]
   position = position + step
   counter = counter + 1
   body = string.gsub(body, "{n}", thread_index .. "-" .. counter)
   return wrk.format(method, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local merged = {}
   for _, thread in ipairs(threads) do
      local counts = thread:get("statuses") or {}
      for status, n in pairs(counts) do
         merged[status] = (merged[status] or 0) + n
      end
   end
   local parts = {}
   for status, n in pairs(merged) do
      parts[#parts + 1] = string.format('"%d": %d', status, n)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
      '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max, latency.mean,
      table.concat(parts, ", ")))
end

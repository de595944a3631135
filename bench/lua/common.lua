-- Shared by every scenario. The harness writes a small script per run that sets the table `bench`
-- (method, path, paths, body, bodies, tokens_file, run_id, vars...), then loads this file, then appends the
-- scenario's own Lua, which may redefine request() with the helpers below.
--
-- Per thread it counts responses by status; done() prints one line "BENCH_JSON {...}" with the
-- request count, the latency percentiles (microseconds), socket errors and non-2xx responses.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local counter = 0
local tokens = {}
local prepared = {}
local cursor = 0
statuses = {}
non2xx = 0

-- A string unique to this request in this run (run id, wrk invocation, thread, counter): use it for
-- Idempotency-Key headers or unique names.
function unique()
  counter = counter + 1
  return string.format("%s-%s-%d-%d", bench.run_id, invocation, id, counter)
end

-- The next bearer token, round robin over the seeded users (nil when the scenario is anonymous).
function next_token()
  if #tokens == 0 then return nil end
  cursor = cursor + 1
  return tokens[(cursor % #tokens) + 1]
end

-- Headers for a JSON request, with the given token (or none) and any extra headers.
function json_headers(token, extra)
  local h = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
  if token then h["Authorization"] = "Bearer " .. token end
  if extra then for k, v in pairs(extra) do h[k] = v end end
  return h
end

local function load_tokens()
  if not bench.tokens_file then return end
  local f = assert(io.open(bench.tokens_file, "r"))
  for line in f:lines() do
    if #line > 0 then table.insert(tokens, line) end
  end
  f:close()
end

function init(args)
  invocation = args[1] or "0"
  load_tokens()
  -- Requests prepared once: every (token, body) pair, so request() only cycles through strings.
  -- bench.paths (a list) cycles over paths as bench.bodies does over bodies.
  local bodies = bench.bodies or { bench.body or false }
  local paths = bench.paths or { bench.path }
  local n = math.max(#tokens, #bodies, #paths, 1)
  for i = 0, n - 1 do
    local token = #tokens > 0 and tokens[(i % #tokens) + 1] or nil
    local body = bodies[(i % #bodies) + 1] or nil
    table.insert(prepared, wrk.format(bench.method, paths[(i % #paths) + 1], json_headers(token), body))
  end
end

local served = 0
function request()
  served = served + 1
  return prepared[(served % #prepared) + 1]
end

-- A scenario that reads what it got back (an id to use in a later request) defines
-- on_response(status, headers, body) instead of response(): it is called after the counting.
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if on_response then on_response(status, headers, body) end
end

function done(summary, latency, requests)
  local bad, counts = 0, {}
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    for status, n in pairs(t:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', status, n)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"statuses":{%s},' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, bad, table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end

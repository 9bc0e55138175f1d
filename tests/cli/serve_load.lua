-- wrk script of tests/cli/test_serve_load.sh: each connection cycles through a mix of requests,
-- every answer is counted by status, and done() prints what the test reads:
--   status S N            N answers with HTTP status S
--   unexpected S BODY     the first bodies (up to 5) of answers outside the mix's expected class
--   errors connect=N read=N write=N timeout=N
--   total requests=N seconds=S rps=R p50_ms=X p99_ms=Y
-- usage: wrk -s serve_load.lua URL -- valid|bad
--   valid: requests the server must answer 200 (assign and compare are warmed into the cache)
--   bad:   malformed requests it must answer 4xx

local valid = {
    {"GET", "/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=tripp"},
    {"GET", "/corridor/v1/route?from=Baku&to=Kars&avoid=GE&minimize=time&alternatives=3&status=planned"},
    {"GET", "/corridor/v1/route?from=alat%20port&to=Kars&modes=rail,road&tonnes=60&vot=2.5&via=Tbilisi&dwell=p95"},
    {"GET", "/corridor/v1/route?from=Tbilisi&to=Nakhchivan&scenario=no-iran&avoid=IR&alternatives=2"},
    {"GET", "/route/v1/driving/49.892,40.378;45.411,39.216?overview=full&geometries=geojson"},
    {"GET", "/route/v1/any/49.892,40.378;43.1,40.6?alternatives=true"},
    {"GET", "/route/v1/rail/49.892,40.378;47.15,40.618;43.1,40.6?scenario=tripp"},
    {"GET", "/table/v1/rail/49.892,40.378;43.1,40.6;44.793,41.71?annotations=duration,distance"},
    {"GET", "/corridor/v1/nodes?q=ka&limit=3"},
    {"GET", "/corridor/v1/nodes?q=Bak%C4%B1"},
    {"GET", "/corridor/v1/network?scenario=tripp"},
    {"GET", "/corridor/v1/network.geojson"},
    {"GET", "/corridor/v1/scenarios"},
    {"GET", "/corridor/v1/compare?a=base&b=tripp"},
    {"GET", "/corridor/v1/assign?scenario=tripp&method=aon"},
    {"GET", "/health"},
    {"GET", "/"},
    {"GET", "/app.js"},
}

local big15 = string.rep("a", 15 * 1024)     -- fits the 16 KiB request buffer
local big20 = string.rep("a", 20 * 1024)     -- does not: 414, or 431 as a header
local bad = {
    {"GET", "/corridor/v1/routes"},
    {"GET", "/corridor/v2/route?from=Baku&to=Kars"},
    {"GET", "/nothing.html"},
    {"GET", "/vendor/../../etc/passwd"},
    {"GET", "/corridor/v1/route?frm=Baku&to=Kars"},
    {"GET", "/corridor/v1/route?from=Baku&to=Kars&alternatives=99"},
    {"GET", "/corridor/v1/route?from=Baku&to=" .. big15},
    {"GET", "/corridor/v1/nodes?q=x&pad=" .. big15},
    {"GET", "/corridor/v1/nodes?q=" .. big20},
    {"GET", "/route/v1/driving/" .. big20},
    {"GET", "/corridor/v1/network", {["X-Big"] = big20}},
    {"GET", "/corridor/v1/route?from=%C3%28&to=Kars"},
    {"GET", "/corridor/v1/nodes?q=%FF"},
    {"GET", "/corridor/v1/nodes?q=%C0%AF"},
    {"GET", "/corridor/v1/network%C0%AF"},
    {"GET", "/corridor/v1/route?from=Baku%00x&to=Kars"},
    {"GET", "/corridor/v1/nodes?q%00=x"},
    {"GET", "/corridor/v1/network%00.geojson"},
    {"GET", "/%00"},
    {"GET", "/route/v1/driving"},
    {"GET", "/route/v1/driving/49.8,95;45.4,39.2"},
    {"GET", "/route/v1/bicycle/49.892,40.378;43.1,40.6"},
    {"GET", "/table/v1/rail/49.892,40.378;43.1,40.6?sources=5"},
    {"POST", "/corridor/v1/network", {["Content-Type"] = "application/json"}, '{"nodes": []}'},
    {"DELETE", "/corridor/v1/scenarios"},
    {"PUT", "/corridor/v1/route?from=Baku&to=Kars", nil, big15},
    {"GET", "/corridor/v1/network", nil, string.rep("x", 70 * 1024)},
    {"GET", "/corridor/v1/route?from=Baku&to=Kars", {["Host"] = "evil.example"}},
}

local mixes = {
    valid = {list = valid, ok = function(s) return s == 200 end},
    bad = {list = bad, ok = function(s) return s >= 400 and s < 500 end},
}

-- main state: one entry per thread, for done()
local threads = {}

function setup(thread)
    thread:set("offset", #threads)
    table.insert(threads, thread)
end

-- thread state
local requests, ok, n = {}, nil, 0
counts = {}      -- status -> answers
unexpected = {}  -- first bodies outside the expected class: "STATUS BODY"

function init(args)
    local mix = mixes[args[1] or ""]
    if not mix then
        error("serve_load.lua: expected valid or bad after --, found " .. tostring(args[1]))
    end
    ok = mix.ok
    for i, r in ipairs(mix.list) do
        requests[i] = wrk.format(r[1], r[2], r[3] or {}, r[4])
    end
    n = offset * 7  -- threads start at different places in the mix
end

function request()
    n = n % #requests + 1
    return requests[n]
end

function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
    if not ok(status) and #unexpected < 5 then
        table.insert(unexpected, status .. " " .. string.sub(body or "", 1, 300):gsub("\n", " "))
    end
end

function done(summary, latency, reqs)
    local total, shown = {}, 0
    for _, t in ipairs(threads) do
        for s, c in pairs(t:get("counts")) do
            total[s] = (total[s] or 0) + c
        end
        for _, u in ipairs(t:get("unexpected")) do
            if shown < 5 then
                io.write("unexpected ", u, "\n")
                shown = shown + 1
            end
        end
    end
    local statuses = {}
    for s in pairs(total) do table.insert(statuses, s) end
    table.sort(statuses)
    for _, s in ipairs(statuses) do
        io.write(string.format("status %d %d\n", s, total[s]))
    end
    local e = summary.errors
    io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n", e.connect, e.read,
                           e.write, e.timeout))
    local secs = summary.duration / 1e6
    io.write(string.format("total requests=%d seconds=%.1f rps=%.0f p50_ms=%.3f p99_ms=%.3f\n",
                           summary.requests, secs, summary.requests / secs,
                           latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

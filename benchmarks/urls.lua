-- wrk script: every request a URL not sent before (benchmarks/distinct.py builds the same
-- ones; keep the two alike). Called as `wrk ... -s urls.lua URL -- STREAM BASE`; thread i of
-- t sends n = BASE + i, BASE + i + t, ... The summary line is report.lua's.
local letters = "abcdefghijklmnopqrstuvwxyz"
local sorts = {"name", "capital", "currency", "continent", "language", "population", "code", "region"}
local orders = {"asc", "desc"}
local continents = {"africa", "americas", "asia", "europe", "oceania", "antarctic", "south"}
local threads, counter = {}, 0

local function pick(list, i) return list[i + 1] end
local function fl(a, b) return math.floor(a / b) end

local builders = {
  query = function(n)
    local a, b = n % 26 + 1, fl(n, 26) % 26 + 1
    return string.format("/countries?q=%s%s&sort=%s&order=%s&limit=20&offset=%d",
      letters:sub(a, a), letters:sub(b, b), pick(sorts, fl(n, 676) % 8),
      pick(orders, fl(n, 5408) % 2), fl(n, 10816))
  end,
  filters = function(n)
    return string.format("/countries?continent=%s&sort=%s&order=%s&offset=%d&limit=%d",
      pick(continents, n % 7), pick(sorts, fl(n, 7) % 8), pick(orders, fl(n, 56) % 2),
      fl(n, 112) % 50, 1 + fl(n, 5600) % 500)
  end,
  pages = function(n)
    return string.format("/countries?sort=%s&order=%s&offset=%d&limit=%d",
      pick(sorts, n % 8), pick(orders, fl(n, 8) % 2), fl(n, 16) % 250, 250 + fl(n, 4000) % 251)
  end,
}

setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

init = function(args)
  stream, base, step = args[1], tonumber(args[2]), tonumber(args[3])
  build = builders[stream]
end

request = function()
  local n = base + id + counter * step
  counter = counter + 1
  return wrk.format("GET", build(n))
end

-- The summary line, as report.lua prints it: that script, run from beside this one.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

-- wrk: each request exchanges a different single-use online reference (read from REFS), as hotels' scanners would.
-- At the end it prints how many answers had each HTTP status, so a run with refusals is seen for what it is.
local refs = {}
local counter = 0
local threads = 0
local all = {}

function setup(thread)
  thread:set("id", threads)
  thread:set("statuses", {})
  table.insert(all, thread)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("REFS")) do refs[#refs + 1] = line end
  counter = id or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
end

function request()
  counter = counter + 2
  local ref = refs[(counter % #refs) + 1]
  return wrk.format(nil, nil, nil, '{"payload":"' .. ref .. '"}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 and not sample then sample = body:sub(1, 300) end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(all) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
    local s = thread:get("sample")
    if s then io.write("a refusal: " .. s .. "\n") end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\n", status, n)) end
end

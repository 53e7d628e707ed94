-- wrk: each request exchanges a different single-use online reference (read from REFS), as hotels' scanners would.
local refs = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
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

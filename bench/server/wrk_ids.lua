-- GET /execution_failed/{id}/state or PUT /execution_failed/{id}/prepare_compensation with ids
-- read from the file named by WCI_IDS, one per line; WCI_MODE = "state" | "prepare".
local ids = {}
local mode = os.getenv("WCI_MODE") or "state"
for line in io.lines(os.getenv("WCI_IDS")) do ids[#ids + 1] = line end
local counter = 0
local statuses = {}
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
function init(args)
  n = offset
end
function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  if mode == "prepare" then
    return wrk.format("PUT", "/execution_failed/" .. id .. "/prepare_compensation",
      {["Content-Type"] = "application/json", ["Accept"] = "application/json"}, "{}")
  end
  return wrk.format("GET", "/execution_failed/" .. id .. "/state", {["Accept"] = "application/json"})
end

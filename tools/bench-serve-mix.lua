-- wrk script for tools/bench-serve: each connection cycles through the
-- request paths of the file $GRAPPE_PATHS (one per line), each thread
-- starting at another place in the list.
local paths = {}
for line in io.lines(os.getenv("GRAPPE_PATHS")) do paths[#paths + 1] = line end
local threads = 0
function setup(thread)
  thread:set("start", threads * 7)
  threads = threads + 1
end
local at
function request()
  at = ((at or start) % #paths) + 1
  return wrk.format("GET", paths[at])
end

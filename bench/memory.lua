-- Rotate over several requests and stop after a fixed number of responses (one wrk thread).
-- Arguments: limit, then requests as "path" or "path|etag" (sent with If-None-Match).
local limit, reqs, i, n = 100000, {}, 0, 0

init = function(args)
  limit = tonumber(args[1])
  for k = 2, #args do
    local path, etag = args[k]:match("^([^|]+)|?(.*)$")
    local headers = {}
    if etag ~= "" then headers["If-None-Match"] = etag end
    reqs[#reqs + 1] = wrk.format("GET", path, headers)
  end
end

request = function()
  i = i % #reqs + 1
  return reqs[i]
end

response = function(status, headers, body)
  n = n + 1
  if n >= limit then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  io.write(string.format('\nBENCH_JSON {"requests":%d,"duration_us":%d,"errors":%d}\n',
    summary.requests, summary.duration, summary.errors.status + summary.errors.read))
end

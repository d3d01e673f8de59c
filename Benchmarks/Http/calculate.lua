-- wrk script: POSTs tools/call calculate(multiply, 6, 7) to an initialized MCP Streamable HTTP session.
-- Environment: MCP_SESSION (the Mcp-Session-Id from initialize; empty for a stateless server); MCP_REVISION
-- (2025-11-25 unless set; 2026-07-28 sends no session, the Mcp-Method and Mcp-Name headers and the per-request _meta).
-- Each request has its own id (thread number * 1e9 + counter): servers refuse an id already in flight.
-- done() prints one JSON line: requests, seconds, req/s, p50/p99 latency (µs), non-2xx and socket errors, bad bodies.
local session = os.getenv("MCP_SESSION") or ""
local revision = os.getenv("MCP_REVISION") or "2025-11-25"
local modern = revision == "2026-07-28"
local meta = modern
  and ',"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
  or ''
local threads = {}
local counter = 0
local bad = 0
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("tid", thread_number)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json, text/event-stream"
  wrk.headers["MCP-Protocol-Version"] = revision
  if modern then
    wrk.headers["Mcp-Method"] = "tools/call"
    wrk.headers["Mcp-Name"] = "calculate"
  elseif session ~= "" then
    wrk.headers["Mcp-Session-Id"] = session
  end
end

function request()
  counter = counter + 1
  local id = tid * 1000000000 + counter
  local body = '{"jsonrpc":"2.0","id":' .. id ..
    ',"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"multiply","a":6,"b":7}' .. meta .. '}}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"structuredContent":{"result":42}', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  for _, thread in ipairs(threads) do
    total_bad = total_bad + (thread:get("bad") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"reqPerSec":%.1f,"p50Us":%.1f,"p99Us":%.1f,"non2xx":%d,"socketErrors":%d,"badBodies":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    total_bad))
end

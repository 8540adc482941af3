-- Sluice's HAProxy actions: they carry out an agent verdict that HAProxy's own rules cannot.
-- haproxy.cfg loads this file (lua-load-per-thread: the actions keep no state) and calls the
-- actions after the agent answered; the agent's transaction variables (txn.sluice.*) say what
-- to do. Needs HAProxy 2.4 or later built with Lua (Debian's and the official images are);
-- nothing here reads a raw value: the header values the agent sends are already masked.
--
-- Why Lua: HAProxy's "return" takes a fixed status, its header actions a fixed name, and its
-- log-format strings escape control bytes. A reply built here takes the status, the fields and
-- the bytes the agent decided, whatever they are.

-- Fields a replacement body must not inherit from the answer it replaces: its framing (HAProxy
-- frames the reply), its coding (the agent returns the body decoded) and hop-by-hop fields.
local NOT_INHERITED = {
    ["content-length"] = true, ["transfer-encoding"] = true, ["content-encoding"] = true,
    ["connection"] = true, ["keep-alive"] = true, ["proxy-connection"] = true,
    ["upgrade"] = true, ["te"] = true, ["trailer"] = true,
}

-- The agent's header list: "name: value\r\n" per field, in order; a line "name\r\n" without a
-- colon names a header whose fields are all removed. Returns the names in first-seen order and,
-- per name, its values in order (an empty list for a removed name).
local function header_list(text)
    local names, values = {}, {}
    if text == nil then
        return names, values
    end
    for line in string.gmatch(text, "([^\r\n]*)\r\n") do
        local colon = string.find(line, ":", 1, true)
        local name = colon and string.sub(line, 1, colon - 1) or line
        if name ~= "" then
            if values[name] == nil then
                names[#names + 1] = name
                values[name] = {}
            end
            if colon then
                local list = values[name]
                list[#list + 1] = string.gsub(string.sub(line, colon + 1), "^ ", "", 1)
            end
        end
    end
    return names, values
end

-- Calls add(name, value) for each field of a header list, in order.
local function each_field(names, values, add)
    for _, name in ipairs(names) do
        for _, value in ipairs(values[name]) do
            add(name, value)
        end
    end
end

-- Replaces every field of each header the agent rewrote with the agent's values, in order.
local function rewrite_headers(names, values, del, add)
    for _, name in ipairs(names) do
        del(name)
    end
    each_field(names, values, add)
end

-- A request whose header fields hold values the policy redacts goes on with them masked.
core.register_action("sluice_redact_request", { "http-req" }, function(txn)
    local names, values = header_list(txn:get_var("txn.sluice.headers"))
    rewrite_headers(names, values,
        function(name) txn.http:req_del_header(name) end,
        function(name, value) txn.http:req_add_header(name, value) end)
end)

-- A response the policy redacts: its header fields rewritten in place, or, when the agent sent
-- a redacted body, an answer with the response's status, its fields (rewritten ones replaced)
-- and the agent's body in place of the original. A gRPC answer keeps its own trailers instead:
-- its body is replaced as it is forwarded (the gRPC response filter below), its fields here.
core.register_action("sluice_redact_response", { "http-res" }, function(txn)
    local names, values = header_list(txn:get_var("txn.sluice.headers"))
    local body = txn:get_var("txn.sluice.body")
    if body == nil or txn:get_var("txn.sluice_res.body_filter") then
        rewrite_headers(names, values,
            function(name) txn.http:res_del_header(name) end,
            function(name, value) txn.http:res_add_header(name, value) end)
        return
    end
    local reply = txn:reply()
    reply:set_status(txn.f:status())
    for name, fields in pairs(txn.http:res_get_headers()) do
        if not NOT_INHERITED[name] and values[name] == nil then
            local i = 0
            while fields[i] ~= nil do
                reply:add_header(name, fields[i])
                i = i + 1
            end
        end
    end
    each_field(names, values, function(name, value) reply:add_header(name, value) end)
    reply:set_body(body)
    txn:done(reply)
end)

-- A body the policy redacts, replaced as HAProxy forwards it: a filter, as only a filter may
-- change a message's payload. Two of them, one per direction:
--   lua.sluice_request_body (frontend): a request's body; haproxy.cfg has removed its
--     Content-Length and Content-Encoding first (it goes on decoded, chunked over HTTP/1.1);
--   lua.sluice_grpc_response_body (the gRPC and grpc-web backends): a gRPC answer's messages, its
--     trailers (grpc-status) kept as the service sent them, which a Lua answer cannot carry, and a
--     grpc-web answer's frames, whose heads hold NUL bytes, which a Lua answer cannot carry either.
-- haproxy.cfg saves how many body bytes the agent was sent (seen_var) just before it asks: the
-- filter puts the agent's body in place of exactly those bytes, so what arrived after them (a
-- long gRPC stream's later messages, which the agent never saw) follows unchanged, and no byte
-- is dropped or repeated. Should those bytes not all be there, the filter fails the stream rather
-- than let the original through.
local function body_filter(id, response, seen_var)
    local f = { id = id, flags = filter.FLT_CFG_FL_HTX }
    f.__index = f

    function f:new()
        return setmetatable({ seen = false }, f)
    end

    -- Called once the rules have run (the agent has answered): only a message with a redacted
    -- body has its payload filtered.
    function f:http_headers(txn, msg)
        if msg:is_resp() == response and txn:get_var("txn.sluice.action") == "redact"
                and txn:get_var("txn.sluice.body") ~= nil then
            filter.register_data_filter(self, msg.channel)
        end
    end

    -- The first call holds at least the bytes the agent saw (HAProxy waited for them before it
    -- asked, and forwards nothing before this call).
    function f:http_payload(txn, msg)
        if self.seen or msg:is_resp() ~= response then
            return
        end
        self.seen = true
        local body = txn:get_var("txn.sluice.body")
        local seen = txn:get_var(seen_var)
        if body == nil then
            return
        end
        if seen == nil or msg:input() < seen then
            return filter.ERROR
        end
        msg:set(body, 0, seen)
    end

    return f
end

core.register_filter("sluice_request_body", body_filter("sluice request body", false, "txn.sluice_req.seen"),
    function(f, args) return f end)
core.register_filter("sluice_grpc_response_body",
    body_filter("sluice gRPC response body", true, "txn.sluice_res.seen"), function(f, args) return f end)

-- A refusal with the route's own answer (the policy's block_response): its status, content
-- type, header fields and body, the event id in it. Never stored by a cache.
core.register_action("sluice_refuse", { "http-req", "http-res" }, function(txn)
    local reply = txn:reply()
    reply:set_status(txn:get_var("txn.sluice.block_status"))
    reply:add_header("content-type", txn:get_var("txn.sluice.block_type"))
    reply:add_header("cache-control", "no-store")
    local names, values = header_list(txn:get_var("txn.sluice.block_headers"))
    each_field(names, values, function(name, value) reply:add_header(name, value) end)
    reply:set_body(txn:get_var("txn.sluice.block_body") or "")
    txn:done(reply)
end)

-- Whether HAProxy's buffer filled before a body without a declared length (chunked, or HTTP/2
-- without content-length) ended: its wait for the body then stopped where the buffer did, and
-- the agent would read a cut body as whole (a mask on its start followed by the unseen rest, a
-- card past the cut passed as inspected). A declared length shows a cut by itself. The buffer
-- cannot take another byte exactly when it is full; a body that ended exactly there counts as
-- cut too, which only leaves it to the route's fail rule for limits.
local function buffer_full(channel_of, var)
    return function(txn)
        if not channel_of(txn):may_recv() then
            txn:set_var(var, true)
        end
    end
end

core.register_action("sluice_request_cut", { "http-req" },
    buffer_full(function(txn) return txn.req end, "txn.sluice_req.cut"))
core.register_action("sluice_response_cut", { "http-res" },
    buffer_full(function(txn) return txn.res end, "txn.sluice_res.cut"))

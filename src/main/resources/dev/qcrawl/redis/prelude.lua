-- Shared by every script of a crawl (prepended to each). KEYS: see dev.qcrawl.redis.Keys.
-- A URL has a number (ids: URL -> id) and a node (nodes: id -> "DEPTH TAB URL", then TAB and its visit once
-- stored). DEPTH is empty for a URL that is only a redirect's target. A visit is "@" and the id of the node whose
-- visit it shares (a redirect's target), or "STATUS TAB TYPE TAB ERROR TAB FETCHED TAB LINKS", LINKS being the
-- ids of its links, space-separated, each followed by "*N" when the page links to it N > 1 times.
local meta, queue, seq, jobscore, leases, ids, nodes, loading, roots =
    KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]

local function now()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- depth (string, maybe empty), URL and visit (or nil) of a node
local function split_node(v)
    local a = string.find(v, '\t', 1, true)
    local b = string.find(v, '\t', a + 1, true)
    if b then
        return string.sub(v, 1, a - 1), string.sub(v, a + 1, b - 1), string.sub(v, b + 1)
    end
    return string.sub(v, 1, a - 1), string.sub(v, a + 1), nil
end

-- On a crawl spread over partitions (a Redis Cluster), each partition's ids end with its own suffix ("." and its
-- number, meta's field "part"); the ids of other partitions' nodes cannot be read here.
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local part = nil
local function suffix()
    if not part then part = redis.call('HGET', meta, 'part') or '' end
    return part
end
local function is_local(id)
    local p = suffix()
    if p == '' then return true end
    return string.sub(id, -string.len(p)) == p and not string.find(string.sub(id, 1, -string.len(p) - 1), '.', 1, true)
end

local function new_id(url, d)
    local n = redis.call('HINCRBY', meta, 'ids', 1)
    local id = ''
    repeat
        local r = n % 36
        id = string.sub(DIGITS, r + 1, r + 1) .. id
        n = (n - r) / 36
    until n == 0
    id = id .. suffix()
    redis.call('HSET', ids, url, id)
    redis.call('HSET', nodes, id, d .. '\t' .. url)
    return id
end

-- the id of a URL, given one (not reached) if it has none
local function id_of(url)
    return redis.call('HGET', ids, url) or new_id(url, '')
end

-- reaches a URL at depth d: its id, and whether d is its new shallowest depth
local function reach(url, d)
    local id = redis.call('HGET', ids, url)
    if not id then return new_id(url, d), true end
    local v = redis.call('HGET', nodes, id)
    local tab = string.find(v, '\t', 1, true)
    local old = tonumber(string.sub(v, 1, tab - 1))
    if old and old <= d then return id, false end
    redis.call('HSET', nodes, id, d .. string.sub(v, tab))
    return id, true
end

-- queues the job "DEPTH ID" in the crawl's order
local function enqueue(id, url, d, qtype)
    local n = redis.call('INCR', seq)
    local score
    if qtype == 'fifo' then score = n
    elseif qtype == 'lifo' then score = -n
    else score = string.len(url) * 4294967296 + n end
    local member = d .. ' ' .. id
    local s = string.format('%.0f', score)
    redis.call('ZADD', queue, s, member)
    redis.call('HSET', jobscore, member, s)
end

-- a stored visit as Java reads it (dev.qcrawl.redis.VisitCodec): the head line, then "N URL" per link
local function expand(visit)
    local out = {}
    local fields = 0
    local links = nil
    for i = 1, 4 do
        local tab = string.find(visit, '\t', fields + 1, true)
        fields = tab
    end
    out[1] = string.sub(visit, 1, fields - 1)
    links = string.sub(visit, fields + 1)
    for link in string.gmatch(links, '%S+') do
        local star = string.find(link, '*', 1, true)
        local id, n = link, '1'
        if star then id, n = string.sub(link, 1, star - 1), string.sub(link, star + 1) end
        if is_local(id) then
            local _, url = split_node(redis.call('HGET', nodes, id))
            out[#out + 1] = n .. ' ' .. url
        else
            out[#out + 1] = n .. ' #' .. id -- read by the caller from the id's partition
        end
    end
    return table.concat(out, '\n')
end

-- the id of the node that holds the visit {id} refers to: this partition's references followed (at most
-- REF_HOPS), stopping at a node with its own visit or none, or at another partition's node
local REF_HOPS = 8
local function holder(id)
    for _ = 1, REF_HOPS do
        if not is_local(id) then return id end
        local _, _, visit = split_node(redis.call('HGET', nodes, id))
        if not (visit and string.sub(visit, 1, 1) == '@') then return id end
        id = string.sub(visit, 2)
    end
    return id
end

-- the visit of a node, following redirects' references: nil if none is stored (yet), or "@" and the id of the
-- node that has it when that node is in another partition
local function stored_visit(id)
    local _, _, visit = split_node(redis.call('HGET', nodes, id))
    if visit and string.sub(visit, 1, 1) == '@' then
        local at = holder(string.sub(visit, 2))
        if not is_local(at) then return '@' .. at end
        _, _, visit = split_node(redis.call('HGET', nodes, at))
        if visit and string.sub(visit, 1, 1) == '@' then return nil end
    end
    return visit
end

-- a stored visit for the caller: expanded, or "@ID" of another partition's node
local function shown(visit)
    if string.sub(visit, 1, 1) == '@' then return visit end
    return expand(visit)
end

-- the key of a host's politeness (what: slots or next), beside the crawl's other keys (in its hash tag)
local function host_key(what, origin)
    return string.sub(meta, 1, -5) .. what .. ':' .. origin
end

-- the origin of a normalized URL, scheme://host:port, as dev.qcrawl.links.Origins writes it; nil if it has none
local function origin_of(url)
    local scheme, authority = string.match(url, '^(%a[%w+.-]*)://([^/?#]*)')
    if not scheme or authority == '' then return nil end
    scheme = string.lower(scheme)
    authority = string.gsub(authority, '^.*@', '')
    local host, port = string.match(authority, '^(.*):(%d+)$')
    if not host then
        host, port = authority, (scheme == 'https' and '443' or '80')
    end
    return scheme .. '://' .. string.lower(host) .. ':' .. tonumber(port)
end

-- a host's next start in ms (0 if none), and when a slot's token booked it: the next start before, and the token.
-- It is kept as "NEXT", or "NEXT BEFORE TOKEN".
local function next_start(next_key)
    local v = redis.call('GET', next_key)
    if not v then return 0 end
    local at, before, token = string.match(v, '^(%d+) (%d+) (%S+)$')
    if at then return tonumber(at), tonumber(before), token end
    return tonumber(v)
end

-- spaces request starts to a host: 0 (and the next start is not allowed before spacing ms from now, booked by
-- token if given), or the milliseconds until a start is allowed
local function pace(next_key, t, spacing, token)
    local next = next_start(next_key)
    if next > t then return next - t end
    if spacing > 0 then
        local v = string.format('%.0f', t + spacing)
        if token then v = v .. ' ' .. string.format('%.0f', next) .. ' ' .. token end
        redis.call('SET', next_key, v, 'PX', spacing + 1000)
    end
    return 0
end

-- a slot given back unused (its job made no request): the next start it booked, unless another was booked since,
-- is the one before it again, so the delay spaces requests, not jobs
local function unbook(next_key, token)
    local _, before, by = next_start(next_key)
    if by ~= token then return end
    local left = before - now()
    if left > 0 then
        redis.call('SET', next_key, string.format('%.0f', before), 'PX', left + 1000)
    else
        redis.call('DEL', next_key)
    end
end

-- takes a request slot of a host: 0, -1 if every slot is taken, or the milliseconds until the next start is allowed
local function enter_host(slots, next_key, t, token, per_host, spacing, slot_lease)
    redis.call('ZREMRANGEBYSCORE', slots, '-inf', t)
    if redis.call('ZCARD', slots) >= per_host then return -1 end
    local wait = pace(next_key, t, spacing, token)
    if wait ~= 0 then return wait end
    redis.call('ZADD', slots, t + slot_lease, token)
    redis.call('PEXPIRE', slots, slot_lease)
    return 0
end

-- gives back the request slots listed from ARGV[at]: their number, then origin and token of each (slots of this
-- partition whose requests are over, sent with the next script here; a token after "!" is of a slot no request
-- used). Returns the index of the next argument.
local function give_back(at)
    local n = tonumber(ARGV[at])
    for i = at + 1, at + 2 * n, 2 do
        local token = ARGV[i + 1]
        if string.sub(token, 1, 1) == '!' then
            token = string.sub(token, 2)
            unbook(host_key('next', ARGV[i]), token)
        end
        redis.call('ZREM', host_key('slots', ARGV[i]), token)
    end
    return at + 1 + 2 * n
end

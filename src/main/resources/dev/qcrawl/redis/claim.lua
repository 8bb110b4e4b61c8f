-- ARGV: URL, job depth, lease in ms, then for a request slot of the URL's host (KEYS[10], KEYS[11]): token ("" for
-- none), slots per host, spacing in ms, slot lease in ms. Returns "stale", "v" + the stored visit, "busy" (another
-- holds a live claim to load it), "mine" (the caller now holds the claim) or "mine+" (and a slot of the host).
local id = redis.call('HGET', ids, ARGV[1])
local d, _, own = split_node(redis.call('HGET', nodes, id))
if d ~= '' and tonumber(d) < tonumber(ARGV[2]) then return 'stale' end
if own then
    local visit = stored_visit(id)
    if not visit then return 'busy' end
    return 'v' .. shown(visit)
end
local t = now()
local l = redis.call('HGET', loading, id)
if l and tonumber(l) > t then return 'busy' end
redis.call('HSET', loading, id, t + tonumber(ARGV[3]))
if ARGV[4] ~= '' and enter_host(KEYS[10], KEYS[11], t, ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])) == 0 then
    return 'mine+'
end
return 'mine'

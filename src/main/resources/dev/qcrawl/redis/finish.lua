-- ARGV: URL, job depth, max depth, queue type, the loaded visit's head ("" if none: STATUS TAB TYPE TAB ERROR TAB
-- FETCHED), fetched (1/0), failed (1/0), a slot token of KEYS[10] to give back ("" for none), then per link its URL,
-- multiplicity and id: "" for a link of this partition, reached here; the id for one reached in its own partition. Reaches the links, stores the visit (the first one wins; counted once), ends the lease.
-- Returns the number of jobs queued.
local cd, maxd = tonumber(ARGV[2]) + 1, tonumber(ARGV[3])
local loaded = ARGV[5] ~= ''
local links = {}
local queued = 0
for i = 9, #ARGV, 3 do
    local lid = ARGV[i + 2]
    if lid == '' then
        local new
        lid, new = reach(ARGV[i], cd)
        if new and cd <= maxd then
            enqueue(lid, ARGV[i], cd, ARGV[4])
            queued = queued + 1
        end
    end
    if loaded then links[#links + 1] = ARGV[i + 1] == '1' and lid or (lid .. '*' .. ARGV[i + 1]) end
end
local id = redis.call('HGET', ids, ARGV[1])
if loaded then
    local v = redis.call('HGET', nodes, id)
    local _, _, visit = split_node(v)
    if not visit then
        redis.call('HSET', nodes, id, v .. '\t' .. ARGV[5] .. '\t' .. table.concat(links, ' '))
    end
    if redis.call('HDEL', loading, id) == 1 then
        if ARGV[6] == '1' then redis.call('HINCRBY', meta, 'fetched', 1) end
        if ARGV[7] == '1' then redis.call('HINCRBY', meta, 'failures', 1) end
    end
end
local member = ARGV[2] .. ' ' .. id
redis.call('ZREM', leases, member)
redis.call('HDEL', jobscore, member)
if ARGV[8] ~= '' then redis.call('ZREM', KEYS[10], ARGV[8]) end
return queued

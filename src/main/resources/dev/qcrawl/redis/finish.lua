-- Finishes pages of this partition, in one call. ARGV: max depth, queue type, the slots of this partition to give
-- back (see give_back), then per page: URL, job depth, the loaded visit's head ("" if none: STATUS TAB TYPE TAB
-- ERROR TAB FETCHED), fetched (1/0), failed (1/0), its number of links, then per link its URL, multiplicity and id:
-- "" for a link of this partition, reached here; the id for one reached in its own partition. Each page's links
-- are reached, its visit stored (the first one wins; counted once) and its lease ended. Returns the number of jobs
-- queued.
local maxd, qtype = tonumber(ARGV[1]), ARGV[2]
local queued = 0
local i = give_back(3)
while i <= #ARGV do
    local url, jd, head, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 5])
    local fetched, failed = ARGV[i + 3], ARGV[i + 4]
    local cd = tonumber(jd) + 1
    local loaded = head ~= ''
    local links = {}
    for l = i + 6, i + 3 + 3 * n, 3 do
        local lid = ARGV[l + 2]
        if lid == '' then
            local new
            lid, new = reach(ARGV[l], cd)
            if new and cd <= maxd then
                enqueue(lid, ARGV[l], cd, qtype)
                queued = queued + 1
            end
        end
        if loaded then links[#links + 1] = ARGV[l + 1] == '1' and lid or (lid .. '*' .. ARGV[l + 1]) end
    end
    i = i + 6 + 3 * n
    local id = redis.call('HGET', ids, url)
    if loaded then
        local v = redis.call('HGET', nodes, id)
        local _, _, visit = split_node(v)
        if not visit then
            redis.call('HSET', nodes, id, v .. '\t' .. head .. '\t' .. table.concat(links, ' '))
        end
        if redis.call('HDEL', loading, id) == 1 then
            if fetched == '1' then redis.call('HINCRBY', meta, 'fetched', 1) end
            if failed == '1' then redis.call('HINCRBY', meta, 'failures', 1) end
        end
    end
    local member = jd .. ' ' .. id
    redis.call('ZREM', leases, member)
    redis.call('HDEL', jobscore, member)
end
return queued

-- Takes a job and claims its page, in one call. ARGV: lease in ms, then for a request slot of the page's host
-- (its keys named here from the job's URL, in the crawl's hash tag): token ("" for none), slots per host (in this
-- partition), spacing in ms, slot lease in ms; then the slots of this partition to give back first (see give_back).
-- Expired leases go back to the queue first; a job made stale by a shallower one is finished
-- here. Returns "" when the crawl is complete (nothing queued, nothing leased), nil when every job left is leased
-- elsewhere, or the job taken (now leased) as {what, depth, URL, more}: what is "mine" (the caller now holds the
-- claim to load the page; more is the origin whose slot it holds with the token, or ""), "v" (more: the stored
-- visit, expanded, or "@ID" of another partition's node) or "busy" (another process is loading the page); or
-- {"full", ...} when every job looked at is of a host with no free slot (they stay queued), {"again", ...} after a
-- hundred stale jobs.
give_back(6)
local t = now()
local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', t, 'LIMIT', 0, 100)
for _, m in ipairs(expired) do
    redis.call('ZREM', leases, m)
    redis.call('ZADD', queue, redis.call('HGET', jobscore, m) or '0', m)
end
-- Jobs whose host has no free slot (or must wait for its next start) stay queued, in their place: up to FULL of
-- them are passed over for a job of another host.
local FULL = 8
local passed = {}
local function pass_back(answer)
    for _, m in ipairs(passed) do redis.call('ZADD', queue, redis.call('HGET', jobscore, m) or '0', m) end
    return answer
end
for _ = 1, 100 do
    local popped = redis.call('ZPOPMIN', queue)
    if not popped[1] then
        if #passed > 0 then return pass_back({'full', '', '', ''}) end
        if redis.call('ZCARD', leases) == 0 then return 'E' .. (redis.call('GET', seq) or '0') end
        return false
    end
    local m = popped[1]
    local space = string.find(m, ' ', 1, true)
    local jd, id = string.sub(m, 1, space - 1), string.sub(m, space + 1)
    local d, url, own = split_node(redis.call('HGET', nodes, id))
    local origin = ARGV[2] ~= '' and origin_of(url) or nil
    local l = redis.call('HGET', loading, id)
    if d ~= '' and tonumber(d) < tonumber(jd) then
        redis.call('HDEL', jobscore, m) -- stale: a shallower job for the URL exists
    elseif own or (l and tonumber(l) > t) or not origin or enter_host(host_key('slots', origin),
            host_key('next', origin), t, ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])) == 0 then
        redis.call('ZADD', leases, t + tonumber(ARGV[1]), m)
        if own then
            local visit = stored_visit(id)
            if not visit then return pass_back({'busy', jd, url, ''}) end
            return pass_back({'v', jd, url, shown(visit)})
        end
        if l and tonumber(l) > t then return pass_back({'busy', jd, url, ''}) end
        redis.call('HSET', loading, id, t + tonumber(ARGV[1]))
        return pass_back({'mine', jd, url, origin or ''})
    else
        passed[#passed + 1] = m
        if #passed >= FULL then return pass_back({'full', '', '', ''}) end
    end
end
return pass_back({'again', '', '', ''}) -- a hundred stale jobs in a row: ask again

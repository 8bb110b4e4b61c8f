-- After a failover, writes a dead primary acknowledged but never passed to its replica may be lost. ARGV: max depth,
-- queue type, then per URL of this partition to crawl again: URL, depth, 1 to forget its stored visit first (its
-- links name nodes that were lost, so its page is loaded again) else 0. Each is reached at the depth and queued.
-- Returns the number of jobs queued.
local maxd = tonumber(ARGV[1])
local queued = 0
for i = 3, #ARGV, 3 do
    local url, d = ARGV[i], tonumber(ARGV[i + 1])
    local id = reach(url, d)
    if ARGV[i + 2] == '1' then
        local depth, u = split_node(redis.call('HGET', nodes, id))
        redis.call('HSET', nodes, id, depth .. '\t' .. u)
    end
    if d <= maxd then
        enqueue(id, url, d, ARGV[2])
        queued = queued + 1
    end
end
return queued

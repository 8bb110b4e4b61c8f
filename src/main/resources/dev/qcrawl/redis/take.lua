-- ARGV: lease in ms. Expired leases go back to the queue first. Returns "DEPTH URL" of the job taken (now
-- leased), "" when the crawl is complete (nothing queued, nothing leased), or nil when jobs are leased elsewhere.
local t = now()
local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', t, 'LIMIT', 0, 100)
for _, m in ipairs(expired) do
    redis.call('ZREM', leases, m)
    redis.call('ZADD', queue, redis.call('HGET', jobscore, m) or '0', m)
end
local popped = redis.call('ZPOPMIN', queue)
if popped[1] then
    local m = popped[1]
    redis.call('ZADD', leases, t + tonumber(ARGV[1]), m)
    local space = string.find(m, ' ', 1, true)
    local _, url = split_node(redis.call('HGET', nodes, string.sub(m, space + 1)))
    return string.sub(m, 1, space) .. url
end
if redis.call('ZCARD', leases) == 0 then return '' end
return false

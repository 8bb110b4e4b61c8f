-- ARGV: URL, job depth, 1 if the caller holds the claim to load the URL, a slot token of KEYS[10] to give back ("" for
-- none; no request used it, so the next start it booked in KEYS[11] is undone). The job goes back to the queue.
local id = redis.call('HGET', ids, ARGV[1])
local member = ARGV[2] .. ' ' .. id
if redis.call('ZREM', leases, member) == 1 then
    redis.call('ZADD', queue, redis.call('HGET', jobscore, member) or '0', member)
end
if ARGV[3] == '1' then redis.call('HDEL', loading, id) end
if ARGV[4] ~= '' then
    redis.call('ZREM', KEYS[10], ARGV[4])
    unbook(KEYS[11], ARGV[4])
end
return 1

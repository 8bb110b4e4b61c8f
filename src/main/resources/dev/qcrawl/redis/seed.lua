-- ARGV: start URL, max depth, queue type, page budget (0: none). Returns started, joined or "mismatch ...".
local existing = redis.call('HGET', meta, 'start')
if existing then
    local d, q = redis.call('HGET', meta, 'maxDepth'), redis.call('HGET', meta, 'queue')
    if existing ~= ARGV[1] or d ~= ARGV[2] or q ~= ARGV[3] then
        return 'mismatch ' .. existing .. ' -d ' .. d .. ' --queue ' .. q
    end
    return 'joined'
end
redis.call('HSET', meta, 'start', ARGV[1], 'maxDepth', ARGV[2], 'queue', ARGV[3], 'fetched', 0, 'failures', 0)
if ARGV[4] ~= '0' then redis.call('HSET', meta, 'budget', ARGV[4]) end
local id, new = reach(ARGV[1], 1) -- not new if queued first with the roots (add_roots.lua)
if new and tonumber(ARGV[2]) >= 1 then enqueue(id, ARGV[1], 1, ARGV[3]) end
return 'started'

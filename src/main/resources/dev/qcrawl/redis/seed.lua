-- ARGV: start URL, max depth, queue type, page budget (0: none), what is fetched (--scope and the filters, as
-- options). Returns started, joined or "mismatch ...". (A crawl stored before what is fetched was kept has none.)
local existing = redis.call('HGET', meta, 'start')
if existing then
    local d, q = redis.call('HGET', meta, 'maxDepth'), redis.call('HGET', meta, 'queue')
    local f = redis.call('HGET', meta, 'fetches')
    if existing ~= ARGV[1] or d ~= ARGV[2] or q ~= ARGV[3] or (f and f ~= ARGV[5]) then
        return 'mismatch ' .. existing .. ' -d ' .. d .. ' --queue ' .. q .. (f and (' ' .. f) or '')
    end
    return 'joined'
end
redis.call('HSET', meta, 'start', ARGV[1], 'maxDepth', ARGV[2], 'queue', ARGV[3], 'fetches', ARGV[5], 'fetched', 0,
    'failures', 0)
if ARGV[4] ~= '0' then redis.call('HSET', meta, 'budget', ARGV[4]) end
local id, new = reach(ARGV[1], 1) -- not new if queued first with the roots (add_roots.lua)
if new and tonumber(ARGV[2]) >= 1 then enqueue(id, ARGV[1], 1, ARGV[3]) end
return 'started'

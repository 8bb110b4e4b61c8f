-- ARGV: max depth, queue type, the start URL or '' (reached and queued first, not a root of the sitemaps), then
-- URLs: each a root, reached at depth 1 and queued if that is new.
local qd = tonumber(ARGV[1]) >= 1
if ARGV[3] ~= '' then
    local id, new = reach(ARGV[3], 1)
    if new and qd then enqueue(id, ARGV[3], 1, ARGV[2]) end
end
for i = 4, #ARGV do
    local u = ARGV[i]
    redis.call('SADD', roots, u)
    local id, new = reach(u, 1)
    if new and qd then enqueue(id, u, 1, ARGV[2]) end
end
return 1

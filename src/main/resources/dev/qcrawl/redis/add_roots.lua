-- ARGV: max depth, queue type, then URLs: each a root, reached at depth 1 and queued if that is new.
for i = 3, #ARGV do
    local u = ARGV[i]
    redis.call('SADD', roots, u)
    local id, new = reach(u, 1)
    if new and tonumber(ARGV[1]) >= 1 then enqueue(id, u, 1, ARGV[2]) end
end
return 1

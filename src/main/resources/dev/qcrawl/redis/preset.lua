-- ARGV: URL, the URL it was loaded as, or "" and then the id of that URL's node (in another partition). The URL
-- shares that URL's visit, unless it has one.
local id = id_of(ARGV[1])
local target = ARGV[2] ~= '' and id_of(ARGV[2]) or ARGV[3]
local v = redis.call('HGET', nodes, id)
local _, _, visit = split_node(v)
if not visit then redis.call('HSET', nodes, id, v .. '\t@' .. target) end
return 1

-- ARGV: URL, the URL it was loaded as. The URL shares that URL's visit, unless it has one.
local id, target = id_of(ARGV[1]), id_of(ARGV[2])
local v = redis.call('HGET', nodes, id)
local _, _, visit = split_node(v)
if not visit then redis.call('HSET', nodes, id, v .. '\t@' .. target) end
return 1

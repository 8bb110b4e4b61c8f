-- ARGV: URL. 1 if nobody has started to load it (no visit stored, no claim to load it), else 0.
local id = redis.call('HGET', ids, ARGV[1])
if not id then return 1 end
local _, _, visit = split_node(redis.call('HGET', nodes, id))
if visit or redis.call('HEXISTS', loading, id) == 1 then return 0 end
return 1

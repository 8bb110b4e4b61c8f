-- ARGV: URL, the URL it was loaded as, or "" and then the id of that URL's node (in another partition). The URL
-- shares that URL's visit, unless it has one: it refers to the node holding the page (a reference to a reference
-- is followed here, so the page is one hop away), never to itself (a redirect loop keeps its own visit).
local id = id_of(ARGV[1])
local target = holder(ARGV[2] ~= '' and id_of(ARGV[2]) or ARGV[3])
local v = redis.call('HGET', nodes, id)
local _, _, visit = split_node(v)
if visit or target == id then return 0 end
redis.call('HSET', nodes, id, v .. '\t@' .. target)
return 1

-- Takes one page from the budget: 1, or 0 (and the crawl marked as having spent it).
local b = redis.call('HGET', meta, 'budget')
if not b then return 1 end
if tonumber(b) > 0 then
    redis.call('HINCRBY', meta, 'budget', -1)
    return 1
end
redis.call('HSET', meta, 'spent', 1)
return 0

-- ARGV: max depth, queue type, then per URL of this partition linked from pages of others: the URL and the depth
-- it is reached at (its linking page's + 1). Each is reached, and queued if that is its new shallowest depth and
-- pages at it are fetched. Returns the number of jobs queued, then the URLs' ids.
local maxd = tonumber(ARGV[1])
local out = {0}
for i = 3, #ARGV, 2 do
    local d = tonumber(ARGV[i + 1])
    local id, new = reach(ARGV[i], d)
    if new and d <= maxd then
        enqueue(id, ARGV[i], d, ARGV[2])
        out[1] = out[1] + 1
    end
    out[#out + 1] = id
end
return out

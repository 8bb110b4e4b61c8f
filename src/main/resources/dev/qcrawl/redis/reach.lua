-- ARGV: depth, max depth, queue type, then URLs of this partition linked from a page of another: each reached at
-- the depth, and queued if that is its new shallowest depth and pages at it are fetched. Returns the number of jobs
-- queued, then the URLs' ids.
local d, maxd = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {0}
for i = 4, #ARGV do
    local id, new = reach(ARGV[i], d)
    if new and d <= maxd then
        enqueue(id, ARGV[i], d, ARGV[3])
        out[1] = out[1] + 1
    end
    out[#out + 1] = id
end
return out

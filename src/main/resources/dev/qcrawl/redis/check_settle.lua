-- Stores a shared link check's outcomes (dev.qcrawl.redis.SharedChecks). KEYS: see check_claim.lua. ARGV: URL and
-- outcome, for each. The first outcome stored for a URL stays, so every process reads the same; its claim is
-- dropped. Returns, per URL, the outcome stored.
local checks, checking = KEYS[1], KEYS[2]
local out = {}
for i = 1, #ARGV, 2 do
    local url = ARGV[i]
    redis.call('HSETNX', checks, url, ARGV[i + 1])
    redis.call('HDEL', checking, url)
    out[#out + 1] = redis.call('HGET', checks, url)
end
return out

-- A shared link check's claims (dev.qcrawl.redis.SharedChecks). KEYS[1]: hash URL -> outcome stored (checks);
-- KEYS[2]: hash URL -> "DEADLINE TOKEN" of the claim to check it (checking). ARGV: the claim's lease in ms, the
-- claiming process's token, then the URLs. Returns, per URL: "=" and the stored outcome, "busy" (another process
-- holds a live claim) or "mine" (the caller holds the claim now, until the lease ends).
local checks, checking = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease, token = tonumber(ARGV[1]), ARGV[2]
local out = {}
for i = 3, #ARGV do
    local url = ARGV[i]
    local stored = redis.call('HGET', checks, url)
    if stored then
        out[#out + 1] = '=' .. stored
    else
        local held = redis.call('HGET', checking, url)
        local space = held and string.find(held, ' ', 1, true)
        if held and tonumber(string.sub(held, 1, space - 1)) > now and string.sub(held, space + 1) ~= token then
            out[#out + 1] = 'busy'
        else
            redis.call('HSET', checking, url, string.format('%.0f', now + lease) .. ' ' .. token)
            out[#out + 1] = 'mine'
        end
    end
end
return out

-- KEYS[10], KEYS[11]: a host's slots and next start. ARGV: token, slots per host, spacing in ms, slot lease in ms,
-- a token to give back first ("" for none). Returns 0 (the slot is taken), -1 (every slot is taken) or the
-- milliseconds until the next start is allowed.
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[10], ARGV[5]) end
return enter_host(KEYS[10], KEYS[11], now(), ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))

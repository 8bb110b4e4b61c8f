-- KEYS[10], KEYS[11]: a host's slots and next start. ARGV: token ("" to take no slot, only to space the start: the
-- caller holds a slot of the host in another partition), slots per host, spacing in ms, slot lease in ms, then the
-- slots of this partition to give back first (see give_back). Returns 0 (the slot is taken, or the start allowed),
-- -1 (every slot is taken) or the milliseconds until the next start is allowed.
give_back(5)
local t = now()
if ARGV[1] == '' then return pace(KEYS[11], t, tonumber(ARGV[3])) end
return enter_host(KEYS[10], KEYS[11], t, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))

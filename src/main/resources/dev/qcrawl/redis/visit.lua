-- ARGV: URL. Its stored visit (following a redirect's reference, "@ID" if it is in another partition), or nil.
local id = redis.call('HGET', ids, ARGV[1])
if not id then return false end
local visit = stored_visit(id)
if not visit then return false end
return shown(visit)

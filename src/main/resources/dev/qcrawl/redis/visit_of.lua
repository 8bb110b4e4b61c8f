-- ARGV: an id of this partition. Its node's stored visit as visit.lua gives it, or nil.
local visit = stored_visit(ARGV[1])
if not visit then return false end
return shown(visit)

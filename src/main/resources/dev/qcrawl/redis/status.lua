-- "E" and the sequence number if nothing is queued or leased in this partition, else nil. Changes nothing.
if redis.call('ZCARD', queue) == 0 and redis.call('ZCARD', leases) == 0 then
    return 'E' .. (redis.call('GET', seq) or '0')
end
return false

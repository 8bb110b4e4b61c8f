-- KEYS[10]: a host's slots. ARGV: the token of the slot given back.
redis.call('ZREM', KEYS[10], ARGV[1])
return 1

-- ARGV: this partition's id suffix ("." and its number). Makes its ids its own, once.
redis.call('HSETNX', meta, 'part', ARGV[1])
return 1

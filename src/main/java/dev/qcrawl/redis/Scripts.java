package dev.qcrawl.redis;

/**
 * The Lua scripts that change a shared crawl, each run atomically by Redis. Every key of a crawl is passed in KEYS
 * and shares the crawl's hash tag, so they also run on Redis Cluster. Times come from the server's clock
 * ({@code TIME}), so the processes' clocks need not agree.
 *
 * <p>KEYS: 1 meta (hash: start, maxDepth, queue, budget, spent, fetched, failures), 2 queue (sorted set of jobs
 * {@code "depth url"} by order: sequence for fifo, minus sequence for lifo, URL length then sequence for
 * priority), 3 seq (counter), 4 jobscore (hash: job -> its queue score), 5 leases (sorted set: job -> lease
 * deadline in ms), 6 depth (hash: URL -> shallowest depth), 7 visit (hash: URL -> stored visit, or "@" and the
 * URL whose visit it shares: a redirect's target), 8 loading (hash:
 * URL -> deadline of the claim to load it), 9 roots (set: the URLs read from sitemaps).
 */
final class Scripts {
    private Scripts() {
    }

    private static final String PRELUDE = """
            local meta, queue, seq, jobscore, leases, depth, visit, loading, roots =
                KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
            local function now()
                local t = redis.call('TIME')
                return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function enqueue(url, d, qtype)
                local n = redis.call('INCR', seq)
                local score
                if qtype == 'fifo' then score = n
                elseif qtype == 'lifo' then score = -n
                else score = string.len(url) * 4294967296 + n end
                local member = d .. ' ' .. url
                local s = string.format('%.0f', score)
                redis.call('ZADD', queue, s, member)
                redis.call('HSET', jobscore, member, s)
            end
            """;

    /** ARGV: start URL, max depth, queue type, page budget (0: none). Returns started, joined or "mismatch ...". */
    static final String SEED = PRELUDE + """
            local existing = redis.call('HGET', meta, 'start')
            if existing then
                local d, q = redis.call('HGET', meta, 'maxDepth'), redis.call('HGET', meta, 'queue')
                if existing ~= ARGV[1] or d ~= ARGV[2] or q ~= ARGV[3] then
                    return 'mismatch ' .. existing .. ' -d ' .. d .. ' --queue ' .. q
                end
                return 'joined'
            end
            redis.call('HSET', meta, 'start', ARGV[1], 'maxDepth', ARGV[2], 'queue', ARGV[3], 'fetched', 0,
                'failures', 0)
            if ARGV[4] ~= '0' then redis.call('HSET', meta, 'budget', ARGV[4]) end
            redis.call('HSET', depth, ARGV[1], 1)
            if tonumber(ARGV[2]) >= 1 then enqueue(ARGV[1], 1, ARGV[3]) end
            return 'started'
            """;

    /**
     * ARGV: lease in ms. Expired leases go back to the queue first. Returns the job taken (now leased), "" when the
     * crawl is complete (nothing queued, nothing leased), or nil when jobs are leased elsewhere.
     */
    static final String TAKE = PRELUDE + """
            local t = now()
            local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', t, 'LIMIT', 0, 100)
            for _, m in ipairs(expired) do
                redis.call('ZREM', leases, m)
                redis.call('ZADD', queue, redis.call('HGET', jobscore, m) or '0', m)
            end
            local popped = redis.call('ZPOPMIN', queue)
            if popped[1] then
                redis.call('ZADD', leases, t + tonumber(ARGV[1]), popped[1])
                return popped[1]
            end
            if redis.call('ZCARD', leases) == 0 then return '' end
            return false
            """;

    /**
     * ARGV: URL, job depth, lease in ms. Returns "stale", "v" + the stored visit, "busy" (another holds a live claim
     * to load it), or "mine" (the caller now holds the claim).
     */
    static final String CLAIM = PRELUDE + """
            local d = redis.call('HGET', depth, ARGV[1])
            if d and tonumber(d) < tonumber(ARGV[2]) then return 'stale' end
            local v = redis.call('HGET', visit, ARGV[1])
            if v and string.sub(v, 1, 1) == '@' then
                v = redis.call('HGET', visit, string.sub(v, 2))
                if not v then return 'busy' end
            end
            if v then return 'v' .. v end
            local t = now()
            local l = redis.call('HGET', loading, ARGV[1])
            if l and tonumber(l) > t then return 'busy' end
            redis.call('HSET', loading, ARGV[1], t + tonumber(ARGV[3]))
            return 'mine'
            """;

    /**
     * ARGV: job, URL, child depth, max depth, queue type, the loaded visit ("" if none), fetched (1/0), failed
     * (1/0), then the link URLs. Stores the visit (first one wins; counted once), reaches the links, ends the lease.
     */
    static final String FINISH = PRELUDE + """
            if ARGV[6] ~= '' then
                -- counted by the holder of the claim to load it, once (a reference stored first is kept)
                redis.call('HSETNX', visit, ARGV[2], ARGV[6])
                if redis.call('HDEL', loading, ARGV[2]) == 1 then
                    if ARGV[7] == '1' then redis.call('HINCRBY', meta, 'fetched', 1) end
                    if ARGV[8] == '1' then redis.call('HINCRBY', meta, 'failures', 1) end
                end
            end
            local cd, maxd = tonumber(ARGV[3]), tonumber(ARGV[4])
            for i = 9, #ARGV do
                local u = ARGV[i]
                local d = redis.call('HGET', depth, u)
                if (not d) or tonumber(d) > cd then
                    redis.call('HSET', depth, u, cd)
                    if cd <= maxd then enqueue(u, cd, ARGV[5]) end
                end
            end
            redis.call('ZREM', leases, ARGV[1])
            redis.call('HDEL', jobscore, ARGV[1])
            return 1
            """;

    /** ARGV: job, URL, 1 if the caller holds the claim to load the URL. The job goes back to the queue. */
    static final String PUT_BACK = PRELUDE + """
            if redis.call('ZREM', leases, ARGV[1]) == 1 then
                redis.call('ZADD', queue, redis.call('HGET', jobscore, ARGV[1]) or '0', ARGV[1])
            end
            if ARGV[3] == '1' then redis.call('HDEL', loading, ARGV[2]) end
            return 1
            """;

    /** ARGV: max depth, queue type, then URLs: each a root, reached at depth 1 and queued if that is new. */
    static final String ADD_ROOTS = PRELUDE + """
            for i = 3, #ARGV do
                local u = ARGV[i]
                redis.call('SADD', roots, u)
                local d = redis.call('HGET', depth, u)
                if (not d) or tonumber(d) > 1 then
                    redis.call('HSET', depth, u, 1)
                    if tonumber(ARGV[1]) >= 1 then enqueue(u, 1, ARGV[2]) end
                end
            end
            return 1
            """;

    /** Takes one page from the budget: 1, or 0 (and the crawl marked as having spent it). */
    static final String TAKE_PAGE = PRELUDE + """
            local b = redis.call('HGET', meta, 'budget')
            if not b then return 1 end
            if tonumber(b) > 0 then
                redis.call('HINCRBY', meta, 'budget', -1)
                return 1
            end
            redis.call('HSET', meta, 'spent', 1)
            return 0
            """;
}

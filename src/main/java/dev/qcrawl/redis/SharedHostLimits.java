package dev.qcrawl.redis;

import dev.qcrawl.fetch.HostLimits;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Per-host politeness for all the processes of a shared crawl, kept in Redis: a sorted set of the request slots
 * in use per host (each with a deadline, so a slot of a process that died frees itself) and the earliest time the
 * next request may start. A process that finds the host full or too early waits and asks again.
 */
final class SharedHostLimits implements HostLimits {
    /** Takes a slot: 0, or -1 if every slot is taken, or the milliseconds until the next start is allowed. */
    private static final String ENTER = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
            local next = tonumber(redis.call('GET', KEYS[2]) or '0')
            if next > now then return next - now end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
            local spacing = tonumber(ARGV[3])
            if spacing > 0 then redis.call('SET', KEYS[2], now + spacing, 'PX', spacing + 1000) end
            return 0
            """;
    /** How long a process waits before asking again for a full host. */
    private static final long FULL_WAIT_MS = 20;

    private final Function<List<Object>, Object> eval;
    private final String prefix;
    private final int perHost;
    private final Duration delay;
    private final String slotLeaseMs;

    /**
     * @param eval      runs {@code [script, keys, args]} on the crawl's Redis
     * @param slotLease how long a slot stays taken if its process never gives it back
     */
    SharedHostLimits(Function<List<Object>, Object> eval, String prefix, int perHost, Duration delay,
            Duration slotLease) {
        this.eval = eval;
        this.prefix = prefix;
        this.perHost = perHost;
        this.delay = delay;
        this.slotLeaseMs = String.valueOf(slotLease.toMillis());
    }

    @Override
    public Permit enter(String host, Duration hostDelay) throws InterruptedException {
        List<String> keys = List.of(prefix + "slots:" + host, prefix + "next:" + host);
        String token = UUID.randomUUID().toString();
        String spacing = String.valueOf(Math.max(delay.toMillis(), hostDelay.toMillis()));
        while (true) {
            long answer = (Long) eval.apply(List.of(ENTER, keys, List.of(token, String.valueOf(perHost), spacing,
                    slotLeaseMs)));
            if (answer == 0) {
                break;
            }
            Thread.sleep(answer < 0 ? FULL_WAIT_MS : answer);
        }
        return new Permit() {
            @Override
            public void overloaded() {
                // the shared limit stays as given: no process adapts it for the others
            }

            @Override
            public void close() {
                eval.apply(List.of("redis.call('ZREM', KEYS[1], ARGV[1]) return 1", keys.subList(0, 1),
                        List.of(token)));
            }
        };
    }
}

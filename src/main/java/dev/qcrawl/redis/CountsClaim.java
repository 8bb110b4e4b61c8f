package dev.qcrawl.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Who counts a complete shared crawl, for one variant of its counts ({@link SharedCounts#variant}): the first process
 * to ask takes the claim and counts; the others wait and print the counts it stores. A claim expires if the process
 * holding it dies, and the next one to ask counts.
 *
 * <p>Keys, under the crawl's prefix: {@code counts:VARIANT} (the stored counts), {@code counting:VARIANT} (the claim)
 * and {@code counted:VARIANT} (a list whose pushes wake the waiters). The claim is renewed while its process counts,
 * every third of its time, so a long count is not done again by another process.
 */
final class CountsClaim {
    private final Scripts scripts;
    private final UnifiedJedis redis;
    private final byte[] countsKey;
    private final String claimKey;
    private final String countedKey;
    private final long claimMs;
    private volatile boolean mine;

    /** @param claimMs how long a claim lasts unless renewed: how long the others wait if the counting process dies */
    CountsClaim(Scripts scripts, UnifiedJedis redis, String variant, long claimMs) {
        this.scripts = scripts;
        this.redis = redis;
        String prefix = scripts.keys().prefix();
        this.countsKey = (prefix + "counts:" + variant).getBytes(StandardCharsets.UTF_8);
        this.claimKey = prefix + "counting:" + variant;
        this.countedKey = prefix + "counted:" + variant;
        this.claimMs = claimMs;
    }

    /**
     * The counts another process stored, waiting for them while another counts; null if this process is to count.
     * The claim is taken before the counts are looked for: a process that counted stores its counts before it gives
     * its claim up, so a process that takes a claim given up finds the counts and does not count again.
     */
    SharedCounts awaitOrClaim(Duration elapsed) {
        while (true) {
            boolean took = "OK".equals(scripts.call(() -> redis.set(claimKey, "1",
                    SetParams.setParams().nx().px(claimMs))));
            byte[] found = scripts.call(() -> redis.get(countsKey));
            if (found != null) {
                if (took) {
                    scripts.call(() -> redis.del(claimKey));
                }
                return SharedCounts.decode(found, elapsed);
            }
            if (took) {
                mine = true;
                Thread.ofVirtual().name("qcrawl-counts-claim").start(this::renew);
                return null;
            }
            // Woken when the counts are stored; each waiter woken passes the word on to the next.
            List<String> word = scripts.call(() -> redis.blpop(1, countedKey));
            if (word != null) {
                scripts.call(() -> redis.rpush(countedKey, "1"));
            }
        }
    }

    /** Renews the claim while this process holds it; a failure to reach Redis ends the renewals. */
    private void renew() {
        try {
            while (mine) {
                java.util.concurrent.locks.LockSupport.parkNanos(claimMs * 1_000_000 / 3); // a period, not a wait
                if (mine) {
                    scripts.call(() -> redis.pexpire(claimKey, claimMs));
                }
            }
        } catch (RuntimeException e) {
            // Redis is gone: the claim expires and another process counts
        }
    }

    /** Stores the counts this process computed for the others, if it holds the claim, and then gives the claim up. */
    void store(SharedCounts counts) {
        if (!mine) {
            return;
        }
        byte[] bytes = counts.encode();
        scripts.call(() -> redis.set(countsKey, bytes));
        scripts.call(() -> redis.rpush(countedKey, "1"));
        mine = false;
        scripts.call(() -> redis.del(claimKey));
    }

    /** Gives the claim up without counts (this process ends without counting): the next process to ask counts. */
    void giveUp() {
        if (mine) {
            mine = false;
            scripts.call(() -> redis.del(claimKey));
        }
    }
}

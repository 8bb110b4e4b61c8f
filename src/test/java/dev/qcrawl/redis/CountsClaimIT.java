package dev.qcrawl.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** The election of the process that counts a complete shared crawl, on a real redis-server. */
class CountsClaimIT {
    private static final int PROCESSES = 6;
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static RedisServer server;
    private static UnifiedJedis redis;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start(dir);
        redis = ServerConnection.open(RedisAddress.parse(server.url()), null, PROCESSES + 2);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        server.close();
    }

    private static Scripts crawl() {
        return new Scripts(redis, RedisAddress.parse(server.url()), Keys.of("claim-" + CRAWLS.incrementAndGet()));
    }

    /** Counts told apart by their number of pages. */
    private static SharedCounts counts(long pages) {
        return new SharedCounts(new CrawlResult("http://127.0.0.1/", List.of(), pages, 0, Duration.ZERO, false, null,
                false, Set.of()), Map.of());
    }

    /**
     * Processes ending together, round after round: in each, one counts and every other prints what it stored. The
     * last to count stores and gives its claim up while the others are between their commands, in every order.
     */
    @Test
    void exactlyOneOfManyProcessesEndingTogetherCounts() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(PROCESSES)) {
            for (int round = 1; round <= 200; round++) {
                Scripts crawl = crawl();
                long pages = round;
                AtomicInteger counted = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> printed = new ArrayList<>();
                for (int p = 0; p < PROCESSES; p++) {
                    printed.add(pool.submit(() -> {
                        CountsClaim claim = new CountsClaim(crawl, redis, "v", 60_000);
                        go.await();
                        SharedCounts found = claim.awaitOrClaim(Duration.ZERO);
                        if (found != null) {
                            return found.result().pagesFetched();
                        }
                        counted.incrementAndGet();
                        claim.store(counts(pages));
                        return pages;
                    }));
                }
                go.countDown();
                for (Future<Long> f : printed) {
                    assertEquals(pages, f.get(), "round " + round);
                }
                assertEquals(1, counted.get(), "processes that counted in round " + round);
            }
        }
    }

    /** A process that dies while counting: its claim expires and the next process to ask counts. */
    @Test
    void theClaimOfAProcessThatDiedExpiresAndTheNextCounts() {
        Scripts crawl = crawl();
        // What a process that took the claim and died leaves: the claim, not renewed (its time here is 1 ms).
        redis.set(crawl.keys().prefix() + "counting:v", "1", SetParams.setParams().px(1));
        CountsClaim next = new CountsClaim(crawl, redis, "v", 60_000);
        assertNull(next.awaitOrClaim(Duration.ZERO));
        next.store(counts(7));
        SharedCounts printed = new CountsClaim(crawl, redis, "v", 60_000).awaitOrClaim(Duration.ZERO);
        assertNotNull(printed);
        assertEquals(7, printed.result().pagesFetched());
        // Another variant of the same crawl is counted on its own.
        assertNull(new CountsClaim(crawl, redis, "other", 60_000).awaitOrClaim(Duration.ZERO));
    }
    /**
     * A count that lasts longer than the claim's time: the claim is renewed, so the process waiting meanwhile prints
     * the counts stored at the end instead of counting again. The count ends once the waiter has waited through three
     * of its one-second turns (seen in Redis' command counts), well past the claim's 900 ms.
     */
    @Test
    void aLongCountKeepsItsClaim() throws Exception {
        Scripts crawl = crawl();
        CountsClaim counting = new CountsClaim(crawl, redis, "v", 900);
        assertNull(counting.awaitOrClaim(Duration.ZERO));
        try (redis.clients.jedis.Jedis stats = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
            stats.configResetStat();
        }
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<SharedCounts> waiter = pool.submit(() -> new CountsClaim(crawl, redis, "v", 900)
                    .awaitOrClaim(Duration.ZERO));
            try (redis.clients.jedis.Jedis stats = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
                while (blpops(stats) < 4 && !waiter.isDone()) {
                    Thread.onSpinWait(); // waits on what Redis has seen, not on time
                }
            }
            counting.store(counts(9));
            SharedCounts printed = waiter.get();
            assertNotNull(printed, "the waiter counted again: the claim had expired");
            assertEquals(9, printed.result().pagesFetched());
        }
    }

    /** A process that ends without counting gives its claim up: the next one counts at once. */
    @Test
    void aClaimGivenUpIsTakenByTheNext() {
        Scripts crawl = crawl();
        CountsClaim first = new CountsClaim(crawl, redis, "v", 600_000);
        assertNull(first.awaitOrClaim(Duration.ZERO));
        first.giveUp();
        // Not given up, the claim would last ten minutes: the next one would wait, and fail here.
        assertNull(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new CountsClaim(crawl, redis, "v", 600_000).awaitOrClaim(Duration.ZERO)));
    }

    /** The BLPOP commands Redis ran since the stats were reset. */
    private static long blpops(redis.clients.jedis.Jedis stats) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_blpop:calls=(\\d+)")
                .matcher(stats.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}


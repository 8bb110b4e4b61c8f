package dev.qcrawl.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.CrawlStateContractAccess;
import dev.qcrawl.crawl.Job;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.testing.ManualTicker;
import dev.qcrawl.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state contract, shared on a real redis-server; and its politeness with {@code --delay}. */
class RedisStateIT extends CrawlStateContractAccess {
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static RedisServer redis;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected CrawlState create(QueueType queue, long maxPages) {
        return new RedisState(redis.url(), "contract-" + CRAWLS.incrementAndGet(), queue, maxPages,
                Duration.ofSeconds(30), 4);
    }

    /**
     * With a delay (here an hour), a job's take books its host's next start. A job that makes no request (out of
     * scope, excluded, robots.txt, the page budget) gives its slot back with that booking, so the host's next job is
     * taken at once; a request keeps it: the host's jobs then wait, and another host's job comes first. (Before,
     * every job of the host waited out the delay, whether it made a request or not.)
     */
    @Test
    void aJobThatMakesNoRequestLeavesNoDelayBehind() throws Exception {
        try (RedisState state = new RedisState(redis.url(), "delay-" + CRAWLS.incrementAndGet(), QueueType.FIFO, 0,
                Duration.ofSeconds(30), 4)) {
            HostLimits limits = state.hostLimits(8, Duration.ofHours(1));
            state.seed("http://h/", 1, () -> List.of("http://h/x", "http://h/y", "http://other/"));
            Job start = take(state);
            assertEquals("http://h/", start.url());
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(start));
            state.finish(start, Visit.skipped(Outcome.EXCLUDED), Links.NONE); // no request
            Job x = take(state);
            assertEquals("http://h/x", x.url(), "the start's turn was given back unused: no wait");
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(x));
            limits.enter("http://h:80", Duration.ZERO).close(); // x's request, with the slot of its take
            state.finish(x, new Visit(200, "text/html", null, Links.NONE, true), Links.NONE);
            assertEquals("http://other/", take(state).url(), "y waits an hour after x's request");
        }
    }

    /**
     * A host's Crawl-delay is learnt from its robots.txt, which was requested without it: the delay holds from that
     * request too. The process's first request with the delay waits for it from that request's end, on the process's
     * clock (here a manual one, so nothing sleeps), before it books its start in Redis.
     */
    @Test
    void aCrawlDelayHoldsFromTheRobotsTxtRequestBeforeIt() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (RedisState state = new RedisState(redis.url(), "robots-" + CRAWLS.incrementAndGet(), QueueType.FIFO, 0,
                Duration.ofSeconds(30), 4)) {
            HostLimits limits = state.hostLimits(8, Duration.ZERO, clock);
            HostLimits.Permit robots = limits.enter("http://h:80", Duration.ZERO); // robots.txt: no delay known yet
            clock.advance(Duration.ofMillis(40).toNanos()); // it ends 40 ms later, naming a Crawl-delay of 300 ms
            long ended = clock.nanos();
            robots.close();
            limits.enter("http://h:80", Duration.ofMillis(300)).close();
            long page = clock.nanos();
            assertEquals(List.of(ended + Duration.ofMillis(300).toNanos()), clock.parks);
            limits.enter("http://h:80", Duration.ofMillis(300)).close(); // from now on, Redis alone spaces them
            assertEquals(1, clock.parks.size(), "parks: " + clock.parks);
            limits.enter("http://other:80", Duration.ofMillis(300)).close(); // another host: nothing to wait for
            assertEquals(1, clock.parks.size(), "parks: " + clock.parks);
            assertEquals(page, clock.nanos());
        }
    }

    /**
     * The same with {@code --delay}: a process's first request to a host leaves late (its HTTP client is cold), so
     * its next request waits for it to end and then for the delay, on the process's clock, before its booking in
     * Redis (which spaces the starts as Redis saw them). Before, a server saw 164-188 ms with {@code --delay 200ms}.
     */
    @Test
    void theDelayHoldsFromTheEndOfAProcesssFirstRequestToAHost() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (RedisState state = new RedisState(redis.url(), "first-" + CRAWLS.incrementAndGet(), QueueType.FIFO, 0,
                Duration.ofSeconds(30), 4)) {
            HostLimits limits = state.hostLimits(8, Duration.ofMillis(200), clock);
            HostLimits.Permit first = limits.enter("http://h:80", Duration.ZERO);
            clock.advance(Duration.ofMillis(60).toNanos());
            long ended = clock.nanos();
            first.close();
            limits.enter("http://h:80", Duration.ZERO).close();
            assertEquals(List.of(ended + Duration.ofMillis(200).toNanos()), clock.parks);
        }
    }

    /**
     * A job put back while its request is in flight (its process stops) gives its host's request slot back at once.
     * Before, the slot waited for the process's next script, which a stopping process never sends: every other
     * process then waited out the slot's lease (30 s here), its jobs of the host held back.
     */
    @Test
    void aJobPutBackGivesItsRequestSlotBackAtOnce() throws Exception {
        String id = "put-back-" + CRAWLS.incrementAndGet();
        try (RedisState stopping = new RedisState(redis.url(), id, QueueType.FIFO, 0, Duration.ofSeconds(30), 4);
                RedisState other = new RedisState(redis.url(), id, QueueType.FIFO, 0, Duration.ofSeconds(30), 4)) {
            HostLimits limits = stopping.hostLimits(1, Duration.ZERO); // one request at a time to the host
            other.hostLimits(1, Duration.ZERO);
            stopping.seed("http://h/", 1, () -> List.of("http://h/x"));
            Job start = take(stopping);
            assertInstanceOf(CrawlState.Claim.Mine.class, stopping.claim(start)); // takes the host's one slot
            // Its request is cut short by the stop (the permit closes), and the job goes back, with its slot.
            limits.enter("http://h:80", Duration.ZERO).close();
            stopping.putBack(start);
            other.seed("http://h/", 1, () -> List.of("http://h/x")); // joins the crawl
            Job next = take(other);
            assertEquals("http://h/", next.url(), "the other process takes the job at once, not after the lease");
        }
    }

    private static Job take(CrawlState state) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), state::take, "no job was handed out");
    }
}

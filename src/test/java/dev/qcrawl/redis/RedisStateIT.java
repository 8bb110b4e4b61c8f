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

    private static Job take(CrawlState state) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), state::take, "no job was handed out");
    }
}

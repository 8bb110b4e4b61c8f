package dev.qcrawl.redis;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.CrawlStateContractAccess;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The state contract, shared on a real redis-server. */
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
}

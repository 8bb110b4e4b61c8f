package dev.qcrawl.redis;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.CrawlStateContractAccess;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.testing.RedisCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The state contract on a real six-node Redis Cluster, each crawl reached through another node. */
class RedisClusterStateIT extends CrawlStateContractAccess {
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static RedisCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start(dir);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Override
    protected CrawlState create(QueueType queue, long maxPages) {
        int n = CRAWLS.incrementAndGet();
        return new RedisState(cluster.url(n % 6), "contract-" + n, queue, maxPages, Duration.ofSeconds(30), 4);
    }
}

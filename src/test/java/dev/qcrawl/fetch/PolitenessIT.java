package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-host concurrency, counted on the server rather than timed. */
class PolitenessIT {

    @Test
    void perHostLimitsConcurrentRequests() throws Exception {
        try (TestServer server = new TestServer()) {
            StringBuilder root = new StringBuilder();
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger maxHolding = new AtomicInteger();
            for (int i = 0; i < 24; i++) {
                root.append("<a href='/p").append(i).append("'>p</a>");
                // Each page holds its request a little before answering, so requests overlap unless the client
                // limits them. Counted while held: the client cannot have had its answer yet.
                server.route("/p" + i, ex -> {
                    maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    never.await(50, TimeUnit.MILLISECONDS);
                    holding.decrementAndGet();
                    TestServer.respond(ex, 200, "text/html", "<p>x</p>");
                });
            }
            server.page("/", root.toString());
            Cli.Run run = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "2", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(25, run.lines().size());
            assertTrue(maxHolding.get() <= 2, "in flight at once: " + maxHolding.get());
            maxHolding.set(0);

            Cli.Run wide = Cli.run("-q", "-d", "2", "-w", "16", "--per-host", "16", server.url("/"));
            assertEquals(0, wide.exitCode(), wide.err());
            assertTrue(maxHolding.get() > 2, "the limit must be what held it: " + maxHolding.get());
        }
    }
}

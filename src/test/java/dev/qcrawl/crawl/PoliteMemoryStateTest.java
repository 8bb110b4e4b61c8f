package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.frontier.QueueType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory state with the host policy: its frontier hands out a job only when the policy gives its host a turn,
 * the job's request uses that turn (the host keys agree), and a slot freed by a request's end hands out the next.
 */
class PoliteMemoryStateTest {
    /** Time stands still: nothing here waits for a delay. */
    private static final Ticker STILL = new Ticker() {
        @Override
        public long nanos() {
            return 1_000_000_000L;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        @Override
        public void parkUntil(long deadline) {
        }
    };

    @Test
    void aBusyHostIsPassedOverAndItsFreedSlotHandsOutItsNextJob() throws Exception {
        HostPolicy policy = new HostPolicy(1, Duration.ZERO, STILL);
        MemoryState state = new MemoryState(QueueType.FIFO, 0, policy, STILL);
        state.seed("http://a.test/", 3);
        Job start = state.take();
        assertEquals("http://a.test/", start.url());
        // The start page's request uses the job's turn: a's one slot is taken until the request ends.
        HostLimits.Permit request = policy.enter("http://a.test:80", Duration.ZERO);
        Links links = new Links(new String[] {"http://a.test/x", "http://a.test/y", "http://b.test/z"},
                new int[] {1, 1, 1});
        state.finish(start, new Visit(200, "text/html", null, links, true), links);
        Job other = state.take();
        assertEquals("http://b.test/z", other.url(), "a is busy: b's job first, out of FIFO order");
        state.finish(other, null, Links.NONE);
        CompletableFuture<String> next = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Job job = state.take();
                next.complete(job.url());
                state.finish(job, null, Links.NONE);
            } catch (InterruptedException | RuntimeException e) {
                next.completeExceptionally(e);
            }
        });
        request.close(); // a's slot is free: the waiting take gets a's next job
        assertEquals("http://a.test/x", next.get(30, TimeUnit.SECONDS));
        assertEquals(1, state.queued(), "y waits for its turn");
        state.stop();
    }
}

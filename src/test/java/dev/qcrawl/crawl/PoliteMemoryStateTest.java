package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.testing.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory state with the host policy: its frontier hands out a job only when the policy gives its host a turn,
 * the job's request uses that turn (the host keys agree), and a slot freed by a request's end hands out the next;
 * a job that makes no request leaves no wait behind.
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

    /**
     * Two workers and a delay of an hour: the jobs that make no request (here excluded by a filter) are handed out
     * one after the other while the clock stands still, even when the other worker found their host waiting for
     * the turn of one of them; the real requests stay an hour apart. (Before, a turn given back unused left its host
     * waiting for the hour the turn had booked: each such job cost a delay.)
     */
    @Test
    void jobsThatMakeNoRequestWaitOutNoDelayAndRequestsStayADelayApart() throws Exception {
        ManualTicker ticker = new ManualTicker();
        long delay = Duration.ofHours(1).toNanos();
        HostPolicy policy = new HostPolicy(8, Duration.ofNanos(delay), ticker);
        MemoryState state = new MemoryState(QueueType.FIFO, 0, policy, ticker);
        String a = "http://a.test:80";
        ExecutorService one = Executors.newSingleThreadExecutor(); // a worker: its turns are its thread's
        ExecutorService two = Executors.newSingleThreadExecutor();
        List<Long> starts = new ArrayList<>();
        try {
            state.seed("http://a.test/", 2);
            on(one, () -> {
                Job start = state.take();
                request(policy, a, ticker, starts);
                List<String> targets = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    targets.add("http://a.test/skip/" + i);
                }
                targets.addAll(List.of("http://a.test/y", "http://a.test/z", "http://b.test/1", "http://b.test/2"));
                int[] once = new int[targets.size()];
                java.util.Arrays.fill(once, 1);
                Links links = new Links(targets.toArray(String[]::new), once);
                state.finish(start, new Visit(200, "text/html", null, links, true), links);
                return null;
            });
            ticker.advance(delay); // a's next start is due
            long due = ticker.nanos();
            Job first = on(one, state::take);
            assertEquals("http://a.test/skip/1", first.url());
            Job other = on(two, state::take);
            assertEquals("http://b.test/1", other.url(), "a's next start is booked by the first worker's turn");
            on(one, () -> finishUnfetched(state, first));
            on(two, () -> finishUnfetched(state, other));
            for (int i = 2; i <= 30; i++) {
                Job skip = on(i % 2 == 0 ? one : two, state::take);
                assertEquals("http://a.test/skip/" + i, skip.url(), "the turn given back left no wait");
                on(i % 2 == 0 ? one : two, () -> finishUnfetched(state, skip));
            }
            assertEquals(due, ticker.nanos(), "30 jobs handed out, no time passed");
            on(one, () -> {
                Job y = state.take();
                assertEquals("http://a.test/y", y.url());
                request(policy, a, ticker, starts);
                state.finish(y, new Visit(200, "text/html", null, Links.NONE, true), Links.NONE);
                return null;
            });
            assertEquals("http://b.test/2", on(two, state::take).url(), "z waits an hour after y's request");
            assertEquals(List.of(0L, delay), starts.stream().map(t -> t - starts.getFirst()).toList(),
                    "the requests to a.test start a delay apart");
            assertEquals(List.of(), ticker.parks, "no request waited: each had its turn");
            assertEquals(1, state.queued(), "z is still queued");
        } finally {
            state.stop();
            one.shutdownNow();
            two.shutdownNow();
        }
    }

    private static <T> T on(ExecutorService worker, Callable<T> step) throws Exception {
        return worker.submit(step).get(30, TimeUnit.SECONDS);
    }

    /** A request to {@code host} with the calling thread's turn: when it started is added to {@code starts}. */
    private static void request(HostPolicy policy, String host, Ticker ticker, List<Long> starts)
            throws InterruptedException {
        try (HostLimits.Permit permit = policy.enter(host, Duration.ZERO)) {
            starts.add(ticker.nanos());
        }
    }

    /** A job whose page is not fetched (out of the crawl): no request, and its turn goes back. */
    private static Object finishUnfetched(MemoryState state, Job job) {
        state.finish(job, Visit.skipped(Outcome.EXCLUDED), Links.NONE);
        return null;
    }
}

package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.count.Counts;
import dev.qcrawl.fetch.FetchSettings;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Scope;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine with a loader of its own (no network): a failing job must never keep the crawl from ending. */
class CrawlerTest {
    /** a -> b, c; b -> c; c -> a. */
    private static final Map<String, List<String>> SITE = Map.of(
            "http://h/a", List.of("http://h/b", "http://h/c"),
            "http://h/b", List.of("http://h/c"),
            "http://h/c", List.of("http://h/a"));

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aLoaderThatThrowsLeavesTheCrawlAbleToFinish(Mode mode) {
        for (QueueType queue : QueueType.values()) {
            PageSource loader = url -> {
                if (url.equals("http://h/b")) {
                    throw new IllegalStateException("a bug while loading b");
                }
                String[] targets = SITE.getOrDefault(url, List.of()).toArray(String[]::new);
                int[] multiplicity = new int[targets.length];
                java.util.Arrays.fill(multiplicity, 1);
                return new Visit(200, "text/html", null, new Links(targets, multiplicity), true);
            };
            CrawlConfig config = new CrawlConfig("http://h/a", null, 4, 4, queue, mode, Scope.HOST, 0,
                    FetchSettings.defaults("test"));
            Discovery found = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> new Crawler(config, new MemoryState(queue, 0), loader, CrawlEvents.SILENT).run());
            CrawlResult result = Counts.result(found, mode);
            Map<String, UrlStats> rows = result.rows().stream()
                    .collect(Collectors.toMap(UrlStats::url, r -> r));
            assertEquals(Outcome.INTERNAL, rows.get("http://h/b").error(), queue + " " + mode);
            // b gave no links; the rest of the graph is counted as usual. Walk at depth 4: paths from a of up to
            // 4 hops without going through b's links: a(1) -> b, c (2) -> a (3) -> b, c (4) -> a (5).
            Map<String, Integer> expected = mode == Mode.WALK
                    ? Map.of("http://h/a", 3, "http://h/b", 2, "http://h/c", 2)
                    : Map.of("http://h/a", 2, "http://h/b", 1, "http://h/c", 1);
            expected.forEach((url, count) -> assertEquals(BigInteger.valueOf(count), rows.get(url).count(),
                    queue + " " + mode + " " + url));
        }
    }

    /**
     * A crawl paused after some pages (no job in hand: those taken are finished), its state taken and the crawl
     * resumed from it in a new state and engine, counts what the crawl run through counts, and loads each page once
     * in all; for each mode and queue.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aCrawlPausedAndResumedFromItsSnapshotCountsAsOneRunThrough(Mode mode) throws InterruptedException {
        java.util.Random random = new java.util.Random(5);
        int n = 400;
        Map<String, List<String>> site = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> links = new java.util.ArrayList<>();
            for (int k = random.nextInt(6); k >= 0; k--) {
                links.add("http://h/" + random.nextInt(n));
            }
            site.put("http://h/" + i, links);
        }
        Map<String, java.util.concurrent.atomic.AtomicInteger> loads = new java.util.concurrent.ConcurrentHashMap<>();
        PageSource loader = url -> {
            loads.computeIfAbsent(url, u -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            String[] targets = site.getOrDefault(url, List.of()).toArray(String[]::new);
            int[] multiplicity = new int[targets.length];
            java.util.Arrays.fill(multiplicity, 1);
            return new Visit(200, "text/html", null, new Links(targets, multiplicity), true);
        };
        int depth = mode == Mode.WALK ? 7 : 50;
        for (QueueType queue : QueueType.values()) {
            CrawlConfig config = new CrawlConfig("http://h/0", null, depth, 4, queue, mode, Scope.HOST, 0,
                    FetchSettings.defaults("test"));
            Map<String, BigInteger> whole = counts(Counts.result(
                    new Crawler(config, new MemoryState(queue, 0), loader, CrawlEvents.SILENT).run(), mode));
            loads.clear();
            MemoryState first = new MemoryState(queue, 0);
            Crawler paused = new Crawler(config, first, loader, CrawlEvents.SILENT);
            paused.pauseAt(60);
            Discovery part = paused.run();
            assertTrue(paused.paused(), queue + " " + mode);
            Snapshot snapshot = first.snapshot(part.elapsed());
            assertTrue(snapshot.pagesFetched() >= 60 && snapshot.jobs().length > 0, queue + " " + mode);
            MemoryState second = MemoryState.resume(snapshot, queue,
                    new dev.qcrawl.fetch.HostPolicy(4, Duration.ZERO, dev.qcrawl.fetch.Ticker.SYSTEM),
                    dev.qcrawl.fetch.Ticker.SYSTEM);
            Crawler resumed = new Crawler(config, second, loader, CrawlEvents.SILENT);
            Discovery found = resumed.run();
            assertTrue(!resumed.paused(), queue + " " + mode);
            assertEquals(whole, counts(Counts.result(found, mode)), queue + " " + mode);
            loads.forEach((url, times) -> assertEquals(1, times.get(), queue + " " + mode + " " + url));
            assertEquals(loads.size(), found.pagesFetched(), queue + " " + mode);
        }
    }

    private static Map<String, BigInteger> counts(CrawlResult result) {
        return result.rows().stream().collect(Collectors.toMap(UrlStats::url, UrlStats::count));
    }

    /**
     * A job whose page another process is loading (the claim says busy) while the crawl stops: it goes back to the
     * state at once, and no visit is stored for it (this process never loaded the page). Stopping shuts the timer
     * that would have put it back later; the job must neither wait there forever nor end as an internal error,
     * whose empty visit a shared crawl would keep for every process.
     */
    @Test
    void aJobFoundBusyWhileTheCrawlStopsGoesBackAndStoresNothing() throws Exception {
        MemoryState memory = new MemoryState(QueueType.FIFO, 0);
        java.util.concurrent.CountDownLatch inClaim = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        List<Job> givenBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Job> storedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
        CrawlState state = new Delegating(memory) {
            @Override
            public Claim claim(Job job) {
                inClaim.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        stopped.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                // The answer comes once the crawl has stopped and its workers are being interrupted.
                while (!interrupted && !Thread.currentThread().isInterrupted()) {
                    java.util.concurrent.locks.LockSupport.park(this);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return Claim.BUSY;
            }

            @Override
            public void stop() {
                memory.stop();
                stopped.countDown();
            }

            @Override
            public void finish(Job job, Visit loaded, Links links) {
                if (loaded != null) {
                    storedFor.add(job);
                }
                memory.finish(job, loaded, links);
            }

            @Override
            public void putBack(Job job) {
                givenBack.add(job);
                memory.putBack(job);
            }
        };
        PageSource loader = url -> {
            throw new AssertionError("never loaded here: " + url);
        };
        CrawlConfig config = new CrawlConfig("http://h/a", null, 4, 1, QueueType.FIFO, Mode.UNIQUE, Scope.HOST, 0,
                FetchSettings.defaults("test"));
        Crawler crawler = new Crawler(config, state, loader, CrawlEvents.SILENT);
        Object ran = stoppedWhen(crawler, inClaim, StopReason.TERMINATED);
        assertTrue(ran instanceof Discovery, String.valueOf(ran));
        assertEquals(List.of(new Job("http://h/a", 1)), givenBack, "the job went back to the state");
        assertEquals(List.of(), storedFor, "no visit stored for a page this process did not load");
    }

    /**
     * A stop while the roots (the sitemaps) are read cuts their reading short: the crawl ends at once with what it
     * found, the start URL, and fetches nothing. (Before, every sitemap was still read after the stop.)
     */
    @Test
    void aStopWhileTheRootsAreReadEndsTheCrawlAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Roots hung = () -> {
            reading.countDown();
            never.await(); // a sitemap whose server never answers
            return List.of("http://h/b");
        };
        PageSource loader = url -> {
            throw new AssertionError("nothing is fetched after the stop: " + url);
        };
        CrawlConfig config = new CrawlConfig("http://h/a", null, 4, 2, QueueType.FIFO, Mode.UNIQUE, Scope.HOST, 0,
                FetchSettings.defaults("test"));
        Crawler crawler = new Crawler(config, new MemoryState(QueueType.FIFO, 0), loader, CrawlEvents.SILENT, hung);
        Object ran = stoppedWhen(crawler, reading, StopReason.INTERRUPTED);
        Discovery found = assertInstanceOf(Discovery.class, ran);
        assertEquals(StopReason.INTERRUPTED, found.stopReason());
        assertEquals(List.of("http://h/a"), Counts.result(found, Mode.UNIQUE).rows().stream().map(UrlStats::url)
                .toList());
    }

    /**
     * The URLs a stop left unfetched (within the depth, no visit) say so: error {@code interrupted}, as those a spent
     * budget left say {@code max-pages}. Before, they had no error at all, like URLs beyond the depth.
     */
    @Test
    void urlsThatAStopLeftUnfetchedSaySo() throws Exception {
        java.util.concurrent.CountDownLatch loadingB = new java.util.concurrent.CountDownLatch(1);
        PageSource loader = url -> {
            if (url.equals("http://h/a")) {
                return new Visit(200, "text/html", null, new Links(new String[] {"http://h/b", "http://h/c"},
                        new int[] {1, 1}), true);
            }
            loadingB.countDown();
            new java.util.concurrent.CountDownLatch(1).await(); // a page that never comes, until the stop
            throw new AssertionError("the stop interrupts the load");
        };
        // depth 2: a, then b and c; d (linked by nobody fetched) never appears
        CrawlConfig config = new CrawlConfig("http://h/a", null, 2, 1, QueueType.FIFO, Mode.UNIQUE, Scope.HOST, 0,
                FetchSettings.defaults("test"));
        Crawler crawler = new Crawler(config, new MemoryState(QueueType.FIFO, 0), loader, CrawlEvents.SILENT);
        Object ran = stoppedWhen(crawler, loadingB, StopReason.TERMINATED);
        Discovery found = assertInstanceOf(Discovery.class, ran);
        Map<String, Outcome> errors = new java.util.TreeMap<>();
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (UrlStats row : Counts.result(found, Mode.UNIQUE).rows()) {
            errors.put(row.url(), row.error());
            statuses.put(row.url(), row.status());
        }
        Map<String, Outcome> expected = new java.util.TreeMap<>();
        expected.put("http://h/a", null);
        expected.put("http://h/b", Outcome.INTERRUPTED);
        expected.put("http://h/c", Outcome.INTERRUPTED);
        assertEquals(expected, errors);
        assertEquals(200, statuses.get("http://h/a"));
    }

    /**
     * Runs the crawl on a thread of its own and stops it for {@code reason} once {@code reached} is counted down;
     * returns what {@link Crawler#run} returned, or threw.
     */
    private static Object stoppedWhen(Crawler crawler, java.util.concurrent.CountDownLatch reached, StopReason reason)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Object> ran = new java.util.concurrent.atomic.AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                ran.set(crawler.run());
            } catch (InterruptedException | RuntimeException e) {
                ran.set(e);
            }
        });
        run.start();
        reached.await();
        crawler.stop(reason);
        run.join(20_000);
        assertEquals(false, run.isAlive(), "the crawl goes on after the stop");
        return ran.get();
    }

    /** A state that passes every call to another; tests override what they watch or hold. */
    private static class Delegating implements CrawlState {
        private final CrawlState to;

        Delegating(CrawlState to) {
            this.to = to;
        }

        @Override
        public boolean seed(String startUrl, int maxDepth, Roots roots) throws InterruptedException {
            return to.seed(startUrl, maxDepth, roots);
        }

        @Override
        public Job take() throws InterruptedException {
            return to.take();
        }

        @Override
        public void awaitEnd() throws InterruptedException {
            to.awaitEnd();
        }

        @Override
        public void stop() {
            to.stop();
        }

        @Override
        public boolean unvisited(String url) {
            return to.unvisited(url);
        }

        @Override
        public Visit visit(String url) {
            return to.visit(url);
        }

        @Override
        public Claim claim(Job job) throws InterruptedException {
            return to.claim(job);
        }

        @Override
        public boolean preset(String url, Visit visit, String loadedAs) {
            return to.preset(url, visit, loadedAs);
        }

        @Override
        public void finish(Job job, Visit loaded, Links links) {
            to.finish(job, loaded, links);
        }

        @Override
        public void putBack(Job job) {
            to.putBack(job);
        }

        @Override
        public boolean takePage() {
            return to.takePage();
        }

        @Override
        public long pagesFetched() {
            return to.pagesFetched();
        }

        @Override
        public long failures() {
            return to.failures();
        }

        @Override
        public long queued() {
            return to.queued();
        }

        @Override
        public Discovery discovery(String start, String startLabel, Duration elapsed, StopReason stopReason) {
            return to.discovery(start, startLabel, elapsed, stopReason);
        }

        @Override
        public boolean budgetSpent() {
            return to.budgetSpent();
        }
    }
}

package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.frontier.QueueType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CrawlState} does, run against each implementation: in memory, and shared on a real Redis.
 * Expectations are written out by hand from the contract, not computed by the code under test.
 */
abstract class CrawlStateContract {

    /** A fresh, empty crawl. */
    protected abstract CrawlState create(QueueType queue, long maxPages) throws Exception;

    static Visit page(String... links) {
        int[] multiplicity = new int[links.length];
        java.util.Arrays.fill(multiplicity, 1);
        return new Visit(200, "text/html", null, new Links(links.clone(), multiplicity), true);
    }

    /** Takes a job, failing the test rather than hanging if none comes. */
    static Job take(CrawlState state) throws Exception {
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), state::take);
    }

    @Test
    void theStartUrlIsQueuedAndTheCrawlIsOverWhenEveryJobIsFinished() throws Exception {
        try (CrawlState state = create(QueueType.FIFO, 0)) {
            state.seed("http://h/", 2);
            Job start = take(state);
            assertEquals(new Job("http://h/", 1), start);
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(start));
            Visit root = page("http://h/a", "http://h/b");
            state.finish(start, root, root.links());
            Job a = take(state);
            Job b = take(state);
            assertEquals(List.of(new Job("http://h/a", 2), new Job("http://h/b", 2)), List.of(a, b)); // fifo
            Visit leaf = page("http://h/c"); // depth 3 > max depth 2: reached, never queued
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(a));
            state.finish(a, leaf, leaf.links());
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(b));
            state.finish(b, page(), Links.NONE);
            assertNull(take(state), "nothing queued or held: the crawl is over");
            Discovery found = state.discovery("http://h/", "http://h/", Duration.ZERO, null);
            assertEquals(java.util.Map.of("http://h/", 1, "http://h/a", 2, "http://h/b", 2, "http://h/c", 3),
                    found.depths());
            assertEquals(List.of("http://h/c"), List.of(found.visits().get("http://h/a").links().targets()));
            assertEquals(3, found.visits().size());
            assertEquals(3, state.pagesFetched());
        }
    }

    @Test
    void aShallowerReachQueuesAgainAndMakesTheDeeperJobStale() throws Exception {
        try (CrawlState state = create(QueueType.FIFO, 0)) {
            state.seed("http://h/", 5);
            Job start = take(state);
            state.claim(start);
            Visit root = page("http://h/a");
            state.finish(start, root, root.links());
            Job a = take(state);
            state.claim(a);
            Visit pageA = page("http://h/b");
            state.finish(a, pageA, pageA.links()); // b reached at 3
            // The start job run a second time (as after a process died holding it) reaches b at 2.
            state.finish(start, null, page("http://h/b").links());
            // The job at depth 3 is stale: a state may hand it out (and its claim says so) or skip it.
            Job next = take(state);
            if (next.equals(new Job("http://h/b", 3))) {
                assertInstanceOf(CrawlState.Claim.Stale.class, state.claim(next));
                state.finish(next, null, Links.NONE);
                next = take(state);
            }
            assertEquals(new Job("http://h/b", 2), next);
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(next));
            state.finish(next, page(), Links.NONE);
            assertNull(take(state));
            assertEquals(2, state.discovery("http://h/", "x", Duration.ZERO, null).depth("http://h/b"));
            assertEquals(3, state.pagesFetched(), "the start page was stored once, counted once");
        }
    }

    @Test
    void aLoadedPageIsStoredAndReusedNotLoadedAgain() throws Exception {
        try (CrawlState state = create(QueueType.LIFO, 0)) {
            state.seed("http://h/", 3);
            Job start = take(state);
            assertTrue(state.unvisited("http://h/"));
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(start));
            assertFalse(state.unvisited("http://h/"), "being loaded");
            Visit root = page("http://h/x", "http://h/y");
            state.finish(start, root, root.links());
            CrawlState.Claim again = state.claim(new Job("http://h/", 1));
            Visit stored = assertInstanceOf(CrawlState.Claim.Stored.class, again).visit();
            assertEquals(List.of("http://h/x", "http://h/y"), List.of(stored.links().targets()));
            assertEquals(200, stored.status());
            assertEquals(List.of("http://h/x", "http://h/y"), List.of(state.visit("http://h/").links().targets()));
            assertEquals(new Job("http://h/y", 2), take(state), "lifo: the last reached first");
        }
    }

    @Test
    void aJobPutBackIsTakenAgainAndItsLoadIsFree() throws Exception {
        try (CrawlState state = create(QueueType.PRIORITY, 0)) {
            state.seed("http://h/", 2);
            Job start = take(state);
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(start));
            state.putBack(start);
            assertTrue(state.unvisited("http://h/"), "a load given up is free again");
            assertEquals(start, take(state));
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(start));
            Visit root = page("http://h/long-name", "http://h/s");
            state.finish(start, root, root.links());
            assertEquals(new Job("http://h/s", 2), take(state), "priority: the shorter URL first");
        }
    }

    @Test
    void aRedirectTargetSharesTheVisitOfTheUrlItWasLoadedAs() throws Exception {
        try (CrawlState state = create(QueueType.FIFO, 0)) {
            state.seed("http://h/", 2);
            Job start = take(state);
            state.claim(start);
            Visit root = page("http://h/new");
            state.preset("http://h/new", root, "http://h/");
            state.finish(start, root, root.links());
            Job target = take(state);
            Visit shared = assertInstanceOf(CrawlState.Claim.Stored.class, state.claim(target)).visit();
            assertEquals(List.of("http://h/new"), List.of(shared.links().targets()));
            state.finish(target, null, shared.links());
            Discovery found = state.discovery("http://h/", "x", Duration.ZERO, null);
            assertTrue(found.visits().get("http://h/") == found.visits().get("http://h/new"), "one page");
        }
    }

    /**
     * x redirects to t (t shares x's page); later u redirects to t too, which the crawl knows: u shares the same page.
     * A job for u reached again is given the stored page, not held as busy for ever.
     */
    @Test
    void aRedirectToARedirectsTargetSharesTheOnePage() throws Exception {
        try (CrawlState state = create(QueueType.FIFO, 0)) {
            state.seed("http://h/", 5);
            Job start = take(state);
            state.claim(start);
            Visit root = page("http://h/x", "http://h/u");
            state.finish(start, root, root.links());
            Job x = take(state);
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(x));
            Visit end = page("http://h/end");
            state.preset("http://h/t", end, "http://h/x");
            state.finish(x, end, end.links());
            Job u = take(state);
            assertEquals(new Job("http://h/u", 2), u);
            assertInstanceOf(CrawlState.Claim.Mine.class, state.claim(u));
            Visit known = state.visit("http://h/t");
            assertEquals(List.of("http://h/end"), List.of(known.links().targets()));
            state.preset("http://h/u", known, "http://h/t");
            state.finish(u, known, known.links());
            Visit again = assertInstanceOf(CrawlState.Claim.Stored.class, state.claim(new Job("http://h/u", 1)))
                    .visit();
            assertEquals(List.of("http://h/end"), List.of(again.links().targets()));
            assertEquals(List.of("http://h/end"), List.of(state.visit("http://h/u").links().targets()));
            Job last = take(state);
            assertEquals(new Job("http://h/end", 3), last);
            state.claim(last);
            state.finish(last, page(), Links.NONE);
            assertNull(take(state));
            Discovery found = state.discovery("http://h/", "x", Duration.ZERO, null);
            for (String url : List.of("http://h/x", "http://h/t", "http://h/u")) {
                assertEquals(List.of("http://h/end"), List.of(found.visits().get(url).links().targets()), url);
            }
            assertTrue(found.visits().get("http://h/x") == found.visits().get("http://h/t"), "one page");
        }
    }

    @Test
    void thePageBudgetIsSpentOnce() throws Exception {
        try (CrawlState state = create(QueueType.FIFO, 2)) {
            state.seed("http://h/", 2);
            assertFalse(state.budgetSpent());
            assertTrue(state.takePage());
            assertTrue(state.takePage());
            assertFalse(state.takePage());
            assertTrue(state.budgetSpent());
        }
        try (CrawlState state = create(QueueType.FIFO, 0)) {
            state.seed("http://h/", 2);
            for (int i = 0; i < 100; i++) {
                assertTrue(state.takePage(), "no limit");
            }
        }
    }
}

package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.qcrawl.frontier.QueueType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The state contract, in memory; and how a redirect's load waits for a load of its target in this process. */
class MemoryStateTest extends CrawlStateContract {
    @Override
    protected CrawlState create(QueueType queue, long maxPages) {
        return new MemoryState(queue, maxPages);
    }

    /** A state whose start page links to each of {@code links}, every one queued and claimed by the test. */
    private static MemoryState claimedAll(String... links) throws Exception {
        MemoryState state = new MemoryState(QueueType.FIFO, 0);
        state.seed("http://h/", 3);
        Job start = take(state);
        state.claim(start);
        Visit root = page(links);
        state.finish(start, root, root.links());
        for (int i = 0; i < links.length; i++) {
            Job job = take(state);
            assertEquals(CrawlState.Claim.MINE, state.claim(job));
        }
        return state;
    }

    /** Runs {@code call} on a thread of its own, and waits until that thread waits (on the state's condition). */
    private static <T> CompletableFuture<T> waiting(java.util.concurrent.Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        // The state's lock is free (this thread holds nothing): WAITING is the thread inside the condition's await.
        while (thread.getState() != Thread.State.WAITING && !result.isDone()) {
            Thread.onSpinWait();
        }
        return result;
    }

    @Test
    @Timeout(20)
    void aRedirectToAPageBeingLoadedWaitsForItsVisit() throws Exception {
        try (MemoryState state = claimedAll("http://h/r", "http://h/t")) {
            CompletableFuture<Visit> followed = waiting(() -> state.follow("http://h/t", "http://h/r"));
            assertEquals(false, followed.isDone(), "the load of /t is in progress");
            Visit t = page("http://h/c");
            state.finish(new Job("http://h/t", 2), t, t.links());
            assertEquals(t, followed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(20)
    void twoRedirectsToEachOthersPagesDoNotWaitForEachOther() throws Exception {
        try (MemoryState state = claimedAll("http://h/a", "http://h/b")) {
            CompletableFuture<Visit> aFollowsB = waiting(() -> state.follow("http://h/b", "http://h/a"));
            assertNull(state.follow("http://h/a", "http://h/b"), "the load of /a waits for this one: not waited for");
            Visit b = page();
            state.finish(new Job("http://h/b", 2), b, b.links());
            assertEquals(b, aFollowsB.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(20)
    void aTargetNobodyLoadsIsLoadedByTheRedirectsLoadAndOthersWaitForIt() throws Exception {
        try (MemoryState state = claimedAll("http://h/r", "http://h/t")) {
            Visit t = page();
            state.finish(new Job("http://h/t", 2), t, t.links());
            assertNull(state.follow("http://h/u", "http://h/r"), "nobody loads /u: the caller requests it");
            CompletableFuture<Visit> other = waiting(() -> state.follow("http://h/u", "http://h/t"));
            Visit u = page();
            state.preset("http://h/u", u, "http://h/r");
            assertSame(u, other.get(10, TimeUnit.SECONDS));
            state.release("http://h/r");
            assertSame(u, state.visit("http://h/u"), "a stored target stays");
        }
    }

    @Test
    @Timeout(20)
    void aTargetGivenUpIsFreeAgain() throws Exception {
        try (MemoryState state = claimedAll("http://h/r", "http://h/t")) {
            assertNull(state.follow("http://h/u", "http://h/r"));
            CompletableFuture<Visit> other = waiting(() -> state.follow("http://h/u", "http://h/t"));
            state.release("http://h/r");
            assertNull(other.get(10, TimeUnit.SECONDS), "the waiter now loads /u itself");
            assertEquals(true, state.unvisited("http://h/v"));
            assertEquals(false, state.unvisited("http://h/u"), "marked for the load of /t now");
            state.release("http://h/t");
            assertEquals(true, state.unvisited("http://h/u"));
        }
    }

    @Test
    @Timeout(20)
    void aJobOfATargetBeingLoadedByARedirectWaitsForThatPage() throws Exception {
        MemoryState state = new MemoryState(QueueType.FIFO, 0);
        state.seed("http://h/", 3);
        Job start = take(state);
        state.claim(start);
        Visit root = page("http://h/r", "http://h/t");
        state.finish(start, root, root.links());
        Job r = take(state);
        assertEquals(CrawlState.Claim.MINE, state.claim(r));
        assertNull(state.follow("http://h/t", "http://h/r"));
        Job t = take(state);
        CompletableFuture<CrawlState.Claim> claim = waiting(() -> state.claim(t));
        Visit page = page();
        state.preset("http://h/t", page, "http://h/r");
        assertSame(page, assertInstanceOf(CrawlState.Claim.Stored.class, claim.get(10, TimeUnit.SECONDS)).visit());
        state.close();
    }
}

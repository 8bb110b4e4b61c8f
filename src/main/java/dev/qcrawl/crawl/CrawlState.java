package dev.qcrawl.crawl;

import java.time.Duration;

/**
 * Everything a crawl knows, behind one interface, so that the same engine ({@link Crawler}) runs in one process
 * ({@link MemoryState}) or shared by many on a server: each URL's shallowest depth and stored visit (its links by
 * value), the queue of jobs and the work outstanding, the page budget. Implementations make {@link #finish}
 * atomic, so that a job run twice (after a process died holding it) changes nothing.
 */
public interface CrawlState extends AutoCloseable {

    /** What {@link #claim} found for a held job. */
    sealed interface Claim {
        /** A shallower job for the URL exists: finish this one without expanding. */
        record Stale() implements Claim {
        }

        /** Another process is loading the page: put the job back and take it again a little later. */
        record Busy() implements Claim {
        }

        /** The page's visit is stored: expand the job from it. */
        record Stored(Visit visit) implements Claim {
        }

        /** Nobody has the page: the caller loads it and hands the visit to {@link #finish}. */
        record Mine() implements Claim {
        }

        Claim STALE = new Stale();
        Claim BUSY = new Busy();
        Claim MINE = new Mine();
    }

    /**
     * Joins the crawl, or starts it: the start URL and the roots read from {@code roots} (only by the call that
     * starts the crawl), each reached at depth 1 and queued if {@code maxDepth >= 1}, each counting once as reached.
     * No job of a crawl is taken, by any process, before its roots are in: a shared crawl is made visible to other
     * processes only then.
     *
     * @return true if this call started the crawl (it did not exist yet)
     */
    boolean seed(String startUrl, int maxDepth, Roots roots) throws InterruptedException;

    /** {@link #seed(String, int, Roots)} with no roots but the start URL. */
    default boolean seed(String startUrl, int maxDepth) {
        try {
            return seed(startUrl, maxDepth, Roots.NONE);
        } catch (InterruptedException e) {
            throw new IllegalStateException("no roots are read", e);
        }
    }

    /**
     * The next job, held by the caller until {@link #finish} or {@link #putBack}; waits while there is none. Null
     * once the crawl is over (nothing queued, nothing held anywhere) or stopped.
     */
    Job take() throws InterruptedException;

    /** Waits until the crawl is over or {@link #stop} is called. */
    void awaitEnd() throws InterruptedException;

    /** Ends the wait of {@link #awaitEnd} and of {@link #take} in this process. */
    void stop();

    /** Whether nobody has started to fetch the URL (a snapshot). */
    boolean unvisited(String url);

    /** The URL's stored visit, or null. */
    Visit visit(String url);

    /**
     * The load of {@code self} was redirected to {@code target}: the target's stored visit, or null for the caller
     * to request it. A state may make the caller wait for a load of the target in progress, so that a page reached
     * directly and through a redirect at the same moment is requested once, and may mark the target as loaded by
     * {@code self}'s load until {@link #release}. This default only looks the visit up.
     */
    default Visit follow(String target, String self) throws InterruptedException {
        return visit(target);
    }

    /** The load of {@code self} is over: what {@link #follow} marked for it and was not stored is free again. */
    default void release(String self) {
    }

    /**
     * What to do with a held job: skip it (stale), wait (its page is being loaded elsewhere), expand it from the
     * stored visit, or load the page (it is the caller's, once for the whole crawl; in one process a second
     * claimant waits for the first one's visit).
     */
    Claim claim(Job job) throws InterruptedException;

    /**
     * {@code url} shares the page of {@code loadedAs} (a redirect led from one to the other; {@code visit} is the
     * page, as {@code loadedAs} was loaded), unless {@code url} has a page already: the two URLs then have one page,
     * whose links count once in unique mode. A URL's first page stays, whichever loader stores it.
     *
     * @return true if {@code url} shares that page now, false if it has its own or another's
     */
    boolean preset(String url, Visit visit, String loadedAs);

    /**
     * Finishes a held job, atomically: stores {@code loaded} (the visit the caller loaded after {@link Claim.Mine},
     * else null), and reaches each of {@code links} at the job's depth + 1, queueing a job for each link reached at
     * a new shallowest depth at which pages are fetched.
     */
    void finish(Job job, Visit loaded, Links links);

    /**
     * Gives a held job back to the queue, to be taken again (its page was being loaded elsewhere, or the caller
     * stops); a load it had claimed is given up.
     */
    void putBack(Job job);

    /** Takes one page from the budget ({@code --max-pages}); false once it is spent. */
    boolean takePage();

    /** Figures for the status line and the summary: pages requested and pages that gave no response. */
    long pagesFetched();

    long failures();

    /** Jobs queued right now (a snapshot, for the status line). */
    long queued();

    /** What the crawl found so far, for counting. */
    Discovery discovery(String start, String startLabel, Duration elapsed, StopReason stopReason);

    /** Whether a page was refused for want of budget. */
    boolean budgetSpent();

    @Override
    default void close() {
    }
}

package dev.qcrawl.crawl;

import java.time.Duration;

/**
 * Everything a crawl knows, behind one interface, so that the same engine ({@link Crawler}) runs in one process
 * ({@link MemoryState}) or shared by many on a server: each URL's shallowest depth and stored visit (its links by
 * value), the queue of jobs and the work outstanding, the page budget. Implementations make {@link #finish}
 * atomic, so that a job run twice (after a process died holding it) changes nothing.
 */
public interface CrawlState extends AutoCloseable {

    /** Loads one URL's visit (fetches and parses it). */
    @FunctionalInterface
    interface Loader {
        Visit load(String url) throws InterruptedException;
    }

    /** Joins the crawl, or starts it: the start URL reached at depth 1, and queued if {@code maxDepth >= 1}. */
    void seed(String startUrl, int maxDepth);

    /**
     * The next job, held by the caller until {@link #finish} or {@link #putBack}; waits while there is none. Null
     * once the crawl is over (nothing queued, nothing held anywhere) or stopped.
     */
    Job take() throws InterruptedException;

    /** Waits until the crawl is over or {@link #stop} is called. */
    void awaitEnd() throws InterruptedException;

    /** Ends the wait of {@link #awaitEnd} and of {@link #take} in this process. */
    void stop();

    /** The URL's shallowest depth so far, {@link Integer#MAX_VALUE} if it was never reached. */
    int depth(String url);

    /** The URL's stored visit, or null. */
    Visit visit(String url);

    /** Whether nobody has started to fetch the URL. */
    boolean unvisited(String url);

    /**
     * The URL's visit: the stored one, or one loaded now by {@code loader}, once for the whole crawl. If another
     * worker is loading it, an implementation waits for it or returns null (the caller then tries the job again
     * later).
     */
    Visit visitOrLoad(String url, Loader loader) throws InterruptedException;

    /** Stores {@code visit} for {@code url} unless it has one: a redirect's target fetched under another name. */
    void preset(String url, Visit visit);

    /**
     * Finishes a held job, atomically: each of {@code links} is reached at the job's depth + 1, and gets a job of
     * its own if that is its new shallowest depth and pages at that depth are fetched.
     */
    void finish(Job job, Links links);

    /** Gives a held job back to the queue, to be taken again (its host was busy, or its page was being loaded). */
    void putBack(Job job);

    /** Takes one page from the budget ({@code --max-pages}); false once it is spent. */
    boolean takePage();

    /** Figures for the status line and the summary: pages requested and pages that gave no response. */
    long pagesFetched();

    long failures();

    /** Jobs queued right now (a snapshot, for the status line). */
    long queued();

    /** What the crawl found so far, for counting. */
    Discovery discovery(String start, String startLabel, Duration elapsed, String stopReason);

    /** Whether a page was refused for want of budget. */
    boolean budgetSpent();

    @Override
    default void close() {
    }
}

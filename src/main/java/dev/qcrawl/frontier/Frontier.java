package dev.qcrawl.frontier;

/**
 * The crawl's work queue: jobs go in with {@link #put} and come out with {@link #take} in an order that
 * depends on the implementation (FIFO, LIFO or shortest URL first).
 */
public interface Frontier<E> {
    /** Adds a job; never blocks for capacity. */
    void put(E job);

    /** Takes the next job, waiting while the frontier is empty. */
    E take() throws InterruptedException;

    /** Takes the next job, waiting at most the given time; null if none came. */
    E poll(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException;

    /** Jobs waiting right now (a snapshot, for progress reports). */
    int size();
}

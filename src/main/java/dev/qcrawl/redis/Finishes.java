package dev.qcrawl.redis;

import dev.qcrawl.crawl.Job;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The pages this process finished and has not yet sent to Redis: sent together, a few scripts for many pages (on a
 * cluster, one per partition their links fall into and one per partition they are in). They are sent when
 * {@value #PAGES} are waiting, {@value #WAIT_MS} ms after the first of them, when a worker finds no job to take,
 * and before this process reads the crawl. Until then each page's job stays leased, so no process finds the crawl
 * complete while its links are not stored, and if this process dies its jobs go back to the queue when their leases
 * expire.
 */
final class Finishes implements AutoCloseable {
    /** Pages sent together at most. */
    static final int PAGES = 64;
    /** How long a finished page waits at most for others to be sent with. */
    static final long WAIT_MS = 200;

    /** A finished job: the page loaded for it (or null), the links to reach from it, and its partition. */
    record Page(Job job, Scripts part, Visit loaded, Links links) {
    }

    private final Consumer<List<Page>> send;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Page> waiting = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("qcrawl-finishes").factory());
    /** What a send on the timer failed with, thrown to the next worker that comes here. */
    private volatile RuntimeException failed;

    /** @param send sends pages, in the order they were finished */
    Finishes(Consumer<List<Page>> send) {
        this.send = send;
    }

    /** Adds a finished page; sends the waiting pages now if there are enough of them. */
    void add(Page page) {
        rethrow();
        boolean first;
        boolean full;
        lock.lock();
        try {
            waiting.add(page);
            first = waiting.size() == 1;
            full = waiting.size() >= PAGES;
        } finally {
            lock.unlock();
        }
        if (full) {
            send();
        } else if (first) {
            try {
                timer.schedule(this::sendOnTimer, WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                send(); // closed: nothing will come back for them
            }
        }
    }

    /** Sends the pages waiting; false if there were none. */
    boolean send() {
        rethrow();
        List<Page> out;
        lock.lock();
        try {
            if (waiting.isEmpty()) {
                return false;
            }
            out = waiting;
            waiting = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        send.accept(out);
        return true;
    }

    private void sendOnTimer() {
        try {
            send();
        } catch (RuntimeException e) {
            failed = e; // Redis lost or a script failed: the workers learn it from their next call
        }
    }

    /** A send on the timer that failed fails this process's next call too. */
    void rethrow() {
        RuntimeException e = failed;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

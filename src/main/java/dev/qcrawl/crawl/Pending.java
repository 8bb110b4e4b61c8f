package dev.qcrawl.crawl;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts jobs that are queued or being worked on. A job's children are added before the job is marked done, so
 * the count reaches zero only when the crawl is over, and then the waiter wakes. (A {@link java.util.concurrent.Phaser}
 * would do the same but stops at 65,535 parties, far fewer than a crawl's jobs.)
 */
final class Pending {
    private final AtomicLong jobs = new AtomicLong();
    private final CountDownLatch over = new CountDownLatch(1);

    void add() {
        jobs.incrementAndGet();
    }

    void done() {
        if (jobs.decrementAndGet() == 0) {
            over.countDown();
        }
    }

    /** Ends the wait early (interrupt, page limit, closed output). */
    void abandon() {
        over.countDown();
    }

    long count() {
        return jobs.get();
    }

    void await() throws InterruptedException {
        if (jobs.get() == 0) {
            return; // nothing was ever queued (e.g. --max-depth 0)
        }
        over.await();
    }
}

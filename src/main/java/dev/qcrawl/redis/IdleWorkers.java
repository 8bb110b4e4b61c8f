package dev.qcrawl.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workers of one process that found no job to take: one of them (the watcher) asks Redis again after an
 * interval, for work queued by other processes or leases that expired; the others wait to be woken, by a job of
 * this process that queued new jobs (one waiter per job) or by the watcher finding work.
 */
final class IdleWorkers {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    /** Changes with every wake-up: a worker that asked Redis before one asks again rather than wait. */
    private long generation;
    /** The generation in which a worker asked Redis and found no job: until the next, the others need not ask. */
    private long foundNone = -1;
    private int waiting;
    private long wakeups;
    private boolean watched;
    private boolean over;

    /** Taken before asking Redis: a wake-up after it is not missed. */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** A worker that took {@code seen} before asking Redis found no job to take. */
    void foundNone(long seen) {
        lock.lock();
        try {
            if (generation == seen) {
                foundNone = seen;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a worker of this process found no job since the wake-up {@code seen} was taken after, and the watcher
     * has not asked again since: then this one waits without asking Redis.
     */
    boolean noneSince(long seen) {
        lock.lock();
        try {
            return !over && foundNone == seen && generation == seen;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns when this worker should ask Redis again: at once if a wake-up came since {@code seen}, else when woken,
     * or after {@code intervalMs} if it is the watcher.
     */
    void await(long seen, long intervalMs) throws InterruptedException {
        lock.lock();
        try {
            if (over || generation != seen) {
                return;
            }
            boolean watcher = !watched;
            watched |= watcher;
            waiting++;
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
                while (wakeups == 0 && !over && !(watcher && nanos <= 0)) {
                    if (watcher) {
                        nanos = woken.awaitNanos(nanos);
                    } else {
                        woken.await();
                    }
                }
                if (wakeups > 0) {
                    wakeups--;
                } else if (watcher) {
                    foundNone = -1; // the interval is over: the watcher asks again, and so may the others
                }
            } finally {
                waiting--;
                if (watcher) {
                    // If it finds a job it wakes another waiter (see RedisState.take), and the first of them that
                    // finds none becomes the watcher.
                    watched = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Something changed that may let a job be taken: the next worker to come asks Redis; no waiter is woken. */
    void changed() {
        lock.lock();
        try {
            generation++;
        } finally {
            lock.unlock();
        }
    }

    /** Lets up to {@code n} waiters ask again. */
    void wake(long n) {
        if (n <= 0) {
            return;
        }
        lock.lock();
        try {
            generation++;
            wakeups = Math.min(wakeups + n, waiting);
            for (long i = 0; i < Math.min(n, waiting); i++) {
                woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every waiter, now and later, returns at once: the crawl is over. */
    void wakeAll() {
        lock.lock();
        try {
            over = true;
            generation++;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

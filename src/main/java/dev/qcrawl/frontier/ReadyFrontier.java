package dev.qcrawl.frontier;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The crawl's queue of jobs (packed longs, no object per job), one {@link PackedFrontier} per host, that hands out
 * only a job whose host may be fetched now, as StormCrawler's {@code FetchItemQueues}: {@link #take} blocks until
 * there is one (or the frontier is closed). The hosts with jobs are ready (ordered by their next job), waiting for
 * a time (ordered by it), or busy until a slot is free; a host busy or waiting is asked again as soon as its
 * {@link Turns} say something changed ({@link #freed}: a slot is free, or a turn was given back unused and left no
 * wait behind).
 *
 * <p>The queue order applies within each host and across the ready hosts by the same rule: the next job is the
 * first, in the order of {@code --queue} over all the jobs queued, among the jobs at the head of a ready host. With
 * every host ready it is exactly the order of one queue of all the jobs.
 */
public final class ReadyFrontier {
    /** What {@link #take} returns once the frontier is closed (jobs are never negative). */
    public static final long CLOSED = -1;

    /** The politeness rules the frontier asks before it hands out a job of a host. */
    public interface Turns {
        /** {@link #take}: a turn is taken, the host may be fetched now. */
        long NOW = 0;
        /** {@link #take}: every slot of the host is taken; {@link ReadyFrontier#freed} follows when one is free. */
        long BUSY = Long.MAX_VALUE;

        /**
         * Takes a turn to fetch from {@code host} at {@code now}, held by the calling thread for the job handed out
         * ({@link #NOW}); else {@link #BUSY}, or the nanoseconds until the host may next be fetched.
         */
        long take(String host, long now);

        /**
         * Gives back the calling thread's turn if no request has used it (its job needed none, or goes back): the
         * host may then be fetched as if the turn had never been taken, and {@link ReadyFrontier#freed} follows.
         */
        default void giveBack() {
        }

        /** No politeness: every host is always ready. */
        Turns NONE = (host, now) -> NOW;
    }

    /** The frontier's time: a monotonic reading, and a wait until a reading that a signal ends sooner. */
    public interface Clock {
        long nanos();

        /**
         * Waits on {@code ready} (whose lock {@code lock} the caller holds) until signalled or {@code deadline}
         * ({@link Long#MAX_VALUE}: until signalled).
         */
        void awaitUntil(ReentrantLock lock, Condition ready, long deadline) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void awaitUntil(ReentrantLock lock, Condition ready, long deadline) throws InterruptedException {
                if (deadline == Long.MAX_VALUE) {
                    ready.await();
                    return;
                }
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    ready.await(wait, TimeUnit.NANOSECONDS);
                }
            }
        };
    }

    private enum State { IDLE, READY, WAITING, BUSY }

    private static final class Host {
        final String key;
        final int id;
        final PackedFrontier queue;
        State state = State.IDLE;
        /** READY: the order of its next job; WAITING: when it may be fetched. */
        long order;
        long at;

        Host(String key, int id, QueueType type) {
            this.key = key;
            this.id = id;
            this.queue = new PackedFrontier(type, true);
        }
    }

    private final QueueType type;
    private final Turns turns;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a host becomes ready, and to all when the frontier is closed. */
    private final Condition ready = lock.newCondition();
    private final Map<String, Host> hosts = new HashMap<>();
    private final TreeSet<Host> readyHosts = new TreeSet<>(
            Comparator.<Host>comparingLong(h -> h.order).thenComparingInt(h -> h.id));
    /** Hosts waiting for a time, by it (a set, so that a host {@link #freed} meanwhile leaves it in log time). */
    private final TreeSet<Host> waiting = new TreeSet<>(
            Comparator.<Host>comparingLong(h -> h.at).thenComparingInt(h -> h.id));
    private long arrivals;
    private int hostIds;
    private int size;
    private boolean closed;

    public ReadyFrontier(QueueType type, Turns turns, Clock clock) {
        this.type = type;
        this.turns = turns;
        this.clock = clock;
    }

    /**
     * Queues {@code job} (not negative) for {@code host} (the key its requests go under; the empty string for a job
     * that makes none); {@code key} orders the priority queue (shorter first).
     */
    public void put(long job, String host, int key) {
        lock.lock();
        try {
            Host h = hosts.get(host);
            if (h == null) {
                h = new Host(host, hostIds++, type);
                hosts.put(host, h);
            }
            if (h.state == State.READY) {
                readyHosts.remove(h); // its head may change
            }
            h.queue.put(job, key, arrivals++);
            size++;
            if (h.state == State.READY || h.state == State.IDLE) {
                makeReady(h);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next job whose host may be fetched now (its turn taken, held by the calling thread), waiting until there
     * is one; {@link #CLOSED} once the frontier is closed.
     */
    public long take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = clock.nanos();
                while (!waiting.isEmpty() && waiting.first().at - now <= 0) {
                    makeReady(waiting.pollFirst());
                }
                while (!readyHosts.isEmpty()) {
                    Host h = readyHosts.pollFirst();
                    long turn = turns.take(h.key, now);
                    if (turn == Turns.NOW) {
                        long job = h.queue.take();
                        size--;
                        if (h.queue.isEmpty()) {
                            h.state = State.IDLE;
                            hosts.remove(h.key);
                        } else {
                            h.order = h.queue.headOrder();
                            readyHosts.add(h);
                        }
                        if (!readyHosts.isEmpty()) {
                            ready.signal(); // more work may run now: the next waiting taker looks
                        }
                        return job;
                    }
                    if (turn == Turns.BUSY) {
                        h.state = State.BUSY;
                    } else {
                        h.state = State.WAITING;
                        h.at = now + turn;
                        waiting.add(h);
                    }
                }
                clock.awaitUntil(lock, ready, waiting.isEmpty() ? Long.MAX_VALUE : waiting.first().at);
            }
            return CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The turns of {@code host} may be had sooner than they said: a slot is free, or a turn was given back unused
     * (its job made no request, and the host's next start is what it was before it). If the host was busy or
     * waiting for a time, it is ready again, and the next {@link #take} asks its turns anew.
     */
    public void freed(String host) {
        lock.lock();
        try {
            Host h = hosts.get(host);
            if (h != null && (h.state == State.BUSY || h.state == State.WAITING)) {
                if (h.state == State.WAITING) {
                    waiting.remove(h);
                }
                makeReady(h);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait of {@link #take}, now and later: the crawl is over or stopped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every job queued, in the order they arrived (put again in that order, they queue as they were, by
     * any {@code --queue}), and closes the frontier: the crawl moves to another JVM.
     */
    public long[] drain() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
            long[] jobs = new long[size];
            long[] arrival = new long[size];
            int[] n = {0};
            for (Host h : hosts.values()) {
                h.queue.drain((job, at) -> {
                    jobs[n[0]] = job;
                    arrival[n[0]++] = at;
                });
            }
            hosts.clear();
            readyHosts.clear();
            waiting.clear();
            size = 0;
            // Arrivals are distinct: each job goes where its arrival stands among them all.
            long[] sorted = arrival.clone();
            java.util.Arrays.sort(sorted);
            long[] ordered = new long[jobs.length];
            for (int i = 0; i < jobs.length; i++) {
                ordered[java.util.Arrays.binarySearch(sorted, arrival[i])] = jobs[i];
            }
            return ordered;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs queued (a snapshot). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    private void makeReady(Host h) {
        h.state = State.READY;
        h.order = h.queue.headOrder();
        readyHosts.add(h);
        ready.signal();
    }
}

package dev.qcrawl.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The frontier with a queue per host: with every host ready it hands out jobs in the order of one JDK queue of them
 * all; a host not ready is passed over until its time comes (on a clock moved by the test) or its slot is freed;
 * {@code take} blocks until then, or until the frontier is closed.
 */
class ReadyFrontierTest {
    private static final String A = "http://a:80";
    private static final String B = "http://b:80";
    private static final String C = "http://c:80";

    /** Time moves only when the test says; a taker waiting on it is counted, and woken when time moves. */
    static final class ManualClock implements ReadyFrontier.Clock {
        private volatile long nanos = 1_000_000_000L;
        /** A permit each time a taker starts to wait. */
        final Semaphore waits = new Semaphore(0);
        private final List<Object[]> waiters = new ArrayList<>();

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void awaitUntil(ReentrantLock lock, Condition ready, long deadline) throws InterruptedException {
            synchronized (this) {
                waiters.add(new Object[] {lock, ready});
            }
            waits.release();
            ready.await(); // the lock is held until here, so what the test does next comes after the wait began
        }

        void advance(long by) {
            nanos += by;
            List<Object[]> all;
            synchronized (this) {
                all = List.copyOf(waiters);
                waiters.clear();
            }
            for (Object[] w : all) {
                ReentrantLock lock = (ReentrantLock) w[0];
                lock.lock();
                try {
                    ((Condition) w[1]).signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        void awaitTaker() throws InterruptedException {
            assertTrue(waits.tryAcquire(30, TimeUnit.SECONDS), "no taker began to wait");
        }
    }

    /** Politeness set by the test: a host may be busy, or free only from a time on; every turn taken is logged. */
    static final class Rules implements ReadyFrontier.Turns {
        final Set<String> busy = new HashSet<>();
        final Map<String, Long> notBefore = new HashMap<>();
        final List<String> taken = new ArrayList<>();

        @Override
        public synchronized long take(String host, long now) {
            if (busy.contains(host)) {
                return BUSY;
            }
            Long at = notBefore.get(host);
            if (at != null && now - at < 0) {
                return at - now;
            }
            taken.add(host);
            return NOW;
        }
    }

    @Test
    void withEveryHostReadyTheOrderIsThatOfOneQueueOfAllTheJobs() throws Exception {
        String[] hosts = {A, B, C, "", "http://d:8080"};
        for (QueueType type : QueueType.values()) {
            ReadyFrontier frontier = new ReadyFrontier(type, ReadyFrontier.Turns.NONE, new ManualClock());
            JdkQueues model = new JdkQueues(type);
            Random random = new Random(7);
            for (int round = 0; round < 100_000; round++) {
                if (random.nextInt(5) < 3 || model.size() == 0) {
                    long job = random.nextLong() >>> 1;
                    int key = random.nextInt(40);
                    frontier.put(job, hosts[random.nextInt(hosts.length)], key);
                    model.put(job, key);
                } else {
                    assertEquals(model.take(), frontier.take(), type + " at round " + round);
                }
                assertEquals(model.size(), frontier.size());
            }
        }
    }

    @Test
    void aHostNotReadyIsPassedOverUntilItsTimeOrItsFreedSlot() throws Exception {
        ManualClock clock = new ManualClock();
        Rules rules = new Rules();
        ReadyFrontier frontier = new ReadyFrontier(QueueType.FIFO, rules, clock);
        rules.notBefore.put(A, clock.nanos() + 1_000);
        rules.busy.add(B);
        frontier.put(1, A, 0);
        frontier.put(2, B, 0);
        frontier.put(3, C, 0);
        frontier.put(4, A, 0);
        frontier.put(5, C, 0);
        assertEquals(3, frontier.take(), "A waits, B is busy: C's first job");
        assertEquals(5, frontier.take());
        clock.advance(1_000);
        assertEquals(1, frontier.take(), "A's time has come: its jobs in order");
        assertEquals(4, frontier.take());
        synchronized (rules) {
            rules.busy.remove(B);
        }
        frontier.freed(B);
        assertEquals(2, frontier.take(), "B's slot is free");
        assertEquals(List.of(C, C, A, A, B), rules.taken);
        assertEquals(0, frontier.size());
    }

    @Test
    void aBlockedTakeIsWokenByAPut() throws Exception {
        ManualClock clock = new ManualClock();
        ReadyFrontier frontier = new ReadyFrontier(QueueType.LIFO, new Rules(), clock);
        CompletableFuture<Long> taken = take(frontier);
        clock.awaitTaker();
        frontier.put(42, A, 0);
        assertEquals(42, taken.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aBlockedTakeIsWokenByTheClock() throws Exception {
        ManualClock clock = new ManualClock();
        Rules rules = new Rules();
        rules.notBefore.put(A, clock.nanos() + 5_000);
        ReadyFrontier frontier = new ReadyFrontier(QueueType.PRIORITY, rules, clock);
        frontier.put(7, A, 3);
        CompletableFuture<Long> taken = take(frontier);
        clock.awaitTaker();
        clock.advance(4_999);
        clock.awaitTaker(); // woken too early: it looks and waits again
        assertTrue(!taken.isDone(), "not before its time");
        clock.advance(1);
        assertEquals(7, taken.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(A), rules.taken);
    }

    @Test
    void aBlockedTakeIsWokenByAFreedSlot() throws Exception {
        ManualClock clock = new ManualClock();
        Rules rules = new Rules();
        rules.busy.add(A);
        ReadyFrontier frontier = new ReadyFrontier(QueueType.FIFO, rules, clock);
        frontier.put(9, A, 0);
        CompletableFuture<Long> taken = take(frontier);
        clock.awaitTaker();
        frontier.freed(B); // another host's slot: nothing changes
        synchronized (rules) {
            rules.busy.remove(A);
        }
        frontier.freed(A);
        assertEquals(9, taken.get(30, TimeUnit.SECONDS));
    }

    /**
     * A host set aside to wait for a time (a turn booked its next start) is asked again as soon as its turns say
     * they changed (that turn was given back unused: its job made no request), not when the booked time comes.
     */
    @Test
    void aWaitingHostIsAskedAgainWhenItsTurnsChange() throws Exception {
        ManualClock clock = new ManualClock();
        Rules rules = new Rules();
        long start = clock.nanos();
        rules.notBefore.put(A, start + 3_600_000_000_000L); // an hour: the booking of a turn held elsewhere
        ReadyFrontier frontier = new ReadyFrontier(QueueType.FIFO, rules, clock);
        frontier.put(1, A, 0);
        frontier.put(2, B, 0);
        assertEquals(2, frontier.take(), "A waits: B's job first");
        synchronized (rules) {
            rules.notBefore.remove(A); // the turn was given back unused: its booking is undone
        }
        frontier.freed(A);
        assertEquals(1, take(frontier).get(30, TimeUnit.SECONDS), "A is asked again at once");
        assertEquals(start, clock.nanos(), "no time passed");
        assertEquals(List.of(B, A), rules.taken);
    }

    @Test
    void closingEndsEveryWaitAndEveryLaterTake() throws Exception {
        ManualClock clock = new ManualClock();
        Rules rules = new Rules();
        rules.busy.add(A);
        ReadyFrontier frontier = new ReadyFrontier(QueueType.FIFO, rules, clock);
        frontier.put(1, A, 0);
        CompletableFuture<Long> first = take(frontier);
        CompletableFuture<Long> second = take(frontier);
        clock.awaitTaker();
        clock.awaitTaker();
        frontier.close();
        assertEquals(ReadyFrontier.CLOSED, first.get(30, TimeUnit.SECONDS));
        assertEquals(ReadyFrontier.CLOSED, second.get(30, TimeUnit.SECONDS));
        frontier.put(2, B, 0);
        assertEquals(ReadyFrontier.CLOSED, frontier.take(), "a job queued after the end is not handed out");
    }

    private static CompletableFuture<Long> take(ReadyFrontier frontier) {
        CompletableFuture<Long> taken = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                taken.complete(frontier.take());
            } catch (InterruptedException | RuntimeException e) {
                taken.completeExceptionally(e);
            }
        });
        return taken;
    }
    /**
     * A frontier drained part way (the crawl moving to another JVM) and its jobs put, in the order drain gives, into
     * a new one: the new one hands out the rest in the order the JDK queue of them all would have, for each
     * {@code --queue}.
     */
    @Test
    void drainedJobsPutInOrderQueueAsTheyWere() throws InterruptedException {
        for (QueueType type : QueueType.values()) {
            Random random = new Random(7);
            ReadyFrontier frontier = new ReadyFrontier(type, ReadyFrontier.Turns.NONE, ReadyFrontier.Clock.SYSTEM);
            JdkQueues model = new JdkQueues(type);
            Map<Long, String> hostOf = new HashMap<>();
            Map<Long, Integer> keyOf = new HashMap<>();
            String[] hosts = {A, B, C};
            for (long job = 0; job < 3000; job++) {
                hostOf.put(job, hosts[random.nextInt(hosts.length)]);
                keyOf.put(job, 10 + random.nextInt(30));
                frontier.put(job, hostOf.get(job), keyOf.get(job));
                model.put(job, keyOf.get(job));
                if (random.nextInt(3) == 0) {
                    assertEquals(model.take(), frontier.take(), type.toString());
                }
            }
            long[] drained = frontier.drain();
            assertEquals(model.size(), drained.length, type.toString());
            assertEquals(ReadyFrontier.CLOSED, frontier.take(), "a drained frontier is closed");
            ReadyFrontier next = new ReadyFrontier(type, ReadyFrontier.Turns.NONE, ReadyFrontier.Clock.SYSTEM);
            for (long job : drained) {
                next.put(job, hostOf.get(job), keyOf.get(job));
            }
            while (model.size() > 0) {
                assertEquals(model.take(), next.take(), type.toString());
            }
            assertEquals(0, next.size());
        }
    }
}

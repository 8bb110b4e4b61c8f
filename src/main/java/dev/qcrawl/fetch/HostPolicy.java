package dev.qcrawl.fetch;

import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Politeness per host: at most {@code perHost} requests in flight to one host, and request starts spaced by at
 * least the host's delay ({@code --delay}, or a robots.txt {@code Crawl-delay} when that is longer). Nothing is
 * locked while a request waits for its turn, so a slow host holds up only the requests that go to it.
 *
 * <p>The limit adapts as TCP's congestion window does. A host starts at {@link #START} requests in flight (or
 * {@code perHost}, if lower). A request that ends in a sign of an overloaded host (a connection reset or closed
 * before any response, a connect or request timeout, 429 or 503, or a response head that took {@link #SLOWER}
 * times the host's usual time to answer and at least {@link #SLOW_NANOS}: a connection request dropped by a full
 * listen queue is sent again only a second later; the time a large body takes after its head is not counted)
 * halves the host's limit, at most once per limit's worth of finished requests. Each limit's worth of requests in
 * a row that end well raises it, doubling it until the host's first sign of overload and by one after that, up to
 * {@code perHost}: only when that run of good requests began a round ago or more ({@link #ROUND} times the host's
 * usual time to answer, at least {@link #MIN_ROUND_NANOS}: as TCP, once per round trip), never while a request
 * has been in flight for over half a round (it may be a dropped connection request, not yet a sign), and not
 * within {@link #SETTLE_NANOS} of a cut.
 * A server with a small listen backlog (Python's {@code http.server} has 5) is thus not buried under more
 * connections than it accepts, whatever the worker count, and a slow but able host is still reached quickly.
 */
public final class HostPolicy implements HostLimits {
    /** The limit a host starts at, when {@code perHost} is higher. */
    static final int START = 16;
    /** A response head this much later than the host's usual time to answer is a sign of overload, if also ... */
    static final int SLOWER = 8;
    /** ... at least this long (a connection request the host dropped is sent again after 1 s). */
    static final long SLOW_NANOS = 900_000_000L;
    /** The limit does not rise sooner than this after a cut. */
    static final long SETTLE_NANOS = 1_000_000_000L;
    /** A round is this many times the host's usual time to answer, ... */
    static final int ROUND = 4;
    /** ... and at least this long. */
    static final long MIN_ROUND_NANOS = 100_000_000L;

    private final int perHost;
    private final Duration delay;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

    public HostPolicy(int perHost, Duration delay, Ticker ticker) {
        this.perHost = perHost;
        this.delay = delay;
        this.ticker = ticker;
    }

    /**
     * Waits for a turn to send a request to {@code host}.
     *
     * @param hostDelay the host's own wish (robots.txt Crawl-delay, already capped), {@link Duration#ZERO} if none
     */
    @Override
    public Permit enter(String host, Duration hostDelay) throws InterruptedException {
        Gate gate = gate(host);
        gate.permits.acquire();
        try {
            long spacing = Math.max(delay.toNanos(), hostDelay.toNanos());
            ticker.parkUntil(gate.reserve(ticker.nanos(), spacing));
        } catch (InterruptedException e) {
            gate.permits.release();
            throw e;
        }
        long start = ticker.nanos();
        gate.started(start);
        return new Permit() {
            private boolean overloaded;
            private volatile long answeredAt;
            private volatile boolean answered;

            @Override
            public void overloaded() {
                overloaded = true;
            }

            @Override
            public void answered() {
                if (!answered) {
                    answeredAt = ticker.nanos();
                    answered = true;
                }
            }

            @Override
            public void close() {
                long now = ticker.nanos();
                gate.completed(overloaded, start, answered ? answeredAt : now, now);
                gate.release();
            }
        };
    }

    /** The host's current limit on requests in flight (between 1 and {@code perHost}). */
    public int limit(String host) {
        Gate gate = gates.get(host);
        return gate == null ? Math.min(perHost, START) : gate.limit();
    }

    /**
     * How long a request to {@code host} would wait if it asked now: 0 if it could start at once,
     * {@link Long#MAX_VALUE} while every permit of the host is taken, else the nanoseconds until its next slot.
     * A snapshot: it reserves nothing.
     */
    @Override
    public long waitFor(String host) {
        Gate gate = gates.get(host);
        if (gate == null) {
            return 0;
        }
        if (gate.permits.availablePermits() == 0) {
            return Long.MAX_VALUE;
        }
        return gate.untilNext(ticker.nanos());
    }

    /**
     * Calls {@code action} when a permit of {@code host} is next released (or now, if one is free). The action
     * returns false if it had nothing left to do (its job came back another way), and the next one is called.
     */
    @Override
    public void whenFree(String host, BooleanSupplier action) {
        Gate gate = gate(host);
        gate.waiters.add(action);
        if (gate.permits.availablePermits() > 0) {
            gate.wakeOne();
        }
    }

    /**
     * Wakes the next waiter of {@code host} if a permit is free: called when a woken job turned out to need no
     * request, so that the permit it was woken for is not left unclaimed while others wait.
     */
    @Override
    public void passOn(String host) {
        Gate gate = gates.get(host);
        if (gate != null && !gate.waiters.isEmpty() && gate.permits.availablePermits() > 0) {
            gate.wakeOne();
        }
    }

    private Gate gate(String host) {
        Gate gate = gates.get(host);
        return gate != null ? gate : gates.computeIfAbsent(host, h -> new Gate(perHost));
    }

    private static final class Gate {
        final Permits permits;
        final ConcurrentLinkedQueue<BooleanSupplier> waiters = new ConcurrentLinkedQueue<>();
        private final int perHost;
        private long next = Long.MIN_VALUE;
        private boolean first = true;
        private int limit;
        private int sinceDecrease;
        private int goodInARow;
        /** When the first request of the current run of good ones started, and when the limit was last cut. */
        private long streakFrom;
        private long cutAt;
        private boolean cut;
        /** Whether the limit doubles when it rises: until the host's first sign of overload. */
        private boolean doubling = true;
        /** The host's usual time to answer in nanoseconds (a moving average over the requests that ended well). */
        private long usual;
        /** The start times of the requests in flight, with how many started at each. */
        private final TreeMap<Long, Integer> starts = new TreeMap<>();

        Gate(int perHost) {
            this.perHost = perHost;
            this.limit = Math.min(perHost, START);
            this.sinceDecrease = limit;
            permits = new Permits(limit);
        }

        synchronized int limit() {
            return limit;
        }

        synchronized void started(long start) {
            starts.merge(start, 1, Integer::sum);
        }

        /**
         * Adjusts the limit for one request, started at {@code start}, answered at {@code answered} (its response
         * head arrived; {@code now} if none did) and over at {@code now} (see the class comment).
         */
        void completed(boolean overloaded, long start, long answered, long now) {
            int raisedBy = 0;
            synchronized (this) {
                starts.computeIfPresent(start, (t, n) -> n == 1 ? null : n - 1);
                long took = answered - start;
                boolean slow = usual > 0 && took >= SLOW_NANOS && took / SLOWER > usual;
                sinceDecrease++;
                if (overloaded || slow) {
                    goodInARow = 0;
                    if (sinceDecrease >= limit && limit > 1) {
                        int halved = Math.max(1, limit / 2);
                        permits.withhold(limit - halved);
                        limit = halved;
                        sinceDecrease = 0;
                        cutAt = now;
                        cut = true;
                        doubling = false;
                    }
                } else {
                    usual = usual == 0 ? Math.max(took, 1) : Math.max(usual + (took - usual) / 8, 1);
                    if (goodInARow++ == 0) {
                        streakFrom = start;
                    }
                    if (goodInARow >= limit && limit < perHost && mayRise(now)) {
                        int raised = doubling ? Math.min(perHost, 2 * limit) : limit + 1;
                        raisedBy = raised - limit;
                        limit = raised;
                        goodInARow = 0;
                    }
                }
            }
            for (int i = 0; i < raisedBy; i++) {
                release();
            }
        }

        /**
         * Whether the run of good requests began a round ago at least, no request in flight has been out for over
         * half a round (a dropped connection request would be), and the last cut is a second past.
         */
        private boolean mayRise(long now) {
            long round = Math.max(ROUND * usual, MIN_ROUND_NANOS);
            return now - streakFrom >= round && (starts.isEmpty() || now - starts.firstKey() <= round / 2)
                    && (!cut || now - cutAt >= SETTLE_NANOS);
        }

        void release() {
            permits.release();
            wakeOne();
        }

        void wakeOne() {
            BooleanSupplier waiter;
            while ((waiter = waiters.poll()) != null) {
                if (waiter.getAsBoolean()) {
                    return;
                }
            }
        }

        /** A fair semaphore whose permits can be withheld (the count may go below zero until enough return). */
        static final class Permits extends Semaphore {
            Permits(int n) {
                super(n, true);
            }

            void withhold(int n) {
                reducePermits(n);
            }
        }

        synchronized long untilNext(long now) {
            return first || now - next >= 0 ? 0 : next - now;
        }

        /** Books the earliest start at or after {@code now} that keeps {@code spacing} since the last booking. */
        synchronized long reserve(long now, long spacing) {
            long slot = first || now - next > 0 ? now : next;
            first = false;
            next = slot + spacing;
            return slot;
        }
    }
}

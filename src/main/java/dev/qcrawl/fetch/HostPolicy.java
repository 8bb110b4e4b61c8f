package dev.qcrawl.fetch;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Politeness per host: at most {@code perHost} requests in flight to one host, and request starts spaced by at
 * least the host's delay ({@code --delay}, or a robots.txt {@code Crawl-delay} when that is longer). Nothing is
 * locked while a request waits for its turn, so a slow host holds up only the requests that go to it.
 *
 * <p>The limit adapts as TCP's congestion window does (additive increase, multiplicative decrease): a request
 * that ends in a sign of an overloaded host (a connection reset or closed before any response, a connect or
 * request timeout, 429 or 503) halves the host's limit, at most once per limit's worth of completed requests;
 * each limit's worth of requests that end well raises it by one again, up to {@code perHost}. A server with a
 * small listen backlog (Python's {@code http.server} has 5) is thus never buried under more connections than it
 * accepts, whatever the worker count.
 */
public final class HostPolicy implements HostLimits {
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
        Gate gate = gates.computeIfAbsent(host, h -> new Gate(perHost));
        gate.permits.acquire();
        try {
            long spacing = Math.max(delay.toNanos(), hostDelay.toNanos());
            ticker.parkUntil(gate.reserve(ticker.nanos(), spacing));
        } catch (InterruptedException e) {
            gate.permits.release();
            throw e;
        }
        return new Permit() {
            private boolean overloaded;

            @Override
            public void overloaded() {
                overloaded = true;
            }

            @Override
            public void close() {
                gate.completed(overloaded);
                gate.release();
            }
        };
    }

    /** The host's current limit on requests in flight (between 1 and {@code perHost}). */
    public int limit(String host) {
        Gate gate = gates.get(host);
        return gate == null ? perHost : gate.limit();
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
        Gate gate = gates.computeIfAbsent(host, h -> new Gate(perHost));
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

    private static final class Gate {
        final Permits permits;
        final ConcurrentLinkedQueue<BooleanSupplier> waiters = new ConcurrentLinkedQueue<>();
        private final int perHost;
        private long next = Long.MIN_VALUE;
        private boolean first = true;
        private int limit;
        private int sinceDecrease;
        private int goodInARow;

        Gate(int perHost) {
            this.perHost = perHost;
            this.limit = perHost;
            this.sinceDecrease = perHost;
            permits = new Permits(perHost);
        }

        synchronized int limit() {
            return limit;
        }

        /** Adjusts the limit for one finished request (see the class comment). */
        void completed(boolean overloaded) {
            boolean raise = false;
            synchronized (this) {
                sinceDecrease++;
                if (overloaded) {
                    goodInARow = 0;
                    if (sinceDecrease >= limit && limit > 1) {
                        int halved = Math.max(1, limit / 2);
                        permits.withhold(limit - halved);
                        limit = halved;
                        sinceDecrease = 0;
                    }
                } else if (++goodInARow >= limit && limit < perHost) {
                    limit++;
                    goodInARow = 0;
                    raise = true;
                }
            }
            if (raise) {
                release();
            }
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

package dev.qcrawl.fetch;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Politeness per host: at most {@code perHost} requests in flight to one host, and request starts spaced by at
 * least the host's delay ({@code --delay}, or a robots.txt {@code Crawl-delay} when that is longer). Nothing is
 * locked while a request waits for its turn, so a slow host holds up only the requests that go to it.
 */
public final class HostPolicy {
    private final int perHost;
    private final Duration delay;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

    /** A turn to send one request; closing it lets the next request to the host in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

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
        return gate.permits::release;
    }

    private static final class Gate {
        final Semaphore permits;
        private long next = Long.MIN_VALUE;
        private boolean first = true;

        Gate(int perHost) {
            permits = new Semaphore(perHost, true);
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

package dev.qcrawl.fetch;

import java.time.Instant;

/**
 * The crawler's view of time: a monotonic reading, the wall clock (for HTTP dates) and a way to wait until a
 * reading. Politeness and retry code take a ticker so that tests can drive time without sleeping.
 */
public interface Ticker {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanos();

    /** The wall clock, used to interpret {@code Retry-After} dates. */
    Instant now();

    /** Waits until {@link #nanos()} reaches {@code deadline}; returns at once if it already has. */
    void parkUntil(long deadline) throws InterruptedException;

    /** The real clock. Waiting parks the (virtual) thread; it holds no lock while it waits. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void parkUntil(long deadline) throws InterruptedException {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(java.time.Duration.ofNanos(wait));
            }
        }
    };
}

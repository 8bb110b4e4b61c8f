package dev.qcrawl.testing;

import dev.qcrawl.fetch.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock for tests: time stands still until the test advances it or a caller parks, which moves it to the deadline. */
public final class ManualTicker implements Ticker {
    private long nanos = 1_000_000_000L;
    /** Every deadline a caller parked until, in order. */
    public final List<Long> parks = new ArrayList<>();

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    /** Moves time on by {@code by} nanoseconds. */
    public synchronized void advance(long by) {
        nanos += by;
    }

    /** Sets the time (another JVM's clock). */
    public synchronized void set(long nanos) {
        this.nanos = nanos;
    }

    @Override
    public synchronized void parkUntil(long deadline) {
        parks.add(deadline);
        nanos = Math.max(nanos, deadline);
    }
}

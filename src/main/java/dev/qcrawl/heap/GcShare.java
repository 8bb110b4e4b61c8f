package dev.qcrawl.heap;

import java.util.ArrayDeque;

/**
 * The share of recent time the JVM spent collecting garbage, from the collections as they end (each one's end
 * and duration, in milliseconds of the JVM's uptime): a heap that is nearly full makes the collector run back to
 * back, and the crawl then gets little done. Not thread-safe; the caller serializes.
 */
final class GcShare {
    private record Collection(long end, long duration) {
    }

    private final long window;
    private final double limit;
    private final ArrayDeque<Collection> recent = new ArrayDeque<>();
    private long sum;

    /**
     * @param windowMillis how far back to look
     * @param limit        the share of that time ({@code 0 < limit < 1}) above which collecting is too much
     */
    GcShare(long windowMillis, double limit) {
        if (windowMillis <= 0 || !(limit > 0 && limit < 1)) {
            throw new IllegalArgumentException("window " + windowMillis + " ms, limit " + limit);
        }
        this.window = windowMillis;
        this.limit = limit;
    }

    /** Forgets the collections so far. */
    void clear() {
        recent.clear();
        sum = 0;
    }

    /**
     * Records a collection that ended at {@code endMillis} and took {@code durationMillis}; true if the
     * collections of the window before {@code endMillis} took more than the limit's share of it.
     */
    boolean collected(long endMillis, long durationMillis) {
        recent.addLast(new Collection(endMillis, durationMillis));
        sum += durationMillis;
        long from = endMillis - window;
        while (!recent.isEmpty() && recent.peekFirst().end() <= from) {
            sum -= recent.removeFirst().duration();
        }
        // The oldest collection may have begun before the window: only its part inside counts.
        long inside = sum;
        Collection first = recent.peekFirst();
        if (first != null && first.end() - first.duration() < from) {
            inside -= from - (first.end() - first.duration());
        }
        return inside > limit * window;
    }
}

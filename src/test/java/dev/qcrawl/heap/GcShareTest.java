package dev.qcrawl.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The GC-time rule, on collections given by their end and duration (the JVM's own clock, here made up). */
class GcShareTest {
    private static final long WINDOW = 5_000;

    @Test
    void shortCollectionsNowAndThenAreFine() {
        GcShare share = new GcShare(WINDOW, 0.5);
        for (long t = 100; t < 600_000; t += 100) {
            assertFalse(share.collected(t, 20), "at " + t); // 20% of the time, for ten minutes
        }
    }

    @Test
    void collectionsBackToBackForHalfTheWindowAreTooMuch() {
        GcShare share = new GcShare(WINDOW, 0.5);
        long t = 60_000;
        assertFalse(share.collected(t, 40));
        // Full collections of 300 ms with 200 ms of work between them: 60% of the time.
        int collections = 0;
        boolean tooMuch = false;
        while (!tooMuch) {
            t += 500;
            tooMuch = share.collected(t, 300);
            collections++;
        }
        // 40 + 8 x 300 = 2,440 ms is within the limit (2,500 ms of 5,000); the ninth makes 2,740.
        assertEquals(9, collections);
    }

    @Test
    void oldCollectionsLeaveTheWindow() {
        GcShare share = new GcShare(WINDOW, 0.5);
        assertFalse(share.collected(10_000, 2_400));
        // 2,400 + 200 ms would be over the limit within one window, but the first ended 5 s before this one.
        assertFalse(share.collected(15_000, 200));
    }

    @Test
    void onlyThePartOfACollectionInsideTheWindowCounts() {
        GcShare share = new GcShare(WINDOW, 0.5);
        // 2,400 ms ending at 10,000: at 13,000 the window starts at 8,000 and holds 2,000 ms of it.
        assertFalse(share.collected(10_000, 2_400));
        assertFalse(share.collected(13_000, 500)); // 2,000 + 500 = 2,500: not more than the limit
        GcShare other = new GcShare(WINDOW, 0.5);
        assertFalse(other.collected(10_000, 2_400));
        assertTrue(other.collected(13_000, 501)); // 2,501
    }

    @Test
    void oneLongCollectionOverTheLimitIsTooMuch() {
        assertTrue(new GcShare(WINDOW, 0.5).collected(30_000, 2_600));
    }

    @Test
    void clearedItForgetsTheCollectionsBefore() {
        GcShare share = new GcShare(WINDOW, 0.5);
        assertTrue(share.collected(10_000, 4_000));
        share.clear();
        assertFalse(share.collected(10_100, 90)); // the 4 s before no longer count
        assertTrue(share.collected(13_000, 2_900)); // but what comes after does
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new GcShare(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new GcShare(WINDOW, 1.0));
    }
}

package dev.qcrawl.heap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the watch does when memory runs out, during the crawl and after it, shown by a thread that ends with an
 * {@link OutOfMemoryError} (one of the ways the watch learns of it; the JVM's collection notifications are the
 * others, and take the same path).
 */
class HeapWatchTest {

    private static void aThreadRunsOut() throws InterruptedException {
        Thread t = new Thread(() -> {
            throw new OutOfMemoryError("made up by the test");
        });
        t.start();
        t.join();
    }

    @Test
    void duringTheCrawlItStopsTheCrawlOnceAndTheStepsAfterStillRun() throws Exception {
        AtomicInteger crawlStops = new AtomicInteger();
        try (HeapWatch watch = HeapWatch.start(crawlStops::incrementAndGet)) {
            aThreadRunsOut();
            aThreadRunsOut();
            assertEquals(1, crawlStops.get());
            assertTrue(watch.ranOut());
            watch.crawlOver(() -> { });
            assertDoesNotThrow(HeapWatch::checkRoom); // what ran out during the crawl is not the steps' concern
        }
    }

    @Test
    void afterTheCrawlTheStepInProgressGivesUpAndTheNextStartsAnew() throws Exception {
        AtomicInteger crawlStops = new AtomicInteger();
        AtomicInteger stepStops = new AtomicInteger();
        try (HeapWatch watch = HeapWatch.start(crawlStops::incrementAndGet)) {
            watch.crawlOver(stepStops::incrementAndGet);
            assertDoesNotThrow(HeapWatch::checkRoom);
            aThreadRunsOut();
            assertThrows(OutOfMemoryError.class, HeapWatch::checkRoom);
            assertThrows(OutOfMemoryError.class, HeapWatch::checkRoom); // until the step has let go
            aThreadRunsOut();
            assertEquals(1, stepStops.get());
            assertEquals(0, crawlStops.get()); // the crawl was over: not stopped again
            watch.stepEnded();
            assertDoesNotThrow(HeapWatch::checkRoom);
            aThreadRunsOut();
            assertThrows(OutOfMemoryError.class, HeapWatch::checkRoom);
            assertEquals(2, stepStops.get());
        }
        assertDoesNotThrow(HeapWatch::checkRoom); // a watch closed leaves nothing behind
    }
}

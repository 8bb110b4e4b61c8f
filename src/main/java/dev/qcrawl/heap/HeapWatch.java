package dev.qcrawl.heap;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Notices that the heap is running out while the crawl can still stop cleanly, and says so once: when the old
 * generation is still more than {@link #OLD_LIMIT} full right after a collection of it (a usage threshold the
 * JVM checks itself), when collections take more than {@link #GC_LIMIT} of the time over {@link #GC_WINDOW_MS},
 * or when an {@link OutOfMemoryError} ends a thread. It then frees a reserve kept for the counting and the
 * output that follow. Works with the serial collector the launchers choose and with the JVM's others. The first
 * two are watched from {@link #WATCH_AFTER_MS} after the start. After the crawl ({@link #crawlOver}), the last two
 * make the step in progress give up instead.
 */
public final class HeapWatch implements AutoCloseable {
    /** The share of the old generation that may stay in use after it was collected. */
    static final double OLD_LIMIT = 0.75;
    static final long GC_WINDOW_MS = 5_000;
    static final double GC_LIMIT = 0.5;
    /** Kept from the start and freed when memory runs out: room for the counts and the output. */
    private static volatile byte[] reserve;

    /**
     * How long after the start the JVM's memory beans are asked to watch: loading them costs 30-49 ms of CPU
     * (docs/BENCHMARKS.md, 2026-12-05), a tenth of a small crawl, and a heap that runs out sooner still ends as a
     * thread's OutOfMemoryError does.
     */
    static final long WATCH_AFTER_MS = 1_000;

    /**
     * Set when the collector thrashes after the crawl (see {@link #crawlOver}): the step in progress gives up at its
     * next {@link #checkRoom()}.
     */
    private static final AtomicBoolean SPENT = new AtomicBoolean();

    private final Runnable onLow;
    private final AtomicBoolean low = new AtomicBoolean();
    /** What stops the steps after the crawl (a link check's requests), once the crawl is over; else null. */
    private volatile Runnable afterCrawl;
    private final GcShare gcShare = new GcShare(GC_WINDOW_MS, GC_LIMIT);
    private final List<Runnable> undo = new ArrayList<>();
    private final Thread.UncaughtExceptionHandler previous;
    private Thread later;
    private boolean closed;

    private HeapWatch(Runnable onLow) {
        this.onLow = onLow;
        this.previous = Thread.getDefaultUncaughtExceptionHandler();
    }

    /**
     * Starts watching; {@code onLow} runs once, on a JVM thread, when memory runs out (it must only ask the crawl
     * to stop). Closing stops watching.
     */
    public static HeapWatch start(Runnable onLow) {
        HeapWatch watch = new HeapWatch(onLow);
        watch.watchDyingThreads();
        watch.later = Thread.ofVirtual().name("qcrawl-heap").start(watch::watchAfterStart);
        return watch;
    }

    private void watchAfterStart() {
        try {
            Thread.sleep(WATCH_AFTER_MS); // a delay, not a poll: nothing is waited for
        } catch (InterruptedException e) {
            return; // closed before: a short crawl never loads the beans
        }
        synchronized (this) {
            if (!closed) {
                keepReserve();
                watchOldGeneration();
                watchCollections();
            }
        }
    }

    /**
     * From now on, in this process, a thread ended by {@link OutOfMemoryError} ends without a word: the thread that
     * counts and writes reports running out in one line ({@code Main}), and while it does, an idle thread that
     * happened to allocate at that moment (the HTTP client's selector, after the crawl) would otherwise print a
     * stack trace. Any other uncaught exception is printed as before. While a watch is on, it handles both.
     */
    public static void quietOutOfMemory() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                thread.getThreadGroup().uncaughtException(thread, e);
            }
        });
    }

    /** Sets aside the reserve: a sixteenth of the heap, at most 16 MiB. */
    public static void keepReserve() {
        if (reserve == null) {
            reserve = new byte[(int) Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16)];
        }
    }

    /** Frees the reserve, for the work that follows running out of memory. */
    public static void releaseReserve() {
        reserve = null;
    }

    /** Whether memory ran out while this watch was on, during the crawl. */
    public boolean ranOut() {
        return low.get();
    }

    /**
     * The crawl is over; the steps after it (counting, a link check, a drawing) need memory of their own. From now
     * on the collector taking more than {@link #GC_LIMIT} of the time (or another thread running out) is no longer a
     * reason to stop the crawl but makes the step in progress give up (its requests stopped by {@code stopStep}, its
     * loops at their next {@link #checkRoom()}), within seconds instead of after minutes of full collections. The old
     * generation's fill is no longer watched: with the crawl over, a step may use the heap to its end.
     */
    public void crawlOver(Runnable stopStep) {
        synchronized (gcShare) {
            gcShare.clear(); // the crawl's own collections are not the steps'
        }
        afterCrawl = stopStep;
    }

    /**
     * Throws {@link OutOfMemoryError} if the heap was found spent after the crawl (see {@link #crawlOver}): for the
     * loops of the steps after the crawl, which handle it as they handle the JVM's own. Cheap: one volatile read.
     */
    public static void checkRoom() {
        if (SPENT.get()) {
            throw new OutOfMemoryError("the collector took more than half of the last seconds");
        }
    }

    /** After a step gave up for memory and let go of what it held: the next step starts with the heap watched anew. */
    public void stepEnded() {
        synchronized (gcShare) {
            gcShare.clear();
        }
        SPENT.set(false);
    }

    /**
     * The share of the heap's limit that is in use once everything unreachable is collected (a full collection:
     * for a rare decision, such as whether a crawl's state fits twice).
     */
    public static double liveShare() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (double) (runtime.totalMemory() - runtime.freeMemory()) / runtime.maxMemory();
    }

    /** The heap's limit in MiB, as the message to the user gives it. */
    public static long maxHeapMiB() {
        return Runtime.getRuntime().maxMemory() >> 20;
    }

    /** Memory runs out; {@code thrashing}: the collector takes most of the time, or a thread ran out. */
    private void ranLow(boolean thrashing) {
        Runnable stopStep = afterCrawl;
        if (stopStep != null) {
            if (thrashing && SPENT.compareAndSet(false, true)) {
                releaseReserve();
                stopStep.run();
            }
            return;
        }
        if (low.compareAndSet(false, true)) {
            releaseReserve();
            onLow.run();
        }
    }

    /** The heap pool that holds what lives long: the old generation, or else the largest pool. */
    private static MemoryPoolMXBean oldGeneration() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()
                        && p.isValid())
                .toList();
        return heap.stream()
                .filter(p -> p.getName().toLowerCase(Locale.ROOT).matches(".*(old|tenured).*"))
                .findFirst()
                .orElseGet(() -> heap.stream().max(Comparator.comparingLong(p -> p.getUsage().getMax()))
                        .orElse(null));
    }

    private void watchOldGeneration() {
        MemoryPoolMXBean old = oldGeneration();
        if (old == null || old.getUsage().getMax() <= 0) {
            return;
        }
        old.setCollectionUsageThreshold((long) (old.getUsage().getMax() * OLD_LIMIT));
        NotificationEmitter memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        NotificationListener listener = (Notification n, Object handback) -> ranLow(false);
        memory.addNotificationListener(listener,
                n -> MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType()), null);
        undo.add(() -> {
            removeListener(memory, listener);
            old.setCollectionUsageThreshold(0);
        });
    }

    private void watchCollections() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(collector instanceof NotificationEmitter emitter)) {
                continue;
            }
            NotificationListener listener = (Notification n, Object handback) -> {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                boolean tooMuch;
                synchronized (gcShare) {
                    tooMuch = gcShare.collected(info.getEndTime(), info.getDuration());
                }
                if (tooMuch) {
                    ranLow(true);
                }
            };
            emitter.addNotificationListener(listener,
                    n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
            undo.add(() -> removeListener(emitter, listener));
        }
    }

    /** A thread ended by {@link OutOfMemoryError} (a worker, the HTTP client's) means the same, quietly. */
    private void watchDyingThreads() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                ranLow(true);
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                thread.getThreadGroup().uncaughtException(thread, e);
            }
        });
        undo.add(() -> Thread.setDefaultUncaughtExceptionHandler(previous));
    }

    private static void removeListener(NotificationEmitter emitter, NotificationListener listener) {
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException e) {
            // already gone
        }
    }

    @Override
    public synchronized void close() {
        SPENT.set(false);
        closed = true;
        later.interrupt();
        undo.forEach(Runnable::run);
        undo.clear();
    }
}

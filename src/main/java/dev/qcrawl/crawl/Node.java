package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One normalized URL of the crawl: the shallowest depth it was reached at and the result of fetching it, which is computed at most once however many jobs and workers reach it.
 */
public final class Node {
    private final String url;
    /** null, a CompletableFuture while a worker fetches it, then the Visit. */
    private final AtomicReference<Object> visit = new AtomicReference<>();
    private int depth = Integer.MAX_VALUE;
    private volatile String origin;

    Node(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** The shallowest depth at which the URL was reached, or {@link Integer#MAX_VALUE}. */
    public synchronized int depth() {
        return depth;
    }

    /** Records that the URL was reached at {@code d}; returns true if {@code d} is a new best. */
    synchronized boolean reachedAt(int d) {
        if (d < depth) {
            depth = d;
            return true;
        }
        return false;
    }

    /** The result of fetching this URL, if it is known already. */
    public Visit visitIfDone() {
        Object v = visit.get();
        if (v instanceof Visit done) {
            return done;
        }
        if (v instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally()) {
            return (Visit) f.join();
        }
        return null;
    }

    String origin() {
        return origin;
    }

    void origin(String key) {
        origin = key;
    }

    /** Whether nobody has started to fetch this URL. */
    public boolean unvisited() {
        return visit.get() == null;
    }

    /** Presets the visit (a redirect's target that was fetched under another name); false if already set. */
    boolean presetVisit(Visit v) {
        return visit.compareAndSet(null, v);
    }

    /**
     * The visit, computed by {@code loader} in this thread if nobody else has started it, else awaited. If the
     * loader throws, the visit is {@link Outcome#INTERNAL} for everyone and the exception goes on to the caller.
     */
    Visit visit(VisitLoader loader) throws InterruptedException {
        Object current = visit.get();
        if (current == null) {
            CompletableFuture<Visit> mine = new CompletableFuture<>();
            if (visit.compareAndSet(null, mine)) {
                Visit result = null;
                try {
                    result = loader.load(this);
                    return result;
                } catch (RuntimeException e) {
                    result = Visit.skipped(Outcome.INTERNAL);
                    throw e;
                } finally {
                    Visit done = result != null ? result : Visit.skipped(Outcome.INTERRUPTED);
                    if (result != null) {
                        visit.set(done);
                    }
                    mine.complete(done);
                }
            }
            current = visit.get();
        }
        if (current instanceof Visit done) {
            return done;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Visit> pending = (CompletableFuture<Visit>) current;
        try {
            return pending.get();
        } catch (ExecutionException e) {
            return Visit.skipped(Outcome.INTERNAL);
        }
    }

    /** Fetches and parses a node's page. */
    @FunctionalInterface
    public interface VisitLoader {
        Visit load(Node node) throws InterruptedException;

        /**
         * Nanoseconds a fetch of the node's page would wait for its host's turn: 0 now, {@link Long#MAX_VALUE}
         * while the host is busy. The crawler defers such a job instead of holding a worker.
         */
        default long waitFor(Node node) {
            return 0;
        }

        /**
         * Calls {@code action} when the node's host next frees a request slot; it returns false if it had
         * nothing left to do, and then the next waiter is called.
         */
        default void whenFree(Node node, BooleanSupplier action) {
            action.getAsBoolean();
        }

        /** A job for the node went ahead without a request: a free slot of its host goes to the next waiter. */
        default void passOn(Node node) {
        }
    }

    @Override
    public String toString() {
        return url;
    }
}

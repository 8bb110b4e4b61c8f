package dev.qcrawl.crawl;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Everything the crawl knows about one (normalized) URL: its count, the shallowest depth it was seen at, a
 * page that links to it, and the result of fetching it, which is computed at most once however many workers
 * ask for it at the same moment.
 */
public final class Node {
    private final String url;
    private final Tally count = new Tally();
    private volatile int depth = Integer.MAX_VALUE;
    private volatile String referrer;
    /** The host key its requests are counted under, "" if loading it makes no request; null until asked. */
    private volatile String origin;
    private final AtomicReference<Object> visit = new AtomicReference<>();
    /** Walk mode: jobs for this URL still waiting in the frontier, by depth. Guarded by {@code this}. */
    private Map<Integer, Job> waiting;

    Node(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public Tally count() {
        return count;
    }

    /** The shallowest depth at which the URL was reached, or {@link Integer#MAX_VALUE}. */
    public int depth() {
        return depth;
    }

    public String referrer() {
        return referrer;
    }

    /**
     * Records that the URL was reached at {@code d} from {@code from} ({@code null} for the start URL); returns true
     * if {@code d} is a new best. The referrer is the page it was first reached through, so the start URL has none
     * even when pages link back to it.
     */
    synchronized boolean reachedAt(int d, Node from) {
        if (depth == Integer.MAX_VALUE && from != null) {
            referrer = from.url;
        }
        if (d < depth) {
            depth = d;
            return true;
        }
        return false;
    }

    /**
     * Walk mode: adds {@code weight} to the job for this URL at {@code d} that is still waiting, or creates one.
     *
     * @return the new job to put in the frontier, or {@code null} if a waiting job absorbed the weight
     */
    synchronized Job offer(int d, BigInteger weight) {
        if (waiting == null) {
            waiting = new HashMap<>(4);
        }
        Job job = waiting.get(d);
        if (job != null) {
            job.weight().add(weight);
            return null;
        }
        job = new Job(this, d, new Tally(weight));
        waiting.put(d, job);
        return job;
    }

    /** Walk mode: takes {@code job} out of the waiting set, after which its weight no longer changes. */
    synchronized void claim(Job job) {
        if (waiting != null && waiting.remove(job.depth(), job) && waiting.isEmpty()) {
            waiting = null;
        }
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

    /** The visit, computed by {@code loader} in this thread if nobody else has started it, else awaited. */
    Visit visit(VisitLoader loader) throws InterruptedException {
        Object current = visit.get();
        if (current == null) {
            CompletableFuture<Visit> mine = new CompletableFuture<>();
            if (visit.compareAndSet(null, mine)) {
                Visit result = null;
                try {
                    result = loader.load(this);
                    return result;
                } finally {
                    Visit done = result != null ? result : Visit.skipped("interrupted");
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
            return Visit.skipped("internal");
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

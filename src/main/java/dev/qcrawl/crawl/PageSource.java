package dev.qcrawl.crawl;

import java.util.function.BooleanSupplier;

/** Where the crawler gets a URL's visit from ({@link PageLoader} over the network), and its host's turn. */
public interface PageSource {
    /** Fetches and parses the URL's page. */
    Visit load(String url) throws InterruptedException;

    /**
     * Nanoseconds a fetch of the URL would wait for its host's turn: 0 now, {@link Long#MAX_VALUE} while the host
     * is busy. The crawler defers such a job instead of holding a worker.
     */
    default long waitFor(String url) {
        return 0;
    }

    /**
     * Calls {@code action} when the URL's host next frees a request slot; it returns false if it had nothing left
     * to do, and then the next waiter is called.
     */
    default void whenFree(String url, BooleanSupplier action) {
        action.getAsBoolean();
    }

    /** A job for the URL went ahead without a request: a free slot of its host goes to the next waiter. */
    default void passOn(String url) {
    }
}

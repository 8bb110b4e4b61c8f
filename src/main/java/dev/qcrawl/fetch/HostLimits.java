package dev.qcrawl.fetch;

import java.time.Duration;

/**
 * Politeness per host: how many requests may be in flight to one host and how far apart their starts must be.
 * {@link HostPolicy} keeps the limits in this process; a shared crawl keeps them on its server, so that they hold
 * for all its processes together.
 */
public interface HostLimits {

    /** A turn to send one request; closing it lets the next request to the host in. */
    interface Permit extends AutoCloseable {
        /** Says that the request ended in a sign of an overloaded host, before the permit is closed. */
        void overloaded();

        /**
         * Says that the response head arrived (on the HTTP client's thread): how long the host took to answer, as
         * against how long the body took to come.
         */
        default void answered() {
        }

        @Override
        void close();
    }

    /**
     * Waits for a turn to send a request to {@code host} ({@code scheme://host:port}).
     *
     * @param hostDelay the host's own wish (robots.txt Crawl-delay, already capped), {@link Duration#ZERO} if none
     */
    Permit enter(String host, Duration hostDelay) throws InterruptedException;

    /**
     * The host asked to be left alone for {@code wait} ({@code Retry-After} on a 429 or 503): no request to it starts
     * sooner, a retry of the request that was told included.
     */
    void hold(String host, Duration wait);
}

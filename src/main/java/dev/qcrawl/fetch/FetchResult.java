package dev.qcrawl.fetch;

import java.net.URI;
import java.nio.charset.Charset;

/** How one attempt to fetch a URL ended, redirects followed. */
public sealed interface FetchResult {

    /** The URL the result is about: the last hop of a redirect chain. */
    URI finalUri();

    /** A 2xx HTML response whose body (up to the size cap, {@code truncated} if cut there) was read. */
    record Page(URI finalUri, int status, String contentType, byte[] body, Charset charset, boolean truncated)
            implements FetchResult {
    }

    /**
     * Any other response: not HTML (its body not downloaded), not a success (3xx without a usable Location, 4xx,
     * 5xx), a body that does not decode ({@code flaw} {@link Outcome#BAD_ENCODING}), or a redirect to a URL the
     * crawl does not fetch ({@code flaw} {@link Outcome#SCOPE}, ...). {@code flaw} is null for a plain response.
     */
    record Response(URI finalUri, int status, String contentType, Outcome flaw) implements FetchResult {
    }

    /** No usable response: the connection failed, timed out, or redirects looped. */
    record Failed(URI finalUri, Outcome outcome, String detail) implements FetchResult {
    }

    /** A redirect led to a URL whose result the caller already has, so it was not requested again. */
    record Known(URI finalUri) implements FetchResult {
    }

    /** Not requested: robots.txt forbids it (possibly a redirect target), or the page budget is spent. */
    record Skipped(URI finalUri, Outcome why) implements FetchResult {
    }
}

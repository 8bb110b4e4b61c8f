package dev.qcrawl.fetch;

import java.net.URI;
import java.nio.charset.Charset;

/** How one attempt to fetch a URL ended, redirects followed. */
public sealed interface FetchResult {

    /** The URL the result is about: the last hop of a redirect chain. */
    URI finalUri();

    /** A 2xx HTML response whose body (up to the size cap) was read. */
    record Page(URI finalUri, int status, String contentType, byte[] body, Charset charset, boolean truncated)
            implements FetchResult {
    }

    /** A 2xx response that is not HTML: its body is not downloaded. */
    record NotHtml(URI finalUri, int status, String contentType) implements FetchResult {
    }

    /** A response that is not a success (3xx without a usable Location, 4xx, 5xx): not parsed. */
    record HttpError(URI finalUri, int status, String contentType) implements FetchResult {
    }

    /** No usable response: the connection failed, timed out, or redirects looped. */
    record Failed(URI finalUri, Failure failure, String detail) implements FetchResult {
    }

    /** A redirect led to a URL whose result the caller already has, so it was not requested again. */
    record Known(URI finalUri) implements FetchResult {
    }

    /** robots.txt forbids the URL (possibly a redirect target). */
    record Disallowed(URI finalUri) implements FetchResult {
    }
}

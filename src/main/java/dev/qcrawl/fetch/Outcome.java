package dev.qcrawl.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Every way a URL can end other than a plain response: no response at all, a response with a flaw, or not
 * fetched by choice. The lower-case name ({@link #label}) is what reports print in their {@code error} field.
 */
public enum Outcome {
    // No usable response.
    TIMEOUT(Kind.NO_RESPONSE, false),
    CONNECT_TIMEOUT(Kind.NO_RESPONSE, true),
    REFUSED(Kind.NO_RESPONSE, true),
    /** The connection was closed or reset before the response was complete (no byte of it, or part of it). */
    RESET(Kind.NO_RESPONSE, true),
    DNS(Kind.NO_RESPONSE, false),
    TLS(Kind.NO_RESPONSE, false),
    /** The server answered with something that is not HTTP (a bad status line or header). */
    PROTOCOL(Kind.NO_RESPONSE, false),
    IO(Kind.NO_RESPONSE, true),
    /**
     * Not requested, or not again: its host was given up, having answered nothing to several URLs in a row and then
     * to a URL it had answered before ({@link HostSilence}).
     */
    GIVEN_UP(Kind.NO_RESPONSE, false),
    REDIRECT_LOOP(Kind.NO_RESPONSE, false),
    TOO_MANY_REDIRECTS(Kind.NO_RESPONSE, false),
    BAD_REDIRECT(Kind.NO_RESPONSE, false),
    BAD_URL(Kind.NO_RESPONSE, false),
    /** A bug in qcrawl while handling the URL (reported, never thrown at the user). */
    INTERNAL(Kind.NO_RESPONSE, false),

    // A response, with a flaw.
    /** The body was cut at {@code --max-body}; the part read was parsed. */
    TOO_LARGE(Kind.FLAWED, false),
    /** The body does not decode with its {@code Content-Encoding} (e.g. "gzip" that is not gzip). */
    BAD_ENCODING(Kind.BROKEN_RESPONSE, false),
    /** A link names a fragment that its HTML page does not have ({@code --check-fragments}). */
    FRAGMENT(Kind.BROKEN_RESPONSE, false),

    // Not fetched, by choice or by the crawl's end.
    ROBOTS(Kind.SKIPPED, false),
    SCOPE(Kind.SKIPPED, false),
    EXCLUDED(Kind.SKIPPED, false),
    /** The host resolves to a loopback, private, link-local or unspecified address ({@code --exclude-private}). */
    PRIVATE(Kind.SKIPPED, false),
    MAX_PAGES(Kind.SKIPPED, false),
    INTERRUPTED(Kind.SKIPPED, false);

    private enum Kind { NO_RESPONSE, BROKEN_RESPONSE, FLAWED, SKIPPED }

    private final Kind kind;
    private final boolean retryable;
    private final String label;

    Outcome(Kind kind, boolean retryable) {
        this.kind = kind;
        this.retryable = retryable;
        this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether trying again may help: connection-level errors, not a hung server or a broken redirect. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether a URL that ended so is a broken link (for {@code --broken} and {@code --fail-on-broken}). */
    public boolean broken() {
        return kind == Kind.NO_RESPONSE || kind == Kind.BROKEN_RESPONSE;
    }

    /** What reports print: {@code connect-timeout}, {@code robots}, ... */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The outcome a {@link #label} names, or null for null or an unknown label. */
    public static Outcome ofLabel(String label) {
        if (label == null) {
            return null;
        }
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Classifies an exception thrown while sending a request or reading its body, by what happened: the types in
     * its cause chain, never the words of a message. A connection closed or reset before a response arrived
     * (python's {@code http.server} closes connections it never answered) is {@link #RESET}, which is retried:
     * the server did not process the request, and a GET is safe to repeat.
     */
    public static Outcome of(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        }
        if (e instanceof HttpTimeoutException) {
            return TIMEOUT;
        }
        // A name that does not resolve comes as a ConnectException around the lookup's failure: look for that first.
        Throwable c = e;
        for (int i = 0; i < 8 && c != null; i++, c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof java.nio.channels.UnresolvedAddressException) {
                return DNS;
            }
        }
        Throwable cause = e;
        for (int i = 0; i < 8 && cause != null; i++) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return TLS;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return REFUSED;
            }
            if (cause instanceof ProtocolException) {
                return PROTOCOL;
            }
            if (cause instanceof ZipException) {
                return BAD_ENCODING;
            }
            if (cause instanceof EOFException || cause instanceof SocketException
                    || cause instanceof ClosedChannelException) {
                return RESET;
            }
            cause = cause.getCause();
        }
        return IO;
    }
}

package dev.qcrawl.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Why a fetch produced no usable response; the lower-case name is what reports print. */
public enum Failure {
    TIMEOUT(false),
    CONNECT_TIMEOUT(true),
    REFUSED(true),
    RESET(true),
    DNS(false),
    REDIRECT_LOOP(false),
    TOO_MANY_REDIRECTS(false),
    BAD_REDIRECT(false),
    BAD_URL(false),
    TLS(false),
    PROTOCOL(false),
    IO(true);

    private final boolean retryable;

    Failure(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether trying again may help: connection-level errors, not a hung server or a broken redirect. */
    public boolean retryable() {
        return retryable;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Classifies an exception thrown while sending a request or reading its body. */
    public static Failure of(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        }
        if (e instanceof HttpTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof UnknownHostException) {
            return DNS;
        }
        Throwable cause = e;
        for (int i = 0; i < 5 && cause != null; i++) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return TLS;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return REFUSED;
            }
            if (cause instanceof UnknownHostException) {
                return DNS;
            }
            cause = cause.getCause();
        }
        if (e instanceof EOFException || e instanceof SocketException || e instanceof ClosedChannelException) {
            return RESET;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("reset") || message.contains("closed") || message.contains("eof")) {
            return RESET;
        }
        if (message.contains("header") || message.contains("protocol") || message.contains("invalid")) {
            return PROTOCOL;
        }
        return IO;
    }
}

package dev.qcrawl.fetch;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hosts that stopped answering. A URL whose request got no answer at all within its time (a connect timeout, or a
 * request timeout before any byte of a response) while the host answered nothing else either, since that request
 * started, counts once against its host. After {@link #GIVE_UP} such URLs in a row the host is asked once more, for
 * a URL it answered before ({@link #probe}): if that gets no answer either, the host is given up for the rest of
 * this process's crawl, and its other URLs end as {@link Outcome#GIVEN_UP} without a request. Any answer from the
 * host (a response head, whatever its status) before that starts the count again; failures that come fast (refused,
 * reset) neither count nor reset it. A host that never answered anything is given up without the extra request.
 *
 * <p>So a host that hangs mid-crawl costs a few timeouts, not two for each of its URLs in turn (the adaptive limit is
 * down to one request at a time by then: 1,000 URLs took about 17 hours at the default {@code --timeout}); and a
 * healthy host with a few URLs that hang, or a busy one whose queued requests time out while it answers others,
 * is not given up. As Nutch's {@code fetcher.max.exceptions.per.queue} and Heritrix's unreachable hosts do.
 */
public final class HostSilence {
    /** URLs in a row without an answer that have the host asked once more, and given up if that gets none. */
    public static final int GIVE_UP = 4;

    private enum State { HEARD, SUSPECT, PROBING, GIVEN_UP }

    private static final class Host {
        /** The URL of the host's last answer, and when it came; null before any. */
        private URI answeredUri;
        private long answeredAt;
        private int silentUrls;
        private State state = State.HEARD;
        /** The number of the probe in flight (a late answer to an older one is ignored). */
        private long probes;
    }

    /** A question to the host: a URL it answered before; its number, for {@link #probed}. */
    public record Probe(URI uri, long number) {
    }

    private final Ticker ticker;
    private final Consumer<String> onGivenUp;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    /** Whether any host has gone silent: until then the questions below cost no lookup. */
    private volatile boolean troubled;

    /** @param onGivenUp told each host given up, once (outside any lock of this class) */
    public HostSilence(Ticker ticker, Consumer<String> onGivenUp) {
        this.ticker = ticker;
        this.onGivenUp = onGivenUp;
    }

    /** The host's state, or null while no host went silent (no lookup then) or this one has none. */
    private Host troubled(String host) {
        return troubled ? hosts.get(host) : null;
    }

    private Host host(String host) {
        Host h = hosts.get(host);
        return h != null ? h : hosts.computeIfAbsent(host, k -> new Host());
    }

    /** The host answered a request for {@code uri} (any status): it is heard from, unless given up already. */
    public void answered(String host, URI uri) {
        Host h = host(host);
        long now = ticker.nanos();
        synchronized (h) {
            h.answeredAt = now;
            h.answeredUri = uri;
            if (h.state != State.GIVEN_UP) {
                h.silentUrls = 0;
                h.state = State.HEARD;
            }
        }
    }

    /**
     * A request to {@code host}, started at {@code startedAt} (on the ticker), got no answer within its time.
     * Returns whether it counted: not if the host answered another request meanwhile. The caller counts a URL once
     * (its retries are not counted again once it has).
     */
    public boolean unanswered(String host, long startedAt) {
        Host h = host(host);
        synchronized (h) {
            if (h.answeredUri != null && h.answeredAt - startedAt >= 0) {
                return false;
            }
            if (h.state == State.HEARD) {
                if (++h.silentUrls >= GIVE_UP) {
                    h.state = State.SUSPECT;
                    troubled = true;
                }
            }
            return true;
        }
    }

    /**
     * The URL to ask the host for, to tell a host that is gone from one with a few URLs that hang: one it answered
     * before. Given to one caller, once the host has gone silent; null to every other (a host that never answered
     * is given up at once). The caller says what came of it ({@link #probed}), before it gives the host's slot back.
     */
    public Probe probe(String host) {
        Host h = troubled(host);
        if (h == null) {
            return null;
        }
        synchronized (h) {
            if (h.state != State.SUSPECT) {
                return null;
            }
            if (h.answeredUri != null) {
                h.state = State.PROBING;
                return new Probe(h.answeredUri, ++h.probes);
            }
            h.state = State.GIVEN_UP;
        }
        onGivenUp.accept(host);
        return null;
    }

    /**
     * What came of {@code probe}: an answer (any status), or none ({@code false}), and then the host is given up
     * (unless it answered another request meanwhile: {@link #answered} has it heard from already). A probe that ended
     * without an outcome ({@code null}: its thread was interrupted) leaves the host to the next caller's probe. A
     * probe other than the latest is ignored.
     */
    public void probed(String host, Probe probe, Boolean heard) {
        Host h = host(host);
        synchronized (h) {
            if (h.state != State.PROBING || h.probes != probe.number()) {
                return;
            }
            h.state = heard == null ? State.SUSPECT : heard ? State.HEARD : State.GIVEN_UP;
            if (Boolean.TRUE.equals(heard)) {
                h.silentUrls = 0;
                h.answeredAt = ticker.nanos();
            }
        }
        if (Boolean.FALSE.equals(heard)) {
            onGivenUp.accept(host);
        }
    }

    /** Whether the host is given up. */
    public boolean givenUp(String host) {
        Host h = troubled(host);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            return h.state == State.GIVEN_UP;
        }
    }

    /** Whether an attempt that ended so got no answer at all within its time. */
    static boolean silent(Outcome outcome, boolean noResponse) {
        return outcome == Outcome.CONNECT_TIMEOUT || outcome == Outcome.TIMEOUT && noResponse;
    }
}

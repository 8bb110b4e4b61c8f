package dev.qcrawl.fetch;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts that stopped answering: once {@link #GIVE_UP} requests to a host in a row got no answer at all within their
 * time (a connect timeout, or a request timeout before any byte of a response), the host is given up for the rest of
 * this process's crawl, and its other URLs end with the same outcome without a request. Any answer from the host (a
 * response head, whatever its status) before that starts the count again; other failures (refused, reset before a
 * response, ...) come fast and neither count nor reset it.
 *
 * <p>Without this a host that hangs mid-crawl costs each of its URLs its timeouts in turn (the adaptive limit is
 * down to one request at a time by then): 1,000 URLs would take about 17 hours at the default {@code --timeout}.
 * As Nutch's {@code fetcher.max.exceptions.per.queue} and Heritrix's unreachable hosts do.
 */
public final class HostSilence {
    /** Requests in a row without an answer that give a host up. */
    public static final int GIVE_UP = 4;

    /** Per host: how many requests in a row got no answer, and how the last one ended. */
    private record Silence(int inARow, Outcome last) {
    }

    private final ConcurrentHashMap<String, Silence> hosts = new ConcurrentHashMap<>();

    /** The outcome the host's URLs end with without a request, or null if it is not given up. */
    public Outcome givenUp(String host) {
        Silence s = hosts.get(host);
        return s != null && s.inARow() >= GIVE_UP ? s.last() : null;
    }

    /** A request to {@code host} got no answer within its time, ending as {@code outcome}. */
    public void unanswered(String host, Outcome outcome) {
        hosts.compute(host, (h, s) -> s == null ? new Silence(1, outcome)
                : s.inARow() >= GIVE_UP ? s : new Silence(s.inARow() + 1, outcome));
    }

    /** The host answered a request (any status): its count starts again, unless it was given up already. */
    public void answered(String host) {
        Silence s = hosts.get(host);
        if (s != null && s.inARow() < GIVE_UP) {
            hosts.remove(host, s);
        }
    }

    /** Whether an attempt that ended so got no answer at all within its time. */
    static boolean silent(Outcome outcome, boolean noResponse) {
        return outcome == Outcome.CONNECT_TIMEOUT || outcome == Outcome.TIMEOUT && noResponse;
    }
}

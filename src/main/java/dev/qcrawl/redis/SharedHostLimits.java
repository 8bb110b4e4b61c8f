package dev.qcrawl.redis;

import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.links.Origins;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * Per-host politeness for all the processes of a shared crawl, kept in Redis: a sorted set of the request slots
 * in use per host (each with a deadline, so a slot of a process that died frees itself) and the earliest time the
 * next request may start. On the way of a job it costs no command of its own: the job's claim takes a slot of its
 * host when one is free, its request uses it, and the job's finish gives it back. Any other request (robots.txt,
 * a retry, a redirect, a host that was full at the claim) takes a slot itself, waiting and asking again while the
 * host is full or too early.
 */
final class SharedHostLimits implements HostLimits {
    /** How long a process waits before asking again for a full host. */
    private static final long FULL_WAIT_MS = 20;

    /** A slot held by the current thread: taken with its job's claim, and whether a request has used it. */
    private record Held(String host, String token, boolean used) {
    }

    /** The partition that keeps a host's politeness. */
    private final java.util.function.Function<String, Scripts> partOf;
    private final int perHost;
    private final Duration delay;
    private final long slotLeaseMs;
    private final ThreadLocal<Held> held = new ThreadLocal<>();

    /** @param slotLease how long a slot stays taken if its process never gives it back */
    SharedHostLimits(java.util.function.Function<String, Scripts> partOf, int perHost, Duration delay,
            Duration slotLease) {
        this.partOf = partOf;
        this.perHost = perHost;
        this.delay = delay;
        this.slotLeaseMs = slotLease.toMillis();
    }

    /** The host whose slot a claim to load {@code url} takes, or null if it makes no request. */
    static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? null : Origins.of(uri);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    int perHost() {
        return perHost;
    }

    long spacingMs() {
        return delay.toMillis();
    }

    long slotLeaseMs() {
        return slotLeaseMs;
    }

    /** The claim on this thread took a slot of {@code host}. */
    void granted(String host, String token) {
        held.set(new Held(host, token, false));
    }

    /** The slot this thread holds, given back by the caller with its job's end: {host, token}, or null. */
    String[] release() {
        Held h = held.get();
        held.remove();
        return h == null ? null : new String[] {h.host(), h.token()};
    }

    @Override
    public Permit enter(String host, Duration hostDelay) throws InterruptedException {
        Held h = held.get();
        if (h != null && !h.used() && h.host().equals(host) && hostDelay.compareTo(delay) <= 0) {
            held.set(new Held(host, h.token(), true));
            return new Permit() {
                @Override
                public void overloaded() {
                }

                @Override
                public void close() {
                    // kept until the job's finish gives it back: one command for both
                }
            };
        }
        String release = null;
        if (h != null) {
            held.remove();
            if (h.host().equals(host)) {
                release = h.token(); // given back by the same script that takes the next slot
            } else {
                partOf.apply(h.host()).leave(h.host(), h.token());
            }
        }
        String token = UUID.randomUUID().toString();
        long spacing = Math.max(delay.toMillis(), hostDelay.toMillis());
        while (true) {
            long answer = partOf.apply(host).enter(host, token, perHost, spacing, slotLeaseMs, release);
            release = null;
            if (answer == 0) {
                break;
            }
            Thread.sleep(answer < 0 ? FULL_WAIT_MS : answer);
        }
        return new Permit() {
            @Override
            public void overloaded() {
                // the shared limit stays as given: no process adapts it for the others
            }

            @Override
            public void close() {
                partOf.apply(host).leave(host, token);
            }
        };
    }
}

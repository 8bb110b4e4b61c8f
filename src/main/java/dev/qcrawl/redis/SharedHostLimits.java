package dev.qcrawl.redis;

import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.links.Origins;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Per-host politeness for all the processes of a shared crawl, kept in Redis: a sorted set of the request slots
 * in use per host (each with a deadline, so a slot of a process that died frees itself) and the earliest time the
 * next request may start. On the way of a job it costs no command of its own: a job is taken only with a free slot
 * of its host (jobs of a full host stay queued, and the workers wait for a slot to be given back), its request uses
 * it, and the slot is given back with the next script sent to its partition (with the next start it booked, if the
 * job made no request: the delay spaces requests, not jobs). Any other request (robots.txt, a
 * retry, a redirect) takes a slot itself, waiting and asking again while the host is full or too early.
 *
 * <p>On a cluster the jobs of one host are in every partition (by URL). When the limit is at least the number of
 * partitions and there is no {@code --delay}, each partition holds a share of a host's slots (the shares add up to
 * the limit), so a job's take claims its slot in its own partition; a host's Crawl-delay is then kept in the
 * partition its name's CRC-32 names. Otherwise every slot of a host is in that partition, and a request there
 * takes and gives back its slot with commands of its own.
 *
 * <p>A process's first request to a host leaves late (its HTTP client is cold), later than its booked start, and it
 * is often robots.txt, whose Crawl-delay is not known before it: with a delay, the process's next request to the host
 * waits for the first one to end and then for the delay (on this process's clock) before it books its start in
 * Redis, as one process does ({@link dev.qcrawl.fetch.HostPolicy}).
 */
final class SharedHostLimits implements HostLimits {
    /** How long a process waits before asking again for a full host. */
    private static final long FULL_WAIT_MS = 20;

    /** A slot held by the current thread: taken with its job's claim in a partition, and whether a request used it. */
    private record Held(String host, String token, Scripts part, boolean used) {
    }

    /** The crawl's partitions, the home first. */
    private final Supplier<List<Scripts>> parts;
    private final int perHost;
    private final Duration delay;
    private final long slotLeaseMs;
    private final ThreadLocal<Held> held = new ThreadLocal<>();

    /** Told when a request of this process gives its slot back: a worker waiting for a slot may take a job. */
    private final Runnable freed;

    private final Ticker ticker;
    /** When this process's first request to each host ended, on {@link #ticker} (not done while it is on its way). */
    private final Map<String, CompletableFuture<Long>> firstEnds = new ConcurrentHashMap<>();
    /** Until when each host asked this process to leave it alone ({@link #hold}), on {@link #ticker}. */
    private final Map<String, Long> holds = new ConcurrentHashMap<>();

    /**
     * @param slotLease how long a slot stays taken if its process never gives it back
     * @param freed     called when a request that took its own slot gives it back
     */
    SharedHostLimits(Supplier<List<Scripts>> parts, int perHost, Duration delay, Duration slotLease,
            Runnable freed, Ticker ticker) {
        this.parts = parts;
        this.ticker = ticker;
        this.freed = freed;
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

    /** Whether a job's take (or claim) in its own partition may claim a request slot: see the class comment. */
    boolean foldedIn(int partitions) {
        return partitions == 1 || (perHost >= partitions && delay.isZero());
    }

    /** A host's slots in partition {@code k} of {@code n}: its share of the limit. */
    int perHost(int k, int n) {
        return perHost / n + (k < perHost % n ? 1 : 0);
    }

    long spacingMs() {
        return delay.toMillis();
    }

    long slotLeaseMs() {
        return slotLeaseMs;
    }

    /** The claim on this thread took a slot of {@code host} in {@code part}. */
    void granted(String host, String token, Scripts part) {
        held.set(new Held(host, token, part, false));
    }

    /**
     * The request of this thread's job is over: its slot, if it holds one, is given back with the next script to its
     * partition (if no request used it, with the next start it booked). Returns whether it held one.
     */
    boolean release() {
        Held h = held.get();
        held.remove();
        if (h != null) {
            h.part().slotOver(h.host(), h.token(), h.used());
        }
        return h != null;
    }

    /** The partition that keeps a host's slots (when not shared out) and its Crawl-delay. */
    private Scripts partOf(String host, List<Scripts> all) {
        return all.size() == 1 ? all.getFirst() : all.get(Partitions.index(host, all.size()));
    }

    /**
     * Holds the host for this process only: the other processes learn it from the host's own answers (a shared
     * limit is not adapted either, see {@link #take}).
     */
    @Override
    public void hold(String host, Duration wait) {
        long until = ticker.nanos() + wait.toNanos();
        holds.merge(host, until, (a, b) -> b - a > 0 ? b : a);
    }

    @Override
    public Permit enter(String host, Duration hostDelay) throws InterruptedException {
        Long until = holds.get(host);
        if (until != null && until - ticker.nanos() > 0) {
            ticker.parkUntil(until);
        }
        CompletableFuture<Long> first = firstEnds.get(host);
        if (first == null) {
            CompletableFuture<Long> mine = new CompletableFuture<>();
            first = firstEnds.putIfAbsent(host, mine);
            if (first == null) {
                return firstRequest(host, hostDelay, mine);
            }
        }
        long spacing = Math.max(delay.toNanos(), hostDelay.toNanos());
        if (spacing > 0) {
            long ended;
            try {
                ended = first.get(); // while this process's first request to the host is on its way, the others wait
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (ended + spacing - ticker.nanos() > 0) {
                ticker.parkUntil(ended + spacing);
            }
        }
        return take(host, hostDelay);
    }

    /**
     * This process's first request to {@code host}: when it ends, {@code ended} is told, and the delay (or a
     * Crawl-delay it teaches, robots.txt being the first request) holds from then for this process's next request.
     */
    private Permit firstRequest(String host, Duration hostDelay, CompletableFuture<Long> ended)
            throws InterruptedException {
        Permit permit;
        try {
            permit = take(host, hostDelay);
        } catch (InterruptedException | RuntimeException e) {
            ended.complete(ticker.nanos());
            throw e;
        }
        return new Permit() {
            @Override
            public void overloaded() {
                permit.overloaded();
            }

            @Override
            public void answered() {
                permit.answered();
            }

            @Override
            public void close() {
                permit.close();
                // When it ended, not when it was let in: a cold HTTP client sends a process's first request late.
                ended.complete(ticker.nanos());
            }
        };
    }

    private Permit take(String host, Duration hostDelay) throws InterruptedException {
        List<Scripts> all = parts.get();
        boolean shared = all.size() > 1 && foldedIn(all.size());
        Held h = held.get();
        if (h != null && !h.used() && h.host().equals(host)
                && (hostDelay.compareTo(delay) <= 0 || shared)) {
            held.set(new Held(host, h.token(), h.part(), true));
            if (hostDelay.compareTo(delay) > 0) {
                pace(host, hostDelay, all); // the slot is this partition's share; the delay is the host's own
            }
            return KEPT;
        }
        if (h != null) {
            held.remove();
            h.part().slotOver(h.host(), h.token(), h.used()); // given back by the next script to its partition
        }
        String token = UUID.randomUUID().toString();
        Scripts in = null;
        if (shared) {
            // Any partition's share will do: each is asked in turn, from one chosen at random.
            int from = java.util.concurrent.ThreadLocalRandom.current().nextInt(all.size());
            while (in == null) {
                for (int i = 0; i < all.size() && in == null; i++) {
                    int k = (from + i) % all.size();
                    if (all.get(k).enter(host, token, perHost(k, all.size()), 0, slotLeaseMs) == 0) {
                        in = all.get(k);
                    }
                }
                if (in == null) {
                    Thread.sleep(FULL_WAIT_MS);
                }
            }
            if (!hostDelay.isZero()) {
                pace(host, hostDelay, all);
            }
        } else {
            in = partOf(host, all);
            long spacing = Math.max(delay.toMillis(), hostDelay.toMillis());
            while (true) {
                long answer = in.enter(host, token, perHost, spacing, slotLeaseMs);
                if (answer == 0) {
                    break;
                }
                Thread.sleep(answer < 0 ? FULL_WAIT_MS : answer);
            }
        }
        Scripts part = in;
        return new Permit() {
            @Override
            public void overloaded() {
                // the shared limit stays as given: no process adapts it for the others
            }

            @Override
            public void close() {
                part.leave(host, token);
                freed.run();
            }
        };
    }

    /** Waits until a request to {@code host} may start, {@code hostDelay} after the last one of the whole crawl. */
    private void pace(String host, Duration hostDelay, List<Scripts> all) throws InterruptedException {
        Scripts part = partOf(host, all);
        while (true) {
            long wait = part.enter(host, null, 0, hostDelay.toMillis(), slotLeaseMs);
            if (wait == 0) {
                return;
            }
            Thread.sleep(wait);
        }
    }

    /** A slot taken with the job's claim: kept until the job is finished, then given back with the next script. */
    private static final Permit KEPT = new Permit() {
        @Override
        public void overloaded() {
        }

        @Override
        public void close() {
        }
    };
}

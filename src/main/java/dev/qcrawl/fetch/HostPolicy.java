package dev.qcrawl.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Politeness per host: at most {@code perHost} requests in flight to one host, and request starts spaced by at
 * least the host's delay ({@code --delay}, or a robots.txt {@code Crawl-delay} when that is longer). Nothing is
 * locked while a request waits for its turn, so a slow host holds up only the requests that go to it.
 *
 * <p>The limit adapts as TCP's congestion window does. A host starts at {@link #START} requests in flight (or
 * {@code perHost}, if lower). A request that ends in a sign of an overloaded host (a connection reset or closed
 * before any response, a connect or request timeout, 429 or 503, or a response head that took {@link #SLOWER}
 * times the host's usual time to answer and at least {@link #SLOW_NANOS}: a connection request dropped by a full
 * listen queue is sent again only a second later; the time a large body takes after its head is not counted)
 * halves the host's limit, at most once per limit's worth of finished requests. Each limit's worth of requests in
 * a row that end well raises it, doubling it until the host's first sign of overload and by one after that, up to
 * {@code perHost}: only when that run of good requests began a round ago or more ({@link #ROUND} times the host's
 * usual time to answer, at least {@link #MIN_ROUND_NANOS}: as TCP, once per round trip), never while a request
 * has been in flight for over half a round (it may be a dropped connection request, not yet a sign), and not
 * within {@link #SETTLE_NANOS} of a cut.
 * A server with a small listen backlog (Python's {@code http.server} has 5) is thus not buried under more
 * connections than it accepts, whatever the worker count, and a slow but able host is still reached quickly.
 *
 * <p>The crawl's frontier asks here before it hands out a job ({@link #turn}): a host may be fetched now when a slot
 * is free that no other job was promised and its delay is over. These rules live only here; the frontier keeps the
 * jobs of a host that may not be fetched yet until this policy says a slot is free ({@link #onFree}) or the delay's
 * time comes. A job that makes no request (robots.txt forbids its page, the page budget is spent, it is out of
 * scope) gives its turn back unused ({@link #giveBackTurn}): its slot is free, the host's next start is what it was
 * before the turn, and the listener hears of it at once. The delay spaces requests, not jobs. A host that asks to be
 * left alone ({@code Retry-After}, {@link #hold}) gets no request, and no job is handed out for it, until then.
 */
public final class HostPolicy implements HostLimits {
    /** The limit a host starts at, when {@code perHost} is higher. */
    static final int START = 16;
    /** A response head this much later than the host's usual time to answer is a sign of overload, if also ... */
    static final int SLOWER = 8;
    /** ... at least this long (a connection request the host dropped is sent again after 1 s). */
    static final long SLOW_NANOS = 900_000_000L;
    /** The limit does not rise sooner than this after a cut. */
    static final long SETTLE_NANOS = 1_000_000_000L;
    /** A round is this many times the host's usual time to answer, ... */
    static final int ROUND = 4;
    /** ... and at least this long. */
    static final long MIN_ROUND_NANOS = 100_000_000L;

    private final int perHost;
    private final Duration delay;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();
    /** The turn each thread holds for its job, if any. */
    private final ThreadLocal<Turn> turns = new ThreadLocal<>();
    private volatile Consumer<String> onFree = host -> {
    };

    /** A turn taken for a job: its gate, the start it booked and the delay it kept, and the booking before it. */
    private record Turn(Gate gate, long slot, long spacing, long nextBefore, boolean firstBefore) {
    }

    public HostPolicy(int perHost, Duration delay, Ticker ticker) {
        this.perHost = perHost;
        this.delay = delay;
        this.ticker = ticker;
    }

    /**
     * Waits for a turn to send a request to {@code host}; a turn the calling thread took for its job ({@link #turn})
     * is this request's, if it goes to that host.
     *
     * @param hostDelay the host's own wish (robots.txt Crawl-delay, already capped), {@link Duration#ZERO} if none
     */
    @Override
    public Permit enter(String host, Duration hostDelay) throws InterruptedException {
        Gate gate = gate(host);
        long spacing = Math.max(delay.toNanos(), hostDelay.toNanos());
        gate.sawDelay(hostDelay.toNanos());
        Turn turn = turns.get();
        boolean mine = turn != null && turn.gate() == gate;
        if (mine) {
            turns.remove();
            gate.used(turn);
        }
        gate.permits.acquire();
        try {
            if (!mine || !gate.keeps(turn, spacing, ticker.nanos())) {
                // No turn, or its booking no longer holds (another request booked since): book the next start as
                // any request does.
                ticker.parkUntil(gate.reserve(ticker.nanos(), spacing));
            }
        } catch (InterruptedException e) {
            gate.release();
            throw e;
        }
        long start = ticker.nanos();
        gate.started(start);
        return new Permit() {
            private boolean overloaded;
            private volatile long answeredAt;
            private volatile boolean answered;

            @Override
            public void overloaded() {
                overloaded = true;
            }

            @Override
            public void answered() {
                if (!answered) {
                    answeredAt = ticker.nanos();
                    answered = true;
                }
            }

            @Override
            public void close() {
                long now = ticker.nanos();
                gate.completed(overloaded, start, answered ? answeredAt : now, now, spacing);
                gate.release();
            }
        };
    }

    /** No request to the host starts before {@code wait} from now; its jobs are held until then ({@link #turn}). */
    @Override
    public void hold(String host, Duration wait) {
        gate(host).hold(ticker.nanos() + wait.toNanos());
    }

    /**
     * Takes a turn to fetch from {@code host} at {@code now} for a job about to be handed out, if the host may be
     * fetched now: a slot is free (not promised to another turn, nor wanted by a request waiting in {@link #enter})
     * and its delay is over. The turn books the host's next start and is held by the calling thread until its first
     * request to the host uses it ({@link #enter}) or it is given back ({@link #giveBackTurn}).
     *
     * @return 0 if the turn is taken; {@link Long#MAX_VALUE} while every slot is taken (the listener of
     *     {@link #onFree} hears when one is free); else the nanoseconds until the host's next start
     */
    public long turn(String host, long now) {
        Gate gate = gate(host);
        Turn turn = gate.turn(now, delay.toNanos());
        if (turn == null) {
            return gate.untilNext(now) > 0 ? gate.untilNext(now) : Long.MAX_VALUE;
        }
        Turn old = turns.get();
        turns.set(turn);
        if (old != null) {
            old.gate().giveBack(old); // a thread holds one turn; a stray one must not keep a slot
        }
        return 0;
    }

    /**
     * Gives back the calling thread's turn if no request used it: its slot and its booking are free again (the next
     * start is the one before the turn, unless another was booked since), and the listener of {@link #onFree} hears.
     */
    public void giveBackTurn() {
        Turn turn = turns.get();
        if (turn != null) {
            turns.remove();
            turn.gate().giveBack(turn);
        }
    }

    /**
     * Tells {@code listener} the host each time a slot of a host is freed or a turn is given back unused: the host
     * may be fetched sooner than this policy last said (called outside any lock of this policy).
     */
    public void onFree(Consumer<String> listener) {
        this.onFree = listener;
    }

    /**
     * What the policy knows of a host, to go on with in another JVM ({@link #hosts}, {@link #restore}): its limit
     * and how it rises, its usual time to answer, the delay it asked for, and how long until its next start.
     */
    public record Host(String host, int limit, boolean doubling, long usualNanos, long hostDelayNanos,
            long waitNanos) {
    }

    /** What the policy knows of each host at {@code now}; meant for a crawl with no request in flight (paused). */
    public List<Host> hosts(long now) {
        List<Host> hosts = new ArrayList<>();
        for (Gate gate : gates.values()) {
            hosts.add(gate.state(now));
        }
        return hosts;
    }

    /**
     * Takes up what another JVM's policy knew of these hosts ({@link #hosts}), at {@code now}: their limits, and no
     * start sooner than their waits allow. Before any request.
     */
    public void restore(List<Host> hosts, long now) {
        for (Host h : hosts) {
            Gate gate = new Gate(h.host(), perHost, this);
            gate.restore(h, now);
            gates.put(h.host(), gate);
        }
    }

    /** The host's current limit on requests in flight (between 1 and {@code perHost}). */
    public int limit(String host) {
        Gate gate = gates.get(host);
        return gate == null ? Math.min(perHost, START) : gate.limit();
    }

    private Gate gate(String host) {
        Gate gate = gates.get(host);
        return gate != null ? gate : gates.computeIfAbsent(host, h -> new Gate(h, perHost, this));
    }

    private static final class Gate {
        final Permits permits;
        private final String host;
        private final HostPolicy policy;
        private final int perHost;
        /** Turns taken and not yet used nor given back: slots promised to jobs handed out. */
        private int promised;
        /** The longest delay the host asked for (robots.txt Crawl-delay), in nanoseconds. */
        private long hostDelay;
        private long next = Long.MIN_VALUE;
        private boolean first = true;
        /** Whether a request of this JVM to the host has ended yet: see {@link #completed}. Guarded by this. */
        private boolean warm;
        /**
         * The latest moment a request of this JVM is known to have reached the host by: its latest start, or the
         * answer to its first request (see {@link #completed}); {@code Long.MIN_VALUE} before any.
         */
        private long reached = Long.MIN_VALUE;
        private boolean anyReached;
        private int limit;
        private int sinceDecrease;
        private int goodInARow;
        /** When the first request of the current run of good ones started, and when the limit was last cut. */
        private long streakFrom;
        private long cutAt;
        private boolean cut;
        /** Whether the limit doubles when it rises: until the host's first sign of overload. */
        private boolean doubling = true;
        /** The host's usual time to answer in nanoseconds (a moving average over the requests that ended well). */
        private long usual;
        /** The start times of the requests in flight, with how many started at each. */
        private final TreeMap<Long, Integer> starts = new TreeMap<>();

        Gate(String host, int perHost, HostPolicy policy) {
            this.host = host;
            this.policy = policy;
            this.perHost = perHost;
            this.limit = Math.min(perHost, START);
            this.sinceDecrease = limit;
            permits = new Permits(limit);
        }

        synchronized int limit() {
            return limit;
        }

        synchronized Host state(long now) {
            return new Host(host, limit, doubling, usual, hostDelay, untilNext(now));
        }

        synchronized void restore(Host h, long now) {
            int restored = Math.max(1, Math.min(perHost, h.limit()));
            if (restored > limit) {
                permits.release(restored - limit);
            } else if (restored < limit) {
                permits.withhold(limit - restored);
            }
            limit = restored;
            sinceDecrease = limit;
            doubling = h.doubling();
            usual = Math.max(0, h.usualNanos());
            hostDelay = Math.max(0, h.hostDelayNanos());
            if (h.waitNanos() > 0) {
                first = false;
                next = now + h.waitNanos();
            }
        }

        private void reach(long at) {
            if (!anyReached || at - reached > 0) {
                reached = at;
                anyReached = true;
            }
        }

        synchronized void started(long start) {
            reach(start);
            starts.merge(start, 1, Integer::sum);
        }

        /**
         * Adjusts the limit for one request, started at {@code start}, answered at {@code answered} (its response
         * head arrived; {@code now} if none did) and over at {@code now} (see the class comment).
         *
         * <p>The first request of this JVM to the host sets the next start at least {@code spacing} after its
         * answer: a JVM's first request leaves late (its HTTP client is still cold: classes to load, code to
         * compile), so spacing the next one from the first one's start only would let the two reach the host closer
         * together than the delay, at a crawl's start and right after it moved to another JVM. Until then no other
         * turn is taken ({@link #turn}).
         */
        void completed(boolean overloaded, long start, long answered, long now, long spacing) {
            int raisedBy = 0;
            synchronized (this) {
                if (!warm) {
                    warm = true;
                    reach(answered);
                    if (spacing > 0 && (first || next - (answered + spacing) < 0)) {
                        first = false;
                        next = answered + spacing;
                    }
                }
                starts.computeIfPresent(start, (t, n) -> n == 1 ? null : n - 1);
                long took = answered - start;
                boolean slow = usual > 0 && took >= SLOW_NANOS && took / SLOWER > usual;
                sinceDecrease++;
                if (overloaded || slow) {
                    goodInARow = 0;
                    if (sinceDecrease >= limit && limit > 1) {
                        int halved = Math.max(1, limit / 2);
                        permits.withhold(limit - halved);
                        limit = halved;
                        sinceDecrease = 0;
                        cutAt = now;
                        cut = true;
                        doubling = false;
                    }
                } else {
                    usual = usual == 0 ? Math.max(took, 1) : Math.max(usual + (took - usual) / 8, 1);
                    if (goodInARow++ == 0) {
                        streakFrom = start;
                    }
                    if (goodInARow >= limit && limit < perHost && mayRise(now)) {
                        int raised = doubling ? Math.min(perHost, 2 * limit) : limit + 1;
                        raisedBy = raised - limit;
                        limit = raised;
                        goodInARow = 0;
                    }
                }
            }
            for (int i = 0; i < raisedBy; i++) {
                release();
            }
        }

        /**
         * Whether the run of good requests began a round ago at least, no request in flight has been out for over
         * half a round (a dropped connection request would be), and the last cut is a second past.
         */
        private boolean mayRise(long now) {
            long round = Math.max(ROUND * usual, MIN_ROUND_NANOS);
            return now - streakFrom >= round && (starts.isEmpty() || now - starts.firstKey() <= round / 2)
                    && (!cut || now - cutAt >= SETTLE_NANOS);
        }

        void release() {
            permits.release();
            policy.onFree.accept(host);
        }

        /**
         * The host asks for {@code nanos} between requests (robots.txt Crawl-delay, learnt from the request before:
         * robots.txt itself): a longer delay than known holds from the last request already made too.
         */
        synchronized void sawDelay(long nanos) {
            if (nanos > hostDelay && anyReached && (first || next - (reached + nanos) < 0)) {
                first = false;
                next = reached + nanos;
            }
            hostDelay = Math.max(hostDelay, nanos);
        }

        /**
         * A turn at {@code now} if a slot is free for it and the delay is over (booking the start), else null. A
         * request waiting in {@code enter} goes first; with a delay, the first request of this JVM to the host ends
         * first ({@link #completed}).
         */
        synchronized Turn turn(long now, long delay) {
            long spacing = Math.max(delay, hostDelay);
            if (!first && now - next < 0 || permits.availablePermits() <= promised || permits.hasQueuedThreads()
                    || spacing > 0 && !warm && !starts.isEmpty()) { // the first request is still on its way
                return null;
            }
            promised++;
            Turn turn = new Turn(this, now, spacing, next, first);
            first = false;
            next = now + spacing;
            return turn;
        }

        /** No start before {@code until}: the next start is moved there if it is sooner. */
        synchronized void hold(long until) {
            if (first || until - next > 0) {
                first = false;
                next = until;
            }
        }

        /** The turn's request is here: its slot is no longer promised (the request takes it). */
        synchronized void used(Turn turn) {
            promised--;
        }

        /**
         * Whether the turn's booking still holds for its request, which starts at {@code now} and keeps
         * {@code spacing} after it: not if another request booked since (then it books anew). The next start is
         * spaced from this one's real start: a request that comes later than its turn (a worker slowed down, a JVM
         * still cold after a move) moves the next start on, and a longer spacing than the turn booked does too.
         */
        synchronized boolean keeps(Turn turn, long spacing, long now) {
            if (next != turn.slot() + turn.spacing()) {
                return false;
            }
            next = Math.max(turn.slot(), now) + Math.max(spacing, turn.spacing());
            return true;
        }

        /** A turn no request used: its slot and (if nothing was booked since) its booking are free again. */
        void giveBack(Turn turn) {
            synchronized (this) {
                promised--;
                if (next == turn.slot() + turn.spacing()) {
                    next = turn.nextBefore();
                    first = turn.firstBefore();
                }
            }
            policy.onFree.accept(host);
        }

        /** A fair semaphore whose permits can be withheld (the count may go below zero until enough return). */
        static final class Permits extends Semaphore {
            Permits(int n) {
                super(n, true);
            }

            void withhold(int n) {
                reducePermits(n);
            }
        }

        synchronized long untilNext(long now) {
            return first || now - next >= 0 ? 0 : next - now;
        }

        /** Books the earliest start at or after {@code now} that keeps {@code spacing} since the last booking. */
        synchronized long reserve(long now, long spacing) {
            long slot = first || now - next > 0 ? now : next;
            first = false;
            next = slot + spacing;
            return slot;
        }
    }
}

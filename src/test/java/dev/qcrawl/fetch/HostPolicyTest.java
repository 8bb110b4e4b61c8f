package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spacing of request starts, checked with a ticker that only moves when someone waits: no sleeps. */
class HostPolicyTest {

    @Test
    void requestStartsToOneHostAreSpacedByTheDelay() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(1, Duration.ofMillis(500), ticker);
        long start = ticker.nanos();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (HostLimits.Permit p = policy.enter("http://a:80", Duration.ZERO)) {
                starts.add(ticker.nanos() - start);
            }
        }
        assertEquals(List.of(0L, 500_000_000L, 1_000_000_000L, 1_500_000_000L), starts);
    }

    /**
     * A policy that takes up another's hosts (a crawl that moved to another JVM) keeps each host's limit and
     * Crawl-delay, and starts no request to a host before its wait is over.
     */
    @Test
    void aRestoredHostKeepsItsLimitItsDelayAndItsNextStart() throws Exception {
        ManualTicker before = new ManualTicker();
        HostPolicy first = new HostPolicy(8, Duration.ZERO, before);
        try (HostLimits.Permit p = first.enter("http://a:80", Duration.ofMillis(700))) {
            p.overloaded(); // halves the limit: 8 -> 4
        }
        before.advance(200_000_000L);
        List<HostPolicy.Host> hosts = first.hosts(before.nanos());
        assertEquals(List.of(new HostPolicy.Host("http://a:80", 4, false, 0, 700_000_000L, 500_000_000L)), hosts);

        ManualTicker after = new ManualTicker();
        after.set(77_000_000_000L); // another JVM's clock
        HostPolicy next = new HostPolicy(8, Duration.ZERO, after);
        next.restore(hosts, after.nanos());
        assertEquals(4, next.limit("http://a:80"));
        assertEquals(500_000_000L, next.turn("http://a:80", after.nanos()), "the rest of the Crawl-delay");
        long start = after.nanos();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // The Crawl-delay as the fetcher passes it, from the robots.txt it took up too.
            try (HostLimits.Permit p = next.enter("http://a:80", Duration.ofMillis(700))) {
                starts.add(after.nanos() - start);
            }
        }
        assertEquals(List.of(500_000_000L, 1_200_000_000L), starts, "the host's Crawl-delay is kept");
        assertEquals(List.of(), next.hosts(after.nanos()).stream().filter(h -> !h.host().equals("http://a:80"))
                .toList());
    }

    /**
     * A host that asked to be left alone (Retry-After) gets no job handed out and no request started until then,
     * whether or not a turn was booked before; another host is not held.
     */
    @Test
    void aHeldHostWaitsForTheHoldAndOthersDoNot() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(8, Duration.ZERO, ticker);
        long start = ticker.nanos();
        assertEquals(0L, policy.turn("http://a:80", ticker.nanos()), "a turn booked before the hold");
        policy.hold("http://a:80", Duration.ofSeconds(5));
        policy.hold("http://a:80", Duration.ofSeconds(2)); // a shorter one does not shorten it
        assertEquals(5_000_000_000L, policy.turn("http://a:80", ticker.nanos()), "no other job for the host");
        try (HostLimits.Permit p = policy.enter("http://a:80", Duration.ZERO)) { // the turn booked before
            assertEquals(5_000_000_000L, ticker.nanos() - start, "the request waits for the hold");
        }
        assertEquals(0L, policy.turn("http://b:80", ticker.nanos()), "another host is not held");
        policy.giveBackTurn();
        assertEquals(0L, policy.turn("http://a:80", ticker.nanos()), "then the host is free again");
    }

    @Test
    void theLongerOfDelayAndCrawlDelayApplies() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(4, Duration.ofMillis(100), ticker);
        long start = ticker.nanos();
        policy.enter("http://a:80", Duration.ofSeconds(2)).close();
        policy.enter("http://a:80", Duration.ofSeconds(2)).close();
        assertEquals(2_000_000_000L, ticker.nanos() - start);
    }

    @Test
    void otherHostsAreNotHeldUp() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(1, Duration.ofSeconds(10), ticker);
        long start = ticker.nanos();
        policy.enter("http://a:80", Duration.ZERO).close();
        policy.enter("http://b:80", Duration.ZERO).close();
        policy.enter("http://c:80", Duration.ZERO).close();
        assertEquals(0L, ticker.nanos() - start);
    }

    /**
     * A turn is a free slot promised to a job about to be handed out: no more turns than free slots, none while the
     * delay runs, and the slot is heard of again when the turn is given back unused or its request ends.
     */
    @Test
    void turnsArePromisedSlotsAndTheListenerHearsWhenOneIsFree() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(2, Duration.ZERO, ticker);
        List<String> freed = new ArrayList<>();
        policy.onFree(freed::add);
        String host = "http://a:80";
        long now = ticker.nanos();
        assertEquals(0, policy.turn(host, now));
        HostLimits.Permit busy = policy.enter(host, Duration.ZERO); // a request of the same thread uses that turn
        assertEquals(0, policy.turn(host, now), "one slot left: one more turn");
        assertEquals(Long.MAX_VALUE, otherThread(() -> policy.turn(host, now)), "that slot is promised");
        policy.giveBackTurn();
        assertEquals(List.of(host), freed, "a turn given back unused frees its slot");
        assertEquals(0, otherThread(() -> policy.turn(host, now)));
        assertEquals(Long.MAX_VALUE, policy.turn(host, now), "both slots taken (one promised)");
        busy.close();
        assertEquals(List.of(host, host), freed, "a request's end frees its slot");
        assertEquals(0, policy.turn(host, now));
        policy.giveBackTurn();
        policy.giveBackTurn(); // nothing held: no-op
        assertEquals(List.of(host, host, host), freed);
    }

    /** A turn books the host's next start; a request with the turn starts at once, the next one a delay later. */
    @Test
    void aTurnBooksTheNextStartAndItsRequestKeepsIt() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(4, Duration.ofMillis(500), ticker);
        String host = "http://a:80";
        long start = ticker.nanos();
        assertEquals(0, policy.turn(host, start));
        assertEquals(500_000_000L, otherThread(() -> policy.turn(host, start)), "the delay runs");
        ticker.advance(100_000_000L);
        policy.enter(host, Duration.ZERO).close();
        assertEquals(List.of(), ticker.parks, "the turn's request waits for nothing");
        assertEquals(500_000_000L, policy.turn(host, ticker.nanos()),
                "the next start is the request's own + the delay (it came 0.1 s after its turn)");
        // Given back unused, a turn's booking is undone: the next turn may start at once.
        ticker.advance(500_000_000L);
        assertEquals(0, policy.turn(host, ticker.nanos()));
        policy.giveBackTurn();
        assertEquals(0, policy.turn(host, ticker.nanos()));
        // A crawl-delay read meanwhile (robots.txt) holds from the request before too (0.1 s in): the turn's
        // request waits for it, and the next start is that much after this one.
        policy.enter(host, Duration.ofSeconds(2)).close();
        assertEquals(List.of(start + 2_100_000_000L), ticker.parks);
        assertEquals(2_000_000_000L, policy.turn(host, ticker.nanos()));
    }

    /**
     * A JVM's first request to a host may leave long after its start (its HTTP client is cold): with a delay, no
     * other turn is taken until it has ended, and the next start is a delay after its answer. Later requests are
     * spaced from their own starts.
     */
    @Test
    void theFirstRequestToAHostEndsBeforeTheNextAndIsSpacedFromItsAnswer() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(4, Duration.ofMillis(100), ticker);
        String host = "http://a:80";
        long start = ticker.nanos();
        assertEquals(0, policy.turn(host, start));
        HostLimits.Permit first = policy.enter(host, Duration.ZERO);
        ticker.advance(300_000_000L); // its delay is over, but it is still on its way
        assertEquals(Long.MAX_VALUE, otherThread(() -> policy.turn(host, ticker.nanos())), "no turn meanwhile");
        first.answered();
        ticker.advance(10_000_000L);
        first.close();
        assertEquals(90_000_000L, policy.turn(host, ticker.nanos()), "a delay after its answer");
        ticker.advance(90_000_000L);
        assertEquals(0, policy.turn(host, ticker.nanos()));
        HostLimits.Permit second = policy.enter(host, Duration.ZERO);
        assertEquals(100_000_000L, otherThread(() -> policy.turn(host, ticker.nanos())), "later ones: the delay");
        second.close();
        // Without a delay, requests do not wait for the first one.
        HostPolicy quick = new HostPolicy(4, Duration.ZERO, ticker);
        assertEquals(0, quick.turn(host, ticker.nanos()));
        try (HostLimits.Permit p = quick.enter(host, Duration.ZERO)) {
            assertEquals(0, otherThread(() -> quick.turn(host, ticker.nanos())));
        }
    }

    private static long otherThread(java.util.function.LongSupplier call) throws InterruptedException {
        long[] got = new long[1];
        Thread t = Thread.ofVirtual().start(() -> got[0] = call.getAsLong());
        t.join();
        return got[0];
    }

    /**
     * Multiplicative decrease, additive increase: the limit halves on overload (once per limit's worth of finished
     * requests) and climbs back one at a time: each step a limit's worth of good requests in a row that began a
     * round ago (here 0.1 s), and a second after the last cut.
     */
    @Test
    void theLimitHalvesOnOverloadAndClimbsBackWithRequestsThatEndWell() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(8, Duration.ZERO, ticker);
        String host = "http://a:80";
        assertEquals(8, policy.limit(host));
        finish(policy, host, true);
        assertEquals(4, policy.limit(host));
        finish(policy, host, true); // a second sign within the same window: no second cut
        assertEquals(4, policy.limit(host));
        for (int i = 0; i < 3; i++) {
            finish(policy, host, true);
        }
        assertEquals(2, policy.limit(host), "a window of 4 finished requests later, halved again");
        for (int i = 0; i < 10; i++) {
            finish(policy, host, false);
        }
        assertEquals(2, policy.limit(host), "no rise within a second of the cut, however many end well");
        ticker.advance(HostPolicy.SETTLE_NANOS);
        finish(policy, host, false);
        assertEquals(3, policy.limit(host), "a second after it: one more after a cut, not double");
        for (int i = 0; i < 3; i++) {
            finish(policy, host, false);
        }
        assertEquals(3, policy.limit(host), "the next step only when its run of good requests began a round ago");
        ticker.advance(HostPolicy.MIN_ROUND_NANOS);
        finish(policy, host, false);
        assertEquals(4, policy.limit(host));
        for (int step = 0; step < 10; step++) {
            ticker.advance(HostPolicy.MIN_ROUND_NANOS);
            for (int i = 0; i < 8; i++) {
                finish(policy, host, false);
            }
        }
        assertEquals(8, policy.limit(host), "never above --per-host");
        // The permits follow the limit: with the limit at 1 a second request does not get in.
        ManualTicker oneTicker = new ManualTicker();
        HostPolicy one = new HostPolicy(2, Duration.ZERO, oneTicker);
        finish(one, host, true);
        assertEquals(1, one.limit(host));
        try (HostLimits.Permit p = one.enter(host, Duration.ZERO)) {
            assertEquals(Long.MAX_VALUE, one.turn(host, oneTicker.nanos()), "no turn while the one slot is taken");
        }
        assertEquals(0, one.turn(host, oneTicker.nanos()));
        one.giveBackTurn();
    }

    /**
     * Slow start: a high --per-host is reached by doubling from 16, each time a limit's worth of good requests in a
     * row began a round ago (here 0.1 s), while the host keeps up.
     */
    @Test
    void aHighLimitIsReachedByDoublingWhileTheHostKeepsUp() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(100, Duration.ZERO, ticker);
        String host = "http://a:80";
        assertEquals(16, policy.limit(host));
        assertEquals(16, inAtOnce(policy, host, ticker));
        requests(policy, host, ticker, 8);
        assertEquals(16, policy.limit(host), "24 good requests of 10 ms in 0.09 s: not yet a round");
        requests(policy, host, ticker, 1);
        assertEquals(32, policy.limit(host), "a round: doubled");
        assertEquals(32, inAtOnce(policy, host, ticker), "the new permits are there");
        requests(policy, host, ticker, 8);
        assertEquals(32, policy.limit(host));
        requests(policy, host, ticker, 1);
        assertEquals(64, policy.limit(host));
        requests(policy, host, ticker, 64);
        assertEquals(100, policy.limit(host), "doubled, but not above --per-host");
        assertEquals(4, new HostPolicy(4, Duration.ZERO, ticker).limit(host), "a lower --per-host from the start");
        // After the first sign of overload the limit grows by one, not by doubling.
        HostPolicy cut = new HostPolicy(100, Duration.ZERO, ticker);
        finish(cut, host, true);
        assertEquals(8, cut.limit(host));
        ticker.advance(HostPolicy.SETTLE_NANOS);
        requests(cut, host, ticker, 10);
        assertEquals(9, cut.limit(host));
    }

    /** Takes every permit of the host at once, then ends those requests after 10 ms; says how many got in. */
    private static int inAtOnce(HostPolicy policy, String host, ManualTicker ticker) throws InterruptedException {
        List<HostLimits.Permit> held = new ArrayList<>();
        while (policy.turn(host, ticker.nanos()) == 0) {
            held.add(policy.enter(host, Duration.ZERO)); // the request uses the turn
        }
        ticker.advance(10_000_000L);
        held.forEach(HostLimits.Permit::close);
        return held.size();
    }

    /** {@code n} good requests of 10 ms, one after the other. */
    private static void requests(HostPolicy policy, String host, ManualTicker ticker, int n)
            throws InterruptedException {
        for (int i = 0; i < n; i++) {
            finish(policy, host, ticker, 10_000_000L);
        }
    }

    /**
     * A request out for over half a round may be a connection request the host dropped, not yet a sign: the limit
     * does not rise while it is out, and when it comes back a second late it is one.
     */
    @Test
    void aRequestStuckInFlightHoldsTheLimitUntilItCountsAsASign() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(100, Duration.ZERO, ticker);
        String host = "http://a:80";
        HostLimits.Permit stuck = policy.enter(host, Duration.ZERO);
        requests(policy, host, ticker, 60);
        assertEquals(16, policy.limit(host), "0.6 s of good 10 ms requests, but one has been out all along");
        ticker.advance(400_000_000L);
        stuck.close();
        assertEquals(8, policy.limit(host), "back after a second, where 10 ms is usual: a sign of overload");
        HostPolicy free = new HostPolicy(100, Duration.ZERO, ticker);
        requests(free, host, ticker, 60);
        assertEquals(64, free.limit(host), "the same requests with none out: doubled twice");
    }

    /**
     * A request far slower than the host's usual (a connection request dropped by a full listen queue costs a
     * second) is a sign of overload; one that is merely slow, or slow for a host that is always slow, is not.
     */
    @Test
    void aRequestFarSlowerThanTheHostsUsualHalvesTheLimit() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(8, Duration.ZERO, ticker);
        String fast = "http://fast:80";
        usual(policy, fast, ticker, 2_000_000L);
        finish(policy, fast, ticker, 500_000_000L);
        assertEquals(8, policy.limit(fast), "half a second is slow, but not the sign of a dropped connection");
        finish(policy, fast, ticker, 1_050_000_000L);
        assertEquals(4, policy.limit(fast), "a second and more, far above the usual: halved");
        String slow = "http://slow:80";
        String steady = "http://steady:80";
        for (int i = 0; i < 4; i++) {
            finish(policy, slow, ticker, 400_000_000L);
            finish(policy, steady, ticker, 400_000_000L);
        }
        finish(policy, steady, ticker, 3_000_000_000L);
        assertEquals(8, policy.limit(steady), "under 8 times its usual 0.4 s");
        finish(policy, slow, ticker, 4_000_000_000L);
        assertEquals(4, policy.limit(slow), "10 times its usual");
    }

    /**
     * What counts is how long the host took to answer: a large body that takes seconds to come after a quick head is
     * no sign of overload, and a head that came late is one, however short the body.
     */
    @Test
    void theTimeToAnswerCountsNotTheTimeTheBodyTakes() throws Exception {
        ManualTicker ticker = new ManualTicker();
        HostPolicy policy = new HostPolicy(8, Duration.ZERO, ticker);
        String host = "http://a:80";
        usual(policy, host, ticker, 2_000_000L);
        try (HostLimits.Permit p = policy.enter(host, Duration.ZERO)) {
            ticker.advance(2_000_000L);
            p.answered();
            ticker.advance(3_000_000_000L); // a large body
        }
        assertEquals(8, policy.limit(host), "answered in 2 ms, the body took 3 s: not a sign");
        try (HostLimits.Permit p = policy.enter(host, Duration.ZERO)) {
            ticker.advance(1_500_000_000L);
            p.answered();
            p.answered(); // only the first call counts
            ticker.advance(1_000_000L);
        }
        assertEquals(4, policy.limit(host), "answered after 1.5 s: halved");
    }

    /** Four requests that take {@code took} each: the host's usual time. */
    private static void usual(HostPolicy policy, String host, ManualTicker ticker, long took)
            throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            finish(policy, host, ticker, took);
        }
    }

    private static void finish(HostPolicy policy, String host, ManualTicker ticker, long took)
            throws InterruptedException {
        try (HostLimits.Permit p = policy.enter(host, Duration.ZERO)) {
            ticker.advance(took);
        }
    }

    private static void finish(HostPolicy policy, String host, boolean overloaded) throws InterruptedException {
        try (HostLimits.Permit p = policy.enter(host, Duration.ZERO)) {
            if (overloaded) {
                p.overloaded();
            }
        }
    }
}

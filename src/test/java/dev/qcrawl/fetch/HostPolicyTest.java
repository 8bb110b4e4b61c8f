package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spacing of request starts, checked with a ticker that only moves when someone waits: no sleeps. */
class HostPolicyTest {

    /** Time stands still until a caller parks; parking moves it to the deadline. */
    static final class ManualTicker implements Ticker {
        long nanos = 1_000_000_000L;
        final List<Long> parks = new ArrayList<>();

        @Override
        public synchronized long nanos() {
            return nanos;
        }

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(nanos);
        }

        @Override
        public synchronized void parkUntil(long deadline) {
            parks.add(deadline);
            if (deadline > nanos) {
                nanos = deadline;
            }
        }
    }

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

    @Test
    void aSlotWhoseWokenJobNeedsNoRequestPassesToTheNextWaiter() throws Exception {
        HostPolicy policy = new HostPolicy(1, Duration.ZERO, new ManualTicker());
        List<String> woken = new ArrayList<>();
        HostLimits.Permit busy = policy.enter("http://a:80", Duration.ZERO);
        policy.whenFree("http://a:80", () -> woken.add("first"));
        policy.whenFree("http://a:80", () -> woken.add("second"));
        policy.passOn("http://a:80");
        assertEquals(List.of(), woken, "no slot is free yet");
        busy.close();
        assertEquals(List.of("first"), woken, "a released slot wakes one waiter");
        policy.passOn("http://a:80"); // the first one went ahead without taking the slot
        assertEquals(List.of("first", "second"), woken);
        policy.passOn("http://a:80");
        policy.passOn("http://unknown:80");
        assertEquals(List.of("first", "second"), woken, "nothing left to wake");
    }

    /** Additive increase, multiplicative decrease: the limit halves on overload and climbs back one at a time. */
    @Test
    void theLimitHalvesOnOverloadAndClimbsBackWithRequestsThatEndWell() throws Exception {
        HostPolicy policy = new HostPolicy(8, Duration.ZERO, new ManualTicker());
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
        for (int i = 0; i < 2; i++) {
            finish(policy, host, false);
        }
        assertEquals(3, policy.limit(host), "2 requests that ended well at limit 2: one more");
        for (int i = 0; i < 3 + 4 + 5 + 6 + 7 + 100; i++) {
            finish(policy, host, false);
        }
        assertEquals(8, policy.limit(host), "never above --per-host");
        // The permits follow the limit: with the limit at 1 a second request does not get in.
        HostPolicy one = new HostPolicy(2, Duration.ZERO, new ManualTicker());
        finish(one, host, true);
        assertEquals(1, one.limit(host));
        try (HostLimits.Permit p = one.enter(host, Duration.ZERO)) {
            assertEquals(Long.MAX_VALUE, one.waitFor(host));
        }
        assertEquals(0, one.waitFor(host));
    }

    private static void finish(HostPolicy policy, String host, boolean overloaded) throws InterruptedException {
        try (HostLimits.Permit p = policy.enter(host, Duration.ZERO)) {
            if (overloaded) {
                p.overloaded();
            }
        }
    }
}

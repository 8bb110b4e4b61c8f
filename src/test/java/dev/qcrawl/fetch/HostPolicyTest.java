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
}

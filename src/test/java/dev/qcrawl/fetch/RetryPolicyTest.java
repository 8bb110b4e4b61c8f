package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void retryAfterSecondsIsHonoured() {
        assertEquals(Duration.ofSeconds(2), policy.delay(0, Optional.of("2"), now, new Random(1)));
    }

    @Test
    void retryAfterHttpDateIsHonoured() {
        assertEquals(Duration.ofSeconds(3),
                policy.delay(0, Optional.of("Wed, 25 Nov 2026 12:00:03 GMT"), now, new Random(1)));
    }

    @Test
    void retryAfterIsCapped() {
        assertEquals(Duration.ofSeconds(5), policy.delay(0, Optional.of("3600"), now, new Random(1)));
        assertEquals(Duration.ZERO, policy.delay(0, Optional.of("Wed, 25 Nov 2026 11:00:00 GMT"), now, new Random(1)));
    }

    @Test
    void backoffDoublesWithJitterWithinHalfAndOneAndAHalf() {
        Random random = new Random(9);
        for (int attempt = 0; attempt < 4; attempt++) {
            long base = 100L << attempt;
            for (int i = 0; i < 100; i++) {
                long ms = policy.delay(attempt, Optional.empty(), now, random).toMillis();
                assertTrue(ms >= base / 2 && ms <= base * 3 / 2, attempt + ": " + ms);
            }
        }
    }

    @Test
    void garbageRetryAfterFallsBackToBackoff() {
        long ms = policy.delay(0, Optional.of("soon"), now, new Random(2)).toMillis();
        assertTrue(ms >= 50 && ms <= 150, "" + ms);
    }
}

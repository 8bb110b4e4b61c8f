package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void retryAfterSecondsIsHonoured() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delay(0, Optional.of("2"), now, new Random(1)));
    }

    @Test
    void retryAfterHttpDateIsHonoured() {
        assertEquals(Optional.of(Duration.ofSeconds(3)),
                policy.delay(0, Optional.of("Wed, 25 Nov 2026 12:00:03 GMT"), now, new Random(1)));
    }

    /** A server that asks for longer than qcrawl waits is not asked again sooner: its response stands. */
    @Test
    void retryAfterBeyondTheCapIsNotRetried() {
        assertEquals(Optional.empty(), policy.delay(0, Optional.of("3600"), now, new Random(1)));
        assertEquals(Optional.empty(), policy.delay(0, Optional.of("Wed, 25 Nov 2026 13:00:00 GMT"), now,
                new Random(1)));
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.delay(0, Optional.of("5"), now, new Random(1)));
    }

    /** {@code Retry-After: 0}, or a date past, asks for nothing: the backoff still spaces the retries. */
    @Test
    void retryAfterZeroOrPastStillBacksOff() {
        for (String asked : List.of("0", "Wed, 25 Nov 2026 11:00:00 GMT")) {
            for (int attempt = 0; attempt < 3; attempt++) {
                long ms = policy.delay(attempt, Optional.of(asked), now, new Random(attempt)).orElseThrow().toMillis();
                long base = 100L << attempt;
                assertTrue(ms >= base / 2 && ms <= base * 3 / 2, asked + " " + attempt + ": " + ms);
            }
        }
    }

    /** A short Retry-After below the backoff of a later attempt: the longer of the two. */
    @Test
    void theLongerOfRetryAfterAndBackoff() {
        long ms = policy.delay(3, Optional.of("0"), now, new Random(3)).orElseThrow().toMillis();
        assertTrue(ms >= 400 && ms <= 1200, "" + ms);
        assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delay(3, Optional.of("2"), now, new Random(3)));
    }

    /**
     * How long a host is left alone: what it asks, when that is within the cap; nothing for more (not retried
     * either), 0, a date past or garbage.
     */
    @Test
    void holdIsWhatTheHostAsksWithinTheCap() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), policy.hold(Optional.of("2"), now));
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.hold(Optional.of("5"), now));
        assertEquals(Optional.empty(), policy.hold(Optional.of("6"), now));
        assertEquals(Optional.empty(), policy.hold(Optional.of("86400"), now));
        assertEquals(Optional.of(Duration.ofSeconds(3)),
                policy.hold(Optional.of("Wed, 25 Nov 2026 12:00:03 GMT"), now));
        for (String nothing : List.of("0", "Wed, 25 Nov 2026 11:00:00 GMT", "soon", "")) {
            assertEquals(Optional.empty(), policy.hold(Optional.of(nothing), now), nothing);
        }
        assertEquals(Optional.empty(), policy.hold(Optional.empty(), now));
    }

    @Test
    void backoffDoublesWithJitterWithinHalfAndOneAndAHalf() {
        Random random = new Random(9);
        for (int attempt = 0; attempt < 4; attempt++) {
            long base = 100L << attempt;
            for (int i = 0; i < 100; i++) {
                long ms = policy.delay(attempt, Optional.empty(), now, random).orElseThrow().toMillis();
                assertTrue(ms >= base / 2 && ms <= base * 3 / 2, attempt + ": " + ms);
            }
        }
    }

    /** RFC 9110 has recipients accept all three HTTP-date forms: IMF-fixdate, RFC 850 and asctime. */
    @Test
    void everyHttpDateFormIsRead() {
        for (String date : List.of("Wed, 25 Nov 2026 12:00:03 GMT", "Wednesday, 25-Nov-26 12:00:03 GMT",
                "Wed Nov 25 12:00:03 2026", "wed, 25 nov 2026 12:00:03 GMT")) {
            assertEquals(Optional.of(Duration.ofSeconds(3)), RetryPolicy.parseRetryAfter(date, now), date);
        }
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryPolicy.parseRetryAfter("Tue Dec  1 00:00:03 2026",
                Instant.parse("2026-12-01T00:00:00Z")), "asctime pads a one-digit day with a space");
        // A two-digit year more than 50 years ahead is the century before: 76 in 2026 is 2076, 77 is 1977.
        Instant y2026 = Instant.parse("2026-11-25T12:00:00Z");
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Friday, 25-Nov-77 12:00:00 GMT",
                y2026));
        assertTrue(RetryPolicy.parseRetryAfter("Wednesday, 25-Nov-76 12:00:00 GMT", y2026).orElseThrow()
                .toDays() > 300 * 49);
    }

    @Test
    void garbageRetryAfterFallsBackToBackoff() {
        long ms = policy.delay(0, Optional.of("soon"), now, new Random(2)).orElseThrow().toMillis();
        assertTrue(ms >= 50 && ms <= 150, "" + ms);
    }
}

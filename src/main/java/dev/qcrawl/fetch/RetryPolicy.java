package dev.qcrawl.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a request again: after connection errors, 429 and 503, up to {@code retries} more times, waiting
 * {@code base * 2^attempt} with +/-50% jitter, or what the server's {@code Retry-After} asks when that is longer,
 * never longer than {@code cap}; a response whose {@code Retry-After} asks for more than {@code cap} is not
 * retried.
 */
public record RetryPolicy(int retries, Duration base, Duration cap) {

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be >= 0, got " + retries);
        }
        if (base.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("retry delays must be >= 0");
        }
    }

    public static RetryPolicy standard(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    /** Whether a response status is worth retrying. */
    public static boolean retryableStatus(int status) {
        return status == 429 || status == 503;
    }

    /**
     * The wait before retry number {@code attempt} (0 for the first retry): the exponential backoff, or what the
     * server's {@code Retry-After} asks when that is longer (a {@code Retry-After: 0}, or a date past, still gets the
     * backoff). Empty when the server asks for longer than {@code cap}: retrying sooner than it asked would ignore
     * it, so the response stands.
     *
     * @param retryAfter the server's {@code Retry-After} header, if any
     */
    public Optional<Duration> delay(int attempt, Optional<String> retryAfter, Instant now, RandomGenerator random) {
        long exp = base.toNanos() << Math.min(attempt, 20);
        double jitter = 0.5 + random.nextDouble();
        Duration backoff = Duration.ofNanos((long) (exp * jitter));
        Duration wait = backoff.compareTo(cap) > 0 ? cap : backoff;
        Optional<Duration> asked = retryAfter.flatMap(value -> parseRetryAfter(value, now));
        if (asked.isPresent()) {
            if (asked.get().compareTo(cap) > 0) {
                return Optional.empty();
            }
            if (asked.get().compareTo(wait) > 0) {
                wait = asked.get();
            }
        }
        return Optional.of(wait);
    }

    /**
     * How long the server's {@code Retry-After} asks its host to be left alone, at most {@code cap}; empty if it asks
     * nothing (no header, a value that does not parse, 0 or a date past).
     */
    public Optional<Duration> hold(Optional<String> retryAfter, Instant now) {
        return retryAfter.flatMap(value -> parseRetryAfter(value, now))
                .filter(d -> d.isPositive())
                .map(d -> d.compareTo(cap) > 0 ? cap : d);
    }

    /** Parses {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1)); // absurdly large: the cap applies
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

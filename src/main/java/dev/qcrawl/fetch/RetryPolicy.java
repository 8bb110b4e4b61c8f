package dev.qcrawl.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
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
     * How long the server's {@code Retry-After} asks its host to be left alone, when qcrawl waits for it: empty if it
     * asks nothing (no header, a value that does not parse, 0 or a date past) or more than {@code cap} (the response
     * then stands, not retried, and the host is not held: a server that answers every request so would otherwise
     * get one request every {@code cap}).
     */
    public Optional<Duration> hold(Optional<String> retryAfter, Instant now) {
        return retryAfter.flatMap(value -> parseRetryAfter(value, now))
                .filter(d -> d.isPositive() && d.compareTo(cap) <= 0);
    }

    /**
     * Parses {@code Retry-After}: delta-seconds or an HTTP date in any of the three forms RFC 9110 (section 5.6.7)
     * has recipients accept: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
     * ({@code Sunday, 06-Nov-94 08:49:37 GMT}, a two-digit year more than 50 years ahead being the century before)
     * and asctime ({@code Sun Nov  6 08:49:37 1994}, in UTC).
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1)); // absurdly large: more than qcrawl waits
            }
        }
        for (DateTimeFormatter form : httpDates(now)) {
            try {
                Instant at = ZonedDateTime.parse(v, form).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return Optional.empty();
    }

    private static List<DateTimeFormatter> httpDates(Instant now) {
        int year = now.atZone(ZoneOffset.UTC).getYear();
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, year - 49)
                .appendPattern(" HH:mm:ss zzz").toFormatter(Locale.US);
        DateTimeFormatter asctime = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEE MMM ppd HH:mm:ss yyyy").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        return List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850, asctime);
    }
}

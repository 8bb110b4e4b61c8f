package dev.qcrawl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.qcrawl.crawl.UrlStats;
import java.math.BigInteger;
import java.util.List;

/** One result row as the structured formats write it. {@code linked_from} is only filled by {@code --broken}. */
@JsonPropertyOrder({"url", "count", "status", "depth", "content_type", "error", "referrer", "linked_from"})
public record Row(String url, BigInteger count, Integer status, int depth,
        @JsonProperty("content_type") String contentType, String error, String referrer,
        @JsonProperty("linked_from") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> linkedFrom) {

    public static Row of(UrlStats stats, List<String> linkedFrom) {
        return new Row(stats.url(), stats.count(), stats.status(), stats.depth(), stats.contentType(), stats.error(),
                stats.referrer(), linkedFrom);
    }

    /** Whether this URL is broken: its fetch failed (no response) or returned 4xx/5xx. */
    public static boolean broken(UrlStats stats) {
        if (stats.status() != null) {
            return stats.status() >= 400;
        }
        return stats.error() != null && !NOT_FAILURES.contains(stats.error());
    }

    /** Reasons a URL was not fetched that are choices, not breakage. */
    private static final java.util.Set<String> NOT_FAILURES =
            java.util.Set.of("scope", "robots", "max-pages", "interrupted", "too-large");
}

package dev.qcrawl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.qcrawl.crawl.UrlStats;
import java.math.BigInteger;
import java.util.List;

/** One result row as the structured formats write it. {@code linked_from} is only filled by {@code --broken}. */
@JsonPropertyOrder({"url", "count", "status", "depth", "content_type", "error", "referrer", "in_sitemap",
    "linked_from"})
public record Row(String url, BigInteger count, Integer status, int depth,
        @JsonProperty("content_type") String contentType, String error, String referrer,
        @JsonProperty("in_sitemap") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean inSitemap,
        @JsonProperty("linked_from") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> linkedFrom) {

    public static Row of(UrlStats stats, List<String> linkedFrom) {
        return new Row(stats.url(), stats.count(), stats.status(), stats.depth(), stats.contentType(),
                stats.error() == null ? null : stats.error().label(), stats.referrer(), stats.inSitemap(), linkedFrom);
    }
}

package dev.qcrawl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qcrawl.crawl.UrlStats;
import java.math.BigInteger;
import java.util.List;

/**
 * One result row as the structured formats write it: the columns of CSV and the fields of JSON are the components,
 * in this order, under these names. {@code linked_from} is only filled by {@code --broken}.
 */
public record Row(String url, BigInteger count, Integer status, int depth,
        @JsonProperty(CONTENT_TYPE) String contentType, String error, String referrer,
        @JsonProperty(IN_SITEMAP) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean inSitemap,
        @JsonProperty(LINKED_FROM) @JsonInclude(JsonInclude.Include.NON_NULL) List<String> linkedFrom) {
    static final String CONTENT_TYPE = "content_type";
    static final String IN_SITEMAP = "in_sitemap";
    static final String LINKED_FROM = "linked_from";

    /** What a list of broken links shows for this row ({@link UrlStats#brokenAs()}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String brokenAs() {
        return UrlStats.brokenAs(status, dev.qcrawl.fetch.Outcome.ofLabel(error));
    }

    public static Row of(UrlStats stats, List<String> linkedFrom) {
        return new Row(stats.url(), stats.count(), stats.status(), stats.depth(), stats.contentType(),
                stats.error() == null ? null : stats.error().label(), stats.referrer(), stats.inSitemap(), linkedFrom);
    }
}

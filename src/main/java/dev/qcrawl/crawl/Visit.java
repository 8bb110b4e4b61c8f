package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;

/**
 * What the crawler learned about one URL when it tried to fetch it (once per crawl).
 *
 * @param status      the HTTP status of the final response, or {@code null} when there was none
 * @param contentType the Content-Type of that response, or {@code null}
 * @param error       why the page gave no links, or was cut short, or was not fetched; {@code null} for a plain
 *                    response
 * @param links       the page's outgoing links; {@link Links#NONE} unless it was HTML
 * @param fetched     whether a request was actually made
 */
public record Visit(Integer status, String contentType, Outcome error, Links links, boolean fetched) {

    public static Visit skipped(Outcome reason) {
        return new Visit(null, null, reason, Links.NONE, false);
    }

    /** A failure that produced no HTTP response at all (the crawl's "failed at" case). */
    public boolean failed() {
        return fetched && status == null;
    }
}

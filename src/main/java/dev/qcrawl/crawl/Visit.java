package dev.qcrawl.crawl;

/**
 * What the crawler learned about one URL when it tried to fetch it (once per crawl).
 *
 * @param status      the HTTP status of the final response, or {@code null} when there was none
 * @param contentType the Content-Type of that response, or {@code null}
 * @param error       why the page gave no links, or was cut short ({@code refused}, {@code timeout},
 *                    {@code robots}, {@code scope}, {@code too-large}, ...), or {@code null}
 * @param links       the page's outgoing links; {@link Links#NONE} unless it was HTML
 * @param fetched     whether a request was actually made
 */
public record Visit(Integer status, String contentType, String error, Links links, boolean fetched) {

    public static Visit skipped(String reason) {
        return new Visit(null, null, reason, Links.NONE, false);
    }

    /** A failure that produced no HTTP response at all (the crawl's "failed at" case). */
    public boolean failed() {
        return fetched && status == null;
    }
}

package dev.qcrawl.report;

import dev.qcrawl.fetch.Outcome;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the CI formats need besides the rows: which rows are broken links, and the pages that link to each URL.
 *
 * @param broken     whether a row is a broken link
 * @param linkedFrom for each URL as printed, the pages that link to it
 * @param checked    how many URLs a link check requested (the JSON summary's {@code checked}), or null without one
 */
public record Judged(Predicate<Row> broken, Map<String, List<String>> linkedFrom, Long checked) {
    /** Without a link check. */
    public Judged(Predicate<Row> broken, Map<String, List<String>> linkedFrom) {
        this(broken, linkedFrom, null);
    }

    /** Broken as the crawl alone judges it: no usable response, or a status of 400 or more. */
    public static final Judged DEFAULT = new Judged(Judged::brokenByStatus, Map.of());

    private static boolean brokenByStatus(Row row) {
        if (row.status() != null && row.status() >= 400) {
            return true;
        }
        Outcome error = Outcome.ofLabel(row.error());
        return error != null && error.broken();
    }

    List<String> pagesLinkingTo(Row row) {
        return row.linkedFrom() != null ? row.linkedFrom() : linkedFrom.getOrDefault(row.url(), List.of());
    }
}

package dev.qcrawl.report;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.UrlStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Turns a crawl's results into the rows to print: all of them, or with {@code --broken} only the broken ones. */
public final class Report {
    private Report() {
    }

    /**
     * @param linkedFrom for each URL, the pages that link to it (used by {@code --broken})
     */
    public static List<Row> rows(CrawlResult result, boolean brokenOnly, Map<String, List<String>> linkedFrom) {
        return rows(result, brokenOnly, false, linkedFrom);
    }

    /** The same; with {@code orphansOnly}, only the sitemap URLs that no fetched page links to. */
    public static List<Row> rows(CrawlResult result, boolean brokenOnly, boolean orphansOnly,
            Map<String, List<String>> linkedFrom) {
        return rows(result, brokenOnly, orphansOnly, linkedFrom, UrlStats::broken);
    }

    /** The same, with {@code broken} deciding what is a broken link (a link check's {@code --accept}). */
    public static List<Row> rows(CrawlResult result, boolean brokenOnly, boolean orphansOnly,
            Map<String, List<String>> linkedFrom, Predicate<UrlStats> broken) {
        if (!brokenOnly && !orphansOnly) {
            // Every row: made as it is written, so that a large crawl's rows are never all in memory at once.
            return new java.util.AbstractList<>() {
                @Override
                public Row get(int i) {
                    return Row.of(result.rows().get(i), null);
                }

                @Override
                public int size() {
                    return result.rows().size();
                }
            };
        }
        List<Row> rows = new ArrayList<>(result.rows().size());
        for (UrlStats stats : result.rows()) {
            if (orphansOnly && !result.orphans().contains(stats.url())) {
                continue;
            }
            if (!brokenOnly) {
                rows.add(Row.of(stats, null));
            } else if (broken.test(stats)) {
                rows.add(Row.of(stats, linkedFrom.getOrDefault(stats.url(), List.of())));
            }
        }
        return rows;
    }

    public static boolean anyBroken(CrawlResult result) {
        return anyBroken(result, UrlStats::broken);
    }

    public static boolean anyBroken(CrawlResult result, Predicate<UrlStats> broken) {
        return result.rows().stream().anyMatch(broken);
    }
}

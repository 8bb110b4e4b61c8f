package dev.qcrawl.testing;

import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import java.util.Arrays;

/** Visits for tests that build a crawl's discovery from maps. */
public final class Visits {
    private Visits() {
    }

    /** A fetched HTML page (200) that links once to each of {@code targets}, in order. */
    public static Visit page(String... targets) {
        int[] once = new int[targets.length];
        Arrays.fill(once, 1);
        return new Visit(200, "text/html", null, new Links(targets, once), true);
    }
}

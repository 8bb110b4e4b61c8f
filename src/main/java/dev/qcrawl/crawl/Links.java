package dev.qcrawl.crawl;

/**
 * The outgoing links of a fetched page, by value: each distinct target URL once, in order of first appearance,
 * with how many times the page links to it.
 */
public record Links(String[] targets, int[] multiplicity) {
    public static final Links NONE = new Links(new String[0], new int[0]);

    public int size() {
        return targets.length;
    }
}

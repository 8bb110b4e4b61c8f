package dev.qcrawl.crawl;

/**
 * The outgoing links of a fetched page, kept compactly: each distinct target once, in order of first appearance,
 * with how many times the page links to it.
 */
public record Links(Node[] targets, int[] multiplicity) {
    public static final Links NONE = new Links(new Node[0], new int[0]);

    public int size() {
        return targets.length;
    }
}

package dev.qcrawl.crawl;

/**
 * The outgoing links of a fetched page, kept compactly for reuse: each distinct target once, in order of first
 * appearance, with how many times the page links to it.
 */
public record Links(Node[] targets, int[] multiplicity, java.util.concurrent.atomic.AtomicBoolean counted) {
    public static final Links NONE = new Links(new Node[0], new int[0]);

    public Links(Node[] targets, int[] multiplicity) {
        this(targets, multiplicity, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /**
     * Unique mode: true the first time it is called for this page. A page reached under two names (a redirect
     * and its target) is one fetched page, so its links count once.
     */
    boolean firstCount() {
        return counted.compareAndSet(false, true);
    }

    public int size() {
        return targets.length;
    }

    /** Links in total, repeats included. */
    public long occurrences() {
        long n = 0;
        for (int m : multiplicity) {
            n += m;
        }
        return n;
    }
}

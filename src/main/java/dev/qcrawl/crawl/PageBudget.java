package dev.qcrawl.crawl;

import java.util.concurrent.atomic.AtomicLong;

/** {@code --max-pages}: how many pages may still be requested in this crawl; a redirect chain is one page. */
public final class PageBudget {
    private final AtomicLong left;
    private volatile boolean spent;

    /** @param max pages at most; 0 for no limit */
    public PageBudget(long max) {
        this.left = new AtomicLong(max == 0 ? Long.MAX_VALUE : max);
    }

    /** Takes one page from the budget; false (and nothing taken) once it is spent. */
    public boolean take() {
        if (left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        spent = true;
        return false;
    }

    /** Whether a page was refused for want of budget. */
    public boolean spent() {
        return spent;
    }
}

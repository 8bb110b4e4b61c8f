package dev.qcrawl.crawl;

import java.math.BigInteger;

/**
 * An exact, thread-safe, non-negative counter: a {@code long} while it fits, a {@link BigInteger} after that,
 * so that walk counts never wrap or saturate however deep the crawl goes.
 */
public final class Tally {
    private long small;
    private BigInteger big;

    public Tally() {
    }

    public Tally(BigInteger initial) {
        add(initial);
    }

    public synchronized void add(long n) {
        if (big != null) {
            big = big.add(BigInteger.valueOf(n));
            return;
        }
        long sum = small + n;
        if (((small ^ sum) & (n ^ sum)) < 0) {
            big = BigInteger.valueOf(small).add(BigInteger.valueOf(n));
        } else {
            small = sum;
        }
    }

    public synchronized void add(BigInteger n) {
        if (big == null && n.bitLength() < 63) {
            add(n.longValue());
        } else {
            big = value().add(n);
        }
    }

    public synchronized BigInteger value() {
        return big != null ? big : BigInteger.valueOf(small);
    }

    public synchronized boolean isZero() {
        return big == null ? small == 0 : big.signum() == 0;
    }

    @Override
    public String toString() {
        return value().toString();
    }
}

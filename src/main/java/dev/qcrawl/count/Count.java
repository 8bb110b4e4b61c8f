package dev.qcrawl.count;

import java.math.BigInteger;

/** An exact non-negative counter for one thread: a {@code long} while it fits, a {@link BigInteger} after. */
final class Count {
    private long small;
    private BigInteger big;

    Count(long initial) {
        small = initial;
    }

    void add(long n) {
        if (big == null) {
            long sum = small + n;
            if (((small ^ sum) & (n ^ sum)) >= 0) {
                small = sum;
                return;
            }
            big = BigInteger.valueOf(small);
        }
        big = big.add(BigInteger.valueOf(n));
    }

    void add(Count other) {
        if (other.big == null) {
            add(other.small);
        } else {
            big = value().add(other.big);
        }
    }

    /** Adds {@code other * factor}. */
    void addProduct(Count other, int factor) {
        if (other.big == null && big == null) {
            long hi = Math.multiplyHigh(other.small, factor);
            long product = other.small * factor;
            if (hi == 0 && product >= 0) {
                add(product);
                return;
            }
        }
        big = value().add(other.value().multiply(BigInteger.valueOf(factor)));
    }

    BigInteger value() {
        return big != null ? big : BigInteger.valueOf(small);
    }
}

package dev.qcrawl.count;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Exact non-negative counts by URL id: a {@code long} each while it fits, a {@link BigInteger} for the few that do
 * not (walks at great depths). Zero means no count. Not thread-safe.
 */
final class Tally {
    private final long[] small;
    private final Map<Integer, BigInteger> big = new HashMap<>();

    Tally(int size) {
        small = new long[size];
    }

    boolean has(int id) {
        return small[id] != 0 || big.containsKey(id);
    }

    void add(int id, long n) {
        BigInteger b = big.get(id);
        if (b != null) {
            big.put(id, b.add(BigInteger.valueOf(n)));
            return;
        }
        long sum = small[id] + n;
        if (((small[id] ^ sum) & (n ^ sum)) < 0) {
            big.put(id, BigInteger.valueOf(small[id]).add(BigInteger.valueOf(n)));
            small[id] = -1; // marks a count held in big
            return;
        }
        small[id] = sum;
    }

    /** Adds {@code other}'s count of {@code from} times {@code factor} to this one's of {@code to}. */
    void addProduct(int to, Tally other, int from, int factor) {
        BigInteger b = other.big.isEmpty() ? null : other.big.get(from);
        if (b == null) {
            long v = other.small[from];
            long hi = Math.multiplyHigh(v, factor);
            long product = v * factor;
            if (hi == 0 && product >= 0) {
                add(to, product);
                return;
            }
            b = BigInteger.valueOf(v);
        }
        addBig(to, b.multiply(BigInteger.valueOf(factor)));
    }

    /** Adds {@code other}'s count of {@code id} to this one's. */
    void add(int id, Tally other) {
        BigInteger b = other.big.isEmpty() ? null : other.big.get(id);
        if (b == null) {
            add(id, other.small[id]);
        } else {
            addBig(id, b);
        }
    }

    private void addBig(int id, BigInteger n) {
        big.put(id, value(id).add(n));
        small[id] = -1;
    }

    /** Moves all but one of {@code from}'s count to {@code to}, which had none. */
    void moveAllButOne(int from, int to) {
        BigInteger rest = value(from).subtract(BigInteger.ONE);
        clear(from);
        add(from, 1);
        if (rest.bitLength() < Long.SIZE) {
            add(to, rest.longValueExact());
        } else {
            addBig(to, rest);
        }
    }

    /** Forgets the count of {@code id}. */
    void clear(int id) {
        small[id] = 0;
        if (!big.isEmpty()) {
            big.remove(id);
        }
    }

    BigInteger value(int id) {
        BigInteger b = big.isEmpty() ? null : big.get(id);
        return b != null ? b : BigInteger.valueOf(small[id]);
    }

    /** Orders two counts, highest first. */
    int compareDescending(int a, int b) {
        if (big.isEmpty() || !big.containsKey(a) && !big.containsKey(b)) {
            return Long.compare(small[b], small[a]);
        }
        return value(b).compareTo(value(a));
    }
}

package dev.qcrawl.count;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact counts past a long, and the id sort, against BigInteger arithmetic and the JDK's sort. */
class TallyTest {
    @Test
    void countsStayExactPastLongMaxValue() {
        Tally a = new Tally(3);
        Tally b = new Tally(3);
        assertFalse(a.has(0));
        a.add(0, Long.MAX_VALUE - 1);
        a.add(0, 5);
        BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(4));
        assertEquals(expected, a.value(0));
        b.addProduct(1, a, 0, 3);
        assertEquals(expected.multiply(BigInteger.valueOf(3)), b.value(1));
        b.add(2, 7);
        b.addProduct(2, b, 2, Integer.MAX_VALUE);
        assertEquals(BigInteger.valueOf(7).add(BigInteger.valueOf(7L * Integer.MAX_VALUE)), b.value(2));
        b.add(1, b);
        assertEquals(expected.multiply(BigInteger.valueOf(6)), b.value(1));
        assertTrue(b.compareDescending(1, 2) < 0, "the larger first");
        b.clear(1);
        assertFalse(b.has(1));
    }

    @Test
    void sortsIdsAsTheJdkSortsBoxedOnes() {
        Random random = new Random(5);
        for (int n : new int[] {0, 1, 2, 3, 17, 1000, 65_537}) {
            int[] keys = random.ints(n, 0, 50).toArray();
            int[] ids = IntStream.range(0, n).toArray();
            IdSort.sort(ids, (x, y) -> Integer.compare(keys[x], keys[y]));
            int[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingInt(x -> keys[x])).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, ids, "stable, n = " + n);
        }
    }
}

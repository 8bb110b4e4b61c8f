package dev.qcrawl.graph;

import java.util.Arrays;

/**
 * A growable array of ints in chunks, so that growing never copies what is there (no moment with the old and the
 * new array both in the heap). Slots not yet set read as the column's fill value. Not thread-safe.
 */
public final class IntColumn {
    private static final int BITS = 14;
    private static final int CHUNK = 1 << BITS;
    private static final int MASK = CHUNK - 1;

    private int[][] chunks = new int[8][];
    private final int fill;

    public IntColumn(int fill) {
        this.fill = fill;
    }

    public int get(int i) {
        int[] chunk = chunks.length > i >>> BITS ? chunks[i >>> BITS] : null;
        return chunk == null ? fill : chunk[i & MASK];
    }

    public void set(int i, int value) {
        int c = i >>> BITS;
        if (c >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        }
        int[] chunk = chunks[c];
        if (chunk == null) {
            chunk = new int[CHUNK];
            if (fill != 0) {
                Arrays.fill(chunk, fill);
            }
            chunks[c] = chunk;
        }
        chunk[i & MASK] = value;
    }

    /** Bytes held, for the measurements in docs/memory.md. */
    long bytes() {
        long n = 16L + 4L * chunks.length;
        for (int[] chunk : chunks) {
            n += chunk == null ? 0 : 16L + 4L * CHUNK;
        }
        return n;
    }
}

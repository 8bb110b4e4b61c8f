package dev.qcrawl.graph;

import java.util.Arrays;

/** {@link IntColumn}'s twin for longs: grows in chunks, never copies; unset slots read as 0. Not thread-safe. */
public final class LongColumn {
    private static final int BITS = 13;
    private static final int CHUNK = 1 << BITS;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks = new long[8][];

    public long get(int i) {
        long[] chunk = chunks.length > i >>> BITS ? chunks[i >>> BITS] : null;
        return chunk == null ? 0 : chunk[i & MASK];
    }

    public void set(int i, long value) {
        int c = i >>> BITS;
        if (c >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        }
        if (chunks[c] == null) {
            chunks[c] = new long[CHUNK];
        }
        chunks[c][i & MASK] = value;
    }

    long bytes() {
        long n = 16L + 4L * chunks.length;
        for (long[] chunk : chunks) {
            n += chunk == null ? 0 : 16L + 8L * CHUNK;
        }
        return n;
    }
}

package dev.qcrawl.graph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every URL of a crawl stored once, as UTF-8 bytes in an arena of large chunks, and known by a dense int id
 * (0, 1, 2, ... in order of arrival): an open-addressing hash table of ids finds a URL's id without an object per
 * URL. Not thread-safe.
 */
public final class UrlTable {
    private static final int CHUNK = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    /** Per id: its bytes' chunk (high half) and offset (low half), their length, and the hash of the URL. */
    private final LongColumn address = new LongColumn();
    private final IntColumn length = new IntColumn(0);
    private final IntColumn hashes = new IntColumn(0);
    /** Ids + 1 by hash; 0 is a free slot. At most half full. */
    private int[] slots = new int[1024];
    private int size;

    /** How many URLs there are; their ids are 0 to size - 1. */
    public int size() {
        return size;
    }

    /** The URL's id, or -1 if it is not here. */
    public int find(String url) {
        byte[] bytes = url.getBytes(StandardCharsets.UTF_8);
        int h = hash(bytes);
        for (int s = h & (slots.length - 1); ; s = (s + 1) & (slots.length - 1)) {
            int id = slots[s] - 1;
            if (id < 0) {
                return -1;
            }
            if (hashes.get(id) == h && same(id, bytes)) {
                return id;
            }
        }
    }

    /** The URL's id, adding it if it is new. */
    public int intern(String url) {
        byte[] bytes = url.getBytes(StandardCharsets.UTF_8);
        int h = hash(bytes);
        int s = h & (slots.length - 1);
        for (; ; s = (s + 1) & (slots.length - 1)) {
            int id = slots[s] - 1;
            if (id < 0) {
                break;
            }
            if (hashes.get(id) == h && same(id, bytes)) {
                return id;
            }
        }
        int id = size++;
        store(id, bytes);
        hashes.set(id, h);
        slots[s] = id + 1;
        if (size * 2 > slots.length) {
            grow();
        }
        return id;
    }

    /** The URL of an id. */
    public String url(int id) {
        long at = address.get(id);
        return new String(chunks.get((int) (at >>> 32)), (int) at, length.get(id), StandardCharsets.UTF_8);
    }

    /** The UTF-8 length of a URL: its length in characters when it is ASCII, as URLs almost always are. */
    public int byteLength(int id) {
        return length.get(id);
    }

    /**
     * Compares two URLs by their UTF-8 bytes, unsigned: the order of their code points, which is
     * {@link String#compareTo}'s for URLs without characters beyond U+FFFF.
     */
    public int compare(int a, int b) {
        long atA = address.get(a);
        long atB = address.get(b);
        return Arrays.compareUnsigned(chunks.get((int) (atA >>> 32)), (int) atA, (int) atA + length.get(a),
                chunks.get((int) (atB >>> 32)), (int) atB, (int) atB + length.get(b));
    }

    private boolean same(int id, byte[] bytes) {
        if (length.get(id) != bytes.length) {
            return false;
        }
        long at = address.get(id);
        return Arrays.equals(chunks.get((int) (at >>> 32)), (int) at, (int) at + bytes.length, bytes, 0,
                bytes.length);
    }

    private void store(int id, byte[] bytes) {
        if (bytes.length > CHUNK) {
            chunks.add(bytes.clone()); // a URL longer than a chunk gets one of its own
            address.set(id, (long) (chunks.size() - 1) << 32);
        } else {
            if (current == null || used + bytes.length > current.length) {
                current = new byte[CHUNK];
                chunks.add(current);
                used = 0;
            }
            System.arraycopy(bytes, 0, current, used, bytes.length);
            address.set(id, (long) (chunks.size() - 1) << 32 | used);
            used += bytes.length;
        }
        length.set(id, bytes.length);
    }

    private void grow() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int s = hashes.get(id) & mask;
            while (bigger[s] != 0) {
                s = (s + 1) & mask;
            }
            bigger[s] = id + 1;
        }
        slots = bigger;
    }

    private static int hash(byte[] bytes) {
        int h = 1;
        for (byte b : bytes) {
            h = 31 * h + b;
        }
        // spread the bits: the table takes the low ones
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** Bytes held, for the measurements in docs/memory.md. */
    long bytes() {
        long n = 4L * slots.length + address.bytes() + length.bytes() + hashes.bytes();
        for (byte[] chunk : chunks) {
            n += 16 + chunk.length;
        }
        return n;
    }
}

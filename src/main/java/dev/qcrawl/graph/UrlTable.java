package dev.qcrawl.graph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every URL of a crawl stored once and known by a dense int id (0, 1, 2, ... in order of arrival), with no object
 * per URL: each URL is a record in an arena of 1 MiB byte chunks (its length, the number of its origin, such as
 * {@code http://example.com/}, kept once in a small table, and the rest of its UTF-8 bytes), found through an
 * open-addressing hash table of ids. About 10 bytes per URL besides the bytes of its path. Not thread-safe.
 */
public final class UrlTable {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final List<byte[]> chunks = new ArrayList<>();
    private int used = CHUNK;
    /** Per id: where its record starts (chunk << 20 | offset). */
    private final IntColumn address = new IntColumn(0);
    /**
     * Ids + 1 by hash; 0 is a free slot. At most two thirds full, so an id + 1 is below the length and fits in the
     * low bits that index a slot; the high bits hold the same bits of the URL's hash, so that a probe reads the
     * record of another URL (a cache miss in a large table) only once in 2^(32 - index bits) times.
     */
    private int[] slots = new int[1024];
    private int size;
    private final List<String> origins = new ArrayList<>(List.of(""));
    private final Map<String, Integer> originIds = new HashMap<>();
    /** The origin of the last URL encoded that had one, and its number. */
    private String lastOrigin;
    private int lastOriginId;
    /** The record being looked up or added, reused: URLs are one at a time. */
    private byte[] record = new byte[256];
    private int recordLength;

    /** How many URLs there are; their ids are 0 to size - 1. */
    public int size() {
        return size;
    }

    /** The URL's id, or -1 if it is not here. */
    public int find(String url) {
        encode(url, false);
        if (recordLength < 0) {
            return -1; // its origin is not known, so neither is the URL
        }
        int h = hash(record, 0, recordLength);
        int mask = slots.length - 1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int slot = slots[s];
            if (slot == 0) {
                return -1;
            }
            if (((slot ^ h) & ~mask) == 0 && same((slot & mask) - 1)) {
                return (slot & mask) - 1;
            }
        }
    }

    /** The URL's id, adding it if it is new. */
    public int intern(String url) {
        encode(url, true);
        int h = hash(record, 0, recordLength);
        int mask = slots.length - 1;
        int s = h & mask;
        for (; ; s = (s + 1) & mask) {
            int slot = slots[s];
            if (slot == 0) {
                break;
            }
            if (((slot ^ h) & ~mask) == 0 && same((slot & mask) - 1)) {
                return (slot & mask) - 1;
            }
        }
        int id = size++;
        store(id);
        slots[s] = (h & ~mask) | (id + 1);
        if (size * 3 > slots.length * 2) {
            grow();
        }
        return id;
    }

    /** The URL of an id. */
    public String url(int id) {
        int at = address.get(id);
        byte[] chunk = chunks.get(at >>> CHUNK_BITS);
        int pos = at & (CHUNK - 1);
        int length = varint(chunk, pos);
        pos = skip(chunk, pos);
        int end = pos + length;
        int origin = varint(chunk, pos);
        pos = skip(chunk, pos);
        String rest = new String(chunk, pos, end - pos, StandardCharsets.UTF_8);
        return origin == 0 ? rest : origins.get(origin).concat(rest);
    }

    /** Compares two URLs as {@link String#compareTo} does (by their origins first: none is a prefix of another). */
    public int compare(int a, int b) {
        int originA = origin(a);
        int originB = origin(b);
        if (originA != originB) {
            return url(a).compareTo(url(b));
        }
        int atA = address.get(a);
        int atB = address.get(b);
        byte[] chunkA = chunks.get(atA >>> CHUNK_BITS);
        byte[] chunkB = chunks.get(atB >>> CHUNK_BITS);
        int posA = atA & (CHUNK - 1);
        int posB = atB & (CHUNK - 1);
        int endA = end(chunkA, posA);
        int endB = end(chunkB, posB);
        posA = skipTwoVarints(chunkA, posA);
        posB = skipTwoVarints(chunkB, posB);
        int c = Arrays.compareUnsigned(chunkA, posA, endA, chunkB, posB, endB);
        if (c != 0 && (hasHigh(chunkA, posA, endA) || hasHigh(chunkB, posB, endB))) {
            return url(a).compareTo(url(b)); // beyond ASCII, UTF-8 order and UTF-16 order may differ
        }
        return c;
    }

    private static boolean hasHigh(byte[] chunk, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] < 0) {
                return true;
            }
        }
        return false;
    }

    private int origin(int id) {
        int at = address.get(id);
        byte[] chunk = chunks.get(at >>> CHUNK_BITS);
        return varint(chunk, skip(chunk, at & (CHUNK - 1))); // after the length
    }

    /** Where the record at {@code pos} ends. */
    private static int end(byte[] chunk, int pos) {
        return skip(chunk, pos) + varint(chunk, pos);
    }

    private static int skipTwoVarints(byte[] chunk, int pos) {
        return skip(chunk, skip(chunk, pos));
    }

    /** The varint at {@code pos} (7 bits a byte, low bits first, the high bit set on all but the last byte). */
    private static int varint(byte[] chunk, int pos) {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = chunk[pos++];
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** Where the varint at {@code pos} ends. */
    private static int skip(byte[] chunk, int pos) {
        while (chunk[pos++] < 0) {
            // a byte with more to come
        }
        return pos;
    }

    /**
     * Makes the record of a URL in {@link #record}: its origin's number and the rest of its bytes, after its length.
     * {@code recordLength} is -1 if the origin is new and {@code add} is false.
     */
    private void encode(String url, boolean add) {
        int origin = 0;
        int from = 0;
        String prefix = lastOrigin;
        if (prefix != null && url.startsWith(prefix)) {
            // Most URLs in a row share an origin. A prefix up to the first '/' after "://" is that of every URL it
            // starts: an authority holds no '/'.
            origin = lastOriginId;
            from = prefix.length();
        } else {
            int scheme = url.indexOf("://");
            int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
            if (slash > 0) {
                prefix = url.substring(0, slash + 1);
                Integer known = originIds.get(prefix);
                if (known == null && add) {
                    origins.add(prefix);
                    known = origins.size() - 1;
                    originIds.put(prefix, known);
                }
                if (known == null) {
                    recordLength = -1;
                    return;
                }
                origin = known;
                from = slash + 1;
                lastOrigin = prefix;
                lastOriginId = origin;
            }
        }
        int length = url.length() - from;
        byte[] bytes = null;
        for (int i = from; i < url.length(); i++) {
            if (url.charAt(i) >= 0x80) {
                bytes = url.substring(from).getBytes(StandardCharsets.UTF_8);
                length = bytes.length;
                break;
            }
        }
        int body = varintSize(origin) + length;
        int total = varintSize(body) + body;
        if (record.length < total) {
            record = new byte[Math.max(total, record.length * 2)];
        }
        int pos = putVarint(record, 0, body);
        pos = putVarint(record, pos, origin);
        if (bytes != null) {
            System.arraycopy(bytes, 0, record, pos, length);
        } else {
            for (int i = 0; i < length; i++) {
                record[pos + i] = (byte) url.charAt(from + i); // ASCII: a char is its byte
            }
        }
        recordLength = total;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] to, int pos, int v) {
        while ((v & ~0x7f) != 0) {
            to[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        to[pos++] = (byte) v;
        return pos;
    }

    private boolean same(int id) {
        int at = address.get(id);
        byte[] chunk = chunks.get(at >>> CHUNK_BITS);
        int pos = at & (CHUNK - 1);
        return pos + recordLength <= chunk.length
                && Arrays.equals(chunk, pos, pos + recordLength, record, 0, recordLength);
    }

    private void store(int id) {
        if (recordLength > CHUNK) {
            throw new IllegalArgumentException("a URL of more than 1 MiB");
        }
        if (used + recordLength > CHUNK) {
            chunks.add(new byte[CHUNK]);
            used = 0;
        }
        System.arraycopy(record, 0, chunks.get(chunks.size() - 1), used, recordLength);
        address.set(id, (chunks.size() - 1) << CHUNK_BITS | used);
        used += recordLength;
    }

    private void grow() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int at = address.get(id);
            byte[] chunk = chunks.get(at >>> CHUNK_BITS);
            int pos = at & (CHUNK - 1);
            int h = hash(chunk, pos, end(chunk, pos));
            int s = h & mask;
            while (bigger[s] != 0) {
                s = (s + 1) & mask;
            }
            bigger[s] = (h & ~mask) | (id + 1);
        }
        slots = bigger;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        // spread the bits: the table takes the low ones
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** Bytes held, for the measurements in docs/memory.md. */
    long bytes() {
        long n = 16 + 4L * slots.length + address.bytes();
        for (byte[] chunk : chunks) {
            n += 16 + chunk.length;
        }
        return n;
    }
}

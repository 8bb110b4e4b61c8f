package dev.qcrawl.frontier;

import java.util.ArrayDeque;

/**
 * A frontier of jobs packed in longs (a URL id and a depth, say), with no object per job: FIFO and LIFO keep them
 * in chunks of a few thousand, the priority queue in a binary heap of two primitive arrays ordered by a key given
 * with each job (the URL's length) and then by arrival. Not thread-safe: its owner guards it.
 */
public final class PackedFrontier {
    private static final int CHUNK = 4096;

    private final QueueType type;
    /** FIFO and LIFO: chunks of jobs; the first chunk is read from {@code head}, the last written up to {@code tail}. */
    private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
    private int head;
    private int tail = CHUNK;
    /** PRIORITY: a binary heap of (key << 40 | arrival) with the jobs alongside. */
    private long[] order = new long[0];
    private long[] jobs = new long[0];
    private long arrivals;
    private int size;

    public PackedFrontier(QueueType type) {
        this.type = type;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Adds a job; {@code key} orders the priority queue (shorter first), the others ignore it. */
    public void put(long job, int key) {
        switch (type) {
            case FIFO, LIFO -> {
                if (tail == CHUNK) {
                    chunks.addLast(new long[CHUNK]);
                    tail = 0;
                    if (chunks.size() == 1) {
                        head = 0;
                    }
                }
                chunks.peekLast()[tail++] = job;
            }
            case PRIORITY -> {
                if (size == order.length) {
                    int n = Math.max(64, size * 2);
                    order = java.util.Arrays.copyOf(order, n);
                    jobs = java.util.Arrays.copyOf(jobs, n);
                }
                long o = (long) Math.min(key, (1 << 23) - 1) << 40 | (arrivals++ & ((1L << 40) - 1));
                int i = size;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (order[parent] <= o) {
                        break;
                    }
                    order[i] = order[parent];
                    jobs[i] = jobs[parent];
                    i = parent;
                }
                order[i] = o;
                jobs[i] = job;
            }
        }
        size++;
    }

    /** Takes the next job; the frontier must not be empty. */
    public long take() {
        if (size == 0) {
            throw new IllegalStateException("empty frontier");
        }
        size--;
        return switch (type) {
            case FIFO -> {
                long[] first = chunks.peekFirst();
                long job = first[head++];
                if (head == CHUNK || (chunks.size() == 1 && head == tail)) {
                    chunks.removeFirst();
                    head = 0;
                    if (chunks.isEmpty()) {
                        tail = CHUNK;
                    }
                }
                yield job;
            }
            case LIFO -> {
                long job = chunks.peekLast()[--tail];
                if (tail == 0) {
                    chunks.removeLast();
                    tail = CHUNK;
                }
                yield job;
            }
            case PRIORITY -> {
                long job = jobs[0];
                long lastOrder = order[size];
                long lastJob = jobs[size];
                int i = 0;
                while (true) {
                    int child = 2 * i + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && order[child + 1] < order[child]) {
                        child++;
                    }
                    if (order[child] >= lastOrder) {
                        break;
                    }
                    order[i] = order[child];
                    jobs[i] = jobs[child];
                    i = child;
                }
                order[i] = lastOrder;
                jobs[i] = lastJob;
                if (size < order.length / 4 && order.length > 64) {
                    order = java.util.Arrays.copyOf(order, order.length / 2);
                    jobs = java.util.Arrays.copyOf(jobs, jobs.length / 2);
                }
                yield job;
            }
        };
    }
}

package dev.qcrawl.frontier;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A frontier of jobs packed in longs (a URL id and a depth, say), with no object per job: FIFO and LIFO keep them
 * in chunks (growing from a few dozen to a few thousand, so that a queue per host stays small), the priority queue
 * in a binary heap of two primitive arrays ordered by a key given with each job (the URL's length) and then by
 * arrival. An ordered frontier also keeps each job's place in a larger order (its arrival among all hosts' jobs,
 * given by the caller), so that the heads of several frontiers can be compared ({@link #headOrder}). Not
 * thread-safe: its owner guards it.
 */
public final class PackedFrontier {
    private static final int CHUNK = 4096;
    private static final int FIRST_CHUNK = 16;
    private static final long ARRIVAL_MASK = (1L << 40) - 1;

    private final QueueType type;
    /** Longs per job in a chunk: the job, and its arrival when ordered. */
    private final int stride;
    /** FIFO and LIFO: chunks of jobs; the first chunk is read from {@code head}, the last written up to {@code tail}. */
    private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
    private int head;
    private int tail;
    /** PRIORITY: a binary heap of (key << 40 | arrival) with the jobs alongside. */
    private long[] order = new long[0];
    private long[] jobs = new long[0];
    private long arrivals;
    private int size;

    public PackedFrontier(QueueType type) {
        this(type, false);
    }

    /** @param ordered whether jobs come with their arrival ({@link #put(long, int, long)}) and heads compare */
    public PackedFrontier(QueueType type, boolean ordered) {
        this.type = type;
        this.stride = ordered && type != QueueType.PRIORITY ? 2 : 1;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Adds a job; {@code key} orders the priority queue (shorter first), the others ignore it. */
    public void put(long job, int key) {
        put(job, key, arrivals++);
    }

    /** Adds a job that arrived {@code arrival}-th among the jobs of all the frontiers whose heads are compared. */
    public void put(long job, int key, long arrival) {
        switch (type) {
            case FIFO, LIFO -> {
                if (chunks.isEmpty() || tail == chunks.peekLast().length) {
                    chunks.addLast(new long[stride * Math.min(CHUNK, Math.max(FIRST_CHUNK, size))]);
                    tail = 0;
                    if (chunks.size() == 1) {
                        head = 0;
                    }
                }
                long[] last = chunks.peekLast();
                last[tail] = job;
                if (stride == 2) {
                    last[tail + 1] = arrival;
                }
                tail += stride;
            }
            case PRIORITY -> {
                if (size == order.length) {
                    int n = Math.max(8, size * 2);
                    order = Arrays.copyOf(order, n);
                    jobs = Arrays.copyOf(jobs, n);
                }
                long o = (long) Math.min(key, (1 << 23) - 1) << 40 | (arrival & ARRIVAL_MASK);
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

    /**
     * Where the next job stands in the order of all the frontiers compared (lower first): FIFO its arrival, LIFO
     * its arrival negated, PRIORITY its key and then arrival. Only for an ordered frontier that is not empty.
     */
    public long headOrder() {
        return switch (type) {
            case FIFO -> chunks.peekFirst()[head + 1];
            case LIFO -> -chunks.peekLast()[tail - 1];
            case PRIORITY -> order[0];
        };
    }

    /** Receives a job with its arrival. */
    @FunctionalInterface
    public interface ArrivalSink {
        void job(long job, long arrival);
    }

    /**
     * Empties an ordered frontier, handing each job to {@code sink} with its arrival (in the frontier's own order):
     * jobs put again in order of arrival queue as they were.
     */
    public void drain(ArrivalSink sink) {
        while (size > 0) {
            long head = headOrder();
            long arrival = switch (type) {
                case FIFO -> head;
                case LIFO -> -head;
                case PRIORITY -> head & ARRIVAL_MASK;
            };
            sink.job(take(), arrival);
        }
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
                long job = first[head];
                head += stride;
                if (head == first.length || (chunks.size() == 1 && head == tail)) {
                    chunks.removeFirst();
                    head = 0;
                }
                yield job;
            }
            case LIFO -> {
                long[] last = chunks.peekLast();
                tail -= stride;
                long job = last[tail];
                if (tail == 0) {
                    chunks.removeLast();
                    tail = chunks.isEmpty() ? 0 : chunks.peekLast().length;
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
                    order = Arrays.copyOf(order, order.length / 2);
                    jobs = Arrays.copyOf(jobs, jobs.length / 2);
                }
                yield job;
            }
        };
    }
}

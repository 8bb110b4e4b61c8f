package dev.qcrawl.frontier;

import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * A {@link Frontier} over one of the JDK's {@link BlockingQueue}s: a {@link LinkedBlockingQueue} (FIFO), a
 * {@link LinkedBlockingDeque} used as a stack (LIFO) or a {@link PriorityBlockingQueue} ordered by URL length
 * and then by arrival.
 */
public final class QueueFrontier<E> implements Frontier<E> {
    private final BlockingQueue<Entry<E>> queue;
    private final boolean stack;
    private final AtomicLong arrivals = new AtomicLong();
    private final ToIntFunction<E> length;

    private record Entry<E>(E job, int length, long arrival) {
    }

    private QueueFrontier(BlockingQueue<Entry<E>> queue, boolean stack, ToIntFunction<E> length) {
        this.queue = queue;
        this.stack = stack;
        this.length = length;
    }

    /**
     * Creates a frontier of the given type.
     *
     * @param urlLength the priority key of a job (the length of its URL); only used by {@link QueueType#PRIORITY}
     */
    public static <E> QueueFrontier<E> of(QueueType type, ToIntFunction<E> urlLength) {
        return switch (type) {
            case FIFO -> new QueueFrontier<>(new LinkedBlockingQueue<>(), false, urlLength);
            case LIFO -> new QueueFrontier<>(new LinkedBlockingDeque<>(), true, urlLength);
            case PRIORITY -> new QueueFrontier<>(new PriorityBlockingQueue<>(64,
                    Comparator.<Entry<E>>comparingInt(Entry::length).thenComparingLong(Entry::arrival)), false, urlLength);
        };
    }

    @Override
    public void put(E job) {
        Entry<E> entry = new Entry<>(job, length.applyAsInt(job), arrivals.getAndIncrement());
        if (stack) {
            ((LinkedBlockingDeque<Entry<E>>) queue).addFirst(entry);
        } else {
            queue.add(entry);
        }
    }

    @Override
    public E take() throws InterruptedException {
        return queue.take().job();
    }

    @Override
    public E poll(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        Entry<E> entry = queue.poll(timeout, unit);
        return entry == null ? null : entry.job();
    }

    @Override
    public int size() {
        return queue.size();
    }
}

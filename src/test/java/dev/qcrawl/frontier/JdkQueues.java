package dev.qcrawl.frontier;

import java.util.Comparator;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * The JDK blocking queue that {@code --queue} names, the model the frontiers are tested against: FIFO a linked queue,
 * LIFO a deque used as a stack, priority a priority queue by key (URL length), then arrival.
 */
final class JdkQueues {
    private record Entry(long job, int key, long arrival) {
    }

    private final QueueType type;
    private final LinkedBlockingDeque<Long> deque = new LinkedBlockingDeque<>();
    private final PriorityBlockingQueue<Entry> priority = new PriorityBlockingQueue<>(64,
            Comparator.comparingInt(Entry::key).thenComparingLong(Entry::arrival));
    private long arrival;

    JdkQueues(QueueType type) {
        this.type = type;
    }

    void put(long job, int key) {
        if (type == QueueType.PRIORITY) {
            priority.add(new Entry(job, key, arrival++));
        } else {
            deque.addLast(job);
        }
    }

    /** The job the queue hands out next (it must not be empty). */
    long take() {
        return switch (type) {
            case FIFO -> deque.removeFirst();
            case LIFO -> deque.removeLast();
            case PRIORITY -> priority.remove().job();
        };
    }

    int size() {
        return type == QueueType.PRIORITY ? priority.size() : deque.size();
    }
}

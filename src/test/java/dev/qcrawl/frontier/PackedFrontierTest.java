package dev.qcrawl.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed frontier hands out jobs in the order of the JDK's blocking queues that {@code --queue} names (FIFO: a
 * linked queue; LIFO: a deque used as a stack; priority: a priority queue by URL length, then arrival), over many puts
 * and takes mixed.
 */
class PackedFrontierTest {
    private record Entry(long job, int key, long arrival) {
    }

    @Test
    void fifoLifoAndPriorityOrders() {
        for (QueueType type : QueueType.values()) {
            PackedFrontier frontier = new PackedFrontier(type);
            LinkedBlockingDeque<Long> deque = new LinkedBlockingDeque<>();
            PriorityBlockingQueue<Entry> priority = new PriorityBlockingQueue<>(64,
                    Comparator.comparingInt(Entry::key).thenComparingLong(Entry::arrival));
            Random random = new Random(11);
            long arrival = 0;
            for (int round = 0; round < 300_000; round++) {
                if (random.nextInt(5) < 3 || deque.isEmpty() && priority.isEmpty()) {
                    long job = random.nextLong();
                    int key = random.nextInt(40);
                    frontier.put(job, key);
                    deque.addLast(job);
                    priority.add(new Entry(job, key, arrival++));
                } else {
                    long expected = switch (type) {
                        case FIFO -> deque.removeFirst();
                        case LIFO -> deque.removeLast();
                        case PRIORITY -> priority.remove().job();
                    };
                    if (type == QueueType.PRIORITY) {
                        deque.clear();
                    } else {
                        priority.clear();
                    }
                    assertEquals(expected, frontier.take(), type + " at round " + round);
                }
                assertEquals(type == QueueType.PRIORITY ? priority.size() : deque.size(), frontier.size());
            }
        }
    }
}

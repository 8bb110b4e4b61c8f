package dev.qcrawl.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed frontier hands out jobs in the order of the JDK's blocking queues that {@code --queue} names (FIFO: a
 * linked queue; LIFO: a deque used as a stack; priority: a priority queue by URL length, then arrival), over many puts
 * and takes mixed.
 */
class PackedFrontierTest {
    @Test
    void fifoLifoAndPriorityOrders() {
        for (QueueType type : QueueType.values()) {
            PackedFrontier frontier = new PackedFrontier(type);
            JdkQueues model = new JdkQueues(type);
            Random random = new Random(11);
            for (int round = 0; round < 300_000; round++) {
                if (random.nextInt(5) < 3 || model.size() == 0) {
                    long job = random.nextLong();
                    int key = random.nextInt(40);
                    frontier.put(job, key);
                    model.put(job, key);
                } else {
                    assertEquals(model.take(), frontier.take(), type + " at round " + round);
                }
                assertEquals(model.size(), frontier.size());
            }
        }
    }
}

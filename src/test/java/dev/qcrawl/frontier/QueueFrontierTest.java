package dev.qcrawl.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueFrontierTest {

    private static List<String> drain(QueueType type, String... urls) throws InterruptedException {
        Frontier<String> frontier = QueueFrontier.of(type, String::length);
        for (String url : urls) {
            frontier.put(url);
        }
        List<String> order = new ArrayList<>();
        while (frontier.size() > 0) {
            order.add(frontier.take());
        }
        return order;
    }

    @Test
    void fifoTakesInArrivalOrder() throws Exception {
        assertEquals(List.of("/ccc", "/a", "/bb"), drain(QueueType.FIFO, "/ccc", "/a", "/bb"));
    }

    @Test
    void lifoTakesTheNewestFirst() throws Exception {
        assertEquals(List.of("/bb", "/a", "/ccc"), drain(QueueType.LIFO, "/ccc", "/a", "/bb"));
    }

    @Test
    void priorityTakesTheShortestUrlFirstAndEqualLengthsInArrivalOrder() throws Exception {
        assertEquals(List.of("/a", "/z", "/bb", "/yy", "/ccc"),
                drain(QueueType.PRIORITY, "/ccc", "/bb", "/a", "/yy", "/z"));
    }
}

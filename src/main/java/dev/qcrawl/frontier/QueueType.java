package dev.qcrawl.frontier;

import java.util.Locale;

/** The order in which the frontier hands out jobs, chosen with {@code --queue}. */
public enum QueueType {
    /** First in, first out: breadth-first, level by level, as the tutorial's {@code asyncio.Queue}. */
    FIFO,
    /** Last in, first out: depth-first, as the tutorial's {@code asyncio.LifoQueue}. */
    LIFO,
    /** Shortest URL first, equal lengths in arrival order, as the tutorial's {@code asyncio.PriorityQueue}. */
    PRIORITY;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

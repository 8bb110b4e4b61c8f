package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Politeness;
import dev.qcrawl.graph.Graph;
import java.time.Duration;
import java.util.List;

/**
 * A crawl in one process, paused with no job in hand ({@link MemoryState#snapshot}), to go on in another JVM
 * ({@link MemoryState#resume}): the graph found so far, the jobs queued, and the figures that carry over.
 *
 * @param jobs         the jobs queued, in the order they arrived, each a URL id (of {@code graph}) {@code << 32} and
 *                     its depth
 * @param roots        the roots besides the start URL (from sitemaps)
 * @param maxDepth     pages up to this depth are fetched
 * @param pagesFetched pages requested so far
 * @param failures     pages that gave no response so far
 * @param elapsed      the crawl's time so far
 * @param politeness   what the crawl's politeness knows of the sites (robots.txt, each host's limit and next start)
 */
public record Snapshot(Graph graph, long[] jobs, List<String> roots, int maxDepth, long pagesFetched, long failures,
        Duration elapsed, Politeness politeness) {
    /** The same, with what the crawl's politeness knows. */
    public Snapshot with(Politeness known) {
        return new Snapshot(graph, jobs, roots, maxDepth, pagesFetched, failures, elapsed, known);
    }

    /** The job for {@code id} at {@code depth}, as {@link #jobs} holds it. */
    public static long job(int id, int depth) {
        return (long) id << 32 | (depth & 0xffffffffL);
    }

    public static int id(long job) {
        return (int) (job >>> 32);
    }

    public static int depth(long job) {
        return (int) job;
    }
}

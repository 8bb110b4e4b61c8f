package dev.qcrawl.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.crawl.Visit;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Walk counts cut short by a stop: the counts of the depth reached, exact for that depth. */
class CountsTest {
    /** A site with cycles: the counts double every level or so, as on most real sites. */
    private static final Map<String, List<String>> LINKS = Map.of(
            "http://h/", List.of("http://h/a", "http://h/b"),
            "http://h/a", List.of("http://h/", "http://h/a", "http://h/b"),
            "http://h/b", List.of("http://h/a", "http://h/c"));

    private static Discovery crawled(int maxDepth) {
        Map<String, Integer> depths = Map.of("http://h/", 1, "http://h/a", 2, "http://h/b", 2, "http://h/c", 3);
        Map<String, Visit> visits = new HashMap<>();
        LINKS.forEach((page, targets) -> visits.put(page, new Visit(200, "text/html", null,
                new Links(targets.toArray(String[]::new), targets.stream().mapToInt(t -> 1).toArray()), true)));
        visits.put("http://h/c", new Visit(200, "text/html", null, Links.NONE, true));
        return new Discovery("http://h/", "http://h/", maxDepth, depths, visits, Set.of(), 4, 0,
                Duration.ofSeconds(1), null);
    }

    /** The tutorial's walk, by hand: each page at depth d <= maxDepth is fetched, its links counted at depth d + 1. */
    private static Map<String, BigInteger> walk(int maxDepth) {
        Map<String, BigInteger> total = new HashMap<>(Map.of("http://h/", BigInteger.ONE));
        Map<String, BigInteger> level = Map.of("http://h/", BigInteger.ONE);
        for (int depth = 1; depth <= maxDepth; depth++) {
            Map<String, BigInteger> next = new HashMap<>();
            level.forEach((page, paths) -> LINKS.getOrDefault(page, List.of())
                    .forEach(target -> next.merge(target, paths, BigInteger::add)));
            next.forEach((url, paths) -> total.merge(url, paths, BigInteger::add));
            level = next;
        }
        return total;
    }

    private static Map<String, BigInteger> counts(CrawlResult result) {
        Map<String, BigInteger> counts = new HashMap<>();
        for (UrlStats row : result.rows()) {
            counts.put(row.url(), row.count());
        }
        return counts;
    }

    @Test
    void aStopWhileCountingPrintsTheCountsOfTheDepthReached() {
        AtomicInteger asked = new AtomicInteger();
        Counts.Interruption stop = new Counts.Interruption(
                () -> asked.incrementAndGet() >= 7 ? StopReason.TERMINATED : null);
        CrawlResult result = Counts.result(crawled(1000), Mode.WALK, false, false, stop);
        assertEquals(OptionalInt.of(6), stop.cutAt());
        assertEquals(StopReason.TERMINATED, result.stopReason());
        assertEquals(walk(6), counts(result));
    }

    @Test
    void withoutAStopTheWalkGoesToItsDepth() {
        Counts.Interruption none = new Counts.Interruption(() -> null);
        CrawlResult result = Counts.result(crawled(12), Mode.WALK, false, false, none);
        assertEquals(OptionalInt.empty(), none.cutAt());
        assertEquals(null, result.stopReason());
        assertEquals(walk(12), counts(result));
    }
}

package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qcrawl.count.Counts;
import dev.qcrawl.fetch.FetchSettings;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Scope;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine with a loader of its own (no network): a failing job must never keep the crawl from ending. */
class CrawlerTest {
    /** a -> b, c; b -> c; c -> a. */
    private static final Map<String, List<String>> SITE = Map.of(
            "http://h/a", List.of("http://h/b", "http://h/c"),
            "http://h/b", List.of("http://h/c"),
            "http://h/c", List.of("http://h/a"));

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aLoaderThatThrowsLeavesTheCrawlAbleToFinish(Mode mode) {
        for (QueueType queue : QueueType.values()) {
            PageSource loader = url -> {
                if (url.equals("http://h/b")) {
                    throw new IllegalStateException("a bug while loading b");
                }
                String[] targets = SITE.getOrDefault(url, List.of()).toArray(String[]::new);
                int[] multiplicity = new int[targets.length];
                java.util.Arrays.fill(multiplicity, 1);
                return new Visit(200, "text/html", null, new Links(targets, multiplicity), true);
            };
            CrawlConfig config = new CrawlConfig("http://h/a", null, 4, 4, queue, mode, Scope.HOST, 0,
                    FetchSettings.defaults("test"));
            Discovery found = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> new Crawler(config, new MemoryState(queue, 0), loader, CrawlEvents.SILENT).run());
            CrawlResult result = Counts.result(found, mode);
            Map<String, UrlStats> rows = result.rows().stream()
                    .collect(Collectors.toMap(UrlStats::url, r -> r));
            assertEquals(Outcome.INTERNAL, rows.get("http://h/b").error(), queue + " " + mode);
            // b gave no links; the rest of the graph is counted as usual. Walk at depth 4: paths from a of up to
            // 4 hops without going through b's links: a(1) -> b, c (2) -> a (3) -> b, c (4) -> a (5).
            Map<String, Integer> expected = mode == Mode.WALK
                    ? Map.of("http://h/a", 3, "http://h/b", 2, "http://h/c", 2)
                    : Map.of("http://h/a", 2, "http://h/b", 1, "http://h/c", 1);
            expected.forEach((url, count) -> assertEquals(BigInteger.valueOf(count), rows.get(url).count(),
                    queue + " " + mode + " " + url));
        }
    }
}

package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walk mode prints the tutorial's counts: compared, for every queue type, worker count and depth 0..3, with
 * counts computed from the generated graph by simulating the tutorial's algorithm in the test itself.
 */
class WalkParityIT {
    private static TestServer server;
    private static LinkGraph graph;

    @BeforeAll
    static void serve() throws Exception {
        server = new TestServer();
        graph = LinkGraph.random(42, 30, 6);
        graph.serveOn(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> matrix() {
        return Stream.of("fifo", "lifo", "priority").flatMap(queue -> Stream.of(1, 3, 16)
                .flatMap(workers -> Stream.of(0, 1, 2, 3).map(depth -> Arguments.of(queue, workers, depth))));
    }

    @ParameterizedTest(name = "--queue {0} -w {1} -d {2}")
    @MethodSource("matrix")
    void countsEqualTheTutorialsWalkCounts(String queue, int workers, int depth) {
        Map<String, BigInteger> expected = graph.simulateTutorial(depth);
        Cli.Run run = Cli.run("-q", "--queue", queue, "-w", String.valueOf(workers), "-d", String.valueOf(depth),
                "--retries", "0", server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(LinkGraph.expectedLines(expected, server.url(""), server.url("/")), run.lines());
    }

    @ParameterizedTest(name = "-d {0}")
    @ValueSource(ints = {1, 2, 3})
    void aStartUrlTypedWithoutItsSlashIsCountedApartFromTheLinksToTheRoot(int depth) {
        // The tutorial's own command line (http://localhost:8000): its start job and the links to "/" are two URLs.
        Map<String, BigInteger> expected = graph.simulateTutorial(depth, "");
        assertTrue(depth < 2 || expected.containsKey("/"), "the graph links back to its root: " + expected);
        Cli.Run run = Cli.run("-q", "-d", String.valueOf(depth), "--retries", "0", server.url(""));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(LinkGraph.expectedLines(expected, server.url(""), server.url("/")), run.lines());
    }

    @Test
    void dynamicProgrammingOracleAgreesWithTheSimulation() {
        // Guards the test's own oracles against each other before the deep-walk tests rely on the faster one.
        for (int depth = 0; depth <= 4; depth++) {
            assertEquals(graph.simulateTutorial(depth), graph.walkCounts(depth), "depth " + depth);
        }
    }
}

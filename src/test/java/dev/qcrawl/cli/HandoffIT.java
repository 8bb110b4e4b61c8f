package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.Script;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A crawl started with C1 alone moves to a JVM with C2 once it has fetched enough pages (here 150 of a site of
 * 1,500, {@code -Dqcrawl.handoffPages}): every way it is started ({@code java -jar} and {@code bin/qcrawl}, whose
 * launchers start the next JVM, and a crawl JVM started by hand, which starts it itself and waits). The
 * counts are the site's own (computed from its link graph), each page is requested once, and a stop signal after
 * the move ends the crawl with what both JVMs found.
 */
class HandoffIT {
    private static final LinkGraph SITE = LinkGraph.random(23, 1500, 8);
    private static final String MOVED = "the crawl moves to a JVM with the C2 compiler";
    private static final List<String> BY_HAND_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dqcrawl.relaunch=false");
    private static TestServer site;
    /** The pages after which the crawl moves. */
    private static final int MOVE_AT = 150;
    /**
     * The most pages the first JVM fetches: it pauses after {@link #MOVE_AT}, and finishes the pages in hand (at
     * most 8 workers here).
     */
    private static final int FIRST_JVM_MOST = MOVE_AT + 8;
    /** Requests for robots.txt: read once, by the first JVM (the next one has its rules from the state file). */
    private static final AtomicInteger robots = new AtomicInteger();
    /** Pages requested (robots.txt aside), in the order they came. */
    private static final AtomicInteger served = new AtomicInteger();
    /** Set by a test: the pages past {@link #FIRST_JVM_MOST} (the crawl has moved) wait for {@link #release}. */
    private static final AtomicBoolean holdAfterMove = new AtomicBoolean();
    private static volatile CountDownLatch release = new CountDownLatch(0);
    private static volatile CountDownLatch heldAfterMove = new CountDownLatch(1);
    /** The first {@link #MOVE_AT} pages answered: surely before the crawl moved. */
    private static final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws IOException {
        site = new TestServer();
        SITE.serveOn(site);
        site.route("/robots.txt", ex -> {
            robots.incrementAndGet();
            TestServer.respond(ex, 404, "text/plain", "");
        });
        site.before(ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/robots.txt")) {
                return;
            }
            int n = served.incrementAndGet();
            if (holdAfterMove.get() && n > FIRST_JVM_MOST) {
                heldAfterMove.countDown();
                release.await(60, TimeUnit.SECONDS); // a hang guard: the test stops the crawl
            } else if (n <= MOVE_AT) {
                answered.add(path);
            }
        });
    }

    @AfterAll
    static void stop() {
        release.countDown();
        site.close();
    }

    /** How the crawl is started. */
    enum Launch {
        JAR, BY_HAND, SCRIPT;

        ProcessBuilder builder(String... args) {
            List<String> options = options(this == BY_HAND);
            return this == SCRIPT ? Script.builder(options, args) : Jar.builder(options, args);
        }

        /** Whether the crawl can move, started this way here: the launchers start it with C1 alone on JDK 25+. */
        boolean moves() throws Exception {
            return switch (this) {
                case BY_HAND -> true;
                case JAR -> Runtime.version().feature() >= 25;
                case SCRIPT -> Script.jdkFeature() >= 25;
            };
        }
    }

    private static List<String> options(boolean byHand) {
        List<String> options = new ArrayList<>(byHand ? BY_HAND_OPTIONS : List.of());
        options.add("-Dqcrawl.handoffPages=" + MOVE_AT);
        return options;
    }

    private static Cli.Run run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("qcrawl-out", ".txt");
        Path err = Files.createTempFile("qcrawl-err", ".txt");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "qcrawl did not finish within two minutes");
            return new Cli.Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Map<String, Integer> hits() {
        Map<String, Integer> hits = new HashMap<>();
        site.allHits().forEach((path, n) -> hits.put(path, n.get()));
        return hits;
    }

    private static void assertEachPageRequestedOnce(Map<String, Integer> before) {
        Map<String, Integer> after = hits();
        for (String path : SITE.links(50).keySet()) {
            assertEquals(1, after.getOrDefault(path, 0) - before.getOrDefault(path, 0), path + " requested once");
        }
    }

    @ParameterizedTest(name = "{0}, --queue {1}, unique={2}")
    @CsvSource({"JAR, fifo, true", "JAR, lifo, false", "BY_HAND, priority, true", "BY_HAND, fifo, false",
        "SCRIPT, lifo, true", "SCRIPT, priority, false"})
    void theMovedCrawlPrintsTheSitesCountsHavingFetchedEachPageOnce(Launch launch, String queue, boolean unique)
            throws Exception {
        assumeTrue(launch.moves(), "the launchers start a crawl that can move on JDK 25");
        Map<String, Integer> before = hits();
        int robotsBefore = robots.get();
        List<String> args = new ArrayList<>(List.of("-w", "8", "--queue", queue));
        args.addAll(unique ? List.of("--unique", "-d", "50") : List.of("-d", "5"));
        args.add(site.url("/"));
        Cli.Run run = run(launch.builder(args.toArray(String[]::new)));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains(MOVED), run.err());
        Map<String, BigInteger> counts = unique ? SITE.uniqueCounts(50) : SITE.walkCounts(5);
        assertEquals(LinkGraph.expectedLines(counts, site.url(""), site.url("/")), run.out().lines().toList());
        if (unique) {
            assertEachPageRequestedOnce(before);
        }
        assertEquals(1, robots.get() - robotsBefore, "robots.txt read once: the next JVM has its rules from the file");
    }

    /**
     * A crawl that pauses to move and cannot (here: the state file its launcher named cannot be written) goes on in
     * its own JVM from where it paused: the same counts, each page requested once.
     */
    @Test
    void aCrawlThatCannotMoveGoesOnWhereItIs() throws Exception {
        Map<String, Integer> before = hits();
        int robotsBefore = robots.get();
        List<String> options = new ArrayList<>(options(true));
        options.add("-Dqcrawl.handoffTo=/nonexistent/qcrawl-state.bin");
        Cli.Run run = Jar.run(options, "-w", "8", "--unique", "-d", "50", site.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(!run.err().contains(MOVED), run.err());
        assertEquals(1, robots.get() - robotsBefore, "robots.txt read once, also where the crawl went on after its pause");
        assertEquals(LinkGraph.expectedLines(SITE.uniqueCounts(50), site.url(""), site.url("/")),
                run.out().lines().toList());
        assertEachPageRequestedOnce(before);
    }

    /**
     * Ctrl-C to the whole process group once the crawl has moved (the next JVM is fetching): one stop, exit 130,
     * and the counts hold every link of every page fetched before the move.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"JAR", "BY_HAND", "SCRIPT"})
    void aStopAfterTheMoveEndsTheCrawlWithEverythingCounted(Launch launch) throws Exception {
        assumeTrue(launch.moves(), "the launchers start a crawl that can move on JDK 25");
        served.set(0);
        answered.clear();
        release = new CountDownLatch(1);
        heldAfterMove = new CountDownLatch(1);
        holdAfterMove.set(true);
        Path out = Files.createTempFile("qcrawl-out", ".txt");
        Path err = Files.createTempFile("qcrawl-err", ".txt");
        try {
            ProcessBuilder builder = launch.builder("-q", "-w", "4", "--unique", "-d", "50", site.url("/"));
            List<String> command = new ArrayList<>(List.of("setsid")); // its own process group
            command.addAll(builder.command());
            Process p = builder.command(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(heldAfterMove.await(60, TimeUnit.SECONDS), "the crawl never moved");
            if (launch == Launch.SCRIPT) {
                // bin/qcrawl started the next JVM once the first had ended: no JVM waits meanwhile.
                List<String> jvms = java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()),
                        p.descendants()).map(h -> h.info().command().orElse("")).filter(c -> c.endsWith("/java"))
                        .toList();
                assertEquals(1, jvms.size(), "one JVM: " + jvms);
            }
            List<List<String>> moved = p.descendants().map(h -> List.of(h.info().arguments().orElse(new String[0])))
                    .filter(a -> a.stream().anyMatch(o -> o.startsWith("-Dqcrawl.resume="))).toList();
            assertEquals(1, moved.size(), "one JVM goes on from the state file");
            assertTrue(!moved.get(0).contains("-XX:TieredStopAtLevel=1") && moved.get(0).contains("-XX:+UseSerialGC")
                    && moved.get(0).containsAll(List.of("-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1000")),
                    "it has both compilers, C2's inlining held back: " + moved.get(0));
            assertEquals(0, new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "qcrawl must end on SIGINT"); // a hang guard
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("interrupted"), Files.readString(err));
            // Every page answered before the move is in the counts with each of its links.
            Map<String, Map<String, Integer>> links = SITE.links(50);
            assertEquals(MOVE_AT, answered.size(), "pages answered before the move");
            java.util.Set<String> urls = new java.util.HashSet<>();
            printed.lines().forEach(l -> urls.add(l.substring(l.lastIndexOf(' ') + 1)));
            for (String page : answered) {
                for (String target : links.getOrDefault(page, Map.of()).keySet()) {
                    String url = target.equals("/") ? site.url("/") : site.url("") + target;
                    assertTrue(urls.contains(url), url + ", linked from " + page + ", not printed");
                }
            }
        } finally {
            holdAfterMove.set(false);
            release.countDown();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

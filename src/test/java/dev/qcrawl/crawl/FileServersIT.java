package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.SimpleFileServer;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.FileServers;
import dev.qcrawl.testing.LinkGraph;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact counts, crawl after crawl, on a site of thousands of pages behind the file servers users run: Python's
 * {@code http.server} (HTTP/1.0, a connection per request, a listen backlog of 5), the JDK's
 * {@code SimpleFileServer}, and nginx closing kept-alive connections after a few requests. Any page lost to a
 * connection the server closed without answering would change the counts.
 */
class FileServersIT {
    private static final int PAGES = 2500;
    private static final int WALK_DEPTH = 5;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final LinkGraph GRAPH = LinkGraph.random(20261128, PAGES, 8);

    @TempDir
    static Path site;

    @BeforeAll
    static void writeSite() throws Exception {
        GRAPH.writeTo(site);
    }

    /** Both modes, each crawled {@code rounds} times, against the counts computed from the graph itself. */
    private static void crawlExactly(String origin, int rounds, String... options) {
        Map<String, BigInteger> unique = GRAPH.uniqueCounts(50);
        Map<String, BigInteger> walk = GRAPH.walkCounts(WALK_DEPTH);
        for (int round = 1; round <= rounds; round++) {
            for (boolean isUnique : new boolean[] {true, false}) {
                List<String> args = new java.util.ArrayList<>(List.of("-q", "--retries", "2"));
                args.addAll(isUnique ? List.of("--unique", "-d", "50") : List.of("-d", String.valueOf(WALK_DEPTH)));
                args.addAll(List.of(options));
                args.add(origin + "/");
                args.add(args.size() - 1, "--format");
                args.add(args.size() - 1, "jsonl");
                Cli.Run run = Cli.run(args.toArray(String[]::new));
                String what = String.join(" ", args) + ", round " + round;
                assertEquals(0, run.exitCode(), what + ": " + run.err());
                List<String> lines = new java.util.ArrayList<>();
                List<String> odd = new java.util.ArrayList<>();
                for (String row : run.lines()) {
                    try {
                        var json = JSON.readTree(row);
                        lines.add(String.format("%3d %s", json.get("count").bigIntegerValue(), json.get("url").asText()));
                        if (!json.get("error").isNull() || json.get("status").asInt() != 200) {
                            odd.add(row);
                        }
                    } catch (java.io.IOException e) {
                        throw new AssertionError(row, e);
                    }
                }
                List<String> expected = LinkGraph.expectedLines(isUnique ? unique : walk, origin, origin + "/");
                if (!expected.equals(lines)) {
                    List<String> missing = new java.util.ArrayList<>(expected);
                    missing.removeAll(lines);
                    List<String> extra = new java.util.ArrayList<>(lines);
                    extra.removeAll(expected);
                    throw new AssertionError(what + ": expected lines missing " + missing.stream().limit(5).toList()
                            + ", unexpected " + extra.stream().limit(5).toList() + "; rows with an error or a status"
                            + " other than 200: " + odd.stream().filter(r -> !r.contains("missing.html")
                                    && !r.contains("error.html")).limit(10).toList());
                }
            }
        }
    }

    @ParameterizedTest(name = "python3 -m http.server, -w {0} --per-host {1}")
    @CsvSource({"1, 8", "8, 8", "32, 32", "64, 64", "200, 200"})
    void pythonHttpServerLosesNoPage(int workers, int perHost) throws Exception {
        try (FileServers.Running python = FileServers.python(site)) {
            crawlExactly(python.url(""), 2, "-w", String.valueOf(workers), "--per-host", String.valueOf(perHost));
        }
    }

    @Test
    void jdkSimpleFileServerLosesNoPage() {
        var server = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                site, SimpleFileServer.OutputLevel.NONE);
        server.start();
        try {
            crawlExactly("http://127.0.0.1:" + server.getAddress().getPort(), 2, "-w", "64", "--per-host", "64");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nginxClosingKeptAliveConnectionsLosesNoPage(@TempDir Path work) throws Exception {
        try (FileServers.Running nginx = FileServers.nginx(site, work, "keepalive_requests 3;")) {
            crawlExactly(nginx.url(""), 2, "-w", "32", "--per-host", "32");
        }
    }
}

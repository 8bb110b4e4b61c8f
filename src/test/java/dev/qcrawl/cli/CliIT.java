package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as a process: --serve, logs on stderr, quiet mode, failures and exit codes. */
class CliIT {

    /**
     * Counts that cannot be written are not a success: standard output on a full device and a full -o file give one
     * line and exit 6 (before: exit 0 with nothing written, and exit 1 for the file); a reader that went away (a
     * closed pipe) gives exit 141 and no line.
     */
    @Test
    void countsThatCannotBeWrittenAreAnErrorAndAClosedPipeIsQuiet() throws Exception {
        java.io.File full = new java.io.File("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(full.exists(), "/dev/full is a Linux device");
        for (String format : List.of("text", "json", "junit")) {
            Path err = Files.createTempFile("qcrawl-err", ".txt");
            Process p = Jar.builder("-q", "--format", format, "--serve", "examples/site").redirectOutput(full)
                    .redirectError(err.toFile()).start();
            assertEquals(ExitCodes.OUTPUT_FAILED, p.waitFor(), format);
            assertEquals(List.of("qcrawl: cannot write the output: No space left on device"),
                    Files.readAllLines(err), format);
            Cli.Run file = Jar.run("-q", "--format", format, "--serve", "examples/site", "-o", "/dev/full");
            assertEquals(ExitCodes.OUTPUT_FAILED, file.exitCode(), format);
            assertEquals("qcrawl: cannot write /dev/full: No space left on device", file.err().strip(), format);
        }
        Process piped = Jar.builder("-q", "--serve", "examples/site").start();
        piped.getInputStream().close(); // the reader goes away before anything is written
        String said = new String(piped.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCodes.BROKEN_PIPE, piped.waitFor());
        assertEquals("", said);
    }

    @Test
    void servesTheExampleSiteAndPrintsTheWalkCounts() throws Exception {
        Path site = Path.of("examples", "site");
        Cli.Run run = Jar.run("--serve", site.toString(), "-d", "3", "-q");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        List<String> lines = run.lines();
        String origin = lines.get(0).replaceAll("^\\s*\\d+ (http://127\\.0\\.0\\.1:\\d+)/.*$", "$1");
        assertEquals(expectedExampleCounts(site, origin, 3), lines);
    }

    @Test
    void logsWorkersOnStderrAndOnlyCountsOnStdout() throws Exception {
        Cli.Run run = Jar.run("--serve", "examples/site", "-d", "1", "-w", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("[Worker-1 starting]"), run.err());
        assertTrue(run.err().contains("[Worker-2 starting]"), run.err());
        assertTrue(run.err().matches("(?s).*\\[Worker-\\d depth=1 url='http://127\\.0\\.0\\.1:\\d+/'].*"), run.err());
        for (String line : run.lines()) {
            assertTrue(line.matches("^\\s*\\d+ http://127\\.0\\.0\\.1:\\d+/.*"), line);
        }
    }

    @Test
    void refusedConnectionIsLoggedAndTheCrawlCompletes() throws Exception {
        int closed = closedPort();
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"http://127.0.0.1:" + closed + "/gone\">x</a><a href=\"/a\">a</a>");
            server.page("/a", "<p>a</p>");
            Cli.Run run = Jar.run("--scope", "any", "--retries", "0", "-d", "2", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("failed at url='http://127.0.0.1:" + closed + "/gone'"), run.err());
            assertEquals(java.util.Set.of(
                    "  1 " + server.url("/"),
                    "  1 " + server.url("/a"),
                    "  1 http://127.0.0.1:" + closed + "/gone"), java.util.Set.copyOf(run.lines()));
            assertEquals(3, run.lines().size());
        }
    }

    @Test
    void unreachableStartUrlExitsWith1AndStillPrintsItsCount() throws Exception {
        int closed = closedPort();
        Cli.Run run = Jar.run("-q", "--retries", "0", "http://127.0.0.1:" + closed + "/");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("  1 http://127.0.0.1:" + closed + "/"), run.lines());
        assertTrue(run.err().startsWith("qcrawl: could not fetch the start URL"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aStartUrlThatRedirectsOutOfTheCrawlExitsWith1NotAnEmptySuccess() throws IOException {
        // http -> https, or example.org -> www.example.org: here another loopback origin stands for the other one.
        try (TestServer site = new TestServer(); TestServer canonical = new TestServer()) {
            canonical.page("/", "<a href='/missing'>a broken link</a>");
            site.route("/", ex -> {
                ex.getResponseHeaders().set("Location", canonical.url("/"));
                TestServer.respond(ex, 301, "text/html", "");
            });
            Cli.Run check = Cli.run("-q", "--broken", "--fail-on-broken", site.url("/"));
            assertEquals(1, check.exitCode(), check.out() + check.err());
            assertEquals("qcrawl: the start URL " + site.url("/") + " redirects (301) out of the crawl, so nothing else"
                    + " was fetched: start from the URL it redirects to, or widen --scope (now host)", check.err().strip());
            Cli.Run crawl = Cli.run("-q", "--format", "csv", site.url("/"));
            assertEquals(1, crawl.exitCode(), crawl.err());
            assertTrue(crawl.out().contains("\n" + site.url("/") + ",1,301,1,text/html,scope,"), crawl.out());
            Cli.Run filtered = Cli.run("-q", "--scope", "any", "--exclude", "^" + canonical.url(""), site.url("/"));
            assertEquals(1, filtered.exitCode(), filtered.err());
            assertTrue(filtered.err().endsWith("let --include/--exclude admit it\n"), filtered.err());
            Cli.Run wide = Cli.run("-q", "--scope", "any", "--broken", "--fail-on-broken", site.url("/"));
            assertEquals(3, wide.exitCode(), "followed, the broken link is found: " + wide.out() + wide.err());
        }
    }

    @Test
    void aHostNameThatDoesNotResolveIsDnsNotRefused() throws Exception {
        // The JVM resolves names from a hosts file only: no query leaves the machine.
        Path hosts = Files.createTempFile("qcrawl-hosts", ".txt");
        Files.writeString(hosts, "127.0.0.1 site.test\n");
        try (TestServer server = new TestServer()) {
            String site = "http://site.test:" + server.port();
            server.page("/", "<a href='http://nowhere.test:" + server.port() + "/x'>gone</a><a href='/a'>a</a>");
            server.page("/a", "<p>a</p>");
            List<String> jvm = List.of("-Djdk.net.hosts.file=" + hosts, "-Dqcrawl.relaunch=false");
            Cli.Run run = Jar.run(jvm, "-q", "--broken", "--retries", "1", site + "/");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("dns http://nowhere.test:" + server.port() + "/x", "    linked from " + site + "/"),
                    run.lines());
            Cli.Run start = Jar.run(jvm, "-q", "--retries", "1", "http://nowhere.test:" + server.port() + "/");
            assertEquals(1, start.exitCode(), start.err());
            assertEquals("qcrawl: could not fetch the start URL http://nowhere.test:" + server.port() + "/: dns",
                    start.err().strip());
        } finally {
            Files.delete(hosts);
        }
    }

    @Test
    void aPageDeclaredUtf16WithoutAByteOrderMarkIsReadLittleEndianAsBrowsersDo() throws IOException {
        try (TestServer server = new TestServer()) {
            byte[] le = "<a href='/a'>a</a><a href='/b'>b</a>".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
            byte[] be = "<a href='/c'>c</a>".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
            byte[] marked = new byte[be.length + 2];
            marked[0] = (byte) 0xfe;
            marked[1] = (byte) 0xff;
            System.arraycopy(be, 0, marked, 2, be.length);
            server.route("/", ex -> TestServer.respond(ex, 200, "text/html; charset=utf-16", le));
            server.route("/a", ex -> TestServer.respond(ex, 200, "text/html; charset=UTF-16", marked));
            Cli.Run run = Cli.run("-q", "--unique", "-d", "3", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("  1 " + server.url("/"), "  1 " + server.url("/a"), "  1 " + server.url("/b"),
                    "  1 " + server.url("/c")), run.lines());
        }
    }

    @Test
    void anOutputNamedByAShellDescriptorIsWrittenThroughTheLauncher() throws Exception {
        // java -jar runs the crawl in a JVM of its own, which inherits only the standard streams.
        Path file = Files.createTempFile("qcrawl-fd", ".txt");
        try {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder("bash", "-c", "exec 5>\"$1\"; exec \"$2\" -jar \"$3\" -q --serve "
                    + "examples/site -o /dev/fd/5", "bash", file.toString(), javaBin, Jar.path().toString())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), said);
            List<String> rows = Files.readAllLines(file);
            assertEquals(13, rows.size(), rows.toString());
            assertTrue(rows.get(0).matches("  4 http://127\\.0\\.0\\.1:\\d+/index\\.html"), rows.toString());
        } finally {
            Files.delete(file);
        }
    }

    /**
     * A link check stopped by SIGTERM lists the links it had yet to check as 'interrupted' (before: 'scope', which
     * says the crawl chose not to fetch them, and JUnit reported them as skipped for it).
     */
    @Test
    void aLinkCheckStoppedSaysInterruptedForTheLinksItHadNotChecked() throws Exception {
        java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (TestServer other = new TestServer(); TestServer site = new TestServer()) {
            other.route("/hang", ex -> {
                requested.countDown();
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                TestServer.respond(ex, 200, "text/plain", "late");
            });
            site.page("/", "<a href='" + other.url("/hang") + "'>elsewhere</a>");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path out = Files.createTempFile("qcrawl-check", ".csv");
            try {
                Process p = new ProcessBuilder(javaBin, "-Dqcrawl.relaunch=false", "-jar", Jar.path().toString(), "-q",
                        "--check", "--unique", "--format", "csv", "-o", out.toString(), site.url("/"))
                        .redirectErrorStream(true).start();
                assertTrue(requested.await(60, java.util.concurrent.TimeUnit.SECONDS), "the link was requested");
                assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
                String said = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(143, p.exitValue(), said);
                String row = Files.readAllLines(out).stream().filter(l -> l.contains(other.url("/hang")))
                        .findFirst().orElseThrow();
                assertTrue(row.contains(",interrupted,"), row);
            } finally {
                release.countDown();
                Files.delete(out);
            }
        }
    }

    @Test
    void quietModePrintsNothingOnStderr() throws Exception {
        Cli.Run run = Jar.run("-q", "--serve", "examples/site");
        assertEquals(0, run.exitCode());
        assertEquals("", run.err());
        assertFalse(run.out().isEmpty());
    }

    @Test
    void outputToDevStdoutIsWrittenThroughNotReplaced() throws Exception {
        Cli.Run plain = Jar.run("-q", "--serve", "examples/site");
        Cli.Run run = Jar.run("-q", "--serve", "examples/site", "-o", "/dev/stdout");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        // the served port differs from run to run
        assertEquals(plain.out().replaceAll(":\\d+/", ":PORT/"), run.out().replaceAll(":\\d+/", ":PORT/"));
    }

    @Test
    void badUsageFromTheJarIsOneLineWithExitCode2() throws Exception {
        Cli.Run run = Jar.run("--queue", "heap", "http://127.0.0.1:1/");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("qcrawl: "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void serveWithAPathStartsThere() throws Exception {
        Cli.Run run = Jar.run("-q", "-d", "1", "--serve", "examples/site", "docs/index.html");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("\\s+1 http://127\\.0\\.0\\.1:\\d+/docs/index\\.html")),
                run.out());
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The walk counts of the example site, computed here from the files with a regex and java.net.URI (not with
     * the crawler's jsoup and normalizer): the root is the directory listing-free index.html served at "/".
     */
    static List<String> expectedExampleCounts(Path site, String origin, int maxDepth) throws IOException {
        Pattern href = Pattern.compile("<a href=\"([^\"]+)\"");
        Map<String, List<String>> links = new HashMap<>();
        try (Stream<Path> files = Files.walk(site)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                String path = "/" + site.relativize(file).toString().replace('\\', '/');
                URI base = URI.create(origin + path);
                List<String> targets = new ArrayList<>();
                Matcher m = href.matcher(Files.readString(file));
                while (m.find()) {
                    targets.add(base.resolve(m.group(1)).toString());
                }
                links.put(origin + path, targets);
                if (path.endsWith("/index.html")) {
                    links.put(origin + path.substring(0, path.length() - "index.html".length()), targets);
                }
            }
        }
        Map<String, BigInteger> counts = new HashMap<>();
        Map<String, BigInteger> level = Map.of(origin + "/", BigInteger.ONE);
        for (int depth = 1; depth <= maxDepth + 1; depth++) {
            Map<String, BigInteger> next = new HashMap<>();
            for (Map.Entry<String, BigInteger> e : level.entrySet()) {
                counts.merge(e.getKey(), e.getValue(), BigInteger::add);
                if (depth <= maxDepth) {
                    for (String t : links.getOrDefault(e.getKey(), List.of())) {
                        next.merge(t, e.getValue(), BigInteger::add);
                    }
                }
            }
            level = next;
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, BigInteger>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> String.format("%3d %s", e.getValue(), e.getKey()))
                .toList();
    }

    @Test
    void inProcessAndJarAgree() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/x\">x</a><a href=\"/x\">x</a>");
            server.page("/x", "<a href=\"/\">home</a>");
            Cli.Run jar = Jar.run("-q", "-d", "3", server.url("/"));
            Cli.Run inProcess = Cli.run("-q", "-d", "3", server.url("/"));
            assertEquals(jar.out(), inProcess.out());
            // / (1) -> x twice (weight 2 at depth 2) -> / (weight 2 at depth 3) -> x (weight 4 at depth 4, counted only)
            assertEquals(List.of("  6 " + server.url("/x"), "  3 " + server.url("/")), jar.lines());
        }
    }

    /**
     * A start URL that robots.txt refuses is exit 1 with one line saying why: its rules, or its 503, which RFC 9309
     * reads as forbidding everything. Before, both said "robots.txt forbids it".
     */
    @Test
    void aStartUrlRefusedByRobotsSaysWhy() throws Exception {
        try (TestServer rules = new TestServer(); TestServer down = new TestServer()) {
            rules.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain", "User-agent: *\nDisallow: /\n"));
            down.route("/robots.txt", ex -> TestServer.respond(ex, 503, "text/plain", "down"));
            for (TestServer s : List.of(rules, down)) {
                s.page("/", "<a href='/a'>a</a>");
            }
            Cli.Run forbidden = Cli.run("-q", "--retries", "0", rules.url("/"));
            assertEquals(1, forbidden.exitCode(), forbidden.err());
            assertEquals("qcrawl: could not fetch the start URL " + rules.url("/") + ": robots (robots.txt forbids it;"
                    + " see --ignore-robots)", forbidden.err().strip());
            Cli.Run unavailable = Cli.run("-q", "--retries", "0", down.url("/"));
            assertEquals(1, unavailable.exitCode(), unavailable.err());
            assertEquals("qcrawl: could not fetch the start URL " + down.url("/") + ": robots (robots.txt answered 503,"
                    + " which RFC 9309 reads as forbidding everything; see --ignore-robots)", unavailable.err().strip());
            assertEquals(0, rules.hits("/") + down.hits("/"), "the start URL itself is not requested");
        }
    }

    /**
     * robots.txt is read through up to five redirects (RFC 9309 asks for at least five): rules reached after five
     * apply; after six the file counts as unavailable, which allows everything. Each server's robots.txt leads
     * through its own chain to "Disallow: /".
     */
    @Test
    void robotsTxtIsReadThroughFiveRedirectsAndNoMore() throws Exception {
        try (TestServer five = new TestServer(); TestServer six = new TestServer()) {
            for (TestServer s : List.of(five, six)) {
                int hops = s == five ? 5 : 6;
                s.redirect("/robots.txt", 301, "/r1");
                for (int i = 1; i < hops; i++) {
                    s.redirect("/r" + i, 301, "/r" + (i + 1));
                }
                s.route("/r" + hops, ex -> TestServer.respond(ex, 200, "text/plain", "User-agent: *\nDisallow: /\n"));
                s.page("/", "<p>home</p>");
            }
            Cli.Run forbidden = Cli.run("-q", "--retries", "0", five.url("/"));
            assertEquals(1, forbidden.exitCode(), forbidden.err());
            assertEquals(1, five.hits("/r5"));
            assertEquals(0, five.hits("/"), "forbidden: not requested");
            Cli.Run allowed = Cli.run("-q", "--retries", "0", six.url("/"));
            assertEquals(0, allowed.exitCode(), allowed.err());
            assertEquals(0, six.hits("/r6"), "the sixth redirect is not followed");
            assertEquals(1, six.hits("/"));
        }
    }
}

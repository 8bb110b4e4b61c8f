package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.Script;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code java -jar} runs the crawl in a second, tuned JVM, and so does {@code bin/qcrawl} on JDK 25+ (the script
 * stays as the launcher): the crawl's output and exit code, signals to the launcher, to the whole process group,
 * and the launcher's death. A site whose root links to 50 pages that are held until the test lets them go keeps
 * the crawl running while the test looks at it.
 */
class RelaunchIT {
    /** The two launchers. */
    enum Launcher {
        JAR, SCRIPT;

        ProcessBuilder builder(List<String> jvmOptions, String... args) {
            return this == JAR ? Jar.builder(jvmOptions, args) : Script.builder(jvmOptions, args);
        }

        /** Whether this launcher starts the crawl in a JVM of its own here. */
        boolean relaunches() throws Exception {
            return this == JAR ? Runtime.version().feature() >= 25 : Script.jdkFeature() >= 25;
        }
    }

    private static final int LINKS = 50;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch heldPageReached = new CountDownLatch(1);
    private TestServer server;
    private Path out;
    private Path err;
    /** The script's temporary folder ({@code TMPDIR}): it holds its pipe to the crawl while it runs. */
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @BeforeEach
    void heldSite() throws IOException {
        server = new TestServer();
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < LINKS; i++) {
            links.append("<a href='/s").append(i).append("'>s</a>");
        }
        server.page("/", links.toString());
        server.route("/robots.txt", ex -> TestServer.respond(ex, 404, "text/plain", ""));
        server.fallback(ex -> {
            heldPageReached.countDown();
            release.await(60, TimeUnit.SECONDS); // a hang guard: the test releases them or stops the crawl
            TestServer.respond(ex, 200, "text/html", "x");
        });
        out = Files.createTempFile("qcrawl-out", ".txt");
        err = Files.createTempFile("qcrawl-err", ".txt");
    }

    @AfterEach
    void close() throws IOException {
        release.countDown();
        server.close();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }

    private Process start(List<String> prefix, List<String> jvmOptions) throws Exception {
        return start(Launcher.JAR, prefix, jvmOptions);
    }

    private Process start(Launcher launcher, List<String> prefix, List<String> jvmOptions) throws Exception {
        ProcessBuilder builder = launcher.builder(jvmOptions, "-q", "-w", "4", server.url("/"));
        builder.environment().put("TMPDIR", tmp.toString());
        List<String> command = new ArrayList<>(prefix);
        command.addAll(builder.command());
        builder.command(command);
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(heldPageReached.await(30, TimeUnit.SECONDS), "the crawl never reached the held pages");
        return p;
    }

    /** The script removes what it made in its temporary folder when it ends (unless it is killed). */
    private void assertNothingLeft() throws IOException {
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    private void assertEverythingCountedSoFar() throws IOException {
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(printed.contains("  1 " + server.url("/") + "\n"), printed);
        assertEquals(LINKS + 1, printed.lines().count(), "the root and its links were counted: " + printed);
    }

    private static void kill(String signal, String target) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, "--", target).start().waitFor());
    }

    private static List<ProcessHandle> crawlJvms(Process launcher) {
        return launcher.children().toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JAR", "SCRIPT"})
    void theLauncherCrawlsInOneChildJvmWithBinQcrawlsTuningAndExitsWithItsCode(Launcher launcher) throws Exception {
        assumeTrue(launcher.relaunches(), "relaunching needs JDK 25");
        // The script's JDK_JAVA_OPTIONS reach the crawl JVM by the environment, not its command line.
        Process p = start(launcher, List.of(), launcher == Launcher.JAR ? List.of("-Dqcrawl.test=1") : List.of());
        List<ProcessHandle> children = crawlJvms(p);
        assertEquals(1, children.size(), "one crawl JVM");
        List<String> args = Arrays.asList(children.get(0).info().arguments().orElseThrow());
        assertTrue(args.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dqcrawl.relaunched=true")), args.toString());
        assertTrue(launcher == Launcher.SCRIPT || args.contains("-Dqcrawl.test=1"), args.toString());
        release.countDown();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEverythingCountedSoFar();
        assertNothingLeft();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-Dqcrawl.relaunch=false", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
    void theJarCrawlsInItsOwnJvmWhenToldOrTunedByHand(String option) throws Exception {
        Process p = start(List.of(), List.of(option));
        assertEquals(List.of(), crawlJvms(p));
        release.countDown();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEverythingCountedSoFar();
        assertNothingLeft();
    }

    /**
     * Ctrl-C, {@code timeout} and service managers signal every process of a group: the launcher and the crawl
     * both get it, and it must count as one stop (a second would exit without printing). {@code kill PID} or
     * {@code kill -INT PID} signals the launcher alone, which passes it on.
     */
    @ParameterizedTest(name = "{0} SIG{2} to the {1}")
    @CsvSource({"JAR, group, INT, 130, interrupted", "JAR, group, TERM, 143, terminated",
        "SCRIPT, group, INT, 130, interrupted", "SCRIPT, group, TERM, 143, terminated",
        "JAR, launcher, INT, 130, interrupted", "JAR, launcher, TERM, 143, terminated",
        "SCRIPT, launcher, INT, 130, interrupted", "SCRIPT, launcher, TERM, 143, terminated"})
    void aStopSignalIsOneStop(Launcher launcher, String to, String signal, int exitCode, String word)
            throws Exception {
        assumeTrue(launcher.relaunches(), "relaunching needs JDK 25");
        boolean group = to.equals("group");
        // setsid: its own process group, led by the launcher
        Process p = start(launcher, group ? List.of("setsid") : List.of(), List.of());
        assertEquals(1, crawlJvms(p).size(), "one crawl JVM");
        kill(signal, (group ? "-" : "") + p.pid());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "qcrawl must end on SIG" + signal); // a hang guard
        assertEquals(exitCode, p.exitValue(), Files.readString(err));
        assertTrue(Files.readString(err).contains(word), Files.readString(err));
        assertEverythingCountedSoFar();
        assertNothingLeft();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JAR", "SCRIPT"})
    void whenTheLauncherIsKilledTheCrawlStopsAndPrintsWhatItHas(Launcher launcher) throws Exception {
        assumeTrue(launcher.relaunches(), "relaunching needs JDK 25");
        Process p = start(launcher, List.of(), List.of());
        List<ProcessHandle> children = crawlJvms(p);
        assertEquals(1, children.size(), "one crawl JVM");
        kill("KILL", String.valueOf(p.pid()));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        children.get(0).onExit().get(30, TimeUnit.SECONDS); // a hang guard: the crawl ends by itself
        assertTrue(Files.readString(err).contains("terminated"), Files.readString(err));
        assertEverythingCountedSoFar();
        if (launcher == Launcher.JAR) {
            // The state file a launcher killed during a move would leave (named after its pid, here the killed
            // one's): the next launcher removes it, and leaves one whose launcher is alive.
            Path left = tmp.resolve(Relaunch.STATE_PREFIX + p.pid() + "-1.bin");
            Path alive = tmp.resolve(Relaunch.STATE_PREFIX + ProcessHandle.current().pid() + "-1.bin");
            // Both older than the sweep waits for (a JVM going on from a file takes it within seconds).
            FileTime old = FileTime.from(Instant.now().minus(Relaunch.SWEEP_AFTER).minusSeconds(60));
            Files.setLastModifiedTime(Files.writeString(left, "x"), old);
            Files.setLastModifiedTime(Files.writeString(alive, "x"), old);
            release.countDown();
            Process q = launcher.builder(List.of("-Djava.io.tmpdir=" + tmp), "-q", "-w", "4", server.url("/"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertTrue(q.waitFor(60, TimeUnit.SECONDS), "the next run must end"); // a hang guard
            assertEquals(0, q.exitValue());
            try (var files = Files.list(tmp)) {
                assertEquals(List.of(alive), files.toList());
            }
        }
        if (launcher == Launcher.SCRIPT) {
            // A killed script cannot clean up: its folder stays until the next run sees its maker gone.
            try (var left = Files.list(tmp)) {
                assertEquals(1, left.count(), "the killed script's folder");
            }
            release.countDown();
            ProcessBuilder next = launcher.builder(List.of(), "-q", "-w", "4", server.url("/"));
            next.environment().put("TMPDIR", tmp.toString());
            Process q = next.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(q.waitFor(60, TimeUnit.SECONDS), "the next run must end"); // a hang guard
            assertEquals(0, q.exitValue());
            assertNothingLeft();
        }
    }
}

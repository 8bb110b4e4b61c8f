package dev.qcrawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qcrawl.testing.Jar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/qcrawl}'s AOT cache on JDK 25+: made by one training run at a time, and never left half-made or
 * skipped for good by a run that was killed or stopped while it trained. Each test runs the launcher in a copy of
 * the project's {@code bin/}, {@code target/qcrawl.jar} and {@code examples/site}, with no cache yet.
 */
class LauncherIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path root;
    private Path target;
    /** What {@code java -jar} prints for the example site. */
    private List<String> expected;

    @BeforeEach
    void copyTheLauncher() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        Process find = new ProcessBuilder(PROJECT.resolve("bin/find-jdk").toString()).start();
        String home = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(find.waitFor() == 0, "no JDK 21+ for bin/qcrawl");
        Process major = new ProcessBuilder(PROJECT.resolve("bin/find-jdk").toString(), "--major", home).start();
        String feature = new String(major.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        major.waitFor();
        assumeTrue(Integer.parseInt(feature) >= 25, "the AOT cache needs JDK 25, found " + feature);
        Files.createDirectories(root.resolve("bin"));
        for (String script : List.of("qcrawl", "find-jdk")) {
            Files.copy(PROJECT.resolve("bin").resolve(script), root.resolve("bin").resolve(script),
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        target = Files.createDirectories(root.resolve("target"));
        Files.copy(Jar.path(), target.resolve("qcrawl.jar"));
        Path from = PROJECT.resolve("examples/site");
        Path site = root.resolve("examples/site");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path to = site.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        expected = withoutAddress(Jar.run("-q", "--serve", site.toString()).out());
        assertTrue(expected.size() > 1, String.join("\n", expected));
    }

    /** The crawl's lines without the file server's address, which changes from run to run. */
    private static List<String> withoutAddress(String out) {
        return out.lines().map(l -> l.replaceAll("http://127\\.0\\.0\\.1:\\d+", "")).toList();
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/qcrawl").toString(), "-q", "--serve",
                "examples/site").directory(root.toFile());
        builder.environment().remove("JAVA_HOME");
        return builder.redirectErrorStream(true).start();
    }

    /** Runs the launcher to its end; returns the crawl's lines without the file server's address. */
    private List<String> run() throws Exception {
        return finish(start());
    }

    /** Waits for a started launcher to end well; returns its lines as {@link #run()} does. */
    private static List<String> finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return withoutAddress(out);
    }

    /** The pids in the training run's lock: the launcher's and its training JVM's, once both are written. */
    private long[] awaitTraining() throws Exception {
        Path lock = target.resolve("qcrawl.aot.lock");
        awaitFile(target, lock);
        awaitFile(lock, lock.resolve("java"));
        return new long[] {Long.parseLong(Files.readString(lock.resolve("pid")).strip()),
            Long.parseLong(Files.readString(lock.resolve("java")).strip())};
    }

    /** Waits for {@code file} to appear in {@code folder}, on file system events (no polling). */
    private static void awaitFile(Path folder, Path file) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!Files.exists(file) || (Files.isRegularFile(file) && Files.size(file) == 0)) {
                var key = watch.poll(60, TimeUnit.SECONDS);
                assertTrue(key != null, "no " + file + " within a minute");
                key.pollEvents();
                key.reset();
            }
        }
    }

    private List<String> leftovers() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("qcrawl.aot.") && !n.equals("qcrawl.aot.tried"))
                    .forEach(names::add);
        }
        return names;
    }

    private boolean cacheIsMadeForTheJar() throws IOException {
        Path cache = target.resolve("qcrawl.aot");
        return Files.size(cache) > 0 && Files.getLastModifiedTime(cache)
                .compareTo(Files.getLastModifiedTime(target.resolve("qcrawl.jar"))) >= 0;
    }

    @Test
    void aRunKilledWhileItTrainsLeavesTheTrainingToTheNextRun() throws Exception {
        Process first = start();
        long[] pids = awaitTraining();
        assertEquals(first.pid(), pids[0]);
        first.destroyForcibly(); // SIGKILL: no trap runs, and the training JVM goes on alone
        first.waitFor();
        ProcessHandle.of(pids[1]).ifPresent(jvm -> jvm.onExit().join());
        assertFalse(Files.exists(target.resolve("qcrawl.aot")), "the killed run made no cache");
        assertEquals(expected, run());
        assertTrue(cacheIsMadeForTheJar(), "the next run trained");
        assertEquals(List.of(), leftovers(), "no lock and no temporary cache left");
        assertTrue(Files.exists(target.resolve("qcrawl.aot.tried")));
    }

    @Test
    void aRunStoppedWhileItTrainsStopsItsTrainingAndCleansUp() throws Exception {
        Process first = start();
        long[] pids = awaitTraining();
        first.destroy(); // SIGTERM
        assertEquals(143, first.waitFor());
        assertFalse(ProcessHandle.of(pids[1]).map(ProcessHandle::isAlive).orElse(false), "training JVM stopped");
        assertEquals(List.of(), leftovers());
        assertFalse(Files.exists(target.resolve("qcrawl.aot.tried")), "the training is left to the next run");
        assertEquals(expected, run());
        assertTrue(cacheIsMadeForTheJar());
    }

    @Test
    void firstRunsAtOnceTrainOnceAndAllCrawl() throws Exception {
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(start());
        }
        for (Process p : runs) {
            assertEquals(expected, finish(p));
        }
        assertTrue(cacheIsMadeForTheJar());
        assertEquals(List.of(), leftovers());
        assertEquals(expected, run(), "and a run with the cache crawls the same");
    }
}

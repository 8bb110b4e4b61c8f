package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelaunchTest {
    private static final String[] ARGS = {"-q", "-d", "3", "http://127.0.0.1:8000/"};

    private static String[] vm(String... options) {
        List<String> all = new java.util.ArrayList<>(List.of(options));
        all.addAll(List.of("-jar", "target/qcrawl.jar"));
        all.addAll(List.of(ARGS));
        return all.toArray(String[]::new);
    }

    @Test
    void aJarStartedWithPortableOptionsIsRelaunchedTunedWithTheSameOptionsAndArguments() {
        Optional<List<String>> command = Relaunch.command(ARGS, vm("-Dx=1", "-Xmx256m", "-ea"), false);
        if (Runtime.version().feature() < 25) {
            assertEquals(Optional.empty(), command);
            return;
        }
        List<String> c = command.orElseThrow();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), c.get(0));
        assertTrue(c.containsAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dqcrawl.relaunched=true")),
                c.toString());
        // the user's options after the tuning (a later option wins), then the jar and the arguments, in order
        assertEquals(List.of("-Dx=1", "-Xmx256m", "-ea", "-jar", "target/qcrawl.jar", "-q", "-d", "3",
                "http://127.0.0.1:8000/"), c.subList(c.size() - 9, c.size()));
        assertTrue(c.indexOf("-XX:+UseSerialGC") < c.indexOf("-Dx=1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseParallelGC", "-agentlib:jdwp=transport=dt_socket,server=y", "-javaagent:a.jar",
        "-Xint", "-verbose:gc", "--add-opens"})
    void aJvmTunedOrInspectedByHandIsNotRelaunched(String option) {
        assertEquals(Optional.empty(), Relaunch.command(ARGS, vm("-Dx=1", option), false));
    }

    @Test
    void anOutputNamedByOneOfThisProcesssDescriptorsIsNamedThroughThisProcess() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Path.of("/proc/self/fd")));
        assertEquals(List.of("-q", "-o", "/proc/42/fd/5", "--output=/proc/42/fd/63", "-o=/proc/42/fd/7",
                "-o/proc/42/fd/8", "-o", "/dev/fd/1", "--output", "/tmp/x", "-d", "2", "http://h/"),
                Relaunch.forChild(new String[] {"-q", "-o", "/dev/fd/5", "--output=/dev/fd/63", "-o=/proc/self/fd/7",
                    "-o/dev/fd/8", "-o", "/dev/fd/1", "--output", "/tmp/x", "-d", "2", "http://h/"}, 42));
    }

    @Test
    void otherStartsAreNotRelaunched() {
        assertEquals(Optional.empty(), Relaunch.command(ARGS, vm(), true), "options from JDK_JAVA_OPTIONS");
        assertEquals(Optional.empty(), Relaunch.command(ARGS, null, false), "command line unknown");
        String[] classpath = {"-cp", "target/qcrawl.jar", "dev.qcrawl.Main", "-q", "-d", "3", "http://127.0.0.1:8000/"};
        assertEquals(Optional.empty(), Relaunch.command(ARGS, classpath, false), "not -jar");
        String[] help = {"--help"};
        assertEquals(Optional.empty(), Relaunch.command(help, new String[] {"-jar", "q.jar", "--help"}, false));
        String[] version = {"-V"};
        assertEquals(Optional.empty(), Relaunch.command(version, new String[] {"-jar", "q.jar", "-V"}, false));
        String[] shorter = {"-q"};
        assertEquals(Optional.empty(), Relaunch.command(shorter, vm(), false), "arguments that do not match");
    }

    @Test
    void theAotCacheNextToTheJarIsUsedWhenItIsThere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertTrue(Relaunch.tuning(dir, false).stream().noneMatch(o -> o.startsWith("-XX:AOTCache")));
        java.nio.file.Files.writeString(dir.resolve("qcrawl.aot"), "");
        assertTrue(Relaunch.tuning(dir, false).contains("-XX:AOTCache=" + dir.resolve("qcrawl.aot")));
        // Trained with C1 alone, the cache would hold a JVM with C2 to C1's code for the methods it names.
        assertTrue(Relaunch.tuning(dir, true).stream().noneMatch(o -> o.startsWith("-XX:AOTCache")));
    }

    @Test
    void aCrawlAllowedAHundredThousandPagesOrMoreGetsTheFullTieredCompiler() {
        assertEquals(100_000, Relaunch.LONG_CRAWL_PAGES);
        assertTrue(Relaunch.longCrawl(new String[] {"-q", "--max-pages", "100000", "http://127.0.0.1:8000/"}));
        assertTrue(Relaunch.longCrawl(new String[] {"--max-pages=2000000", "http://127.0.0.1:8000/"}));
        assertTrue(Relaunch.longCrawl(new String[] {"--max-pages", "10", "--max-pages", "600000"}), "the last wins");
        assertFalse(Relaunch.longCrawl(new String[] {"--max-pages", "99999", "http://127.0.0.1:8000/"}));
        assertFalse(Relaunch.longCrawl(new String[] {"--max-pages", "600000", "--max-pages=10"}), "the last wins");
        assertFalse(Relaunch.longCrawl(ARGS), "no --max-pages: the size is unknown");
        assertFalse(Relaunch.longCrawl(new String[] {"--max-pages", "lots"}), "not a number: picocli says so");
        assertFalse(Relaunch.longCrawl(new String[] {"--max-pages"}));
        assertFalse(Relaunch.longCrawl(new String[] {"-d", "600000", "http://127.0.0.1:8000/"}), "a depth is no size");

        Path dir = Path.of("target");
        assertTrue(Relaunch.tuning(dir, false).contains("-XX:TieredStopAtLevel=1"));
        assertTrue(Relaunch.tuning(dir, true).stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")));
        assertTrue(Relaunch.tuning(dir, true).contains("-XX:+UseSerialGC"));
        assertTrue(Relaunch.tuning(dir, true).containsAll(List.of("-XX:FreqInlineSize=150",
                "-XX:InlineSmallCode=1000")), "C2's inlining held back");
        assertTrue(Relaunch.tuning(dir, false).stream().noneMatch(o -> o.startsWith("-XX:FreqInlineSize")));
        if (Runtime.version().feature() >= 25) {
            String[] args = {"--max-pages", "1000000", "http://127.0.0.1:8000/"};
            List<String> vm = new java.util.ArrayList<>(List.of("-jar", "target/qcrawl.jar"));
            vm.addAll(List.of(args));
            List<String> c = Relaunch.command(args, vm.toArray(String[]::new), false).orElseThrow();
            assertTrue(c.stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")), c.toString());
        }
    }
    /**
     * A crawl JVM started with C1 alone is told where to leave its state if it moves; the JVM it moves to gets both
     * compilers and is told nothing of the kind; one allowed a long crawl by --max-pages has C2 from the start.
     */
    @Test
    void theC1CrawlIsToldWhereToLeaveItsStateAndTheNextJvmGetsC2() {
        if (Runtime.version().feature() < 25) {
            return;
        }
        Path state = Path.of("/tmp/qcrawl-state-1.bin");
        List<String> first = Relaunch.command(ARGS, vm("-Xmx256m"), false, Optional.of(state), false).orElseThrow();
        assertTrue(first.containsAll(List.of("-XX:TieredStopAtLevel=1", "-Dqcrawl.handoffTo=" + state)),
                first.toString());
        List<String> next = Relaunch.command(ARGS, vm("-Xmx256m"), false, Optional.empty(), true).orElseThrow();
        assertTrue(next.contains("-XX:+UseSerialGC") && next.contains("-Xmx256m"), next.toString());
        assertTrue(next.stream().noneMatch(o -> o.equals("-XX:TieredStopAtLevel=1") || o.startsWith("-Dqcrawl.handoffTo")),
                next.toString());
        String[] longCrawl = {"--max-pages", "200000", "http://127.0.0.1:8000/"};
        List<String> c2 = Relaunch.command(longCrawl, vmWith(longCrawl), false, Optional.of(state), false)
                .orElseThrow();
        assertTrue(c2.stream().noneMatch(o -> o.equals("-XX:TieredStopAtLevel=1") || o.startsWith("-Dqcrawl.handoffTo")),
                c2.toString());
    }

    /**
     * A JVM the launchers started with C1 alone moves to one like it with both compilers, taking the state file, and
     * without the AOT cache trained with C1 alone.
     */
    @Test
    void theJvmACrawlMovesToIsThisOneWithBothCompilers() {
        Path state = Path.of("/tmp/qcrawl-state-2.bin");
        List<String> c = Handoff.command(ARGS, vm("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:AOTCache=target/qcrawl.aot", "-Dqcrawl.relaunch=false", "-Xmx1g"), state).orElseThrow();
        assertEquals(List.of("-XX:+UseSerialGC", "-Dqcrawl.relaunch=false", "-Xmx1g", "-XX:FreqInlineSize=150",
                "-XX:InlineSmallCode=1000", "-Dqcrawl.relaunched=true",
                "-Dqcrawl.resume=" + state.toAbsolutePath(), "-jar", "target/qcrawl.jar", "-q", "-d", "3",
                "http://127.0.0.1:8000/"), c.subList(1, c.size()));
        assertEquals(Optional.empty(), Handoff.command(ARGS, vm("-XX:+UseSerialGC"), state), "not C1 alone");
        assertEquals(Optional.empty(), Handoff.command(ARGS, new String[] {"-XX:TieredStopAtLevel=1", "-cp", "x",
            "dev.qcrawl.Main", "-q", "-d", "3", "http://127.0.0.1:8000/"}, state), "not -jar");
    }

    private static String[] vmWith(String[] args) {
        List<String> all = new java.util.ArrayList<>(List.of("-jar", "target/qcrawl.jar"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /**
     * The sweep removes a state file only when the process named in it is gone and the file is older than the sweep
     * bound (a JVM going on from a file takes it over within seconds); other files are never touched.
     */
    @Test
    void theSweepRemovesOnlyOldStateFilesOfGoneProcesses(@TempDir Path temp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long alive = ProcessHandle.current().pid();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        Instant old = now.minus(Relaunch.SWEEP_AFTER).minus(Duration.ofSeconds(1));
        Instant fresh = now.minus(Relaunch.SWEEP_AFTER).plus(Duration.ofSeconds(1));
        Path goneOld = file(temp, Relaunch.STATE_PREFIX + gone.pid() + "-7.bin", old);
        file(temp, Relaunch.STATE_PREFIX + gone.pid() + "-8.bin", fresh);
        file(temp, Relaunch.STATE_PREFIX + alive + "-9.bin", old);
        file(temp, Relaunch.STATE_PREFIX + "x" + gone.pid() + "-1.bin", old);
        file(temp, "other-" + gone.pid() + "-1.bin", old);
        Relaunch.removeStateOfGoneLaunchers(temp, now);
        Set<String> left;
        try (var files = Files.list(temp)) {
            left = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(Set.of(Relaunch.STATE_PREFIX + gone.pid() + "-8.bin", Relaunch.STATE_PREFIX + alive + "-9.bin",
                Relaunch.STATE_PREFIX + "x" + gone.pid() + "-1.bin", "other-" + gone.pid() + "-1.bin"), left);
        assertFalse(Files.exists(goneOld));
    }

    private static Path file(Path folder, String name, Instant modified) throws Exception {
        Path file = Files.writeString(folder.resolve(name), "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}

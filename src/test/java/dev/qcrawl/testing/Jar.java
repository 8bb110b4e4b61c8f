package dev.qcrawl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/qcrawl.jar} as a separate process, the way a user does. */
public final class Jar {
    private Jar() {
    }

    public static Path path() {
        Path jar = Path.of("target", "qcrawl.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("target/qcrawl.jar is missing: run the tests with 'mvn verify'");
        }
        return jar;
    }

    public static ProcessBuilder builder(String... args) {
        return builder(List.of(), args);
    }

    /** With JVM options before {@code -jar}. */
    public static ProcessBuilder builder(List<String> jvmOptions, String... args) {
        return builder(Path.of(System.getProperty("java.home")), jvmOptions, args);
    }

    /** With the {@code java} of the JDK or JRE in {@code javaHome}. */
    public static ProcessBuilder builder(Path javaHome, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(path().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Starts it with its output to {@code out} and its errors to {@code out}.err, to be ended by {@link #rows}. */
    public static Process startTo(Path out, List<String> args) throws IOException {
        return builder(args.toArray(String[]::new)).redirectOutput(out.toFile())
                .redirectError(Path.of(out + ".err").toFile()).start();
    }

    /** What a process {@link #startTo started} printed, once it ended (within two minutes) with exit code 0. */
    public static List<String> rows(Process p, Path out) throws IOException, InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("qcrawl did not end within two minutes");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + ": " + Files.readString(Path.of(out + ".err")));
        }
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** Runs to the end (at most a minute) and returns what it printed. */
    public static Cli.Run run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    /** With JVM options before {@code -jar}. */
    public static Cli.Run run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return run(builder(jvmOptions, args));
    }

    /** With the {@code java} of the JDK or JRE in {@code javaHome}. */
    public static Cli.Run runWith(Path javaHome, String... args) throws IOException, InterruptedException {
        return run(builder(javaHome, List.of(), args));
    }

    private static Cli.Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Path out = Files.createTempFile("qcrawl-out", ".txt");
        Path err = Files.createTempFile("qcrawl-err", ".txt");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("qcrawl did not finish within a minute");
            }
            return new Cli.Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

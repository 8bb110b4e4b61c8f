package dev.qcrawl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the project's {@code bin/qcrawl} as a user does: from the project's root, with {@code JAVA_HOME} unset. */
public final class Script {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static Integer feature;

    private Script() {
    }

    /**
     * The feature version of the JDK {@code bin/qcrawl} runs on ({@code bin/find-jdk}), 0 if none: from 25 on it
     * stays as the crawl's launcher.
     */
    public static synchronized int jdkFeature() throws IOException, InterruptedException {
        if (feature == null) {
            Process find = new ProcessBuilder(PROJECT.resolve("bin/find-jdk").toString()).start();
            String home = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (find.waitFor() != 0) {
                feature = 0;
            } else {
                Process major = new ProcessBuilder(PROJECT.resolve("bin/find-jdk").toString(), "--major", home)
                        .start();
                String printed = new String(major.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                major.waitFor();
                feature = Integer.parseInt(printed);
            }
        }
        return feature;
    }

    /** {@code bin/qcrawl ARGS}; {@code javaOptions}, if any, go to every JVM it starts ({@code JDK_JAVA_OPTIONS}). */
    public static ProcessBuilder builder(List<String> javaOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(PROJECT.resolve("bin/qcrawl").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        if (!javaOptions.isEmpty()) {
            builder.environment().put("JDK_JAVA_OPTIONS", String.join(" ", javaOptions));
        }
        return builder;
    }
}

package dev.qcrawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar} with a java older than 21 (Java 17 is the default {@code java} on many machines): one
 * {@code qcrawl:} line and exit code 1, not a class-version error. Runs when such a JDK or JRE is installed under
 * {@code /usr/lib/jvm}.
 */
class BootIT {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    @Test
    void anOlderJavaSaysInOneLineThatItIsTooOld() throws Exception {
        Optional<Path> old = olderJava();
        assumeTrue(old.isPresent(), "no Java before 21 under /usr/lib/jvm");
        Cli.Run run = Jar.runWith(old.get(), "-q", "http://127.0.0.1:9/");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("qcrawl: needs Java 21 or newer, but this java is "), lines.get(0));
        assertTrue(lines.get(0).contains(old.get().toRealPath().toString()), lines.get(0));
    }

    /** A JDK or JRE before 21, by the JAVA_VERSION of its release file (no JVM started to find it). */
    private static Optional<Path> olderJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                    .filter(home -> {
                        int feature = feature(home);
                        return feature > 0 && feature < 21;
                    })
                    .sorted(Comparator.comparing(Path::toString))
                    .findFirst();
        }
    }

    private static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

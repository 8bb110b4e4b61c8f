package dev.qcrawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's samples are what qcrawl prints: each fenced block marked {@code <!-- sample: ... -->} starts with
 * {@code $ COMMAND}, run here from the project's root as a user types it (through bash, so {@code bin/qcrawl} and
 * pipes work), and the rest of the block must equal its standard output, but for the port {@code --serve} picks
 * and CRLF line ends.
 * {@code docs/samples} rewrites them when the output changes on purpose.
 */
class ReadmeIT {
    private static final Pattern SAMPLE =
            Pattern.compile("<!-- sample: [^\\n]*-->\\n```console\\n\\$ ([^\\n]*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:\\d+");

    record Sample(String command, String output) {
    }

    private static List<Sample> samples() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<Sample> samples = new ArrayList<>();
        Matcher m = SAMPLE.matcher(readme);
        while (m.find()) {
            samples.add(new Sample(m.group(1), m.group(2)));
        }
        return samples;
    }

    @Test
    void theQuickStartSampleIsTheFirstQuickStartCommandAndWhatItPrints() throws Exception {
        List<Sample> samples = samples();
        assertFalse(samples.isEmpty(), "the README has no sample blocks");
        assertEquals("bin/qcrawl --serve examples/site", samples.get(0).command(),
                "the first sample is the quick start's first command");
        for (Sample sample : samples) {
            assertEquals(PORT.matcher(sample.output()).replaceAll("PORT"),
                    PORT.matcher(stdout(sample.command())).replaceAll("PORT"),
                    "README sample out of date (run docs/samples): " + sample.command());
        }
    }

    @Test
    void everyOptionHelpShowsIsInTheReadmesTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String help = dev.qcrawl.testing.Cli.run("--help").out();
        Matcher option = Pattern.compile("(?m)^\\s+(?:-\\w, )?(--[a-z][a-z-]+)").matcher(help);
        int seen = 0;
        while (option.find()) {
            seen++;
            String name = option.group(1);
            assertTrue(Pattern.compile("(?m)^\\| [^|]*`" + Pattern.quote(name) + "[ `]").matcher(readme).find(),
                    name + " is shown by --help but not in the README's options table");
        }
        assertTrue(seen >= 30, "found only " + seen + " options in --help");
    }

    private static String stdout(String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("qcrawl-readme", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("JAVA_HOME"); // as on a fresh machine
            Process p = builder.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within 2 minutes: " + command);
            }
            assertEquals(0, p.exitValue(), "exit code of: " + command);
            // CSV rows end in CRLF (RFC 4180); the README shows lines.
            return Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

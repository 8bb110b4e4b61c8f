package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Scope;
import dev.qcrawl.report.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The programmatic option model and the typed values read back from it. */
class ArgumentsTest {

    private static Arguments parse(String... args) {
        CommandSpec spec = CommandModel.of(new Object());
        new CommandLine(spec).parseArgs(args);
        return Arguments.of(spec);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Arguments expected = new Arguments(null, 2, 8, QueueType.FIFO, false, null, Scope.HOST, List.of(), List.of(),
                List.of(), false, false, false, 8,
                Duration.ZERO, null, Duration.ofSeconds(10), Duration.ofSeconds(30), 2, 10, 10L * 1024 * 1024, 0,
                null, null, Duration.ofSeconds(30), Format.TEXT, null, false, false, false, false, false, false, List.of(),
                false, null);
        assertEquals(expected, parse());
    }

    @Test
    void everyOptionReachesItsField() {
        Arguments expected = new Arguments("http://127.0.0.1:9/", 5, 3, QueueType.PRIORITY, true, Path.of("site"),
                Scope.ANY, List.of("/a", "/b"), List.of("x"), List.of("A: 1", "B: 2"), true, true, true, 2, Duration.ofMillis(250), "bot/1", Duration.ofSeconds(3), Duration.ofMinutes(1), 4,
                7, 512L * 1024, 99, "redis://127.0.0.1:7/1", "c1", Duration.ofSeconds(5), Format.JSONL, Path.of("out.json"), true, true, true, true,
                true, true, List.of("403,429", "500-599"), true, Path.of("ca.pem"));
        assertEquals(expected, parse("-d", "5", "-w", "3", "--queue", "PRIORITY", "--unique", "--serve", "site",
                "--scope", "any", "--include", "/a", "--include", "/b", "--exclude", "x", "-H", "A: 1",
                "--header", "B: 2", "--sitemaps", "--orphans", "--ignore-robots", "--per-host", "2", "--delay", "250ms", "--user-agent", "bot/1",
                "--connect-timeout", "3s", "--timeout", "1m", "--retries", "4", "--max-redirects", "7",
                "--max-body", "512k", "--max-pages", "99", "--frontier", "redis://127.0.0.1:7/1", "--crawl-id", "c1",
                "--lease", "5s", "--format", "jsonl", "-o", "out.json", "--broken",
                "--fail-on-broken", "-q", "--verbose", "--check", "--check-fragments", "--accept", "403,429",
                "--accept", "500-599", "--exclude-private", "--frontier-cacert", "ca.pem", "http://127.0.0.1:9/"));
    }

    @Test
    void shortAndLongNamesAreTheSameOption() {
        assertEquals(parse("--max-depth", "4", "--num-workers", "6", "--output", "x", "--quiet"),
                parse("-d", "4", "-w", "6", "-o", "x", "-q"));
    }

    @Test
    void everyOptionIsDescribed() {
        for (OptionSpec option : CommandModel.of(new Object()).options()) {
            assertFalse(String.join("", option.description()).isBlank(), option.longestName());
        }
    }
}

package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.report.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Each record of options checks its own rules, with the usage message the command prints. */
class OptionRecordsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static void rejects(String message, Executable make) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, make).getMessage());
    }

    @Test
    void aStartIsAUrlOrAServedFolder() {
        rejects("missing URL: give a start URL such as http://localhost:8000/, or --serve DIR",
                () -> new StartOptions(null, null));
        rejects("with --serve, give a path on the served site (e.g. docs/index.html), not a URL: http://h/",
                () -> new StartOptions("http://h/", Path.of("site")));
        assertEquals("docs/a.html", new StartOptions("docs/a.html", Path.of("site")).url());
        assertEquals("http://h/", new StartOptions("http://h/", null).url());
    }

    @Test
    void theOutputIsAWritableFileAndHtmlChoosesNoRows() throws IOException {
        rejects("--output: " + dir + " is a directory", () -> new OutputOptions(Format.TEXT, dir, false, false));
        Path nowhere = dir.resolve("none/out.txt");
        rejects("--output: cannot write to " + nowhere + " (its folder must exist and be writable)",
                () -> new OutputOptions(Format.TEXT, nowhere, false, false));
        String html = "--format html reports the whole crawl (its broken links included); --broken and --orphans"
                + " choose rows for the other formats";
        rejects(html, () -> new OutputOptions(Format.HTML, null, true, false));
        rejects(html, () -> new OutputOptions(Format.HTML, null, false, true));
        new OutputOptions(Format.HTML, Files.createFile(dir.resolve("report.html")), false, false);
        new OutputOptions(Format.CSV, null, true, true);
    }

    @Test
    void aSharedCrawlHasAnAddressAndAName() throws IOException {
        rejects("--frontier needs --crawl-id NAME: the name every process of the crawl gives",
                () -> new SharedOptions("redis://127.0.0.1:6379", null, null, LEASE, false));
        rejects("--crawl-id goes with --frontier redis://HOST:PORT",
                () -> new SharedOptions(null, "c", null, LEASE, false));
        rejects("--crawl-id: letters, digits, '.', '_' and '-' only (at most 100), got 'a{b}'",
                () -> new SharedOptions("redis://127.0.0.1:6379", "a{b}", null, LEASE, false));
        rejects("--crawl-id: letters, digits, '.', '_' and '-' only (at most 100), got '" + "x".repeat(101) + "'",
                () -> new SharedOptions("redis://127.0.0.1:6379", "x".repeat(101), null, LEASE, false));
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read here");
        rejects("--frontier-cacert goes with a rediss:// (TLS) --frontier",
                () -> new SharedOptions(null, null, ca, LEASE, false));
        rejects("--frontier-cacert goes with a rediss:// (TLS) --frontier",
                () -> new SharedOptions("redis://127.0.0.1:6379", "c", ca, LEASE, false));
        Path missing = dir.resolve("missing.pem");
        rejects("--frontier-cacert: cannot read " + missing,
                () -> new SharedOptions("rediss://127.0.0.1:6379", "c", missing, LEASE, false));
        rejects("--serve cannot be shared with --frontier: each process would serve its own copy",
                () -> new SharedOptions("redis://127.0.0.1:6379", "c", null, LEASE, true));
        rejects("--lease must be > 0", () -> new SharedOptions(null, null, null, Duration.ZERO, false));
        rejects("--lease must be > 0", () -> new SharedOptions(null, null, null, Duration.ofSeconds(-1), false));
        assertThrows(IllegalArgumentException.class,
                () -> new SharedOptions("http://127.0.0.1:6379", "c", null, LEASE, false));
        assertTrue(new SharedOptions("rediss://127.0.0.1:6379", "c", ca, LEASE, false).shared());
        assertFalse(new SharedOptions(null, null, null, LEASE, true).shared());
    }

    @Test
    void aLinkCheckIsAskedFor() {
        rejects("--check-fragments goes with a link check: --check, --broken, --fail-on-broken or --format"
                + " junit|markdown", () -> new CheckOptions(false, true, false, false, Format.CSV, false));
        rejects("--accept goes with a link check: --check, --broken, --fail-on-broken or --format junit|markdown",
                () -> new CheckOptions(false, false, false, false, Format.JSON, true));
        assertTrue(new CheckOptions(true, false, false, false, Format.JSON, true).checks());
        // What asks for a check.
        assertFalse(new CheckOptions(false, false, false, false, Format.TEXT, false).checks());
        assertTrue(new CheckOptions(true, false, false, false, Format.TEXT, false).checks());
        assertTrue(new CheckOptions(false, false, true, false, Format.TEXT, false).checks());
        assertTrue(new CheckOptions(false, false, false, true, Format.TEXT, false).checks());
        assertTrue(new CheckOptions(false, true, false, false, Format.JUNIT, false).checks());
        assertTrue(new CheckOptions(false, false, false, false, Format.MARKDOWN, false).checks());
        assertTrue(new CheckOptions(false, true, true, true, Format.JUNIT, false).checks());
    }
}

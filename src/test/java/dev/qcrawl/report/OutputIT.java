package dev.qcrawl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The structured formats, the atomic output file and the broken-link report. */
class OutputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer site() throws Exception {
        TestServer server = new TestServer();
        server.page("/", "<a href='/a'>a</a><a href='/a'>a</a><a href='/missing'>m</a><a href='/b,\"quoted\"'>q</a>");
        server.page("/a", "<a href='/missing'>m</a><a href='/'>home</a>");
        server.page("/b,%22quoted%22", "<p>b</p>");
        return server;
    }

    @Test
    void jsonHasASummaryAndEveryRowField() throws Exception {
        try (TestServer server = site()) {
            Cli.Run run = Cli.run("-q", "--format", "json", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode doc = JSON.readTree(run.out());
            assertEquals(server.url("/"), doc.get("summary").get("start_url").asText());
            assertEquals(4, doc.get("summary").get("pages_fetched").asInt());
            JsonNode first = null;
            for (JsonNode row : doc.get("rows")) {
                if (row.get("url").asText().equals(server.url("/a"))) {
                    first = row;
                }
            }
            assertTrue(first != null, run.out());
            for (String field : List.of("url", "count", "status", "depth", "content_type", "error", "referrer")) {
                assertTrue(first.has(field), field);
            }
            assertEquals(server.url("/a"), first.get("url").asText());
            assertEquals(2, first.get("count").asInt());
            assertEquals(200, first.get("status").asInt());
            assertEquals(2, first.get("depth").asInt());
            assertEquals(server.url("/"), first.get("referrer").asText());
        }
    }

    @Test
    void theStartUrlHasNoReferrerEvenWhenPagesLinkBackToIt() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/'>home</a><a href='/a'>a</a>");
            server.page("/a", "<a href='/'>home</a>");
            Cli.Run run = Cli.run("-q", "--format", "jsonl", "-d", "3", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            for (String line : run.lines()) {
                JsonNode row = JSON.readTree(line);
                String expected = row.get("url").asText().equals(server.url("/")) ? null : server.url("/");
                assertEquals(expected, row.get("referrer").isNull() ? null : row.get("referrer").asText(), line);
            }
        }
    }

    @Test
    void csvIsRfc4180AndRoundTrips() throws Exception {
        try (TestServer server = site()) {
            Cli.Run run = Cli.run("-q", "--format", "csv", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(run.out())).getRecords();
            Cli.Run text = Cli.run("-q", server.url("/"));
            assertEquals(text.lines().size(), records.size());
            for (int i = 0; i < records.size(); i++) {
                assertEquals(text.lines().get(i),
                        String.format("%3d %s", Long.parseLong(records.get(i).get("count")), records.get(i).get("url")));
            }
            assertTrue(run.out().contains("\r\n"), "RFC 4180 line ends");
        }
    }

    @Test
    void jsonlIsOneObjectPerLineInTextOrder() throws Exception {
        try (TestServer server = site()) {
            Cli.Run jsonl = Cli.run("-q", "--format", "jsonl", server.url("/"));
            Cli.Run text = Cli.run("-q", server.url("/"));
            assertEquals(text.lines().size(), jsonl.lines().size());
            for (int i = 0; i < jsonl.lines().size(); i++) {
                JsonNode row = JSON.readTree(jsonl.lines().get(i));
                assertEquals(text.lines().get(i), String.format("%3d %s", row.get("count").asLong(), row.get("url").asText()));
            }
        }
    }

    @Test
    void outputFileIsWrittenWholeAndNothingGoesToStdout(@TempDir Path dir) throws Exception {
        try (TestServer server = site()) {
            Path file = dir.resolve("counts.txt");
            Files.writeString(file, "old content");
            Cli.Run run = Cli.run("-q", "-o", file.toString(), server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertEquals(Cli.run("-q", server.url("/")).out(), Files.readString(file));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file left behind");
            }
        }
    }

    @Test
    void brokenListsFailuresWithThePagesLinkingToThemAndFailOnBrokenExits3() throws Exception {
        try (TestServer server = site()) {
            Cli.Run run = Cli.run("-q", "--broken", "--format", "jsonl", "--fail-on-broken", server.url("/"));
            assertEquals(3, run.exitCode(), run.err());
            assertEquals(1, run.lines().size(), run.out());
            JsonNode row = JSON.readTree(run.lines().get(0));
            assertEquals(server.url("/missing"), row.get("url").asText());
            assertEquals(404, row.get("status").asInt());
            assertEquals(List.of(server.url("/"), server.url("/a")),
                    List.of(row.get("linked_from").get(0).asText(), row.get("linked_from").get(1).asText()));
            Cli.Run text = Cli.run("-q", "--broken", server.url("/"));
            assertEquals(0, text.exitCode());
            assertEquals(List.of("404 " + server.url("/missing"), "    linked from " + server.url("/"),
                    "    linked from " + server.url("/a")), text.lines());
        }
    }

    @Test
    void aPageReachedThroughARedirectIsListedOnceUnderTheLinkedName() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/old'>old</a>");
            server.route("/old", ex -> {
                ex.getResponseHeaders().set("Location", "/new/");
                TestServer.respond(ex, 301, "text/html", "");
            });
            server.page("/new/", "<a href='gone'>gone</a>");
            Cli.Run run = Cli.run("-q", "-d", "3", "--broken", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("404 " + server.url("/new/gone"), "    linked from " + server.url("/old")), run.lines());
        }
    }
}

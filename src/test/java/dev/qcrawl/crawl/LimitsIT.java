package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import org.junit.jupiter.api.Test;

class LimitsIT {

    @Test
    void maxPagesStopsFetchingAndPrintsTheCountsSoFar() throws Exception {
        try (TestServer server = new TestServer()) {
            LinkGraph.complete(20).serveOn(server);
            Cli.Run run = Cli.run("-q", "--unique", "-d", "5", "-w", "1", "--max-pages", "3", "--format", "json",
                    server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertEquals(3, doc.get("summary").get("pages_fetched").asInt());
            assertEquals("max-pages", doc.get("summary").get("stopped").asText());
            long pageRequests = server.allHits().entrySet().stream()
                    .filter(e -> !e.getKey().equals("/robots.txt")).mapToInt(e -> e.getValue().get()).sum();
            assertEquals(3, pageRequests);
            // every link on the three fetched pages is counted: 20 distinct URLs
            assertEquals(20, doc.get("rows").size());
        }
    }

    @Test
    void depthZeroCountsTheStartUrlWithoutFetchingIt() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/x'>x</a>");
            for (String mode : new String[] {"--unique", "--queue=fifo"}) {
                Cli.Run run = Cli.run("-q", mode, "-d", "0", server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                assertEquals(java.util.List.of("  1 " + server.url("/")), run.lines());
            }
            assertEquals(0, server.hits("/"));
            assertTrue(server.hits("/robots.txt") == 0);
        }
    }

    /** N means N pages requested, whatever the worker count; nothing in flight is cut off. */
    @Test
    void maxPagesIsPagesRequestedWithManyWorkers() throws Exception {
        try (TestServer server = new TestServer()) {
            LinkGraph.complete(20).serveOn(server);
            for (int round = 0; round < 5; round++) {
                server.allHits().clear();
                Cli.Run run = Cli.run("-q", "-d", "3", "-w", "8", "--max-pages", "5", "--format", "json",
                        server.url("/"));
                assertEquals(0, run.exitCode(), run.err());
                JsonNode doc = new ObjectMapper().readTree(run.out());
                assertEquals(5, doc.get("summary").get("pages_fetched").asInt());
                assertEquals("max-pages", doc.get("summary").get("stopped").asText());
                long pageRequests = server.allHits().entrySet().stream()
                        .filter(e -> !e.getKey().equals("/robots.txt")).mapToInt(e -> e.getValue().get()).sum();
                assertEquals(5, pageRequests);
                long fetched = 0;
                for (JsonNode row : doc.get("rows")) {
                    String error = row.get("error").asText(null);
                    assertTrue(error == null || error.equals("max-pages"), row.toString());
                    fetched += row.get("status").isNull() ? 0 : 1;
                }
                assertEquals(5, fetched);
            }
        }
    }

    /** What is not requested (out of scope, robots, bad URLs) does not use the budget. */
    @Test
    void onlyRequestedPagesUseTheBudget() throws Exception {
        try (TestServer server = new TestServer()) {
            server.route("/robots.txt", ex -> TestServer.respond(ex, 200, "text/plain", "User-agent: *\nDisallow: /no\n"));
            server.page("/", "<a href='/no1'>1</a><a href='/no2'>2</a><a href='http://other.invalid/x'>o</a>"
                    + "<a href='http://127.1:9/'>bad</a><a href='/yes'>y</a>");
            server.page("/yes", "<p>y</p>");
            Cli.Run run = Cli.run("-q", "-d", "2", "-w", "1", "--max-pages", "2", "--format", "json",
                    server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertEquals(2, doc.get("summary").get("pages_fetched").asInt());
            assertEquals(1, server.hits("/yes"));
            assertTrue(doc.get("summary").get("stopped").isNull(), doc.toString());
        }
    }
}

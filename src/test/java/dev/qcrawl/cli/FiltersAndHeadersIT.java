package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** --include, --exclude, --header and credentials in the start URL, against real servers on loopback. */
class FiltersAndHeadersIT {
    private static Map<String, JsonNode> rows(Cli.Run run) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : run.lines()) {
            JsonNode row = new ObjectMapper().readTree(line);
            rows.put(row.get("url").asText(), row);
        }
        return rows;
    }

    @Test
    void includeAndExcludeDecideWhatIsFetchedAndFilteredUrlsAreStillListed() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href='/keep/a'>a</a><a href='/keep/b'>b</a><a href='/drop/c'>c</a>"
                    + "<a href='/other'>o</a><a href='/keep/r'>r</a>");
            server.page("/keep/a", "<a href='/keep/deeper'>d</a>");
            server.page("/keep/b", "<p>b</p>");
            server.page("/drop/c", "<p>c</p>");
            server.page("/other", "<p>o</p>");
            server.page("/keep/deeper", "<p>d</p>");
            server.route("/keep/r", ex -> {
                ex.getResponseHeaders().set("Location", "/drop/by-redirect");
                TestServer.respond(ex, 302, "text/html", "");
            });
            server.page("/drop/by-redirect", "<p>x</p>");
            Cli.Run run = Cli.run("-q", "-d", "3", "--format", "jsonl", "--include", "/keep/", "--include", "zzz",
                    "--exclude", "b$", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            Map<String, JsonNode> rows = rows(run);
            assertEquals(1, server.hits("/"), "the start URL is never filtered");
            assertEquals(1, server.hits("/keep/a"));
            assertEquals(1, server.hits("/keep/deeper"));
            for (String path : List.of("/keep/b", "/drop/c", "/other", "/drop/by-redirect")) {
                assertEquals(0, server.hits(path), path);
            }
            for (String path : List.of("/keep/b", "/drop/c", "/other")) {
                assertEquals("excluded", rows.get(server.url(path)).get("error").asText(), path);
                assertEquals(1, rows.get(server.url(path)).get("count").asInt(), path);
            }
            assertEquals(302, rows.get(server.url("/keep/r")).get("status").asInt());
            assertEquals("excluded", rows.get(server.url("/keep/r")).get("error").asText());
        }
    }

    @Test
    void anInvalidPatternIsAUsageErrorNamingOptionAndPattern() {
        Cli.Run run = Cli.run("--exclude", "a(b", "http://127.0.0.1:9/");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("qcrawl: --exclude: not a valid regular expression: 'a(b'"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void headersAndCredentialsReachTheStartOriginAndNoOtherHost() throws Exception {
        try (TestServer home = new TestServer(); TestServer other = new TestServer()) {
            Map<String, Set<String>> seen = new ConcurrentHashMap<>();
            TestServer.Handler record = ex -> {
                String who = ex.getLocalAddress().getPort() == home.port() ? "home" : "other";
                for (String name : List.of("X-Token", "Authorization", "Cookie")) {
                    String value = ex.getRequestHeaders().getFirst(name);
                    seen.computeIfAbsent(who + " " + name, k -> ConcurrentHashMap.newKeySet())
                            .add(value == null ? "(none)" : value);
                }
            };
            home.before(record);
            other.before(record);
            home.page("/", "<a href='/two'>2</a><a href='" + other.url("/elsewhere") + "'>o</a>"
                    + "<a href='/away'>redirect</a>");
            home.page("/two", "<p>2</p>");
            home.route("/away", ex -> {
                ex.getResponseHeaders().set("Location", other.url("/by-redirect"));
                TestServer.respond(ex, 302, "text/html", "");
            });
            other.page("/elsewhere", "<p>o</p>");
            other.page("/by-redirect", "<p>r</p>");
            String start = "http://us%40er:pa%3Ass@127.0.0.1:" + home.port() + "/";
            Cli.Run run = Cli.run("-d", "2", "--scope", "any", "--format", "csv", "-H", "X-Token: s3cret",
                    "--header", "Cookie: a=b; c=d", start);
            assertEquals(0, run.exitCode(), run.err());
            String basic = "Basic " + Base64.getEncoder().encodeToString("us@er:pa:ss".getBytes(StandardCharsets.UTF_8));
            assertEquals(Set.of("s3cret"), seen.get("home X-Token"));
            assertEquals(Set.of("a=b; c=d"), seen.get("home Cookie"));
            assertEquals(Set.of(basic), seen.get("home Authorization"));
            assertEquals(Set.of("(none)"), seen.get("other X-Token"));
            assertEquals(Set.of("(none)"), seen.get("other Cookie"));
            assertEquals(Set.of("(none)"), seen.get("other Authorization"));
            assertEquals(1, other.hits("/by-redirect"), "the redirect was followed, without the headers");
            for (String printed : List.of(run.out(), run.err())) {
                assertFalse(printed.contains("pa%3Ass") || printed.contains("us%40er") || printed.contains("s3cret"),
                        printed);
            }
            assertTrue(run.out().contains(home.url("/") + ","), run.out());
        }
    }

    @Test
    void invalidHeadersAreUsageErrors() {
        for (String header : List.of("NoColon", "Bad Name: x", "Host: example.com")) {
            Cli.Run run = Cli.run("-H", header, "http://127.0.0.1:9/");
            assertEquals(2, run.exitCode(), header + ": " + run.err());
            assertTrue(run.err().startsWith("qcrawl: --header: "), run.err());
        }
    }
}

package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * What a server sends ends up in the report as text, never as markup: a Content-Type with {@code </script>} and
 * tags in it, URLs with quotes and ampersands. Read back with an HTML5 parser (jsoup), as a browser reads it.
 */
class ReportEscapingIT {
    private static final String ODD_TYPE = "text/plain; note=\"</script><b id=injected>x</b><!--\"";

    @Test
    void serverTextStaysTextInsideTheReport() throws Exception {
        try (TestServer server = new TestServer()) {
            server.page("/", "<a href=\"/odd\">odd</a><a href=\"/q?a=1&amp;b='2'\">q</a><a href=\"/gone\">gone</a>");
            server.route("/odd", ex -> TestServer.respond(ex, 200, ODD_TYPE, "plain"));
            server.page("/q?a=1&b='2'", "<p>q</p>");
            Cli.Run run = Cli.run("-q", "--format", "html", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());

            Document page = Jsoup.parse(run.out());
            assertEquals(0, page.select("#injected").size(), "no markup from the server");
            assertEquals(3, page.select("script").size(), "the data, the library, the report's script");
            List<String> urls = new ArrayList<>();
            JsonNode data = new ObjectMapper().readTree(page.getElementById("qcrawl-data").data());
            data.get("urls").forEach(u -> urls.add(u.asText()));
            assertEquals(List.of(server.url("/"), server.url("/gone"), server.url("/odd"), server.url("/q?a=1&b='2'"))
                    .stream().sorted().toList(), urls.stream().sorted().toList());
            List<String> types = new ArrayList<>();
            data.get("types").forEach(t -> types.add(t.asText()));
            assertTrue(types.contains(ODD_TYPE), types.toString());
            // the broken link is listed with the page linking to it, and its text is the URL as is
            Element row = page.selectFirst("#broken tbody tr");
            assertEquals(server.url("/gone"), row.selectFirst("td.url").text());
            assertEquals("404", row.select("td").get(1).text());
            assertEquals(List.of(server.url("/")), row.select("li").eachText());
            // the content type chart shows the type without its parameters
            assertTrue(page.select("#chart-type text").eachText().contains("text/plain"));
        }
    }
}

package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.TestServer;
import java.io.File;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code --format graphml} read by an XML parser and {@code --format dot} read by Graphviz's {@code dot}, both
 * checked against the link graph of the generated site as the test computes it (breadth-first, by itself).
 */
class GraphFormatsIT {
    private static final int DEPTH = 3;
    private static final String GRAPHML = "http://graphml.graphdrawing.org/xmlns";
    private static final LinkGraph SITE = LinkGraph.random(25, 300, 8);
    private static TestServer server;

    @BeforeAll
    static void serve() throws Exception {
        server = new TestServer();
        SITE.serveOn(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The expected nodes: every URL listed, with its unique count. */
    private static Map<String, BigInteger> expectedCounts() {
        Map<String, BigInteger> counts = new HashMap<>();
        SITE.uniqueCounts(DEPTH).forEach((path, count) -> counts.put(server.url(path), count));
        return counts;
    }

    /** The expected edges, as "from -> to" with the multiplicity. */
    private static Map<String, Integer> expectedEdges() {
        Map<String, Integer> edges = new HashMap<>();
        SITE.links(DEPTH).forEach((from, targets) -> targets.forEach((to, m) ->
                edges.put(server.url(from) + " -> " + server.url(to), m)));
        return edges;
    }

    @Test
    void graphMlHasOneNodePerListedUrlAndOneEdgePerDistinctLink(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.graphml");
        Cli.Run run = Cli.run("-q", "--unique", "-d", String.valueOf(DEPTH), "--format", "graphml", "-o",
                file.toString(), server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("graphml", doc.getDocumentElement().getLocalName());
        assertEquals(GRAPHML, doc.getDocumentElement().getNamespaceURI());
        Map<String, String> keyNames = new HashMap<>();
        NodeList keys = doc.getElementsByTagNameNS(GRAPHML, "key");
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            keyNames.put(key.getAttribute("id"), key.getAttribute("attr.name"));
        }
        Map<String, String> urlOfId = new HashMap<>();
        Map<String, BigInteger> counts = new HashMap<>();
        Map<String, Integer> distances = SITE.distances();
        NodeList nodes = doc.getElementsByTagNameNS(GRAPHML, "node");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element node = (Element) nodes.item(i);
            Map<String, String> data = data(node, keyNames);
            String url = data.get("url");
            urlOfId.put(node.getAttribute("id"), url);
            counts.put(url, new BigInteger(data.get("count")));
            String path = url.substring(server.url("/").length() - 1);
            assertEquals(distances.get(path) + 1, Integer.parseInt(data.get("depth")), url);
            Integer status = data.containsKey("status") ? Integer.valueOf(data.get("status")) : null;
            Integer expected = distances.get(path) > DEPTH - 1 ? null : switch (path) {
                case "/missing.html" -> 404;
                case "/error.html" -> 500;
                default -> 200; // pages within max-depth are fetched
            };
            assertEquals(expected, status, url);
        }
        assertEquals(nodes.getLength(), urlOfId.size(), "node ids are distinct");
        assertEquals(expectedCounts(), counts);

        Map<String, Integer> edges = new HashMap<>();
        NodeList edgeList = doc.getElementsByTagNameNS(GRAPHML, "edge");
        for (int i = 0; i < edgeList.getLength(); i++) {
            Element edge = (Element) edgeList.item(i);
            String from = urlOfId.get(edge.getAttribute("source"));
            String to = urlOfId.get(edge.getAttribute("target"));
            Integer before = edges.put(from + " -> " + to, Integer.valueOf(data(edge, keyNames).get("multiplicity")));
            assertEquals(null, before, "one edge per distinct link: " + from + " -> " + to);
        }
        assertEquals(expectedEdges(), edges);
    }

    @Test
    void graphMlWithBrokenHasTheBrokenUrlsOnly(@TempDir Path dir) throws Exception {
        Cli.Run run = Cli.run("-q", "--unique", "-d", String.valueOf(DEPTH), "--format", "graphml", "--broken",
                server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(run.out())));
        Set<String> urls = new HashSet<>();
        NodeList nodes = doc.getElementsByTagNameNS(GRAPHML, "node");
        for (int i = 0; i < nodes.getLength(); i++) {
            urls.add(data((Element) nodes.item(i), Map.of("url", "url")).get("url"));
        }
        Set<String> broken = new HashSet<>();
        for (String leaf : new String[] {"/missing.html", "/error.html"}) {
            if (SITE.uniqueCounts(DEPTH).containsKey(leaf)) {
                broken.add(server.url(leaf));
            }
        }
        assertTrue(!broken.isEmpty(), "the generated site links to a broken page");
        assertEquals(broken, urls);
        assertEquals(0, doc.getElementsByTagNameNS(GRAPHML, "edge").getLength());
    }

    @Test
    void dotIsReadByGraphvizWithEveryNodeEdgeAndAttribute(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/dot").canExecute(), "Graphviz' dot is not installed");
        Path file = dir.resolve("site.dot");
        Cli.Run run = Cli.run("-q", "-d", String.valueOf(DEPTH), "--format", "dot", "-o", file.toString(),
                server.url("/"));
        assertEquals(0, run.exitCode(), run.err());
        Path svg = dir.resolve("site.svg");
        Path json = dir.resolve("site.json");
        Process dot = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), "-Tjson", "-o", json.toString(),
                file.toString()).redirectErrorStream(true).start();
        String said = new String(dot.getInputStream().readAllBytes());
        assertTrue(dot.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, dot.exitValue(), said);
        assertEquals("", said.strip(), "dot warns about nothing");

        // The SVG Graphviz drew: one group per node titled with its URL, one per edge
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document drawn = factory.newDocumentBuilder().parse(svg.toFile());
        Set<String> nodeTitles = new HashSet<>();
        Set<String> edgeTitles = new HashSet<>();
        NodeList groups = drawn.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String title = g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent();
            switch (g.getAttribute("class")) {
                case "node" -> assertTrue(nodeTitles.add(title), title);
                case "edge" -> assertTrue(edgeTitles.add(title), title);
                default -> { }
            }
        }
        assertEquals(expectedCounts().keySet(), nodeTitles);
        Set<String> expectedEdgeTitles = new HashSet<>();
        expectedEdges().keySet().forEach(e -> expectedEdgeTitles.add(e.replace(" -> ", "->")));
        assertEquals(expectedEdgeTitles, edgeTitles);

        // The attributes, as Graphviz read them: walk counts, depths, multiplicities
        JsonNode graph = new ObjectMapper().readTree(json.toFile());
        Map<Integer, String> nameOf = new HashMap<>();
        Map<String, BigInteger> counts = new HashMap<>();
        Map<String, Integer> distances = SITE.distances();
        for (JsonNode node : graph.get("objects")) {
            String url = node.get("name").asText();
            nameOf.put(node.get("_gvid").asInt(), url);
            counts.put(url, new BigInteger(node.get("count").asText()));
            String path = url.substring(server.url("/").length() - 1);
            assertEquals(distances.get(path) + 1, node.get("depth").asInt(), url);
        }
        Map<String, BigInteger> walk = new HashMap<>();
        SITE.walkCounts(DEPTH).forEach((path, count) -> walk.put(server.url(path), count));
        assertEquals(walk, counts);
        Map<String, Integer> edges = new HashMap<>();
        for (JsonNode edge : graph.get("edges")) {
            edges.put(nameOf.get(edge.get("tail").asInt()) + " -> " + nameOf.get(edge.get("head").asInt()),
                    edge.get("multiplicity").asInt());
        }
        assertEquals(expectedEdges(), edges);
    }

    private static Map<String, String> data(Element owner, Map<String, String> keyNames) {
        Map<String, String> data = new HashMap<>();
        NodeList list = owner.getElementsByTagNameNS(GRAPHML, "data");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            data.put(keyNames.getOrDefault(d.getAttribute("key"), d.getAttribute("key")), d.getTextContent());
        }
        return data;
    }
}

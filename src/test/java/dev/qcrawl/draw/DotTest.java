package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.fetch.Outcome;
import java.io.File;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Names that DOT and XML must escape, read back by Graphviz and by an XML parser. */
class DotTest {
    private static final List<String> NAMES = List.of("http://h/a\"quoted\"", "http://h/back\\slash\\",
            "http://h/\\N\\L", "http://h/<tag>&amp;", "http://h/ünïcödé/日本", "http://h/plain",
            "http://h/long/" + "a".repeat(17_000) + "?x=1&y=2"); // Graphviz scans at most 16,384 at once

    private static SiteGraph graph() {
        List<UrlStats> nodes = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            nodes.add(new UrlStats(NAMES.get(i), BigInteger.valueOf(i + 1), i == 0 ? null : 200, i + 1,
                    "text/html; charset=\"utf-8\"", i == 0 ? Outcome.SCOPE : null, null, null));
        }
        List<SiteGraph.Edge> edges = new ArrayList<>();
        for (int i = 1; i < NAMES.size(); i++) {
            edges.add(new SiteGraph.Edge(i - 1, i, i));
        }
        return new SiteGraph(nodes, edges);
    }

    @Test
    void graphvizShowsEveryNameAsItIs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/dot").canExecute(), "Graphviz' dot is not installed");
        StringWriter out = new StringWriter();
        Dot.write(graph(), out);
        Path file = dir.resolve("g.dot");
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        Process dot = new ProcessBuilder("dot", "-Tsvg", file.toString()).redirectErrorStream(false).start();
        byte[] svg = dot.getInputStream().readAllBytes();
        String errors = new String(dot.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dot.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, dot.exitValue(), errors);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg));
        List<String> labels = new ArrayList<>();
        int edges = 0;
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("node")) {
                labels.add(g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").item(0).getTextContent());
            } else if (g.getAttribute("class").equals("edge")) {
                edges++;
            }
        }
        // a node's label is its name: each one drawn exactly as the URL reads
        assertEquals(NAMES.stream().sorted().toList(), labels.stream().sorted().toList());
        assertEquals(NAMES.size() - 1, edges);
    }

    @Test
    void quotesOnlyWhatDotReads() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", Dot.quote("a\"b\\c\nd"));
        assertEquals("\"http://h/é\"", Dot.quote("http://h/é"));
        String joined = Dot.quote("x".repeat(10_000));
        assertEquals("\"" + "x".repeat(4096) + "\" + \"" + "x".repeat(4096) + "\" + \"" + "x".repeat(1808) + "\"", joined);
    }
}

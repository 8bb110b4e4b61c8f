package dev.qcrawl.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.crawl.UrlStats;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** GraphML escaping and the type of counts that outgrow a long, read back by an XML parser. */
class GraphMlTest {
    private static final String NS = "http://graphml.graphdrawing.org/xmlns";

    @Test
    void namesAndHugeCountsSurviveAnXmlParser() throws Exception {
        List<String> names = List.of("http://h/<a>&\"'", "http://h/ctl\u0001\u001f", "http://h/😀/日本");
        BigInteger huge = BigInteger.TWO.pow(80);
        List<UrlStats> nodes = new ArrayList<>();
        for (String name : names) {
            nodes.add(new UrlStats(name, huge, 200, 1, "text/html", null, null, null));
        }
        StringWriter out = new StringWriter();
        GraphMl.write(new SiteGraph(nodes, List.of(new SiteGraph.Edge(0, 2, 3))), out);
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(out.toString())));
        NodeList keys = doc.getElementsByTagNameNS(NS, "key");
        String countType = null;
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            if (key.getAttribute("attr.name").equals("count")) {
                countType = key.getAttribute("attr.type");
            }
        }
        assertEquals("string", countType, "a count past Long.MAX_VALUE is not declared a long");
        List<String> urls = new ArrayList<>();
        NodeList data = doc.getElementsByTagNameNS(NS, "data");
        for (int i = 0; i < data.getLength(); i++) {
            Element d = (Element) data.item(i);
            if (d.getAttribute("key").equals("url")) {
                urls.add(d.getTextContent());
            } else if (d.getAttribute("key").equals("count")) {
                assertEquals(huge.toString(), d.getTextContent());
            }
        }
        assertEquals(List.of("http://h/<a>&\"'", "http://h/ctl\uFFFD\uFFFD", "http://h/😀/日本"), urls);
        Element edge = (Element) doc.getElementsByTagNameNS(NS, "edge").item(0);
        assertEquals("n0", edge.getAttribute("source"));
        assertEquals("n2", edge.getAttribute("target"));
    }
}

package dev.qcrawl.draw;

import dev.qcrawl.crawl.UrlStats;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link SiteGraph} as GraphML: nodes {@code n0, n1, ...} in the rows' order with the data {@code url},
 * {@code label} (the URL again, which Gephi and yEd show), {@code status}, {@code depth}, {@code count},
 * {@code content_type} and {@code error}; one directed edge per distinct link with its {@code multiplicity}.
 * {@code count} is a {@code long} unless a walk count outgrew one, then a {@code string} of digits.
 */
final class GraphMl {
    private static final String NS = "http://graphml.graphdrawing.org/xmlns";
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GraphMl() {
    }

    static void write(SiteGraph graph, Writer out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("graphml");
            xml.writeDefaultNamespace(NS);
            xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            xml.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "schemaLocation",
                    NS + " " + NS + "/1.0/graphml.xsd");
            boolean longCounts = graph.nodes().stream().allMatch(n -> n.count().compareTo(LONG_MAX) <= 0);
            key(xml, "url", "node", "url", "string");
            key(xml, "label", "node", "label", "string");
            key(xml, "status", "node", "status", "int");
            key(xml, "depth", "node", "depth", "int");
            key(xml, "count", "node", "count", longCounts ? "long" : "string");
            key(xml, "content_type", "node", "content_type", "string");
            key(xml, "error", "node", "error", "string");
            key(xml, "multiplicity", "edge", "multiplicity", "int");
            xml.writeCharacters("\n  ");
            xml.writeStartElement("graph");
            xml.writeAttribute("id", "qcrawl");
            xml.writeAttribute("edgedefault", "directed");
            for (int i = 0; i < graph.nodes().size(); i++) {
                UrlStats node = graph.nodes().get(i);
                xml.writeCharacters("\n    ");
                xml.writeStartElement("node");
                xml.writeAttribute("id", "n" + i);
                data(xml, "url", node.url());
                data(xml, "label", node.url());
                data(xml, "status", node.status() == null ? null : node.status().toString());
                data(xml, "depth", Integer.toString(node.depth()));
                data(xml, "count", node.count().toString());
                data(xml, "content_type", node.contentType());
                data(xml, "error", node.error() == null ? null : node.error().label());
                xml.writeEndElement();
            }
            int e = 0;
            for (SiteGraph.Edge edge : graph.edges()) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("edge");
                xml.writeAttribute("id", "e" + e++);
                xml.writeAttribute("source", "n" + edge.from());
                xml.writeAttribute("target", "n" + edge.to());
                data(xml, "multiplicity", Integer.toString(edge.multiplicity()));
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void key(XMLStreamWriter xml, String id, String on, String name, String type)
            throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeEmptyElement("key");
        xml.writeAttribute("id", id);
        xml.writeAttribute("for", on);
        xml.writeAttribute("attr.name", name);
        xml.writeAttribute("attr.type", type);
    }

    private static void data(XMLStreamWriter xml, String key, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeStartElement("data");
        xml.writeAttribute("key", key);
        xml.writeCharacters(xmlText(value));
        xml.writeEndElement();
    }

    /** The text with the characters XML 1.0 cannot hold (most controls, lone surrogates) replaced by U+FFFD. */
    static String xmlText(String s) {
        StringBuilder text = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (text != null) {
                    text.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!ok && text == null) {
                text = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (text != null) {
                text.append(ok ? c : '\uFFFD');
            }
        }
        return text == null ? s : text.toString();
    }
}

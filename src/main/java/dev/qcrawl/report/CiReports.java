package dev.qcrawl.report;

import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.fetch.Outcome;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The formats a CI job reads: JUnit XML (a test case per URL, a failure per broken link with the pages linking
 * to it, a skipped case per URL not requested by choice), as GitHub, GitLab and Jenkins read test reports; and a
 * Markdown summary with a table of the broken links, for a job's summary page.
 */
final class CiReports {
    private CiReports() {
    }

    static void junit(CrawlResult result, List<Row> rows, Judged judged, Writer out) throws IOException {
        long failures = rows.stream().filter(judged.broken()).count();
        long skipped = rows.stream().filter(r -> !judged.broken().test(r) && skipped(r) != null).count();
        String time = String.format(Locale.ROOT, "%.3f", result.elapsed().toNanos() / 1e9);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "qcrawl");
            xml.writeAttribute("tests", String.valueOf(rows.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(skipped));
            xml.writeAttribute("time", time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "links of " + result.startUrl());
            xml.writeAttribute("tests", String.valueOf(rows.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(skipped));
            xml.writeAttribute("time", time);
            for (Row row : rows) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", classname(row.url()));
                xml.writeAttribute("name", row.url());
                xml.writeAttribute("time", "0");
                if (judged.broken().test(row)) {
                    String what = row.brokenAs();
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", what);
                    xml.writeAttribute("type", "broken-link");
                    StringBuilder text = new StringBuilder(what).append(' ').append(row.url());
                    for (String page : judged.pagesLinkingTo(row)) {
                        text.append("\nlinked from ").append(page);
                    }
                    xml.writeCharacters(text.toString());
                    xml.writeEndElement();
                } else if (skipped(row) != null) {
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", skipped(row));
                }
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
            if (e.getNestedException() instanceof IOException cause) {
                throw cause; // the writer's own failure (a full disk): its reason as it is
            }
            throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }

    /** Why a URL that is not broken was not checked, or null: not requested by choice, or not reached at all. */
    private static String skipped(Row row) {
        Outcome error = Outcome.ofLabel(row.error());
        if (row.status() == null && (error == null || !error.broken())) {
            return error == null ? "not checked" : error.label();
        }
        return null;
    }

    /** The test class of a URL: its origin, so reports group the links by site. */
    private static String classname(String url) {
        try {
            URI uri = URI.create(url.replace("#", "%23"));
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "links";
        }
    }

    static void markdown(CrawlResult result, List<Row> rows, int checked, Judged judged, Writer out)
            throws IOException {
        List<Row> broken = rows.stream().filter(judged.broken()).toList();
        StringBuilder md = new StringBuilder(256);
        md.append("## Links of ").append(autolink(result.startUrl())).append("\n\n");
        // "URLs", not "checked": the JSON summary's "checked" counts only the URLs the check itself requested.
        md.append("| URLs | broken |\n| ---: | ---: |\n| ").append(checked).append(" | ").append(broken.size())
                .append(" |\n");
        if (result.stopReason() != null) {
            md.append("\nThe check stopped early: ").append(result.stopReason()).append(".\n");
        }
        if (broken.isEmpty()) {
            md.append("\nNo broken links.\n");
        } else {
            md.append("\n| status | URL | linked from |\n| --- | --- | --- |\n");
            for (Row row : broken) {
                md.append("| ").append(row.brokenAs()).append(" | ").append(autolink(row.url())).append(" | ");
                List<String> pages = judged.pagesLinkingTo(row);
                for (int i = 0; i < pages.size(); i++) {
                    md.append(i == 0 ? "" : "<br>").append(autolink(pages.get(i)));
                }
                md.append(" |\n");
            }
        }
        out.write(md.toString());
    }

    /**
     * A URL as a Markdown autolink. The characters that would end it or split a table cell ({@code <}, {@code >},
     * {@code |}, spaces) are percent-encoded: the same URL, written safely.
     */
    private static String autolink(String url) {
        StringBuilder s = new StringBuilder(url.length() + 2).append('<');
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            switch (c) {
                case '<' -> s.append("%3C");
                case '>' -> s.append("%3E");
                case '|' -> s.append("%7C");
                case ' ' -> s.append("%20");
                case '`' -> s.append("%60");
                default -> s.append(c < 0x20 ? ' ' : c);
            }
        }
        return s.append('>').toString();
    }
}

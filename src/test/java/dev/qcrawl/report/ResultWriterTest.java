package dev.qcrawl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.crawl.CrawlResult;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CSV and JSON Lines name the same columns in the same order, with the same values. */
class ResultWriterTest {
    /** Rows as {@link Row#of} makes them: {@code in_sitemap} only when sitemaps were read, pages only for --broken. */
    private static List<Row> rows(boolean broken, boolean sitemaps) {
        return List.of(
                new Row("http://h/a, \"b\"", BigInteger.valueOf(12), 404, 3, "text/html; charset=UTF-8", null,
                        "http://h/", sitemaps ? true : null, broken ? List.of("http://h/", "http://h/x") : null),
                new Row("http://h/c", BigInteger.ONE, null, 2, null, "timeout", "http://h/a", sitemaps ? false : null,
                        broken ? List.of("http://h/a") : null));
    }

    @Test
    void csvColumnsAreTheJsonFieldsInTheirOrder() throws IOException {
        for (boolean broken : new boolean[] {false, true}) {
            for (boolean sitemaps : new boolean[] {false, true}) {
                List<List<String>> csv = parseCsv(write(Format.CSV, broken, sitemaps));
                List<String> expected = new ArrayList<>(List.of("url", "count", "status", "depth", "content_type",
                        "error", "referrer"));
                if (sitemaps) {
                    expected.add("in_sitemap");
                }
                if (broken) {
                    expected.add("linked_from");
                }
                assertEquals(expected, csv.get(0), "broken " + broken + ", sitemaps " + sitemaps);
                String[] jsonl = write(Format.JSONL, broken, sitemaps).split("\n");
                for (int i = 0; i < 2; i++) {
                    JsonNode json = new ObjectMapper().readTree(jsonl[i]);
                    List<String> fields = new ArrayList<>();
                    json.fieldNames().forEachRemaining(fields::add);
                    assertEquals(expected, fields);
                    List<String> values = new ArrayList<>();
                    for (String column : expected) {
                        JsonNode value = json.get(column);
                        values.add(value.isNull() ? "" : value.isArray() ? join(value) : value.asText());
                    }
                    assertEquals(values, csv.get(i + 1));
                }
            }
        }
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(" ", items);
    }

    private static String write(Format format, boolean broken, boolean sitemaps) throws IOException {
        CrawlResult result = new CrawlResult("http://h/", List.of(), 2, 1, Duration.ZERO, false, null, sitemaps,
                Set.of());
        StringWriter out = new StringWriter();
        ResultWriter.write(format, result, rows(broken, sitemaps), broken, out);
        return out.toString();
    }

    /** RFC 4180, read by hand: quoted fields with doubled quotes, CRLF line ends. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            lines.add(fields);
        }
        return lines;
    }
}

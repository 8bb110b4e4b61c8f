package dev.qcrawl.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.draw.Drawing;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a crawl's rows in one of the {@link Format}s. */
public final class ResultWriter {
    /** Jackson is loaded only when a JSON format is asked for: text output starts faster without it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private ResultWriter() {
    }

    /** Writes a format that needs no link graph (text, csv, json, jsonl). */
    public static void write(Format format, CrawlResult result, List<Row> rows, boolean broken, Writer out)
            throws IOException {
        write(format, result, rows, broken, Judged.DEFAULT, null, out);
    }

    /**
     * @param judged  which rows are broken links, for the CI formats (junit, markdown)
     * @param drawing the crawl's link graph, for the formats that draw it (html, dot, graphml); the graph formats
     *                have a node for each of {@code rows}, the HTML report shows the whole crawl
     */
    public static void write(Format format, CrawlResult result, List<Row> rows, boolean broken, Judged judged,
            Drawing drawing,
            Writer out) throws IOException {
        switch (format) {
            case TEXT -> text(rows, broken, out);
            case CSV -> csv(rows, broken, result.sitemaps(), out);
            case JSON -> json(result, rows, judged.checked(), out);
            case JSONL -> jsonl(rows, out);
            case HTML -> drawing(format, drawing).html(result, out);
            case DOT -> drawing(format, drawing).dot(result, listed(rows), out);
            case GRAPHML -> drawing(format, drawing).graphMl(result, listed(rows), out);
            case JUNIT -> CiReports.junit(result, rows, judged, out);
            case MARKDOWN -> CiReports.markdown(result, rows, result.rows().size(), judged, out);
        }
        out.flush();
    }

    private static Drawing drawing(Format format, Drawing drawing) {
        if (drawing == null) {
            throw new IllegalArgumentException("--format " + format.cliName() + " needs the crawl's link graph");
        }
        return drawing;
    }

    private static java.util.Set<String> listed(List<Row> rows) {
        java.util.Set<String> urls = new java.util.HashSet<>(rows.size() * 2);
        rows.forEach(row -> urls.add(row.url()));
        return urls;
    }

    private static void text(List<Row> rows, boolean broken, Writer out) throws IOException {
        StringBuilder line = new StringBuilder(128);
        for (Row row : rows) {
            line.setLength(0);
            if (broken) {
                line.append(row.brokenAs()).append(' ')
                        .append(row.url()).append('\n');
                for (String from : row.linkedFrom()) {
                    line.append("    linked from ").append(from).append('\n');
                }
            } else {
                // String.format("%3d %s", count, url), without loading the formatter at start-up
                String count = row.count().toString();
                for (int pad = count.length(); pad < 3; pad++) {
                    line.append(' ');
                }
                line.append(count).append(' ').append(row.url()).append('\n');
            }
            out.write(line.toString());
        }
    }

    /**
     * The columns are {@link Row}'s, in its order, read from the record by Jackson: {@code in_sitemap} only when
     * sitemaps were read, {@code linked_from} (the pages joined by spaces) only with {@code --broken}.
     */
    private static void csv(List<Row> rows, boolean broken, boolean sitemaps, Writer out) throws IOException {
        CsvMapper mapper = CsvMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).enable(JsonGenerator.Feature.IGNORE_UNKNOWN).build();
        CsvSchema.Builder schema = CsvSchema.builder();
        for (CsvSchema.Column column : mapper.schemaFor(Row.class)) {
            boolean shown = switch (column.getName()) {
                case Row.IN_SITEMAP -> sitemaps;
                case Row.LINKED_FROM -> broken;
                default -> true;
            };
            if (shown) {
                schema.addColumn(column.getName(), column.getType());
            }
        }
        try (SequenceWriter writer = mapper.writer(schema.build().withHeader().withLineSeparator("\r\n")
                .withArrayElementSeparator(" ")).writeValues(out)) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
    }

    /** @param checked the URLs a link check requested, or null without a check */
    private static void json(CrawlResult result, List<Row> rows, Long checked, Writer out) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("start_url", result.startUrl());
        summary.put("pages_fetched", result.pagesFetched());
        summary.put("failures", result.failures());
        summary.put("urls", rows.size());
        summary.put("elapsed_seconds", result.elapsed().toNanos() / 1e9);
        summary.put("stopped", StopReason.labelOf(result.stopReason()));
        if (result.sitemaps()) {
            summary.put("orphans", result.orphans().size());
        }
        if (checked != null) {
            summary.put("checked", checked);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", summary);
        doc.put("rows", rows);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, doc);
        out.write('\n');
    }

    private static void jsonl(List<Row> rows, Writer out) throws IOException {
        for (Row row : rows) {
            out.write(Json.MAPPER.writeValueAsString(row));
            out.write('\n');
        }
    }
}

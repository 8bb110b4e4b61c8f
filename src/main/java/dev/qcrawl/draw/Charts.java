package dev.qcrawl.draw;

import dev.qcrawl.crawl.UrlStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The report's bar charts of the URLs by status, depth and content type, as inline SVG. */
final class Charts {
    private static final int WIDTH = 380;
    private static final int LABEL = 150;
    private static final int BAR = 18;
    private static final int TOP_TYPES = 8;

    /** One bar: its label and the number of URLs. */
    record Bar(String label, long value, String colour) {
    }

    private Charts() {
    }

    /** URLs by HTTP status, then by how the others ended (an error label, or not fetched). */
    static List<Bar> statuses(List<UrlStats> rows, java.util.function.Predicate<UrlStats> broken) {
        Map<Integer, long[]> byStatus = new TreeMap<>();
        Map<String, long[]> byOutcome = new TreeMap<>();
        Map<Object, String> colours = new java.util.HashMap<>();
        for (UrlStats row : rows) {
            String colour = StatusClass.of(row, broken).colour();
            if (row.status() != null) {
                byStatus.computeIfAbsent(row.status(), s -> new long[1])[0]++;
                colours.put(row.status(), colour);
            } else {
                String label = row.error() == null ? "not fetched" : row.error().label();
                byOutcome.computeIfAbsent(label, s -> new long[1])[0]++;
                colours.put(label, colour);
            }
        }
        List<Bar> bars = new ArrayList<>();
        byStatus.forEach((status, n) -> bars.add(new Bar(status.toString(), n[0], colours.get(status))));
        byOutcome.forEach((label, n) -> bars.add(new Bar(label, n[0], colours.get(label))));
        return bars;
    }

    /** URLs by the shallowest depth they were reached at. */
    static List<Bar> depths(List<UrlStats> rows) {
        Map<Integer, long[]> byDepth = new TreeMap<>();
        rows.forEach(row -> byDepth.computeIfAbsent(row.depth(), d -> new long[1])[0]++);
        List<Bar> bars = new ArrayList<>();
        byDepth.forEach((depth, n) -> bars.add(new Bar(depth.toString(), n[0], "#5c6bc0")));
        return bars;
    }

    /** URLs by media type (parameters dropped), the most common first; the rest as one bar. */
    static List<Bar> contentTypes(List<UrlStats> rows) {
        Map<String, long[]> byType = new LinkedHashMap<>();
        for (UrlStats row : rows) {
            String type = row.contentType() == null ? "(none)"
                    : row.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            byType.computeIfAbsent(type.isEmpty() ? "(none)" : type, t -> new long[1])[0]++;
        }
        List<Map.Entry<String, long[]>> types = new ArrayList<>(byType.entrySet());
        types.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        List<Bar> bars = new ArrayList<>();
        long rest = 0;
        int restTypes = 0;
        for (int i = 0; i < types.size(); i++) {
            if (i < TOP_TYPES || types.size() == TOP_TYPES + 1) {
                bars.add(new Bar(types.get(i).getKey(), types.get(i).getValue()[0], "#26a69a"));
            } else {
                rest += types.get(i).getValue()[0];
                restTypes++;
            }
        }
        if (restTypes > 0) {
            bars.add(new Bar(restTypes + " other types", rest, "#80cbc4"));
        }
        return bars;
    }

    /** A horizontal bar chart: a label, a bar as long as its share of the largest, and the number. */
    static String svg(String id, String title, List<Bar> bars) {
        long max = bars.stream().mapToLong(Bar::value).max().orElse(1);
        int height = bars.size() * (BAR + 4) + 4;
        StringBuilder svg = new StringBuilder();
        svg.append("<figure class=\"chart\" id=\"").append(id).append("\"><figcaption>").append(Html.text(title))
                .append("</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" aria-label=\"").append(Html.text(title)).append("\">");
        int y = 4;
        int room = WIDTH - LABEL - 60;
        for (Bar bar : bars) {
            long length = Math.max(1, Math.round((double) bar.value() * room / Math.max(max, 1)));
            String label = bar.label().length() > 24 ? bar.label().substring(0, 23) + "…" : bar.label();
            svg.append("<g class=\"bar\"><title>").append(Html.text(bar.label())).append(": ").append(bar.value())
                    .append("</title><text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 13)
                    .append("\" text-anchor=\"end\">").append(Html.text(label)).append("</text><rect x=\"")
                    .append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(length)
                    .append("\" height=\"").append(BAR).append("\" fill=\"").append(bar.colour())
                    .append("\"/><text x=\"").append(LABEL + length + 4).append("\" y=\"").append(y + 13)
                    .append("\">").append(bar.value()).append("</text></g>");
            y += BAR + 4;
        }
        return svg.append("</svg></figure>").toString();
    }
}

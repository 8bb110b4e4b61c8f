import dev.qcrawl.testing.Chromium;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Opens an HTML report in Debian's headless Chromium a few times, each in a fresh browser, and prints how long
 * it took from the start of the navigation until the drawing was on screen (the report's own mark, taken two
 * animation frames after Cytoscape.js was ready), and the same seen from outside (driver.get until ready).
 *
 * usage (bench/report runs it): java -cp CLASSPATH bench/ReportTiming.java REPORT.html [RUNS]
 */
public class ReportTiming {
    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Double> inside = new ArrayList<>();
        List<Double> outside = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Chromium chromium = new Chromium(1400, 1000)) {
                long t0 = System.nanoTime();
                chromium.openAndWait(report.toUri().toString());
                outside.add((System.nanoTime() - t0) / 1e6);
                inside.add(((Number) chromium.script("return qcrawlReport.readyAt;")).doubleValue());
                System.out.println("  phases (ms since navigation start): "
                        + chromium.script("var m = qcrawlReport.marks; return 'script ' + Math.round(m.start)"
                                + " + ', data parsed ' + Math.round(m.parsed) + ', elements ' + Math.round(m.elements)"
                                + " + ', cytoscape ' + Math.round(m.cytoscape) + ', drawn ' + Math.round(qcrawlReport.readyAt);"));
                if (i == 0) {
                    System.out.printf("%s: %s URLs, %s drawn, %s edges drawn; console errors: %s%n",
                            report.getFileName(), chromium.script("return qcrawlReport.urls;"),
                            chromium.script("return qcrawlReport.drawn;"),
                            chromium.script("return qcrawlReport.cy.edges().length;"), chromium.consoleErrors());
                }
            }
        }
        System.out.printf("navigation start -> drawn (ms): %s, median %.0f%n", rounded(inside), median(inside));
        System.out.printf("driver.get -> drawn (ms):       %s, median %.0f%n", rounded(outside), median(outside));
    }

    private static List<Long> rounded(List<Double> ms) {
        return ms.stream().map(Math::round).toList();
    }

    private static double median(List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

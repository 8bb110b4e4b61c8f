package dev.qcrawl;

import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.serve.StaticSite;

/**
 * Start-up work done on a second core while picocli parses the command line: the HTTP client, the HTML parser
 * and URL normalizer, and with {@code --serve} the file server's classes. It changes nothing observable; it only
 * moves class loading off the critical path.
 */
final class Warmup {
    private Warmup() {
    }

    static void start(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return; // nothing will be crawled, and the extra thread would only slow the exit
            }
        }
        boolean serve = java.util.Arrays.stream(args).anyMatch(a -> a.equals("--serve") || a.startsWith("--serve="));
        Thread t = new Thread(() -> run(serve), "qcrawl-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run(boolean serve) {
        try {
            org.slf4j.LoggerFactory.getLogger("qcrawl"); // the logging back end reads its configuration once
            // In the order the crawl needs them: the server starts, then the client, then the first response.
            if (serve) {
                StaticSite.warmUp();
            }
            Fetcher.warmUp();
            if (serve) {
                StaticSite.warmUpDates();
            }
            LinkExtractor.warmUp();
        } catch (RuntimeException e) {
            // A failed warm-up (say, the working folder is gone) only makes the start slower; the crawl reports
            // real problems itself.
        }
    }
}

package dev.qcrawl;

import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.links.LinkExtractor;

/**
 * Start-up work done on a second core while picocli parses the command line: the JDK's default TLS context
 * (which {@link java.net.http.HttpClient} builds eagerly, about 150 ms of class loading) and the HTML parser's
 * classes. It changes nothing observable; it only moves class loading off the critical path.
 */
final class Warmup {
    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(Warmup::run, "qcrawl-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        Fetcher.warmUp();
        LinkExtractor.warmUp();
    }
}

package dev.qcrawl;

import dev.qcrawl.cli.CrawlCommand;
import dev.qcrawl.cli.ExitCodes;
import dev.qcrawl.heap.HeapWatch;
import dev.qcrawl.cli.Relaunch;
import java.util.OptionalInt;

/**
 * Entry point: from {@code java -jar}, starts the crawl in a JVM tuned for it ({@link Relaunch}) and exits with its
 * code; otherwise hands the arguments to picocli and exits with the code the command returns, or with
 * {@link ExitCodes#OUT_OF_MEMORY} and one line if memory ran out where the crawl could not stop cleanly.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CrawlCommand.catchStopsEarly();
        OptionalInt relaunched = Relaunch.run(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        CrawlCommand.captureStandardOutput();
        Warmup.start(args);
        HeapWatch.quietOutOfMemory();
        int code;
        try {
            code = CrawlCommand.run(args);
        } catch (OutOfMemoryError e) {
            // Memory ran out where the crawl could not stop cleanly (counting, writing): one line, no trace.
            HeapWatch.releaseReserve();
            System.out.flush();
            System.err.println("qcrawl: memory ran out (Java heap limit " + HeapWatch.maxHeapMiB()
                    + " MiB) before the counts were all written. " + CrawlCommand.OUT_OF_MEMORY_ADVICE);
            code = ExitCodes.OUT_OF_MEMORY;
        }
        System.exit(code);
    }
}

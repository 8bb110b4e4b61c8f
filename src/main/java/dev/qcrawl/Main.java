package dev.qcrawl;

import dev.qcrawl.cli.CrawlCommand;
import dev.qcrawl.cli.Relaunch;
import java.util.OptionalInt;

/**
 * Entry point: from {@code java -jar}, starts the crawl in a JVM tuned for it ({@link Relaunch}) and exits with its
 * code; otherwise hands the arguments to picocli and exits with the code the command returns.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt relaunched = Relaunch.run(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        Warmup.start(args);
        System.exit(CrawlCommand.run(args));
    }
}

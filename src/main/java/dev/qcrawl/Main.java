package dev.qcrawl;

import dev.qcrawl.cli.CrawlCommand;

/** Entry point: hands the arguments to picocli and exits with the code the command returns. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Warmup.start(args);
        System.exit(CrawlCommand.run(args));
    }
}

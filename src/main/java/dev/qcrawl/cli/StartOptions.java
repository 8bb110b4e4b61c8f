package dev.qcrawl.cli;

import java.nio.file.Path;

/**
 * Where the crawl starts: a URL, or {@code --serve DIR} with an optional path on the served site.
 *
 * @throws IllegalArgumentException with the usage message when neither is given, or a URL is given with --serve
 */
record StartOptions(String url, Path serve) {
    StartOptions {
        if (serve == null && url == null) {
            throw new IllegalArgumentException(
                    "missing URL: give a start URL such as http://localhost:8000/, or --serve DIR");
        }
        if (serve != null && url != null && url.contains("://")) {
            throw new IllegalArgumentException(
                    "with --serve, give a path on the served site (e.g. docs/index.html), not a URL: " + url);
        }
    }

    static StartOptions of(Arguments args) {
        return new StartOptions(args.url(), args.serve());
    }
}

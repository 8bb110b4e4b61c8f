package dev.qcrawl.cli;

import dev.qcrawl.redis.RedisAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A crawl shared through Redis: {@code --frontier} (null for a crawl of one process), {@code --crawl-id},
 * {@code --frontier-cacert} and {@code --lease}; {@code serving} says whether {@code --serve} was given.
 *
 * @throws IllegalArgumentException with the usage message when the options do not go together or a value is
 *                                  invalid
 */
record SharedOptions(String frontier, String crawlId, Path cacert, Duration lease, boolean serving) {
    SharedOptions {
        if (frontier != null && crawlId == null) {
            throw new IllegalArgumentException("--frontier needs --crawl-id NAME: the name every process of the"
                    + " crawl gives");
        }
        if (crawlId != null && frontier == null) {
            throw new IllegalArgumentException("--crawl-id goes with --frontier redis://HOST:PORT");
        }
        if (crawlId != null && !crawlId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "--crawl-id: letters, digits, '.', '_' and '-' only (at most 100), got '" + crawlId + "'");
        }
        RedisAddress address = frontier == null ? null : RedisAddress.parse(frontier); // its own message
        if (cacert != null && (address == null || !address.tls())) {
            throw new IllegalArgumentException("--frontier-cacert goes with a rediss:// (TLS) --frontier");
        }
        if (cacert != null && !Files.isReadable(cacert)) {
            throw new IllegalArgumentException("--frontier-cacert: cannot read " + cacert);
        }
        if (frontier != null && serving) {
            throw new IllegalArgumentException(
                    "--serve cannot be shared with --frontier: each process would serve its own copy");
        }
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("--lease must be > 0");
        }
    }

    static SharedOptions of(Arguments args) {
        return new SharedOptions(args.frontier(), args.crawlId(), args.frontierCacert(), args.lease(),
                args.serve() != null);
    }

    /** Whether the crawl is shared. */
    boolean shared() {
        return frontier != null;
    }
}

package dev.qcrawl.cli;

/**
 * The long names of qcrawl's options, written once: {@link CommandModel} declares the options under them and
 * {@link Arguments} reads the parsed values back by them. Compile-time constants, so they cost nothing at start-up.
 */
final class OptionNames {
    static final String MAX_DEPTH = "--max-depth";
    static final String NUM_WORKERS = "--num-workers";
    static final String QUEUE = "--queue";
    static final String UNIQUE = "--unique";
    static final String SERVE = "--serve";
    static final String SCOPE = "--scope";
    static final String INCLUDE = "--include";
    static final String EXCLUDE = "--exclude";
    static final String HEADER = "--header";
    static final String SITEMAPS = "--sitemaps";
    static final String ORPHANS = "--orphans";
    static final String IGNORE_ROBOTS = "--ignore-robots";
    static final String PER_HOST = "--per-host";
    static final String DELAY = "--delay";
    static final String USER_AGENT = "--user-agent";
    static final String CONNECT_TIMEOUT = "--connect-timeout";
    static final String TIMEOUT = "--timeout";
    static final String RETRIES = "--retries";
    static final String MAX_REDIRECTS = "--max-redirects";
    static final String MAX_BODY = "--max-body";
    static final String MAX_PAGES = "--max-pages";
    static final String FRONTIER = "--frontier";
    static final String FRONTIER_CACERT = "--frontier-cacert";
    static final String CRAWL_ID = "--crawl-id";
    static final String LEASE = "--lease";
    static final String FORMAT = "--format";
    static final String OUTPUT = "--output";
    static final String BROKEN = "--broken";
    static final String FAIL_ON_BROKEN = "--fail-on-broken";
    static final String CHECK = "--check";
    static final String CHECK_FRAGMENTS = "--check-fragments";
    static final String ACCEPT = "--accept";
    static final String EXCLUDE_PRIVATE = "--exclude-private";
    static final String QUIET = "--quiet";
    static final String VERBOSE = "--verbose";
    static final String HELP = "--help";
    static final String VERSION = "--version";

    private OptionNames() {
    }
}

package dev.qcrawl.cli;

import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.Scope;
import dev.qcrawl.report.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * qcrawl's command line, declared with picocli's programmatic API. Annotations would do the same, but picocli
 * reads them by reflection and builds annotation proxies at every start, which took about a third of the start-up
 * of a small crawl; this model is built directly. The long option names are {@link OptionNames}, by which
 * {@link Arguments} reads the parsed values back.
 */
final class CommandModel {
    /** Defaults that the shared crawl's identity also reads (CrawlCommand.fetches). */
    static final String MAX_REDIRECTS_DEFAULT = "10";
    static final String MAX_BODY_DEFAULT = "10MiB";

    private CommandModel() {
    }

    static CommandSpec of(Object command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("qcrawl")
                .versionProvider(new VersionProvider());
        spec.usageMessage()
                .description(
                        "Crawls a web site from URL up to a depth and prints how often each URL was reached.",
                        "By default counts are the tutorial's walk counts: a URL reached by k link paths counts k.")
                .sortOptions(false)
                .autoWidth(true)
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes())
                .footer("%nFrom java -jar (JDK 25+), the crawl runs in a second JVM with bin/qcrawl's",
                        "options; java -Dqcrawl.relaunch=false -jar ... keeps it in one JVM.");

        spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("URL").type(String.class)
                .description("Start URL (http or https). With --serve: optional path on the served site.").build());

        value(spec, "N", int.class, null, "2", "Fetch pages up to this depth; the start URL is depth 1 "
                + "(default: ${DEFAULT-VALUE}).", "-d", OptionNames.MAX_DEPTH);
        value(spec, "N", int.class, null, "8", "Virtual-thread workers (default: ${DEFAULT-VALUE}).",
                "-w", OptionNames.NUM_WORKERS);
        value(spec, "TYPE", QueueType.class, new Conversions.QueueConverter(), "fifo",
                "Frontier order: fifo, lifo or priority (shortest URL first) (default: ${DEFAULT-VALUE}).",
                OptionNames.QUEUE);
        flag(spec, "Fetch and expand each page once; count the links to each URL instead of link paths.",
                OptionNames.UNIQUE);
        value(spec, "DIR", Path.class, null, null,
                "Serve DIR on a loopback port with a built-in file server and crawl it.", OptionNames.SERVE);
        value(spec, "SCOPE", Scope.class, new Conversions.ScopeConverter(), "host",
                "What is fetched: host (same scheme, host, port), domain or any (default: ${DEFAULT-VALUE}). "
                        + "Other links are counted, not fetched.", OptionNames.SCOPE);
        repeated(spec, "REGEX", "Fetch only URLs in which REGEX is found (Java regex; repeatable: any of them). "
                + "Others are counted and listed with error 'excluded'.", OptionNames.INCLUDE);
        repeated(spec, "REGEX", "Do not fetch URLs in which REGEX is found (repeatable). The start URL is never "
                + "excluded.", OptionNames.EXCLUDE);
        repeated(spec, "'NAME: VALUE'", "Send this header with every request to the start URL's origin, and to no "
                + "other host (repeatable). Credentials in the start URL become Basic authentication the same way.",
                "-H", OptionNames.HEADER);
        flag(spec, "Also start from the site's sitemaps (robots.txt's Sitemap: lines, else /sitemap.xml): their URLs "
                + "are jobs at depth 1; rows say whether a sitemap lists the URL.", OptionNames.SITEMAPS);
        flag(spec, "List only the sitemap URLs that no fetched page links to (reads the sitemaps).",
        OptionNames.ORPHANS);
        flag(spec, "Do not fetch or obey robots.txt.", OptionNames.IGNORE_ROBOTS);
        value(spec, "N", int.class, null, "8", "Concurrent requests to one host at most (default: ${DEFAULT-VALUE});"
                + " a host starts at 16 when N is higher, and an overloaded host gets fewer.", OptionNames.PER_HOST);
        value(spec, "TIME", Duration.class, new Conversions.DurationConverter(), "0",
                "Least time between requests to one host, e.g. 500ms (default: ${DEFAULT-VALUE}s).", OptionNames.DELAY);
        value(spec, "UA", String.class, null, null,
                "User-Agent for requests and robots.txt (default: qcrawl/VERSION).", OptionNames.USER_AGENT);
        value(spec, "TIME", Duration.class, new Conversions.DurationConverter(), "10s",
                "Bound on opening a connection (default: ${DEFAULT-VALUE}).", OptionNames.CONNECT_TIMEOUT);
        value(spec, "TIME", Duration.class, new Conversions.DurationConverter(), "30s",
                "Bound on one request, body included (default: ${DEFAULT-VALUE}).", OptionNames.TIMEOUT);
        value(spec, "N", int.class, null, "2",
                "Retries after connection errors, 429 and 503 (default: ${DEFAULT-VALUE}).", OptionNames.RETRIES);
        value(spec, "N", int.class, null, MAX_REDIRECTS_DEFAULT, "Redirects followed per URL (default: ${DEFAULT-VALUE}).",
                OptionNames.MAX_REDIRECTS);
        value(spec, "SIZE", long.class, new Conversions.SizeConverter(), MAX_BODY_DEFAULT,
                "Page bytes read at most; the part read is still parsed (default: ${DEFAULT-VALUE}).",
                OptionNames.MAX_BODY);
        value(spec, "N", long.class, null, "0",
                "Request at most N pages, then print the counts of what was found (default: 0, no limit, as "
                        + "Scrapy's CLOSESPIDER_PAGECOUNT and wget's --quota take 0).",
                OptionNames.MAX_PAGES);
        value(spec, "URL", String.class, null, null,
                "Share the crawl with other processes through Redis at redis://[USER[:PASSWORD]@]HOST:PORT[/DB] "
                        + "(rediss:// for TLS; any node of a Redis Cluster); needs --crawl-id. The password may "
                        + "instead be in the environment variable QCRAWL_FRONTIER_PASSWORD.",
                OptionNames.FRONTIER);
        value(spec, "FILE", Path.class, null, null,
                "With a rediss:// --frontier: the CA certificate (PEM) that signed the server's, instead of the "
                        + "JVM's trusted ones.", OptionNames.FRONTIER_CACERT);
        value(spec, "NAME", String.class, null, null,
                "The shared crawl's name: every process of one crawl gives the same (letters, digits, . _ -).",
                OptionNames.CRAWL_ID);
        value(spec, "TIME", Duration.class, new Conversions.DurationConverter(), "30s",
                "With --frontier: how long a job stays with a process that took it before others may take it over "
                        + "(default: ${DEFAULT-VALUE}).", OptionNames.LEASE);
        value(spec, "FORMAT", Format.class, new Conversions.FormatConverter(), "text",
                "Output: text, csv, json, jsonl, junit or markdown (link checks in CI), html (a report to open in a "
                        + "browser), dot or graphml (the link graph) (default: ${DEFAULT-VALUE}).", OptionNames.FORMAT);
        value(spec, "FILE", Path.class, null, null, "Write results to FILE (atomically) instead of stdout.",
                "-o", OptionNames.OUTPUT);
        flag(spec, "List only broken URLs (failed or 4xx/5xx) with the pages linking to them.", OptionNames.BROKEN);
        flag(spec, "Exit with 3 if any broken URL was found.", OptionNames.FAIL_ON_BROKEN);
        flag(spec, "Check every link found on the fetched pages, in scope or not, and the images, stylesheets, "
                + "scripts and other resources they load: each requested once, never crawled (on with --broken, "
                + "--fail-on-broken and the junit and markdown formats).", OptionNames.CHECK);
        flag(spec, "With a check: a link page#frag to an HTML page without id or <a name> 'frag' is broken.",
                OptionNames.CHECK_FRAGMENTS);
        repeated(spec, "CODES", "With a check: these statuses (400-599) count as fine, e.g. 403,429,500-599 "
                + "(repeatable).", OptionNames.ACCEPT);
        flag(spec, "Refuse requests to hosts that resolve to loopback, private, link-local or unspecified addresses "
                + "(error 'private').", OptionNames.EXCLUDE_PRIVATE);
        flag(spec, "No worker log lines and no progress line on stderr.", "-q", OptionNames.QUIET);
        flag(spec, "Show stack traces for errors.", OptionNames.VERBOSE);
        spec.addOption(OptionSpec.builder("-h", OptionNames.HELP).usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", OptionNames.VERSION).versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(ExitCodes.OK), "done");
        codes.put(String.valueOf(ExitCodes.START_FAILED), "the start URL could not be fetched at all, or redirects out of the crawl");
        codes.put(String.valueOf(ExitCodes.USAGE), "bad usage (unknown option, invalid value, missing URL)");
        codes.put(String.valueOf(ExitCodes.BROKEN), "broken links found, with --fail-on-broken");
        codes.put(String.valueOf(ExitCodes.STATE_UNAVAILABLE),
                "the shared frontier (Redis) could not be reached or refused the password or a command; what it holds is kept");
        codes.put(String.valueOf(ExitCodes.OUT_OF_MEMORY),
                "memory ran out (see -Xmx, --max-pages, --frontier); the counts so far are printed");
        codes.put(String.valueOf(ExitCodes.OUTPUT_FAILED), "the counts could not be written (standard output or -o)");
        codes.put(String.valueOf(ExitCodes.INTERNAL), "an internal error (a bug in qcrawl)");
        codes.put(String.valueOf(ExitCodes.INTERRUPTED), "interrupted (Ctrl-C); the counts so far are printed");
        codes.put(String.valueOf(ExitCodes.BROKEN_PIPE), "standard output's reader went away (| head)");
        codes.put(String.valueOf(ExitCodes.TERMINATED), "stopped by SIGTERM; the counts so far are printed");
        return codes;
    }

    private static void value(CommandSpec spec, String label, Class<?> type, ITypeConverter<?> converter,
            String defaultValue, String description, String... names) {
        OptionSpec.Builder option = OptionSpec.builder(names).paramLabel(label).type(type).description(description);
        if (converter != null) {
            option.converters(converter);
        }
        if (defaultValue != null) {
            option.defaultValue(defaultValue);
        }
        spec.addOption(option.build());
    }

    private static void repeated(CommandSpec spec, String label, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).paramLabel(label).type(String[].class).arity("1")
                .description(description).build());
    }

    private static void flag(CommandSpec spec, String description, String... names) {
        spec.addOption(OptionSpec.builder(names).type(boolean.class).description(description).build());
    }
}

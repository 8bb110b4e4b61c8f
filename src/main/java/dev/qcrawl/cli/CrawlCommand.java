package dev.qcrawl.cli;

import dev.qcrawl.crawl.CrawlConfig;
import dev.qcrawl.crawl.CrawlEvents;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Crawler;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.Nodes;
import dev.qcrawl.crawl.PageLoader;
import dev.qcrawl.fetch.FetchSettings;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.RetryPolicy;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.Scope;
import dev.qcrawl.links.UrlNormalizer;
import dev.qcrawl.report.AtomicFile;
import dev.qcrawl.report.Format;
import dev.qcrawl.report.Progress;
import dev.qcrawl.report.Report;
import dev.qcrawl.report.ResultWriter;
import dev.qcrawl.report.Row;
import dev.qcrawl.serve.StaticSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code qcrawl} command: parses options into a {@link CrawlConfig}, runs the crawl, prints the counts. */
@Command(name = "qcrawl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Crawls a web site from URL up to a depth and prints how often each URL was reached.",
            "By default counts are the tutorial's walk counts: a URL reached by k link paths counts k."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:the start URL could not be fetched at all",
            "2:bad usage (unknown option, invalid value, missing URL)",
            "3:broken links found, with --fail-on-broken",
            "130:interrupted (Ctrl-C); the counts so far are printed"})
public final class CrawlCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "Start URL (http or https). With --serve: optional path on the served site.")
    private String url;

    @Option(names = {"-d", "--max-depth"}, paramLabel = "N", defaultValue = "2",
            description = "Fetch pages up to this depth; the start URL is depth 1 (default: ${DEFAULT-VALUE}).")
    private int maxDepth;

    @Option(names = {"-w", "--num-workers"}, paramLabel = "N", defaultValue = "8",
            description = "Virtual-thread workers (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--queue", paramLabel = "TYPE", defaultValue = "fifo", converter = Conversions.QueueConverter.class,
            description = "Frontier order: fifo, lifo or priority (shortest URL first) (default: ${DEFAULT-VALUE}).")
    private QueueType queue;

    @Option(names = "--unique",
            description = "Fetch and expand each page once; count the links to each URL instead of link paths.")
    private boolean unique;

    @Option(names = "--serve", paramLabel = "DIR",
            description = "Serve DIR on a loopback port with a built-in file server and crawl it.")
    private Path serve;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "host", converter = Conversions.ScopeConverter.class,
            description = "What is fetched: host (same scheme, host, port), domain or any (default: ${DEFAULT-VALUE}). "
                    + "Other links are counted, not fetched.")
    private Scope scope;

    @Option(names = "--ignore-robots", description = "Do not fetch or obey robots.txt.")
    private boolean ignoreRobots;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "8",
            description = "Concurrent requests to one host at most (default: ${DEFAULT-VALUE}).")
    private int perHost;

    @Option(names = "--delay", paramLabel = "TIME", defaultValue = "0", converter = Conversions.DurationConverter.class,
            description = "Least time between requests to one host, e.g. 500ms (default: ${DEFAULT-VALUE}s).")
    private Duration delay;

    @Option(names = "--user-agent", paramLabel = "UA",
            description = "User-Agent for requests and robots.txt (default: qcrawl/VERSION).")
    private String userAgent;

    @Option(names = "--connect-timeout", paramLabel = "TIME", defaultValue = "10s",
            converter = Conversions.DurationConverter.class,
            description = "Bound on opening a connection (default: ${DEFAULT-VALUE}).")
    private Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "30s", converter = Conversions.DurationConverter.class,
            description = "Bound on one request, body included (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "Retries after connection errors, 429 and 503 (default: ${DEFAULT-VALUE}).")
    private int retries;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "10",
            description = "Redirects followed per URL (default: ${DEFAULT-VALUE}).")
    private int maxRedirects;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "10MiB", converter = Conversions.SizeConverter.class,
            description = "Page bytes read at most; the part read is still parsed (default: ${DEFAULT-VALUE}).")
    private long maxBody;

    @Option(names = "--max-pages", paramLabel = "N", defaultValue = "0",
            description = "Stop after fetching N pages and print the counts so far (default: no limit).")
    private long maxPages;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = Conversions.FormatConverter.class,
            description = "Output: text, csv, json or jsonl (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write results to FILE (atomically) instead of stdout.")
    private Path output;

    @Option(names = "--broken", description = "List only broken URLs (failed or 4xx/5xx) with the pages linking to them.")
    private boolean broken;

    @Option(names = "--fail-on-broken", description = "Exit with 3 if any broken URL was found.")
    private boolean failOnBroken;

    @Option(names = {"-q", "--quiet"}, description = "No worker log lines and no progress line on stderr.")
    private boolean quiet;

    @Option(names = "--verbose", description = "Show stack traces for errors.")
    private boolean verbose;

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line: one-line errors, documented exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CrawlCommand());
        cli.setParameterExceptionHandler(CrawlCommand::usageError);
        cli.setExecutionExceptionHandler(CrawlCommand::executionError);
        cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        return cli;
    }

    private static int usageError(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("qcrawl: " + oneLine(e.getMessage()) + " (see 'qcrawl --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int executionError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        CrawlCommand command = cli.getCommand();
        if (command.verbose) {
            e.printStackTrace(err);
        }
        err.println("qcrawl: " + oneLine(String.valueOf(e.getMessage())));
        err.flush();
        return ExitCodes.START_FAILED;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    @Override
    public Integer call() throws Exception {
        if (serve == null && url == null) {
            throw usage("missing URL: give a start URL such as http://localhost:8000/, or --serve DIR");
        }
        if (serve != null && url != null && url.contains("://")) {
            throw usage("with --serve, give a path on the served site (e.g. docs/index.html), not a URL: " + url);
        }
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw usage("--output: cannot write to " + output + " (its folder must exist and be writable)");
            }
            if (Files.isDirectory(output)) {
                throw usage("--output: " + output + " is a directory");
            }
        }
        StaticSite site = null;
        try {
            String start = url;
            if (serve != null) {
                site = StaticSite.serve(serve);
                start = site.rootUrl() + (url == null ? "" : url.replaceFirst("^/+", ""));
            }
            String agent = userAgent != null ? userAgent : "qcrawl/" + VersionProvider.version();
            FetchSettings fetch = new FetchSettings(agent, connectTimeout, timeout, RetryPolicy.standard(retries),
                    maxRedirects, maxBody, !ignoreRobots, perHost, delay, Duration.ofSeconds(10));
            // Invalid values throw IllegalArgumentException from the records' checks: a usage error below.
            return crawl(CrawlConfig.forUrl(start, maxDepth, workers, queue, unique ? Mode.UNIQUE : Mode.WALK,
                    scope, maxPages, fetch));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage()); // from the configuration's checks or --serve's folder
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int crawl(CrawlConfig config) throws InterruptedException, IOException {
        PrintWriter err = spec.commandLine().getErr();
        Nodes nodes = new Nodes();
        UrlNormalizer normalizer = new UrlNormalizer();
        try (Fetcher fetcher = new Fetcher(config.fetch(), Ticker.SYSTEM)) {
            PageLoader loader = new PageLoader(fetcher, new LinkExtractor(normalizer), normalizer, nodes,
                    config.scope().around(URI.create(config.startUrl())));
            CrawlEvents events = quiet ? CrawlEvents.SILENT : new LogEvents();
            Crawler crawler = new Crawler(config, nodes, loader, events);
            Interrupts.onSigint(() -> crawler.stop("interrupted"));
            CrawlResult result;
            try (Progress progress = !quiet && Progress.stderrIsTerminal()
                    ? Progress.start(err, new Progress.Figures(crawler::pagesFetched, crawler::queued, crawler::failures))
                    : Progress.NONE) {
                result = crawler.run();
            }
            Map<String, List<String>> linkedFrom = Map.of();
            if (broken) {
                Set<String> brokenUrls = new HashSet<>();
                result.rows().stream().filter(Row::broken).forEach(r -> brokenUrls.add(r.url()));
                linkedFrom = crawler.linkedFrom(brokenUrls);
            }
            List<Row> rows = Report.rows(result, broken, linkedFrom);
            write(result, rows);
            return exitCode(result, err);
        }
    }

    private void write(CrawlResult result, List<Row> rows) throws IOException {
        if (output != null) {
            AtomicFile.write(output, out -> ResultWriter.write(format, result, rows, broken, out));
        } else {
            Writer out = spec.commandLine().getOut();
            ResultWriter.write(format, result, rows, broken, out);
        }
    }

    private int exitCode(CrawlResult result, PrintWriter err) {
        if (result.interrupted()) {
            err.println("qcrawl: interrupted; printed the counts gathered so far");
            err.flush();
            return ExitCodes.INTERRUPTED;
        }
        if (result.startFailed()) {
            String why = result.rows().stream().filter(r -> r.url().equals(result.startUrl())).findFirst()
                    .map(r -> r.error()).orElse("no response");
            err.println("qcrawl: could not fetch the start URL " + result.startUrl() + ": " + why
                    + ("robots".equals(why) ? " (robots.txt forbids it; see --ignore-robots)" : ""));
            err.flush();
            return ExitCodes.START_FAILED;
        }
        if (failOnBroken && Report.anyBroken(result)) {
            return ExitCodes.BROKEN;
        }
        return ExitCodes.OK;
    }
}

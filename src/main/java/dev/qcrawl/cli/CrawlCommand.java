package dev.qcrawl.cli;

import dev.qcrawl.check.Accept;
import dev.qcrawl.check.LinkCheck;
import dev.qcrawl.crawl.CrawlConfig;
import dev.qcrawl.crawl.CrawlEvents;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.Crawler;
import dev.qcrawl.crawl.Roots;
import dev.qcrawl.crawl.Mode;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.MemoryState;
import dev.qcrawl.crawl.Snapshot;
import dev.qcrawl.handoff.StateFile;
import dev.qcrawl.crawl.StateUnavailableException;
import dev.qcrawl.redis.RedisAddress;
import dev.qcrawl.redis.RedisState;
import dev.qcrawl.redis.SharedCounts;
import dev.qcrawl.crawl.UrlStats;
import dev.qcrawl.count.Counts;
import dev.qcrawl.draw.Drawing;
import dev.qcrawl.crawl.PageLoader;
import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.fetch.AddressGuard;
import dev.qcrawl.fetch.FetchSettings;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.HostSilence;
import dev.qcrawl.fetch.Politeness;
import dev.qcrawl.fetch.OriginHeaders;
import dev.qcrawl.fetch.SitemapReader;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.fetch.RobotsCache;
import dev.qcrawl.fetch.RetryPolicy;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.heap.HeapWatch;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.Origins;
import dev.qcrawl.links.UrlFilter;
import dev.qcrawl.links.UrlNormalizer;
import dev.qcrawl.report.AtomicFile;
import dev.qcrawl.report.Format;
import dev.qcrawl.report.Judged;
import dev.qcrawl.report.Progress;
import dev.qcrawl.report.Report;
import dev.qcrawl.report.ResultWriter;
import dev.qcrawl.report.Row;
import dev.qcrawl.serve.StaticSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * The {@code qcrawl} command: parses options (declared in {@link CommandModel}) into a {@link CrawlConfig}, runs
 * the crawl, prints the counts.
 */
public final class CrawlCommand implements Callable<Integer> {
    /** What a user can do when memory runs out. */
    public static final String OUT_OF_MEMORY_ADVICE = "Give Java more memory (-Xmx, e.g. JDK_JAVA_OPTIONS=-Xmx2g),"
            + " crawl less (--max-pages) or keep the crawl's state in Redis (--frontier); with large pages, read"
            + " less of each (--max-body) or fewer at once (-w)";

    /** {@link #crawl}'s result when the crawl moved to another JVM that this one waits for ({@link #moved}). */
    private static final int HANDED_ON = Integer.MIN_VALUE;

    private final CommandSpec spec;
    /** The crawl handed to another JVM, if it was, and the stop signals, which now go to it. */
    private Handoff.Moved moved;
    private Interrupts.Installed movedSignals;

    private CrawlCommand() {
        this.spec = CommandModel.of(this);
    }

    /**
     * From the first moment of {@code main}: a stop signal (Ctrl-C, SIGTERM) before the crawl has its own handlers is
     * kept for it, instead of ending the JVM with nothing printed.
     */
    public static void catchStopsEarly() {
        Interrupts.catchEarly();
    }

    /** Has standard output remember why a write failed, so that a failure is reported ({@link StandardOutput}). */
    public static void captureStandardOutput() {
        StandardOutput.install();
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line: one-line errors, documented exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CrawlCommand().spec);
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
        if (e instanceof StandardOutput.OutputFailed failed) {
            if (failed.brokenPipe()) {
                return ExitCodes.BROKEN_PIPE; // the reader went away: nothing to tell it
            }
            err.println("qcrawl: " + oneLine(failed.getMessage()));
            err.flush();
            return ExitCodes.OUTPUT_FAILED;
        }
        if (Arguments.of(cli.getCommandSpec()).verbose()) {
            e.printStackTrace(err);
        }
        // An unchecked exception here is a bug; a checked one is the machine's.
        boolean bug = e instanceof RuntimeException;
        err.println("qcrawl: " + (bug ? "internal error: " + e : oneLine(String.valueOf(e.getMessage())))
                + (bug && !Arguments.of(cli.getCommandSpec()).verbose() ? " (run with --verbose for details)" : ""));
        err.flush();
        return bug ? ExitCodes.INTERNAL : ExitCodes.START_FAILED;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    @Override
    public Integer call() throws Exception {
        Arguments args = Arguments.of(spec);
        StartOptions from;
        Accept accept;
        try {
            // Each record checks its options together; the first rule broken is the usage error.
            from = StartOptions.of(args);
            OutputOptions.of(args);
            SharedOptions.of(args);
            CheckOptions.of(args);
            accept = Accept.parse(args.accept());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String url = from.url();
        Path serve = from.serve();
        UrlFilter filter = new UrlFilter(patterns(OptionNames.INCLUDE, args.include()),
                patterns(OptionNames.EXCLUDE, args.exclude()));
        List<OriginHeaders.Header> headers = new java.util.ArrayList<>();
        for (String line : args.headers()) {
            try {
                headers.add(OriginHeaders.parse(line));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        StaticSite site = null;
        try {
            String start = url;
            if (serve != null) {
                site = StaticSite.serve(serve);
                start = site.rootUrl() + (url == null ? "" : url.replaceFirst("^/+", ""));
            }
            String agent = args.userAgent() != null ? args.userAgent() : "qcrawl/" + VersionProvider.version();
            FetchSettings fetch = new FetchSettings(agent, args.connectTimeout(), args.timeout(),
                    RetryPolicy.standard(args.retries()), args.maxRedirects(), args.maxBody(), !args.ignoreRobots(),
                    args.perHost(), args.delay(), Duration.ofSeconds(10));
            // Invalid values throw IllegalArgumentException from the records' checks: a usage error below.
            CrawlConfig config = CrawlConfig.forUrl(start, args.maxDepth(), args.workers(), args.queue(),
                    args.unique() ? Mode.UNIQUE : Mode.WALK, args.scope(), args.maxPages(), fetch);
            headers.addAll(OriginHeaders.basicAuth(start));
            OriginHeaders sent = new OriginHeaders(Origins.of(URI.create(config.startUrl())), headers);
            Snapshot resume = null;
            Path resumeFile = Handoff.resumeFile().orElse(null);
            if (resumeFile != null) {
                resume = StateFile.read(resumeFile);
            }
            boolean mayMove = resumeFile == null && site == null && args.frontier() == null && !checks(args)
                    && config.maxPages() == 0 && Handoff.pages() > 0 && Handoff.possible(spec.commandLine()
                            .getParseResult().originalArgs().toArray(String[]::new));
            // A stop that came before the crawl had its handlers stops it as soon as it has them.
            int code = crawl(config, args, filter, sent, accept, resume, resumeFile, mayMove, Interrupts.takeEarly());
            if (code == HANDED_ON) {
                Handoff.Moved handed = moved;
                moved = null;
                System.gc(); // this JVM only waits now: what it can give back goes back to the system
                Optional<Integer> exit = handed.await();
                if (exit.isPresent()) {
                    return exit.get();
                }
                // The other JVM ended before it took the crawl over: it goes on here, from the file, stopped at
                // once if a stop signal came meanwhile.
                code = crawl(config, args, filter, sent, accept, StateFile.read(handed.state()), handed.state(),
                        false, movedSignals);
            }
            return code;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage()); // from the configuration's checks or --serve's folder
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    /** Whether every link found is checked ({@link LinkCheck}): see {@link CheckOptions#checks()}. */
    private static boolean checks(Arguments args) {
        return CheckOptions.of(args).checks();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @SuppressWarnings("try") // the progress line and the signal handlers are scopes, not used in the body
    private List<Pattern> patterns(String option, List<String> regexes) {
        List<Pattern> patterns = new java.util.ArrayList<>();
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw usage(option + ": not a valid regular expression: '" + regex + "' (" + e.getDescription()
                        + ")");
            }
        }
        return patterns;
    }

    /**
     * Crawls and writes the output; returns the exit code, or {@link #HANDED_ON} with {@link #moved} set. From
     * {@code resume} when it is not null (read from {@code resumeFile}, deleted once this crawl takes it over, when
     * not null); {@code mayMove}: the crawl may move to a JVM with C2 ({@link Handoff}); {@code moving}: the handlers
     * of a crawl that tried to move and goes on here, or those that caught stops before the crawl began (null if
     * none): a stop that came meanwhile is applied as soon as it goes on, and the next one exits at once.
     */
    private int crawl(CrawlConfig config, Arguments args, UrlFilter filter, OriginHeaders sent, Accept accept,
            Snapshot resume, Path resumeFile, boolean mayMove, Interrupts.Installed moving)
            throws InterruptedException, IOException {
        StopReason stopAtOnce = moving == null ? null : moving.stopped();
        boolean sitemaps = args.sitemaps() || args.orphans();
        PrintWriter err = spec.commandLine().getErr();
        UrlNormalizer normalizer = new UrlNormalizer();
        RedisState shared;
        try {
            shared = args.frontier() == null ? null
                    : new RedisState(RedisAddress.parse(args.frontier()).withPasswordFrom(System.getenv()),
                            args.frontierCacert(), args.crawlId(), config.queue(), config.maxPages(), args.lease(),
                            config.workers()).fetching(fetches(config, filter, args));
        } catch (StateUnavailableException e) {
            err.println("qcrawl: " + e.getMessage());
            err.flush();
            return ExitCodes.STATE_UNAVAILABLE;
        }
        // In one process the frontier hands out only jobs whose host the policy lets in now.
        HostPolicy policy = shared != null ? null
                : new HostPolicy(config.fetch().perHost(), config.fetch().delay(), Ticker.SYSTEM);
        try (CrawlState state = shared != null ? shared
                : resume != null ? MemoryState.resume(resume, config.queue(), policy, Ticker.SYSTEM)
                : new MemoryState(config.queue(), config.maxPages(), policy, Ticker.SYSTEM);
                Fetcher fetcher = new Fetcher(config.fetch(), Ticker.SYSTEM, shared == null
                        ? policy
                        : shared.hostLimits(config.fetch().perHost(), config.fetch().delay()), sent,
                        args.excludePrivate() ? AddressGuard.excludePrivate() : AddressGuard.OPEN)) {
            if (resume != null && policy != null) {
                // Moved here: the sites see one crawl (no robots.txt read again, no start sooner than due).
                policy.restore(resume.politeness().hosts(), Ticker.SYSTEM.nanos());
                fetcher.restoreRobots(resume.politeness().robots());
            }
            LinkExtractor extractor = new LinkExtractor(normalizer);
            LinkCheck check = !checks(args) ? null : new LinkCheck(fetcher, extractor, normalizer,
                    Origins.of(URI.create(config.startUrl())), config.fetch().perHost(),
                    new LinkCheck.Settings(accept, args.checkFragments()), shared == null ? null : shared.checks());
            PageLoader loader = new PageLoader(fetcher, extractor, normalizer, state,
                    config.scope().around(URI.create(config.startUrl())), filter, config.startUrl(),
                    check == null ? PageNotes.NONE : check.notes());
            CrawlEvents events = args.quiet() ? CrawlEvents.SILENT : new LogEvents();
            fetcher.onGivenUp(events::hostGivenUp);
            Roots roots = !sitemaps ? Roots.NONE : () -> {
                List<String> urls = new java.util.ArrayList<>();
                for (String url : new SitemapReader(fetcher).urls(URI.create(config.startUrl()))) {
                    String normal = normalizer.normalize(url);
                    if (normal != null) {
                        urls.add(normal);
                    }
                }
                return urls;
            };
            Crawler crawler = new Crawler(config, state, loader, events, roots);
            if (mayMove) {
                crawler.pauseAt(Handoff.pages());
            }
            if (shared != null && !drawsTheGraph(args.format()) && check == null) {
                // The drawing formats read the graph itself; the others may print counts another process stored.
                // A link check reads the graph in every process: each checks a share of its links.
                shared.countsFor(SharedCounts.variant(config.startLabel(), config.mode().name(),
                        args.format() != Format.TEXT, sitemaps, listsLinkingPages(args)));
            }
            // Until the counts are written, a stop signal ends the crawl, not the process.
            try (Interrupts.Installed signals = Interrupts.onStopSignals(reason -> {
                crawler.stop(reason);
                if (check != null) {
                    check.stop(reason);
                }
            }, moving);
                    HeapWatch heap = HeapWatch.start(() -> {
                        crawler.stop(StopReason.OUT_OF_MEMORY);
                        if (check != null) {
                            check.stop(StopReason.OUT_OF_MEMORY);
                        }
                    })) {
                if (stopAtOnce != null) {
                    crawler.stop(stopAtOnce);
                }
                if (resumeFile != null) {
                    // Taken over: from here on a stop signal is this JVM's to handle, and the JVM that wrote the
                    // file, seeing it gone, waits for this one's exit code.
                    java.nio.file.Files.deleteIfExists(resumeFile);
                }
                Discovery found;
                CrawlResult result;
                Predicate<UrlStats> broken = UrlStats::broken;
                Map<String, List<String>> linkedFrom = Map.of();
                Long checkedUrls = null;
                Counts.Interruption counting = null;
                boolean checkRanOut = false;
                SharedCounts counted;
                try (Progress progress = !args.quiet() && Progress.stderrIsTerminal()
                        ? Progress.start(err, new Progress.Figures(crawler::pagesFetched, crawler::queued,
                                crawler::failures, check == null ? () -> 0 : check::checked,
                                check == null ? () -> 0 : check::toCheck), resume == null ? Duration.ZERO
                                        : resume.elapsed())
                        : Progress.NONE) {
                    found = crawler.run();
                    if (crawler.paused()) {
                        progress.handOn(); // the crawl's next part draws its own status line and summary
                        Snapshot paused = ((MemoryState) state).snapshot(found.elapsed()).with(new Politeness(
                                policy.hosts(Ticker.SYSTEM.nanos()), fetcher.robotsLoaded()));
                        return move(paused, signals, config, args, filter, sent, accept);
                    }
                    // From here on, memory that runs out ends the step after the crawl in progress.
                    heap.crawlOver(check == null ? () -> { } : () -> check.stop(StopReason.OUT_OF_MEMORY));
                    counted = shared == null ? null : shared.storedCounts();
                    Discovery crawled = found;
                    // A stop that comes after a crawl that ended by itself cuts deep walk counts short.
                    counting = new Counts.Interruption(() -> crawled.stopReason() == null ? signals.stopped() : null);
                    result = counted != null ? counted.result()
                            : Counts.result(found, config.mode(), args.format() != Format.TEXT, sitemaps, counting);
                    if (counted != null) {
                        linkedFrom = counted.linkedFrom();
                    } else if (check != null) {
                        try {
                            LinkCheck.Checked checked = check.run(found, result, drawsTheGraph(args.format()));
                            result = checked.result();
                            broken = checked.broken();
                            linkedFrom = checked.linkedFrom();
                            checkedUrls = checked.checked();
                        } catch (OutOfMemoryError e) {
                            // The check of every link needs more than the crawl's counts: those are still whole.
                            check.stop(StopReason.OUT_OF_MEMORY);
                            check.discard();
                            HeapWatch.releaseReserve();
                            heap.stepEnded();
                            checkRanOut = true;
                        }
                    }
                } catch (StateUnavailableException e) {
                    err.println("qcrawl: " + e.getMessage() + (e.resumable()
                            ? " (what the shared crawl holds is kept; start again to resume)" : ""));
                    err.flush();
                    return ExitCodes.STATE_UNAVAILABLE;
                }
                Set<String> brokenUrls = new HashSet<>();
                result.rows().stream().filter(broken).forEach(r -> brokenUrls.add(r.url()));
                if (check == null && counted == null && listsLinkingPages(args)) {
                    linkedFrom = Counts.linkedFrom(found, brokenUrls);
                }
                boolean countsCut = counting != null && counting.cutAt().isPresent();
                if (shared != null && counted == null && !countsCut) {
                    shared.storeCounts(new SharedCounts(result, linkedFrom));
                }
                List<Row> rows = Report.rows(result, args.broken(), args.orphans(), linkedFrom, broken);
                Judged judged = new Judged(row -> brokenUrls.contains(row.url()), linkedFrom, checkedUrls);
                try {
                    write(result, rows, args, judged, new Drawing(found, config.mode(),
                            stats -> brokenUrls.contains(stats.url()), check == null ? null : linkedFrom));
                } catch (OutOfMemoryError e) {
                    return writeLighter(result, rows, args, judged, checkRanOut, e);
                }
                if (checkRanOut) {
                    err.println(ranOutAgain(result, "checking the links") + "; printed what the crawl found,"
                            + " without the check of its links to other sites, resources and fragments. "
                            + OUT_OF_MEMORY_ADVICE);
                    err.flush();
                    return ExitCodes.OUT_OF_MEMORY;
                }
                if (countsCut) {
                    err.println("qcrawl: " + result.stopReason() + " while counting link paths: printed the counts of"
                            + " -d " + counting.cutAt().getAsInt() + " (paths of up to that many pages), not of -d "
                            + args.maxDepth() + "; --unique counts at any depth at once");
                    err.flush();
                    return Interrupts.exitCode(result.stopReason());
                }
                return exitCode(result, err, args, broken, fetcher.robotsLoaded());
            }
        }
    }

    /**
     * A crawl paused to move to a JVM with C2 ({@link Handoff}): moves it if its state leaves room for that, else (or
     * should the move fail) goes on with it here; a stop that came meanwhile stops it here. Returns as
     * {@link #crawl} does.
     */
    private int move(Snapshot snapshot, Interrupts.Installed signals, CrawlConfig config, Arguments args,
            UrlFilter filter, OriginHeaders sent, Accept accept) throws InterruptedException, IOException {
        if (signals.stopped() == null && Handoff.roomToMove()) {
            Optional<Path> launcherFile = Handoff.launcherFile();
            if (launcherFile.isPresent()) {
                // The launcher starts the next JVM, unless a stop came meanwhile: then the crawl stops here.
                if (Handoff.write(snapshot, launcherFile.get()) && signals.stopped() == null) {
                    logMove(args, snapshot);
                    signals.keepUntilExit();
                    return ExitCodes.MOVED;
                }
            } else {
                Optional<Handoff.Moved> started = Handoff.start(snapshot,
                        spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
                if (started.isPresent()) {
                    logMove(args, snapshot);
                    signals.forwardTo(started.get().successor().getOutputStream());
                    moved = started.get();
                    movedSignals = signals;
                    return HANDED_ON;
                }
            }
        }
        return crawl(config, args, filter, sent, accept, snapshot, null, false, signals);
    }

    private static void logMove(Arguments args, Snapshot snapshot) {
        if (!args.quiet()) {
            org.slf4j.LoggerFactory.getLogger("qcrawl").info(
                    "[{} pages fetched: the crawl moves to a JVM with the C2 compiler]", snapshot.pagesFetched());
        }
    }

    /** What the crawl fetches, as options: {@code --scope} and each filter, in order. */
    private static String fetches(CrawlConfig config, UrlFilter filter, Arguments args) {
        StringBuilder options = new StringBuilder(OptionNames.SCOPE + " " + config.scope().cliName());
        filter.include().forEach(p -> options.append(' ').append(OptionNames.INCLUDE).append(' ').append(p.pattern()));
        filter.exclude().forEach(p -> options.append(' ').append(OptionNames.EXCLUDE).append(' ').append(p.pattern()));
        // What else decides which pages are fetched and what is read from them; each only when given, so that a
        // crawl's processes that give none match (the defaults are every process's own).
        if (args.ignoreRobots()) {
            options.append(' ').append(OptionNames.IGNORE_ROBOTS);
        }
        if (args.excludePrivate()) {
            options.append(' ').append(OptionNames.EXCLUDE_PRIVATE);
        }
        if (args.userAgent() != null) {
            options.append(' ').append(OptionNames.USER_AGENT).append(' ').append(args.userAgent());
        }
        if (args.maxBody() != DEFAULT_MAX_BODY) {
            options.append(' ').append(OptionNames.MAX_BODY).append(' ').append(args.maxBody());
        }
        if (args.maxRedirects() != DEFAULT_MAX_REDIRECTS) {
            options.append(' ').append(OptionNames.MAX_REDIRECTS).append(' ').append(args.maxRedirects());
        }
        if (checks(args)) {
            // A link check reads each page's resources and ids as the crawl fetches it: a crawl without one has not.
            options.append(' ').append(OptionNames.CHECK);
            if (args.checkFragments()) {
                options.append(' ').append(OptionNames.CHECK_FRAGMENTS);
            }
        }
        if (!args.headers().isEmpty()) {
            // Headers may hold credentials: the crawl keeps a digest of them, never the values.
            options.append(' ').append(OptionNames.HEADER).append(" sha256:").append(java.util.HexFormat.of()
                    .formatHex(sha256(String.join("\n", args.headers()))).substring(0, 16));
        }
        return options.toString();
    }

    /** {@code --max-body} and {@code --max-redirects} as {@link CommandModel} gives them by default. */
    private static final long DEFAULT_MAX_BODY = new Conversions.SizeConverter().convert(CommandModel.MAX_BODY_DEFAULT);
    private static final int DEFAULT_MAX_REDIRECTS = Integer.parseInt(CommandModel.MAX_REDIRECTS_DEFAULT);

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** Whether the output names the pages linking to each broken URL: {@code --broken} and the CI formats. */
    private static boolean listsLinkingPages(Arguments args) {
        return args.broken() || args.format() == Format.JUNIT || args.format() == Format.MARKDOWN;
    }

    private static boolean drawsTheGraph(Format format) {
        return format == Format.HTML || format == Format.DOT || format == Format.GRAPHML;
    }

    private void write(CrawlResult result, List<Row> rows, Arguments args, Judged judged, Drawing drawing)
            throws IOException {
        if (args.output() != null) {
            try {
                AtomicFile.write(args.output(),
                        out -> ResultWriter.write(args.format(), result, rows, args.broken(), judged, drawing, out));
            } catch (IOException e) {
                throw new StandardOutput.OutputFailed("cannot write " + args.output() + ": "
                        + StandardOutput.reason(e), false);
            }
        } else {
            PrintWriter out = spec.commandLine().getOut();
            ResultWriter.write(args.format(), result, rows, args.broken(), judged, drawing, out);
            StandardOutput.check(out);
        }
    }

    /**
     * Memory ran out writing the output in the format asked for (a drawing or a report of the whole site needs far
     * more than the counts): the counts are written as text to standard output instead, and one line says so; a file
     * of {@code -o} is not written (no half file). Rethrows {@code ranOut} when text on standard output is what failed.
     */
    private int writeLighter(CrawlResult result, List<Row> rows, Arguments args, Judged judged, boolean checkRanOut,
            OutOfMemoryError ranOut) throws IOException {
        if (args.format() == Format.TEXT && args.output() == null) {
            throw ranOut;
        }
        HeapWatch.releaseReserve();
        PrintWriter out = spec.commandLine().getOut();
        ResultWriter.write(Format.TEXT, result, rows, args.broken(), judged, null, out);
        StandardOutput.check(out);
        PrintWriter err = spec.commandLine().getErr();
        err.println(ranOutAgain(result, (checkRanOut ? "checking the links, then " : "") + "writing the "
                + args.format().cliName() + " output" + (args.output() != null ? " to " + args.output() : ""))
                + "; printed the counts" + (checkRanOut ? " of the crawl, without the check of its links," : "")
                + " as text instead" + (args.output() != null ? " and wrote no file" : "") + ". "
                + OUT_OF_MEMORY_ADVICE);
        err.flush();
        return ExitCodes.OUT_OF_MEMORY;
    }

    /** The start of the line for memory that ran out {@code doing} a step after the crawl (maybe for the second time). */
    private static String ranOutAgain(CrawlResult result, String doing) {
        return "qcrawl: memory ran out " + (result.stopReason() == StopReason.OUT_OF_MEMORY ? "after "
                + result.pagesFetched() + " pages, and again " : "") + doing + " (Java heap limit "
                + HeapWatch.maxHeapMiB() + " MiB)";
    }

    /**
     * Why robots.txt refused {@code url}: its rules, or a server error that RFC 9309 reads as forbidding everything
     * (a robots.txt this process did not read, in a shared crawl, is said to forbid it).
     */
    private static String robotsRefusal(String url, List<RobotsCache.Loaded> robots) {
        String origin;
        try {
            origin = Origins.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            return "robots.txt forbids it";
        }
        for (RobotsCache.Loaded l : robots) {
            int status = l.robots().status();
            if (l.origin().equals(origin) && status >= 500 && status < 600) {
                return "robots.txt answered " + status + ", which RFC 9309 reads as forbidding everything";
            }
        }
        return "robots.txt forbids it";
    }

    /** @param robots the robots.txt files the crawl read, to say why robots.txt refused the start URL */
    private int exitCode(CrawlResult result, PrintWriter err, Arguments args, Predicate<UrlStats> broken,
            List<RobotsCache.Loaded> robots) {
        if (result.stopReason() == StopReason.OUT_OF_MEMORY) {
            err.println("qcrawl: memory ran out after " + result.pagesFetched() + " pages (Java heap limit "
                    + HeapWatch.maxHeapMiB() + " MiB); printed the counts gathered so far. " + OUT_OF_MEMORY_ADVICE);
            err.flush();
            return ExitCodes.OUT_OF_MEMORY;
        }
        if (result.interrupted()) {
            err.println("qcrawl: " + result.stopReason() + "; printed the counts gathered so far");
            err.flush();
            return Interrupts.exitCode(result.stopReason());
        }
        if (result.startFailed()) {
            UrlStats start = result.rows().stream().filter(r -> r.url().equals(result.startUrl())).findFirst()
                    .orElse(null);
            Outcome why = start == null ? null : start.error();
            if (start != null && start.status() != null) {
                err.println("qcrawl: the start URL " + result.startUrl() + " redirects (" + start.status()
                        + ") out of the crawl, so nothing else was fetched: start from the URL it redirects to, or "
                        + (why == Outcome.EXCLUDED ? "let --include/--exclude admit it" : "widen --scope (now "
                                + args.scope().cliName() + ")"));
            } else {
                err.println("qcrawl: could not fetch the start URL " + result.startUrl() + ": "
                        + (why == null ? "no response" : why.label())
                        + (why == Outcome.ROBOTS ? " (" + robotsRefusal(result.startUrl(), robots)
                                + "; see --ignore-robots)" : "")
                        + (why == Outcome.GIVEN_UP ? " (its host gave no answer to " + HostSilence.GIVE_UP
                                + " URLs in a row before it, sitemaps or robots.txt among them)" : ""));
            }
            err.flush();
            return ExitCodes.START_FAILED;
        }
        if (args.failOnBroken() && Report.anyBroken(result, broken)) {
            return ExitCodes.BROKEN;
        }
        return ExitCodes.OK;
    }
}

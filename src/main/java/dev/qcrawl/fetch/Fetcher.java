package dev.qcrawl.fetch;

import dev.qcrawl.links.Origins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Fetches pages over one shared {@link HttpClient}: follows redirects itself (so that loops are caught and
 * robots.txt is checked at every hop), retries what is worth retrying, keeps to the per-host politeness rules,
 * asks for gzip, downloads a body only when it is HTML and never more than the size cap or the time bound.
 */
public final class Fetcher implements AutoCloseable {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicReference<CompletableFuture<HttpClient>> PREBUILT = new AtomicReference<>();
    /** The longest period of the deadline timer's tick (see the constructor). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final HttpClient client;
    private final FetchSettings settings;
    private final HostLimits hosts;
    private final OriginHeaders originHeaders;
    private final RobotsRules robots;
    private final Ticker ticker;
    private final ScheduledExecutorService deadlines;
    private final AddressGuard guard;
    private final HostSilence silence;
    private volatile Consumer<String> onGivenUp = host -> {
    };

    /** A fetcher whose per-host limits hold in this process. */
    public Fetcher(FetchSettings settings, Ticker ticker) {
        this(settings, ticker, new HostPolicy(settings.perHost(), settings.delay(), ticker), OriginHeaders.NONE);
    }

    /**
     * A fetcher whose per-host limits are {@code hosts} (shared by the processes of a crawl where they are), and
     * which sends {@code originHeaders} to their origin only.
     */
    public Fetcher(FetchSettings settings, Ticker ticker, HostLimits hosts, OriginHeaders originHeaders) {
        this(settings, ticker, hosts, originHeaders, AddressGuard.OPEN);
    }

    /** The same, connecting only to the addresses {@code guard} allows (until closed). */
    public Fetcher(FetchSettings settings, Ticker ticker, HostLimits hosts, OriginHeaders originHeaders,
            AddressGuard guard) {
        this.guard = guard;
        guard.install();
        this.settings = settings;
        this.originHeaders = originHeaders;
        this.ticker = ticker;
        this.silence = new HostSilence(ticker, host -> onGivenUp.accept(host));
        this.client = client(settings.connectTimeout());
        this.hosts = hosts;
        this.robots = settings.obeyRobots()
                ? new RobotsCache(settings.robotName(), settings.maxCrawlDelay(), this::fetchRobots)
                : RobotsRules.IGNORED;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "qcrawl-deadlines");
            t.setDaemon(true);
            return t;
        });
        // Nearly every deadline is cancelled when its body is complete: drop it then, not when it would have
        // fired, or a fast crawl keeps --timeout's worth of dead tasks (240,000 at 8,000 pages/s) in the queue.
        timer.setRemoveOnCancelPolicy(true);
        // A body's deadline is nearly always cancelled microseconds after it is set (the body came with the head),
        // so the queue is mostly empty, and each deadline set into an empty queue wakes the timer's thread. A tick
        // that always comes first keeps the thread waiting on it instead: one wake per tick, not one per page
        // (measured: 15,000 wakes on 100,000 pages). Deadlines still fire on time: the tick is never later.
        long tick = Math.max(1, Math.min(HEARTBEAT.toNanos(), settings.timeout().toNanos() / 2));
        timer.scheduleAtFixedRate(() -> { }, tick, tick, TimeUnit.NANOSECONDS);
        this.deadlines = timer;
    }

    /** Tells {@code listener} each host given up for having stopped answering ({@link HostSilence}), once. */
    public void onGivenUp(Consumer<String> listener) {
        this.onGivenUp = listener;
    }

    /** The robots.txt files fetched so far, to go on with in another JVM (none when robots.txt is ignored). */
    public List<RobotsCache.Loaded> robotsLoaded() {
        return robots instanceof RobotsCache cache ? cache.loaded() : List.of();
    }

    /** Takes up the robots.txt files another JVM fetched ({@link #robotsLoaded}), before any request. */
    public void restoreRobots(List<RobotsCache.Loaded> loaded) {
        if (robots instanceof RobotsCache cache) {
            cache.restore(loaded);
        }
    }

    /** The {@code Sitemap:} lines of the robots.txt of {@code uri}'s origin (none when robots.txt is ignored). */
    public List<String> robotsSitemaps(URI uri) throws InterruptedException {
        return robots.sitemaps(uri);
    }

    /**
     * Builds the HTTP client for the default settings ahead of time, on a spare core while the command line is
     * parsed, so its classes are loaded off the critical path. The first fetcher with the default connect timeout
     * takes it; any other builds its own.
     */
    public static void warmUp() {
        CompletableFuture<HttpClient> future = new CompletableFuture<>();
        if (PREBUILT.compareAndSet(null, future)) {
            try {
                future.complete(build(DEFAULT_CONNECT_TIMEOUT));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }
    }

    private static final Predicate<String> HTML_OR_CSS = contentType -> isHtml(contentType) || isCss(contentType);

    private static HttpClient client(Duration connectTimeout) {
        CompletableFuture<HttpClient> prebuilt = PREBUILT.getAndSet(null);
        if (prebuilt != null && connectTimeout.equals(DEFAULT_CONNECT_TIMEOUT)) {
            try {
                return prebuilt.join();
            } catch (RuntimeException e) {
                // build one below
            }
        }
        return build(connectTimeout);
    }

    private static HttpClient build(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .sslContext(LazyTls.context())
                .sslParameters(LazyTls.parameters())
                // The client's own tasks are short and never block (its maintainers allow an executor that runs
                // them inline), and every call here is a blocking send() on a virtual thread: running them where
                // they arise saves a hand-off per step of every exchange (measured: 13% less CPU per page).
                .executor(Runnable::run)
                .build();
    }

    /** What the crawl decides while a fetch follows redirects. */
    public interface Guide {
        /** Null if the crawl fetches {@code target}, else why it does not ({@link Outcome#SCOPE}, ...). */
        Outcome admit(URI target);

        /**
         * Whether the caller has the result of {@code target} already (it need not be requested); it may wait for it
         * while another request of the caller's loads it.
         */
        boolean known(URI target) throws InterruptedException;

        /**
         * Called once, right before the first request for the page (after robots.txt allowed it); false when the
         * page budget is spent, and then nothing is requested.
         */
        boolean startPage();
    }

    /**
     * Fetches {@code uri}, following redirects within what {@code guide} admits; stops with {@link FetchResult.Known}
     * at a redirect target whose result the guide has already.
     */
    public FetchResult fetch(URI uri, Guide guide) throws InterruptedException {
        return fetch(uri, guide, false);
    }

    /**
     * As {@link #fetch(URI, Guide)}; {@code stylesheets}: a stylesheet's body is read too (a link check reads what
     * every stylesheet it meets loads), where a crawl reads HTML alone.
     */
    public FetchResult fetch(URI uri, Guide guide, boolean stylesheets) throws InterruptedException {
        return follow(uri, guide, true, stylesheets ? HTML_OR_CSS : Fetcher::isHtml);
    }

    /**
     * Checks {@code uri} for a link check: one GET (retried as any request), following redirects within what
     * {@code guide} admits, without reading robots.txt (a check is one request for a link a page makes, as a reader
     * following it, not a crawl) and outside the page budget. The body is read when the response is a stylesheet
     * (to find what it loads), or HTML and {@code wantHtml} (to find its fragments); any other body is skipped, a
     * long one by dropping the connection.
     */
    public FetchResult check(URI uri, boolean wantHtml, Guide guide) throws InterruptedException {
        return follow(uri, guide, false, wantHtml ? HTML_OR_CSS : Fetcher::isCss);
    }

    private FetchResult follow(URI uri, Guide guide, boolean crawl, Predicate<String> wantBody)
            throws InterruptedException {
        RobotsRules robots = crawl ? this.robots : RobotsRules.IGNORED;
        URI current = uri;
        Set<URI> visited = new HashSet<>();
        for (int hop = 0;; hop++) {
            if (!visited.add(current)) {
                return new FetchResult.Failed(current, Outcome.REDIRECT_LOOP, "redirect loop at " + current);
            }
            String host = Origins.of(current);
            if (silence.givenUp(host)) {
                return new FetchResult.Skipped(current, Outcome.GIVEN_UP); // nothing asked of it, not even robots.txt
            }
            if (!robots.allows(current)) {
                return new FetchResult.Skipped(current, Outcome.ROBOTS);
            }
            Duration hostDelay = robots.crawlDelay(current);
            if (givenUp(host, hostDelay)) {
                return new FetchResult.Skipped(current, Outcome.GIVEN_UP); // not in the page budget either
            }
            if (crawl && hop == 0 && !guide.startPage()) {
                return new FetchResult.Skipped(current, Outcome.MAX_PAGES);
            }
            Exchange exchange = exchange(current, wantBody, settings.maxBody(), hostDelay);
            switch (exchange) {
                case Exchange.Error error -> {
                    return new FetchResult.Failed(current, error.outcome(), error.detail());
                }
                case Exchange.Response r when isRedirect(r.status()) && r.location().isPresent() -> {
                    if (hop >= settings.maxRedirects()) {
                        return new FetchResult.Failed(current, Outcome.TOO_MANY_REDIRECTS,
                                "more than " + settings.maxRedirects() + " redirects");
                    }
                    Optional<URI> next = Redirects.target(current, r.location().get());
                    if (next.isEmpty()) {
                        return new FetchResult.Failed(current, Outcome.BAD_REDIRECT,
                                "unusable Location: " + r.location().get());
                    }
                    Outcome refused = guide.admit(next.get());
                    if (refused != null) {
                        return new FetchResult.Response(current, r.status(), r.contentType(), refused);
                    }
                    current = next.get();
                    if (guide.known(current)) {
                        return new FetchResult.Known(current);
                    }
                }
                case Exchange.Response r when r.status() >= 200 && r.status() < 300 && r.body() != null -> {
                    return new FetchResult.Page(current, r.status(), r.contentType(), r.body(),
                            charsetOf(r.contentType()), r.flaw() == Outcome.TOO_LARGE);
                }
                case Exchange.Response r -> {
                    return new FetchResult.Response(current, r.status(), r.contentType(), r.flaw());
                }
            }
        }
    }

    private RobotsCache.Robots fetchRobots(URI robotsUri) throws InterruptedException {
        return fetchFile(robotsUri, RobotsCache.MAX_ROBOTS_BYTES, RobotsRules.IGNORED);
    }

    /**
     * A sitemap, for {@code --sitemaps}: read as robots.txt is ({@link #fetchFile}), but as any request of the
     * crawl, within robots.txt (each hop's: a sitemap may be on another origin, and so may a redirect) and its
     * host's Crawl-delay. Status -1 when robots.txt forbids a hop, which is then not requested.
     */
    public RobotsCache.Robots fetchSitemap(URI uri, long maxBytes) throws InterruptedException {
        return fetchFile(uri, maxBytes, robots);
    }

    /**
     * A file the crawl reads for itself (robots.txt, a sitemap): any content type, up to {@code maxBytes},
     * following up to five redirects, each allowed by {@code robots}. Status -1 when there was no response or
     * {@code robots} forbids a hop; 404 after too many redirects.
     */
    private RobotsCache.Robots fetchFile(URI uri, long maxBytes, RobotsRules robots) throws InterruptedException {
        URI current = uri;
        for (int hop = 0; hop <= 5; hop++) {
            if (!robots.allows(current)) {
                return new RobotsCache.Robots(-1, new byte[0], null);
            }
            Exchange exchange = exchange(current, ct -> true, maxBytes, robots.crawlDelay(current));
            switch (exchange) {
                case Exchange.Error error -> {
                    return new RobotsCache.Robots(-1, new byte[0], null);
                }
                case Exchange.Response r when isRedirect(r.status()) && r.location().isPresent() -> {
                    Optional<URI> next = Redirects.target(current, r.location().get());
                    if (next.isEmpty()) {
                        return new RobotsCache.Robots(404, new byte[0], null);
                    }
                    current = next.get();
                }
                case Exchange.Response r -> {
                    return new RobotsCache.Robots(r.status(), r.body() == null ? new byte[0] : r.body(),
                            r.contentType());
                }
            }
        }
        return new RobotsCache.Robots(404, new byte[0], null); // too many redirects: RFC 9309 says unavailable
    }

    /** How one request ended: a response (its body read only when wanted) or no response at all. */
    private sealed interface Exchange {
        /** {@code flaw}: {@link Outcome#TOO_LARGE} (body cut, part read kept) or {@link Outcome#BAD_ENCODING}. */
        record Response(int status, String contentType, Optional<String> location, Optional<String> retryAfter,
                byte[] body, Outcome flaw) implements Exchange {
        }

        /** {@code noResponse}: not one byte of a response head arrived (the server may never have seen it). */
        record Error(Outcome outcome, String detail, boolean noResponse) implements Exchange {
            Error(Outcome outcome, String detail) {
                this(outcome, detail, false);
            }
        }
    }

    /** One request, retried as the policy allows, within the host's politeness rules. */
    @SuppressWarnings("try") // the permit is a scope: held while the request runs
    private Exchange exchange(URI uri, Predicate<String> wantBody, long maxBody,
            Duration hostDelay) throws InterruptedException {
        RetryPolicy retry = settings.retry();
        String host = Origins.of(uri);
        boolean counted = false;
        Exchange result = null;
        for (int attempt = 0;; attempt++) {
            boolean gone = givenUp(host, hostDelay);
            long started = 0;
            if (!gone) {
                try (HostLimits.Permit permit = hosts.enter(host, hostDelay)) {
                    // Again once its turn came: the host may have been given up while this request waited for it.
                    gone = silence.givenUp(host);
                    if (!gone) {
                        started = ticker.nanos(); // a wait for a slot is not the host's silence
                        result = once(uri, wantBody, maxBody, permit::answered);
                        if (overloaded(result)) {
                            permit.overloaded();
                        }
                        if (result instanceof Exchange.Response r && RetryPolicy.retryableStatus(r.status())) {
                            // Before the permit is given back, so that no request to the host slips in meanwhile.
                            retry.hold(r.retryAfter(), ticker.now()).ifPresent(wait -> hosts.hold(host, wait));
                        }
                    }
                }
            }
            if (gone) {
                // A retry not sent: the URL keeps what its own request got.
                return result != null ? result : new Exchange.Error(Outcome.GIVEN_UP, "not requested: " + host
                        + " gave no answer to " + HostSilence.GIVE_UP + " URLs in a row", true);
            }
            Optional<String> retryAfter = Optional.empty();
            boolean again = switch (result) {
                // A request whose response head did not come within the timeout is tried once more: a GET is safe
                // to repeat, and a server whose listen queue overflowed never saw it. A second timeout is final,
                // so a hung server costs at most twice the timeout.
                case Exchange.Error e -> {
                    if (HostSilence.silent(e.outcome(), e.noResponse())) {
                        counted = counted || silence.unanswered(host, started);
                    } else if (!e.noResponse()) {
                        silence.answered(host, uri); // its response head came
                    }
                    yield e.outcome().retryable()
                            || (e.outcome() == Outcome.TIMEOUT && e.noResponse() && attempt == 0);
                }
                case Exchange.Response r -> {
                    silence.answered(host, uri);
                    retryAfter = r.retryAfter();
                    yield RetryPolicy.retryableStatus(r.status());
                }
            };
            if (!again || attempt >= retry.retries()) {
                return result;
            }
            Optional<Duration> wait = retry.delay(attempt, retryAfter, ticker.now(), ThreadLocalRandom.current());
            if (wait.isEmpty()) {
                return result; // the server asked for longer than qcrawl waits
            }
            ticker.parkUntil(ticker.nanos() + wait.get().toNanos());
        }
    }

    /**
     * Whether the host is given up: asks it first, when its silence calls for that ({@link HostSilence#probe}), for a
     * URL it answered before (any status will do; the body is not read), and tells the answer before the host's slot
     * is given back, so that no request waiting for the slot goes out to a host given up.
     */
    @SuppressWarnings("try") // the permit is a scope: held while the request runs
    private boolean givenUp(String host, Duration hostDelay) throws InterruptedException {
        HostSilence.Probe probe = silence.probe(host);
        if (probe != null) {
            Boolean heard = null;
            try (HostLimits.Permit permit = hosts.enter(host, hostDelay)) {
                Exchange result = once(probe.uri(), contentType -> false, settings.maxBody(), permit::answered);
                heard = switch (result) {
                    case Exchange.Response r -> true;
                    case Exchange.Error e -> !e.noResponse();
                };
                silence.probed(host, probe, heard);
            } finally {
                if (heard == null) {
                    silence.probed(host, probe, null); // cut short: the next caller asks again
                }
            }
        }
        return silence.givenUp(host);
    }

    /** Whether a request ended in a sign that its host takes more than it can (see {@link HostPolicy}). */
    private static boolean overloaded(Exchange result) {
        return switch (result) {
            case Exchange.Error e -> e.outcome() == Outcome.RESET || e.outcome() == Outcome.CONNECT_TIMEOUT
                    || e.outcome() == Outcome.TIMEOUT;
            case Exchange.Response r -> RetryPolicy.retryableStatus(r.status());
        };
    }

    /** One request; {@code onHead} runs when its response head arrives. */
    private Exchange once(URI uri, Predicate<String> wantBody, long maxBody, Runnable onHead)
            throws InterruptedException {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout())
                    .header("User-Agent", settings.userAgent())
                    .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                    .header("Accept-Encoding", "gzip, deflate")
                    .GET();
            if (!originHeaders.headers().isEmpty()) {
                for (OriginHeaders.Header h : originHeaders.forOrigin(Origins.of(uri))) {
                    builder.setHeader(h.name(), h.value());
                }
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return new Exchange.Error(Outcome.BAD_URL, String.valueOf(e.getMessage()), true); // e.g. a host it cannot use
        }
        if (uri.getHost() != null && guard.refuses(uri.getHost())) {
            return new Exchange.Error(Outcome.PRIVATE, uri.getHost() + " resolves to a refused address", true);
        }
        long deadline = ticker.nanos() + settings.timeout().toNanos();
        Bodies.Handler handler = new Bodies.Handler(wantBody, maxBody, () -> deadline - ticker.nanos(), deadlines,
                onHead);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, handler);
        } catch (IOException e) {
            if (!handler.answered()) {
                return new Exchange.Error(Outcome.of(e), describe(e), true);
            }
            if (handler.timedOut()) {
                return new Exchange.Error(Outcome.TIMEOUT, "body not complete within " + settings.timeout());
            }
            return new Exchange.Error(Outcome.of(e), describe(e));
        } catch (IllegalArgumentException e) {
            return new Exchange.Error(Outcome.PROTOCOL, String.valueOf(e.getMessage()));
        } finally {
            handler.close();
        }
        HttpHeaders headers = response.headers();
        int status = response.statusCode();
        String contentType = headers.firstValue("Content-Type").orElse(null);
        Optional<String> location = headers.firstValue("Location");
        Optional<String> retryAfter = headers.firstValue("Retry-After");
        if (response.body() == null) {
            return new Exchange.Response(status, contentType, location, retryAfter, null, null);
        }
        try {
            Bodies.Bounded body = Bodies.decode(response.body(),
                    String.join(",", headers.allValues("Content-Encoding")), maxBody, handler.truncated());
            return new Exchange.Response(status, contentType, location, retryAfter, body.bytes(),
                    body.truncated() ? Outcome.TOO_LARGE : null);
        } catch (IOException | UncheckedIOException e) {
            // The whole body is here, so it is not in the encoding it claims: a response with a flaw, not retried.
            return new Exchange.Response(status, contentType, location, retryAfter, null, Outcome.BAD_ENCODING);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** HTML is {@code text/html} or {@code application/xhtml+xml}, whatever the parameters. */
    public static boolean isHtml(String contentType) {
        String mime = mimeType(contentType);
        return "text/html".equals(mime) || "application/xhtml+xml".equals(mime);
    }

    public static boolean isCss(String contentType) {
        return "text/css".equals(mimeType(contentType));
    }

    public static String mimeType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "").replace("'", "");
                try {
                    Charset charset = Charset.forName(name);
                    // "utf-16" without a byte-order mark is little-endian to browsers (the WHATWG Encoding standard),
                    // big-endian to Java; a mark, where there is one, still decides (jsoup reads it first).
                    return charset.equals(java.nio.charset.StandardCharsets.UTF_16)
                            ? java.nio.charset.StandardCharsets.UTF_16LE : charset;
                } catch (IllegalArgumentException e) {
                    return null; // unknown charset: let the parser detect it
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        guard.release();
        deadlines.shutdownNow();
        client.shutdownNow();
    }
}

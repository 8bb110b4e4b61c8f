package dev.qcrawl.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.qcrawl.links.Origins;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * robots.txt, fetched once per origin and parsed with crawler-commons. Following RFC 9309: a 2xx body is
 * parsed; a 5xx means nothing may be fetched there; any other status (a 4xx, a redirect that cannot be followed,
 * 304) means no rules, and so does no answer at all (the pages then fail with the real network error).
 */
public final class RobotsCache implements RobotsRules {
    /** The most robots.txt body bytes kept for {@link #loaded}. */
    private static final long KEPT_BYTES = 4L << 20;

    /** Google's limit on what of a robots.txt is read (RFC 9309 asks for at least 500 KiB). */
    public static final int MAX_ROBOTS_BYTES = 512 * 1024;

    /** Fetches a robots.txt URL: follows up to five redirects, returns status and body. */
    @FunctionalInterface
    public interface Source {
        Robots fetch(URI robotsUri) throws InterruptedException;
    }

    /** What fetching a robots.txt gave: an HTTP status and body, or no response at all ({@code status < 0}). */
    public record Robots(int status, byte[] body, String contentType) {
    }

    /** A robots.txt as fetched for an origin, to go on with in another JVM ({@link #loaded}, {@link #restore}). */
    public record Loaded(String origin, String robotsUrl, Robots robots) {
    }

    private final ConcurrentHashMap<String, CompletableFuture<BaseRobotRules>> rules = new ConcurrentHashMap<>();
    /**
     * The robots.txt files kept for {@link #loaded}, up to {@link #KEPT_BYTES} of bodies in all: the origins past
     * that (a crawl of many sites) have theirs read again by the next JVM.
     */
    private final ConcurrentHashMap<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final AtomicLong kept = new AtomicLong();
    // No parser-side cap: a long Crawl-delay is capped here rather than turned into "disallow all".
    private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE, 5);
    private final List<String> robotNames;
    private final Duration maxCrawlDelay;
    private final Source source;

    public RobotsCache(String robotName, Duration maxCrawlDelay, Source source) {
        this.robotNames = List.of(robotName.toLowerCase(Locale.ROOT));
        this.maxCrawlDelay = maxCrawlDelay;
        this.source = source;
    }

    /** Whether robots.txt lets the crawler fetch {@code uri}. */
    @Override
    public boolean allows(URI uri) throws InterruptedException {
        return rulesFor(uri).isAllowed(uri.toString());
    }

    /** The {@code Sitemap:} URLs the origin's robots.txt lists. */
    @Override
    public List<String> sitemaps(URI uri) throws InterruptedException {
        return List.copyOf(rulesFor(uri).getSitemaps());
    }

    /** The origin's Crawl-delay, capped, or zero. */
    @Override
    public Duration crawlDelay(URI uri) throws InterruptedException {
        long ms = rulesFor(uri).getCrawlDelay();
        if (ms <= 0) {
            return Duration.ZERO;
        }
        Duration d = Duration.ofMillis(ms);
        return d.compareTo(maxCrawlDelay) > 0 ? maxCrawlDelay : d;
    }

    /**
     * The origin's rules: fetched by the first thread to ask, the others waiting for them. A fetch cut short by an
     * interrupt (the crawl stopping) decides nothing: the threads waiting for it ask again, and the next one fetches.
     * They must not take it as "nothing allowed": a page refused for it would be stored as such, and in a shared
     * crawl that refusal would stand for every process.
     */
    private BaseRobotRules rulesFor(URI uri) throws InterruptedException {
        String origin = Origins.of(uri);
        while (true) {
            CompletableFuture<BaseRobotRules> existing = rules.get(origin);
            CompletableFuture<BaseRobotRules> mine = null;
            if (existing == null) {
                mine = new CompletableFuture<>();
                existing = rules.putIfAbsent(origin, mine);
            }
            if (existing != null) {
                try {
                    return existing.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Abandoned) {
                        continue; // its fetcher was interrupted: ask again
                    }
                    return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
                }
            }
            BaseRobotRules parsed;
            try {
                URI robotsUri = robotsTxt(uri);
                Robots robots = source.fetch(robotsUri);
                keep(new Loaded(origin, robotsUri.toString(), robots));
                parsed = rules(robotsUri, robots);
            } catch (InterruptedException e) {
                rules.remove(origin, mine);
                mine.completeExceptionally(new Abandoned());
                throw e;
            } catch (RuntimeException e) {
                parsed = new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
            }
            mine.complete(parsed);
            return parsed;
        }
    }

    /** A robots.txt fetch given up because its thread was interrupted: no answer, not a refusal. */
    private static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** {@code scheme://host[:port]/robots.txt}, the port written only when it is not the scheme's default. */
    static URI robotsTxt(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || port == ("https".equals(scheme) ? 443 : 80);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port) + "/robots.txt");
    }

    /** Every robots.txt fetched so far, one per origin. */
    public List<Loaded> loaded() {
        return List.copyOf(loaded.values());
    }

    /** Takes up robots.txt files another JVM fetched ({@link #loaded}): their origins' rules, with no request. */
    public void restore(List<Loaded> robots) {
        for (Loaded l : robots) {
            BaseRobotRules parsed;
            try {
                parsed = rules(URI.create(l.robotsUrl()), l.robots());
            } catch (RuntimeException e) {
                parsed = new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL); // as when first read
            }
            rules.put(l.origin(), CompletableFuture.completedFuture(parsed));
            keep(l);
        }
    }

    private void keep(Loaded l) {
        int size = l.robots().body() == null ? 0 : l.robots().body().length;
        if (kept.addAndGet(size) <= KEPT_BYTES) {
            loaded.put(l.origin(), l);
        } else {
            kept.addAndGet(-size);
        }
    }

    private BaseRobotRules rules(URI robotsUri, Robots robots) {
        if (robots.status() >= 200 && robots.status() < 300) {
            return parser.parseContent(robotsUri.toString(), robots.body(),
                    robots.contentType() == null ? "text/plain" : robots.contentType(), robotNames);
        }
        if (robots.status() >= 500 && robots.status() < 600) {
            // RFC 9309: unreachable, so assume complete disallow.
            return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE);
        }
        // 4xx: unavailable, so everything is allowed; and so is any other status that gives no rules (a redirect
        // with no Location, 300, 304: Google reads a redirect it cannot follow as a 404), too many redirects (which
        // came back as 404), and no answer at all (the pages themselves then fail with the real network error,
        // which says more in a report than "robots" would).
        return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
    }
}

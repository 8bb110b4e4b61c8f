package dev.qcrawl.check;

import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.fetch.FetchResult;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.Origins;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests the URLs a link check needs, each once for the whole check: the checked-URL table, one entry per URL,
 * claimed by the first request that needs it (a check of the URL, or a redirect on the way to it) and waited for
 * by any other. Every origin has its own few workers (the crawl's {@code --per-host} for the start URL's origin;
 * for any other at most {@link #OTHER_HOST_LIMIT}, so a check never floods a site it merely links to), all of
 * them within {@link #IN_FLIGHT} requests at once; the fetcher's per-host limits, delays and retries apply on top.
 */
final class Checker {
    /** Requests in flight at once to one host other than the start URL's. */
    static final int OTHER_HOST_LIMIT = 4;
    /** Requests in flight at once in all. */
    static final int IN_FLIGHT = 256;

    private final Fetcher fetcher;
    private final LinkExtractor extractor;
    private final UrlNormalizer normalizer;
    private final String ownOrigin;
    private final int perHost;
    /** Every URL checked or being checked: its verdict, once known. */
    private final Map<String, CompletableFuture<Verdict>> table = new ConcurrentHashMap<>();
    /** For each check in progress (by the URL it checks), the URL whose verdict it waits for; guarded by itself. */
    private final Map<String, String> waits = new HashMap<>();
    /** Which check claimed each URL in progress. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final AtomicReference<StopReason> stopped = new AtomicReference<>();
    private volatile ExecutorService pool;

    Checker(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, String ownOrigin, int perHost) {
        this.fetcher = fetcher;
        this.extractor = extractor;
        this.normalizer = normalizer;
        this.ownOrigin = ownOrigin;
        this.perHost = perHost;
    }

    /** A verdict known without a request (from the crawl's own visit). */
    void know(String url, Verdict verdict) {
        table.put(url, CompletableFuture.completedFuture(verdict));
    }

    /** Every URL with a verdict, and the verdict. */
    Map<String, Verdict> verdicts() {
        Map<String, Verdict> done = new HashMap<>();
        table.forEach((url, f) -> {
            Verdict v = f.getNow(null);
            if (v != null) {
                done.put(url, v);
            }
        });
        return done;
    }

    /** Why the check was stopped, or null. */
    StopReason stopReason() {
        return stopped.get();
    }

    /** Ends the check early: requests in flight are abandoned, and what is not checked yet is left so. */
    void stop(StopReason reason) {
        if (stopped.compareAndSet(null, reason)) {
            ExecutorService p = pool;
            if (p != null) {
                p.shutdownNow();
            }
        }
    }

    /**
     * Requests each of {@code urls} not in the table yet, and waits for all of them.
     *
     * @param urls each URL, and whether its HTML body is wanted (its fragments are checked)
     */
    void check(Map<String, Boolean> urls) throws InterruptedException {
        Map<String, Queue<String>> byOrigin = new LinkedHashMap<>();
        for (String url : urls.keySet()) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                know(url, new Verdict(null, null, Outcome.BAD_URL, null, true));
                continue;
            }
            byOrigin.computeIfAbsent(Origins.of(uri), o -> new ConcurrentLinkedQueue<>()).add(url);
        }
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        pool = workers;
        if (stopped.get() != null) {
            workers.shutdownNow();
            return;
        }
        try (workers) {
            for (Map.Entry<String, Queue<String>> origin : byOrigin.entrySet()) {
                int limit = origin.getKey().equals(ownOrigin) ? perHost : Math.min(perHost, OTHER_HOST_LIMIT);
                Queue<String> queue = origin.getValue();
                for (int i = Math.min(limit, queue.size()); i > 0; i--) {
                    workers.execute(() -> drain(queue, urls, inFlight));
                }
            }
        }
    }

    private void drain(Queue<String> queue, Map<String, Boolean> urls, Semaphore inFlight) {
        String url;
        while (stopped.get() == null && (url = queue.poll()) != null) {
            boolean wantHtml = urls.get(url);
            try {
                CompletableFuture<Verdict> mine = new CompletableFuture<>();
                CompletableFuture<Verdict> claimed = table.putIfAbsent(url, mine);
                if (claimed != null && usable(await(claimed), wantHtml)) {
                    continue; // checked already, on the way to another URL
                }
                if (claimed != null) {
                    table.put(url, mine); // known, but not with the body this check needs
                }
                owners.put(url, url);
                inFlight.acquire();
                try {
                    mine.complete(request(url, wantHtml, urls));
                } finally {
                    inFlight.release();
                    owners.remove(url);
                    if (!mine.isDone()) {
                        mine.complete(null); // stopped: no verdict
                    }
                }
            } catch (InterruptedException e) {
                return; // stopped
            }
        }
    }

    private static Verdict await(CompletableFuture<Verdict> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static boolean usable(Verdict verdict, boolean wantHtml) {
        return verdict != null && (!wantHtml || verdict.ids() != null || verdict.status() == null);
    }

    /**
     * Whether the redirect target {@code target} of the check of {@code self} is checked already, or by another
     * check that does not wait for this one (then its verdict is waited for). A target nobody has is claimed by
     * this check ({@code hops}), whose verdict it shares.
     */
    private boolean known(String self, String target, boolean wantHtml, List<CompletableFuture<Verdict>> hops) {
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        CompletableFuture<Verdict> claimed = table.putIfAbsent(target, mine);
        if (claimed == null) {
            hops.add(mine);
            owners.put(target, self);
            return false;
        }
        if (!claimed.isDone()) {
            synchronized (waits) {
                // Two redirects that lead to each other's URLs must not wait for each other.
                for (String at = owners.get(target); at != null; at = owners.get(waits.get(at))) {
                    if (at.equals(self)) {
                        return false;
                    }
                    if (waits.get(at) == null) {
                        break;
                    }
                }
                waits.put(self, target);
            }
            try {
                return usable(await(claimed), wantHtml);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                synchronized (waits) {
                    waits.remove(self);
                }
            }
        }
        return usable(claimed.getNow(null), wantHtml);
    }

    private Verdict request(String url, boolean wantHtml, Map<String, Boolean> urls) throws InterruptedException {
        URI uri = URI.create(url);
        List<CompletableFuture<Verdict>> hops = new ArrayList<>();
        Verdict verdict = null;
        try {
            FetchResult result = fetcher.check(uri, wantHtml, new Fetcher.Guide() {
                @Override
                public Outcome admit(URI target) {
                    return normalizer.normalize(target.toString()) == null ? Outcome.BAD_REDIRECT : null;
                }

                @Override
                public boolean known(URI target) {
                    String normal = normalizer.normalize(target.toString());
                    return normal != null && !normal.equals(url)
                            && Checker.this.known(url, normal, Boolean.TRUE.equals(urls.get(normal)) || wantHtml,
                                    hops);
                }

                @Override
                public boolean startPage() {
                    return true;
                }
            });
            verdict = switch (result) {
                case FetchResult.Page page -> new Verdict(page.status(), page.contentType(),
                        page.truncated() ? Outcome.TOO_LARGE : null,
                        extractor.ids(page.body(), page.charset(), page.finalUri().toString()), true);
                case FetchResult.Response response -> new Verdict(response.status(), response.contentType(),
                        response.flaw(), null, true);
                case FetchResult.Failed failed -> new Verdict(null, null, failed.outcome(), null, true);
                case FetchResult.Skipped skipped -> new Verdict(null, null, skipped.why(), null, true);
                case FetchResult.Known known -> {
                    Verdict v = table.get(normalizer.normalize(known.finalUri().toString())).getNow(null);
                    yield new Verdict(v.status(), v.contentType(), v.error(), v.ids(), true);
                }
            };
            return verdict;
        } finally {
            // The URLs this check was redirected through lead where it led: they share its verdict.
            for (CompletableFuture<Verdict> hop : hops) {
                hop.complete(verdict);
            }
            owners.values().removeIf(url::equals);
        }
    }
}

package dev.qcrawl.check;

import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.crawl.StateUnavailableException;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.fetch.FetchResult;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.PageLinks;
import dev.qcrawl.links.Origins;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Requests the URLs a link check needs, each once for the whole check: the checked-URL table, one entry per URL,
 * claimed by the first request that needs it (a check of the URL, or a redirect on the way to it) and waited for
 * by any other. Every origin has its own few workers (the crawl's {@code --per-host} for the start URL's origin;
 * for any other at most {@link #OTHER_HOST_LIMIT}, so a check never floods a site it merely links to), all of
 * them within {@link #IN_FLIGHT} requests at once; the fetcher's per-host limits, delays and retries apply on top.
 *
 * <p>In a shared crawl the table is backed by a {@link CheckStore} that every process reads: a URL is claimed there
 * before it is requested, and its outcome stored there. A URL another process is checking is left to it; a
 * redirect to one makes the URL share its verdict (a reference, {@link CheckStore.Entry#sameAs}). Once its own URLs
 * are done, a process waits until every URL of the check has a verdict in the store, taking over the URLs whose
 * claims lapsed (their process died), and then reads the verdicts from the store, the same for every process.
 */
final class Checker {
    /** Requests in flight at once to one host other than the start URL's. */
    static final int OTHER_HOST_LIMIT = 4;
    /** Requests in flight at once in all. */
    static final int IN_FLIGHT = 256;
    /** How often a process that waits for other processes' checks looks at the store again. */
    static final long STORE_POLL_MS = 100;
    /** Requests of one URL by the barrier of a shared check after which, still without a verdict, it is a bug. */
    static final int BARRIER_ATTEMPTS = 3;

    private final Fetcher fetcher;
    private final PageNotes notes;
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
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile ExecutorService pool;
    /** The table shared with the other processes of the crawl, or null. */
    private final CheckStore store;
    /** In a shared crawl, each URL of the check with its verdict as the store resolves it: the same everywhere. */
    private final Map<String, Verdict> settled = new ConcurrentHashMap<>();
    /**
     * Each URL whose verdict is another URL's, read there (a redirect led to a URL checked before or at the same time,
     * here or by another process), with that URL: what the check read of the page (a stylesheet's notes) is there.
     */
    private final Map<String, String> readAt = new ConcurrentHashMap<>();
    /** The first failure to reach the store, which ends the check. */
    private final AtomicReference<StateUnavailableException> lost = new AtomicReference<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    /** The verdicts of the crawl's own pages: see {@link #knowFromCrawl}. */
    private volatile Function<String, Verdict> crawl = url -> null;

    /**
     * @param notes where the stylesheets it reads go, each with what it loads
     * @param store the table shared with the other processes of a shared crawl, or null
     */
    Checker(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, String ownOrigin, int perHost,
            PageNotes notes, CheckStore store) {
        this.notes = notes;
        this.fetcher = fetcher;
        this.extractor = extractor;
        this.normalizer = normalizer;
        this.ownOrigin = ownOrigin;
        this.perHost = perHost;
        this.store = store;
    }

    /** URLs of the check with a verdict so far. */
    long checked() {
        return Math.min(checked.get(), total.get());
    }

    /** URLs the check requests (0 before it starts). */
    long total() {
        return total.get();
    }

    /** A verdict known without a request. */
    private void know(String url, Verdict verdict) {
        table.put(url, CompletableFuture.completedFuture(verdict));
    }

    /**
     * Where the verdicts the crawl's own visits give come from (no request; null for a URL the crawl did not
     * fetch), read when needed rather than kept for each of the crawl's pages. Set before {@link #check}.
     */
    void knowFromCrawl(Function<String, Verdict> crawl) {
        this.crawl = crawl;
    }

    /**
     * Where what {@code url} leads to was read: the URL whose verdict it shares (through any chain of such), else
     * {@code url} itself.
     */
    String readAt(String url) {
        String at = url;
        for (int i = 0; i < 32; i++) { // a chain of shared verdicts is a few redirects long; never a circle for long
            String next = readAt.get(at);
            if (next == null || next.equals(url)) {
                return at;
            }
            at = next;
        }
        return at;
    }

    /** The URL's verdict: as the store resolved it, as checked here, or as the crawl gives it; null if none. */
    Verdict verdict(String url) {
        Verdict v = settled.get(url);
        return v != null ? v : knownHere(url);
    }

    /** The URL's verdict as checked here or as the crawl gives it (not the store's); null if none yet. */
    private Verdict knownHere(String url) {
        CompletableFuture<Verdict> f = table.get(url);
        Verdict v = f == null ? null : f.getNow(null);
        return v != null ? v : crawl.apply(url);
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
            stopping.countDown();
        }
    }

    /**
     * Requests each of {@code urls} not in the table yet, and waits for all of them (in a shared crawl, until every
     * one has a verdict in the store, whichever process requested it).
     *
     * @param urls each URL, and whether its HTML body is wanted (its fragments are checked)
     * @throws StateUnavailableException if the shared store could not be reached
     */
    void check(Map<String, Boolean> urls) throws InterruptedException {
        total.addAndGet(urls.size());
        List<String> requested = new ArrayList<>(urls.size());
        for (String url : urls.keySet()) {
            if (normalizer.normalize(url) != null) {
                requested.add(url);
            } else { // a link that is not a valid http(s) URL (PageLinks#resources): broken, nothing to request
                know(url, new Verdict(null, null, Outcome.BAD_URL, null, true));
                checked.incrementAndGet();
            }
        }
        requestAll(requested, urls);
        if (store != null && stopped.get() == null && lost.get() == null) {
            awaitStore(requested, urls);
        }
        if (lost.get() != null) {
            throw lost.get();
        }
    }

    /** Requests each of {@code list}, by origin, a few at a time. */
    private void requestAll(Collection<String> list, Map<String, Boolean> urls) throws InterruptedException {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String url : list) {
            grouped.computeIfAbsent(Origins.of(URI.create(url)), o -> new ArrayList<>()).add(url);
        }
        Map<String, Queue<String>> byOrigin = new LinkedHashMap<>();
        grouped.forEach((origin, some) -> {
            if (store != null) {
                Collections.shuffle(some); // processes that start together mostly claim different URLs
            }
            byOrigin.put(origin, new ConcurrentLinkedQueue<>(some));
        });
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

    /**
     * The barrier of a shared check: waits until every URL of {@code list} has a verdict in the store (following
     * references), requesting the ones whose claims lapsed, then keeps those verdicts as the check's.
     */
    private void awaitStore(List<String> list, Map<String, Boolean> urls) throws InterruptedException {
        Set<String> pending = new LinkedHashSet<>(list);
        Map<String, Integer> attempts = new HashMap<>();
        while (stopped.get() == null && lost.get() == null) {
            Map<String, StoredVerdicts.Resolved> resolved = StoredVerdicts.resolve(store, pending);
            Map<String, Boolean> unresolved = new LinkedHashMap<>();
            for (String url : pending) {
                switch (resolved.get(url)) {
                    case StoredVerdicts.Resolved.Found found -> {
                        settled.put(url, found.verdict());
                        if (!found.at().equals(url)) {
                            readAt.put(url, found.at()); // the end of the references, as every process reads it
                        }
                    }
                    case StoredVerdicts.Resolved.Missing missing ->
                        unresolved.merge(missing.url(), urls.getOrDefault(url, false), Boolean::logicalOr);
                }
            }
            pending.removeIf(settled::containsKey);
            checked.accumulateAndGet(total.get() - pending.size(), Math::max);
            if (pending.isEmpty()) {
                return;
            }
            // The URLs without a verdict: claimed by a live process (wait for it), or free (a dead process's).
            List<String> ends = new ArrayList<>(unresolved.keySet());
            Map<String, CheckStore.Entry> knownHere = new LinkedHashMap<>();
            for (String end : ends) {
                Verdict v = knownHere(end);
                if (v != null) {
                    knownHere.put(end, CheckStore.Entry.of(v)); // known from the crawl: the same in every process
                } else if (attempts.getOrDefault(end, 0) >= BARRIER_ATTEMPTS) {
                    // Requested here again and again without a verdict: an internal error, not a wait forever.
                    knownHere.put(end, CheckStore.Entry.of(new Verdict(null, null, Outcome.INTERNAL, null, true)));
                }
            }
            if (!knownHere.isEmpty()) {
                store.settle(knownHere);
                continue;
            }
            List<CheckStore.Claim> claims = store.claim(ends);
            Map<String, Boolean> mine = new LinkedHashMap<>(urls);
            List<String> again = new ArrayList<>();
            for (int i = 0; i < ends.size(); i++) {
                if (claims.get(i) instanceof CheckStore.Claim.Mine) {
                    String end = ends.get(i);
                    mine.merge(end, unresolved.get(end), Boolean::logicalOr);
                    again.add(end);
                    attempts.merge(end, 1, Integer::sum);
                }
            }
            if (!again.isEmpty()) {
                requestAll(again, mine);
            } else if (stopping.await(STORE_POLL_MS, TimeUnit.MILLISECONDS)) {
                return;
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
                    checked.incrementAndGet();
                    continue; // checked already, on the way to another URL
                }
                if (claimed != null) {
                    table.put(url, mine); // known, but not with the body this check needs
                }
                if (store != null && !claimedInStore(url, mine)) {
                    continue; // checked or being checked by another process
                }
                owners.put(url, url);
                inFlight.acquire();
                try {
                    mine.complete(request(url, wantHtml, urls));
                    checked.incrementAndGet();
                } finally {
                    inFlight.release();
                    owners.remove(url);
                    if (!mine.isDone()) {
                        mine.complete(null); // stopped: no verdict
                    }
                }
            } catch (InterruptedException e) {
                return; // stopped
            } catch (StateUnavailableException e) {
                if (stopped.get() == null && lost.compareAndSet(null, e)) {
                    stop(StopReason.STATE_UNAVAILABLE);
                } // else stopped: the stop's interrupt closed the connection, the shared state is fine
                return;
            }
        }
    }

    /**
     * Claims {@code url} in the shared store: true if this process is to request it; else {@code mine} is completed
     * with the stored verdict, or with null (another process checks it, or it shares another URL's verdict: the
     * store tells later).
     */
    private boolean claimedInStore(String url, CompletableFuture<Verdict> mine) {
        switch (store.claim(List.of(url)).getFirst()) {
            case CheckStore.Claim.Mine m -> {
                return true;
            }
            case CheckStore.Claim.Done done -> {
                mine.complete(done.entry().verdict());
                checked.incrementAndGet();
                return false;
            }
            case CheckStore.Claim.Busy b -> {
                mine.complete(null);
                return false;
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
     * this check ({@code hops}), whose verdict it shares. In a shared crawl, a target another process is checking
     * is not waited for: the check of {@code self} ends sharing its verdict ({@code sameAs}), unless its body is
     * wanted.
     *
     * @param bodyRead whether the check of {@code self} reads an HTML body (its own fragments are checked)
     */
    private boolean known(String self, String target, boolean wantHtml, boolean bodyRead,
            Map<String, CompletableFuture<Verdict>> hops, String[] sameAs) {
        Verdict fromCrawl = crawl.apply(target);
        if (fromCrawl != null) {
            return usable(fromCrawl, wantHtml);
        }
        while (true) {
            CompletableFuture<Verdict> mine = new CompletableFuture<>();
            CompletableFuture<Verdict> claimed = table.putIfAbsent(target, mine);
            if (store != null && claimed != null && claimed.isDone() && claimed.getNow(null) == null) {
                if (!table.replace(target, claimed, mine)) {
                    continue; // changed meanwhile: look again
                }
                claimed = null; // known here only as checked elsewhere: the store tells
            }
            if (claimed == null) {
                if (store != null) {
                    return knownInStore(self, target, wantHtml, bodyRead, mine, hops, sameAs);
                }
                hops.put(target, mine);
                owners.put(target, self);
                return false;
            }
            if (claimed.isDone()) {
                return usable(claimed.getNow(null), wantHtml);
            }
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
            Verdict v;
            try {
                v = await(claimed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                synchronized (waits) {
                    waits.remove(self);
                }
            }
            if (store == null || v != null) {
                return usable(v, wantHtml);
            }
            // The check waited for left the URL to another process: the store tells (next time round).
        }
    }

    private boolean knownInStore(String self, String target, boolean wantHtml, boolean bodyRead,
            CompletableFuture<Verdict> mine, Map<String, CompletableFuture<Verdict>> hops, String[] sameAs) {
        if (wantHtml && !bodyRead) {
            // The target's fragments are checked, and this check does not read its body: its verdict here would
            // lack the ids, and the first verdict stored stays. Followed without a claim; checked on its own.
            table.remove(target, mine);
            mine.complete(null);
            return false;
        }
        CheckStore.Claim claim = store.claim(List.of(target)).getFirst();
        if (claim instanceof CheckStore.Claim.Mine) {
            hops.put(target, mine);
            owners.put(target, self);
            return false;
        }
        if (claim instanceof CheckStore.Claim.Done
                && StoredVerdicts.resolve(store, List.of(target)).get(target)
                        instanceof StoredVerdicts.Resolved.Found found) {
            mine.complete(found.verdict());
            return usable(found.verdict(), wantHtml);
        }
        table.remove(target, mine);
        mine.complete(null);
        if (wantHtml) {
            return false; // its body is wanted: requested here, not shared with a check that may not read it
        }
        sameAs[0] = target;
        return true;
    }

    private Verdict request(String url, boolean wantHtml, Map<String, Boolean> urls) throws InterruptedException {
        URI uri = URI.create(url);
        Map<String, CompletableFuture<Verdict>> hops = new LinkedHashMap<>();
        String[] sameAs = new String[1];
        Map<String, CheckStore.Entry> stored = Map.of();
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
                                    wantHtml, hops, sameAs);
                }

                @Override
                public boolean startPage() {
                    return true;
                }
            });
            verdict = switch (result) {
                case FetchResult.Page page when Fetcher.isCss(page.contentType()) -> {
                    // What the stylesheet loads is checked next (LinkCheck), as its resources: noted before its
                    // verdict is stored, so that every process of a shared check finds them once it has the verdict.
                    // Under each URL the check reached it by (the URL, the redirects' hops, where it was served),
                    // each a name of its own: the check does not rename pages (what "served" means is the crawl's).
                    String at = page.finalUri().toString();
                    PageLinks css = extractor.stylesheet(page.body(), page.charset(), at, page.truncated());
                    Set<String> names = new LinkedHashSet<>();
                    names.add(url);
                    names.addAll(hops.keySet());
                    String served = normalizer.normalize(at);
                    if (served != null) {
                        names.add(served);
                    }
                    names.forEach(name -> notes.page(name, name, css));
                    yield new Verdict(page.status(), page.contentType(), page.truncated() ? Outcome.TOO_LARGE : null,
                            null, true);
                }
                case FetchResult.Page page -> new Verdict(page.status(), page.contentType(),
                        page.truncated() ? Outcome.TOO_LARGE : null,
                        extractor.ids(page.body(), page.charset(), page.finalUri().toString()), true);
                case FetchResult.Response response -> new Verdict(response.status(), response.contentType(),
                        response.flaw(), null, true);
                case FetchResult.Failed failed -> new Verdict(null, null, failed.outcome(), null, true);
                case FetchResult.Skipped skipped -> new Verdict(null, null, skipped.why(), null, true);
                case FetchResult.Known known when sameAs[0] != null -> {
                    readAt.putIfAbsent(url, sameAs[0]);
                    yield null; // another process's verdict
                }
                case FetchResult.Known known -> {
                    String at = normalizer.normalize(known.finalUri().toString());
                    readAt.putIfAbsent(url, at);
                    Verdict v = knownHere(at);
                    if (Fetcher.isCss(v.contentType())) {
                        // What the stylesheet loads is this URL's too (in a shared check its verdict is stored as a
                        // copy: the other processes find it in this URL's notes, noted before the verdict is stored).
                        notes.copy(url, at);
                        hops.keySet().forEach(hop -> notes.copy(hop, at));
                    }
                    yield new Verdict(v.status(), v.contentType(), v.error(), v.ids(), true);
                }
            };
            if (store != null) {
                CheckStore.Entry entry = verdict != null ? CheckStore.Entry.of(verdict)
                        : new CheckStore.Entry(null, sameAs[0]);
                Map<String, CheckStore.Entry> outcomes = new LinkedHashMap<>();
                outcomes.put(url, entry);
                hops.keySet().forEach(hop -> outcomes.put(hop, entry));
                stored = store.settle(outcomes); // the first outcome stored stays, whoever stored it
                verdict = stored.get(url).verdict();
            }
            return verdict;
        } finally {
            // The URLs this check was redirected through lead where it led: they share its verdict.
            for (Map.Entry<String, CompletableFuture<Verdict>> hop : hops.entrySet()) {
                CheckStore.Entry kept = stored.get(hop.getKey());
                hop.getValue().complete(kept != null ? kept.verdict() : verdict);
            }
            owners.values().removeIf(url::equals);
        }
    }
}

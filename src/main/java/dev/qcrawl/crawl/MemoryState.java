package dev.qcrawl.crawl;

import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.fetch.Politeness;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.frontier.QueueType;
import dev.qcrawl.frontier.ReadyFrontier;
import dev.qcrawl.graph.Graph;
import dev.qcrawl.links.Origins;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The crawl's state in this process, compact: the link graph in primitive arrays ({@link Graph}: each URL once as
 * bytes with an int id, each page's links as ids), a frontier of jobs packed in longs with a queue per host that
 * hands out only jobs whose host may be fetched now ({@link ReadyFrontier}, asking the {@link HostPolicy}), and a
 * count of jobs queued or being worked on (the crawl is over when it drains to zero). A page is loaded once however
 * many workers reach it at the same moment: the first claims it, the others wait for its visit. One lock guards the
 * graph and the count; what is done under it is a few hash lookups per link. The frontier has its own, taken after
 * this one.
 */
public final class MemoryState implements CrawlState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryState.class);
    /** A URL's page mark while a worker loads it. */
    private static final int LOADING = -2;
    /**
     * Visits recently handed out ({@link #visit}) or preset, by page: a redirect's target and the URL it was loaded
     * as are told to be one page by the identity of the visit the loader passes on.
     */
    private static final int RECENT = 256;

    private final Graph graph;
    private final ReadyFrontier frontier;
    private final ReadyFrontier.Turns turns;
    private final PageBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled to all when a load ends (stored, or given up). */
    private final Condition loaded = lock.newCondition();
    private final CountDownLatch over = new CountDownLatch(1);
    private final LongAdder fetched = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Set<String> roots = new LinkedHashSet<>();
    private final Map<Integer, Visit> recentByPage = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Visit> eldest) {
            if (size() > RECENT) {
                recentPages.remove(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private final Map<Visit, Integer> recentPages = new IdentityHashMap<>();
    private long pending;
    /** The held jobs that claimed their page's load ({@link #claim}): only their put-back frees it. */
    private final java.util.Set<Long> claimedJobs = new java.util.HashSet<>();
    /** Redirect targets being loaded by another URL's load ({@link #follow}): target id to that URL's id. */
    private final Map<Integer, Integer> carriedBy = new HashMap<>();
    /** Loads waiting for another URL's load to end: the waiting load's URL id to the awaited URL's id. */
    private final Map<Integer, Integer> waitsFor = new HashMap<>();
    /** The jobs taken and not yet finished or put back (as packed in the frontier): a few per worker. */
    private final java.util.Set<Long> held = new java.util.HashSet<>();
    private int maxDepth;
    /** Jobs expanded from a stored page (reached again at a shallower depth): for the debug line at the end. */
    private long expandedAgain;
    /** Set when the state goes on from a {@link Snapshot}: the crawl is started, and its time so far is this. */
    private boolean resumed;
    private Duration elapsedBefore = Duration.ZERO;
    /** {@link #hostOf}'s last answer: a URL's {@code scheme://authority} and its host key. */
    private String lastPrefix;
    private String lastHost = "";
    /** Set when the discovery is handed out: the graph is the counts' now, and late workers change nothing. */
    private boolean closed;

    /** A state with no politeness of its own: every host is always ready. @param maxPages 0 for no limit */
    public MemoryState(QueueType queue, long maxPages) {
        this(queue, maxPages, ReadyFrontier.Turns.NONE, ReadyFrontier.Clock.SYSTEM);
    }

    /**
     * A state whose frontier hands out a job only when {@code policy} gives its host a turn (time read from
     * {@code ticker}); it hears from the policy when a host's slot is free.
     */
    public MemoryState(QueueType queue, long maxPages, HostPolicy policy, Ticker ticker) {
        this(queue, maxPages, turnsOf(policy), clockOf(ticker), null);
        policy.onFree(frontier::freed);
    }

    /**
     * A state that goes on from {@code snapshot} (taken in another JVM, or in this one): its graph, its jobs queued
     * in the order they had, its figures; with {@code policy} and {@code ticker} as above, and no page budget.
     */
    public static MemoryState resume(Snapshot snapshot, QueueType queue, HostPolicy policy, Ticker ticker) {
        MemoryState state = new MemoryState(queue, 0, turnsOf(policy), clockOf(ticker), snapshot.graph());
        policy.onFree(state.frontier::freed);
        state.lock.lock();
        try {
            state.resumed = true;
            state.maxDepth = snapshot.maxDepth();
            state.roots.addAll(snapshot.roots());
            state.fetched.add(snapshot.pagesFetched());
            state.failures.add(snapshot.failures());
            state.elapsedBefore = snapshot.elapsed();
            for (long job : snapshot.jobs()) {
                int id = Snapshot.id(job);
                state.enqueue(id, Snapshot.depth(job), state.graph.url(id));
            }
        } finally {
            state.lock.unlock();
        }
        return state;
    }

    /**
     * The crawl paused, to go on elsewhere ({@link #resume}): every job queued (taken from the frontier, which
     * closes), the graph (this state's own: it changes no more), the figures; {@code elapsed} is the crawl's time
     * so far. Only when no job is held: the crawl's workers have all stopped.
     */
    public Snapshot snapshot(Duration elapsed) {
        lock.lock();
        try {
            if (!held.isEmpty()) {
                throw new IllegalStateException(held.size() + " jobs are still held");
            }
            closed = true;
            return new Snapshot(graph, frontier.drain(), List.copyOf(roots), maxDepth, fetched.sum(),
                    failures.sum(), elapsed, Politeness.NONE);
        } finally {
            lock.unlock();
        }
    }

    private static ReadyFrontier.Turns turnsOf(HostPolicy policy) {
        return new ReadyFrontier.Turns() {
            @Override
            public long take(String host, long now) {
                return host.isEmpty() ? NOW : policy.turn(host, now);
            }

            @Override
            public void giveBack() {
                policy.giveBackTurn();
            }
        };
    }

    private static ReadyFrontier.Clock clockOf(Ticker ticker) {
        return new ReadyFrontier.Clock() {
            @Override
            public long nanos() {
                return ticker.nanos();
            }

            @Override
            public void awaitUntil(ReentrantLock lock, Condition ready, long deadline) throws InterruptedException {
                ReadyFrontier.Clock.SYSTEM.awaitUntil(lock, ready, deadline == Long.MAX_VALUE ? deadline
                        : System.nanoTime() + (deadline - ticker.nanos()));
            }
        };
    }

    /** A state whose frontier asks {@code turns} before it hands out a job of a host, on {@code clock}. */
    public MemoryState(QueueType queue, long maxPages, ReadyFrontier.Turns turns, ReadyFrontier.Clock clock) {
        this(queue, maxPages, turns, clock, null);
    }

    private MemoryState(QueueType queue, long maxPages, ReadyFrontier.Turns turns, ReadyFrontier.Clock clock,
            Graph graph) {
        this.graph = graph != null ? graph : new Graph();
        this.frontier = new ReadyFrontier(queue, turns, clock);
        this.turns = turns;
        this.budget = new PageBudget(maxPages);
    }

    @Override
    public boolean seed(String startUrl, int maxDepth, Roots roots) throws InterruptedException {
        if (resumed) {
            return false; // the crawl was started before the snapshot
        }
        List<String> more;
        try {
            more = roots.read();
        } catch (InterruptedException e) {
            more = List.of(); // stopped while the roots were read: the start URL alone is found
        }
        lock.lock();
        try {
            this.maxDepth = maxDepth;
            reachRoot(startUrl);
            for (String url : more) {
                this.roots.add(url);
                reachRoot(url);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A root reached at depth 1, and queued if that is new and pages at depth 1 are fetched. Holds the lock. */
    private void reachRoot(String url) {
        int id = graph.intern(url);
        if (graph.reach(id, 1) && maxDepth >= 1) {
            enqueue(id, 1, url);
        }
    }

    /**
     * The next job whose host may be fetched now (its turn held by this thread until the job is finished or put
     * back), waiting until there is one; null once the crawl is over or stopped.
     */
    @Override
    public Job take() throws InterruptedException {
        long job = frontier.take();
        if (job == ReadyFrontier.CLOSED) {
            return null; // the crawl is over (or stopped): nothing more will come
        }
        lock.lock();
        try {
            held.add(job);
            return new Job(graph.url((int) (job >>> 32)), (int) job);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        lock.lock();
        try {
            if (pending == 0) {
                return; // nothing was ever queued (e.g. --max-depth 0)
            }
        } finally {
            lock.unlock();
        }
        over.await();
    }

    @Override
    public void stop() {
        frontier.close();
        over.countDown();
    }

    @Override
    public Visit visit(String url) {
        lock.lock();
        try {
            int id = graph.find(url);
            int p = id < 0 ? Graph.NO_PAGE : graph.page(id);
            return p >= 0 ? visitOf(p) : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a load of {@code target} in progress, unless that load waits (through others) for this one: two
     * redirects that lead to each other's URLs must not wait for each other. A target nobody loads is marked as
     * loaded by {@code self}'s load, which stores it ({@link #preset}) or gives it up ({@link #release}).
     */
    @Override
    public Visit follow(String target, String self) throws InterruptedException {
        lock.lock();
        try {
            int t = graph.intern(target);
            int s = graph.intern(self);
            while (!closed) {
                int p = graph.page(t);
                if (p >= 0) {
                    return visitOf(p);
                }
                if (p == Graph.NO_PAGE) {
                    graph.setPage(t, LOADING);
                    carriedBy.put(t, s);
                    return null;
                }
                if (waitsOn(loaderOf(t), s)) {
                    return null;
                }
                waitsFor.put(s, t);
                try {
                    loaded.await();
                } finally {
                    waitsFor.remove(s);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The URL whose load loads {@code id}: its own, or the one a redirect led from ({@link #follow}). */
    private int loaderOf(int id) {
        Integer carrier = carriedBy.get(id);
        return carrier == null ? id : carrier;
    }

    /** Whether the load of {@code loader} waits, directly or through other loads, for the load of {@code self}. */
    private boolean waitsOn(int loader, int self) {
        for (int at = loader, hops = 0; hops <= waitsFor.size(); hops++) {
            if (at == self) {
                return true;
            }
            Integer next = waitsFor.get(at);
            if (next == null) {
                return false;
            }
            at = loaderOf(next);
        }
        return true; // a cycle that does not pass through self: not ours to break, and not to join either
    }

    @Override
    public void release(String self) {
        lock.lock();
        try {
            if (carriedBy.isEmpty()) {
                return;
            }
            int s = graph.find(self);
            boolean freed = false;
            for (var it = carriedBy.entrySet().iterator(); it.hasNext();) {
                var e = it.next();
                if (e.getValue() == s) {
                    it.remove();
                    if (graph.page(e.getKey()) == LOADING) {
                        graph.setPage(e.getKey(), Graph.NO_PAGE);
                        freed = true;
                    }
                }
            }
            if (freed) {
                loaded.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean unvisited(String url) {
        lock.lock();
        try {
            int id = graph.find(url);
            return id < 0 || graph.page(id) == Graph.NO_PAGE;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Claim claim(Job job) throws InterruptedException {
        lock.lock();
        try {
            int id = graph.intern(job.url());
            if (job.depth() > graph.depth(id)) {
                return Claim.STALE;
            }
            while (true) {
                int p = graph.page(id);
                if (p >= 0) {
                    expandedAgain++;
                    Visit recent = recentByPage.get(p);
                    return new Claim.Stored(recent != null ? recent : Discovery.visitOf(graph, p));
                }
                if (p == Graph.NO_PAGE) {
                    graph.setPage(id, LOADING);
                    claimedJobs.add(Snapshot.job(id, job.depth()));
                    return Claim.MINE;
                }
                loaded.await(); // another worker loads it; a load given up leaves the URL free again
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean preset(String url, Visit visit, String loadedAs) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            int id = graph.intern(url);
            if (graph.page(id) >= 0) {
                return false;
            }
            // No page yet, or being loaded by a worker: that load keeps this page when it ends (see finish).
            int from = graph.find(loadedAs);
            int page = from < 0 ? Graph.NO_PAGE : graph.page(from);
            graph.setPage(id, page >= 0 ? page : pageOf(visit, null));
            loaded.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finish(Job job, Visit visit, Links links) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            int childDepth = job.depth() + 1;
            String[] targets = links.targets();
            int[] ids = new int[targets.length];
            for (int i = 0; i < targets.length; i++) {
                ids[i] = graph.intern(targets[i]);
                if (graph.reach(ids[i], childDepth) && childDepth <= maxDepth) {
                    enqueue(ids[i], childDepth, targets[i]);
                }
            }
            int self = graph.intern(job.url());
            if (visit != null) {
                if (graph.page(self) < 0) { // else a redirect's loader gave it that page first
                    graph.setPage(self, pageOf(visit, links == visit.links() ? ids : null));
                }
                count(visit);
                loaded.signalAll();
            }
            // A job's children are added before it is marked done, so the count reaches zero only at the end. A
            // job finished again (run twice, as after a process died holding it) reaches its links, and that is all.
            claimedJobs.remove(Snapshot.job(self, job.depth()));
            if (held.remove(Snapshot.job(self, job.depth())) && --pending == 0) {
                frontier.close();
                over.countDown();
            }
        } finally {
            lock.unlock();
            turns.giveBack();
        }
    }

    @Override
    public void putBack(Job job) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            int id = graph.intern(job.url());
            if (claimedJobs.remove(Snapshot.job(id, job.depth())) && graph.page(id) == LOADING) {
                // A load this job had claimed is given up (not another's, whose job waited for it, nor one a
                // redirect's load holds): waiters try again, and the URL is free for them.
                graph.setPage(id, Graph.NO_PAGE);
                loaded.signalAll();
            }
            held.remove(Snapshot.job(id, job.depth()));
            frontier.put(Snapshot.job(id, job.depth()), hostOf(job.url()), job.url().length());
        } finally {
            lock.unlock();
            turns.giveBack();
        }
    }

    private void enqueue(int id, int depth, String url) {
        pending++;
        frontier.put(Snapshot.job(id, depth), hostOf(url), url.length());
    }

    /**
     * The key the URL's requests go under at the host policy ({@link Origins#of}); empty if it can make none. URLs
     * with the same {@code scheme://authority} share one; the last one is kept, as most links of a page are to its
     * own host.
     */
    private String hostOf(String url) {
        String prefix = lastPrefix;
        if (prefix != null && url.startsWith(prefix)
                && (url.length() == prefix.length() || "/?#".indexOf(url.charAt(prefix.length())) >= 0)) {
            return lastHost;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "";
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            return "";
        }
        int start = url.indexOf("://");
        if (start < 0) {
            return Origins.of(uri);
        }
        int end = start + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        lastPrefix = url.substring(0, end);
        lastHost = Origins.of(uri);
        return lastHost;
    }

    private void count(Visit v) {
        if (v.fetched()) {
            fetched.increment();
        }
        if (v.failed()) {
            failures.increment();
        }
    }

    /**
     * The page of a visit: the one it was stored as or read from (the same object: a redirect's target and the URL
     * it was loaded as), else a new one. {@code ids} are its link targets' ids when they are known.
     */
    private int pageOf(Visit visit, int[] ids) {
        Integer known = recentPages.get(visit);
        if (known != null) {
            return known;
        }
        Links links = visit.links();
        if (ids == null) {
            ids = new int[links.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = graph.intern(links.targets()[i]);
            }
        }
        int p = graph.addPage(visit.status(), visit.contentType(), visit.error(), visit.fetched(), ids,
                links.multiplicity(), ids.length);
        remember(p, visit);
        return p;
    }

    /** The visit of a stored page, as one object while it is recent. */
    private Visit visitOf(int p) {
        Visit v = recentByPage.get(p);
        if (v == null) {
            v = Discovery.visitOf(graph, p);
            remember(p, v);
        }
        return v;
    }

    private void remember(int p, Visit v) {
        recentByPage.put(p, v);
        recentPages.put(v, p);
    }

    @Override
    public boolean takePage() {
        return budget.take();
    }

    @Override
    public boolean budgetSpent() {
        return budget.spent();
    }

    @Override
    public long pagesFetched() {
        return fetched.sum();
    }

    @Override
    public long failures() {
        return failures.sum();
    }

    @Override
    public long queued() {
        return frontier.size();
    }

    @Override
    public Discovery discovery(String start, String startLabel, Duration elapsed, StopReason stopReason) {
        lock.lock();
        try {
            closed = true;
            LOG.debug("graph: {} URLs, {} pages, {} links, {} bytes; {} jobs expanded from a stored page", graph.size(),
                    graph.pages(), graph.linkTotal(), graph.bytes(), expandedAgain);
            recentByPage.clear();
            recentPages.clear();
            return new Discovery(start, startLabel, maxDepth, graph, Set.copyOf(roots), fetched.sum(),
                    failures.sum(), elapsedBefore.plus(elapsed), stopReason);
        } finally {
            lock.unlock();
        }
    }
}

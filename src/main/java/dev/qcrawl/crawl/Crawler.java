package dev.qcrawl.crawl;

import dev.qcrawl.frontier.Frontier;
import dev.qcrawl.frontier.QueueFrontier;
import dev.qcrawl.links.Scope;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one crawl: N virtual-thread workers take {@link Job}s from the frontier, visit their URLs and put the
 * jobs for the links they find back in, until the count of pending jobs drains to zero (or the crawl is
 * stopped). Each URL is fetched at most once; what a count means is decided by the {@link Mode}.
 */
public final class Crawler {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    /** The longest a job put aside for a busy host waits before it is tried again. */
    private static final long BUSY_RECHECK_MS = 1000;

    private final CrawlConfig config;
    private final Nodes nodes;
    private final Node.VisitLoader loader;
    private final CrawlEvents events;
    private final Frontier<Job> frontier;
    private final Pending pending = new Pending();
    private final Levels levels = new Levels();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("qcrawl-timers").factory());
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final AtomicLong budget;
    private final LongAdder fetched = new LongAdder();
    private final LongAdder failures = new LongAdder();

    public Crawler(CrawlConfig config, Nodes nodes, Node.VisitLoader loader, CrawlEvents events) {
        this.config = config;
        this.nodes = nodes;
        this.loader = loader;
        this.events = events;
        this.frontier = QueueFrontier.of(config.queue(), Job::urlLength);
        this.budget = new AtomicLong(config.maxPages() == 0 ? Long.MAX_VALUE : config.maxPages());
    }

    /** Crawls until every job is done or {@link #stop} is called, then returns the counts gathered. */
    public CrawlResult run() throws InterruptedException {
        long started = System.nanoTime();
        Node start = nodes.intern(config.startUrl());
        start.reachedAt(1, null);
        switch (config.mode()) {
            case WALK -> {
                if (config.maxDepth() == 0) {
                    start.count().add(1); // counted, never fetched
                } else {
                    offer(start, 1, BigInteger.ONE);
                }
            }
            case UNIQUE -> {
                start.count().add(1);
                if (config.maxDepth() > 0) {
                    enqueue(new Job(start, 1, null));
                }
            }
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 1; i <= config.workers(); i++) {
                String name = "Worker-" + i;
                pool.execute(() -> work(name));
            }
            pending.await();
        } finally {
            pool.shutdownNow();
            timers.shutdownNow();
            // In-flight requests are interrupted; give them a moment to unwind so counts are final.
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        return result(start, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Ends the crawl early: workers take no new jobs, in-flight fetches are abandoned, and {@link #run} returns the
     * counts gathered so far. The first reason given wins.
     */
    public void stop(String reason) {
        if (stopReason.compareAndSet(null, reason)) {
            pending.abandon();
        }
    }

    /** Progress figures for the status line. */
    public long pagesFetched() {
        return fetched.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public int queued() {
        return frontier.size();
    }

    private void work(String name) {
        events.workerStarted(name);
        while (stopReason.get() == null) {
            Job job;
            try {
                job = frontier.take();
            } catch (InterruptedException e) {
                return;
            }
            boolean parked = false;
            try {
                if (stopReason.get() != null) {
                    return;
                }
                if (deferred(job)) {
                    parked = true;
                } else {
                    switch (config.mode()) {
                        case WALK -> parked = walk(name, job);
                        case UNIQUE -> unique(name, job);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug must not kill the worker or hang the crawl: report it and go on with the next job.
                // One line, even with -q (it is a bug to report); the stack trace only at debug level.
                LOG.error("[{} internal error at url='{}': {}]", name, job.node().url(), e.toString());
                LOG.debug("internal error", e);
            } finally {
                if (!parked) {
                    pending.done();
                }
            }
        }
    }

    /**
     * Walk mode: the job's weight is the number of paths it stands for; children get weight x multiplicity. A job
     * taken before the depths below it have drained is parked (its page is fetched meanwhile); returns true then.
     */
    private boolean walk(String name, Job job) throws InterruptedException {
        Node node = job.node();
        if (!levels.ready(job.depth())) {
            visit(name, node);
            if (levels.parkUnlessReady(job)) {
                return true;
            }
        }
        try {
            expand(name, job);
        } finally {
            for (Job ready : levels.finished(job.depth())) {
                frontier.put(ready);
            }
        }
        return false;
    }

    private void expand(String name, Job job) throws InterruptedException {
        Node node = job.node();
        node.claim(job);
        BigInteger weight = job.weight().value(); // already counted when offered
        int depth = job.depth();
        events.visiting(name, depth, node.url());
        Visit visit = visit(name, node);
        Links links = visit.links();
        int childDepth = depth + 1;
        for (int i = 0; i < links.size(); i++) {
            Node child = links.targets()[i];
            int m = links.multiplicity()[i];
            BigInteger childWeight = m == 1 ? weight : weight.multiply(BigInteger.valueOf(m));
            child.reachedAt(childDepth, node);
            if (childDepth > config.maxDepth()) {
                // Such a job would only be counted, never fetched: count it now instead of queueing it.
                child.count().add(childWeight);
            } else {
                offer(child, childDepth, childWeight);
            }
        }
    }

    /**
     * Unique mode: a page is expanded at the shallowest depth it is reached at; its links are counted once. A job
     * made stale by a shallower one for the same URL is skipped.
     */
    private void unique(String name, Job job) throws InterruptedException {
        Node node = job.node();
        int depth = job.depth();
        if (depth > node.depth()) {
            return;
        }
        events.visiting(name, depth, node.url());
        Visit visit = visit(name, node);
        Links links = visit.links();
        boolean countLinks = links.firstCount();
        int childDepth = depth + 1;
        for (int i = 0; i < links.size(); i++) {
            Node child = links.targets()[i];
            if (countLinks) {
                child.count().add(links.multiplicity()[i]);
            }
            if (child.reachedAt(childDepth, node) && childDepth <= config.maxDepth()) {
                enqueue(new Job(child, childDepth, null));
            }
        }
    }

    /**
     * Puts a job aside while its page's host is not ready for another request (all its slots taken, or its delay
     * not yet over), so the worker can go on with jobs for other hosts. The job stays pending and comes back to
     * the frontier when the host frees a slot or its delay has passed.
     */
    private boolean deferred(Job job) {
        if (config.scope() == Scope.HOST) {
            // One host to fetch from: there is no other host's work to do meanwhile, so the worker waits for its
            // turn (HostPolicy keeps the limits) rather than putting jobs aside and taking them up again.
            return false;
        }
        Node node = job.node();
        if (!node.unvisited()) {
            // Its page is fetched or being fetched: no slot needed. If this job was woken by a freed slot, that
            // slot must go to the next job put aside for the host.
            loader.passOn(node);
            return false;
        }
        long wait = loader.waitFor(node);
        if (wait == 0) {
            return false;
        }
        AtomicBoolean back = new AtomicBoolean();
        BooleanSupplier requeue = () -> {
            if (!back.compareAndSet(false, true)) {
                return false;
            }
            frontier.put(job);
            return true;
        };
        if (wait == Long.MAX_VALUE) {
            // When a slot frees, this job goes back to the frontier. If its page has been fetched (or started)
            // meanwhile, it needs no slot: it goes back all the same, but the wake-up passes on to the next job
            // put aside for the host, so a freed slot is never spent on a job that will not use it.
            loader.whenFree(node, () -> requeue.getAsBoolean() && node.unvisited());
            // A safety net only: every freed slot wakes a job that uses it or passes it on.
            timers.schedule(requeue::getAsBoolean, BUSY_RECHECK_MS, TimeUnit.MILLISECONDS);
        } else {
            timers.schedule(requeue::getAsBoolean, wait, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private Visit visit(String name, Node node) throws InterruptedException {
        return node.visit(n -> {
            if (budget.getAndDecrement() <= 0) {
                stop("max-pages");
                return Visit.skipped("max-pages");
            }
            Visit v = loader.load(n);
            if (v.fetched()) {
                fetched.increment();
            }
            if (v.failed()) {
                failures.increment();
                events.failed(name, n.url(), v.error());
            }
            return v;
        });
    }

    /** Counts the paths at once (so an interrupted crawl keeps them) and queues or coalesces their job. */
    private void offer(Node node, int depth, BigInteger weight) {
        node.count().add(weight);
        Job job = node.offer(depth, weight);
        if (job != null) {
            levels.created(depth);
            enqueue(job);
        }
    }

    private void enqueue(Job job) {
        pending.add();
        frontier.put(job);
    }

    /**
     * For each of {@code urls} (as the results print them), the fetched pages that link to it, in no particular
     * order of pages but each once. Computed from the stored links after the crawl.
     */
    public Map<String, List<String>> linkedFrom(Set<String> urls) {
        Map<String, List<String>> from = new HashMap<>();
        Node start = nodes.get(config.startUrl());
        for (Node page : nodes.all()) {
            Visit v = page.visitIfDone();
            // A redirect's target shares the visit of the URL that was linked; list the page once, by that name.
            if (v == null || page.count().isZero()) {
                continue;
            }
            String pageUrl = page == start ? config.startLabel() : page.url();
            for (Node target : v.links().targets()) {
                String url = target == start ? config.startLabel() : target.url();
                if (urls.contains(url)) {
                    from.computeIfAbsent(url, u -> new ArrayList<>()).add(pageUrl);
                }
            }
        }
        from.values().forEach(list -> list.sort(null));
        return from;
    }

    private CrawlResult result(Node start, Duration elapsed) {
        List<UrlStats> rows = new ArrayList<>();
        for (Node node : nodes.all()) {
            BigInteger count = node.count().value();
            if (count.signum() == 0) {
                continue;
            }
            Visit v = node.visitIfDone();
            String url = node == start ? config.startLabel() : node.url();
            rows.add(new UrlStats(url, count, v == null ? null : v.status(), node.depth(),
                    v == null ? null : v.contentType(), v == null ? null : v.error(), node.referrer()));
        }
        rows.sort(Comparator.comparing(UrlStats::count).reversed().thenComparing(UrlStats::url));
        Visit startVisit = start.visitIfDone();
        boolean startFailed = startVisit != null && startVisit.status() == null
                && (startVisit.fetched() || "robots".equals(startVisit.error()));
        return new CrawlResult(config.startLabel(), List.copyOf(rows), fetched.sum(), failures.sum(), elapsed,
                startFailed, stopReason.get());
    }
}

package dev.qcrawl.crawl;

import dev.qcrawl.frontier.Frontier;
import dev.qcrawl.frontier.QueueFrontier;
import dev.qcrawl.links.Scope;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the link graph: N virtual-thread workers take {@link Job}s from the frontier, make sure each page is
 * fetched (once per crawl, whatever the number of jobs and workers that reach it) and reach its links one level
 * deeper, until the count of pending jobs drains to zero (or the crawl is stopped). Each URL is expanded at the
 * shallowest depth it is reached at: a page first reached by a long path and later by a shorter one is expanded
 * again from its stored links, never fetched again. The fetched pages are thus exactly those within max-depth - 1
 * link hops of the start URL, whatever the queue order; what is counted is decided afterwards, from the graph.
 */
public final class Crawler {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    /** The longest a job put aside for a busy host waits before it is tried again. */
    private static final long BUSY_RECHECK_MS = 1000;

    private final CrawlConfig config;
    private final Nodes nodes;
    private final Node.VisitLoader loader;
    private final PageBudget budget;
    private final CrawlEvents events;
    private final Frontier<Job> frontier;
    private final Pending pending = new Pending();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("qcrawl-timers").factory());
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final LongAdder fetched = new LongAdder();
    private final LongAdder failures = new LongAdder();

    public Crawler(CrawlConfig config, Nodes nodes, Node.VisitLoader loader, PageBudget budget, CrawlEvents events) {
        this.config = config;
        this.nodes = nodes;
        this.loader = loader;
        this.budget = budget;
        this.events = events;
        this.frontier = QueueFrontier.of(config.queue(), Job::urlLength);
    }

    /** Crawls until every job is done or {@link #stop} is called, then returns what was found. */
    public Discovery run() throws InterruptedException {
        long started = System.nanoTime();
        Node start = nodes.intern(config.startUrl());
        start.reachedAt(1);
        if (config.maxDepth() > 0) {
            enqueue(new Job(start, 1));
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
            // In-flight requests are interrupted; give them a moment to unwind so what was found is final.
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        String reason = stopReason.get();
        if (reason == null && budget.spent()) {
            reason = Discovery.MAX_PAGES;
        }
        return new Discovery(start, config.startLabel(), config.maxDepth(), nodes.all(), fetched.sum(),
                failures.sum(), Duration.ofNanos(System.nanoTime() - started), reason);
    }

    /**
     * Ends the crawl early: workers take no new jobs, in-flight fetches are abandoned, and {@link #run} returns what
     * was found so far. The first reason given wins.
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
            boolean deferred = false;
            try {
                if (stopReason.get() != null) {
                    return;
                }
                deferred = deferred(job);
                if (!deferred) {
                    expand(name, job);
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
                if (!deferred) {
                    pending.done();
                }
            }
        }
    }

    /**
     * Makes sure the job's page is fetched and reaches its links at the next depth; a link reached at a new
     * shallowest depth gets a job of its own if pages at that depth are fetched. A job made stale by a shallower
     * one for the same URL is skipped.
     */
    private void expand(String name, Job job) throws InterruptedException {
        Node node = job.node();
        int depth = job.depth();
        if (depth > node.depth()) {
            return;
        }
        events.visiting(name, depth, node.url());
        Links links = visit(name, node).links();
        int childDepth = depth + 1;
        for (Node child : links.targets()) {
            if (child.reachedAt(childDepth) && childDepth <= config.maxDepth()) {
                enqueue(new Job(child, childDepth));
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
            Visit v = loader.load(n);
            if (v.fetched()) {
                fetched.increment();
            }
            if (v.failed()) {
                failures.increment();
                events.failed(name, n.url(), v.error().label());
            }
            return v;
        });
    }

    private void enqueue(Job job) {
        pending.add();
        frontier.put(job);
    }
}

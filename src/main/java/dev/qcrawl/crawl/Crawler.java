package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the link graph: N virtual-thread workers take {@link Job}s from the {@link CrawlState}, make sure each
 * page is fetched (once per crawl, whatever the number of jobs, workers and processes that reach it) and reach its
 * links one level deeper, until the state says the crawl is over (or it is stopped). Each URL is expanded at the
 * shallowest depth it is reached at: a page first reached by a long path and later by a shorter one is expanded
 * again from its stored links, never fetched again. The fetched pages are thus exactly those within max-depth - 1
 * link hops of the start URL, whatever the queue order; what is counted is decided afterwards, from the graph.
 */
public final class Crawler {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    /** How soon a job whose page another process is loading is tried again. */
    private static final long LOADING_ELSEWHERE_MS = 50;

    private final CrawlConfig config;
    private final CrawlState state;
    private final PageSource loader;
    private final CrawlEvents events;
    private final Roots roots;
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("qcrawl-timers").factory());
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final AtomicReference<StateUnavailableException> lost = new AtomicReference<>();
    /** Set once the crawl is over: workers are being interrupted, and what fails then is no news. */
    private volatile boolean ending;
    /** {@link #pauseAt}: the pages after which workers take no new job; set when they reach it. */
    private volatile long pauseAt = Long.MAX_VALUE;
    private volatile boolean pausing;
    private volatile ExecutorService workers;
    private final Object seedLock = new Object();
    /** The thread seeding the crawl (reading its roots), while it does. Guarded by {@link #seedLock}. */
    private Thread seeding;

    public Crawler(CrawlConfig config, CrawlState state, PageSource loader, CrawlEvents events) {
        this(config, state, loader, events, Roots.NONE);
    }

    /** @param roots read once, by the process that starts the crawl, before any worker begins */
    public Crawler(CrawlConfig config, CrawlState state, PageSource loader, CrawlEvents events, Roots roots) {
        this.config = config;
        this.state = state;
        this.loader = loader;
        this.events = events;
        this.roots = roots;
    }

    /**
     * Crawls until the state says the crawl is over or {@link #stop} is called, then returns what was found.
     *
     * @throws StateUnavailableException if the shared state could not be reached (what it holds is kept)
     */
    public Discovery run() throws InterruptedException {
        long started = System.nanoTime();
        synchronized (seedLock) {
            seeding = Thread.currentThread();
        }
        try {
            state.seed(config.startUrl(), config.maxDepth(), roots);
        } catch (InterruptedException e) {
            if (stopReason.get() == null) {
                throw e;
            }
            // Stopped while the roots were read, before the crawl began: nothing more to find.
            return state.discovery(config.startUrl(), config.startLabel(),
                    Duration.ofNanos(System.nanoTime() - started), stopReason.get());
        } finally {
            synchronized (seedLock) {
                seeding = null;
                if (stopReason.get() != null) {
                    Thread.interrupted(); // a stop's interrupt meant for the reading of the roots
                }
            }
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        workers = pool;
        try {
            for (int i = 1; i <= config.workers(); i++) {
                String name = "Worker-" + i;
                pool.execute(() -> work(name));
            }
            state.awaitEnd();
            if (pausing && stopReason.get() == null) {
                // Paused: the jobs in hand are finished (their links queued), none is abandoned. A stop meanwhile
                // interrupts them (see stop).
                pool.shutdown();
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            }
        } finally {
            ending = true;
            pool.shutdownNow();
            timers.shutdownNow();
            // In-flight requests are interrupted; give them a moment to unwind so what was found is final.
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (lost.get() != null) {
            throw lost.get();
        }
        StopReason reason = stopReason.get();
        if (reason == null && state.budgetSpent()) {
            reason = StopReason.MAX_PAGES;
        }
        return state.discovery(config.startUrl(), config.startLabel(), Duration.ofNanos(System.nanoTime() - started),
                reason);
    }

    /**
     * Ends the crawl early: workers take no new jobs, in-flight fetches are abandoned, and {@link #run} returns what
     * was found so far. The first reason given wins.
     */
    public void stop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            synchronized (seedLock) {
                if (seeding != null) {
                    seeding.interrupt(); // the roots (sitemaps) are being read: their requests are cut short
                }
            }
            state.stop();
            ExecutorService pool = workers;
            if (pausing && pool != null) {
                pool.shutdownNow(); // run() waits for the jobs in hand of a pause: a stop cuts them short
            }
        }
    }

    /**
     * Pauses the crawl once {@code pages} pages have been fetched: workers take no new job and finish the ones in
     * hand, and {@link #run} returns; {@link #paused} then tells whether work was left. The state, with nothing in
     * hand, can then be handed on ({@link MemoryState#snapshot}).
     */
    public void pauseAt(long pages) {
        pauseAt = pages;
    }

    /** Whether {@link #run} returned for a {@link #pauseAt} with jobs still queued, and was not stopped. */
    public boolean paused() {
        return pausing && stopReason.get() == null && state.queued() > 0;
    }

    /** Progress figures for the status line. */
    public long pagesFetched() {
        return state.pagesFetched();
    }

    public long failures() {
        return state.failures();
    }

    public long queued() {
        return state.queued();
    }

    /** The shared state is gone: this process cannot go on; the first such failure is what run() reports. */
    private void lose(StateUnavailableException e) {
        if (!ending && lost.compareAndSet(null, e)) {
            stop(StopReason.STATE_UNAVAILABLE);
        }
    }

    private void work(String name) {
        events.workerStarted(name);
        while (stopReason.get() == null && !pausing) {
            Job job;
            try {
                job = state.take();
            } catch (InterruptedException e) {
                return;
            } catch (StateUnavailableException e) {
                lose(e);
                return;
            }
            if (job == null) {
                return;
            }
            try {
                if (stopReason.get() != null) {
                    giveBack(job);
                    return;
                }
                expand(name, job);
            } catch (InterruptedException e) {
                giveBack(job);
                Thread.currentThread().interrupt();
                return;
            } catch (StateUnavailableException e) {
                lose(e);
                return;
            } catch (RuntimeException e) {
                if (stopReason.get() != null) {
                    // What fails while the crawl stops (requests cut short, timers shut) says nothing about the
                    // page: the job goes back, for the other processes of a shared crawl.
                    giveBack(job);
                    return;
                }
                // A bug must not kill the worker or hang the crawl: report it, finish the job, go on.
                // One line, even with -q (it is a bug to report); the stack trace only at debug level.
                LOG.error("[{} internal error at url='{}': {}]", name, job.url(), e.toString());
                LOG.debug("internal error", e);
                state.finish(job, Visit.skipped(Outcome.INTERNAL), Links.NONE);
            }
        }
    }

    /**
     * A job this worker will not do goes back (for the other processes of a shared crawl). An interrupt (the crawl
     * stopping) is held off meanwhile, so that the state's own requests are not cut short by it.
     */
    private void giveBack(Job job) {
        boolean interrupted = Thread.interrupted();
        try {
            state.putBack(job);
        } catch (StateUnavailableException e) {
            // its lease expires and another process takes it over
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code putBack} after {@code delay}, or now if the crawl is stopping (its timers are shut down, and what
     * they hold would never run): a job put aside goes back to the state either way.
     */
    private void later(Runnable putBack, long delay, TimeUnit unit) {
        if (stopReason.get() == null && !ending) {
            try {
                timers.schedule(putBack, delay, unit);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shut down meanwhile: the crawl is stopping
            }
        }
        boolean interrupted = Thread.interrupted();
        try {
            putBack.run();
        } catch (StateUnavailableException e) {
            // its lease expires and another process takes it over
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Makes sure the job's page is fetched (once for the whole crawl) and finishes the job, which reaches its
     * links at the next depth. A job made stale by a shallower one for the same URL is finished without expanding.
     */
    private void expand(String name, Job job) throws InterruptedException {
        switch (state.claim(job)) {
            case CrawlState.Claim.Stale stale -> state.finish(job, null, Links.NONE);
            case CrawlState.Claim.Busy busy ->
                // Another process is loading the page: try the job again shortly (its stored links will be there).
                later(() -> state.putBack(job), LOADING_ELSEWHERE_MS, TimeUnit.MILLISECONDS);
            case CrawlState.Claim.Stored stored -> {
                events.visiting(name, job.depth(), job.url());
                state.finish(job, null, stored.visit().links());
            }
            case CrawlState.Claim.Mine mine -> {
                events.visiting(name, job.depth(), job.url());
                Visit visit = loader.load(job.url());
                if (visit.failed()) {
                    events.failed(name, job.url(), visit.error().label());
                }
                state.finish(job, visit, visit.links());
                // Only when a pause is asked for: a shared state's page count is a round trip to the server.
                if (pauseAt != Long.MAX_VALUE && !pausing && state.pagesFetched() >= pauseAt) {
                    pausing = true;
                    state.stop(); // no job is handed out any more; those in hand are finished
                }
            }
        }
    }
}

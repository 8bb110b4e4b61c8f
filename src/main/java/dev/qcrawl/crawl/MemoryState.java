package dev.qcrawl.crawl;

import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.frontier.Frontier;
import dev.qcrawl.frontier.QueueFrontier;
import dev.qcrawl.frontier.QueueType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The crawl's state in this process: a {@link Frontier} of jobs, a count of jobs queued or being worked on (the
 * crawl is over when it drains to zero), and one entry per URL with its shallowest depth and its visit, loaded
 * once however many workers reach it at the same moment. Link targets are stored as the entries' own URL strings,
 * so a URL linked from many pages is kept once.
 */
public final class MemoryState implements CrawlState {
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>(1024);
    private final Frontier<Job> frontier;
    private final PageBudget budget;
    private final AtomicLong pending = new AtomicLong();
    private final CountDownLatch over = new CountDownLatch(1);
    private final LongAdder fetched = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile int maxDepth;
    private final java.util.Set<String> roots = ConcurrentHashMap.newKeySet();

    /**
     * One URL: its shallowest depth and its visit: null, a future while a worker loads it (completed with the visit,
     * or with null if the loader gave up), then the Visit.
     */
    private static final class Entry {
        final String url;
        final AtomicReference<Object> visit = new AtomicReference<>();
        private int depth = Integer.MAX_VALUE;

        Entry(String url) {
            this.url = url;
        }

        synchronized int depth() {
            return depth;
        }

        /** Records a reach at {@code d}; true if it is a new shallowest depth. */
        synchronized boolean reachedAt(int d) {
            if (d < depth) {
                depth = d;
                return true;
            }
            return false;
        }

        Visit done() {
            return visit.get() instanceof Visit done ? done : null;
        }
    }

    /** @param maxPages the page budget; 0 for no limit */
    public MemoryState(QueueType queue, long maxPages) {
        this.frontier = QueueFrontier.of(queue, job -> job.url().length());
        this.budget = new PageBudget(maxPages);
    }

    private Entry entry(String url) {
        Entry e = entries.get(url);
        return e != null ? e : entries.computeIfAbsent(url, Entry::new);
    }

    @Override
    public boolean seed(String startUrl, int maxDepth) {
        this.maxDepth = maxDepth;
        if (entry(startUrl).reachedAt(1) && maxDepth >= 1) {
            enqueue(new Job(startUrl, 1));
        }
        return true;
    }

    @Override
    public void addRoots(java.util.List<String> urls) {
        for (String url : urls) {
            Entry e = entry(url);
            roots.add(e.url);
            if (e.reachedAt(1) && maxDepth >= 1) {
                enqueue(new Job(e.url, 1));
            }
        }
    }

    @Override
    public Job take() throws InterruptedException {
        while (true) {
            Job job = frontier.poll(50, TimeUnit.MILLISECONDS);
            if (job != null) {
                return job;
            }
            if (over.getCount() == 0 || pending.get() == 0) {
                return null; // the crawl is over (or stopped): nothing more will come
            }
        }
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        if (pending.get() == 0) {
            return; // nothing was ever queued (e.g. --max-depth 0)
        }
        over.await();
    }

    @Override
    public void stop() {
        over.countDown();
    }

    @Override
    public Visit visit(String url) {
        Entry e = entries.get(url);
        return e == null ? null : e.done();
    }

    @Override
    public boolean unvisited(String url) {
        Entry e = entries.get(url);
        return e == null || e.visit.get() == null;
    }

    @Override
    public Claim claim(Job job) throws InterruptedException {
        Entry e = entry(job.url());
        if (job.depth() > e.depth()) {
            return Claim.STALE;
        }
        while (true) {
            Object current = e.visit.get();
            if (current instanceof Visit done) {
                return new Claim.Stored(done);
            }
            if (current == null) {
                if (e.visit.compareAndSet(null, new CompletableFuture<Visit>())) {
                    return Claim.MINE;
                }
                continue;
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<Visit> loading = (CompletableFuture<Visit>) current;
            Visit done;
            try {
                done = loading.get();
            } catch (ExecutionException ex) {
                done = Visit.skipped(Outcome.INTERNAL);
            }
            if (done != null) {
                return new Claim.Stored(done);
            }
            // null: the loader gave up (it is stopping); the URL is free again
        }
    }

    private void count(Visit v) {
        if (v.fetched()) {
            fetched.increment();
        }
        if (v.failed()) {
            failures.increment();
        }
    }

    /** The same visit with its link targets replaced by the entries' URL strings (one copy of each URL). */
    private Visit canonical(Visit v) {
        String[] targets = v.links().targets();
        for (int i = 0; i < targets.length; i++) {
            targets[i] = entry(targets[i]).url;
        }
        return v;
    }

    @Override
    public void preset(String url, Visit visit, String loadedAs) {
        entry(url).visit.compareAndSet(null, visit);
    }

    @Override
    public void finish(Job job, Visit loaded, Links links) {
        int childDepth = job.depth() + 1;
        String[] targets = links.targets();
        // A freshly loaded page's links become the entries' own URL strings in the same pass that reaches them.
        boolean fresh = loaded != null && links == loaded.links();
        for (int i = 0; i < targets.length; i++) {
            Entry e = entry(targets[i]);
            if (fresh) {
                targets[i] = e.url;
            }
            if (e.reachedAt(childDepth) && childDepth <= maxDepth) {
                enqueue(new Job(e.url, childDepth));
            }
        }
        if (loaded != null) {
            if (!fresh) {
                canonical(loaded);
            }
            Object current = entry(job.url()).visit.getAndSet(loaded);
            count(loaded);
            if (current instanceof CompletableFuture<?> f) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Visit> loading = (CompletableFuture<Visit>) f;
                loading.complete(loaded);
            }
        }
        // A job's children are added before it is marked done, so the count reaches zero only at the end.
        if (pending.decrementAndGet() == 0) {
            over.countDown();
        }
    }

    private void enqueue(Job job) {
        pending.incrementAndGet();
        frontier.put(job);
    }

    @Override
    public void putBack(Job job) {
        Entry e = entries.get(job.url());
        if (e != null && e.visit.get() instanceof CompletableFuture<?> f && !f.isDone()) {
            // A load this job had claimed is given up: waiters try again, and the URL is free for them.
            e.visit.compareAndSet(f, null);
            f.complete(null);
        }
        frontier.put(job);
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
    public Discovery discovery(String start, String startLabel, Duration elapsed, String stopReason) {
        Map<String, Integer> depths = new HashMap<>(entries.size() * 2);
        Map<String, Visit> visits = new HashMap<>(entries.size() * 2);
        for (Entry e : entries.values()) {
            int d = e.depth();
            if (d != Integer.MAX_VALUE) {
                depths.put(e.url, d);
            }
            Visit v = e.done();
            if (v != null) {
                visits.put(e.url, v);
            }
        }
        return new Discovery(start, startLabel, maxDepth, depths, visits, java.util.Set.copyOf(roots), fetched.sum(),
                failures.sum(), elapsed, stopReason);
    }
}

package dev.qcrawl.redis;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.Job;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Roots;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.fetch.Ticker;
import dev.qcrawl.frontier.QueueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A crawl shared by any number of processes through Redis: the queue, leases on the jobs being worked on, every
 * URL's shallowest depth and stored visit, the claims to load pages, the page budget, the counters and politeness,
 * under the keys {@code qcrawl:{ID}:*} ({@link Keys}) on one server, or spread over a cluster's primaries in one
 * partition each ({@link Partitions}). Each change is one Lua script within one partition ({@link Scripts}), so a
 * process that dies at any point leaves the crawl consistent: its leases expire and other processes take the jobs
 * over, and a job run twice changes nothing. A fetched page costs one command, its take (which also claims the page
 * and a request slot of its host), and a share of the scripts that finish many pages together ({@link Finishes}).
 */
public final class RedisState implements CrawlState {
    /** How long a worker waits before asking again while every remaining job is leased elsewhere. */
    private static final long IDLE_POLL_MS = 50;
    /** How long the asking worker's interval grows to, doubling while it finds nothing (every host full, say). */
    private static final long IDLE_POLL_MAX_MS = 400;
    /** URLs given to one script at a time: a script holds Redis while it runs. */
    private static final int ROOTS_PER_CALL = 1000;

    private final UnifiedJedis redis;
    private final String crawlId;
    /** The crawl's home partition: its settings, page budget and final counts, and the start URL. */
    private final Scripts home;
    /** Every partition, the home first: one on a standalone server, one per primary on a cluster. */
    private volatile List<Scripts> parts;
    private volatile String start;
    private final String queueType;
    private String fetches = "--scope host";
    private final long maxPages;
    private final long leaseMs;
    /** How often a redirect's load looks again for the visit of a page being loaded ({@link #follow}). */
    static final int FOLLOW_POLL_MS = 20;
    /** Loads of this process waiting for another URL's load: the waiting load's URL to the awaited URL. */
    private final Map<String, String> waitsFor = new java.util.HashMap<>();
    private final Duration lease;
    private final CountDownLatch over = new CountDownLatch(1);
    private final IdleWorkers idle = new IdleWorkers();
    /** Held by the worker that looks whether the crawl is complete. */
    private final java.util.concurrent.locks.ReentrantLock ending = new java.util.concurrent.locks.ReentrantLock();
    /** The jobs whose page this process holds the claim to load (by job: another job of the page may be busy). */
    private final Set<Job> loadingHere = ConcurrentHashMap.newKeySet();
    /** The claims made with the jobs taken, until the crawler asks for them. */
    private final Map<Job, Claimed> claimed = new ConcurrentHashMap<>();
    /** The pages finished here and not yet sent. */
    private final Finishes finishes = new Finishes(this::send);
    /** Where each take of this process starts looking: the partitions in turn. */
    private final java.util.concurrent.atomic.AtomicInteger rotation = new java.util.concurrent.atomic.AtomicInteger();
    private volatile SharedHostLimits limits;
    private volatile boolean stopped;
    private volatile boolean budgeted;
    private volatile int maxDepth;
    private volatile boolean complete;
    private volatile CountsClaim countsClaim;
    private volatile SharedCounts stored;
    /** Whether the last worker here to find no job found jobs waiting for their hosts' slots. */
    private volatile boolean hostsFull;

    /**
     * Connects to the server (and checks it answers).
     *
     * @param cacert  the CA of a {@code rediss://} server's certificate (PEM), or null for the JVM's trust store
     * @param crawlId the crawl's name; every process of one crawl gives the same
     * @param lease   how long a job taken by a process stays its own before others may take it over
     * @throws dev.qcrawl.crawl.StateUnavailableException if the server cannot be reached or refuses the credentials
     */
    /** The server, as messages name it. */
    private final RedisAddress address;

    public RedisState(RedisAddress address, Path cacert, String crawlId, QueueType queue, long maxPages,
            Duration lease, int workers) {
        this.redis = ServerConnection.open(address, cacert, Math.min(workers + 4, 128));
        this.crawlId = crawlId;
        this.home = new Scripts(redis, address, Keys.of(crawlId));
        this.address = address;
        this.parts = List.of(home);
        this.queueType = queue.name().toLowerCase(Locale.ROOT);
        this.maxPages = maxPages;
        this.lease = lease;
        this.leaseMs = lease.toMillis();
    }

    /**
     * What this process fetches, as options ({@code --scope}, the filters and the options that change what is fetched
     * or read): every process of a crawl must fetch
     * the same, or the pages fetched would depend on which process took them. Checked when the crawl is seeded.
     */
    public RedisState fetching(String options) {
        this.fetches = options;
        return this;
    }

    /** On {@code redis://...} as given, with no CA file and no password from the environment. */
    public RedisState(String url, String crawlId, QueueType queue, long maxPages, Duration lease, int workers) {
        this(RedisAddress.parse(url), null, crawlId, queue, maxPages, lease, workers);
    }

    /**
     * The roots are read and queued before the crawl is seeded: a process joins a crawl only once its start is
     * recorded, so no process takes a job, or finds the crawl complete, before every root is in. Processes that
     * start one crawl together each read the roots (adding a root twice changes nothing); a process that dies while
     * it reads them leaves no crawl behind, and the next one starts it.
     */
    @Override
    public boolean seed(String startUrl, int maxDepth, Roots roots) throws InterruptedException {
        this.maxDepth = maxDepth;
        this.start = startUrl;
        if (redis instanceof RedisClusterClient cluster) {
            parts = Partitions.of(cluster, home, crawlId);
            long epoch = Partitions.epoch(cluster);
            home.call(() -> redis.hsetnx(home.keys().meta(), "epoch", String.valueOf(epoch)));
        }
        if (roots != Roots.NONE && meta("start") == null) {
            addRoots(roots.read());
        }
        String answer = home.seed(startUrl, maxDepth, queueType, maxPages, fetches);
        if (answer.startsWith("mismatch ")) {
            throw new IllegalArgumentException("this --crawl-id is a crawl of " + answer.substring(9)
                    + "; give the same start URL, --max-depth, --queue, --scope, filters and options that change what"
                    + " is fetched (--ignore-robots, --exclude-private, --user-agent, --max-body, --max-redirects, -H)"
                    + " and the link check (--check and the options that imply it, --check-fragments),"
                    + " or another --crawl-id");
        }
        budgeted = meta("budget") != null;
        return answer.equals("started");
    }

    /** The partition of a URL: the home for the start URL, else by its CRC-32. */
    private Scripts part(String url) {
        List<Scripts> all = parts;
        if (all.size() == 1 || url.equals(start)) {
            return all.getFirst();
        }
        return all.get(Partitions.index(url, all.size()));
    }

    /** The partition of a node by its id's suffix. */
    private Scripts partOfId(String id) {
        int dot = id.lastIndexOf('.');
        return dot < 0 ? home : parts.get(Integer.parseInt(id, dot + 1, id.length(), 10));
    }

    /**
     * Roots besides the start URL ({@code --sitemaps}): each reached at depth 1 and queued, in its partition, after
     * the start URL (queued first, in the home partition, as the crawl's first job).
     */
    private void addRoots(List<String> urls) {
        Map<Scripts, List<String>> byPart = new java.util.LinkedHashMap<>();
        byPart.put(home, new java.util.ArrayList<>());
        urls.forEach(url -> byPart.computeIfAbsent(part(url), p -> new java.util.ArrayList<>()).add(url));
        byPart.forEach((part, some) -> {
            int from = 0;
            do {
                List<String> chunk = some.subList(from, Math.min(some.size(), from + ROOTS_PER_CALL));
                part.addRoots(maxDepth, queueType, part == home && from == 0 ? start : null, chunk);
                from += ROOTS_PER_CALL;
            } while (from < some.size());
        });
    }

    /**
     * Takes a job and claims its page in the same call (the claim is handed out by {@link #claim}). While every job
     * left is leased (here or elsewhere), one worker of this process asks again after {@value #IDLE_POLL_MS} ms, the
     * interval doubling up to {@value #IDLE_POLL_MAX_MS} ms while it finds nothing; the others wait until a job of this process queues new jobs or gives one back, or that worker finds work, so idle
     * workers cost Redis one command per interval, not one each.
     */
    @Override
    public Job take() throws InterruptedException {
        boolean waited = false;
        long pollMs = IDLE_POLL_MS;
        int turn = rotation.getAndIncrement(); // the partition this take asks first
        while (!stopped) {
            long seen = idle.generation();
            if (idle.noneSince(seen)) {
                // Another worker here found no job and nothing has changed since: wait with it, not ask again
                // (sending this process's finished pages first, unless the jobs wait for their hosts' slots).
                if (hostsFull || !finishes.send()) {
                    idle.await(seen, IDLE_POLL_MS);
                    waited = true;
                }
                continue;
            }
            finishes.rethrow();
            List<Scripts> all = parts;
            // A request slot with the take, unless a host's slots are all in the partition of the host.
            SharedHostLimits hosts = limits != null && limits.foldedIn(all.size()) ? limits : null;
            String token = hosts == null ? null : UUID.randomUUID().toString();
            int from = Math.floorMod(turn, all.size());
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).slotsToGiveBack()) {
                    from = i; // where a job of this process just ended: its slot is given back and taken again
                    break;
                }
            }
            Scripts.Taken taken = null;
            Scripts takenFrom = null;
            String[] sequences = new String[all.size()];
            boolean allEmpty = true;
            boolean full = false;
            for (int i = 0; i < all.size() && taken == null; i++) {
                int k = (from + i) % all.size();
                Scripts part = all.get(k);
                Scripts.Taken t = hosts == null ? part.take(leaseMs, null, 0, 0, 0)
                        : part.take(leaseMs, token, hosts.perHost(k, all.size()), hosts.spacingMs(),
                                hosts.slotLeaseMs());
                if (t.empty()) {
                    sequences[(from + i) % all.size()] = t.more();
                } else if (t == Scripts.Taken.NONE) {
                    allEmpty = false;
                } else if (t == Scripts.Taken.FULL) {
                    allEmpty = false;
                    full = true; // jobs wait for a slot of their host: woken when one is given back
                } else if (t == Scripts.Taken.AGAIN) {
                    allEmpty = false;
                    waited = false;
                    taken = t;
                } else {
                    taken = t;
                    takenFrom = part;
                }
            }
            if (taken == Scripts.Taken.AGAIN) {
                continue;
            }
            if (taken != null) {
                if (waited) {
                    idle.wake(1); // there may be more: the next idle worker asks
                }
                return held(taken, takenFrom, token);
            }
            if (!full && finishes.send()) {
                continue; // pages of this process were waiting: their links may be jobs
            }
            if (allEmpty) {
                // One worker of this process at a time looks whether the crawl is complete (and repairs it after
                // a failover); the others, finding it complete meanwhile, end without asking again.
                ending.lock();
                try {
                    if (complete) {
                        return null;
                    }
                    if (unchanged(all, sequences)) {
                        if (failedOver()) {
                            long queued = repair();
                            if (queued > 0) {
                                idle.wake(queued);
                                continue;
                            }
                        }
                        complete = true;
                        end(); // nothing queued, nothing leased anywhere: the crawl is complete
                        return null;
                    }
                } finally {
                    ending.unlock();
                }
            }
            if (!allEmpty) {
                hostsFull = full;
                idle.foundNone(seen);
                idle.await(seen, pollMs);
                pollMs = Math.min(2 * pollMs, IDLE_POLL_MAX_MS);
                waited = true;
            }
        }
        return null;
    }

    /**
     * Whether every partition, found empty with these sequence numbers, is still empty with the same: then at a
     * moment between the two looks no job existed anywhere, and none can appear (only a job adds jobs). One
     * partition is one atomic look.
     */
    private boolean unchanged(List<Scripts> all, String[] sequences) {
        if (all.size() == 1) {
            return true;
        }
        for (int i = 0; i < all.size(); i++) {
            if (!sequences[i].equals(all.get(i).status())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a cluster failed over since the crawl started (its epoch moved on) or since the last repair, or a
     * command of this process waited for one: writes may have been lost.
     */
    private boolean failedOver() {
        if (!(redis instanceof RedisClusterClient cluster)) {
            return false;
        }
        String known = meta("epoch");
        return home.sawFailover() || known == null || Partitions.epoch(cluster) > Long.parseLong(known);
    }

    /**
     * After a failover: writes a dead primary acknowledged and never passed to its replica may be lost (the Redis
     * Cluster specification says so). Reads the graph and crawls again what a complete crawl cannot lack: a URL
     * within the depth with no stored visit is queued again; a link of a stored page not reached at the page's
     * depth + 1 is reached there; a page whose links name a lost node is loaded again. Returns the jobs queued; with
     * none, the graph is whole: the counters are recounted from it and the epoch recorded.
     */
    private long repair() {
        long epoch = Partitions.epoch((RedisClusterClient) redis);
        StoredGraph graph = StoredGraph.read(parts, redis);
        Map<Scripts, List<String>> again = new java.util.LinkedHashMap<>();
        for (String[] row : graph.missing(start, maxDepth)) {
            again.computeIfAbsent(part(row[0]), p -> new java.util.ArrayList<>()).addAll(List.of(row));
        }
        if (again.isEmpty()) {
            long[] counted = graph.fetchedAndFailed();
            home.call(() -> redis.hset(home.keys().meta(), Map.of("fetchedAll", String.valueOf(counted[0]),
                    "failuresAll", String.valueOf(counted[1]), "epoch", String.valueOf(epoch))));
            return 0;
        }
        long queued = 0;
        for (Map.Entry<Scripts, List<String>> e : again.entrySet()) {
            queued += e.getKey().repair(maxDepth, queueType, e.getValue());
        }
        return Math.max(queued, 1); // something was missing: look again once it is crawled
    }

    /** A job taken, with the claim made with it kept for {@link #claim}. */
    private Job held(Scripts.Taken taken, Scripts from, String token) {
        Job job = new Job(taken.url(), taken.depth());
        switch (taken.what()) {
            case "mine" -> {
                loadingHere.add(job);
                claimed.put(job, new Claimed(Claim.MINE, taken.more().isEmpty() ? null : token, taken.more(), from));
            }
            case "v" -> {
                Visit stored = resolve(taken.more());
                claimed.put(job, new Claimed(stored == null ? Claim.BUSY : new Claim.Stored(stored), null, null,
                        from));
            }
            case "busy" -> claimed.put(job, new Claimed(Claim.BUSY, null, null, from));
            default -> {
                // not claimed: claimed when the crawler comes to it
            }
        }
        return job;
    }

    /**
     * A stored visit as a script gives it, its links of other partitions ({@code #ID}) read from theirs, or a
     * reference to another partition's node ({@code @ID}) followed; null if that node has no visit yet.
     */
    private Visit resolve(String shown) {
        for (int hops = 0; shown != null && shown.startsWith("@") && hops < StoredGraph.REF_HOPS; hops++) {
            String id = shown.substring(1);
            shown = partOfId(id).visitOf(id);
        }
        if (shown == null || shown.startsWith("@")) {
            return null;
        }
        Visit visit = VisitCodec.decode(shown);
        String[] targets = visit.links().targets();
        Map<Scripts, List<Integer>> foreign = new java.util.LinkedHashMap<>();
        for (int i = 0; i < targets.length; i++) {
            if (targets[i].startsWith("#")) {
                foreign.computeIfAbsent(partOfId(targets[i].substring(1)), p -> new java.util.ArrayList<>()).add(i);
            }
        }
        foreign.forEach((part, at) -> {
            String[] fields = at.stream().map(i -> targets[i].substring(1)).toArray(String[]::new);
            List<String> nodes = part.call(() -> redis.hmget(part.keys().nodes(), fields));
            for (int j = 0; j < at.size(); j++) {
                String v = nodes.get(j);
                int a = v.indexOf('\t');
                int b = v.indexOf('\t', a + 1);
                targets[at.get(j)] = b < 0 ? v.substring(a + 1) : v.substring(a + 1, b);
            }
        });
        return visit;
    }

    private void end() {
        over.countDown();
        idle.wakeAll();
    }

    /**
     * A claim made with a job's take, and the request slot of its host it holds (token and origin, in the partition
     * of the take), if any.
     */
    private record Claimed(Claim claim, String token, String origin, Scripts part) {
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        over.await();
    }

    @Override
    public void stop() {
        stopped = true;
        end();
    }

    /**
     * Waits for a load of {@code target} in progress, in this process or another, as one process waits: the visit is
     * looked for again every {@value #FOLLOW_POLL_MS} ms, for at most half a lease (so that the waiting job's own
     * lease does not run out). Not when the load of {@code target} in this process waits, through others, for the
     * load of {@code self} (two redirects to each other's URLs); two such loads in two processes wait out the bound.
     */
    @Override
    public Visit follow(String target, String self) throws InterruptedException {
        long deadline = System.nanoTime() + leaseMs * 500_000L;
        try {
            while (true) {
                Visit stored = visit(target);
                if (stored != null) {
                    return stored;
                }
                if (part(target).unvisited(target) || System.nanoTime() - deadline > 0) {
                    return null; // nobody loads it (the caller requests it), or not soon
                }
                synchronized (waitsFor) {
                    if (waitsOnHere(target, self)) {
                        return null;
                    }
                    waitsFor.put(self, target);
                }
                Thread.sleep(FOLLOW_POLL_MS);
            }
        } finally {
            synchronized (waitsFor) {
                waitsFor.remove(self);
            }
        }
    }

    /** Whether the load of {@code url} in this process waits, directly or through others here, for {@code self}. */
    private boolean waitsOnHere(String url, String self) {
        String at = url;
        for (int hops = 0; hops <= waitsFor.size(); hops++) {
            if (at.equals(self)) {
                return true;
            }
            String next = waitsFor.get(at);
            if (next == null) {
                return false;
            }
            at = next;
        }
        return true;
    }

    /** True for the page of a job this process took and has not yet claimed: nobody has started on it. */
    @Override
    public boolean unvisited(String url) {
        for (Job job : claimed.keySet()) {
            if (job.url().equals(url) && claimed.get(job) != null && claimed.get(job).claim() == Claim.MINE) {
                return true;
            }
        }
        return part(url).unvisited(url); // a page finished here and not yet sent is still being loaded
    }

    @Override
    public Visit visit(String url) {
        finishes.send();
        String v = part(url).visit(url);
        return v == null ? null : resolve(v);
    }

    @Override
    public Claim claim(Job job) {
        Claimed taken = claimed.remove(job);
        if (taken != null) {
            if (taken.token() != null) {
                limits.granted(taken.origin(), taken.token(), taken.part());
            }
            return taken.claim();
        }
        finishes.send(); // a page of this process waiting to be sent would look busy
        List<Scripts> all = parts;
        SharedHostLimits hosts = limits != null && limits.foldedIn(all.size()) ? limits : null;
        String host = hosts == null ? null : SharedHostLimits.hostOf(job.url());
        String token = host == null ? null : UUID.randomUUID().toString();
        Scripts part = part(job.url());
        String answer = hosts == null || host == null
                ? part.claim(job.url(), job.depth(), leaseMs, null, null, 0, 0, 0)
                : part.claim(job.url(), job.depth(), leaseMs, host, token, hosts.perHost(all.indexOf(part),
                        all.size()), hosts.spacingMs(), hosts.slotLeaseMs());
        return switch (answer) {
            case "stale" -> Claim.STALE;
            case "busy" -> Claim.BUSY;
            case "mine", "mine+" -> {
                loadingHere.add(job);
                if (answer.equals("mine+")) {
                    hosts.granted(host, token, part);
                }
                yield Claim.MINE;
            }
            default -> {
                Visit stored = resolve(answer.substring(1));
                yield stored == null ? Claim.BUSY : new Claim.Stored(stored);
            }
        };
    }

    @Override
    public boolean preset(String url, Visit visit, String loadedAs) {
        // the same page: a reference, not a copy
        Scripts here = part(url);
        Scripts there = part(loadedAs);
        return here == there ? here.preset(url, loadedAs, null) : here.preset(url, null, there.idOf(loadedAs));
    }

    /**
     * Finishes a job: its page's links are reached, its visit stored and its lease ended when it is sent, with
     * other pages ({@link Finishes}); the request slot it holds is given back with the next script to its partition.
     */
    @Override
    public void finish(Job job, Visit loaded, Links links) {
        SharedHostLimits hosts = limits;
        if (hosts != null && hosts.release()) {
            idle.changed(); // a slot is free: a worker that found none may take a job now (this one first)
        }
        finishes.add(new Finishes.Page(job, part(job.url()), loaded, links));
    }

    /**
     * Sends finished pages: on a cluster their links of other partitions are reached there first, one script per
     * partition (if this process dies before the finishes below, the jobs' leases expire and they are run again,
     * which changes nothing that is done); then one script per partition finishes its pages.
     */
    private void send(List<Finishes.Page> pages) {
        long queued = 0;
        Map<Scripts, Map<String, String>> idsThere = new java.util.LinkedHashMap<>();
        if (parts.size() > 1) {
            Map<Scripts, Map<String, Integer>> foreign = new java.util.LinkedHashMap<>();
            for (Finishes.Page page : pages) {
                for (String target : page.links().targets()) {
                    Scripts there = part(target);
                    if (there != page.part()) {
                        foreign.computeIfAbsent(there, p -> new java.util.LinkedHashMap<>())
                                .merge(target, page.job().depth() + 1, Math::min);
                    }
                }
            }
            for (Map.Entry<Scripts, Map<String, Integer>> e : foreign.entrySet()) {
                List<String> reached = e.getKey().reach(maxDepth, queueType, e.getValue());
                queued += Long.parseLong(reached.getFirst());
                Map<String, String> ids = new java.util.HashMap<>();
                int j = 1;
                for (String url : e.getValue().keySet()) {
                    ids.put(url, reached.get(j++));
                }
                idsThere.put(e.getKey(), ids);
            }
        }
        Map<Scripts, List<Scripts.Finished>> byPart = new java.util.LinkedHashMap<>();
        for (Finishes.Page page : pages) {
            Visit loaded = page.loaded();
            String[] targets = page.links().targets();
            String[] ids = null;
            if (!idsThere.isEmpty()) {
                ids = new String[targets.length];
                for (int i = 0; i < targets.length; i++) {
                    Scripts there = part(targets[i]);
                    ids[i] = there == page.part() ? null : idsThere.get(there).get(targets[i]);
                }
            }
            byPart.computeIfAbsent(page.part(), p -> new java.util.ArrayList<>()).add(new Scripts.Finished(
                    page.job().url(), page.job().depth(), loaded == null ? null : VisitCodec.head(loaded),
                    loaded != null && loaded.fetched(), loaded != null && loaded.failed(), targets,
                    page.links().multiplicity(), ids));
        }
        for (Map.Entry<Scripts, List<Scripts.Finished>> e : byPart.entrySet()) {
            queued += e.getKey().finish(maxDepth, queueType, e.getValue());
        }
        idle.wake(queued);
        for (Finishes.Page page : pages) {
            if (page.loaded() != null) {
                loadingHere.remove(page.job());
            }
        }
    }

    @Override
    public void putBack(Job job) {
        boolean mine = loadingHere.remove(job); // this job's claim, not another job's of the same page
        Claimed taken = claimed.remove(job);
        String[] slot = taken != null && taken.token() != null ? new String[] {taken.origin(), taken.token()} : null;
        boolean released = slot == null && limits != null && limits.release(); // the slot this thread's claim took
        part(job.url()).putBack(job.url(), job.depth(), mine, slot == null ? null : slot[0],
                slot == null ? null : slot[1]);
        if (released) {
            giveBackSlots();
        }
        idle.wake(1);
    }

    /**
     * Gives back now the request slots that wait for this process's next script: a job is put back when the process
     * stops, and a process that stops sends no other script, so the other processes would wait out the slots' lease
     * for the host (30 s by default).
     */
    private void giveBackSlots() {
        for (Scripts part : parts) {
            if (part.slotsToGiveBack()) {
                part.finish(maxDepth, queueType, List.of()); // no page: it gives the slots back, and nothing else
            }
        }
    }

    @Override
    public boolean takePage() {
        return !budgeted || home.takePage();
    }

    @Override
    public boolean budgetSpent() {
        return meta("spent") != null;
    }

    @Override
    public long pagesFetched() {
        return counter("fetched");
    }

    @Override
    public long failures() {
        return counter("failures");
    }

    private String meta(String field) {
        return home.call(() -> redis.hget(home.keys().meta(), field));
    }

    /** A counter kept per partition, summed; or as recounted from the graph after a failover. */
    private long counter(String field) {
        finishes.send();
        String recounted = meta(field + "All");
        if (recounted != null) {
            return Long.parseLong(recounted);
        }
        long sum = 0;
        for (Scripts part : parts) {
            String v = part.call(() -> redis.hget(part.keys().meta(), field));
            sum += v == null ? 0 : Long.parseLong(v);
        }
        return sum;
    }

    @Override
    public long queued() {
        finishes.send();
        long sum = 0;
        for (Scripts part : parts) {
            sum += part.call(() -> redis.zcard(part.keys().queue()));
        }
        return sum;
    }

    /**
     * The crawl's graph, read in pieces of {@value #SCAN_COUNT} nodes ({@code HSCAN}): each URL's depth and stored
     * visit, its links' ids turned back into URLs.
     */
    @Override
    public Discovery discovery(String start, String startLabel, Duration elapsed, StopReason stopReason) {
        finishes.send(); // the pages this process finished before it stopped
        if (meta("start") == null) {
            // The crawl's keys were removed while it ran (its scripts then recreate some of them, and the crawl may
            // look over): what is there is no longer the crawl's graph.
            throw ServerConnection.keysLost(address, "the crawl's record is gone", null);
        }
        if (countsClaim != null && complete && (stopReason == null || stopReason == StopReason.MAX_PAGES)) {
            SharedCounts counts = countsClaim.awaitOrClaim(elapsed);
            if (counts != null) {
                stored = counts; // the counts to print are those: no graph needed
                return new Discovery(start, startLabel, maxDepth, Map.of(), Map.of(), Set.of(),
                        counts.result().pagesFetched(), counts.result().failures(), elapsed, stopReason);
            }
        }
        return graph(start, startLabel, elapsed, stopReason);
    }

    /**
     * Says what the counts this process prints depend on ({@link SharedCounts#variant}): once the crawl is complete,
     * the first process to end with that variant counts and stores the counts ({@link #storeCounts}); the others
     * wait for them and print them ({@link #storedCounts}) without reading the graph.
     */
    public void countsFor(String variant) {
        countsClaim = new CountsClaim(home, redis, variant, Math.max(leaseMs, 60_000));
    }

    /** The counts another process stored for this one to print, or null if this one counts itself. */
    public SharedCounts storedCounts() {
        return stored;
    }

    /** Stores the counts this process computed for the others, if it is the one that counts. */
    public void storeCounts(SharedCounts counts) {
        if (countsClaim != null) {
            countsClaim.store(counts);
        }
    }

    /** The crawl's graph read from Redis, in pieces ({@link StoredGraph}). */
    private Discovery graph(String start, String startLabel, Duration elapsed, StopReason stopReason) {
        StoredGraph graph = StoredGraph.read(parts, redis);
        return new Discovery(start, startLabel, maxDepth, graph.depths, graph.visits(), Set.copyOf(graph.roots),
                pagesFetched(), failures(), elapsed, stopReason);
    }

    /**
     * Politeness for all the processes of this crawl together: at most {@code perHost} requests in flight to a
     * host and {@code delay} (or the host's Crawl-delay) between request starts, kept in Redis.
     */
    public HostLimits hostLimits(int perHost, Duration delay) {
        return hostLimits(perHost, delay, Ticker.SYSTEM);
    }

    /** The same, waiting on {@code ticker} where this process's own clock decides. */
    public HostLimits hostLimits(int perHost, Duration delay, Ticker ticker) {
        SharedHostLimits hosts = new SharedHostLimits(() -> parts, perHost, delay, lease, () -> idle.wake(1),
                ticker);
        limits = hosts;
        return hosts;
    }

    /** What a link check of this crawl keeps for all its processes, a URL in its partition ({@link SharedChecks}). */
    public SharedChecks checks() {
        return new SharedChecks(redis, this::part, () -> parts, leaseMs);
    }

    @Override
    public void close() {
        try {
            CountsClaim claim = countsClaim;
            if (claim != null) {
                claim.giveUp(); // counted and stored, or not counting: nothing to give up
            }
            finishes.send();
        } catch (RuntimeException e) {
            // Redis is gone: the jobs of the pages not sent go back to the queue when their leases expire
        }
        finishes.close();
        redis.close();
    }
}

package dev.qcrawl.redis;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Job;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.frontier.QueueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A crawl shared by any number of processes through one Redis server: the queue, leases on the jobs being worked
 * on, every URL's shallowest depth and stored visit, the claims to load pages, the page budget, the counters and
 * politeness, all under the keys {@code qcrawl:{ID}:*} ({@link Keys}). Each change is one Lua script
 * ({@link Scripts}), so a process that dies at any point leaves the crawl consistent: its leases expire and other
 * processes take the jobs over, and a job run twice changes nothing. A fetched page costs three commands: take,
 * claim (which also takes a request slot of its host), finish (which gives it back).
 */
public final class RedisState implements CrawlState {
    /** How long a worker waits before asking again while every remaining job is leased elsewhere. */
    private static final long IDLE_POLL_MS = 50;
    /** Entries read at a time when the crawl's graph is read at its end. */
    private static final int SCAN_COUNT = 1000;
    /** URLs given to one script at a time: a script holds Redis while it runs. */
    private static final int ROOTS_PER_CALL = 1000;

    private final UnifiedJedis redis;
    private final Keys keys;
    private final Scripts scripts;
    private final String queueType;
    private final long maxPages;
    private final long leaseMs;
    private final Duration lease;
    private final CountDownLatch over = new CountDownLatch(1);
    private final IdleWorkers idle = new IdleWorkers();
    private final Set<String> loadingHere = ConcurrentHashMap.newKeySet();
    /** The claims made with the jobs taken, until the crawler asks for them. */
    private final Map<Job, Claimed> claimed = new ConcurrentHashMap<>();
    private volatile SharedHostLimits limits;
    private volatile boolean stopped;
    private volatile boolean budgeted;
    private volatile int maxDepth;
    private volatile boolean complete;
    private volatile String variant;
    private volatile SharedCounts stored;
    private volatile boolean counting;

    /**
     * Connects to the server (and checks it answers).
     *
     * @param cacert  the CA of a {@code rediss://} server's certificate (PEM), or null for the JVM's trust store
     * @param crawlId the crawl's name; every process of one crawl gives the same
     * @param lease   how long a job taken by a process stays its own before others may take it over
     * @throws dev.qcrawl.crawl.StateUnavailableException if the server cannot be reached or refuses the credentials
     */
    public RedisState(RedisAddress address, Path cacert, String crawlId, QueueType queue, long maxPages,
            Duration lease, int workers) {
        this.redis = ServerConnection.open(address, cacert, Math.min(workers + 4, 128));
        this.keys = Keys.of(crawlId);
        this.scripts = new Scripts(redis, address, keys);
        this.queueType = queue.name().toLowerCase(Locale.ROOT);
        this.maxPages = maxPages;
        this.lease = lease;
        this.leaseMs = lease.toMillis();
    }

    /** On {@code redis://...} as given, with no CA file and no password from the environment. */
    public RedisState(String url, String crawlId, QueueType queue, long maxPages, Duration lease, int workers) {
        this(RedisAddress.parse(url), null, crawlId, queue, maxPages, lease, workers);
    }

    @Override
    public boolean seed(String startUrl, int maxDepth) {
        this.maxDepth = maxDepth;
        String answer = scripts.seed(startUrl, maxDepth, queueType, maxPages);
        if (answer.startsWith("mismatch ")) {
            throw new IllegalArgumentException("this --crawl-id is a crawl of " + answer.substring(9)
                    + "; give the same start URL, --max-depth and --queue, or another --crawl-id");
        }
        budgeted = meta("budget") != null;
        return answer.equals("started");
    }

    @Override
    public void addRoots(List<String> urls) {
        for (int from = 0; from < urls.size(); from += ROOTS_PER_CALL) {
            scripts.addRoots(maxDepth, queueType, urls.subList(from, Math.min(urls.size(), from + ROOTS_PER_CALL)));
        }
    }

    /**
     * Takes a job and claims its page in the same call (the claim is handed out by {@link #claim}). While every job
     * left is leased (here or elsewhere), one worker of this process asks again every {@value #IDLE_POLL_MS} ms; the
     * others wait until a job of this process queues new jobs or gives one back, or that worker finds work, so idle
     * workers cost Redis one command per interval, not one each.
     */
    @Override
    public Job take() throws InterruptedException {
        boolean waited = false;
        SharedHostLimits hosts = limits;
        while (!stopped) {
            long seen = idle.generation();
            String token = hosts == null ? null : UUID.randomUUID().toString();
            Scripts.Taken taken = hosts == null ? scripts.take(leaseMs, null, 0, 0, 0)
                    : scripts.take(leaseMs, token, hosts.perHost(), hosts.spacingMs(), hosts.slotLeaseMs());
            if (taken == Scripts.Taken.COMPLETE) {
                complete = true;
                end(); // nothing queued, nothing leased anywhere: the crawl is complete
                return null;
            }
            if (taken == Scripts.Taken.AGAIN) {
                continue;
            }
            if (taken != Scripts.Taken.NONE) {
                if (waited) {
                    idle.wake(1); // there may be more: the next idle worker asks
                }
                Job job = new Job(taken.url(), taken.depth());
                switch (taken.what()) {
                    case "mine" -> {
                        loadingHere.add(job.url());
                        claimed.put(job, new Claimed(Claim.MINE, taken.more().isEmpty() ? null : token,
                                taken.more()));
                    }
                    case "v" -> claimed.put(job, new Claimed(new Claim.Stored(VisitCodec.decode(taken.more())),
                            null, null));
                    case "busy" -> claimed.put(job, new Claimed(Claim.BUSY, null, null));
                    default -> {
                        // "open": its host has no free slot now; claimed when the crawler comes to it
                    }
                }
                return job;
            }
            idle.await(seen, IDLE_POLL_MS);
            waited = true;
        }
        return null;
    }

    private void end() {
        over.countDown();
        idle.wakeAll();
    }

    /** A claim made with a job's take, and the request slot of its host it holds (token and origin), if any. */
    private record Claimed(Claim claim, String token, String origin) {
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

    /** True for the page of a job this process took and has not yet claimed: nobody has started on it. */
    @Override
    public boolean unvisited(String url) {
        for (Job job : claimed.keySet()) {
            if (job.url().equals(url) && claimed.get(job) != null && claimed.get(job).claim() == Claim.MINE) {
                return true;
            }
        }
        return scripts.unvisited(url);
    }

    @Override
    public Visit visit(String url) {
        String v = scripts.visit(url);
        return v == null ? null : VisitCodec.decode(v);
    }

    @Override
    public Claim claim(Job job) {
        Claimed taken = claimed.remove(job);
        if (taken != null) {
            if (taken.token() != null) {
                limits.granted(taken.origin(), taken.token());
            }
            return taken.claim();
        }
        SharedHostLimits hosts = limits;
        String host = hosts == null ? null : SharedHostLimits.hostOf(job.url());
        String token = host == null ? null : UUID.randomUUID().toString();
        String answer = hosts == null || host == null
                ? scripts.claim(job.url(), job.depth(), leaseMs, null, null, 0, 0, 0)
                : scripts.claim(job.url(), job.depth(), leaseMs, host, token, hosts.perHost(), hosts.spacingMs(),
                        hosts.slotLeaseMs());
        return switch (answer) {
            case "stale" -> Claim.STALE;
            case "busy" -> Claim.BUSY;
            case "mine", "mine+" -> {
                loadingHere.add(job.url());
                if (answer.equals("mine+")) {
                    hosts.granted(host, token);
                }
                yield Claim.MINE;
            }
            default -> new Claim.Stored(VisitCodec.decode(answer.substring(1)));
        };
    }

    @Override
    public void preset(String url, Visit visit, String loadedAs) {
        scripts.preset(url, loadedAs); // the same page: a reference, not a copy
    }

    @Override
    public void finish(Job job, Visit loaded, Links links) {
        String[] slot = heldSlot();
        long queued = scripts.finish(job.url(), job.depth(), maxDepth, queueType,
                loaded == null ? null : VisitCodec.head(loaded), loaded != null && loaded.fetched(),
                loaded != null && loaded.failed(), slot == null ? null : slot[0], slot == null ? null : slot[1],
                links.targets(), links.multiplicity());
        idle.wake(queued);
        if (loaded != null) {
            loadingHere.remove(job.url());
        }
    }

    @Override
    public void putBack(Job job) {
        boolean mine = loadingHere.remove(job.url());
        Claimed taken = claimed.remove(job);
        String[] slot = taken != null && taken.token() != null ? new String[] {taken.origin(), taken.token()}
                : heldSlot();
        scripts.putBack(job.url(), job.depth(), mine, slot == null ? null : slot[0], slot == null ? null : slot[1]);
        idle.wake(1);
    }

    /** The request slot this thread holds for its job, given back with the job: {host, token}, or null. */
    private String[] heldSlot() {
        SharedHostLimits hosts = limits;
        return hosts == null ? null : hosts.release();
    }

    @Override
    public boolean takePage() {
        return !budgeted || scripts.takePage();
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
        return scripts.call(() -> redis.hget(keys.meta(), field));
    }

    private long counter(String field) {
        String v = meta(field);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public long queued() {
        return scripts.call(() -> redis.zcard(keys.queue()));
    }

    /**
     * The crawl's graph, read in pieces of {@value #SCAN_COUNT} nodes ({@code HSCAN}): each URL's depth and stored
     * visit, its links' ids turned back into URLs.
     */
    @Override
    public Discovery discovery(String start, String startLabel, Duration elapsed, String stopReason) {
        if (variant != null && complete && (stopReason == null || stopReason.equals(Discovery.MAX_PAGES))) {
            SharedCounts counts = countedElsewhere(elapsed);
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
        this.variant = variant;
    }

    /** The counts another process stored for this one to print, or null if this one counts itself. */
    public SharedCounts storedCounts() {
        return stored;
    }

    /** Stores the counts this process computed for the others, if it is the one that counts. */
    public void storeCounts(SharedCounts counts) {
        if (!counting) {
            return;
        }
        byte[] bytes = counts.encode();
        scripts.call(() -> redis.set(bytes(keys.prefix() + "counts:" + variant), bytes));
        scripts.call(() -> redis.rpush(keys.prefix() + "counted:" + variant, "1"));
        scripts.call(() -> redis.del(keys.prefix() + "counting:" + variant));
    }

    /**
     * The counts stored by the process that counted, waiting for them while another counts; null if this process is
     * to count (the first to ask, or the next one if the one counting died: its claim expires).
     */
    private SharedCounts countedElsewhere(Duration elapsed) {
        byte[] key = bytes(keys.prefix() + "counts:" + variant);
        String countingKey = keys.prefix() + "counting:" + variant;
        String countedKey = keys.prefix() + "counted:" + variant;
        while (true) {
            byte[] found = scripts.call(() -> redis.get(key));
            if (found != null) {
                return SharedCounts.decode(found, elapsed);
            }
            String took = scripts.call(() -> redis.set(countingKey, "1",
                    SetParams.setParams().nx().px(Math.max(leaseMs, 60_000))));
            if ("OK".equals(took)) {
                counting = true;
                return null;
            }
            // Woken when the counts are stored; each waiter woken passes the word on to the next.
            List<String> word = scripts.call(() -> redis.blpop(1, countedKey));
            if (word != null) {
                scripts.call(() -> redis.rpush(countedKey, "1"));
            }
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Discovery graph(String start, String startLabel, Duration elapsed, String stopReason) {
        Map<String, String> urlOf = new HashMap<>();
        Map<String, Integer> depths = new HashMap<>();
        Map<String, String> stored = new HashMap<>();
        ScanParams piece = new ScanParams().count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<Map.Entry<String, String>> page = scripts.call(() -> redis.hscan(keys.nodes(), at, piece));
            for (Map.Entry<String, String> node : page.getResult()) {
                String v = node.getValue();
                int a = v.indexOf('\t');
                int b = v.indexOf('\t', a + 1);
                String url = b < 0 ? v.substring(a + 1) : v.substring(a + 1, b);
                urlOf.put(node.getKey(), url);
                if (a > 0) {
                    depths.put(url, Integer.valueOf(v.substring(0, a)));
                }
                if (b >= 0) {
                    stored.put(url, v.substring(b + 1));
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        Map<String, Visit> visits = new HashMap<>(stored.size() * 2);
        stored.forEach((url, v) -> {
            if (!v.startsWith("@")) {
                visits.put(url, visit(v, urlOf));
            }
        });
        // A redirect's target shares the visit of the URL it was loaded as: the same object, one page.
        stored.forEach((url, v) -> {
            if (v.startsWith("@") && visits.containsKey(urlOf.get(v.substring(1)))) {
                visits.put(url, visits.get(urlOf.get(v.substring(1))));
            }
        });
        Set<String> roots = Set.copyOf(scripts.call(() -> redis.smembers(keys.roots())));
        return new Discovery(start, startLabel, maxDepth, depths, visits, roots, pagesFetched(), failures(), elapsed,
                stopReason);
    }

    /** A stored visit, {@code STATUS TAB TYPE TAB ERROR TAB FETCHED TAB LINKS}, its links' ids read as URLs. */
    private static Visit visit(String stored, Map<String, String> urlOf) {
        String[] fields = stored.split("\t", 5);
        String[] links = fields[4].isEmpty() ? new String[0] : fields[4].split(" ");
        String[] targets = new String[links.length];
        int[] multiplicity = new int[links.length];
        for (int i = 0; i < links.length; i++) {
            int star = links[i].indexOf('*');
            targets[i] = urlOf.get(star < 0 ? links[i] : links[i].substring(0, star));
            multiplicity[i] = star < 0 ? 1 : Integer.parseInt(links[i], star + 1, links[i].length(), 10);
        }
        return VisitCodec.visit(fields, targets, multiplicity);
    }

    /**
     * Politeness for all the processes of this crawl together: at most {@code perHost} requests in flight to a
     * host and {@code delay} (or the host's Crawl-delay) between request starts, kept in Redis.
     */
    public HostLimits hostLimits(int perHost, Duration delay) {
        SharedHostLimits hosts = new SharedHostLimits(scripts, perHost, delay, lease);
        limits = hosts;
        return hosts;
    }

    @Override
    public void close() {
        redis.close();
    }
}

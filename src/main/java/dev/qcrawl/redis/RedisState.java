package dev.qcrawl.redis;

import dev.qcrawl.crawl.CrawlState;
import dev.qcrawl.crawl.Discovery;
import dev.qcrawl.crawl.Job;
import dev.qcrawl.crawl.Links;
import dev.qcrawl.crawl.StateUnavailableException;
import dev.qcrawl.crawl.Visit;
import dev.qcrawl.fetch.HostLimits;
import dev.qcrawl.frontier.QueueType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A crawl shared by any number of processes through one Redis server: the queue, leases on the jobs being worked
 * on, every URL's shallowest depth and stored visit, the claims to load pages, the page budget and the counters,
 * all under the keys {@code qcrawl:{ID}:*}. Each change is one Lua script ({@link Scripts}), so a process that dies
 * at any point leaves the crawl consistent: its leases expire and other processes take the jobs over, and a job
 * run twice changes nothing. A job costs three round trips: take, claim, finish.
 */
public final class RedisState implements CrawlState {
    /** How long a worker waits before asking again while every remaining job is leased elsewhere. */
    private static final long IDLE_POLL_MS = 50;

    private final RedisClient redis;
    private final String where;
    private final List<String> keys;
    private final String queueType;
    private final long maxPages;
    private final String leaseMs;
    private final String prefix;
    private final Duration lease;
    private final CountDownLatch over = new CountDownLatch(1);
    private final Set<String> loadingHere = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile boolean budgeted;
    private volatile int maxDepth;

    /**
     * @param url     {@code redis://HOST:PORT[/DB]}
     * @param crawlId the crawl's name; every process of one crawl gives the same
     * @param lease   how long a job taken by a process stays its own before others may take it over
     */
    public RedisState(String url, String crawlId, QueueType queue, long maxPages, Duration lease, int workers) {
        URI uri = parse(url);
        int db = uri.getPath() == null || uri.getPath().length() <= 1 ? 0 : Integer.parseInt(uri.getPath().substring(1));
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        this.where = "redis at " + uri.getHost() + ":" + port;
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(Math.min(workers + 4, 128));
        pool.setMaxIdle(Math.min(workers + 4, 128));
        pool.setMaxWait(Duration.ofSeconds(10));
        this.redis = RedisClient.builder().hostAndPort(new HostAndPort(uri.getHost(), port))
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000)
                        .socketTimeoutMillis(5000).database(db).clientName("qcrawl").build())
                .poolConfig(pool).build();
        this.prefix = "qcrawl:{" + crawlId + "}:";
        this.lease = lease;
        this.keys = List.of(prefix + "meta", prefix + "queue", prefix + "seq", prefix + "jobscore", prefix + "leases",
                prefix + "depth", prefix + "visit", prefix + "loading", prefix + "roots");
        this.queueType = queue.name().toLowerCase(java.util.Locale.ROOT);
        this.maxPages = maxPages;
        this.leaseMs = String.valueOf(lease.toMillis());
    }

    /** Checks a {@code --frontier} value; throws IllegalArgumentException with a message fit for the CLI. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--frontier: not a redis:// URL: " + url);
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().matches("(/\\d{0,2})?"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("--frontier: expected redis://HOST:PORT[/DB], got " + url);
        }
        return uri;
    }

    /** Runs a call to Redis; a connection failure ends this process's part of the crawl with one message. */
    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new StateUnavailableException(where + " is unreachable: " + e.getMessage(), e);
        }
    }

    private Object script(String script, String... args) {
        return call(() -> redis.eval(script, keys, List.of(args)));
    }

    @Override
    public boolean seed(String startUrl, int maxDepth) {
        this.maxDepth = maxDepth;
        String answer = String.valueOf(script(Scripts.SEED, startUrl, String.valueOf(maxDepth), queueType,
                String.valueOf(maxPages)));
        if (answer.startsWith("mismatch ")) {
            throw new IllegalArgumentException("this --crawl-id is a crawl of " + answer.substring(9)
                    + "; give the same start URL, --max-depth and --queue, or another --crawl-id");
        }
        budgeted = call(() -> redis.hget(keys.get(0), "budget")) != null;
        return answer.equals("started");
    }

    @Override
    public void addRoots(List<String> urls) {
        for (int from = 0; from < urls.size(); from += 1000) { // in slices: a script holds Redis while it runs
            List<String> args = new ArrayList<>();
            args.add(String.valueOf(maxDepth));
            args.add(queueType);
            args.addAll(urls.subList(from, Math.min(urls.size(), from + 1000)));
            call(() -> redis.eval(Scripts.ADD_ROOTS, keys, args));
        }
    }

    @Override
    public Job take() throws InterruptedException {
        while (!stopped) {
            Object taken = script(Scripts.TAKE, leaseMs);
            if (taken instanceof String member) {
                if (member.isEmpty()) {
                    over.countDown(); // nothing queued, nothing leased anywhere: the crawl is complete
                    return null;
                }
                int space = member.indexOf(' ');
                return new Job(member.substring(space + 1), Integer.parseInt(member, 0, space, 10));
            }
            // Every job left is leased by a worker here or elsewhere; it may add more, or its lease may expire.
            if (over.await(IDLE_POLL_MS, TimeUnit.MILLISECONDS)) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        over.await();
    }

    @Override
    public void stop() {
        stopped = true;
        over.countDown();
    }

    @Override
    public boolean unvisited(String url) {
        return call(() -> !redis.hexists(keys.get(6), url) && !redis.hexists(keys.get(7), url));
    }

    @Override
    public Visit visit(String url) {
        String v = call(() -> redis.hget(keys.get(6), url));
        if (v != null && v.startsWith("@")) {
            String target = v.substring(1);
            v = call(() -> redis.hget(keys.get(6), target));
        }
        return v == null ? null : VisitCodec.decode(v);
    }

    @Override
    public Claim claim(Job job) {
        String answer = String.valueOf(script(Scripts.CLAIM, job.url(), String.valueOf(job.depth()), leaseMs));
        return switch (answer) {
            case "stale" -> Claim.STALE;
            case "busy" -> Claim.BUSY;
            case "mine" -> {
                loadingHere.add(job.url());
                yield Claim.MINE;
            }
            default -> new Claim.Stored(VisitCodec.decode(answer.substring(1)));
        };
    }

    @Override
    public void preset(String url, Visit visit, String loadedAs) {
        call(() -> redis.hsetnx(keys.get(6), url, "@" + loadedAs)); // the same page: a reference, not a copy
    }

    @Override
    public void finish(Job job, Visit loaded, Links links) {
        List<String> args = new ArrayList<>(8 + links.size());
        args.add(member(job));
        args.add(job.url());
        args.add(String.valueOf(job.depth() + 1));
        args.add(String.valueOf(maxDepth));
        args.add(queueType);
        args.add(loaded == null ? "" : VisitCodec.encode(loaded));
        args.add(loaded != null && loaded.fetched() ? "1" : "0");
        args.add(loaded != null && loaded.failed() ? "1" : "0");
        args.addAll(List.of(links.targets()));
        call(() -> redis.eval(Scripts.FINISH, keys, args));
        if (loaded != null) {
            loadingHere.remove(job.url());
        }
    }

    @Override
    public void putBack(Job job) {
        boolean mine = loadingHere.remove(job.url());
        script(Scripts.PUT_BACK, member(job), job.url(), mine ? "1" : "0");
    }

    private static String member(Job job) {
        return job.depth() + " " + job.url();
    }

    @Override
    public boolean takePage() {
        return !budgeted || "1".equals(String.valueOf(script(Scripts.TAKE_PAGE)));
    }

    @Override
    public boolean budgetSpent() {
        return call(() -> redis.hget(keys.get(0), "spent")) != null;
    }

    @Override
    public long pagesFetched() {
        return counter("fetched");
    }

    @Override
    public long failures() {
        return counter("failures");
    }

    private long counter(String field) {
        String v = call(() -> redis.hget(keys.get(0), field));
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public long queued() {
        return call(() -> redis.zcard(keys.get(1)));
    }

    @Override
    public Discovery discovery(String start, String startLabel, Duration elapsed, String stopReason) {
        Map<String, Integer> depths = new HashMap<>();
        call(() -> redis.hgetAll(keys.get(5))).forEach((url, d) -> depths.put(url, Integer.valueOf(d)));
        Map<String, String> stored = call(() -> redis.hgetAll(keys.get(6)));
        Map<String, Visit> visits = new HashMap<>();
        stored.forEach((url, v) -> {
            if (!v.startsWith("@")) {
                visits.put(url, VisitCodec.decode(v));
            }
        });
        // A redirect's target shares the visit of the URL it was loaded as: the same object, one page.
        stored.forEach((url, v) -> {
            if (v.startsWith("@") && visits.containsKey(v.substring(1))) {
                visits.put(url, visits.get(v.substring(1)));
            }
        });
        // A URL linked from many pages arrives as one string per page: keep one.
        Map<String, String> canonical = new HashMap<>(depths.size() * 2);
        depths.keySet().forEach(url -> canonical.put(url, url));
        for (Visit v : visits.values()) {
            String[] targets = v.links().targets();
            for (int i = 0; i < targets.length; i++) {
                targets[i] = canonical.getOrDefault(targets[i], targets[i]);
            }
        }
        Set<String> roots = Set.copyOf(call(() -> redis.smembers(keys.get(8))));
        return new Discovery(start, startLabel, maxDepth, depths, visits, roots, pagesFetched(), failures(), elapsed,
                stopReason);
    }

    /**
     * Politeness for all the processes of this crawl together: at most {@code perHost} requests in flight to a
     * host and {@code delay} (or the host's Crawl-delay) between request starts, kept in Redis.
     */
    public HostLimits hostLimits(int perHost, Duration delay) {
        return new SharedHostLimits(call -> {
            @SuppressWarnings("unchecked")
            List<String> k = (List<String>) call.get(1);
            @SuppressWarnings("unchecked")
            List<String> a = (List<String>) call.get(2);
            return call(() -> redis.eval((String) call.get(0), k, a));
        }, prefix, perHost, delay, lease);
    }

    @Override
    public void close() {
        redis.close();
    }
}

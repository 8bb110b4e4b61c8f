package dev.qcrawl.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua scripts that change a shared crawl (the {@code .lua} resources beside this class, each run atomically by
 * Redis), one typed call each. A script is sent to the server once and then called by its SHA-1 ({@code EVALSHA});
 * a server that does not know it (restarted, or a replica just promoted) is sent it again. Times come from the
 * server's clock ({@code TIME}), so the processes' clocks need not agree.
 */
final class Scripts {
    /** One script: the shared prelude and its own body, and the SHA-1 Redis knows it by. */
    enum Script {
        SEED, ADD_ROOTS, TAKE, CLAIM, FINISH, PUT_BACK, PRESET, VISIT, UNVISITED, TAKE_PAGE, ENTER, LEAVE, REACH,
        ID_OF, VISIT_OF, LAYOUT, STATUS, REPAIR;

        final String source = resource("prelude") + resource(name().toLowerCase(Locale.ROOT));
        final String sha = sha1(source);
    }

    private final UnifiedJedis redis;
    private final RedisAddress address;
    private final Keys keys;
    private final java.util.concurrent.atomic.AtomicBoolean failover;
    /** Request slots of this partition whose requests are over: given back by the next script sent here. */
    private final java.util.Queue<String[]> slotsOver = new java.util.concurrent.ConcurrentLinkedQueue<>();

    Scripts(UnifiedJedis redis, RedisAddress address, Keys keys) {
        this(redis, address, keys, new java.util.concurrent.atomic.AtomicBoolean());
    }

    private Scripts(UnifiedJedis redis, RedisAddress address, Keys keys,
            java.util.concurrent.atomic.AtomicBoolean failover) {
        this.redis = redis;
        this.address = address;
        this.keys = keys;
        this.failover = failover;
    }

    /**
     * Runs a command; a connection failure ends this process's part of the crawl with one message. A cluster that
     * is failing over (CLUSTERDOWN, TRYAGAIN, MASTERDOWN, LOADING, or its nodes unreachable while the client's
     * own retries ran out) is asked again, for a bounded time. Every script can be run again: a step done twice
     * changes nothing, and a job taken twice stays leased until its lease expires.
     */
    <T> T call(Supplier<T> command) {
        long deadline = System.nanoTime() + ServerConnection.CLUSTER_RETRIES.toNanos();
        for (int attempt = 0;; attempt++) {
            try {
                return command.get();
            } catch (JedisException e) {
                if (!(redis instanceof RedisClusterClient) || !passing(e) || System.nanoTime() > deadline) {
                    throw failed(e);
                }
                failover.set(true);
                pause(Math.min(1000, 50L << Math.min(attempt, 5)));
            }
        }
    }

    /**
     * Every failure of a command ends this process's part of the crawl with one line (exit 4), a Redis error reply
     * too: the server refused the command (out of memory, a replica, a failing disk) or the crawl's keys are not as
     * the scripts left them (removed by FLUSHALL, evicted under {@code maxmemory}, a server restarted empty). Going
     * on would leave the processes waiting for jobs that no longer exist.
     */
    private RuntimeException failed(JedisException e) {
        return ServerConnection.commandFailure(address, e);
    }

    /** A cluster's passing state: Redis types its errors by their first word. */
    private static boolean passing(JedisException e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException) {
            return true;
        }
        String m = String.valueOf(e.getMessage());
        return e instanceof JedisDataException && (m.startsWith("CLUSTERDOWN") || m.startsWith("TRYAGAIN")
                || m.startsWith("MASTERDOWN") || m.startsWith("LOADING") || m.startsWith("READONLY"));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // a failover takes seconds: nothing to wait on but time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("interrupted while the cluster failed over", e);
        }
    }

    private Object run(Script script, List<String> keyNames, List<String> args) {
        return call(() -> {
            try {
                return redis.evalsha(script.sha, keyNames, args);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(script.source, keyNames.getFirst());
                return redis.evalsha(script.sha, keyNames, args);
            }
        });
    }

    private Object run(Script script, String... args) {
        return run(script, keys.all(), List.of(args));
    }

    /**
     * Returns started, joined, or "mismatch " and what the existing crawl is.
     *
     * @param fetches what the crawl fetches: {@code --scope} and the filters, as options
     */
    String seed(String start, int maxDepth, String queue, long budget, String fetches) {
        return (String) run(Script.SEED, start, String.valueOf(maxDepth), queue, String.valueOf(budget), fetches);
    }

    /** @param start the start URL, queued first, or null */
    void addRoots(int maxDepth, String queue, String start, List<String> urls) {
        List<String> args = new ArrayList<>(urls.size() + 3);
        args.add(String.valueOf(maxDepth));
        args.add(queue);
        args.add(start == null ? "" : start);
        args.addAll(urls);
        run(Script.ADD_ROOTS, keys.all(), args);
    }

    /**
     * What {@link #take} found: a job and its claim ({@code what}: mine, v, busy; see take.lua), or nothing queued
     * or leased ({@link #empty}), {@link #NONE} (every job left is leased elsewhere), {@link #FULL} (every job looked
     * at is of a host with no free slot) or {@link #AGAIN}.
     */
    record Taken(String what, int depth, String url, String more) {
        static final Taken NONE = new Taken("none", 0, null, null);
        static final Taken FULL = new Taken("full", 0, null, null);
        static final Taken AGAIN = new Taken("again", 0, null, null);

        /** Nothing queued or leased in the partition; {@code more}: its sequence number. */
        boolean empty() {
            return what.equals("empty");
        }
    }

    /**
     * Takes a job and claims its page (and gives back the slots of this partition whose requests are over).
     *
     * @param token   null to take no request slot
     * @param perHost the host's slots in this partition
     */
    Taken take(long leaseMs, String token, int perHost, long spacingMs, long slotLeaseMs) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(leaseMs), token == null ? "" : token,
                String.valueOf(perHost), String.valueOf(spacingMs), String.valueOf(slotLeaseMs)));
        Object answer = run(Script.TAKE, keys.all(), slotsOver(args));
        if (answer == null) {
            return Taken.NONE;
        }
        if (answer instanceof String empty) {
            return new Taken("empty", 0, null, empty.substring(1));
        }
        List<?> job = (List<?>) answer;
        if (job.getFirst().equals("again")) {
            return Taken.AGAIN;
        }
        if (job.getFirst().equals("full")) {
            return Taken.FULL;
        }
        return new Taken((String) job.get(0), Integer.parseInt((String) job.get(1)), (String) job.get(2),
                (String) job.get(3));
    }

    /**
     * stale, busy, mine, mine+ (and a request slot of the host with {@code token}), or "v" and the stored visit.
     *
     * @param token null to take no slot
     */
    String claim(String url, int depth, long leaseMs, String host, String token, int perHost, long spacingMs,
            long slotLeaseMs) {
        List<String> args = List.of(url, String.valueOf(depth), String.valueOf(leaseMs), token == null ? "" : token,
                String.valueOf(perHost), String.valueOf(spacingMs), String.valueOf(slotLeaseMs));
        return (String) run(Script.CLAIM, token == null ? keys.all() : keys.withHost(host), args);
    }

    /**
     * A page of this partition to finish: its job, its loaded visit, its links.
     *
     * @param head the loaded visit's head ({@link VisitCodec#head}), or null
     * @param ids  per link, its id if it was reached in its own partition, else null (reached here)
     */
    record Finished(String url, int depth, String head, boolean fetched, boolean failed, String[] links,
            int[] multiplicity, String[] ids) {
    }

    /**
     * Finishes pages of this partition in one call (and gives back the slots of this partition whose requests are
     * over). Returns how many jobs it queued.
     */
    long finish(int maxDepth, String queue, List<Finished> pages) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(maxDepth));
        args.add(queue);
        slotsOver(args);
        for (Finished page : pages) {
            args.add(page.url());
            args.add(String.valueOf(page.depth()));
            args.add(page.head() == null ? "" : page.head());
            args.add(page.fetched() ? "1" : "0");
            args.add(page.failed() ? "1" : "0");
            args.add(String.valueOf(page.links().length));
            for (int i = 0; i < page.links().length; i++) {
                args.add(page.links()[i]);
                args.add(String.valueOf(page.multiplicity()[i]));
                args.add(page.ids() == null || page.ids()[i] == null ? "" : page.ids()[i]);
            }
        }
        return (Long) run(Script.FINISH, keys.all(), args);
    }

    /**
     * A request slot of this partition is free again: it is given back with the next script sent here; if no request
     * {@code used} it, with the next start it booked (see give_back in prelude.lua).
     */
    void slotOver(String origin, String token, boolean used) {
        slotsOver.add(new String[] {origin, used ? token : "!" + token});
    }

    /** Whether slots of this partition wait to be given back. */
    boolean slotsToGiveBack() {
        return !slotsOver.isEmpty();
    }

    /** Adds to a script's arguments the slots to give back (their number, then origin and token of each). */
    private List<String> slotsOver(List<String> args) {
        int at = args.size();
        args.add("0");
        int n = 0;
        for (String[] slot; (slot = slotsOver.poll()) != null; n++) {
            args.add(slot[0]);
            args.add(slot[1]);
        }
        args.set(at, String.valueOf(n));
        return args;
    }

    void putBack(String url, int depth, boolean mine, String host, String release) {
        run(Script.PUT_BACK, release == null ? keys.all() : keys.withHost(host),
                List.of(url, String.valueOf(depth), mine ? "1" : "0", release == null ? "" : release));
    }

    /**
     * @param targetId null if {@code loadedAs} is in this partition, else the id of its node
     * @return whether {@code url} refers to that page now (false: it has a visit, or the page is its own)
     */
    boolean preset(String url, String loadedAs, String targetId) {
        return Long.valueOf(1).equals(run(Script.PRESET, url, targetId == null ? loadedAs : "",
                targetId == null ? "" : targetId));
    }

    /** Reaches URLs of this partition, each at its depth: the number of jobs queued, then their ids in order. */
    List<String> reach(int maxDepth, String queue, Map<String, Integer> depths) {
        List<String> args = new ArrayList<>(2 * depths.size() + 2);
        args.add(String.valueOf(maxDepth));
        args.add(queue);
        depths.forEach((url, depth) -> {
            args.add(url);
            args.add(String.valueOf(depth));
        });
        List<?> answer = (List<?>) run(Script.REACH, keys.all(), args);
        List<String> out = new ArrayList<>(answer.size());
        for (Object o : answer) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    String idOf(String url) {
        return (String) run(Script.ID_OF, url);
    }

    /** The stored visit of a node of this partition, as {@link #visit} gives it, or null. */
    String visitOf(String id) {
        return (String) run(Script.VISIT_OF, id);
    }

    /**
     * Crawls URLs of this partition again: {@code again} holds URL, depth, and "1" to forget its stored visit or
     * "0", for each. Returns the number of jobs queued.
     */
    long repair(int maxDepth, String queue, List<String> again) {
        List<String> args = new ArrayList<>(again.size() + 2);
        args.add(String.valueOf(maxDepth));
        args.add(queue);
        args.addAll(again);
        return (Long) run(Script.REPAIR, keys.all(), args);
    }

    /** Whether a command of this process had to wait for a cluster to fail over. */
    boolean sawFailover() {
        return failover.get();
    }

    /** The sequence number if nothing is queued or leased in this partition, else null. */
    String status() {
        String answer = (String) run(Script.STATUS);
        return answer == null ? null : answer.substring(1);
    }

    /** Gives this partition's ids {@code suffix}, unless it has one. */
    void layout(String suffix) {
        run(Script.LAYOUT, suffix);
    }

    /** The same calls on another partition's keys. */
    Scripts on(Keys partition) {
        return new Scripts(redis, address, partition, failover);
    }

    Keys keys() {
        return keys;
    }

    /** The stored visit as {@link VisitCodec#decode} reads it, or null. */
    String visit(String url) {
        return (String) run(Script.VISIT, url);
    }

    boolean unvisited(String url) {
        return Long.valueOf(1).equals(run(Script.UNVISITED, url));
    }

    boolean takePage() {
        return Long.valueOf(1).equals(run(Script.TAKE_PAGE));
    }

    /**
     * 0 (the slot is taken), -1 (every slot is taken) or the milliseconds until the next start is allowed; first
     * gives back the slots of this partition whose requests are over.
     *
     * @param token null to take no slot, only to space the start (the caller holds a slot elsewhere)
     */
    long enter(String host, String token, int perHost, long spacingMs, long slotLeaseMs) {
        List<String> args = new ArrayList<>(List.of(token == null ? "" : token, String.valueOf(perHost),
                String.valueOf(spacingMs), String.valueOf(slotLeaseMs)));
        return (Long) run(Script.ENTER, keys.withHost(host), slotsOver(args));
    }

    void leave(String host, String token) {
        run(Script.LEAVE, keys.withHost(host), List.of(token));
    }

    private static String resource(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + ".lua", e);
        }
    }

    static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

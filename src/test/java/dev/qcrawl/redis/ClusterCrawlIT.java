package dev.qcrawl.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.HeldPages;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.LinkGraph;
import dev.qcrawl.testing.RedisCluster;
import dev.qcrawl.testing.RedisCommands;
import dev.qcrawl.testing.TestServer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * One crawl shared by three qcrawl processes through a real Redis Cluster (three primaries, three replicas), each
 * process given another node: each prints exactly what one process alone prints, also when the primary holding
 * the crawl is killed mid-crawl and its replica takes over. Expectations come from the link graph itself.
 */
class ClusterCrawlIT {
    private static final LinkGraph GRAPH = LinkGraph.random(13, 300, 8);
    private static final AtomicInteger CRAWLS = new AtomicInteger();
    private static RedisCluster cluster;
    private static TestServer site;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisCluster.start(dir.resolve("cluster"));
        site = new TestServer();
        GRAPH.serveOn(site);
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
        cluster.close();
    }

    private static List<String> expected() {
        Map<String, BigInteger> counts = GRAPH.uniqueCounts(50);
        return LinkGraph.expectedLines(counts, site.url(""), site.url("/"));
    }

    private static Process crawl(String id, int node, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("-q", "-w", "4", "--unique", "-d", "50", "--lease", "5s",
                "--frontier", cluster.url(node), "--crawl-id", id));
        args.addAll(List.of(more));
        if (more.length == 0 || !more[more.length - 1].startsWith("http")) {
            args.add(site.url("/"));
        }
        return Jar.startTo(out, args);
    }

    @Test
    void threeProcessesGivenDifferentNodesPrintWhatOneProcessPrints() throws Exception {
        String id = "nodes-" + CRAWLS.incrementAndGet();
        List<Process> processes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int node : cluster.alive().subList(0, 3)) {
            outs.add(dir.resolve(id + "-" + node + ".txt"));
            processes.add(crawl(id, node, outs.getLast()));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(expected(), Jar.rows(processes.get(i), outs.get(i)), "process " + i);
        }
        // The crawl is spread over every primary: each holds at least 15% of its keys' memory.
        Map<Integer, Long> bytes = bytesByPrimary(id);
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(3, bytes.size(), bytes.toString());
        bytes.forEach((port, n) -> assertTrue(n * 100 >= total * 15, "primary " + port + ": " + bytes));
    }

    /**
     * A fetched page costs at most three commands on the cluster, whatever the number of partitions its links fall
     * into: every command the three processes send to any node of the cluster, seen by MONITOR (the commands the
     * scripts run inside Redis are not counted), against the URLs of the site a complete crawl fetches. The host
     * has a slot for every worker (as in bench/shared): workers waiting for a slot ask again, which is not the
     * cost of a page.
     */
    @Test
    void aFetchedPageCostsAtMostThreeCommands() throws Exception {
        LinkGraph graph = LinkGraph.random(29, 1500, 24); // 12.5 links a page on average, as the issue's site
        try (TestServer wide = new TestServer()) {
            graph.serveOn(wide);
            String id = "commands-" + CRAWLS.incrementAndGet();
            long fetched = graph.distances().size(); // every URL reached from the start, pages and the rest
            List<Integer> ports = cluster.alive().stream().map(i -> cluster.ports().get(i)).toList();
            long sent;
            String byName;
            try (RedisCommands commands = RedisCommands.on(ports)) {
                List<Process> processes = new ArrayList<>();
                List<Path> outs = new ArrayList<>();
                for (int node : cluster.alive().subList(0, 3)) {
                    outs.add(dir.resolve(id + "-" + node + ".txt"));
                    processes.add(crawl(id, node, outs.getLast(), "--per-host", "16", wide.url("/")));
                }
                List<String> expected = LinkGraph.expectedLines(graph.uniqueCounts(50), wide.url(""), wide.url("/"));
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected, Jar.rows(processes.get(i), outs.get(i)), "process " + i);
                }
                sent = commands.count();
                byName = commands.byName();
            }
            assertTrue(sent <= 3 * fetched, sent + " commands for " + fetched + " URLs fetched: " + byName);
        }
    }

    /**
     * --per-host is one limit for all the processes of a crawl on the cluster too: shared out over the partitions
     * when it is at least their number (3), kept whole in the host's partition when it is less (2).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void perHostLimitHoldsAcrossProcesses(int limit) throws Exception {
        try (TestServer server = new TestServer()) {
            HeldPages held = new HeldPages(server, 30, limit);
            String id = "polite-" + limit + "-" + CRAWLS.incrementAndGet();
            List<Process> processes = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            for (int node : cluster.alive().subList(0, 2)) {
                outs.add(dir.resolve(id + "-" + node + ".txt"));
                processes.add(crawl(id, node, outs.getLast(), "--per-host", String.valueOf(limit),
                        server.url("/")));
            }
            List<String> first = Jar.rows(processes.get(0), outs.get(0));
            assertEquals(first, Jar.rows(processes.get(1), outs.get(1)));
            assertEquals(31, first.size());
            assertTrue(held.reachedTarget(), limit + " requests were in flight at once");
            assertTrue(held.most() <= limit, "in flight at once across both processes: " + held.most());
        }
    }

    /**
     * Writes lost with a primary (acknowledged, never passed to its replica) are crawled again: some pages' visits,
     * a whole node and the stored counts are taken out of a complete crawl, as such a loss would, and the cluster
     * fails over; a process started on the crawl again loads exactly those pages again and prints the counts.
     */
    @Test
    void writesLostInAFailoverAreCrawledAgain() throws Exception {
        String id = "repair-" + CRAWLS.incrementAndGet();
        Path first = dir.resolve(id + "-1.txt");
        assertEquals(expected(), Jar.rows(crawl(id, cluster.alive().getFirst(), first), first));
        List<String> lost = new ArrayList<>();
        try (RedisClusterClient redis = RedisClusterClient.create(
                new HostAndPort("127.0.0.1", cluster.ports().get(cluster.alive().getFirst())))) {
            String[] tags = redis.get("qcrawl:{" + id + "}:parts").split(" ");
            assertEquals(3, tags.length);
            for (String tag : tags) {
                String nodes = "qcrawl:{" + tag + "}:nodes";
                int taken = 0;
                for (Map.Entry<String, String> node : redis.hgetAll(nodes).entrySet()) {
                    String[] fields = node.getValue().split("\t", 3);
                    if (fields.length == 3 && !fields[1].equals(site.url("/")) && !fields[2].startsWith("@")
                            && taken < 3) {
                        redis.hset(nodes, node.getKey(), fields[0] + "\t" + fields[1]); // the visit lost
                        lost.add(fields[1]);
                        taken++;
                    }
                }
            }
            // One node lost whole: the pages that link to it are loaded again.
            String home = "qcrawl:{" + id + "}:";
            String victim = redis.hgetAll(home + "nodes").entrySet().stream()
                    .filter(n -> !n.getValue().split("\t")[1].equals(site.url("/"))).findFirst().orElseThrow()
                    .getKey();
            String victimUrl = redis.hget(home + "nodes", victim).split("\t")[1];
            redis.hdel(home + "nodes", victim);
            redis.hdel(home + "ids", victimUrl);
            lost.add(victimUrl);
            for (String key : redis.keys(home + "counts:*")) {
                redis.del(key);
            }
        }
        cluster.failOver();
        site.allHits().clear();
        Path again = dir.resolve(id + "-2.txt");
        assertEquals(expected(), Jar.rows(crawl(id, cluster.alive().getLast(), again), again));
        for (String url : lost) {
            String path = url.substring(site.url("").length());
            assertTrue(site.allHits().containsKey(path), url + " was loaded again: " + site.allHits().keySet());
        }
    }

    /** MEMORY USAGE of the crawl's keys ({@code qcrawl:{ID...}) on each primary. */
    private static Map<Integer, Long> bytesByPrimary(String id) {
        Map<Integer, Long> bytes = new java.util.TreeMap<>();
        for (int port : cluster.primaries()) {
            try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
                String cursor = "0";
                do {
                    var page = jedis.scan(cursor, new redis.clients.jedis.params.ScanParams()
                            .match("qcrawl:{" + id + "*").count(1000));
                    for (String key : page.getResult()) {
                        bytes.merge(port, jedis.memoryUsage(key, 0), Long::sum);
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals("0"));
            }
        }
        return bytes;
    }

    @Test
    void aPrimaryKilledMidCrawlIsReplacedByItsReplicaAndEveryProcessRidesThrough() throws Exception {
        String id = "failover-" + CRAWLS.incrementAndGet();
        List<Integer> alive = cluster.alive();
        assertEquals(6, alive.size(), "one failover per cluster");
        AtomicInteger requests = new AtomicInteger();
        CountDownLatch midCrawl = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        site.before(ex -> {
            if (requests.incrementAndGet() >= 60) {
                midCrawl.countDown();
                killed.await(30, TimeUnit.SECONDS); // requests in flight stay in flight until the primary is gone
            }
        });
        try {
            List<Process> processes = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            for (int node : new int[] {1, 3, 5}) {
                outs.add(dir.resolve(id + "-" + node + ".txt"));
                processes.add(crawl(id, node, outs.getLast()));
            }
            assertTrue(midCrawl.await(60, TimeUnit.SECONDS), "the crawl never got under way");
            int primary = cluster.primaryOf("qcrawl:{" + id + "}:meta");
            cluster.kill(primary);
            killed.countDown();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected(), Jar.rows(processes.get(i), outs.get(i)), "process " + i);
            }
            assertTrue(!cluster.primaries().contains(primary) && cluster.primaries().size() == 3,
                    "a replica took the killed primary's place: " + cluster.primaries());
        } finally {
            site.before(ex -> {
            });
        }
    }
}

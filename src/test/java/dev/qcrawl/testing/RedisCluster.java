package dev.qcrawl.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of six {@code redis-server}s on loopback, three primaries with a replica each, made with
 * {@code redis-cli --cluster create} for a test class. Ports are six in a row between 20000 and 22700, chosen at
 * random among free ones: the cluster bus of each is its port + 10000, which stays below the ephemeral ports
 * (32768 and up) that outgoing connections take.
 */
public final class RedisCluster implements AutoCloseable {
    private final List<Process> nodes;
    private final List<Integer> ports;

    private RedisCluster(List<Process> nodes, List<Integer> ports) {
        this.nodes = nodes;
        this.ports = ports;
    }

    public static RedisCluster start(Path dir) throws IOException, InterruptedException {
        List<Integer> ports = freePorts();
        List<Process> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes, ports);
        try {
            for (int port : ports) {
                Path home = dir.resolve(String.valueOf(port));
                Files.createDirectories(home);
                nodes.add(new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                        "1500", "--save", "", "--appendonly", "no", "--dir", home.toString())
                        .redirectOutput(home.resolve("redis.log").toFile()).redirectErrorStream(true).start());
            }
            for (int port : ports) {
                cluster.awaitAnswer(port);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Path log = dir.resolve("create.log");
            Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
            }
            for (int port : ports) {
                cluster.awaitState(port, "ok");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static List<Integer> freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 22700);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ports.add(base + i);
            }
            if (ports.stream().allMatch(p -> free(p) && free(p + 10000))) {
                return ports;
            }
        }
        throw new IOException("no six free ports in a row between 20000 and 22700");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitAnswer(int port) throws InterruptedException {
        awaitState(port, null);
    }

    /** Waits (at most 30 s) until the node answers and, if {@code state} is given, reports that cluster_state. */
    private void awaitState(int port, String state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Process node = nodes.get(ports.indexOf(port));
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                String info = jedis.clusterInfo();
                if (state == null || info.contains("cluster_state:" + state)) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            node.waitFor(100, TimeUnit.MILLISECONDS); // a bounded wait on the node, not a bare sleep
        }
        throw new IllegalStateException("node " + port + " did not reach cluster_state " + state);
    }

    public List<Integer> ports() {
        return ports;
    }

    public String url(int node) {
        return "redis://127.0.0.1:" + ports.get(node);
    }

    /** The indexes of the nodes not killed by the test. */
    public List<Integer> alive() {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isAlive()) {
                alive.add(i);
            }
        }
        return alive;
    }

    /** The ports of the nodes that are primaries now. */
    public List<Integer> primaries() {
        List<Integer> primaries = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            if (nodes.get(i).isAlive()) {
                try (Jedis jedis = new Jedis("127.0.0.1", ports.get(i))) {
                    if (jedis.info("replication").contains("role:master")) {
                        primaries.add(ports.get(i));
                    }
                } catch (RuntimeException e) {
                    // a node killed by the test
                }
            }
        }
        return primaries;
    }

    /** The port of the primary that holds {@code key} now. */
    public int primaryOf(String key) {
        for (int port : primaries()) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                int slot = (int) jedis.clusterKeySlot(key);
                for (Object range : jedis.clusterSlots()) {
                    List<?> r = (List<?>) range;
                    if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
                        return ((Long) ((List<?>) r.get(2)).get(1)).intValue();
                    }
                }
            }
        }
        throw new IllegalStateException("no primary holds " + key);
    }

    /**
     * A manual failover (CLUSTER FAILOVER on a live replica, which becomes a primary with all its primary's data):
     * the cluster's epoch moves on as in a real failover, and nothing is lost.
     */
    public void failOver() throws InterruptedException {
        for (int i = 0; i < ports.size(); i++) {
            if (!nodes.get(i).isAlive()) {
                continue;
            }
            int port = ports.get(i);
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if (!jedis.info("replication").contains("role:slave")) {
                    continue;
                }
                jedis.clusterFailover();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    if (jedis.info("replication").contains("role:master")) {
                        awaitState(port, "ok");
                        return;
                    }
                    nodes.get(i).waitFor(100, TimeUnit.MILLISECONDS);
                }
                throw new IllegalStateException("replica " + port + " did not take over");
            }
        }
        throw new IllegalStateException("no live replica");
    }

    /** Kills a node outright (SIGKILL), as a machine that dies. */
    public void kill(int port) throws InterruptedException {
        Process node = nodes.get(ports.indexOf(port));
        node.destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }
}

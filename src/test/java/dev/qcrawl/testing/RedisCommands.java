package dev.qcrawl.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Counts the commands that clients send to Redis servers, as {@code MONITOR} shows them: the commands that scripts
 * run inside Redis ({@code [0 lua]}) are not counted, nor the markers this class sends to know where it stands, nor
 * replication between the servers (what a replica receives from its primary's link, {@code REPLCONF}).
 */
public final class RedisCommands implements AutoCloseable {
    private static final String MARK = "qcrawl-test-mark-";
    private static final AtomicInteger MARKS = new AtomicInteger();

    private final List<Watch> watches = new ArrayList<>();

    /** One server's monitor, on a thread of its own. */
    private static final class Watch extends JedisMonitor {
        final int port;
        final Jedis connection;
        final AtomicLong counted = new AtomicLong();
        /** The commands counted by name (and script SHA-1 for EVALSHA), for a message. */
        final Map<String, AtomicLong> named = new ConcurrentHashMap<>();
        volatile boolean started;
        final Map<String, Long> countAt = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> marks = new ConcurrentHashMap<>();
        final CountDownLatch monitoring = new CountDownLatch(1);
        Thread thread;

        final java.util.Set<String> servers;

        Watch(int port, List<Integer> ports) {
            this.port = port;
            this.servers = new java.util.HashSet<>();
            ports.forEach(p -> servers.add("127.0.0.1:" + p));
            this.connection = new Jedis("127.0.0.1", port);
        }

        /** Called once the server has answered MONITOR: from then on it shows every command. */
        @Override
        public void proceed(redis.clients.jedis.Connection client) {
            monitoring.countDown();
            super.proceed(client);
        }

        @Override
        public void onCommand(String line) {
            int open = line.indexOf('[');
            int space = line.indexOf(' ', open);
            int close = line.indexOf(']', space);
            if (open < 0 || space < 0 || close < 0) {
                return;
            }
            String client = line.substring(space + 1, close);
            int at = line.indexOf(MARK);
            if (at >= 0) {
                String mark = line.substring(at, line.indexOf('"', at));
                started = true;
                countAt.put(mark, counted.get());
                marks.computeIfAbsent(mark, m -> new CountDownLatch(1)).countDown();
            } else if (started && !client.equals("lua") && !servers.contains(client)
                    && !line.startsWith("\"REPLCONF\"", close + 2)) {
                counted.incrementAndGet();
                String[] words = line.substring(close + 2).split(" ", 3);
                String name = words[0].equals("\"EVALSHA\"") && words.length > 1 ? words[0] + " " + words[1]
                        : words[0];
                named.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
            }
        }

        /** The commands counted when a marker sent now comes through. */
        long countNow() throws InterruptedException {
            String mark = MARK + MARKS.incrementAndGet();
            CountDownLatch seen = marks.computeIfAbsent(mark, m -> new CountDownLatch(1));
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.echo(mark);
            }
            if (!seen.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("MONITOR on " + port + " never showed " + mark);
            }
            return countAt.get(mark);
        }
    }

    /** Starts counting on the servers at these ports (on 127.0.0.1); returns once every monitor runs. */
    public static RedisCommands on(List<Integer> ports) throws InterruptedException {
        RedisCommands commands = new RedisCommands();
        for (int port : ports) {
            Watch watch = new Watch(port, ports);
            watch.thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    watch.connection.monitor(watch);
                } catch (RuntimeException e) {
                    // closed
                }
            });
            commands.watches.add(watch);
            if (!watch.monitoring.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("MONITOR on " + port + " did not start");
            }
            watch.countNow(); // counting starts with this marker
        }
        return commands;
    }

    /** The commands the servers received from clients since counting started. */
    public long count() throws InterruptedException {
        long sum = 0;
        for (Watch watch : watches) {
            sum += watch.countNow();
        }
        return sum;
    }

    /** The commands counted so far by name, most first: what a failed assertion shows. */
    public String byName() {
        Map<String, Long> sum = new java.util.HashMap<>();
        watches.forEach(w -> w.named.forEach((name, n) -> sum.merge(name, n.get(), Long::sum)));
        return sum.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        for (Watch watch : watches) {
            watch.connection.disconnect();
            watch.thread.join(10_000);
        }
    }
}

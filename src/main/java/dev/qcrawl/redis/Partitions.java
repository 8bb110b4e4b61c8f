package dev.qcrawl.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * How a crawl is spread over a Redis Cluster: one partition per primary, each its own hash tag ({@code {ID}} for
 * the home partition, {@code {ID:pN}} for the others, chosen so that each lands on another primary), a URL in
 * the partition its CRC-32 names. The first process of a crawl chooses the tags from the cluster's slots and
 * stores them under {@code qcrawl:{ID}:parts}; every process of the crawl uses those, wherever the slots move
 * later.
 */
final class Partitions {
    private Partitions() {
    }

    /** The index of the partition of {@code url} (or host) among {@code n}. */
    static int index(String url, int n) {
        CRC32 crc = new CRC32();
        crc.update(url.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % n);
    }

    /** The partitions of a crawl on a cluster, the home first, each with its ids' suffix set. */
    static List<Scripts> of(RedisClusterClient cluster, Scripts home, String crawlId) {
        String key = home.keys().prefix() + "parts";
        String layout = home.call(() -> cluster.get(key));
        if (layout == null) {
            String chosen = String.join(" ", tags(cluster, home, crawlId));
            home.call(() -> cluster.setnx(key, chosen));
            layout = home.call(() -> cluster.get(key));
        }
        List<Scripts> parts = new ArrayList<>();
        String[] tags = layout.split(" ");
        for (int i = 0; i < tags.length; i++) {
            Scripts part = i == 0 ? home : home.on(Keys.tagged(tags[i]));
            if (tags.length > 1) {
                part.layout("." + i);
            }
            parts.add(part);
        }
        return parts;
    }

    /** A tag for each primary, the crawl's own first. */
    private static List<String> tags(RedisClusterClient cluster, Scripts home, String crawlId) {
        Map<String, List<long[]>> ranges = home.call(() -> slotsByPrimary(cluster));
        Map<String, String> tagOf = new LinkedHashMap<>();
        for (int k = 0; k < 100_000 && tagOf.size() < ranges.size(); k++) {
            String tag = k == 0 ? crawlId : crawlId + ":p" + k;
            int slot = JedisClusterCRC16.getSlot("{" + tag + "}");
            for (Map.Entry<String, List<long[]>> primary : ranges.entrySet()) {
                if (!tagOf.containsKey(primary.getKey())
                        && primary.getValue().stream().anyMatch(r -> r[0] <= slot && slot <= r[1])) {
                    tagOf.put(primary.getKey(), tag);
                }
            }
            if (k == 0 && tagOf.isEmpty()) {
                return List.of(crawlId); // the cluster does not cover the crawl's slot yet: one partition
            }
        }
        return new ArrayList<>(tagOf.values());
    }

    /** The cluster's current epoch (it moves on with every failover): the highest any node reports. */
    static long epoch(RedisClusterClient cluster) {
        long epoch = 0;
        for (ConnectionPool pool : cluster.getClusterNodes().values()) {
            try (Connection c = pool.getResource()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("cluster_current_epoch:(\\d+)")
                        .matcher(new Jedis(c).clusterInfo());
                if (m.find()) {
                    epoch = Math.max(epoch, Long.parseLong(m.group(1)));
                }
            } catch (RuntimeException e) {
                // a node that is down
            }
        }
        return epoch;
    }

    /** The slot ranges of each primary, from CLUSTER SLOTS asked of any node. */
    private static Map<String, List<long[]>> slotsByPrimary(RedisClusterClient cluster) {
        Map<String, List<long[]>> ranges = new LinkedHashMap<>();
        for (ConnectionPool pool : cluster.getClusterNodes().values()) {
            try (Connection c = pool.getResource()) {
                for (Object range : new Jedis(c).clusterSlots()) {
                    List<?> r = (List<?>) range;
                    List<?> primary = (List<?>) r.get(2);
                    String name = new String((byte[]) primary.get(0), StandardCharsets.UTF_8) + ":" + primary.get(1);
                    ranges.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {(Long) r.get(0),
                        (Long) r.get(1)});
                }
                return ranges;
            } catch (RuntimeException e) {
                // a node that is down: ask the next
            }
        }
        return ranges;
    }
}

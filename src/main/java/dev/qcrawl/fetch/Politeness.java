package dev.qcrawl.fetch;

import java.util.List;

/**
 * What a crawl's politeness knows, carried to the JVM a crawl moves to, so that moving changes nothing for the
 * sites crawled: each host's limit, delay and next start ({@link HostPolicy#hosts}), and the robots.txt files read
 * ({@link RobotsCache#loaded}), which are not requested again.
 */
public record Politeness(List<HostPolicy.Host> hosts, List<RobotsCache.Loaded> robots) {
    /** Nothing known: a crawl's start. */
    public static final Politeness NONE = new Politeness(List.of(), List.of());

    public Politeness {
        hosts = List.copyOf(hosts);
        robots = List.copyOf(robots);
    }

    /** The same, {@code nanos} later: each host's wait is that much shorter. */
    public Politeness later(long nanos) {
        return new Politeness(hosts.stream().map(h -> new HostPolicy.Host(h.host(), h.limit(), h.doubling(),
                h.usualNanos(), h.hostDelayNanos(), Math.max(0, h.waitNanos() - Math.max(0, nanos)))).toList(), robots);
    }
}

package dev.qcrawl.redis;

import java.util.List;

/**
 * The Redis keys of one crawl, {@code qcrawl:{ID}:NAME}: the braces make them one hash tag, so every script's keys
 * are on one server (one slot of a cluster). Their order is the order of {@code KEYS} in the scripts' prelude.
 *
 * @param meta     hash: start, maxDepth, queue, budget, spent, fetched, failures, ids (the last id given)
 * @param queue    sorted set of jobs {@code "DEPTH ID"}: by sequence for fifo, minus sequence for lifo, URL length
 *                 then sequence for priority
 * @param seq      the sequence counter
 * @param jobscore hash: job -> its queue score (while the job is queued or leased)
 * @param leases   sorted set: job -> lease deadline in ms
 * @param ids      hash: URL -> id (base 36)
 * @param nodes    hash: id -> {@code DEPTH TAB URL [TAB VISIT]} (see prelude.lua)
 * @param loading  hash: id -> deadline of the claim to load it
 * @param roots    set: the URLs read from sitemaps
 */
record Keys(String meta, String queue, String seq, String jobscore, String leases, String ids, String nodes,
        String loading, String roots, String prefix) {

    static Keys of(String crawlId) {
        return tagged(crawlId);
    }

    /** The keys of one partition of a crawl, under the hash tag {@code {tag}}. */
    static Keys tagged(String tag) {
        String p = "qcrawl:{" + tag + "}:";
        return new Keys(p + "meta", p + "queue", p + "seq", p + "jobscore", p + "leases", p + "ids", p + "nodes",
                p + "loading", p + "roots", p);
    }

    List<String> all() {
        return List.of(meta, queue, seq, jobscore, leases, ids, nodes, loading, roots);
    }

    /** The crawl's keys and then a host's politeness keys, {@code KEYS[10]} and {@code KEYS[11]}. */
    List<String> withHost(String host) {
        return List.of(meta, queue, seq, jobscore, leases, ids, nodes, loading, roots, prefix + "slots:" + host,
                prefix + "next:" + host);
    }
}

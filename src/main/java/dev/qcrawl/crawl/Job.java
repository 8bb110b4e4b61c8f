package dev.qcrawl.crawl;

/**
 * One unit of work in the frontier: expand {@code node} at {@code depth} (the start URL is depth 1), that is, make
 * sure its page is fetched and reach its links at {@code depth + 1}. A job whose depth is no longer the node's
 * shallowest is stale and skipped.
 */
public record Job(Node node, int depth) {

    int urlLength() {
        return node.url().length();
    }
}

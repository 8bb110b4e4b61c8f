package dev.qcrawl.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The crawl's URLs: one {@link Node} per normalized URL string, shared by every page that links to it. */
public final class Nodes {
    private final ConcurrentHashMap<String, Node> byUrl = new ConcurrentHashMap<>(1024);

    public Node intern(String url) {
        Node node = byUrl.get(url);
        return node != null ? node : byUrl.computeIfAbsent(url, Node::new);
    }

    public Node get(String url) {
        return byUrl.get(url);
    }

    public int size() {
        return byUrl.size();
    }

    public List<Node> all() {
        return new ArrayList<>(byUrl.values());
    }
}

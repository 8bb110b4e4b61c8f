package dev.qcrawl.crawl;

import dev.qcrawl.fetch.FetchResult;
import dev.qcrawl.fetch.Fetcher;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.Origins;
import dev.qcrawl.links.Scope;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Turns a URL into a {@link Visit}: checks scope, fetches it, and for an HTML page extracts its links and
 * interns them as {@link Node}s. A page reached through a redirect also becomes the visit of its final URL,
 * so that URL is not fetched again.
 */
public final class PageLoader implements Node.VisitLoader {
    private final Fetcher fetcher;
    private final LinkExtractor extractor;
    private final UrlNormalizer normalizer;
    private final Nodes nodes;
    private final Scope.Rule scope;
    private final PageBudget budget;
    private final Map<String, String> origins = new ConcurrentHashMap<>();

    public PageLoader(Fetcher fetcher, LinkExtractor extractor, UrlNormalizer normalizer, Nodes nodes,
            Scope.Rule scope, PageBudget budget) {
        this.fetcher = fetcher;
        this.extractor = extractor;
        this.normalizer = normalizer;
        this.nodes = nodes;
        this.scope = scope;
        this.budget = budget;
    }

    @Override
    public Visit load(Node node) throws InterruptedException {
        URI uri = parse(node);
        if (uri == null) {
            return Visit.skipped(Outcome.BAD_URL);
        }
        if (!scope.contains(uri)) {
            return Visit.skipped(Outcome.SCOPE);
        }
        FetchResult result = fetcher.fetch(uri, new Fetcher.Guide() {
            @Override
            public Outcome admit(URI target) {
                return scope.contains(target) ? null : Outcome.SCOPE;
            }

            @Override
            public boolean known(URI target) {
                return PageLoader.this.known(target, node) != null;
            }

            @Override
            public boolean startPage() {
                return budget.take();
            }
        });
        Visit visit = switch (result) {
            case FetchResult.Known k -> known(k.finalUri(), node);
            case FetchResult.Page page -> new Visit(page.status(), page.contentType(),
                    page.truncated() ? Outcome.TOO_LARGE : null,
                    compact(extractor.links(page.body(), page.charset(), page.finalUri().toString())), true);
            case FetchResult.Response response -> new Visit(response.status(), response.contentType(),
                    response.flaw(), Links.NONE, true);
            case FetchResult.Failed failed -> new Visit(null, null, failed.outcome(), Links.NONE, true);
            case FetchResult.Skipped skipped -> Visit.skipped(skipped.why());
        };
        if (visit.fetched() && !result.finalUri().equals(uri)) {
            String target = normalizer.normalize(result.finalUri().toString());
            if (target != null && !target.equals(node.url()) && scope.contains(result.finalUri())) {
                nodes.intern(target).presetVisit(visit);
            }
        }
        return visit;
    }

    @Override
    public long waitFor(Node node) {
        String origin = originOf(node);
        return origin.isEmpty() ? 0 : fetcher.waitFor(origin);
    }

    @Override
    public void whenFree(Node node, BooleanSupplier action) {
        String origin = originOf(node);
        if (origin.isEmpty()) {
            action.getAsBoolean();
        } else {
            fetcher.whenFree(origin, action);
        }
    }

    @Override
    public void passOn(Node node) {
        String origin = originOf(node);
        if (!origin.isEmpty()) {
            fetcher.passOn(origin);
        }
    }

    /**
     * The host key of the node's requests, "" if loading it makes none (invalid or out of scope). Worked out once
     * per node, since every job for an unfetched page asks; the keys are shared between nodes of one host.
     */
    private String originOf(Node node) {
        String origin = node.origin();
        if (origin == null) {
            URI uri = fetchable(node);
            origin = uri == null ? "" : origins.computeIfAbsent(Origins.of(uri), key -> key);
            node.origin(origin);
        }
        return origin;
    }

    /** The node's URL if loading it would make a request (valid and in scope), else null. */
    private URI fetchable(Node node) {
        URI uri = parse(node);
        return uri != null && scope.contains(uri) ? uri : null;
    }

    private static URI parse(Node node) {
        try {
            return URI.create(node.url());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The finished visit of another node for this URL, or null: a redirect to it need not be followed. */
    private Visit known(URI target, Node self) {
        String url = normalizer.normalize(target.toString());
        Node node = url == null ? null : nodes.get(url);
        // Only a finished visit: waiting for one in progress could deadlock two redirects pointing at each other.
        return node == null || node == self ? null : node.visitIfDone();
    }

    private Links compact(List<String> urls) {
        if (urls.isEmpty()) {
            return Links.NONE;
        }
        Map<String, int[]> counts = new LinkedHashMap<>(urls.size() * 2);
        for (String url : urls) {
            counts.computeIfAbsent(url, u -> new int[1])[0]++;
        }
        Node[] targets = new Node[counts.size()];
        int[] multiplicity = new int[counts.size()];
        int i = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            targets[i] = nodes.intern(e.getKey());
            multiplicity[i] = e.getValue()[0];
            i++;
        }
        return new Links(targets, multiplicity);
    }
}

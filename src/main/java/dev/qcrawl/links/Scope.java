package dev.qcrawl.links;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.util.Locale;

/** Which discovered URLs may be fetched; the others are counted and listed but not fetched. */
public enum Scope {
    /** Same scheme, host and port as the start URL. */
    HOST,
    /** Same registered domain as the start URL (e.g. {@code www.example.com} and {@code blog.example.com}). */
    DOMAIN,
    /** Everything, as the tutorial's program. */
    ANY;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A test bound to one start URL. */
    public Rule around(URI start) {
        return switch (this) {
            case ANY -> url -> true;
            case HOST -> {
                String origin = Origins.of(start);
                yield url -> origin.equals(Origins.of(url));
            }
            case DOMAIN -> {
                String domain = domain(start.getHost());
                yield url -> url.getHost() != null && domain.equals(domain(url.getHost()));
            }
        };
    }

    /** Whether a URL is inside the crawl. */
    @FunctionalInterface
    public interface Rule {
        boolean contains(URI url);
    }

    private static String domain(String host) {
        if (host == null) {
            return "";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return h; // an IP address is its own domain
        }
        String assigned = EffectiveTldFinder.getAssignedDomain(h, true, false);
        return assigned == null ? h : assigned;
    }
}

package dev.qcrawl.links;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.URI;
import java.util.Locale;

/** Which discovered URLs may be fetched; the others are counted and listed but not fetched. */
public enum Scope {
    /** Same scheme, host and port as the start URL. */
    HOST,
    /**
     * Same registered domain as the start URL (e.g. {@code www.example.com} and {@code blog.example.com}), by the
     * Public Suffix List; under a suffix the list does not know, the last two labels of the host.
     */
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
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "example.com." is "example.com"
        }
        if (h.startsWith("[") || h.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return h; // an IP address is its own domain
        }
        String assigned = EffectiveTldFinder.getAssignedDomain(h, true, false);
        if (assigned != null) {
            return assigned;
        }
        if (EffectiveTldFinder.getEffectiveTLD(h, false) == null) {
            // No rule of the Public Suffix List matches (.internal, .test, .lan, ...): its default rule "*" makes the
            // last label the suffix, so the registered domain is the last two labels (wiki.corp.internal ->
            // corp.internal), as the list's algorithm says.
            int last = h.lastIndexOf('.');
            return last <= 0 ? h : h.substring(h.lastIndexOf('.', last - 1) + 1);
        }
        return h; // the host is a public suffix itself (co.uk): only it is its domain
    }
}

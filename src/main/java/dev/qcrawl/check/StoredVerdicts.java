package dev.qcrawl.check;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the verdicts of a shared check's table ({@link CheckStore}): a URL's own, or the verdict of the URL its
 * entry refers to, references followed to the end; references that lead around in a circle stand for redirects
 * that lead to each other ({@link #LOOP}).
 */
final class StoredVerdicts {
    /** What a cycle of references stands for: a redirect loop, as one process following it finds. */
    static final Verdict LOOP = new Verdict(null, null, dev.qcrawl.fetch.Outcome.REDIRECT_LOOP, null, true);

    /** A URL's verdict as the table has it, or the URL (itself, or the end of its references) that has none yet. */
    sealed interface Resolved {
        /** {@code at}: the URL whose stored verdict it is (the end of the references; in a circle, the URL itself). */
        record Found(Verdict verdict, String at) implements Resolved {
        }

        record Missing(String url) implements Resolved {
        }
    }

    private StoredVerdicts() {
    }

    /** Each of {@code urls} resolved, reading the table level by level (one read per partition per level). */
    static Map<String, Resolved> resolve(CheckStore store, Collection<String> urls) {
        Map<String, CheckStore.Entry> entries = new HashMap<>();
        Set<String> asked = new HashSet<>();
        Collection<String> next = urls;
        while (!next.isEmpty()) {
            asked.addAll(next);
            Map<String, CheckStore.Entry> read = store.read(next);
            entries.putAll(read);
            Set<String> more = new LinkedHashSet<>();
            for (CheckStore.Entry e : read.values()) {
                if (e.sameAs() != null && !asked.contains(e.sameAs())) {
                    more.add(e.sameAs());
                }
            }
            next = more;
        }
        Map<String, Resolved> out = new HashMap<>();
        for (String url : urls) {
            out.put(url, follow(entries, url));
        }
        return out;
    }

    private static Resolved follow(Map<String, CheckStore.Entry> entries, String url) {
        Set<String> seen = new HashSet<>();
        for (String at = url;; at = entries.get(at).sameAs()) {
            CheckStore.Entry e = entries.get(at);
            if (e == null) {
                return new Resolved.Missing(at);
            }
            if (e.verdict() != null) {
                return new Resolved.Found(e.verdict(), at);
            }
            if (!seen.add(at)) {
                return new Resolved.Found(LOOP, url);
            }
        }
    }
}

package dev.qcrawl.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.links.PageLinks;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a shared check's table is read: references followed, a circle of them a loop, a missing end named. */
class StoredVerdictsTest {
    private static final Verdict FINE = new Verdict(200, "text/html", null, null, true);
    private static final Verdict GONE = new Verdict(404, "text/html", null, null, true);

    /** The table as plain entries (what Redis holds is read by SharedCheckIT); counts the reads. */
    private static final class Table implements CheckStore {
        final Map<String, Entry> entries = new HashMap<>();
        int reads;

        @Override
        public PageNotes notes() {
            return PageNotes.NONE;
        }

        @Override
        public Map<String, PageLinks> pages() {
            return Map.of();
        }

        @Override
        public Map<String, PageLinks> pages(java.util.Collection<String> urls) {
            return Map.of();
        }

        @Override
        public Map<String, String> leftCrawl() {
            return Map.of();
        }

        @Override
        public Map<String, String> servedAt() {
            return Map.of();
        }

        @Override
        public List<Claim> claim(List<String> urls) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Entry> settle(Map<String, Entry> outcomes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Entry> read(Collection<String> urls) {
            reads++;
            Map<String, Entry> out = new HashMap<>();
            urls.forEach(u -> {
                if (entries.containsKey(u)) {
                    out.put(u, entries.get(u));
                }
            });
            return out;
        }

        Table verdict(String url, Verdict v) {
            entries.put(url, new Entry(v, null));
            return this;
        }

        Table sameAs(String url, String target) {
            entries.put(url, new Entry(null, target));
            return this;
        }
    }

    @Test
    void referencesAreFollowedToTheirEndLevelByLevel() {
        Table table = new Table().sameAs("a", "b").sameAs("b", "c").verdict("c", GONE).verdict("d", FINE);
        Map<String, StoredVerdicts.Resolved> r = StoredVerdicts.resolve(table, List.of("a", "d"));
        assertEquals(new StoredVerdicts.Resolved.Found(GONE, "c"), r.get("a"));
        assertEquals(new StoredVerdicts.Resolved.Found(FINE, "d"), r.get("d"));
        assertEquals(3, table.reads, "a and d; then b; then c");
    }

    @Test
    void aCircleOfReferencesIsARedirectLoop() {
        Table table = new Table().sameAs("a", "b").sameAs("b", "a").sameAs("x", "a").sameAs("s", "s");
        Map<String, StoredVerdicts.Resolved> r = StoredVerdicts.resolve(table, List.of("a", "b", "x", "s"));
        for (String url : List.of("a", "b", "x", "s")) {
            assertEquals(new StoredVerdicts.Resolved.Found(StoredVerdicts.LOOP, url), r.get(url), url);
        }
        assertEquals(dev.qcrawl.fetch.Outcome.REDIRECT_LOOP, StoredVerdicts.LOOP.error());
    }

    @Test
    void aUrlWithoutOutcomeOrAReferenceToOneIsNamedAsMissing() {
        Table table = new Table().sameAs("a", "b");
        Map<String, StoredVerdicts.Resolved> r = StoredVerdicts.resolve(table, List.of("a", "z"));
        assertEquals(new StoredVerdicts.Resolved.Missing("b"), r.get("a"));
        assertEquals(new StoredVerdicts.Resolved.Missing("z"), r.get("z"));
    }
}

package dev.qcrawl.check;

import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.links.PageLinks;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the processes of a shared crawl keep in common for a link check ({@code dev.qcrawl.redis.SharedChecks}):
 * what each page holds (resources, fragment links, ids), stored with the page's visit so any process can judge any
 * page's links, and the table of checked URLs, in which a process claims a URL before requesting it (a claim
 * lapses after a lease, so a dead process's URLs are taken over) and stores its outcome. The first outcome stored
 * for a URL stays: every process reads the same.
 */
public interface CheckStore {
    /** Where the crawl leaves what the check reads from each page: stored for every process. */
    PageNotes notes();

    /** Every page's notes, as any process stored them. */
    Map<String, PageLinks> pages();

    /**
     * Where each URL led whose redirect the crawl did not follow ({@link PageNotes#leftCrawl}), as every process
     * noted it: the check goes on from there.
     */
    Map<String, String> leftCrawl();

    /**
     * Where each page reached through a redirect was served (URL -> the URL the page was fetched from), as every
     * process noted it ({@link PageNotes#page}, {@link PageNotes#redirected}).
     */
    Map<String, String> servedAt();

    /** The notes of those of {@code urls} that have some (a stylesheet's, for a check's next round). */
    Map<String, PageLinks> pages(Collection<String> urls);

    /**
     * Claims each URL for this process, in order: {@link Claim.Done} if its outcome is stored, {@link Claim.Busy}
     * if another process holds a live claim on it, else {@link Claim.Mine} (a claim of this process is renewed).
     */
    List<Claim> claim(List<String> urls);

    /** Stores outcomes where none is stored yet (and drops the claims); returns what is stored for each. */
    Map<String, Entry> settle(Map<String, Entry> outcomes);

    /** The stored outcome of each URL that has one. */
    Map<String, Entry> read(Collection<String> urls);

    /**
     * A checked URL's outcome in the table: its verdict, or the URL whose verdict it shares ({@code sameAs}: a
     * redirect led there while another process was checking it). Exactly one is set.
     */
    record Entry(Verdict verdict, String sameAs) {
        public Entry {
            if ((verdict == null) == (sameAs == null)) {
                throw new IllegalArgumentException("an entry is a verdict or a reference, not both or neither");
            }
        }

        static Entry of(Verdict verdict) {
            return new Entry(verdict, null);
        }
    }

    /** What a claim found. */
    sealed interface Claim {
        /** The outcome is stored. */
        record Done(Entry entry) implements Claim {
        }

        /** Another process is checking it now. */
        record Busy() implements Claim {
        }

        /** This process now holds the claim. */
        record Mine() implements Claim {
        }

        Claim BUSY = new Busy();
        Claim MINE = new Mine();
    }
}

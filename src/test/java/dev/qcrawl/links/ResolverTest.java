package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** RFC 3986 section 5.4, every example, through the one resolver. */
class ResolverTest {
    static final String BASE = "http://a/b/c/d;p?q";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/links/rfc3986-examples.csv", delimiter = ',', emptyValue = "")
    void resolvesEveryExampleOfTheRfc(String reference, String target) {
        assertEquals(target, Resolver.resolve(BASE, reference));
    }

    @Test
    void aBaseWithoutPathGetsASlash() {
        assertEquals("http://h/g", Resolver.resolve("http://h", "g"));
        assertEquals("http://h/g", Resolver.resolve("http://h", "/g"));
        assertEquals("http://h?y", Resolver.resolve("http://h", "?y"));
    }

    @Test
    void tabsAndNewlinesInsideAReferenceAreRemoved() {
        assertEquals("http://a/b/c/page.html", Resolver.resolve(BASE, "pa\nge\t.ht\r\nml"));
    }

    @Test
    void aBackslashBeforeTheQueryIsASlashInAnHttpUrl() {
        // What the WHATWG URL standard's parser gives, and so every browser (new URL(ref, base).href).
        String base = "http://h/a/b.html";
        assertEquals("http://h/a/docs/page.html", Resolver.resolve(base, "docs\\page.html"));
        assertEquals("http://h/img/x.png", Resolver.resolve(base, "\\img\\x.png"));
        assertEquals("http://h/a/c.html", Resolver.resolve(base, "sub\\..\\c.html"));
        assertEquals("http://other/p/q", Resolver.resolve(base, "\\\\other\\p\\q"));
        assertEquals("https://other/p", Resolver.resolve(base, "https:\\\\other\\p"));
        assertEquals("http://h/a/x/y?q=a\\b#f\\g", Resolver.resolve(base, "x\\y?q=a\\b#f\\g"));
        assertEquals("http://h/p/q", Resolver.resolve("http://h/", "http:\\p\\q"));
        assertEquals("mailto:a\\b", Resolver.resolve(base, "mailto:a\\b")); // not a special scheme: kept
    }

    /**
     * Runs of '/': kept in an absolute path or URL (browsers and urljoin), made one in a relative path merged with
     * the base's, before its dot segments go (urljoin; browsers keep them). Each target is what Python 3.11's
     * {@code urllib.parse.urljoin(base, reference)} returns.
     */
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "http://h/,       /x//y,         http://h/x//y",
        "http://h/a//b,   http://h/x//y, http://h/x//y",
        "http://h/a/,     b//c,          http://h/a/b/c",
        "http://h/x//y/,  z,             http://h/x/y/z",
        "http://h/a/,     ./b//../c,     http://h/a/c",
        "http://h/a//b,   ?q,            http://h/a//b?q",
        "http://h/a/,     b//,           http://h/a/b/",
        "http://h/a/,     b//c/..,       http://h/a/b/",
    })
    void runsOfSlashesAsUrljoinHasThem(String base, String reference, String target) {
        assertEquals(target, Resolver.resolve(base, reference));
    }

    @Test
    void theQuickPathAgreesWithTheGeneralOne() {
        String[] bases = {"http://h/", "http://h/a/b", "http://h:8/a/b/", "http://h", "http://a/b/c/d;p?q",
            "http://h/a//b/c"};
        String alphabet = "ab./?#;:=_%-";
        java.util.Random random = new java.util.Random(3986);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder ref = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                ref.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (String base : bases) {
                assertEquals(Resolver.general(base, ref.toString()), Resolver.resolve(base, ref.toString()),
                        base + " + " + ref);
            }
        }
    }
}

package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class LinkExtractorTest {
    private final LinkExtractor extractor = new LinkExtractor(new UrlNormalizer());

    private List<String> links(String html, String page) {
        try {
            return extractor.links(html.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, page);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * jsoup reads an interrupted thread's input as ended, which would cut the page (a crawl being stopped would
     * store it with too few links): an interrupted parse is an InterruptedException, never a shorter list.
     */
    /** The HTML standard's prescan reads a page that declares UTF-16 in a meta, with no byte-order mark, as UTF-8. */
    @Test
    void aUtf8PageWhoseMetaSaysUtf16KeepsItsLinks() throws Exception {
        for (String declared : new String[] {"utf-16", "UTF-16LE", "utf-16be"}) {
            byte[] page = ("<html><head><meta charset=\"" + declared + "\"></head><body>caf\u00e9 <a href=/t>t</a>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(java.util.List.of("http://h.example/t"),
                    new LinkExtractor(new UrlNormalizer()).links(page, null, "http://h.example/"), declared);
        }
    }

    @Test
    void anInterruptedParseIsAnInterruptionNotAShorterPage() {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            html.append("<p>filler ").append(i).append(" <a href='/p").append(i).append("'>x</a></p>");
        }
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> extractor.links(body, null, "http://127.0.0.1/"));
        assertFalse(Thread.currentThread().isInterrupted(), "the exception carries the interrupt");
        assertEquals(2000, links(html.toString(), "http://127.0.0.1/").size(), "and without one, every link");
    }

    @Test
    void resolvesTrimsDropsFragmentsAndKeepsPathCase() {
        assertEquals(List.of("http://h.example/dir/Page.HTML", "http://h.example/top", "http://h.example/dir/x?q=1"),
                links("<a href='  Page.HTML#part '>a</a><a href='/top'>b</a><a href='x?q=1#f'>c</a>",
                        "http://h.example/dir/index.html"));
    }

    @Test
    void skipsNonHttpSchemesInAnyCase() {
        assertEquals(List.of(), links("<a href='javascript:x()'>1</a><a href=' JavaScript:y()'>2</a>"
                + "<a href='mailto:a@b'>3</a><a href='tel:1'>4</a><a href='data:text/html,hi'>5</a>"
                + "<a href='ftp://h/'>6</a>", "http://h.example/"));
    }

    @Test
    void honoursBaseHref() {
        assertEquals(List.of("http://other.example/base/rel.html", "http://h.example/abs"),
                links("<head><base href='http://other.example/base/'></head><a href='rel.html'>r</a>"
                        + "<a href='http://h.example/abs'>a</a>", "http://h.example/page"));
    }

    @Test
    void theFirstBaseHrefAppliesToEveryLinkEvenEarlierOnes() {
        assertEquals(List.of("http://h.example/one/a.html", "http://h.example/one/b.html"),
                links("<a href='a.html'>a</a><base href='/one/'><base href='/two/'><a href='b.html'>b</a>",
                        "http://h.example/page"));
    }

    @Test
    void keepsRepeatsInDocumentOrderAndIgnoresOtherElements() {
        assertEquals(List.of("http://h.example/a", "http://h.example/b", "http://h.example/a"),
                links("<a href=/a>1</a><area href=/x><link href=/y><a href=/b>2</a><a>no href</a><a href=/a>3</a>",
                        "http://h.example/"));
    }

    @Test
    void latin1BytesBecomeUtf8PercentEscapes() throws InterruptedException {
        byte[] page = "<a href=\"/caf\u00e9.html\">x</a>".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("http://h.example/caf%C3%A9.html"),
                extractor.links(page, StandardCharsets.ISO_8859_1, "http://h.example/"));
    }

    @Test
    void metaCharsetIsUsedWhenTheHeaderHasNone() throws InterruptedException {
        byte[] page = ("<html><head><meta charset=\"iso-8859-1\"></head><body><a href=\"/\u00fc\">x</a>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("http://h.example/%C3%BC"), extractor.links(page, null, "http://h.example/"));
    }

    @Test
    void anAsciiPageReadsTheSameWhateverCharsetItDeclares() throws InterruptedException {
        byte[] page = "<meta charset='windows-1252'><a href='/caf&eacute;'>x</a><a href='#top'>t</a>"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("http://h.example/caf%C3%A9", "http://h.example/p"),
                extractor.links(page, null, "http://h.example/p"));
    }

    @Test
    void aSevenBitPageInIso2022JpIsDecodedAsItDeclares() throws InterruptedException {
        // ISO-2022-JP writes Japanese with ESC sequences in 7-bit bytes: the page is ASCII bytes, not ASCII text.
        byte[] page = "<meta charset=\"iso-2022-jp\"><a href=\"/\u65e5\u672c\">x</a>"
                .getBytes(java.nio.charset.Charset.forName("ISO-2022-JP"));
        assertEquals(List.of("http://h.example/%E6%97%A5%E6%9C%AC"), extractor.links(page, null, "http://h.example/"));
    }

    @Test
    void eachDistinctHrefIsResolvedAgainstTheBaseOfItsOwnPage() {
        String html = "<a href='x.html#a'>1</a><a href='x.html#b'>2</a><a href='#c'>3</a><a href=''>4</a>";
        assertEquals(List.of("http://h.example/d/x.html", "http://h.example/d/x.html", "http://h.example/d/p?q=1",
                "http://h.example/d/p?q=1"), links(html, "http://h.example/d/p?q=1#frag"));
        assertEquals(List.of("http://h.example/e/x.html", "http://h.example/e/x.html", "http://h.example/e/",
                "http://h.example/e/"), links(html, "http://h.example/e/"));
    }

    /**
     * Pages of one directory, and of others, with the same hrefs: every page gets exactly what resolving its own
     * hrefs against its own URL gives, whatever was parsed before it (a guard for any reuse of links across
     * pages). The expectations come from the resolver and normalizer directly, href by href, with a fresh
     * extractor as a second opinion.
     */
    @Test
    void everyPageResolvesItsHrefsAgainstItsOwnUrl() throws InterruptedException {
        String[] hrefs = {"x.html", "x.html#a", " x.html ", "/abs", "//other.example/p", "../up.html", "./same",
            "", "#frag", "?q=1", "?q=1#f", "http:", "http:?q", "http:#f", "http:g", "HTTP:g", "https:", "ht\ttp:",
            "\thttp:", "\n?q", "x\ty", "mailto:a@b", "javascript:void(0)", "javascript:", ":colon", "./",
            "..", ".", "https://h.example/d/", "http://h.example/d/x.html?z", "%7Efoo", "a b", "p?#"};
        String[] pages = {"http://h.example/d/p", "http://h.example/d/q.html", "http://h.example/d/",
            "http://h.example/d/p?q=2", "http://h.example/d/r#x", "http://h.example/e/p", "https://h.example/d/p",
            "http://h.example", "http://h.example/", "http://h.example:8080/d/p", "http://h.example/d/p;x"};
        StringBuilder html = new StringBuilder();
        for (String href : hrefs) {
            html.append("<a href=\"").append(href.replace("\"", "&quot;")).append("\">x</a>");
        }
        UrlNormalizer normalizer = new UrlNormalizer();
        for (int round = 0; round < 2; round++) {
            for (String page : pages) {
                List<String> expected = new java.util.ArrayList<>();
                for (String href : hrefs) {
                    String h = href.strip();
                    int hash = h.indexOf('#');
                    String url = h.regionMatches(true, 0, "javascript:", 0, 11) ? null
                            : normalizer.normalize(Resolver.resolve(page, hash < 0 ? h : h.substring(0, hash)));
                    if (url != null) {
                        expected.add(url);
                    }
                }
                assertEquals(expected, links(html.toString(), page), page);
                assertEquals(expected, new LinkExtractor(normalizer).links(
                        html.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, page), page);
            }
        }
    }

    /** Fuzz: random bytes and broken markup never throw, and every link is absolute, normalized http(s). */
    @Test
    void randomBytesAndMalformedHtmlNeverThrow() throws InterruptedException {
        Random random = new Random(5);
        UrlNormalizer normalizer = new UrlNormalizer();
        String[] pieces = {"<a href=", "\"", "'", ">", "</a>", "<base href=", "/x", "../", "?", "#", "%", "%zz",
            "http://", "\u0000", "\u00ff", "<!--", "<script>", "&amp;", "&#", "javascript:", " "};
        for (int i = 0; i < 3000; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = new byte[random.nextInt(4000)];
                random.nextBytes(body);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int j = random.nextInt(200); j > 0; j--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                body = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            for (String link : extractor.links(body, null, "http://h.example/dir/page.html")) {
                assertTrue(UrlNormalizer.isHttp(link), link);
                assertEquals(link, normalizer.normalize(link), link);
            }
        }
    }

    /** The RFC's whole table as hrefs on a page; a fragment is dropped and a non-http target is not a link. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/links/rfc3986-examples.csv", delimiter = ',', emptyValue = "")
    void resolvesEveryExampleOfRfc3986(String href, String target) {
        String normal = target.replaceFirst("#.*", "").replaceFirst("^(http://[^/?]+)$", "$1/"); // empty path: "/"
        List<String> expected = target.startsWith("http://") ? List.of(normal) : List.of();
        assertEquals(expected, links("<a href=\"" + href + "\">x</a>", "http://a/b/c/d;p?q"));
    }
}

package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class PageCharsetTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Eight bytes are looked at together: pages of every length, with bytes from each side of every bound (0x20,
     * 0x7f, 0x80, the whitespace) anywhere, give what a byte-by-byte reading of the rule gives.
     */
    @Test
    void plainAsciiReadsEveryByteOfPagesOfAnyLength() {
        byte[] alphabet = {0x00, 0x08, '\t', '\n', 0x0b, '\f', '\r', 0x1f, ' ', 'a', 0x7e, 0x7f, (byte) 0x80,
            (byte) 0xc3, (byte) 0xff};
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            byte[] page = new byte[random.nextInt(40)];
            for (int i = 0; i < page.length; i++) {
                page[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + i % 26);
            }
            boolean plain = true;
            for (byte b : page) {
                int c = b & 0xff;
                plain &= (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\n' || c == '\f' || c == '\r';
            }
            assertEquals(plain, PageCharset.plainAscii(page), java.util.Arrays.toString(page));
        }
    }

    @Test
    void plainAsciiMeansPrintableAsciiAndWhitespaceOnly() {
        assertTrue(PageCharset.plainAscii("<p>\r\n\t\f a ~</p>".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(PageCharset.plainAscii(new byte[] {'a', (byte) 0xc3, (byte) 0xa9}));
        assertFalse(PageCharset.plainAscii(new byte[] {'a', 0x1b, '$', 'B'})); // ISO-2022 escape
        assertFalse(PageCharset.plainAscii(new byte[] {'<', 0, 'a', 0})); // UTF-16 without a BOM
        assertFalse(PageCharset.plainAscii(new byte[] {'a', 0x0e})); // shift out
        assertFalse(PageCharset.plainAscii(new byte[] {'a', 0x7f}));
    }

    @Test
    void aPageThatDeclaresUtf8AndNothingElseIsEvident() {
        for (String page : List.of("<meta charset=\"utf-8\"><p>caf\u00e9</p>", "<META CHARSET=UTF-8><p>\u00e9</p>",
                "<meta charset='utf8' /><p>\u00e9</p>", "<meta charset = \"unicode-1-1-utf-8\"><p>\u00e9</p>",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><p>\u00e9</p>",
                "<p>no declaration at all: caf\u00e9</p>")) {
            assertEquals(StandardCharsets.UTF_8, PageCharset.evident(utf8(page)), page);
        }
        assertEquals(StandardCharsets.ISO_8859_1, PageCharset.evident(utf8("<meta charset=\"windows-1252\"><p>x")),
                "plain ASCII: read alike in any charset it could declare");
    }

    @Test
    void anythingElseIsLeftToJsoup() {
        String filler = "<p>" + "\u00e9".repeat(PageCharset.SNIFF_BYTES) + "</p>";
        List<String> pages = List.of(
                "<meta charset=\"windows-1252\"><p>caf\u00e9</p>",
                "<meta charset=\"utf-8\"><meta charset=\"koi8-r\"><p>\u00e9</p>",
                "<meta charset=\"unicode\"><p>\u00e9</p>", // UTF-16 to Java
                "<meta charset=\"utf-8\"><p>this page is about the charset of pages: \u00e9</p>",
                "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><p>\u00e9</p>",
                "<meta charset=\"utf-8\"><p>any word encoding: \u00e9</p>",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; &#99;harset=koi8-r\"><p>\u00e9</p>",
                "<meta charset=\"&#117;tf-8\"><p>\u00e9</p>",
                "<meta charset=\"\"><p>\u00e9</p>",
                "\ufeff<p>\u00e9</p>", // a UTF-8 byte-order mark
                filler.substring(0, PageCharset.SNIFF_BYTES / 2 - 8) + "<meta charset=\"utf-8\">" + filler);
        for (String page : pages) {
            assertNull(PageCharset.evident(utf8(page)), page);
        }
        byte[] utf16 = "\ufeff<p>\u00e9</p>".getBytes(StandardCharsets.UTF_16BE);
        assertNull(PageCharset.evident(utf16));
    }

    /**
     * A charset name is taken only when what follows it lies within what jsoup reads: cut there,
     * {@code unicode-1-1-utf-8} would be {@code unicode}, which Java reads as UTF-16.
     */
    @Test
    void aNameCutByTheEndOfWhatJsoupReadsIsNotTaken() {
        String head = "<meta charset=\"unicode-1-1-utf-8\">";
        int quoteInHead = head.lastIndexOf('"');
        int seen = 0;
        for (int shift = -4; shift <= head.length() + 4; shift++) {
            int before = PageCharset.SNIFF_BYTES - head.length() + shift; // bytes before the meta
            byte[] page = utf8("<p>\u00e9" + "x".repeat(before - 5) + head + "<p>\u00e9</p>");
            int quote = before + quoteInHead; // the byte after the name
            int word = before + head.indexOf("charset");
            Charset evident = PageCharset.evident(page);
            if (quote < PageCharset.SNIFF_BYTES) {
                assertEquals(StandardCharsets.UTF_8, evident, "the name and its quote within, shift " + shift);
                seen++;
            } else if (word < PageCharset.SNIFF_BYTES) {
                assertNull(evident, "the name or its quote past the end, shift " + shift);
            } else {
                assertEquals(StandardCharsets.UTF_8, evident, "no declaration within what jsoup reads, shift " + shift);
            }
        }
        assertTrue(seen > 0 && seen < head.length() + 9);
    }

    /**
     * The rule against jsoup's own: random pages made of declarations in many forms (meta charset and http-equiv,
     * quoted or not, in comments and scripts, spelt with character references, XML declarations, byte-order marks),
     * placed around the end of what jsoup reads, with non-ASCII text and links encoded in the declared charset or
     * not. Wherever {@link PageCharset} names a charset, jsoup's parse with it equals jsoup's parse that looks for
     * one: the same links and the same tree.
     */
    @Test
    void whereACharsetIsEvidentJsoupsOwnLookFindsTheSamePage() throws IOException {
        Random random = new Random(20261128);
        String[] names = {"utf-8", "UTF-8", "utf8", "unicode-1-1-utf-8", "windows-1252", "iso-8859-1", "koi8-r",
            "shift_jis", "utf-16", "unicode", "x-bogus", ""};
        int evident = 0;
        int utf8Evident = 0;
        int notUtf8ByJsoup = 0;
        int declinedUtf16 = 0;
        for (int round = 0; round < 3000; round++) {
            Charset encoding = random.nextInt(3) == 0 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (random.nextInt(40) == 0) {
                out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
            }
            if (random.nextInt(30) == 0) {
                out.writeBytes(utf8("<?xml version=\"1.0\" encoding=\"" + names[random.nextInt(names.length)]
                        + "\"?>"));
            }
            int parts = 1 + random.nextInt(6);
            boolean nearEnd = random.nextBoolean();
            for (int p = 0; p < parts; p++) {
                if (nearEnd && p == parts / 2) {
                    int pad = PageCharset.SNIFF_BYTES - out.size() - random.nextInt(60);
                    out.writeBytes(("<p>" + "y".repeat(Math.max(0, pad)) + "</p>").getBytes(encoding));
                }
                String piece = switch (random.nextInt(9)) {
                    case 0 -> "<meta charset=" + quoted(random, names[random.nextInt(names.length)]) + ">";
                    case 1 -> "<meta http-equiv=\"Content-Type\" content=\"text/html; charset="
                            + names[random.nextInt(names.length)] + "\">";
                    case 2 -> "<!-- <meta charset=\"" + names[random.nextInt(names.length)] + "\"> -->";
                    case 3 -> "<meta http-equiv=content-type content=\"text/html; &#99;harset=koi8-r\">";
                    case 4 -> "<script>var charset = '" + names[random.nextInt(names.length)] + "';</script>";
                    case 5 -> "<p>caf\u00e9 \u00fcber " + "z".repeat(random.nextInt(200)) + "</p>";
                    case 6 -> "<a href=\"/caf\u00e9/" + p + "\">x</a><a href=\"/plain/" + p + "\">y</a>";
                    case 7 -> "<meta charset=&#" + (int) 'u' + ";tf-8>";
                    default -> "<meta name=\"description\" content=\"an encoding of text &amp; more\">";
                };
                out.writeBytes(piece.getBytes(encoding));
            }
            byte[] page = out.toByteArray();
            Charset chosen = PageCharset.evident(page);
            if (chosen == null) {
                continue;
            }
            evident++;
            Document looked = Jsoup.parse(new ByteArrayInputStream(page), null, "http://h.example/");
            Document told = Jsoup.parse(new ByteArrayInputStream(page), chosen.name(), "http://h.example/");
            if (chosen.equals(StandardCharsets.UTF_8)) {
                utf8Evident++;
            }
            if (!looked.charset().equals(StandardCharsets.UTF_8)) {
                notUtf8ByJsoup++;
            }
            if (!asciiCompatible(looked.charset())) {
                // A plain ASCII page declaring UTF-16 or the like: jsoup would read its bytes as that; qcrawl reads
                // them as ASCII, as browsers do (the HTML standard reads a declared UTF-16 as UTF-8).
                assertEquals(StandardCharsets.ISO_8859_1, chosen);
                looked = Jsoup.parse(new ByteArrayInputStream(page), "UTF-8", "http://h.example/");
                declinedUtf16++;
            }
            assertEquals(anchors(looked), anchors(told), () -> new String(page, StandardCharsets.ISO_8859_1));
            looked.outputSettings().charset(StandardCharsets.UTF_8);
            told.outputSettings().charset(StandardCharsets.UTF_8);
            assertEquals(looked.html(), told.html(), () -> new String(page, StandardCharsets.ISO_8859_1));
        }
        assertTrue(utf8Evident > 200, "pages found to declare only UTF-8: " + utf8Evident);
        assertTrue(evident - utf8Evident > 100, "pages of plain ASCII: " + (evident - utf8Evident));
        assertTrue(notUtf8ByJsoup > 20, "plain ASCII pages jsoup reads in another charset: " + notUtf8ByJsoup);
        assertTrue(declinedUtf16 > 0, "plain ASCII pages declaring UTF-16: " + declinedUtf16);
    }

    /** Whether the charset writes printable ASCII as ASCII bytes (UTF-16, UTF-32 and EBCDIC do not). */
    private static boolean asciiCompatible(Charset charset) {
        String ascii = "<a href=\"/x?y=1&z\">~</a>";
        return charset.canEncode() && java.util.Arrays.equals(ascii.getBytes(charset),
                ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static String quoted(Random random, String value) {
        return switch (random.nextInt(3)) {
            case 0 -> "\"" + value + "\"";
            case 1 -> "'" + value + "'";
            default -> value.isEmpty() ? "\"\"" : value;
        };
    }

    private static List<String> anchors(Document doc) {
        List<String> hrefs = new ArrayList<>();
        for (Element a : doc.select("a[href]")) {
            hrefs.add(a.attr("abs:href"));
        }
        return hrefs;
    }
}

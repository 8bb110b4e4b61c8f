package dev.qcrawl.links;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset of a page whose Content-Type names none, where it can be told from the bytes without jsoup's look at
 * the page. jsoup's rule (its {@code DataUtil}): a byte-order mark decides; else the first {@link #SNIFF_BYTES} bytes
 * are parsed as UTF-8 and the first {@code <meta charset>} or {@code <meta http-equiv=content-type content=...>}
 * naming a charset Java knows decides, or an XML declaration's {@code encoding}; else UTF-8. That look parses the
 * start of the page twice. Two kinds of page are read without it:
 * <ul>
 * <li>a page of printable ASCII only, as ASCII (ISO-8859-1 has the cheapest decoder): every ASCII-based charset it
 * could declare reads those bytes the same (no BOM, none of the escape and shift bytes of ISO-2022). A declared
 * UTF-16, UTF-32 or EBCDIC charset, which jsoup would follow into unreadable text, is not followed, as browsers do
 * not follow it (the HTML standard reads a declared UTF-16 as UTF-8);</li>
 * <li>a page that declares UTF-8 and nothing else in its first {@link #SNIFF_BYTES} bytes: every occurrence of
 * {@code charset} there (in any case, in any context) is followed by {@code =} and a name Java reads as UTF-8,
 * whole within those bytes; no {@code encoding} there; no byte-order mark; and no {@code &} there if it has an
 * {@code http-equiv} (a character reference could spell a charset in a {@code content} attribute). Whatever meta
 * jsoup's look would find names UTF-8, or it finds none and takes UTF-8: the same text, parsed once.</li>
 * </ul>
 * Any other page gets {@code null}: jsoup looks, as it always did.
 */
final class PageCharset {
    /** A page's bytes read eight at a time (for {@link #plainAscii(byte[])}). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** How much of a page jsoup reads to look for a declared charset. */
    static final int SNIFF_BYTES = 5 * 1024;

    private PageCharset() {
    }

    /** ISO-8859-1 for a page of plain ASCII, UTF-8 for one that declares only that, else null (see the class). */
    static Charset evident(byte[] body) {
        if (plainAscii(body)) {
            return StandardCharsets.ISO_8859_1;
        }
        return declaresOnlyUtf8(body) ? StandardCharsets.UTF_8 : null;
    }

    /**
     * Whether every byte is printable ASCII or whitespace: such a page decodes to the same text in UTF-8 and in
     * every ASCII-based charset it could declare (no BOM, and none of the escape and shift bytes of ISO-2022).
     */
    static boolean plainAscii(byte[] body) {
        // Eight bytes at a time: a word none of whose bytes is non-ASCII, below 0x20 or 0x7f passes at once; the
        // others (a line break is below 0x20) are looked at byte by byte.
        int i = 0;
        for (int end = body.length - 7; i < end; i += 8) {
            long w = (long) LONGS.get(body, i);
            long del = w ^ 0x7f7f7f7f7f7f7f7fL;
            if (((w | (w - 0x2020202020202020L) | ((del - 0x0101010101010101L) & ~del)) & 0x8080808080808080L) != 0
                    && !plainAscii(body, i, i + 8)) {
                return false;
            }
        }
        return plainAscii(body, i, body.length);
    }

    private static boolean plainAscii(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b < 0x20 ? b != '\n' && b != '\r' && b != '\t' && b != '\f' : b == 0x7f) {
                return false; // b < 0x20 covers every negative byte, i.e. every non-ASCII one
            }
        }
        return true;
    }

    /** Whether the page's start declares UTF-8 and nothing else, as the class comment says. */
    static boolean declaresOnlyUtf8(byte[] body) {
        if (body.length > 0 && (body[0] == 0 || (body[0] & 0xff) >= 0xef)) {
            return false; // the first byte of every byte-order mark jsoup reads (EF, FE, FF, 00)
        }
        int end = Math.min(body.length, SNIFF_BYTES);
        boolean equiv = false;
        boolean ampersand = false;
        for (int i = 0; i < end; i++) {
            switch (body[i]) {
                case 'c', 'C' -> {
                    if (at(body, i, "charset")) {
                        int after = utf8Declaration(body, i + 7, end);
                        if (after < 0) {
                            return false;
                        }
                        i = after - 1;
                    }
                }
                case 'e', 'E' -> {
                    if (at(body, i, "encoding")) {
                        return false;
                    }
                }
                case 'h', 'H' -> equiv |= at(body, i, "http-equiv");
                case '&' -> ampersand = true;
                default -> {
                }
            }
        }
        return !(equiv && ampersand);
    }

    /**
     * After a {@code charset} ending before {@code from}: {@code =}, spaces, a quote maybe, and a name that Java reads
     * as UTF-8, ending in a space, quote, {@code ,}, {@code ;}, {@code /} or {@code >} before {@code end}. Returns
     * where the name ends, or -1 when it is not so.
     */
    private static int utf8Declaration(byte[] body, int from, int end) {
        int i = from;
        while (i < end && space(body[i])) {
            i++;
        }
        if (i >= end || body[i] != '=') {
            return -1;
        }
        i++;
        while (i < end && space(body[i])) {
            i++;
        }
        if (i < end && (body[i] == '"' || body[i] == '\'')) {
            i++;
        }
        int start = i;
        while (i < end && !space(body[i]) && "\"',;/>".indexOf(body[i]) < 0) {
            i++;
        }
        if (i >= end || i == start || i - start > 40) {
            return -1; // the name runs to the end of what jsoup reads, or is empty, or is no charset's name
        }
        String name = new String(body, start, i - start, StandardCharsets.ISO_8859_1);
        try {
            return Charset.isSupported(name) && Charset.forName(name).equals(StandardCharsets.UTF_8) ? i : -1;
        } catch (IllegalArgumentException e) {
            return -1; // an illegal charset name
        }
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
    }

    /** Whether {@code word} (lower case ASCII) stands at {@code i}, in any case. */
    private static boolean at(byte[] body, int i, String word) {
        if (i + word.length() > body.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int b = body[i + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}

package dev.qcrawl.links;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Which fragments a link check looks for on the page they name. */
public final class Fragments {
    private Fragments() {
    }

    /**
     * The fragment to look for, percent-decoded (as UTF-8; left as written if it does not decode), or null when
     * it is not checked: empty ({@code #}) and {@code top} always lead somewhere, {@code #/...} and {@code #!...}
     * are routes of a script, and a text fragment ({@code :~:text=}) is not an element.
     */
    public static String checkable(String raw) {
        if (raw.isEmpty() || raw.startsWith("/") || raw.startsWith("!") || raw.contains(":~:")) {
            return null;
        }
        String decoded = decode(raw);
        return decoded.isEmpty() || decoded.toLowerCase(Locale.ROOT).equals("top") ? null : decoded;
    }

    /**
     * A fragment as it is printed after its page's URL: what {@link #checkable} decoded, with the characters that
     * may not stand in a URL's fragment (controls, space, {@code " < > `}: the URL standard's fragment set) encoded
     * again, so that the row is a URL; other characters, non-ASCII ones too, as they read.
     */
    public static String shown(String fragment) {
        StringBuilder out = null;
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            boolean encode = c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == 0x7f;
            if (encode && out == null) {
                out = new StringBuilder(fragment.length() + 8).append(fragment, 0, i);
            }
            if (encode) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? fragment : out.toString();
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.writeBytes(s.substring(run, i).getBytes(StandardCharsets.UTF_8));
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
                run = i + 1;
            }
        }
        bytes.writeBytes(s.substring(run).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return s;
        }
    }
}

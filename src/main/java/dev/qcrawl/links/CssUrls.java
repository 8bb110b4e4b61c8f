package dev.qcrawl.links;

import java.util.ArrayList;
import java.util.List;

/**
 * The URLs a piece of CSS loads, as written: every {@code url(...)} (unquoted or quoted), the string of an
 * {@code @import}, and the strings of an {@code image-set()}. Read with the tokenizer of CSS Syntax Level 3 (section
 * 4), as browsers read a stylesheet before its grammar: comments, strings and escapes are honoured, so a
 * {@code url()} in a comment or a string is none, and the URLs of rules that a grammar of its own might not know
 * ({@code @layer}, {@code @container}, nesting) are all found. Fragment-only references ({@code url(#clip)}, an
 * element of the same document) are left out.
 *
 * <p>A CSS parser was tried first: htmlunit-cssparser 5.7.0 skipped the rules inside {@code @layer},
 * {@code @container}, an {@code @supports} within {@code @media}, and nested rules, and with them their URLs.
 */
public final class CssUrls {
    private final String css;
    private final List<String> out = new ArrayList<>();
    private int i;

    private CssUrls(String css) {
        this.css = css;
    }

    /** The URLs {@code css} (a stylesheet, a {@code <style>} element's text or a {@code style} attribute) loads. */
    public static List<String> of(String css) {
        if (css.indexOf('(') < 0 && css.indexOf('@') < 0) {
            return List.of(); // no url(), no @import: most style attributes
        }
        CssUrls reader = new CssUrls(css.indexOf('\0') < 0 ? css : css.replace('\0', '\uFFFD')); // preprocessing
        reader.read();
        return reader.out;
    }

    /**
     * The URLs of a stylesheet cut short (at {@code --max-body}): read up to its last complete rule or declaration,
     * so that a URL cut in the middle is not taken for one.
     */
    public static List<String> ofCut(String css) {
        int end = Math.max(css.lastIndexOf('}'), css.lastIndexOf(';'));
        return of(css.substring(0, end + 1));
    }

    private void read() {
        // The parenthesis depth at which an image-set() is open (strings there are URLs), or -1.
        int imageSet = -1;
        int depth = 0;
        boolean importsAllowed = true; // an @import after a rule or inside a block is ignored, as browsers do
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '/' && at(i + 1) == '*') {
                comment();
            } else if (c == '"' || c == '\'') {
                String s = string(c);
                if (imageSet >= 0 && depth == imageSet + 1) {
                    add(s);
                }
            } else if (c == '@' && identStart(i + 1)) {
                i++;
                String keyword = ident();
                if (ascii(keyword, "import")) {
                    if (!importsAllowed) {
                        skipStatement();
                        continue;
                    }
                    whitespaceAndComments();
                    if (i < css.length() && (css.charAt(i) == '"' || css.charAt(i) == '\'')) {
                        add(string(css.charAt(i)));
                    }
                } else if (ascii(keyword, "namespace")) {
                    skipStatement(); // its url() names a namespace, nothing to load
                } else if (!ascii(keyword, "charset") && !ascii(keyword, "layer")) {
                    importsAllowed = false;
                }
            } else if (c == '#' && (nameChar(at(i + 1)) || validEscape(i + 1))) {
                i++;
                ident(); // a hash token ("#url" is no function name)
            } else if (identStart(i)) {
                String name = ident();
                if (at(i) == '(') {
                    i++;
                    if (ascii(name, "url")) {
                        url();
                    } else {
                        if (imageSet < 0 && (ascii(name, "image-set") || ascii(name, "-webkit-image-set"))) {
                            imageSet = depth;
                        }
                        depth++;
                    }
                }
            } else if (c == '\\' && validEscape(i)) {
                i++;
                escape(); // a delimiter made of an escape: nothing to read
            } else {
                if (c == '{' || c == '}' || c == ';') {
                    importsAllowed &= c == ';'; // a block ends the place of @import
                    depth = 0; // a declaration ends every function of it, closed or not
                    imageSet = -1;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                    if (depth == imageSet) {
                        imageSet = -1;
                    }
                } else if ((c >= '0' && c <= '9') || (c == '.' && digit(at(i + 1)))) {
                    number(); // a dimension's unit ("1url") is no function name
                    continue;
                }
                i++;
            }
        }
    }

    private void add(String url) {
        String s = url.strip();
        if (!s.isEmpty() && s.charAt(0) != '#') {
            out.add(s);
        }
    }

    /** After {@code url(}: a quoted URL (a function with a string), or a url token (section 4.3.6). */
    private void url() {
        while (i < css.length() && whitespace(css.charAt(i))) {
            i++;
        }
        char c = at(i);
        if (c == '"' || c == '\'') {
            add(string(c));
            int level = 1; // the rest of the function, up to its ')'
            while (i < css.length() && level > 0) {
                char d = css.charAt(i);
                if (d == '"' || d == '\'') {
                    string(d);
                    continue;
                }
                level += d == '(' ? 1 : d == ')' ? -1 : 0;
                i++;
            }
            return;
        }
        StringBuilder value = new StringBuilder();
        while (i < css.length()) {
            c = css.charAt(i);
            if (c == ')') {
                i++;
                add(value.toString());
                return;
            }
            if (whitespace(c)) {
                while (i < css.length() && whitespace(css.charAt(i))) {
                    i++;
                }
                if (i >= css.length() || css.charAt(i) == ')') {
                    i++;
                    add(value.toString()); // the end of the input closes the token too
                } else {
                    badUrl();
                }
                return;
            }
            if (c == '"' || c == '\'' || c == '(' || nonPrintable(c)) {
                badUrl();
                return;
            }
            if (c == '\\') {
                if (!validEscape(i)) {
                    badUrl();
                    return;
                }
                i++;
                value.append(escape());
                continue;
            }
            value.append(c);
            i++;
        }
        add(value.toString()); // the end of the input closes the token
    }

    /** The rest of a bad url token (section 4.3.14): up to a ')' or the end, escapes skipped; no URL. */
    private void badUrl() {
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == ')') {
                i++;
                return;
            }
            if (c == '\\' && validEscape(i)) {
                i++;
                escape();
            } else {
                i++;
            }
        }
    }

    /**
     * A string token from its opening quote (section 4.3.5); a newline ends it as a bad string, which gives no URL
     * (empty), the newline left to read.
     */
    private String string(char quote) {
        i++;
        StringBuilder s = new StringBuilder();
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == quote) {
                i++;
                return s.toString();
            }
            if (c == '\n' || c == '\r' || c == '\f') {
                return ""; // a bad string: no URL
            }
            if (c == '\\') {
                if (i + 1 >= css.length()) {
                    i++;
                } else if (newline(css.charAt(i + 1))) {
                    i += css.charAt(i + 1) == '\r' && at(i + 2) == '\n' ? 3 : 2; // an escaped newline: a line joined
                } else {
                    i++;
                    s.append(escape());
                }
                continue;
            }
            s.append(c);
            i++;
        }
        return s.toString();
    }

    /** An escaped code point, after its backslash (section 4.3.7). */
    private String escape() {
        if (i >= css.length()) {
            return "\uFFFD";
        }
        char c = css.charAt(i);
        if (hex(c)) {
            int start = i;
            while (i < css.length() && i - start < 6 && hex(css.charAt(i))) {
                i++;
            }
            int cp = Integer.parseInt(css, start, i, 16);
            if (i < css.length() && whitespace(css.charAt(i))) {
                i += css.charAt(i) == '\r' && at(i + 1) == '\n' ? 2 : 1;
            }
            return cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? "\uFFFD" : Character.toString(cp);
        }
        i++;
        return String.valueOf(c);
    }

    private String ident() {
        StringBuilder name = new StringBuilder();
        while (i < css.length()) {
            char c = css.charAt(i);
            if (nameChar(c)) {
                name.append(c);
                i++;
            } else if (c == '\\' && validEscape(i)) {
                i++;
                name.append(escape());
            } else {
                break;
            }
        }
        return name.toString();
    }

    /** A number (digits, a fraction) and the unit after it. */
    private void number() {
        while (digit(at(i))) {
            i++;
        }
        if (at(i) == '.' && digit(at(i + 1))) {
            i++;
            while (digit(at(i))) {
                i++;
            }
        }
        if (identStart(i)) {
            ident();
        }
    }

    /** Past the rest of an at-rule's prelude: up to its ';' (included) or its block's '{' (left to read). */
    private void skipStatement() {
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '"' || c == '\'') {
                string(c);
            } else if (c == '/' && at(i + 1) == '*') {
                comment();
            } else if (c == ';') {
                i++;
                return;
            } else if (c == '{' || c == '}') {
                return;
            } else {
                i++;
            }
        }
    }

    /** Whether {@code name} is {@code lower} in ASCII case-insensitive terms, as CSS compares names. */
    private static boolean ascii(String name, String lower) {
        if (name.length() != lower.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Past a comment, from its {@code /*}: up to its end, or the end of the input. */
    private void comment() {
        int end = css.indexOf("*/", i + 2);
        i = end < 0 ? css.length() : end + 2;
    }

    private void whitespaceAndComments() {
        while (i < css.length()) {
            if (whitespace(css.charAt(i))) {
                i++;
            } else if (css.charAt(i) == '/' && at(i + 1) == '*') {
                comment();
            } else {
                return;
            }
        }
    }

    /** Whether an identifier starts at {@code j} (section 4.3.9). */
    private boolean identStart(int j) {
        char c = at(j);
        if (c == '-') {
            char d = at(j + 1);
            return nameStart(d) || d == '-' || (d == '\\' && validEscape(j + 1));
        }
        return nameStart(c) || (c == '\\' && validEscape(j));
    }

    private boolean validEscape(int j) {
        return at(j) == '\\' && j + 1 < css.length() && !newline(css.charAt(j + 1));
    }

    private char at(int j) {
        return j < css.length() ? css.charAt(j) : '\0';
    }

    private static boolean nameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean nameChar(char c) {
        return nameStart(c) || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean newline(char c) {
        return c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || newline(c);
    }

    private static boolean nonPrintable(char c) {
        return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
    }
}

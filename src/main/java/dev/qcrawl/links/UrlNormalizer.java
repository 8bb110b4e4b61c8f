package dev.qcrawl.links;

import crawlercommons.filters.basic.BasicURLNormalizer;

/**
 * Puts a URL in one canonical form so that one page has one name: crawler-commons' {@link BasicURLNormalizer}
 * (lower-case scheme and host, IDN to punycode, default port dropped, empty path to {@code /}, dot segments
 * removed, non-ASCII and illegal characters percent-encoded as UTF-8, escapes of unreserved characters
 * decoded, fragment dropped), with the query kept as it is: its parameters are neither sorted nor re-encoded
 * (the library would do both), only characters that may not stand in a URL are percent-encoded; and with the
 * path's empty segments kept ({@code /a//b} names another resource than {@code /a/b}; the library would merge
 * them). Only http and https URLs pass.
 */
public final class UrlNormalizer {
    private final BasicURLNormalizer normalizer = BasicURLNormalizer.newBuilder().build();

    /** The normalized form of {@code url}, or {@code null} if it is not a usable absolute http(s) URL. */
    public String normalize(String url) {
        if (url == null) {
            return null;
        }
        String trimmed = url.strip();
        int hash = trimmed.indexOf('#');
        if (hash >= 0) {
            trimmed = trimmed.substring(0, hash); // the fragment is dropped: cut it first, for the quick test below
        }
        if (!isHttp(trimmed)) {
            return null;
        }
        if (alreadyNormal(trimmed)) {
            return trimmed;
        }
        if (!portIsValid(trimmed)) {
            return null; // "h:-1", "h:+80", "h:65536": no URL to a browser (java.net.URI reads some of them)
        }
        // The library's output is not always a fixed point (e.g. "//" in a path, odd escapes): apply it until it
        // is, so that a normalized URL normalizes to itself.
        String current = trimmed;
        for (int round = 0; round < 4; round++) {
            String next = once(current);
            if (next == null || next.equals(current) || alreadyNormal(next)) {
                return next;
            }
            current = next;
        }
        return null;
    }

    private String once(String url) {
        try {
            // The library sorts and re-encodes query parameters; the query is kept as it is instead (only what may
            // not stand in a URL is percent-encoded), since its order can matter to the server. It also merges runs
            // of '/' in the path, which name another resource to the server (and to a browser): they are kept.
            int hash = url.indexOf('#');
            String withoutFragment = hash < 0 ? url : url.substring(0, hash);
            int mark = withoutFragment.indexOf('?');
            String beforeQuery = mark < 0 ? withoutFragment : withoutFragment.substring(0, mark);
            String escaped = escapeStrays(beforeQuery);
            String withMarks = markEmptySegments(escaped);
            boolean marked = withMarks != escaped;
            String normalized = normalizer.filter(withMarks);
            if (normalized == null || !isHttp(normalized)) {
                return null;
            }
            if (marked) {
                normalized = unmarkEmptySegments(normalized);
            }
            normalized = escapeStrays(normalized);
            if (mark >= 0 && mark + 1 < withoutFragment.length()) { // an empty query is dropped, as urljoin does
                normalized = normalized + "?" + encodeNonAscii(escapeStrays(withoutFragment.substring(mark + 1)));
            }
            java.net.URI uri = java.net.URI.create(normalized); // whatever is left must be a valid URI
            if (uri.getHost() == null || uri.getHost().startsWith(".")) {
                return null;
            }
            return normalized;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The segment that stands for an empty one while the library sees the URL: a NUL, escaped. */
    private static final String EMPTY_SEGMENT = "%00";

    /**
     * {@code url} with each empty segment of its path ({@code /a//b}) written as {@link #EMPTY_SEGMENT}
     * ({@code /a/%00/b}), so that the library, which would merge the slashes, keeps it; {@code url} itself when its
     * path has no empty segment, or already holds an escaped NUL (then the slashes are merged, as they used to be).
     */
    private static String markEmptySegments(String url) {
        int pathStart = url.indexOf('/', url.indexOf("://") + 3);
        if (pathStart < 0 || url.indexOf("//", pathStart) < 0 || url.indexOf(EMPTY_SEGMENT, pathStart) >= 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length() + 8).append(url, 0, pathStart + 1);
        for (int i = pathStart + 1; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' && url.charAt(i - 1) == '/') {
                out.append(EMPTY_SEGMENT);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code url} (no query) with each path segment that is {@link #EMPTY_SEGMENT} made empty again. */
    private static String unmarkEmptySegments(String url) {
        int pathStart = url.indexOf('/', url.indexOf("://") + 3);
        String[] segments = url.substring(pathStart).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(EMPTY_SEGMENT)) {
                segments[i] = "";
            }
        }
        return url.substring(0, pathStart) + String.join("/", segments);
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of().withUpperCase();

    /** Percent-encodes every non-ASCII character as its UTF-8 bytes. */
    private static String encodeNonAscii(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                out.append('%').append(HEX.toHexDigits(b));
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }

    /**
     * Percent-encodes what may not stand in a URI as it is: a '%' that does not start a two-digit escape, and
     * ASCII characters outside RFC 3986 (space, quotes, angle brackets, backslash, braces, '|', '^', '`',
     * controls). Non-ASCII characters are left to the normalizer, which encodes them as UTF-8.
     */
    public static String escapeStrays(String url) {
        StringBuilder out = null;
        int n = url.length();
        int scheme = url.indexOf("://");
        int pathStart = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
        if (pathStart < 0) {
            pathStart = n;
        }
        for (int i = 0; i < n; i++) {
            char c = url.charAt(i);
            String replacement = null;
            if ((c == '[' || c == ']') && i >= pathStart) {
                replacement = c == '[' ? "%5B" : "%5D"; // brackets belong to IPv6 hosts only
            } else if (c == '%') {
                if (i + 2 >= n || !isHex(url.charAt(i + 1)) || !isHex(url.charAt(i + 2))) {
                    replacement = "%25";
                }
            } else if (c < 0x80 && STRAY.indexOf(c) >= 0 || c < 0x20 || c == 0x7f) {
                replacement = "%" + HEX.toHexDigits((byte) c);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(n + 16).append(url, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? url : out.toString();
    }

    private static final String STRAY = " \"<>\\^`{|}";

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether {@code url[start, end)} is a dotted-quad IPv4 address (four numbers of 0-255). */
    private static boolean isIpv4(String url, int start, int end) {
        int parts = 0;
        int i = start;
        while (i < end) {
            int from = i;
            while (i < end && url.charAt(i) >= '0' && url.charAt(i) <= '9') {
                i++;
            }
            if (i == from || i - from > 3 || Integer.parseInt(url, from, i, 10) > 255) {
                return false;
            }
            parts++;
            if (i < end) {
                if (url.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return parts == 4 && url.charAt(end - 1) != '.';
    }

    /** Whether the port of an http(s) URL, if it names one, is digits only and at most 65535 (WHATWG URL). */
    static boolean portIsValid(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        int host = at >= start ? at + 1 : start;
        int colon;
        if (host < end && url.charAt(host) == '[') {
            int close = url.indexOf(']', host);
            if (close < 0 || close >= end) {
                return true; // not an address at all: the normalizer refuses it
            }
            colon = close + 1 < end && url.charAt(close + 1) == ':' ? close + 1 : -1;
        } else {
            colon = url.lastIndexOf(':', end - 1);
            colon = colon >= host ? colon : -1;
        }
        if (colon < 0) {
            return true;
        }
        long port = 0;
        for (int i = colon + 1; i < end; i++) {
            char c = url.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
            if (port > 65535) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no browser could follow this http(s) URL either (the WHATWG URL parser fails on it): no host, a
     * character no host may hold (a space, {@code <}, {@code |}, a second {@code :}, ...), an IPv6 address left
     * open, or a port that is not digits up to 65535. A host name that browsers take but {@code java.net.URI} does
     * not (an underscore) is not unusable: the crawl cannot fetch it, but it is no broken link.
     */
    public static boolean unusable(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        if (!portIsValid(url)) {
            return true;
        }
        int at = url.lastIndexOf('@', end - 1);
        int host = at >= start ? at + 1 : start;
        if (host < end && url.charAt(host) == '[') {
            int close = url.indexOf(']', host);
            if (close < 0 || close >= end || close == host + 1) {
                return true;
            }
            for (int i = host + 1; i < close; i++) {
                char c = url.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return true;
                }
            }
            return close + 1 < end && url.charAt(close + 1) != ':';
        }
        int colon = url.lastIndexOf(':', end - 1);
        int hostEnd = colon >= host ? colon : end;
        if (hostEnd == host) {
            return true;
        }
        for (int i = host; i < hostEnd; i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || "#/:<>?@[\\]^|".indexOf(c) >= 0) { // '%' aside: an escape may be fine
                return true;
            }
        }
        return false;
    }

    /** Whether the string starts with an {@code http:} or {@code https:} scheme, in any case. */
    public static boolean isHttp(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * A fast, conservative test for URLs that normalization would leave unchanged (the common case on a real
     * site): lower-case http(s) scheme and host, no default port, a path of plain characters without dot
     * segments, empty or doubled slashes, no query, escape or fragment. Anything else goes the full way.
     */
    static boolean alreadyNormal(String url) {
        int i;
        boolean https;
        if (url.startsWith("http://")) {
            i = 7;
            https = false;
        } else if (url.startsWith("https://")) {
            i = 8;
            https = true;
        } else {
            return false;
        }
        int n = url.length();
        int hostStart = i;
        while (i < n) {
            char c = url.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c == '.' && i > hostStart
                    && url.charAt(i - 1) != '.')) {
                i++;
            } else {
                break;
            }
        }
        if (i == hostStart || url.charAt(i - 1) == '.' || url.charAt(i - 1) == '-' || url.charAt(hostStart) == '-') {
            return false;
        }
        if (url.startsWith("xn--", hostStart) || url.contains(".xn--")) {
            return false;
        }
        int lastLabel = url.lastIndexOf('.', i - 1) + 1;
        if (lastLabel <= hostStart) {
            lastLabel = hostStart;
        }
        if (Character.isDigit(url.charAt(lastLabel)) && !isIpv4(url, hostStart, i)) {
            return false; // "127.1", "host.123": not a host name java.net.URI accepts; the full path decides
        }
        if (i < n && url.charAt(i) == ':') {
            int portStart = ++i;
            while (i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9') {
                i++;
            }
            int digits = i - portStart;
            if (digits == 0 || digits > 5 || url.charAt(portStart) == '0') {
                return false;
            }
            int port = Integer.parseInt(url, portStart, i, 10);
            if (port > 65535 || port == (https ? 443 : 80)) {
                return false;
            }
        }
        if (i >= n || url.charAt(i) != '/') {
            return false;
        }
        char previous = 0;
        for (; i < n; i++) {
            char c = url.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '~' || c == '.' || c == '/';
            if (!plain) {
                return false;
            }
            if (c == '/' && previous == '/') {
                return false;
            }
            if (c == '.' && previous == '/') {
                // "/." starts a possible dot segment ("/./", "/../", "/.", "/.."): let the normalizer decide.
                return false;
            }
            previous = c;
        }
        return true;
    }
}

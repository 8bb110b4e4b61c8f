package dev.qcrawl.links;

/**
 * Resolves a reference against a base URL as RFC 3986 section 5.2 says, on strings: the one resolver for links in
 * pages, {@code <base href>} and redirect targets. As browsers and Python's {@code urljoin} do (the RFC's
 * "backward compatible" reading), a reference whose scheme is the base's scheme and that has no authority
 * ({@code http:g}) is read as relative. Tabs and line breaks anywhere in the reference are removed, as the WHATWG
 * URL standard and {@code urljoin} remove them; and, as that standard and every browser do for http(s) URLs, a
 * backslash before the query stands for a slash ({@code docs\page.html}, {@code http:\\host\a}). A relative-path
 * reference ({@code b//c}, or {@code c} against {@code /a//b/}) has the runs of '/' in its merged path made one
 * before its dot segments are removed, as {@code urljoin} does (browsers keep them); an absolute path or URL keeps
 * them, as both do. The fragment is kept; normalization drops it.
 */
public final class Resolver {
    private Resolver() {
    }

    /** A URI reference split into its five components; {@code null} for a component that is not there. */
    record Parts(String scheme, String authority, String path, String query, String fragment) {

        static Parts of(String s) {
            int n = s.length();
            int i = 0;
            String scheme = null;
            int colon = schemeEnd(s);
            if (colon > 0) {
                scheme = s.substring(0, colon);
                i = colon + 1;
            }
            String authority = null;
            if (s.startsWith("//", i)) {
                int end = i + 2;
                while (end < n && s.charAt(end) != '/' && s.charAt(end) != '?' && s.charAt(end) != '#') {
                    end++;
                }
                authority = s.substring(i + 2, end);
                i = end;
            }
            int pathEnd = i;
            while (pathEnd < n && s.charAt(pathEnd) != '?' && s.charAt(pathEnd) != '#') {
                pathEnd++;
            }
            String path = s.substring(i, pathEnd);
            i = pathEnd;
            String query = null;
            if (i < n && s.charAt(i) == '?') {
                int end = s.indexOf('#', i);
                if (end < 0) {
                    end = n;
                }
                query = s.substring(i + 1, end);
                i = end;
            }
            String fragment = i < n ? s.substring(i + 1) : null;
            return new Parts(scheme, authority, path, query, fragment);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(16 + path.length());
            if (scheme != null) {
                out.append(scheme).append(':');
            }
            if (authority != null) {
                out.append("//").append(authority);
            }
            out.append(path);
            if (query != null) {
                out.append('?').append(query);
            }
            if (fragment != null) {
                out.append('#').append(fragment);
            }
            return out.toString();
        }
    }

    /**
     * The target of {@code reference} resolved against {@code base}, an absolute URL (one with a scheme). A
     * reference with a scheme of its own is returned with its dot segments removed.
     */
    public static String resolve(String base, String reference) {
        return against(base).resolve(reference);
    }

    /** A base URL taken apart once, to resolve the many links of one page against it. */
    public static Base against(String base) {
        return new Base(base);
    }

    /** A base URL with what the quick path needs worked out once. */
    public static final class Base {
        private final String url;
        /** {@code scheme://authority}, or null when the quick path does not apply (no authority, a query...). */
        private final String origin;
        /** Everything up to the last '/' of the path, or {@code origin + "/"} for an empty path. */
        private final String directory;
        /** Whether the directory's path has an empty segment ({@code /a//b/}): relative names go the general way. */
        private final boolean directoryHasEmptySegment;

        private Base(String url) {
            this.url = url;
            int slashes = url.indexOf("://");
            if (slashes < 0 || url.indexOf('?') >= 0 || url.indexOf('#') >= 0) {
                origin = null;
                directory = null;
                directoryHasEmptySegment = false;
            } else {
                int pathStart = url.indexOf('/', slashes + 3);
                origin = pathStart < 0 ? url : url.substring(0, pathStart);
                directory = pathStart < 0 ? url + "/" : url.substring(0, url.lastIndexOf('/') + 1);
                directoryHasEmptySegment = pathStart >= 0 && directory.indexOf("//", pathStart) >= 0;
            }
        }

        public String resolve(String reference) {
            String ref = withoutTabsAndNewlines(reference);
            if (ref.indexOf('\\') >= 0) {
                ref = backslashesAsSlashes(url, ref);
            }
            String quick = quick(ref);
            return quick != null ? quick : general(url, ref);
        }

        /**
         * The common cases of a crawl in one step: an absolute path ({@code /a/b.html}), a plain relative name
         * ({@code b.html}) with no dot segment, query or fragment, or an empty reference. The result is what the
         * general algorithm gives; null means "take the general way".
         */
        private String quick(String ref) {
            if (origin == null || !plain(ref)) {
                return null;
            }
            if (ref.isEmpty()) {
                return url; // the base itself (it has no query or fragment here)
            }
            char first = ref.charAt(0);
            if (first == '/') {
                return ref.length() > 1 && ref.charAt(1) == '/' ? null : origin + ref; // not a network-path ref
            }
            if (directoryHasEmptySegment || ref.indexOf("//") >= 0) {
                return null; // runs of '/' to merge
            }
            return schemeEnd(ref) > 0 || first == '.' ? null : directory + ref;
        }
    }

    /** RFC 3986 section 5.2.2, without the quick path. */
    static String general(String base, String ref) {
        Parts b = Parts.of(base);
        Parts r = Parts.of(ref);
        if (r.scheme != null && r.authority == null && b.scheme != null && r.scheme.equalsIgnoreCase(b.scheme)
                && b.authority != null) {
            r = new Parts(null, null, r.path, r.query, r.fragment); // "http:g" against an http base
        }
        if (r.scheme != null) {
            return new Parts(r.scheme, r.authority, removeDotSegments(r.path), r.query, r.fragment).toString();
        }
        String authority;
        String path;
        String query;
        if (r.authority != null) {
            authority = r.authority;
            path = removeDotSegments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if (r.path.isEmpty()) {
                path = b.path;
                query = r.query != null ? r.query : b.query;
            } else {
                path = removeDotSegments(r.path.charAt(0) == '/' ? r.path : oneSlashEach(merge(b, r.path)));
                query = r.query;
            }
        }
        return new Parts(b.scheme, authority, path, query, r.fragment).toString();
    }

    /** No dot segment, query, fragment or escape-worthy oddity that the general way would treat differently. */
    private static boolean plain(String ref) {
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == '?' || c == '#') {
                return false;
            }
            if (c == '.' && (i == 0 || ref.charAt(i - 1) == '/')) {
                int next = i + 1;
                if (next == ref.length() || ref.charAt(next) == '/'
                        || (ref.charAt(next) == '.' && (next + 1 == ref.length() || ref.charAt(next + 1) == '/'))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The index of the ':' that ends a valid scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), or -1. */
    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i > 0 ? i : -1;
            }
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
                return -1;
            }
        }
        return -1;
    }

    /** RFC 3986 section 5.2.3. */
    private static String merge(Parts base, String path) {
        if (base.authority != null && base.path.isEmpty()) {
            return "/" + path;
        }
        int slash = base.path.lastIndexOf('/');
        return slash < 0 ? path : base.path.substring(0, slash + 1) + path;
    }

    /** {@code path} with each run of '/' made one, as {@code urljoin} does to a merged relative path. */
    private static String oneSlashEach(String path) {
        if (path.indexOf("//") < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || i == 0 || path.charAt(i - 1) != '/') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        String in = path;
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                dropLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                dropLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int start = in.charAt(0) == '/' ? 1 : 0;
                int end = in.indexOf('/', start);
                if (end < 0) {
                    end = in.length();
                }
                out.append(in, 0, end);
                in = in.substring(end);
            }
        }
        return out.toString();
    }

    private static void dropLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }

    /**
     * {@code ref} with each backslash before its query or fragment made a slash, if it is (or, relative, resolves to)
     * a URL of a scheme the WHATWG URL standard calls special; else {@code ref} as it is.
     */
    private static String backslashesAsSlashes(String base, String ref) {
        int colon = schemeEnd(ref);
        String scheme = colon > 0 ? ref.substring(0, colon) : base.substring(0, Math.max(schemeEnd(base), 0));
        if (!SPECIAL_SCHEMES.contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
            return ref;
        }
        StringBuilder out = new StringBuilder(ref);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '?' || c == '#') {
                break;
            }
            if (c == '\\') {
                out.setCharAt(i, '/');
            }
        }
        return out.toString();
    }

    /** The schemes whose URLs read a backslash as a slash (WHATWG URL standard, "special scheme"). */
    private static final java.util.Set<String> SPECIAL_SCHEMES = java.util.Set.of("http", "https", "ws", "wss", "ftp",
            "file");

    private static String withoutTabsAndNewlines(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }
}

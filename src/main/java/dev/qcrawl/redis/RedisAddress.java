package dev.qcrawl.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a shared crawl lives: a {@code --frontier} value, {@code redis://} or {@code rediss://} (TLS), with an
 * optional user and password and database number, as redis-cli and scrapy-redis read them. The password is never
 * part of {@link #toString()} nor of any message.
 *
 * @param tls      {@code rediss://}
 * @param user     the ACL user, or null (the default user)
 * @param password the password, or null (then {@code QCRAWL_FRONTIER_PASSWORD} may give one)
 */
public record RedisAddress(boolean tls, String host, int port, int database, String user, String password) {
    /** The environment variable that gives the password, keeping it out of the process list. */
    public static final String PASSWORD_VARIABLE = "QCRAWL_FRONTIER_PASSWORD";

    /**
     * Reads a {@code --frontier} value; throws IllegalArgumentException with a message fit for the CLI, which
     * never repeats the password.
     */
    public static RedisAddress parse(String url) {
        String shown = shown(url);
        String usage = "--frontier: expected redis://[USER[:PASSWORD]@]HOST:PORT[/DB] or rediss://..., got " + shown;
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(usage);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null
                || (uri.getRawPath() != null && !uri.getRawPath().matches("(/\\d{0,2})?"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(usage);
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (user.isEmpty()) {
                user = null; // redis://:password@host, the default user
            }
        }
        String path = uri.getRawPath();
        int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        return new RedisAddress(scheme.equals("rediss"), uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(),
                database, user, password == null || password.isEmpty() ? null : password);
    }

    /**
     * {@code value} as a message may show it: everything before the last '@' after the scheme masked (a password
     * may hold '#', '?', '/' or '@' unescaped, and the URL may be mistyped: {@code redis:/u:pw@h}), and, with no
     * '@', a "port" that is not a number (a {@code user:password} without its host).
     */
    static String shown(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*:/*)?(.*)",
                java.util.regex.Pattern.DOTALL).matcher(value.strip());
        m.matches();
        String prefix = m.group(1) == null ? "" : m.group(1);
        String rest = m.group(2);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            return prefix + "***" + rest.substring(at);
        }
        return rest.matches("[^:/?#@]*(:[0-9]*)?(/[0-9]*)?") ? prefix + rest : prefix + "***";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The same address with the password from the environment when the URL gives none. */
    public RedisAddress withPasswordFrom(java.util.Map<String, String> environment) {
        String fromEnvironment = environment.get(PASSWORD_VARIABLE);
        return password != null || fromEnvironment == null || fromEnvironment.isEmpty() ? this
                : new RedisAddress(tls, host, port, database, user, fromEnvironment);
    }

    /** How the server is named in messages: {@code redis at HOST:PORT}, never with credentials. */
    @Override
    public String toString() {
        return "redis at " + host + ":" + port;
    }
}

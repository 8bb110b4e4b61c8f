package dev.qcrawl.links;

import java.net.URI;
import java.util.Locale;

/** The origin of a URL, {@code scheme://host:port} with the port always written: the key for per-host state. */
public final class Origins {
    private Origins() {
    }

    public static String of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equals(scheme) ? 443 : 80;
        }
        String host = uri.getHost();
        if (host == null) {
            host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}

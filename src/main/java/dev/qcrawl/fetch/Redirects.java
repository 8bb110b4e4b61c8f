package dev.qcrawl.fetch;

import dev.qcrawl.links.Resolver;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a redirect points: its Location header read as browsers read it and resolved against the request URL by the
 * same RFC 3986 {@link Resolver} as links.
 */
final class Redirects {
    private Redirects() {
    }

    /**
     * The absolute http(s) URL a {@code Location} value points to, without fragment and in ASCII; empty when it
     * points nowhere usable (another scheme, no host, not a URL at all).
     *
     * <p>The HTTP client hands header values over as ISO-8859-1, one char per byte. Servers that put raw non-ASCII
     * in a Location send UTF-8, so bytes that form valid UTF-8 are read as UTF-8 (as browsers do), others stay
     * Latin-1. Then, as for links in pages, characters that may not stand in a URL are percent-encoded rather than
     * refused.
     */
    static Optional<URI> target(URI base, String location) {
        try {
            String value = UrlNormalizer.escapeStrays(utf8IfValid(location.strip()));
            URI target = URI.create(Resolver.resolve(base.toString(), value));
            String scheme = target.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || target.getHost() == null) {
                return Optional.empty();
            }
            String ascii = target.toASCIIString();
            int hash = ascii.indexOf('#');
            return Optional.of(URI.create(hash < 0 ? ascii : ascii.substring(0, hash)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String utf8IfValid(String latin1) {
        boolean ascii = latin1.chars().allMatch(c -> c < 0x80);
        boolean bytes = latin1.chars().allMatch(c -> c <= 0xff);
        if (ascii || !bytes) {
            return latin1;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return latin1;
        }
    }
}

package dev.qcrawl.fetch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Request headers given by the user ({@code --header}, and Basic authentication from credentials in the start
 * URL), sent only to the start URL's origin: a token or a password never reaches another host, not even one the
 * site links or redirects to.
 *
 * @param origin  {@code scheme://host:port} of the start URL ({@link dev.qcrawl.links.Origins})
 * @param headers name and value pairs, in the order given
 */
public record OriginHeaders(String origin, List<Header> headers) {
    public static final OriginHeaders NONE = new OriginHeaders("", List.of());
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** One header line. */
    public record Header(String name, String value) {
    }

    public OriginHeaders {
        headers = List.copyOf(headers);
    }

    /** The headers for a request to {@code origin}: all of them there, none elsewhere. */
    public List<Header> forOrigin(String requestOrigin) {
        return origin.equals(requestOrigin) ? headers : List.of();
    }

    /**
     * Parses {@code Name: value} as curl and wget take it.
     *
     * @throws IllegalArgumentException with a message fit for the command line
     */
    public static Header parse(String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon).strip();
        if (colon < 0 || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("--header: expected 'Name: value', got '" + line + "'");
        }
        String value = line.substring(colon + 1).strip();
        check("--header", name, value);
        return new Header(name, value);
    }

    /**
     * Checks that a header {@code name: value} can be sent as given on the command line by {@code option}.
     *
     * @throws IllegalArgumentException with a message fit for the command line
     */
    static void check(String option, String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(option + ": a value may not hold a line break: '" + name + "'");
        }
        try {
            java.net.http.HttpRequest.newBuilder().header(name, value); // the HTTP client's own rules
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": '" + name + "' cannot be set (" + e.getMessage() + ")");
        }
    }

    /** {@code Authorization: Basic ...} from the user info of {@code typedUrl}, if it has any. */
    public static List<Header> basicAuth(String typedUrl) {
        URI uri;
        try {
            uri = URI.create(typedUrl.strip());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        String userInfo = uri.getUserInfo(); // percent-decoded
        if (userInfo == null || userInfo.isEmpty()) {
            return List.of();
        }
        String pair = userInfo.indexOf(':') >= 0 ? userInfo : userInfo + ":";
        String token = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Authorization", "Basic " + token));
        return headers;
    }
}

package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/** Location headers as servers send them, resolved against the URL that answered with the redirect. */
class RedirectsTest {
    private static final URI BASE = URI.create("http://h.test/a/b/c");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "/new/                      | http://h.test/new/",
        "../up                      | http://h.test/a/up",
        "'  /padded  '              | http://h.test/padded",
        "//other.test/x#frag        | http://other.test/x",
        "https://h.test:8443/s?q=1  | https://h.test:8443/s?q=1",
        "/a b{c}                    | http://h.test/a%20b%7Bc%7D",
        "/100%                      | http://h.test/100%25",
        "/ok%20done                 | http://h.test/ok%20done",
        "/caf\u00e9                 | http://h.test/caf%C3%A9",
        "mailto:me@h.test           | NONE",
        "ftp://h.test/file          | NONE",
        "http://                    | NONE",
    })
    void resolvesAndEncodes(String location, String expected) {
        assertEquals(Optional.ofNullable(expected).map(URI::create), Redirects.target(BASE, location));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/stra\u00dfe/\u00fcber | http://h.test/stra%C3%9Fe/%C3%BCber",
        "/\u65e5\u672c        | http://h.test/%E6%97%A5%E6%9C%AC",
    })
    void rawUtf8BytesAreReadAsUtf8(String path, String expected) {
        // what the HTTP client hands over for a header sent as raw UTF-8 bytes: one char per byte
        String asReceived = new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of(URI.create(expected)), Redirects.target(BASE, asReceived));
    }

    /** The RFC's whole table as Location headers; a fragment is dropped and a non-http target is unusable. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/links/rfc3986-examples.csv", delimiter = ',', emptyValue = "")
    void resolvesEveryExampleOfRfc3986(String location, String target) {
        Optional<URI> expected = target.startsWith("http://")
                ? Optional.of(URI.create(target.replaceFirst("#.*", ""))) : Optional.empty();
        assertEquals(expected, Redirects.target(URI.create("http://a/b/c/d;p?q"), location));
    }
}

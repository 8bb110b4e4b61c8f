package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class UrlNormalizerTest {
    private final UrlNormalizer normalizer = new UrlNormalizer();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/links/normalization.csv", commentCharacter = '#', ignoreLeadingAndTrailingWhitespace = false)
    void normalizesLikeTheTable(String input, String expected) {
        if (expected == null || expected.isEmpty()) {
            assertNull(normalizer.normalize(input), input);
        } else {
            assertEquals(expected, normalizer.normalize(input));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "https://                         | true",
        "http://bad host/logo.png         | true",
        "http://127.0.0.1:80a/            | true",
        "http://localhost:19203:80/x      | true",
        "http://[::1/                     | true",
        "http://[zz]/                     | true",
        "http://[::1]x/                   | true",
        "http://a^b/                      | true",
        "http://h:-1/                     | true",
        "http://my_host.example/x         | false",
        "http://h.example/a b             | false",
        "http://user:pw@h.example:8080/x  | false",
        "http://[::1]:8080/               | false",
        "http://h.example?q=a b           | false",
    })
    void unusableIsWhatNoBrowserCouldFollow(String url, boolean unusable) {
        assertEquals(unusable, UrlNormalizer.unusable(url), url);
    }

    /** The fast path must agree with the full normalizer on every URL it accepts. */
    @Test
    void fastPathNeverDisagreesWithTheFullNormalizer() {
        Random random = new Random(3);
        String alphabet = "abcXYZ019-._~/%:?#.@!$&'()*+,;= \u00e9";
        crawlercommons.filters.basic.BasicURLNormalizer full =
                crawlercommons.filters.basic.BasicURLNormalizer.newBuilder().build();
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder url = new StringBuilder(random.nextBoolean() ? "http://" : "https://");
            url.append(random.nextInt(4) == 0 ? "Host.example" : "host.example");
            if (random.nextInt(3) == 0) {
                url.append(':').append(random.nextInt(4) == 0 ? 80 : 8000 + random.nextInt(100));
            }
            int len = random.nextInt(12);
            url.append('/');
            for (int j = 0; j < len; j++) {
                url.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = url.toString();
            if (UrlNormalizer.alreadyNormal(s)) {
                accepted++;
                assertEquals(full.filter(s), s, s);
            }
        }
        assertTrue(accepted > 1000, "the generator must exercise the fast path: " + accepted);
    }

    /** Property: whatever the input, no exception escapes and any result is an absolute, normalized http(s) URL. */
    @Test
    void randomInputNeverThrowsAndResultsAreNormalized() {
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "http://h.example/" : "");
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                s.append((char) (random.nextInt(5) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
            }
            String result = normalizer.normalize(s.toString());
            if (result != null) {
                assertTrue(UrlNormalizer.isHttp(result), result);
                assertEquals(result, normalizer.normalize(result), "idempotent: " + s);
                java.net.URI.create(result); // parses as a URI
            }
        }
    }
}

package dev.qcrawl.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The URL table against a {@link HashMap} and {@link String#compareTo}, over many URLs of many kinds. */
class UrlTableTest {
    private static final String[] ORIGINS = {"http://a/", "http://ab/", "https://a/", "http://a:8080/",
        "http://127.0.0.1:18183/", "mailto:", "http://xn--bcher-kva.example/", ""};
    private static final String[] PARTS = {"", "s1/p12.html", "index.html", "a?b=c#d", "caf\u00e9", "\u65e5\u672c",
        "\ud83d\ude00", "x".repeat(300), "%20", "A", "a", "\uffff", "~"};

    private static List<String> urls(int n, long seed) {
        Random random = new Random(seed);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String origin = ORIGINS[random.nextInt(ORIGINS.length)];
            urls.add(origin + PARTS[random.nextInt(PARTS.length)] + (random.nextBoolean() ? random.nextInt(50) : ""));
        }
        return urls;
    }

    @Test
    void eachUrlGetsOneIdAndComesBackTheSame() {
        UrlTable table = new UrlTable();
        Map<String, Integer> expected = new HashMap<>();
        for (String url : urls(200_000, 1)) {
            int id = table.intern(url);
            Integer before = expected.putIfAbsent(url, expected.size());
            assertEquals(before == null ? expected.size() - 1 : before, id, url);
        }
        assertEquals(expected.size(), table.size());
        expected.forEach((url, id) -> {
            assertEquals(url, table.url(id));
            assertEquals(id, table.find(url));
        });
        assertEquals(-1, table.find("http://a/never"));
        assertEquals(-1, table.find("http://unknown-origin/index.html"));
    }

    @Test
    void manyDistinctUrlsKeepTheirIdsAsTheTableGrows() {
        // 300,000 URLs: the table doubles ten times, and the hash bits kept beside each id shrink with each doubling
        UrlTable table = new UrlTable();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            assertEquals(i, table.intern("http://127.0.0.1:18183/s" + (i % 997) + "/p" + i + ".html"));
        }
        for (int i = n - 1; i >= 0; i--) {
            String url = "http://127.0.0.1:18183/s" + (i % 997) + "/p" + i + ".html";
            assertEquals(i, table.find(url), url);
            assertEquals(i, table.intern(url), url);
            assertEquals(url, table.url(i));
        }
        assertEquals(n, table.size());
        assertEquals(-1, table.find("http://127.0.0.1:18183/s0/p" + n + ".html"));
    }

    @Test
    void comparesAsStringsDo() {
        UrlTable table = new UrlTable();
        List<String> urls = urls(3_000, 2);
        int[] ids = urls.stream().mapToInt(table::intern).toArray();
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            int a = random.nextInt(ids.length);
            int b = random.nextInt(ids.length);
            assertEquals(Integer.signum(urls.get(a).compareTo(urls.get(b))),
                    Integer.signum(table.compare(ids[a], ids[b])), urls.get(a) + " vs " + urls.get(b));
        }
    }
}

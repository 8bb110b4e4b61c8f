import dev.qcrawl.links.LinkExtractor;
import dev.qcrawl.links.UrlNormalizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the design's two named parts cost by themselves on a large site (bench/floor): 32 virtual threads fetch each
 * URL of a list once with one {@code java.net.http} client set up as qcrawl's (HTTP/1.1, no redirects, its tasks
 * run inline), and with {@code links} also read each page's links with qcrawl's {@link LinkExtractor} (jsoup).
 * Nothing else a crawl does: no frontier, no table of URLs, no counting, no output but one line.
 *
 * <pre>java -cp target/qcrawl.jar bench/Floor.java fetch|links PATHS BASE</pre>
 * PATHS: a file of paths, one per line, each fetched as BASE + path.
 */
public class Floor {
    public static void main(String[] args) throws Exception {
        boolean links = switch (args[0]) {
            case "fetch" -> false;
            case "links" -> true;
            default -> throw new IllegalArgumentException("fetch or links, not " + args[0]);
        };
        List<String> paths = Files.readAllLines(Path.of(args[1]));
        String base = args[2];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run).build();
        LinkExtractor extractor = new LinkExtractor(new UrlNormalizer());
        AtomicInteger next = new AtomicInteger();
        AtomicLong found = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 32; w++) {
                workers.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < paths.size();) {
                        String url = base + paths.get(i);
                        HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (page.statusCode() != 200) {
                            failed.incrementAndGet();
                        } else if (links) {
                            found.addAndGet(extractor.links(page.body(), null, url).size());
                        }
                    }
                    return null;
                });
            }
        }
        System.out.println(args[0] + ": " + paths.size() + " URLs, " + failed + " not 200, " + found + " links");
    }
}

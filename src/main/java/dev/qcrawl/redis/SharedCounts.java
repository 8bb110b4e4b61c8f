package dev.qcrawl.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.crawl.CrawlResult;
import dev.qcrawl.crawl.StopReason;
import dev.qcrawl.crawl.UrlStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The counts of a complete shared crawl as one process computed them, to be printed by every other process without
 * reading the graph: the result's rows and summary and, for {@code --broken}, the pages linking to each broken URL.
 * Stored as gzipped JSON under a key named by what the counts depend on (see {@link #variant}).
 */
public record SharedCounts(CrawlResult result, Map<String, List<String>> linkedFrom) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON form: the result without its elapsed time (each process prints its own). */
    private record Stored(String startUrl, List<UrlStats> rows, long pagesFetched, long failures, boolean startFailed,
            String stopReason, boolean sitemaps, Set<String> orphans, Map<String, List<String>> linkedFrom) {
    }

    /** What the counts of a crawl depend on beyond the crawl itself, as a key: options of the printing process. */
    public static String variant(String startLabel, String mode, boolean referrers, boolean sitemaps,
            boolean broken) {
        String all = mode + " " + referrers + " " + sitemaps + " " + broken + " " + startLabel;
        return Scripts.sha1(all).substring(0, 16);
    }

    byte[] encode() {
        CrawlResult r = result;
        Stored stored = new Stored(r.startUrl(), r.rows(), r.pagesFetched(), r.failures(), r.startFailed(),
                StopReason.labelOf(r.stopReason()), r.sitemaps(), r.orphans(), linkedFrom);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(JSON.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The stored counts, with this process's own elapsed time. */
    static SharedCounts decode(byte[] bytes, Duration elapsed) {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            Stored s = JSON.readValue(zip.readAllBytes(), Stored.class);
            return new SharedCounts(new CrawlResult(s.startUrl(), s.rows(), s.pagesFetched(), s.failures(), elapsed,
                    s.startFailed(), StopReason.ofLabel(s.stopReason()), s.sitemaps(), s.orphans()), s.linkedFrom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

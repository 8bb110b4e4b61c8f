package dev.qcrawl.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.crawl.Snapshot;
import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.fetch.Politeness;
import dev.qcrawl.fetch.RobotsCache;
import dev.qcrawl.graph.Graph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paused crawl written and read back is the same crawl: every URL, depth, page and link, the jobs, the figures. */
class StateFileTest {
    private record Page(Integer status, String contentType, Outcome error, boolean fetched, int[] targets,
            int[] multiplicity) {
    }

    @TempDir
    Path dir;

    @Test
    void aCrawlComesBackAsItWas() throws IOException {
        Random random = new Random(3);
        Outcome[] outcomes = Outcome.values();
        int urlCount = 20_000;
        List<String> urls = new ArrayList<>();
        int[] depths = new int[urlCount];
        Graph graph = new Graph();
        for (int id = 0; id < urlCount; id++) {
            String url = "http://h" + random.nextInt(5) + ".example/" + (id % 7 == 0 ? "é/ü?q=" : "p/") + id;
            urls.add(url);
            graph.intern(url);
            depths[id] = random.nextInt(10) == 0 ? Graph.UNREACHED : 1 + random.nextInt(30);
            if (depths[id] != Graph.UNREACHED) {
                graph.reach(id, depths[id]);
            }
        }
        List<Page> pages = new ArrayList<>();
        int[] pageOf = new int[urlCount];
        java.util.Arrays.fill(pageOf, Graph.NO_PAGE);
        for (int id = 0; id < urlCount; id++) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            if (!pages.isEmpty() && random.nextInt(20) == 0) {
                pageOf[id] = random.nextInt(pages.size()); // a redirect's target and the URL loaded as: one page
            } else {
                int n = random.nextInt(15);
                Page page = new Page(random.nextInt(5) == 0 ? null : 100 + random.nextInt(500),
                        random.nextInt(4) == 0 ? null : "text/t" + random.nextInt(9),
                        random.nextInt(6) == 0 ? outcomes[random.nextInt(outcomes.length)] : null,
                        random.nextBoolean(), random.ints(n, 0, urlCount).distinct().toArray(), null);
                int[] multiplicity = random.ints(page.targets().length, 1, 4).toArray();
                page = new Page(page.status(), page.contentType(), page.error(), page.fetched(), page.targets(),
                        multiplicity);
                pageOf[id] = graph.addPage(page.status(), page.contentType(), page.error(), page.fetched(),
                        page.targets(), multiplicity, page.targets().length);
                pages.add(page);
            }
            graph.setPage(id, pageOf[id]);
        }
        long[] jobs = random.longs(5_000).map(l -> Snapshot.job((int) (Math.abs(l) % urlCount), 1 + (int) (l & 7)))
                .toArray();
        Politeness politeness = new Politeness(List.of(
                new HostPolicy.Host("http://h1.example", 3, false, 12_000_000L, 2_000_000_000L, 1_500_000_000L),
                new HostPolicy.Host("https://h2.example:8443", 16, true, 0, 0, 0)), List.of(
                new RobotsCache.Loaded("http://h1.example", "http://h1.example/robots.txt", new RobotsCache.Robots(
                        200, "User-agent: *\nCrawl-delay: 2\n".getBytes(StandardCharsets.UTF_8), "text/plain")),
                new RobotsCache.Loaded("https://h2.example:8443", "https://h2.example:8443/robots.txt",
                        new RobotsCache.Robots(-1, null, null))));
        Snapshot written = new Snapshot(graph, jobs, List.of("http://h1.example/s", "http://h2.example/t"), 12,
                13_456, 78, Duration.ofMillis(98_765), politeness);
        Path file = Files.createFile(dir.resolve("state.bin"));
        StateFile.write(written, file);

        Snapshot read = StateFile.read(file);
        // What politeness knew comes back, each host's wait shortened by the time the file waited (at most all).
        List<HostPolicy.Host> hosts = read.politeness().hosts();
        assertEquals(2, hosts.size());
        for (int i = 0; i < 2; i++) {
            HostPolicy.Host w = politeness.hosts().get(i);
            HostPolicy.Host r = hosts.get(i);
            assertEquals(new HostPolicy.Host(w.host(), w.limit(), w.doubling(), w.usualNanos(), w.hostDelayNanos(),
                    r.waitNanos()), r);
            assertTrue(r.waitNanos() >= 0 && r.waitNanos() <= w.waitNanos(), r.toString());
        }
        List<RobotsCache.Loaded> robots = read.politeness().robots();
        assertEquals(2, robots.size());
        for (int i = 0; i < 2; i++) {
            RobotsCache.Loaded w = politeness.robots().get(i);
            RobotsCache.Loaded r = robots.get(i);
            assertEquals(List.of(w.origin(), w.robotsUrl(), w.robots().status()),
                    List.of(r.origin(), r.robotsUrl(), r.robots().status()));
            assertArrayEquals(w.robots().body(), r.robots().body());
            assertEquals(w.robots().contentType(), r.robots().contentType());
        }
        Graph g = read.graph();
        assertEquals(urlCount, g.size());
        assertEquals(pages.size(), g.pages());
        for (int id = 0; id < urlCount; id++) {
            assertEquals(urls.get(id), g.url(id));
            assertEquals(id, g.find(urls.get(id)));
            assertEquals(depths[id], g.depth(id), urls.get(id));
            assertEquals(pageOf[id], g.page(id), urls.get(id));
        }
        for (int p = 0; p < pages.size(); p++) {
            Page page = pages.get(p);
            assertEquals(page.status(), g.status(p));
            assertEquals(page.contentType(), g.contentType(p));
            assertEquals(page.error(), g.error(p));
            assertEquals(page.fetched(), g.fetched(p));
            List<int[]> links = new ArrayList<>();
            g.links(p, (target, m) -> links.add(new int[] {target, m}));
            assertEquals(page.targets().length, links.size());
            for (int i = 0; i < links.size(); i++) {
                assertArrayEquals(new int[] {page.targets()[i], page.multiplicity()[i]}, links.get(i));
            }
        }
        assertArrayEquals(jobs, read.jobs());
        assertEquals(written.roots(), read.roots());
        assertEquals(12, read.maxDepth());
        assertEquals(13_456, read.pagesFetched());
        assertEquals(78, read.failures());
        assertTrue(read.elapsed().compareTo(Duration.ofMillis(98_765)) >= 0, "the time so far, and since the write");
    }

    @Test
    void aFileCutShortOrOfAnotherKindIsRefused() throws IOException {
        Graph graph = new Graph();
        graph.reach(graph.intern("http://h/"), 1);
        Path file = Files.createFile(dir.resolve("state.bin"));
        StateFile.write(new Snapshot(graph, new long[] {Snapshot.job(0, 1)}, List.of(), 3, 1, 0, Duration.ZERO,
                Politeness.NONE), file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertThrows(IOException.class, () -> StateFile.read(file));
        Files.writeString(file, "not a crawl");
        assertThrows(IOException.class, () -> StateFile.read(file));
    }
}

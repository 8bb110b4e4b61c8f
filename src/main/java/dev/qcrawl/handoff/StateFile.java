package dev.qcrawl.handoff;

import dev.qcrawl.crawl.Snapshot;
import dev.qcrawl.fetch.HostPolicy;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.fetch.Politeness;
import dev.qcrawl.fetch.RobotsCache;
import dev.qcrawl.graph.Graph;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A paused crawl ({@link Snapshot}) in a file, for the JVM that goes on with it: each URL once (in id order, so
 * ids mean the same on both sides) with its depth and page, each page with its response and its links by id, the
 * jobs queued, the figures (the crawl's time so far counts the time the file waited to be read), and what the
 * crawl's politeness knows (each host's wait shortened by that time too). Written and read
 * through the graph's own methods, so the file does not depend on how the graph lays itself out in memory. Only for
 * the two JVMs of one crawl, with the same jar: a file of another version is refused.
 */
public final class StateFile {
    private static final String MAGIC = "qcrawl-state";
    private static final int VERSION = 2;
    private static final Outcome[] OUTCOMES = Outcome.values();

    private StateFile() {
    }

    /** Writes {@code snapshot} to {@code file}, which must exist (made by its writer, readable by it alone). */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        Graph graph = snapshot.graph();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(OUTCOMES.length);
            out.writeInt(snapshot.maxDepth());
            out.writeLong(snapshot.pagesFetched());
            out.writeLong(snapshot.failures());
            out.writeLong(snapshot.elapsed().toNanos());
            out.writeLong(System.currentTimeMillis()); // the move's own time counts in the crawl's
            out.writeInt(snapshot.roots().size());
            for (String root : snapshot.roots()) {
                string(out, root);
            }
            int urls = graph.size();
            out.writeInt(urls);
            for (int id = 0; id < urls; id++) {
                string(out, graph.url(id));
                out.writeInt(graph.depth(id));
                out.writeInt(graph.page(id));
            }
            int pages = graph.pages();
            out.writeInt(pages);
            for (int p = 0; p < pages; p++) {
                Integer status = graph.status(p);
                out.writeInt(status == null ? -1 : status);
                String contentType = graph.contentType(p);
                out.writeBoolean(contentType != null);
                if (contentType != null) {
                    string(out, contentType);
                }
                Outcome error = graph.error(p);
                out.writeByte(error == null ? -1 : error.ordinal());
                out.writeBoolean(graph.fetched(p));
                out.writeInt(graph.linkCount(p));
                IOException[] failed = {null};
                graph.links(p, (target, multiplicity) -> {
                    try {
                        out.writeInt(target);
                        out.writeInt(multiplicity);
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            long[] jobs = snapshot.jobs();
            out.writeInt(jobs.length);
            for (long job : jobs) {
                out.writeLong(job);
            }
            Politeness politeness = snapshot.politeness();
            out.writeInt(politeness.hosts().size());
            for (HostPolicy.Host h : politeness.hosts()) {
                string(out, h.host());
                out.writeInt(h.limit());
                out.writeBoolean(h.doubling());
                out.writeLong(h.usualNanos());
                out.writeLong(h.hostDelayNanos());
                out.writeLong(h.waitNanos());
            }
            out.writeInt(politeness.robots().size());
            for (RobotsCache.Loaded l : politeness.robots()) {
                string(out, l.origin());
                string(out, l.robotsUrl());
                out.writeInt(l.robots().status());
                out.writeBoolean(l.robots().body() != null);
                if (l.robots().body() != null) {
                    out.writeInt(l.robots().body().length);
                    out.write(l.robots().body());
                }
                out.writeBoolean(l.robots().contentType() != null);
                if (l.robots().contentType() != null) {
                    string(out, l.robots().contentType());
                }
            }
            out.writeUTF(MAGIC); // the end: a file cut short is refused
        }
    }

    public static Snapshot read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION || in.readInt() != OUTCOMES.length) {
                throw new IOException("not a crawl state of this version: " + file);
            }
            int maxDepth = in.readInt();
            long fetched = in.readLong();
            long failures = in.readLong();
            Duration elapsed = Duration.ofNanos(in.readLong());
            long waited = Math.max(0, System.currentTimeMillis() - in.readLong());
            elapsed = elapsed.plusMillis(waited);
            int rootCount = in.readInt();
            List<String> roots = new ArrayList<>(rootCount);
            for (int i = 0; i < rootCount; i++) {
                roots.add(string(in));
            }
            Graph graph = new Graph();
            int urls = in.readInt();
            int[] pageOf = new int[urls];
            for (int id = 0; id < urls; id++) {
                if (graph.intern(string(in)) != id) {
                    throw new IOException("a URL appears twice in " + file);
                }
                int depth = in.readInt();
                if (depth != Graph.UNREACHED) {
                    graph.reach(id, depth);
                }
                pageOf[id] = in.readInt();
            }
            int pages = in.readInt();
            for (int p = 0; p < pages; p++) {
                int status = in.readInt();
                String contentType = in.readBoolean() ? string(in) : null;
                int error = in.readByte();
                boolean wasFetched = in.readBoolean();
                int n = in.readInt();
                int[] targets = new int[n];
                int[] multiplicity = new int[n];
                for (int i = 0; i < n; i++) {
                    targets[i] = in.readInt();
                    multiplicity[i] = in.readInt();
                }
                graph.addPage(status < 0 ? null : status, contentType, error < 0 ? null : OUTCOMES[error],
                        wasFetched, targets, multiplicity, n);
            }
            for (int id = 0; id < urls; id++) {
                if (pageOf[id] != Graph.NO_PAGE) {
                    graph.setPage(id, pageOf[id]);
                }
            }
            int jobCount = in.readInt();
            long[] jobs = new long[jobCount];
            for (int i = 0; i < jobCount; i++) {
                jobs[i] = in.readLong();
            }
            int hostCount = in.readInt();
            List<HostPolicy.Host> hosts = new ArrayList<>(hostCount);
            for (int i = 0; i < hostCount; i++) {
                hosts.add(new HostPolicy.Host(string(in), in.readInt(), in.readBoolean(), in.readLong(),
                        in.readLong(), in.readLong()));
            }
            int robotsCount = in.readInt();
            List<RobotsCache.Loaded> robots = new ArrayList<>(robotsCount);
            for (int i = 0; i < robotsCount; i++) {
                String origin = string(in);
                String robotsUrl = string(in);
                int status = in.readInt();
                byte[] body = null;
                if (in.readBoolean()) {
                    body = new byte[in.readInt()];
                    in.readFully(body);
                }
                String contentType = in.readBoolean() ? string(in) : null;
                robots.add(new RobotsCache.Loaded(origin, robotsUrl, new RobotsCache.Robots(status, body, contentType)));
            }
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("crawl state cut short: " + file);
            }
            return new Snapshot(graph, jobs, List.copyOf(roots), maxDepth, fetched, failures, elapsed,
                    new Politeness(hosts, robots).later(waited * 1_000_000L));
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package dev.qcrawl.serve;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A folder served over HTTP on an ephemeral loopback port by the JDK's {@link SimpleFileServer}, for
 * {@code --serve DIR}: the crawl's own local site, stopped when the crawl ends.
 */
public final class StaticSite implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StaticSite(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code root}.
     *
     * @throws IllegalArgumentException if {@code root} is not a readable directory
     */
    public static StaticSite serve(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--serve: not a directory: " + root);
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new IllegalArgumentException("--serve: directory is not readable: " + root);
        }
        HttpServer server = SimpleFileServer.createFileServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir, SimpleFileServer.OutputLevel.NONE);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new StaticSite(server, executor);
    }

    /** Loads the file server's classes ahead of time (no socket is opened). */
    public static void warmUp() {
        SimpleFileServer.createFileHandler(Path.of("").toAbsolutePath());
        java.net.URLConnection.getFileNameMap().getContentTypeFor("index.html"); // the MIME table it serves with
        try {
            HttpServer.create(); // unbound: loads the server's classes, opens no socket
        } catch (IOException e) {
            // nothing to warm
        }
    }

    /**
     * Loads the locale data behind the Date header of every response (day, month and zone names): the slowest
     * part of the server's first response, about 50 ms when done on the critical path.
     */
    public static void warmUpDates() {
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US).withZone(ZoneId.of("GMT"))
                .format(Instant.now());
    }

    /** The root URL, e.g. {@code http://127.0.0.1:41234/}. */
    public String rootUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}

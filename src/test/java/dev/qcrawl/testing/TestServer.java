package dev.qcrawl.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback ephemeral port for tests: routes are handlers by exact path (query
 * included); it counts the requests per path and the most requests in flight at once.
 */
public final class TestServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Handler before = exchange -> {
    };
    private volatile Handler fallback = exchange -> respond(exchange, 404, "text/html", "<a href=\"/nowhere\">404</a>");

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            before.handle(exchange);
            routes.getOrDefault(key, fallback).handle(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away; nothing to do
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    public TestServer route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** {@code path} answers {@code status} (a 3xx) with {@code Location: location} and an empty body. */
    public TestServer redirect(String path, int status, String location) {
        return route(path, ex -> {
            ex.getResponseHeaders().set("Location", location);
            respond(ex, status, "text/html", "");
        });
    }

    public TestServer page(String path, String html) {
        return route(path, ex -> respond(ex, 200, "text/html; charset=utf-8", html));
    }

    /** Runs before every request's own handler (to hold or count requests); it must not answer. */
    public TestServer before(Handler handler) {
        this.before = handler;
        return this;
    }

    public TestServer fallback(Handler handler) {
        this.fallback = handler;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public Map<String, AtomicInteger> allHits() {
        return hits;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

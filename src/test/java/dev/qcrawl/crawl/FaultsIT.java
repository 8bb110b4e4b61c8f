package dev.qcrawl.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Servers that misbehave: nothing counted is lost, and no crawl hangs. */
class FaultsIT {

    /** A raw socket server that runs {@code behaviour} on every connection. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = new ArrayList<>();
        final Thread acceptor;

        interface Behaviour {
            void serve(Socket client) throws IOException, InterruptedException;
        }

        RawServer(Behaviour behaviour) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        synchronized (accepted) {
                            accepted.add(client);
                        }
                        Thread.ofVirtual().start(() -> {
                            try {
                                behaviour.serve(client);
                            } catch (IOException | InterruptedException e) {
                                // the test decides how the connection ends
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** The CSV row of the URL whose path is {@code path}. */
    private static String row(Cli.Run run, String path) {
        return run.lines().stream().map(String::strip)
                .filter(l -> l.replace("\"", "").split(",")[0].matches("http://[^/]+" + java.util.regex.Pattern.quote(path)))
                .findFirst().orElse("");
    }

    /** A chunked body that never ends (until the client goes away). */
    private static void writeChunksForever(OutputStream out, byte[] chunk) throws IOException {
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            out.write(head);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Reads a request's head; returns its first line (null if the client sent none). */
    private static String requestLine(Socket client) throws IOException {
        java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        String requestLine = in.readLine();
        while (true) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                return requestLine;
            }
        }
    }

    /** Writes a 200 response of {@code contentType} with {@code body}, and its Content-Length. */
    private static void ok(Socket client, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void readRequest(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' || b == '\n') ? state + 1 : 0;
        }
    }

    @Test
    void aServerThatNeverAnswersIsBoundedByTheTimeout() throws Exception {
        try (RawServer silent = new RawServer(client -> Thread.sleep(60_000))) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Cli.run("-q", "--timeout", "1s", "--retries", "0", "--ignore-robots", silent.url("/")));
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(List.of("  1 " + silent.url("/")), run.lines());
            assertTrue(run.err().contains("timeout"), run.err());
        }
    }

    /**
     * A host that stops answering mid-crawl (after its first page, nothing more) is given up: four URLs in a row get
     * no answer, then a request for the page it answered before gets none either, and its other URLs end as
     * {@code given-up} without a request (the four keep their {@code timeout}). Before, one worker took each URL's two timeouts in turn (24
     * requests here; about 17 hours for 1,000 URLs at the default --timeout).
     */
    @Test
    void aHostThatStopsAnsweringIsGivenUp() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hung = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            page.append("<a href='/p").append(i).append("'>p</a>");
        }
        try (RawServer server = new RawServer(client -> {
            String requestLine = requestLine(client);
            while (requestLine != null && requestLine.startsWith("GET / ") && served.compareAndSet(false, true)) {
                ok(client, "text/html", page.toString());
                requestLine = requestLine(client); // the kept-alive connection's next request, if any
            }
            if (requestLine != null) {
                hung.incrementAndGet();
                Thread.sleep(60_000);
            }
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> dev.qcrawl.testing.Jar.run("-d", "2", "-w", "1", "--timeout", "1s", "--ignore-robots",
                            "--format", "csv", server.url("/")));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().filter(l -> l.contains("gave no answer to 4 URLs in a row")).count(),
                    "one line says so: " + run.err());
            // p0-p2 tried twice each, p3 once: its retry finds the host silent, and the page it answered is asked for.
            assertEquals(8, hung.get(), "requests that got no answer");
            for (int i = 0; i < 12; i++) {
                assertTrue(row(run, "/p" + i).contains(i < 4 ? ",,timeout," : ",,given-up,"), run.out());
            }
        }
    }

    /**
     * Sitemaps read before the start URL can give its host up (robots.txt answered, then nothing did): the start URL
     * is then not fetched at all, which is exit 1 with a line saying why, as any start URL that got no answer.
     * Before, the crawl exited 0 having read nothing.
     */
    @Test
    void aStartUrlWhoseHostWasGivenUpIsExitOne() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean served = new java.util.concurrent.atomic.AtomicBoolean();
        try (RawServer server = new RawServer(client -> {
            String requestLine = requestLine(client);
            if (requestLine != null && requestLine.startsWith("GET /robots.txt ") && served.compareAndSet(false, true)) {
                String base = "http://127.0.0.1:" + client.getLocalPort();
                StringBuilder robots = new StringBuilder("User-agent: *\nAllow: /\n");
                for (int i = 0; i < 5; i++) {
                    robots.append("Sitemap: ").append(base).append("/s").append(i).append(".xml\n");
                }
                ok(client, "text/plain", robots.toString());
                client.close();
                return;
            }
            Thread.sleep(60_000);
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> Cli.run("-q", "--sitemaps", "-w", "1", "--timeout", "1s", server.url("/")));
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("could not fetch the start URL " + server.url("/") + ": given-up"),
                    run.err());
        }
    }

    /**
     * A healthy host with a few URLs that hang is not given up, even with one request at a time: after four such
     * URLs in a row, a request for a page it answered before gets its answer, and the crawl goes on.
     */
    @Test
    void aHostWithSomeUrlsThatHangIsNotGivenUp() throws Exception {
        StringBuilder root = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            root.append("<a href='/hang").append(i).append("'>h</a>");
        }
        for (int i = 0; i < 6; i++) {
            root.append("<a href='/ok").append(i).append("'>o</a>");
        }
        try (RawServer server = new RawServer(client -> {
            String requestLine = requestLine(client);
            while (requestLine != null && !requestLine.startsWith("GET /hang")) {
                ok(client, "text/html", requestLine.startsWith("GET / ") ? root.toString() : "<p>ok</p>");
                requestLine = requestLine(client);
            }
            if (requestLine != null) {
                Thread.sleep(60_000);
            }
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> Cli.run("-q", "-d", "2", "-w", "1", "--timeout", "1s", "--ignore-robots", "--format",
                            "csv", server.url("/")));
            assertEquals(0, run.exitCode(), run.err());
            for (int i = 0; i < 6; i++) {
                assertTrue(row(run, "/hang" + i).contains(",,timeout,"), run.out());
                assertTrue(row(run, "/ok" + i).contains(",200,"), run.out());
            }
        }
    }

    @Test
    void aConnectionClosedMidBodyIsAFailureNotAHang() throws Exception {
        try (RawServer cut = new RawServer(client -> {
            readRequest(client);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
                    + "<a href='/x'>x</a>").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            client.close();
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Cli.run("-q", "--retries", "0", "--ignore-robots", cut.url("/")));
            assertEquals(List.of("  1 " + cut.url("/")), run.lines());
        }
    }

    @Test
    void aBodyThatStallsAfterItsHeadIsATimeoutAndNotRetried() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (RawServer stalling = new RawServer(client -> {
            readRequest(client);
            requests.incrementAndGet();
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
                    + "<a href='/x'>x</a>").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(60_000);
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Cli.run("-q", "--timeout", "1s", "--retries", "2", "--ignore-robots", "--format", "csv",
                            stalling.url("/")));
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(row(run, "/").endsWith(",1,,1,,timeout,"), run.out());
            assertEquals(1, requests.get(), "a response that started is not asked for again");
        }
    }

    /**
     * A body qcrawl does not want (an image's, a redirect's), drained only to reuse the connection, that stalls: the
     * response stands (the image is fine, the redirect is followed); only the connection is dropped. Before, both
     * became 'timeout'.
     */
    @Test
    void aStalledBodyThatIsNotWantedLeavesItsResponseStanding() throws Exception {
        try (RawServer server = new RawServer(client -> {
            String requestLine = requestLine(client);
            OutputStream out = client.getOutputStream();
            String head;
            String body;
            if (requestLine.startsWith("GET /img.png ")) {
                head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\n";
                body = "0123456789"; // 10 of 100 bytes, then nothing
            } else if (requestLine.startsWith("GET /moved ")) {
                head = "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 50\r\n\r\n";
                body = "moved";
            } else {
                String page = requestLine.startsWith("GET / ") ? "<a href='/moved'>m</a><img src='/img.png'>"
                        : requestLine.startsWith("GET /ok ") ? "<p>ok</p>" : null;
                String status = page == null ? "404 Not Found" : "200 OK";
                page = page == null ? "" : page;
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/html\r\nContent-Length: " + page.length()
                        + "\r\nConnection: close\r\n\r\n" + page).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                client.close();
                return;
            }
            out.write((head + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(60_000);
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.run("-q", "--timeout", "1s", "--retries", "0", "--ignore-robots", "-d", "3",
                            "--check", "--unique", "--format", "csv", server.url("/")));
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(row(run, "/img.png").contains(",1,200,2,image/png,,"), run.out());
            // followed to /ok: the redirect's row has the page it led to (its 200, no error)
            assertTrue(row(run, "/moved").contains(",1,200,2,text/html,,"), run.out());
        }
    }

    @Test
    void anEndlessBodyThatIsNotHtmlIsNotRead() throws Exception {
        try (RawServer server = new RawServer(client -> {
            String requestLine = requestLine(client);
            OutputStream out = client.getOutputStream();
            if (requestLine.startsWith("GET / ")) {
                byte[] page = "<a href='/big.bin'>big</a><a href='/gone'>gone</a>".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + page.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(page);
                out.flush();
                client.close();
                return;
            }
            String status = requestLine.startsWith("GET /gone ") ? "404 Not Found" : "200 OK";
            out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunksForever(out, new byte[8192]);
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.run("-q", "-d", "2", "--ignore-robots", "--format", "csv", server.url("/")));
            assertTrue(row(run, "/big.bin").contains(",200,2,application/octet-stream,,"), run.out());
            assertTrue(row(run, "/gone").contains(",404,2,application/octet-stream,,"), run.out());
        }
    }

    @Test
    void anEndlessChunkedPageIsCutAtMaxBodyAndParsed() throws Exception {
        try (RawServer endless = new RawServer(client -> {
            readRequest(client);
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            writeChunksForever(out, "<a href='/more'>more</a>\n".repeat(40).getBytes(StandardCharsets.US_ASCII));
        })) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.run("-q", "-d", "1", "--max-body", "256k", "--ignore-robots", "--format", "csv",
                            endless.url("/")));
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("too-large"), run.out());
            assertTrue(run.out().contains(endless.url("/more")), run.out());
        }
    }

    @Test
    void aServerThatDiesDuringTheCrawlLeavesEveryCountInPlace() throws Exception {
        TestServer server = new TestServer();
        String root = server.url("/");
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            links.append("<a href='/p").append(i).append("'>p</a>");
        }
        server.page("/", links.toString());
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        server.fallback(ex -> {
            if (dead.get()) {
                // A request that came on a kept-alive connection before the server was gone gets no answer either.
                ex.close();
                return;
            }
            if (ex.getRequestURI().getPath().equals("/p10")) {
                dead.set(true);
            }
            TestServer.respond(ex, 200, "text/html", "<a href='/deeper'>d</a>");
            if (dead.get()) {
                server.close(); // the server goes away mid-crawl, once /p10 is answered
            }
        });
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Cli.run("-q", "-d", "2", "-w", "1", "--retries", "0", "--format", "csv", root));
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.lines().subList(1, run.lines().size()).stream().map(r -> r.replace("\"", "")).toList();
        // Every link of the root page is counted whether or not its fetch succeeded ...
        assertEquals(22, rows.size(), run.out());
        // ... and the pages after /p10 (one worker, in order) found no server: their rows say so.
        for (int i = 11; i < 20; i++) {
            String url = server.url("/p" + i);
            String row = rows.stream().filter(r -> r.startsWith(url + ",")).findFirst().orElseThrow();
            assertTrue(row.contains(",refused,") || row.contains(",reset,"), row);
        }
        assertTrue(rows.stream().anyMatch(r -> r.startsWith(server.url("/p10") + ",1,200,")), run.out());
    }

    @Test
    void aPageWith100000LinksIsCountedExactly() throws Exception {
        try (TestServer server = new TestServer()) {
            StringBuilder html = new StringBuilder();
            for (int i = 0; i < 100_000; i++) {
                html.append("<a href='/l").append(i % 50_000).append("'>x</a>\n");
            }
            server.page("/", html.toString());
            Cli.Run run = Cli.run("-q", "-d", "1", server.url("/"));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(50_001, run.lines().size());
            assertEquals("  2 " + server.url("/l0"), run.lines().get(0));
        }
    }

    @Test
    void aChainOf10000LinksIsFollowedToTheEnd() throws Exception {
        try (TestServer server = new TestServer()) {
            server.fallback(ex -> {
                int n = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
                TestServer.respond(ex, 200, "text/html", "<a href='/c/" + (n + 1) + "'>next</a>");
            });
            Cli.Run unique = Cli.run("-q", "--unique", "-d", "10000", "-w", "4", server.url("/c/1"));
            assertEquals(0, unique.exitCode(), unique.err());
            assertEquals(10_001, unique.lines().size());
            Cli.Run walk = Cli.run("-q", "-d", "10000", "-w", "4", server.url("/c/1"));
            assertEquals(unique.out(), walk.out());
        }
    }

    @Test
    void aChainOf100RedirectsStopsAtMaxRedirects() throws Exception {
        try (TestServer server = new TestServer()) {
            server.fallback(ex -> {
                int n = Integer.parseInt(ex.getRequestURI().getPath().substring(3));
                ex.getResponseHeaders().set("Location", "/r/" + (n + 1));
                TestServer.respond(ex, 302, "text/html", "");
            });
            Cli.Run run = Cli.run("-q", "--format", "jsonl", "--max-redirects", "10", server.url("/r/1"));
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.out().contains("\"error\":\"too-many-redirects\""), run.out());
            assertEquals(11, server.allHits().keySet().stream().filter(p -> p.startsWith("/r/")).count());
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130, interrupted", "TERM, 143, terminated"})
    void aStopSignalPrintsTheCountsSoFarAndExitsWithItsCode(String signal, int exitCode, String word)
            throws Exception {
        try (TestServer server = new TestServer()) {
            StringBuilder links = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                links.append("<a href='/s").append(i).append("'>s</a>");
            }
            server.page("/", links.toString());
            server.route("/robots.txt", ex -> TestServer.respond(ex, 404, "text/plain", ""));
            CountDownLatch slowPageReached = new CountDownLatch(1);
            server.fallback(ex -> {
                slowPageReached.countDown();
                new CountDownLatch(1).await(30, TimeUnit.SECONDS); // held: the crawl is still running at the signal
                TestServer.respond(ex, 200, "text/html", "x");
            });
            Process p = Jar.builder("-q", "-w", "4", server.url("/")).redirectErrorStream(false).start();
            assertTrue(slowPageReached.await(20, TimeUnit.SECONDS), "the crawl never reached the slow pages");
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
            // A hang guard, not a timing assertion: the slow pages would hold it for 30 s.
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "qcrawl must end on SIG" + signal);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(exitCode, p.exitValue(), err);
            assertTrue(out.contains("  1 " + server.url("/") + "\n"), out);
            assertEquals(51, out.lines().count(), "the root and its 50 links were counted: " + out);
            assertTrue(err.contains(word), err);
        }
    }
}

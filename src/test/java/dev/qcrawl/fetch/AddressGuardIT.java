package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.qcrawl.testing.Cli;
import dev.qcrawl.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --exclude-private} judged on the address connected to. Every test address is loopback, so the real rule
 * refuses them all; to see a redirect refused on its way, a guard that refuses only 127.0.0.2 (another loopback
 * address, with its own server) lets the first hop on 127.0.0.1 through.
 */
class AddressGuardIT {
    private static TestServer site;
    private static HttpServer second;
    private static final AtomicInteger secondHits = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        second = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 10);
        second.createContext("/", ex -> {
            secondHits.incrementAndGet();
            TestServer.respond(ex, 200, "text/html", "<p>private");
            ex.close();
        });
        second.start();
        site = new TestServer();
        site.page("/", "<a href='/go'>go</a>");
        site.route("/go", ex -> {
            ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + second.getAddress().getPort() + "/");
            TestServer.respond(ex, 302, "text/html", "");
        });
        site.route("/by-name", ex -> {
            ex.getResponseHeaders().set("Location", "http://localhost:" + second.getAddress().getPort() + "/");
            TestServer.respond(ex, 302, "text/html", "");
        });
    }

    @AfterAll
    static void stop() {
        site.close();
        second.stop(0);
    }

    private static FetchResult fetch(AddressGuard guard, String url) throws InterruptedException {
        FetchSettings d = FetchSettings.defaults("test");
        FetchSettings noRobots = new FetchSettings(d.userAgent(), d.connectTimeout(), d.timeout(), d.retry(),
                d.maxRedirects(), d.maxBody(), false, d.perHost(), d.delay(), d.maxCrawlDelay());
        try (Fetcher fetcher = new Fetcher(noRobots, Ticker.SYSTEM, new HostPolicy(8, d.delay(), Ticker.SYSTEM),
                OriginHeaders.NONE, guard)) {
            return fetcher.fetch(URI.create(url), new Fetcher.Guide() {
                @Override
                public Outcome admit(URI target) {
                    return null;
                }

                @Override
                public boolean known(URI target) {
                    return false;
                }

                @Override
                public boolean startPage() {
                    return true;
                }
            });
        }
    }

    @Test
    void aRedirectToARefusedAddressIsRefusedBeforeConnecting() throws Exception {
        int before = secondHits.get();
        AddressGuard guard = new AddressGuard(a -> a.getHostAddress().equals("127.0.0.2"));
        FetchResult result = fetch(guard, site.url("/go"));
        FetchResult.Failed failed = assertInstanceOf(FetchResult.Failed.class, result);
        assertEquals(Outcome.PRIVATE, failed.outcome());
        assertEquals(before, secondHits.get(), "nothing reached the refused address");
        // Without the guard the same redirect is followed to the page (the test can fail).
        assertInstanceOf(FetchResult.Page.class, fetch(AddressGuard.OPEN, site.url("/go")));
        assertEquals(before + 1, secondHits.get());
    }

    @Test
    void aNameThatResolvesToRefusedAddressesIsRefused() throws Exception {
        int before = secondHits.get();
        // localhost resolves to 127.0.0.1 (and ::1): a guard refusing loopback refuses the name, by its addresses.
        AddressGuard guard = new AddressGuard(InetAddress::isLoopbackAddress);
        FetchResult result = fetch(guard, "http://localhost:" + second.getAddress().getPort() + "/");
        assertEquals(Outcome.PRIVATE, assertInstanceOf(FetchResult.Failed.class, result).outcome());
        assertEquals(before, secondHits.get());
    }

    /**
     * The lookup itself: while a guard is active, a name whose addresses are all refused does not resolve, so no
     * connection can be made to it, whatever checked it before. The JDK answers "localhost" itself, without the
     * resolver (the check before each request covers it), so the name here is the machine's own, read from the
     * kernel rather than looked up (a lookup would be cached), where it resolves to loopback only (in
     * /etc/hosts, as on most machines and containers); elsewhere the test is skipped.
     */
    @Test
    void theNameLookupItselfLeavesRefusedAddressesOutWhileAGuardIsActive() throws Exception {
        String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        AddressGuard guard = new AddressGuard(InetAddress::isLoopbackAddress);
        guard.install();
        try {
            InetAddress[] found = InetAddress.getAllByName(name);
            for (InetAddress a : found) {
                assertTrue(!a.isLoopbackAddress(), "a refused address came through: " + a);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, name + " resolves to other addresses here");
        } catch (java.net.UnknownHostException e) {
            assertTrue(guard.refuses(name), "the lookup failed because the guard refused every address: " + e);
        } finally {
            guard.release();
        }
    }

    @Test
    void excludePrivateRefusesTheLoopbackStartUrlWithExitCode1AndNoRequest() {
        int before = site.allHits().values().stream().mapToInt(AtomicInteger::get).sum();
        for (String start : new String[] {site.url("/"), "http://localhost:" + site.port() + "/",
            "http://[::ffff:127.0.0.1]:" + site.port() + "/"}) {
            Cli.Run run = Cli.run("-q", "--exclude-private", start);
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("private"), run.err());
        }
        assertEquals(before, site.allHits().values().stream().mapToInt(AtomicInteger::get).sum());
        assertEquals(0, Cli.run("-q", site.url("/")).exitCode(), "and without the option, it is crawled");
    }
}

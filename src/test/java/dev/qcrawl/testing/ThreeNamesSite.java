package dev.qcrawl.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A page reached at once under three names: {@code /} links {@code /r1}, {@code /r2} (both 301 to {@code /t}) and
 * {@code /t}, which links {@code /c}. The first request for {@code /t} is held until both redirects were answered,
 * then until a second request for it comes (what a crawl that loads it twice sends) or two seconds pass: nothing
 * else the server sees tells that the redirects' loads wait for the page's. Each crawl starts with {@link #reset}.
 */
public final class ThreeNamesSite {
    private final TestServer server;
    private volatile CountDownLatch redirected;
    private volatile CountDownLatch again;
    private final AtomicBoolean first = new AtomicBoolean();

    /** Serves the site on {@code server}. */
    public ThreeNamesSite(TestServer server) {
        this.server = server;
        reset();
        server.page("/", "<a href='/r1'>1</a><a href='/r2'>2</a><a href='/t'>t</a>");
        for (String from : new String[] {"/r1", "/r2"}) {
            server.route(from, ex -> {
                ex.getResponseHeaders().set("Location", "/t");
                TestServer.respond(ex, 301, "text/html", "");
                redirected.countDown();
            });
        }
        server.route("/t", ex -> {
            if (first.compareAndSet(false, true)) {
                redirected.await(10, TimeUnit.SECONDS);
                again.await(2, TimeUnit.SECONDS);
            } else {
                again.countDown();
            }
            TestServer.respond(ex, 200, "text/html", "<a href='/c'>c</a>");
        });
        server.page("/c", "<p>c</p>");
    }

    /** Before a crawl: the server's counts cleared, /t to be held again. */
    public void reset() {
        server.allHits().clear();
        redirected = new CountDownLatch(2);
        again = new CountDownLatch(1);
        first.set(false);
    }

    /** Whether both redirects were answered (while /t was held, as it is until then). */
    public boolean bothRedirectsAnswered() {
        return redirected.getCount() == 0;
    }

    /** The --unique counts, written out by hand: every URL is linked once, and the page's link to /c counts once. */
    public List<String> uniqueCounts() {
        return List.of("  1 " + server.url("/"), "  1 " + server.url("/c"), "  1 " + server.url("/r1"),
                "  1 " + server.url("/r2"), "  1 " + server.url("/t"));
    }
}

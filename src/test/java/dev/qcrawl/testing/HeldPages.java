package dev.qcrawl.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pages for counting requests in flight, counted on the server rather than timed: {@code /} links to {@code pages}
 * pages {@code /p0}, {@code /p1}, ..., each held until {@code target} requests are in flight at once (then all pass;
 * 20 s is a hang guard). A client that let more through than its limit would be seen holding more.
 */
public final class HeldPages {
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final CountDownLatch full = new CountDownLatch(1);

    /** Serves the pages on {@code server}. */
    public HeldPages(TestServer server, int pages, int target) {
        StringBuilder root = new StringBuilder();
        for (int i = 0; i < pages; i++) {
            root.append("<a href='/p").append(i).append("'>p</a>");
            server.route("/p" + i, ex -> {
                int now = holding.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                if (now >= target) {
                    full.countDown();
                }
                full.await(20, TimeUnit.SECONDS);
                holding.decrementAndGet();
                TestServer.respond(ex, 200, "text/html", "<p>x</p>");
            });
        }
        server.page("/", root.toString());
    }

    /** Whether {@code target} requests were in flight at once. */
    public boolean reachedTarget() {
        return full.getCount() == 0;
    }

    /** The most requests in flight at once. */
    public int most() {
        return most.get();
    }
}

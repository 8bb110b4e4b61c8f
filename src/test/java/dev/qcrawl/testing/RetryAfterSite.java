package dev.qcrawl.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A site on {@code server} whose {@code /r} answers its first request 429 with {@code Retry-After: seconds} and then
 * 200, beside pages {@code /p1} to {@code /pN}; it notes how long after the 429 each later request of the server
 * came, on the server's clock and from just before the 429 was sent (a lower bound: the client has it later).
 */
public final class RetryAfterSite {
    private final AtomicInteger told = new AtomicInteger();
    private final AtomicLong toldAt = new AtomicLong();
    private final List<Long> after = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder links = new StringBuilder("<a href='/r'>r</a>");

    public RetryAfterSite(TestServer server, int seconds, int pages) {
        server.before(ex -> {
            long sent = toldAt.get();
            if (sent != 0) {
                after.add(System.nanoTime() - sent);
            }
        });
        server.route("/r", ex -> {
            if (told.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(seconds));
                toldAt.set(System.nanoTime());
                TestServer.respond(ex, 429, "text/html", "slow down");
            } else {
                TestServer.respond(ex, 200, "text/html", "<p>ok</p>");
            }
        });
        for (int i = 1; i <= pages; i++) {
            server.page("/p" + i, "<p>" + i + "</p>");
            links.append("<a href='/p").append(i).append("'>p</a>");
        }
    }

    /** Links to {@code /r} and to every page, for the root page. */
    public String links() {
        return links.toString();
    }

    /** Whether the 429 was sent. */
    public boolean told() {
        return toldAt.get() != 0;
    }

    /** How many nanoseconds after the 429 each later request came. */
    public List<Long> gaps() {
        synchronized (after) {
            return List.copyOf(after);
        }
    }
}

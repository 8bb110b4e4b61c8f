package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qcrawl.testing.Jar;
import dev.qcrawl.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** qcrawl on a real pseudo-terminal ({@code script}), as a user sees it: the status line and log lines. */
class TerminalIT {

    @Test
    void logLinesNeverShareALineWithTheStatusLineAndASummaryEndsIt() throws Exception {
        CountDownLatch statusShown = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = new TestServer()) {
            StringBuilder root = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                root.append("<a href='/held").append(i).append("'>h</a>");
                // These pages are answered only once the status line has been seen on the terminal, so worker
                // lines are logged while it is shown.
                server.route("/held" + i, ex -> {
                    release.await(30, TimeUnit.SECONDS);
                    TestServer.respond(ex, 200, "text/html", "<a href='/leaf'>leaf</a>");
                });
            }
            server.page("/", root.toString());
            server.page("/leaf", "<p>leaf</p>");
            List<String> java = Jar.builder("-w", "2", "-d", "3", server.url("/")).command();
            String command = String.join(" ", java);
            Process p = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), screen, statusShown));
            assertTrue(statusShown.await(30, TimeUnit.SECONDS), "no status line: " + screen);
            release.countDown();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "qcrawl did not finish");
            reader.join();
            assertEquals(0, p.exitValue(), screen.toString(StandardCharsets.UTF_8));
            String out = screen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
            // Each log line begins a line of its own: after a line break, or after the status line was cleared.
            Matcher log = Pattern.compile("(INFO|WARN) \\[Worker").matcher(out);
            int logLines = 0;
            while (log.find()) {
                logLines++;
                int at = log.start();
                boolean own = at == 0 || out.charAt(at - 1) == '\n' || out.startsWith("\r\033[K", at - 4);
                assertTrue(own, "glued to what came before: "
                        + out.substring(Math.max(0, at - 80), at + 20).replace("\033", "ESC").replace("\r", "CR"));
            }
            assertTrue(logLines >= 8, "worker lines were shown: " + out);
            assertTrue(Pattern.compile("\r\033\\[K8 pages fetched, 0 failed, \\d+\\.\\ds\n").matcher(out).find(),
                    "a summary replaces the status line: " + out.replace("\033", "ESC").replace("\r", "CR"));
            assertTrue(out.contains("  6 " + server.url("/leaf")), out);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream screen, CountDownLatch statusShown) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (screen) {
                    screen.write(buffer, 0, n);
                    if (screen.toString(StandardCharsets.UTF_8).contains("pages/s")) {
                        statusShown.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
    }
}

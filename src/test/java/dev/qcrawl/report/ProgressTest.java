package dev.qcrawl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** Counts the flushes of what it writes, so the test can wait for the line to be drawn. */
    private static final class Terminal extends PrintWriter {
        final StringWriter text;
        final CountDownLatch drawn = new CountDownLatch(1);

        Terminal(StringWriter text) {
            super(text);
            this.text = text;
        }

        @Override
        public void flush() {
            super.flush();
            drawn.countDown();
        }
    }

    @Test
    void logLinesArePrintedWholeAboveTheStatusLineAndASummaryReplacesIt() throws Exception {
        PrintStream before = System.err;
        Terminal terminal = new Terminal(new StringWriter());
        Progress progress = Progress.start(terminal, new Progress.Figures(() -> 42, () -> 7, () -> 1));
        try {
            assertTrue(terminal.drawn.await(5, TimeUnit.SECONDS), "the line was not drawn");
            System.err.println("INFO [Worker-1 depth=2 url='http://h/']");
            System.err.print("WARN [Worker-2 ");
            System.err.print("failed at url='http://h/x': reset]\n");
        } finally {
            progress.close();
        }
        assertEquals(before, System.err, "stderr is given back");
        String out = terminal.text.toString();
        // Every log line starts after a cleared line and ends with a line break; none is glued to a status line.
        assertTrue(out.contains("\r\033[KINFO [Worker-1 depth=2 url='http://h/']\n42 fetched, 7 queued, 1 failed, "),
                out);
        assertTrue(out.contains("\r\033[KWARN [Worker-2 failed at url='http://h/x': reset]\n"), out);
        for (String line : out.split("\n")) {
            String shown = line.substring(line.lastIndexOf("\r\033[K") + 1); // what is left on screen
            assertTrue(!(shown.contains("pages/s") && shown.contains("[Worker")), "glued: " + line);
        }
        assertTrue(out.matches("(?s).*\r\033\\[K42 pages fetched, 1 failed, \\d+\\.\\ds\n"), "summary last: " + out);
    }

    @Test
    void whileALinkCheckRunsTheLineSaysHowManyLinksAreCheckedOfHowMany() throws Exception {
        Terminal terminal = new Terminal(new StringWriter());
        java.util.concurrent.atomic.AtomicLong toCheck = new java.util.concurrent.atomic.AtomicLong();
        Progress progress = Progress.start(terminal, new Progress.Figures(() -> 42, () -> 0, () -> 1, () -> 17,
                toCheck::get));
        try {
            assertTrue(terminal.drawn.await(5, TimeUnit.SECONDS), "the line was not drawn");
            toCheck.set(250); // the check starts once the crawl is over
            System.err.println("INFO [a line that draws the status again]");
        } finally {
            progress.close();
        }
        String out = terminal.text.toString();
        assertTrue(out.contains("42 fetched, 0 queued, 1 failed, "), "before the check: the crawl's line: " + out);
        assertTrue(out.contains("\n42 fetched, 1 failed, checked 17 of 250 links, "), out);
        assertTrue(out.matches("(?s).*\r\033\\[K42 pages fetched, 1 failed, 17 links checked, \\d+\\.\\ds\n"),
                "summary last: " + out);
    }

    @Test
    void aCrawlThatMovesToAnotherJvmLeavesTheSummaryToIt() throws Exception {
        PrintStream before = System.err;
        Terminal terminal = new Terminal(new StringWriter());
        Progress progress = Progress.start(terminal, new Progress.Figures(() -> 42, () -> 7, () -> 1));
        try {
            assertTrue(terminal.drawn.await(5, TimeUnit.SECONDS), "the line was not drawn");
            progress.handOn();
        } finally {
            progress.close();
        }
        assertEquals(before, System.err, "stderr is given back");
        String out = terminal.text.toString();
        assertTrue(out.endsWith("\r\033[K"), "the line cleared last: " + out);
        assertTrue(!out.contains("pages fetched"), "no summary: " + out);
    }
}

package dev.qcrawl.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void drawsOneStatusLineInPlaceAndClearsItWhenClosed() throws Exception {
        StringWriter text = new StringWriter();
        CountDownLatch drawn = new CountDownLatch(2);
        PrintWriter err = new PrintWriter(text) {
            @Override
            public void flush() {
                super.flush();
                drawn.countDown();
            }
        };
        Progress progress = Progress.start(err, new Progress.Figures(() -> 42, () -> 7, () -> 1));
        assertTrue(drawn.await(5, TimeUnit.SECONDS), "the line was not drawn");
        progress.close();
        String out = text.toString();
        assertTrue(out.contains("\r\033[K42 fetched, 7 queued, 1 failed, "), out);
        assertTrue(out.endsWith("\r\033[K"), "closing clears the line: " + out);
        assertTrue(!out.contains("\n"), "never more than one line: " + out);
    }
}

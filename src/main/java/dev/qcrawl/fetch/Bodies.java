package dev.qcrawl.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reading response bodies within bounds: up to a size cap, or skipping them cheaply. */
final class Bodies {
    /** A short unwanted body is drained so the connection can be reused; a longer one is dropped with it. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private Bodies() {
    }

    /** What was read, and whether more was left when the cap was reached. */
    record Bounded(byte[] bytes, boolean truncated) {
    }

    static Bounded read(InputStream in, long maxBody) throws IOException {
        int cap = (int) Math.min(maxBody, Integer.MAX_VALUE - 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 16 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        while (total < cap) {
            int n = in.read(buffer, 0, Math.min(buffer.length, cap - total));
            if (n < 0) {
                return new Bounded(out.toByteArray(), false);
            }
            out.write(buffer, 0, n);
            total += n;
        }
        // At the cap: the body is truncated only if there is more to come.
        boolean more = in.read() >= 0;
        return new Bounded(out.toByteArray(), more);
    }

    /** Skips an unwanted body of {@code contentLength} bytes (-1 if unknown). */
    static void discard(InputStream raw, long contentLength) throws IOException {
        if (contentLength >= 0 && contentLength <= DRAIN_LIMIT) {
            raw.skip(contentLength);
        }
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only to unblock a reader stuck past its deadline
        }
    }
}

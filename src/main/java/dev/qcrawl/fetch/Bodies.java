package dev.qcrawl.fetch;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Response bodies within bounds, collected as they arrive on the client's own thread (no stream hand-off per chunk):
 * up to a size cap, within the request's deadline, and unwanted ones skipped cheaply.
 */
final class Bodies {
    /** A short unwanted body is drained so the connection can be reused; a longer one is dropped with it. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private Bodies() {
    }

    /** What was read, and whether more was left when the cap was reached. */
    record Bounded(byte[] bytes, boolean truncated) {
    }

    /**
     * The body handler of one exchange. The body is wanted for a 2xx response whose content type {@code wantBody}
     * accepts: up to {@code maxBody} bytes are kept. Any other body is drained when it is known to be short,
     * else the connection is dropped. A wanted body must be complete {@code remaining} nanoseconds after the head
     * arrived, or the exchange fails with an {@link HttpTimeoutException}; a drained one that is not is dropped
     * then, with its connection, and the response stands.
     */
    static final class Handler implements HttpResponse.BodyHandler<byte[]> {
        private final Predicate<String> wantBody;
        private final long maxBody;
        private final LongSupplier remaining;
        private final ScheduledExecutorService deadlines;
        private final Runnable onHead;
        private volatile Collector collector;

        /** {@code onHead} runs when the response head arrives, on the client's thread: it must be quick. */
        Handler(Predicate<String> wantBody, long maxBody, LongSupplier remaining, ScheduledExecutorService deadlines,
                Runnable onHead) {
            this.wantBody = wantBody;
            this.maxBody = maxBody;
            this.remaining = remaining;
            this.deadlines = deadlines;
            this.onHead = onHead;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            onHead.run();
            int status = info.statusCode();
            boolean wanted = status >= 200 && status < 300
                    && wantBody.test(info.headers().firstValue("Content-Type").orElse(null));
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            Collector c = wanted
                    ? new Collector((int) Math.min(maxBody, Integer.MAX_VALUE - 16), length, true)
                    : new Collector(length >= 0 && length <= DRAIN_LIMIT ? (int) length : 0, length, false);
            c.guard = deadlines.schedule(c::expire, Math.max(remaining.getAsLong(), 1), TimeUnit.NANOSECONDS);
            collector = c;
            return c;
        }

        /** Whether a response head arrived (the failure, if any, came while its body was read). */
        boolean answered() {
            return collector != null;
        }

        /** Whether the body did not come within the deadline. */
        boolean timedOut() {
            Collector c = collector;
            return c != null && c.expired;
        }

        /** Whether the body went on past the cap (what was read is kept). */
        boolean truncated() {
            Collector c = collector;
            return c != null && c.truncated;
        }

        /** Ends the deadline of the body, read or not. */
        void close() {
            Collector c = collector;
            if (c != null && c.guard != null) {
                c.guard.cancel(false);
            }
        }
    }

    /** Gathers up to {@code cap} bytes; more than that ends the exchange (and drops the connection). */
    private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int cap;
        private final boolean keep;
        private byte[] bytes;
        private int size;
        private volatile Flow.Subscription subscription;
        volatile boolean truncated;
        volatile boolean expired;
        volatile ScheduledFuture<?> guard;

        Collector(int cap, long length, boolean keep) {
            this.cap = cap;
            this.keep = keep;
            this.bytes = new byte[keep ? (int) Math.min(cap, length >= 0 ? length : 16 * 1024) : 0];
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel(); // expired before the first byte
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = item.remaining();
                if (n > cap - size) {
                    add(item, cap - size);
                    truncated = true;
                    subscription.cancel();
                    finish();
                    return;
                }
                add(item, n);
            }
        }

        private void add(ByteBuffer item, int n) {
            if (!keep) {
                size += n;
                return;
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(size + n, 2L * bytes.length)));
            }
            item.get(bytes, size, n);
            size += n;
        }

        private void finish() {
            result.complete(!keep ? null : size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            finish();
        }

        void expire() {
            if (!result.isDone() && !keep) {
                // A body not wanted, drained only so that the connection could be reused: the response stands (its
                // status, its Location), and the connection goes with the cancelled body.
                result.complete(null); // first: the exchange ends with this body, before the cancel is seen
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                return;
            }
            if (!result.isDone()) {
                expired = true;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                result.completeExceptionally(new HttpTimeoutException("body not complete in time"));
            }
        }
    }

    /**
     * The body undone from its {@code Content-Encoding}, within {@code maxBody} bytes. {@code cut}: the encoded bytes
     * are only the start of the body, so an early end of the encoded stream is the cut, not a fault.
     */
    static Bounded decode(byte[] encoded, String contentEncoding, long maxBody, boolean cut) throws IOException {
        if (encoded.length == 0) {
            return new Bounded(encoded, cut); // nothing to undo (an empty body with a coding, as browsers take it)
        }
        InputStream source = new ByteArrayInputStream(encoded);
        InputStream in = Encodings.decode(source, contentEncoding);
        if (in == source) {
            return new Bounded(encoded, cut); // identity, or an encoding not known: the bytes as they came
        }
        try (in) {
            int cap = (int) Math.min(maxBody, Integer.MAX_VALUE - 16);
            byte[] out = new byte[Math.min(cap, Math.max(encoded.length * 4, 1024))];
            int total = 0;
            while (true) {
                if (total == out.length) {
                    if (total == cap) {
                        return new Bounded(out, cut || in.read() >= 0); // at the cap: cut if more is to come
                    }
                    out = Arrays.copyOf(out, (int) Math.min(cap, 2L * out.length));
                }
                int n;
                try {
                    n = in.read(out, total, out.length - total);
                } catch (EOFException e) {
                    if (!cut) {
                        throw e;
                    }
                    n = -1;
                }
                if (n < 0) {
                    return new Bounded(Arrays.copyOf(out, total), cut);
                }
                total += n;
            }
        }
    }
}

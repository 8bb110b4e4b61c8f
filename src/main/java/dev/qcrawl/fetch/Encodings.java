package dev.qcrawl.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Undoes a {@code Content-Encoding}: gzip, deflate (zlib-wrapped or raw, as servers disagree) or identity. */
final class Encodings {
    private Encodings() {
    }

    static InputStream decode(InputStream in, String contentEncoding) throws IOException {
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(in, 16 * 1024);
            case "deflate" -> inflate(in);
            default -> in;
        };
    }

    private static InputStream inflate(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 16 * 1024);
        buffered.mark(2);
        int cmf = buffered.read();
        int flg = buffered.read();
        buffered.reset();
        // A zlib header is CMF=0x?8 with (CMF*256 + FLG) divisible by 31; anything else is raw deflate.
        boolean zlib = cmf >= 0 && flg >= 0 && (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        return new InflaterInputStream(buffered, inflater, 16 * 1024) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end(); // a supplied inflater is not ended by the stream; free its native memory now
                }
            }
        };
    }
}

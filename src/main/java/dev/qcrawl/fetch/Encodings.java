package dev.qcrawl.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a {@code Content-Encoding}: gzip, deflate (zlib-wrapped or raw, as servers disagree) or identity, each
 * coding of a list (or of several header lines, joined with commas) undone from the last, as RFC 9110 lists them in
 * the order applied. A coding qcrawl did not ask for (it sends {@code Accept-Encoding: gzip, deflate}), such as
 * {@code br}, cannot be undone: an {@link IOException}, so that the page is {@code bad-encoding}, not parsed as text.
 */
final class Encodings {
    private Encodings() {
    }

    static InputStream decode(InputStream in, String contentEncoding) throws IOException {
        String[] codings = contentEncoding.split(",");
        InputStream out = in;
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = codings[i].trim().toLowerCase(Locale.ROOT);
            out = switch (coding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(out, 16 * 1024);
                case "deflate" -> inflate(out);
                case "", "identity" -> out;
                default -> throw new java.util.zip.ZipException("a content coding qcrawl cannot undo: " + coding);
            };
        }
        return out;
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

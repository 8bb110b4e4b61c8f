package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Undoing a body's encoding within the size cap, once its bytes are all in (or cut at the cap). */
class BodiesTest {
    private static final byte[] PAGE = "<p>line</p>\n".repeat(5_000).getBytes(StandardCharsets.US_ASCII);

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void anUnencodedBodyIsTakenAsItIsAndIsCutOnlyIfItsBytesWere() throws IOException {
        Bodies.Bounded whole = Bodies.decode(PAGE, "", 1 << 20, false);
        assertArrayEquals(PAGE, whole.bytes());
        assertFalse(whole.truncated());
        assertTrue(Bodies.decode(PAGE, "identity", 1 << 20, true).truncated());
    }

    @Test
    void aGzipBodyIsUndoneWhole() throws IOException {
        Bodies.Bounded body = Bodies.decode(gzip(PAGE), "gzip", 1 << 20, false);
        assertArrayEquals(PAGE, body.bytes());
        assertFalse(body.truncated());
    }

    /** Codings listed (or on several header lines, joined) are undone from the last; one not asked for is a fault. */
    @Test
    void codingsAreUndoneFromTheLastAndAnUnknownOneIsAFault() throws IOException {
        assertArrayEquals(PAGE, Bodies.decode(gzip(gzip(PAGE)), "gzip, gzip", 1 << 20, false).bytes());
        assertArrayEquals(PAGE, Bodies.decode(gzip(gzip(PAGE)), "gzip,gzip", 1 << 20, false).bytes());
        assertArrayEquals(PAGE, Bodies.decode(gzip(PAGE), "identity, gzip", 1 << 20, false).bytes());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Bodies.decode(PAGE, "br", 1 << 20, false));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Bodies.decode(gzip(PAGE), "gzip, zstd", 1 << 20, false));
        assertArrayEquals(new byte[0], Bodies.decode(new byte[0], "gzip", 1 << 20, false).bytes(),
                "an empty body has nothing to undo");
    }

    @Test
    void aGzipBodyThatUnpacksPastTheCapIsCutThere() throws IOException {
        Bodies.Bounded body = Bodies.decode(gzip(PAGE), "GZIP", 1000, false);
        assertArrayEquals(Arrays.copyOf(PAGE, 1000), body.bytes());
        assertTrue(body.truncated());
        Bodies.Bounded exact = Bodies.decode(gzip(PAGE), "gzip", PAGE.length, false);
        assertArrayEquals(PAGE, exact.bytes());
        assertFalse(exact.truncated(), "exactly the cap is not more than the cap");
    }

    @Test
    void theStartOfAGzipBodyCutAtTheCapGivesWhatItHolds() throws IOException {
        byte[] packed = gzip(PAGE);
        byte[] start = Arrays.copyOf(packed, packed.length / 2);
        Bodies.Bounded body = Bodies.decode(start, "gzip", 1 << 20, true);
        assertTrue(body.truncated());
        assertTrue(body.bytes().length > 0 && body.bytes().length < PAGE.length, "" + body.bytes().length);
        assertArrayEquals(Arrays.copyOf(PAGE, body.bytes().length), body.bytes());
        // The same bytes as a whole body are a body that ends too early: a fault of its encoding.
        assertThrows(IOException.class, () -> Bodies.decode(start, "gzip", 1 << 20, false));
    }

    @Test
    void aBodyNotInTheEncodingItClaimsIsAnError() {
        assertThrows(IOException.class, () -> Bodies.decode(PAGE, "gzip", 1 << 20, false));
    }
}

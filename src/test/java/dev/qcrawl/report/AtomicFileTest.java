package dev.qcrawl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files: replaced whole when they are regular files, written through when they are not. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheUsualPermissionsNotATemporaryFilesOwnerOnlyOnes() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference")); // what the umask gives any new file
        Path out = dir.resolve("out.txt");
        AtomicFile.write(out, w -> w.write("counts\n"));
        assertEquals("counts\n", Files.readString(out));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out));
        assertEquals(List.of(out, reference), entries(), "no temporary file left behind");
    }

    @Test
    void anExistingFileIsReplacedWholeAndKeepsItsPermissions() throws IOException {
        Path out = Files.writeString(dir.resolve("out.txt"), "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(out, w -> w.write("new\n"));
        assertEquals("new\n", Files.readString(out));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(out));
    }

    @Test
    void aFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path out = Files.writeString(dir.resolve("out.txt"), "old\n");
        assertThrows(IOException.class, () -> AtomicFile.write(out, w -> {
            w.write("half");
            throw new IOException("disk full");
        }));
        assertEquals("old\n", Files.readString(out));
        assertEquals(List.of(out), entries());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = Files.writeString(dir.resolve("real.txt"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        AtomicFile.write(link, w -> w.write("new\n"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new\n", Files.readString(real, StandardCharsets.UTF_8));
    }

    @Test
    void aPipeIsWrittenThroughNeverReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        AtomicFile.write(fifo, w -> w.write("through\n"));
        assertEquals("through\n", reader.get(30, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "the pipe must still be a pipe");
        assertEquals(List.of(fifo), entries());
    }

    @Test
    void devicesAndLinksAreNotReplaced() {
        assertFalse(AtomicFile.replaces(Path.of("/dev/null")));
        assertFalse(AtomicFile.replaces(Path.of("/dev/stdout")));
        assertTrue(AtomicFile.replaces(dir.resolve("new.txt")));
    }
}

package dev.qcrawl.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file. A regular file (or a new one) is written all at once: into a temporary file beside it,
 * then renamed over it, so no reader ever sees half of it and an interrupted run leaves the old file whole. Its
 * permissions are those of the file it replaces, or for a new file the usual ones (the umask's), never the
 * owner-only mode of a temporary file. Anything else (a device such as {@code /dev/null}, a pipe, a symbolic link
 * such as {@code /dev/stdout}) is written through as it is, never replaced.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What fills the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Whether {@code target} is written by a rename: it is a regular file, not a link, or it does not exist. */
    public static boolean replaces(Path target) {
        return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    }

    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!replaces(absolute)) {
            try (Writer out = Files.newBufferedWriter(absolute, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            return;
        }
        Path temp = createBeside(absolute);
        try {
            copyPermissions(absolute, temp);
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file next to {@code target}, created with the default permissions (the umask applies). */
    private static Path createBeside(Path target) throws IOException {
        for (;;) {
            Path temp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (source != null && Files.exists(from)) {
            Files.setPosixFilePermissions(to, source.readAttributes().permissions());
        }
    }
}

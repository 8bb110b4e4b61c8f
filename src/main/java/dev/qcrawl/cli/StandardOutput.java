package dev.qcrawl.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Standard output that remembers why a write failed: {@link PrintStream} and {@link PrintWriter} keep only that one
 * did. The counts written to a full disk, a closed pipe or a device that refuses them are then reported (exit
 * {@link ExitCodes#OUTPUT_FAILED}, or {@link ExitCodes#BROKEN_PIPE} quietly for a reader that went away, such as
 * {@code | head}) instead of an exit 0 with nothing written.
 */
final class StandardOutput extends OutputStream {
    private static volatile IOException failure;

    private final OutputStream out;

    private StandardOutput(OutputStream out) {
        this.out = out;
    }

    /** Makes {@link System#out} one that remembers its failure; done once, by the JVM that writes the counts. */
    static void install() {
        System.setOut(new PrintStream(new BufferedOutputStream(
                new StandardOutput(new FileOutputStream(FileDescriptor.out)), 8192), true, System.out.charset()));
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static IOException failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Flushes {@code out} (the counts written to standard output) and throws if it, or what is under it, failed. */
    static void check(PrintWriter out) throws OutputFailed {
        boolean failed = out.checkError() | System.out.checkError();
        if (failed) {
            IOException why = failure;
            throw new OutputFailed("cannot write the output: " + (why == null ? "write error" : reason(why)),
                    why != null && isBrokenPipe(why));
        }
    }

    /** Why a write failed, in words (a file system's exception often carries only a path). */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or folder";
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    /** The counts could not be written where they were to go. */
    static final class OutputFailed extends IOException {
        private final boolean brokenPipe;

        OutputFailed(String message, boolean brokenPipe) {
            super(message);
            this.brokenPipe = brokenPipe;
        }

        /** Whether the reader of standard output went away (a pipe closed by {@code head}, say). */
        boolean brokenPipe() {
            return brokenPipe;
        }
    }
}

package dev.qcrawl.cli;

import dev.qcrawl.crawl.Snapshot;
import dev.qcrawl.handoff.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A crawl that grows long moves to a JVM with the C2 compiler. The launchers start a crawl with C1 alone, which
 * suits the crawls of a few seconds most are (C2's compilations would cost them as much CPU as the crawl), but
 * runs jsoup and the HTTP client at about half the speed C2 gives them; and a JVM cannot take up C2 once started.
 * So once a crawl started with C1 alone has fetched {@link #pages()} pages, it pauses (no new job; the jobs in
 * hand are finished), writes its state to a file ({@link StateFile}), and a JVM like its own but with both compilers
 * reads the file, deletes it and goes on: the output and the exit code are that JVM's. Under {@code java -jar} and
 * {@code bin/qcrawl} the launcher (the launcher JVM, or the script), which waits anyway, starts that JVM
 * ({@link #TO}: this one exits with {@link ExitCodes#MOVED}); in a crawl JVM started by hand this one starts it
 * ({@link #start}), then only waits and passes it every stop signal. Should that JVM not start,
 * or end before it took the file over, the crawl goes on in a JVM like the first, from the file.
 *
 * <p>Only a crawl in one process (not {@code --frontier}), that checks no links, serves no folder
 * ({@code --serve}: its server is in this JVM) and has no {@code --max-pages} (a budget says how long the crawl
 * is: one of 100,000 pages or more gets C2 from the start, see {@link Relaunch#LONG_CRAWL_PAGES}), started by
 * {@code java -jar} with {@code -XX:TieredStopAtLevel=1} as the launchers start it.
 */
final class Handoff {
    /** The state file a JVM goes on from (set by the JVM that hands the crawl over). */
    static final String RESUME = "qcrawl.resume";
    /**
     * Set by {@link Relaunch} and {@code bin/qcrawl} on the crawl JVM they start with C1 alone: the file a crawl
     * that moves writes its state to before it exits with {@link ExitCodes#MOVED}; the launcher then starts the JVM
     * that goes on.
     */
    static final String TO = "qcrawl.handoffTo";
    /** The pages after which a crawl moves; 0 keeps every crawl in its JVM. */
    static final String PAGES = "qcrawl.handoffPages";
    /**
     * The move costs about 5 CPU seconds (a JVM's start, C2's compilations, reading the state), about what C1
     * spends on this many pages; C2 then spends about half of C1's CPU per page (docs/BENCHMARKS.md). Moving once
     * C1 has spent what the move costs keeps every crawl within about twice the cost of the better compiler for it.
     */
    static final long DEFAULT_PAGES = 50_000;
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    /**
     * The share of the heap the crawl's state may hold for it to move: the next JVM, with the same heap, builds the
     * state again from the file (its tables grow by doubling) and must still have room to crawl; a crawl nearer its
     * heap's end stays, and stops cleanly when memory runs out (exit 5).
     */
    static final double MOST_HEAP_TO_MOVE = 0.5;

    private Handoff() {
    }

    /** The pages after which this crawl moves, or 0 if it stays. */
    static long pages() {
        try {
            long pages = Long.getLong(PAGES, DEFAULT_PAGES);
            return pages > 0 ? pages : 0;
        } catch (SecurityException e) {
            return 0;
        }
    }

    /** Whether the crawl's state leaves room to move it: see {@link #MOST_HEAP_TO_MOVE}. */
    static boolean roomToMove() {
        return dev.qcrawl.heap.HeapWatch.liveShare() <= MOST_HEAP_TO_MOVE;
    }

    /** The file a launcher waits to find this crawl's state in, if it moves ({@link #TO}). */
    static Optional<Path> launcherFile() {
        String file = System.getProperty(TO);
        return file == null || file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
    }

    /**
     * Writes {@code snapshot} to {@code file}, made here, readable by this user alone (never a file that is there
     * already: the launcher's name is predictable); false (nothing left) if it cannot be written.
     */
    static boolean write(Snapshot snapshot, Path file) {
        try {
            try {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system
            }
            StateFile.write(snapshot, file);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false; // not ours: left alone
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
            return false;
        }
    }

    /** The state file this JVM goes on from, if it was started to take a crawl over. */
    static Optional<Path> resumeFile() {
        String file = System.getProperty(RESUME);
        return file == null || file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
    }

    /**
     * The command of the JVM that goes on from {@code state}: this one's ({@code vmArguments}, as the OS gives
     * them: options, {@code -jar}, the jar, {@code args}) with both compilers; empty if this JVM does not run C1
     * alone or was not started with {@code -jar} and these arguments.
     */
    static Optional<List<String>> command(String[] args, String[] vmArguments, Path state) {
        if (vmArguments == null) {
            return Optional.empty();
        }
        int jarAt = Arrays.asList(vmArguments).indexOf("-jar");
        if (jarAt < 0 || vmArguments.length != jarAt + 2 + args.length
                || !Arrays.asList(vmArguments).subList(jarAt + 2, vmArguments.length).equals(Arrays.asList(args))) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>(Arrays.asList(vmArguments).subList(0, jarAt));
        if (!options.remove(C1_ONLY)) {
            return Optional.empty();
        }
        // Nor the AOT cache: trained with C1 alone, it would keep C2 off the methods it names (Relaunch.tuning).
        options.removeIf(o -> o.startsWith("-D" + RESUME + "=") || o.startsWith("-D" + TO + "=")
                || o.startsWith("-D" + Relaunch.CHILD + "=") || o.startsWith("-XX:AOTCache="));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        command.addAll(Relaunch.C2_OPTIONS);
        command.add("-D" + Relaunch.CHILD + "=true"); // stop signals also come from here, on its standard input
        command.add("-D" + RESUME + "=" + state.toAbsolutePath());
        command.add("-jar");
        command.add(vmArguments[jarAt + 1]);
        command.addAll(Relaunch.forChild(args, ProcessHandle.current().pid())); // it inherits the standard streams only
        return Optional.of(command);
    }

    /** Whether this JVM could hand its crawl over at all: started as the launchers start it. */
    static boolean possible(String[] args) {
        return command(args, ProcessHandle.current().info().arguments().orElse(null), Path.of("x")).isPresent();
    }

    /** A crawl handed to another JVM: wait for it with {@link #await}. */
    record Moved(Process successor, Path state) {
        /**
         * Waits for the JVM the crawl moved to. Returns its exit code, or empty if it ended without taking the
         * crawl over (its state file is still there): then the crawl goes on in this JVM, from {@link #state}.
         */
        Optional<Integer> await() {
            int code = Relaunch.await(successor);
            return Files.exists(state) ? Optional.empty() : Optional.of(code);
        }
    }

    /**
     * Writes {@code snapshot} to a temporary file and starts the JVM that goes on from it; empty (nothing left
     * behind) if either cannot be done, and the crawl goes on in this JVM.
     */
    static Optional<Moved> start(Snapshot snapshot, String[] args) {
        Path state = null;
        try {
            state = Files.createTempFile(Relaunch.statePrefix(), ".bin"); // swept if left (Relaunch)
            Optional<List<String>> command = command(args,
                    ProcessHandle.current().info().arguments().orElse(null), state);
            if (command.isEmpty()) {
                Files.deleteIfExists(state);
                return Optional.empty();
            }
            StateFile.write(snapshot, state);
            Process successor = Relaunch.start(command.get());
            if (successor == null) {
                Files.deleteIfExists(state);
                return Optional.empty();
            }
            return Optional.of(new Moved(successor, state));
        } catch (IOException | SecurityException e) {
            if (state != null) {
                try {
                    Files.deleteIfExists(state);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
            return Optional.empty();
        }
    }
}

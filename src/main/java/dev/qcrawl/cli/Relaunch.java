package dev.qcrawl.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code java -jar qcrawl.jar ARGS} runs the crawl in a second JVM started with the options {@code bin/qcrawl}
 * gives: the C1 compiler only, the serial collector and the AOT cache next to the jar. A JVM cannot change
 * its own compiler once started, and on crawls of a few seconds the full tiered compiler costs about as much
 * CPU as the crawl itself; a crawl allowed {@link #LONG_CRAWL_PAGES} pages or more by {@code --max-pages} gets it. This JVM (the launcher) only waits, and exits with the crawl's exit code.
 *
 * <p>{@code bin/qcrawl} on JDK 25+ is a launcher of the same kind, written in bash: the same options, properties and
 * stop bytes (keep the two alike).
 *
 * <p>Signals: a terminal's Ctrl-C, {@code timeout} and service managers signal a whole process group, so the
 * crawl may get a signal both directly and through the launcher. The launcher therefore passes each SIGINT and
 * SIGTERM it gets to the crawl as one byte on the crawl's standard input ({@link Interrupts.StopSignal#code}), and
 * the crawl counts the two routes apart: the n-th stop is the n-th on either route, so one Ctrl-C is one stop.
 * When the launcher dies (even by SIGKILL) the crawl's standard input ends, and the crawl stops as on SIGTERM,
 * printing what it has.
 *
 * <p>Not relaunched: {@code -Dqcrawl.relaunch=false}; a JDK before 25; a JVM not started with {@code -jar}; JVM
 * options other than {@code -D}, {@code -Xms}, {@code -Xmx}, {@code -Xss} and {@code -ea}/{@code -da} (a
 * {@code -XX} option, an agent or a debugger means the JVM is being tuned or inspected: the crawl runs in it as
 * started), or {@code JDK_JAVA_OPTIONS}/{@code JAVA_TOOL_OPTIONS} set; {@code --help} and {@code --version}.
 */
public final class Relaunch {
    /** {@code -Dqcrawl.relaunch=false} keeps the crawl in the JVM it was started in. */
    static final String PROPERTY = "qcrawl.relaunch";
    /** Set on the crawl's JVM: it was relaunched, and stop requests also arrive on its standard input. */
    static final String CHILD = "qcrawl.relaunched";

    /** JDK 25 is the first with {@code -XX:UserThreadWaitAttemptsAtExit} and the AOT cache bin/qcrawl makes. */
    private static final int MIN_FEATURE = 25;
    private static final Set<String> QUICK = Set.of("-h", "--help", "-V", "--version");

    private Relaunch() {
    }

    /**
     * Runs the crawl in a tuned JVM when this one was started as {@code java -jar} and may be; returns its exit
     * code, or empty when the crawl is to run in this JVM.
     */
    public static OptionalInt run(String[] args) {
        String[] vmArguments = ProcessHandle.current().info().arguments().orElse(null);
        boolean fromEnvironment = System.getenv("JDK_JAVA_OPTIONS") != null
                || System.getenv("JAVA_TOOL_OPTIONS") != null;
        // Where a crawl started with C1 alone leaves its state if it grows long enough to move (Handoff): a name
        // of this process's, made by the crawl JVM only if it moves.
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path state = temp.resolve(statePrefix() + System.nanoTime() + ".bin");
        Optional<List<String>> command = command(args, vmArguments, fromEnvironment, Optional.of(state), false);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        removeStateOfGoneLaunchers(temp, Instant.now());
        Process crawl = start(command.get());
        if (crawl == null) {
            return OptionalInt.empty(); // cannot start a JVM here: crawl in this one
        }
        StopForwarder stops = new StopForwarder(crawl.getOutputStream());
        stops.install();
        // A stop that came before (the early handlers kept it) goes to the crawl first.
        Interrupts.Installed early = Interrupts.takeEarly();
        Interrupts.StopSignal caught = early == null ? null : early.requests().last();
        if (caught != null) {
            stops.send(caught);
        }
        try {
            int code = await(crawl);
            if (code != ExitCodes.MOVED || !Files.exists(state)) {
                return OptionalInt.of(code);
            }
            // The crawl grew long and moved: a JVM with both compilers goes on from its state, or, should that one
            // not take it over (the file still there), one like the first.
            for (boolean c2 : new boolean[] {true, false}) {
                Process next = start(command(args, vmArguments, fromEnvironment, Optional.empty(), c2).map(c -> {
                    List<String> resume = new ArrayList<>(c);
                    resume.add(resume.indexOf("-jar"), "-D" + Handoff.RESUME + "=" + state);
                    return resume;
                }).orElseThrow());
                if (next == null) {
                    continue;
                }
                stops.switchTo(next.getOutputStream());
                code = await(next);
                if (!Files.exists(state)) {
                    return OptionalInt.of(code);
                }
            }
            System.err.println("qcrawl: the crawl could not go on from " + state);
            return OptionalInt.of(ExitCodes.INTERNAL);
        } finally {
            try {
                Files.deleteIfExists(state);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }

    /**
     * The arguments as the crawl's JVM takes them: an output file named by one of this process's descriptors
     * ({@code -o /dev/fd/5}, {@code -o >(gzip > c.gz)}) is named through this process ({@code /proc/PID/fd/5}),
     * since the child inherits only the standard three.
     */
    static List<String> forChild(String[] args, long pid) {
        List<String> out = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-o") || a.equals(OptionNames.OUTPUT)) && i + 1 < args.length) {
                out.add(a);
                out.add(ownDescriptor(args[++i], pid));
            } else if (a.startsWith(OptionNames.OUTPUT + "=")) {
                out.add(OptionNames.OUTPUT + "=" + ownDescriptor(a.substring(OptionNames.OUTPUT.length() + 1), pid));
            } else if (a.startsWith("-o=")) {
                out.add("-o=" + ownDescriptor(a.substring(3), pid));
            } else if (a.startsWith("-o") && a.length() > 2 && a.charAt(2) == '/') {
                out.add("-o" + ownDescriptor(a.substring(2), pid)); // picocli's attached form, -o/dev/fd/5
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern DESCRIPTOR =
            java.util.regex.Pattern.compile("/(?:dev/fd|proc/self/fd)/([0-9]{1,9})");

    private static String ownDescriptor(String path, long pid) {
        java.util.regex.Matcher m = DESCRIPTOR.matcher(path);
        if (!m.matches() || Integer.parseInt(m.group(1)) <= 2 || !Files.isDirectory(Path.of("/proc", "self", "fd"))) {
            return path; // standard streams are inherited; other systems have no /proc
        }
        return "/proc/" + pid + "/fd/" + m.group(1);
    }

    /** The start of a state file's name: then the pid of the process that named it, a dash, and more. */
    static final String STATE_PREFIX = "qcrawl-state-";

    /** A state file's name starts so in the process that names it (a launcher, or a crawl JVM that moves by itself). */
    static String statePrefix() {
        return STATE_PREFIX + ProcessHandle.current().pid() + "-";
    }

    /**
     * A state file is swept only when it is older than this: the JVM going on from a file takes it over within
     * seconds of its writing, also when the process that named it is gone by then.
     */
    static final Duration SWEEP_AFTER = Duration.ofMinutes(1);

    /**
     * Removes the state files named by processes that are gone (a launcher killed with kill -9 while its crawl
     * moved could not), once older than {@link #SWEEP_AFTER} at {@code now}. Whatever went on from such a file
     * took it over (and deleted it) long before.
     */
    static void removeStateOfGoneLaunchers(Path temp, Instant now) {
        try (var files = Files.newDirectoryStream(temp, STATE_PREFIX + "*-*.bin")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String pid = name.substring(STATE_PREFIX.length(), name.indexOf('-', STATE_PREFIX.length()));
                if (pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()
                        && plainFileBefore(file, now.minus(SWEEP_AFTER))) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // another user's: not ours to clean
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a temporary folder that cannot be listed: nothing to clean here
        }
    }

    /** Whether {@code file} is a plain file (not a link) last modified before {@code time}; false if unreadable. */
    private static boolean plainFileBefore(Path file, Instant time) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(time);
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts a crawl JVM: its standard input a pipe from this one, its output and errors this one's; null if it cannot. */
    static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Waits for the crawl JVM to end (an interrupt of this thread is kept for later): its exit code. */
    static int await(Process crawl) {
        boolean interrupted = false;
        while (true) {
            try {
                int code = crawl.waitFor();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return code;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /**
     * The crawl JVM's command line, or empty when the crawl is to run in this JVM. {@code vmArguments} are this
     * JVM's arguments as the OS gives them (options, {@code -jar}, the jar, then {@code args}); null if unknown.
     */
    static Optional<List<String>> command(String[] args, String[] vmArguments, boolean optionsFromEnvironment) {
        return command(args, vmArguments, optionsFromEnvironment, Optional.empty(), false);
    }

    /**
     * The same; {@code handoffTo}: where a crawl started with C1 alone writes its state if it moves (none: it stays
     * in its JVM); {@code c2}: both compilers whatever the arguments, and no move (the JVM a crawl moves to).
     */
    static Optional<List<String>> command(String[] args, String[] vmArguments, boolean optionsFromEnvironment,
            Optional<Path> handoffTo, boolean c2) {
        if (Runtime.version().feature() < MIN_FEATURE || "false".equalsIgnoreCase(System.getProperty(PROPERTY))
                || Boolean.getBoolean(CHILD) || optionsFromEnvironment || vmArguments == null
                || Arrays.stream(args).anyMatch(QUICK::contains)) {
            return Optional.empty();
        }
        int jarAt = Arrays.asList(vmArguments).indexOf("-jar");
        if (jarAt < 0 || vmArguments.length != jarAt + 2 + args.length) {
            return Optional.empty();
        }
        List<String> options = Arrays.asList(vmArguments).subList(0, jarAt);
        if (!options.stream().allMatch(Relaunch::portable)) {
            return Optional.empty();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            return Optional.empty();
        }
        String jar = vmArguments[jarAt + 1];
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        boolean both = c2 || longCrawl(args);
        command.addAll(tuning(Path.of(jar).toAbsolutePath().getParent(), both));
        command.add("-D" + CHILD + "=true");
        if (!both && handoffTo.isPresent()) {
            command.add("-D" + Handoff.TO + "=" + handoffTo.get());
        }
        command.addAll(options);
        command.add("-jar");
        command.add(jar);
        command.addAll(forChild(args, ProcessHandle.current().pid()));
        return Optional.of(command);
    }

    /**
     * A crawl told it may fetch at least this many pages ({@code --max-pages}) gets the full tiered compiler
     * (C1 and C2) instead of C1 alone. C2's compilations cost a few CPU seconds, which crawls of 30,000 and 60,000
     * small pages did not earn back; at 100,000 pages C2's code had cost 14-27% less CPU than C1's (docs/BENCHMARKS.md, "CPU per page on the large crawl"). {@code bin/qcrawl} uses the same bound.
     */
    static final long LONG_CRAWL_PAGES = 100_000;

    /**
     * What a JVM with C2 gets (one that {@link #longCrawl} starts, and the one a growing crawl moves to): C2 inlines
     * less into large methods, which halves its compilations (the HTTP client's {@code CompletableFuture} chains are
     * the largest) at no cost per page once warm: a million pages took 4.5-11.5% less CPU in 3 pairs of 4 (3.5-4.3%
     * with the move), 100,000 pages 26% less (docs/BENCHMARKS.md, "2026-12-05"). {@code bin/qcrawl} gives the same.
     */
    static final List<String> C2_OPTIONS = List.of("-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1000");

    /**
     * The options {@code bin/qcrawl} gives, for the jar in {@code jarFolder}: C1 only (unless {@code longCrawl}: then
     * {@link #C2_OPTIONS}),
     * the serial collector, and for C1 alone the AOT cache {@code bin/qcrawl} makes ({@code qcrawl.aot}), when it is
     * there; a cache that does not fit is ignored by the JVM, quietly. And no wait at exit for threads in native
     * code: the thread that reads the launcher's bytes is one, and the JVM would otherwise wait 300 ms for it.
     *
     * <p>A JVM with C2 gets no cache: the cache is trained with C1 alone, and its training data has the JVM compile
     * the methods it saw compiled there, jsoup's hottest among them, at C1's last level, where C2 never takes them
     * over. A million pages cost a fifth more CPU with the cache than without (docs/BENCHMARKS.md, "2026-12-04").
     */
    static List<String> tuning(Path jarFolder, boolean longCrawl) {
        List<String> options = new ArrayList<>();
        if (!longCrawl) {
            options.add("-XX:TieredStopAtLevel=1");
        } else {
            options.addAll(C2_OPTIONS);
        }
        options.addAll(List.of("-XX:+UseSerialGC", "-XX:UserThreadWaitAttemptsAtExit=0"));
        Path cache = jarFolder.resolve("qcrawl.aot");
        if (!longCrawl && Files.isRegularFile(cache)) {
            options.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        return options;
    }

    /**
     * Whether the arguments allow at least {@link #LONG_CRAWL_PAGES} pages by {@code --max-pages N} (or
     * {@code --max-pages=N}; the last one given counts, as for picocli). Without it the crawl's size is unknown and
     * C1 alone is the safe choice: most crawls are short.
     */
    static boolean longCrawl(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OptionNames.MAX_PAGES) && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith(OptionNames.MAX_PAGES + "=")) {
                value = args[i].substring(OptionNames.MAX_PAGES.length() + 1);
            }
        }
        if (value == null) {
            return false;
        }
        try {
            return Long.parseLong(value) >= LONG_CRAWL_PAGES;
        } catch (NumberFormatException e) {
            return false; // picocli reports it
        }
    }

    /** Options that only set properties, heap and stack sizes or assertions: they mean the same in the crawl JVM. */
    private static boolean portable(String option) {
        return option.startsWith("-D") || option.startsWith("-Xms") || option.startsWith("-Xmx")
                || option.startsWith("-Xss") || option.matches("-(ea|da|enableassertions|disableassertions)(:.*)?");
    }

    /**
     * Passes each SIGINT and SIGTERM this JVM gets to the crawl JVM as a byte on its standard input; after
     * {@link #switchTo} to the JVM the crawl moved to, a stop passed on to the first JVM and not acted on there
     * (it had moved) goes to the next one first.
     */
    private static final class StopForwarder {
        private OutputStream crawlInput;
        private Interrupts.StopSignal last;

        StopForwarder(OutputStream crawlInput) {
            this.crawlInput = crawlInput;
        }

        @SuppressWarnings("removal")
        void install() {
            for (Interrupts.StopSignal stop : Interrupts.StopSignal.values()) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(stop.name()), s -> send(stop));
                } catch (IllegalArgumentException | LinkageError | SecurityException e) {
                    // no signal support: the JVM's default (exit) applies, and the crawl stops when its input ends
                }
            }
        }

        synchronized void send(Interrupts.StopSignal stop) {
            last = stop;
            stop.sendTo(crawlInput);
        }

        synchronized void switchTo(OutputStream next) {
            crawlInput = next;
            if (last != null) {
                last.sendTo(next);
            }
        }
    }
}
